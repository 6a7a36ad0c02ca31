"""An action owner attaches an evidence file to a termly update over HTTP and downloads it
back, against the running service in the production configuration. Used by
scripts/production-walkthrough.sh once walkthrough_http.py has seen the service answer.

Usage: walkthrough_evidence.py BASE_URL MANAGER_EMAIL OWNER_EMAIL FILE < PASSWORDS

Standard input holds two lines: the service manager's password, then the temporary
password the manager gives the owner's new account (kept off the command line, where
other users of the machine could read them). FILE is the evidence as it sits on the
owner's computer; it is uploaded under its own name, as a browser would.

What people do, each step through the pages a browser would use:
  1. the manager adds the owner's account (Users, Add a user);
  2. opens the current term for updates (Manage terms);
  3. makes the owner lead owner of the first item on the term's progress page;
  4. the owner signs in, finds the item on My items and saves a draft update with FILE;
  5. the owner downloads the attachment: the same bytes, offered as a download under
     the name it was given;
  6. signed out, the same address gives no file.
Nothing printed names a person or holds a password.
"""

from __future__ import annotations

import html
import re
import secrets
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

from walkthrough_http import Browser, csrf_token, sign_in


def fail(message: str) -> NoReturn:
    sys.exit(message)


def problems(page: str) -> str:
    """The page's error summary, so that a refusal says why."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.DOTALL)
    if not summary:
        return ""
    items = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.DOTALL)
    ]
    return ": " + "; ".join(item for item in items if item)


def redirected(response, page: str, what: str) -> str:
    """The path a form's POST redirected to; fails, saying why, if it did not."""
    if response.status != 302:
        fail(f"{what} was not accepted: {response.status}{problems(page)}")
    return urlsplit(response.headers["Location"]).path


def get_page(browser: Browser, path: str, what: str) -> str:
    response, page = browser.request("GET", path)
    if response.status != 200:
        fail(f"{what} ({path}) did not load: {response.status}")
    return page


def token_of(page: str, what: str, name: str = "csrf_token") -> str:
    token = csrf_token(page, name)
    if not token:
        fail(f"{what} has no {name} field")
    return token


def add_owner_account(manager: Browser, email: str, password: str) -> None:
    page = get_page(manager, "/manage/users/new", "The add-a-user page")
    form = {
        "csrf_token": token_of(page, "The add-a-user page"),
        "name": "Alex Owner",
        "email": email,
        "team": "",
        "role": "owner",
        "password": password,
        "create": "Create account",
    }
    response, page = manager.request("POST", "/manage/users/new", form)
    redirected(response, page, "Adding the action owner's account")


def open_current_term(manager: Browser) -> tuple[str, str]:
    """Opens the term the service takes as current; its slug and label."""
    response, _ = manager.request("GET", "/manage/progress")
    if response.status != 302:
        fail(f"/manage/progress did not lead to the current term: {response.status}")
    slug = urlsplit(response.headers["Location"]).path.rsplit("/", 1)[-1]
    path = f"/manage/terms/{slug}"
    page = get_page(manager, path, "The term's page")
    heading = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', page)
    label = html.unescape(heading.group(1)) if heading else f"term {slug}"
    if 'name="state-target"' not in page or 'value="open"' not in page:
        fail(f"The {label} cannot be opened from its page")
    form = {
        "state-csrf_token": token_of(page, "The term's page", "state-csrf_token"),
        "state-target": "open",
        "state-reason": "",
        "state-change": "Change term state",
    }
    response, page = manager.request("POST", f"{path}/state", form)
    redirected(response, page, f"Opening the {label}")
    if "is now open for updates" not in get_page(manager, path, "The term's page"):
        fail(f"The {label}'s page does not say it is now open for updates")
    return slug, label


def assign_lead_owner(manager: Browser, term_slug: str, owner_email: str) -> str:
    """Makes the owner lead owner of the first item the term lists; the item's slug."""
    page = get_page(manager, f"/manage/progress/{term_slug}", "The term's progress page")
    found = re.search(rf'href="/updates/([^/"]+)/{re.escape(term_slug)}"', page)
    if not found:
        fail("The term's progress page lists no item to update")
    item = found.group(1)
    path = f"/manage/items/{item}/owners"
    page = get_page(manager, path, "The owners page")
    choices = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', page)
    person = next((value for value, label in choices if owner_email in html.unescape(label)), None)
    if person is None:
        fail("The owners page does not offer the new action owner as lead owner")
    form = {"csrf_token": token_of(page, "The owners page"), "lead": person, "save": "Save owners"}
    response, page = manager.request("POST", path, form)
    redirected(response, page, "Saving the item's owners")
    return item


def multipart(fields: dict[str, str], files: list[tuple[str, Path]]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with files chosen."""
    boundary = f"----walkthrough{secrets.token_hex(16)}"
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + value.encode() + b"\r\n")
    for name, path in files:
        # Browsers send the name as UTF-8 and percent-encode quotes and line breaks in it.
        # The part claims no particular type: the service judges the kind from the bytes.
        filename = path.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + path.read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def save_draft_with_file(owner: Browser, item: str, term_slug: str, evidence: Path) -> int:
    """Saves a draft update with the file attached, from My items; the attachment's id."""
    page = get_page(owner, "/my-items", "My items")
    path = f"/updates/{item}/{term_slug}"
    if f'href="{path}"' not in page:
        fail("My items does not link to the owned item's update for the open term")
    page = get_page(owner, path, "The update form")
    if 'enctype="multipart/form-data"' not in page or 'name="attachments"' not in page:
        fail("The update form does not offer to attach files")
    version = re.search(r'name="version"[^>]*value="(\d+)"', page)
    fields = {
        "csrf_token": token_of(page, "The update form"),
        "version": version.group(1) if version else "0",
        "status": "green",
        "progress": "The attendance panel met and agreed the referral pathway.",
        "evidence": "The panel's minutes are attached.",
        "impact": "",
        "next_steps": "",
        "mitigation": "",
        "save": "Save as draft",
    }
    body, content_type = multipart(fields, [("attachments", evidence)])
    response, content = owner.fetch("POST", path, body, content_type)
    page = content.decode("utf-8", "replace")
    if redirected(response, page, "Saving the draft update with its file") != path:
        fail(f"Saving the draft update did not lead back to {path}")
    page = get_page(owner, path, "The saved update")
    if "Draft update for" not in page:
        fail("The update page does not say the draft was saved")
    links = re.findall(r'href="/attachments/(\d+)">([^<]*)</a>', page)
    if len(links) != 1 or html.unescape(links[0][1]) != evidence.name:
        fail(f"The saved update lists {len(links)} attachments, not the one file by its name")
    return int(links[0][0])


def offered_name(disposition: str) -> str | None:
    """The name a browser saves a download under: filename* (RFC 6266) before filename."""
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition, re.IGNORECASE)
    if extended:
        return unquote(extended.group(1), errors="strict")
    plain = re.search(r'filename="([^"]*)"', disposition)
    return plain.group(1) if plain else None


def check_download(owner: Browser, attachment_id: int, evidence: Path) -> None:
    response, content = owner.fetch("GET", f"/attachments/{attachment_id}")
    if response.status != 200:
        fail(f"Downloading the attachment answered {response.status}")
    if content != evidence.read_bytes():
        fail(f"The download is {len(content)} bytes, not the {evidence.stat().st_size} uploaded")
    headers = response.headers
    if headers.get_content_type() != "application/pdf":
        fail(f"The download is served as {headers.get_content_type()}, not application/pdf")
    if headers.get("X-Content-Type-Options") != "nosniff":
        fail("The download lets the browser sniff its type (no X-Content-Type-Options: nosniff)")
    if "no-store" not in headers.get("Cache-Control", ""):
        fail("The download may be kept in caches (no Cache-Control: no-store)")
    disposition = headers.get("Content-Disposition", "")
    # A download, never shown inline, under the name it was given, which names no folder.
    if disposition.split(";", 1)[0].strip().lower() != "attachment":
        fail(f"The download is not offered as an attachment: {disposition!r}")
    if offered_name(disposition) != evidence.name:
        fail(f"The download is not offered under the name it was given: {disposition!r}")
    if "/" in disposition or "\\" in disposition:
        fail(f"The download's Content-Disposition is unsafe: {disposition!r}")
    print(f"Downloaded attachment {attachment_id} back byte for byte ({len(content)} bytes)")
    print(f"Content-Disposition: {disposition}")


def check_signed_out_refused(attachment_id: int, base_url: str) -> None:
    stranger = Browser(base_url)
    response, _ = stranger.fetch("GET", f"/attachments/{attachment_id}")
    if response.status == 200:
        fail("The attachment downloads without signing in")
    location = urlsplit(response.headers.get("Location", "")).path
    if response.status != 302 or location != "/sign-in":
        fail(f"Without signing in, the attachment answered {response.status}, not the sign-in")
    print("Without signing in, the attachment's address leads to the sign-in page")


def main() -> None:
    base_url, manager_email, owner_email, evidence_path = sys.argv[1:5]
    manager_password = sys.stdin.readline().rstrip("\n")
    owner_password = sys.stdin.readline().rstrip("\n")
    evidence = Path(evidence_path)

    manager = Browser(base_url)
    sign_in(manager, manager_email, manager_password)
    add_owner_account(manager, owner_email, owner_password)
    print("The manager added an action owner's account")
    term_slug, term_label = open_current_term(manager)
    print(f"The manager opened the {term_label} for updates")
    item = assign_lead_owner(manager, term_slug, owner_email)
    print(f"The manager made the action owner lead owner of {item}")

    owner = Browser(base_url)
    home = sign_in(owner, owner_email, owner_password)
    if home != "/my-items":
        fail(f"The action owner's home is {home}, not /my-items")
    attachment_id = save_draft_with_file(owner, item, term_slug, evidence)
    print(f"The action owner saved a draft update for {item} with {evidence.name} attached")
    check_download(owner, attachment_id, evidence)
    check_signed_out_refused(attachment_id, base_url)


if __name__ == "__main__":
    main()
