"""The people of the term-deadline rush: owners saving, managers reviewing, board members reading.

Each runs in its own thread with its own browser until the end of the run, pausing
between clicks as people do. Every save an owner's browser saw accepted is written to
the ``SaveLog``, so that afterwards the database can be compared with it.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from load_browser import Browser, Form, UnexpectedAnswer, parse

# The demo accounts' password (`seed --demo`), known to all and for demonstration only.
PASSWORD = "demo"  # noqa: S105 # nosec B105 # the published demo password
# The managers and board members the rush adds, so that each has an account of their own.
RUSH_PASSWORD = "a term deadline rush"  # noqa: S105 # nosec B105 # a made-up bench account's
RUSH_ACCOUNTS = {
    "manager": [f"manager-{n}@example.org" for n in range(2, 6)],
    "board": [f"board-{n}@example.org" for n in range(2, 16)],
}


def password_for(email: str) -> str:
    extra = any(email in emails for emails in RUSH_ACCOUNTS.values())
    return RUSH_PASSWORD if extra else PASSWORD


@dataclass(frozen=True)
class Plan:
    """What every simulated person needs to know about the run."""

    run_id: str
    until: float
    think: tuple[float, float]
    term: str  # the term being collected, as its slug
    closed_term: str  # the last term before it, which the board reports on


@dataclass(frozen=True)
class AcceptedSave:
    path: str  # /updates/<item>/<term>
    version: int  # the version the save made
    progress: str  # the text sent, unique to this save


class SaveLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.saves: list[AcceptedSave] = []

    def add(self, save: AcceptedSave) -> None:
        with self._lock:
            self.saves.append(save)


class Person:
    kind = "person"

    def __init__(self, number: int, browser: Browser, email: str, plan: Plan) -> None:
        self.number = number
        self.browser = browser
        self.email = email
        self.plan = plan
        self.rng = random.Random(f"{plan.run_id}-{number}")  # noqa: S311 # nosec B311 # not security

    def think(self) -> None:
        time.sleep(self.rng.uniform(*self.plan.think))

    def running(self) -> bool:
        return time.monotonic() < self.plan.until

    def run(self) -> None:
        try:
            self.browser.sign_in(self.email, password_for(self.email))
        except (UnexpectedAnswer, StopIteration):
            return
        while self.running():
            self.think()
            if not self.running():
                break
            # A failure is recorded by the browser; carry on as a person would, elsewhere.
            with contextlib.suppress(UnexpectedAnswer):
                self.step()

    def step(self) -> None:
        raise NotImplementedError


def _form_with(page, name: str) -> Form | None:
    return next((form for form in page.forms if name in form.values()), None)


class Owner(Person):
    """Opens one of their items' update forms, changes the progress text and saves it.

    Now and then saves the form they opened before their last save again: that save
    carries a version that is no longer current and must be refused as a conflict,
    with their words kept in the form; they then save from that form, as people do.
    """

    kind = "owner"

    def __init__(self, *args, share: tuple[int, int], saves: SaveLog, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.share = share  # (this person's place, how many share the account)
        self.saves = saves
        self.items: list[str] = []
        self.count = 0

    def step(self) -> None:
        if not self.items:
            self.items = self._my_items()
            if not self.items:
                return
        path = self.rng.choice(self.items)
        _, page = self.browser.page("update form", path)
        form = _form_with(page, "version")
        if form is None:
            # Submitted or approved: not theirs to change at the moment.
            self.browser.timings.count("owner found the update not editable")
            return
        sent = self._save(path, form, submit=self.rng.random() < 0.15)
        if sent is not None and self.rng.random() < 0.3:
            self.think()
            self._save_stale(path, form)

    def _my_items(self) -> list[str]:
        _, page = self.browser.page("my items", "/my-items")
        suffix = f"/{self.plan.term}"
        found = sorted(
            {urlsplit(link).path for link in page.links if urlsplit(link).path.endswith(suffix)}
        )
        place, sharing = self.share
        return [path for index, path in enumerate(found) if index % sharing == place]

    def _content(self, form: Form) -> dict[str, str]:
        self.count += 1
        data = form.values()
        data["progress"] = (
            f"Load {self.plan.run_id} person {self.number} save {self.count}: "
            "met the schools in the locality about the new attendance guidance."
        )
        data.setdefault("status", "green")
        if data["status"] in ("red", "amber") and not data.get("mitigation"):
            data["mitigation"] = "Extra visits are booked."
        if data["status"] == "complete" and not data.get("evidence"):
            data["evidence"] = "Minutes of the meeting."
        return data

    def _save(self, path: str, form: Form, *, submit: bool) -> dict[str, str] | None:
        data = self._content(form)
        button = "submit" if submit else "save"
        data[button] = form.buttons.get(button, "")
        response = self.browser.submit(
            "save update", form, data, page_url=self.browser.url(path), expect=(302, 409)
        )
        if response.status_code == 409:
            # Someone saved first (a co-owner, or the manager reviewing): the app's answer.
            self.browser.timings.count("save answered with a conflict (someone saved first)")
            return None
        self.saves.add(AcceptedSave(path, int(data["version"] or 0) + 1, data["progress"]))
        self.browser.timings.count("save accepted")
        self.browser.page("update form", urlsplit(response.headers["Location"]).path)
        return data

    def _save_stale(self, path: str, stale: Form) -> None:
        data = self._content(stale)
        data["save"] = stale.buttons.get("save", "")
        response = self.browser.submit(
            "conflicting save", stale, data, page_url=self.browser.url(path), expect=(302, 409)
        )
        if response.status_code == 302:
            self.browser.timings.error(f"a save from a stale form was accepted: {path}")
            self.saves.add(AcceptedSave(path, int(data["version"] or 0) + 1, data["progress"]))
            return
        self.browser.timings.count("stale save refused as a conflict")
        page = parse(response.url, response.text)
        again = _form_with(page, "version")
        if again is None:
            return  # no longer theirs to change; the page shows their words to copy
        if again.values().get("progress") != data["progress"]:
            self.browser.timings.error(f"the conflict page lost the typed text: {path}")
            return
        self._save(path, again, submit=False)


class Manager(Person):
    """Reads the review queue, opens a submitted update and approves it or returns it."""

    kind = "manager"

    def step(self) -> None:
        queue = f"/manage/progress/{self.plan.term}"
        response, _ = self.browser.page("review queue", queue)
        review_part = response.text.partition('id="review"')[2]
        links = sorted(
            {
                urlsplit(link).path
                for link in parse(response.url, review_part).links
                if urlsplit(link).path.startswith("/updates/")
            }
        )
        if not links:
            self.browser.timings.count("review queue empty")
            return
        path = self.rng.choice(links)
        _, page = self.browser.page("update form", path)
        self.think()
        form = next((f for f in page.forms if f.action.endswith("/review")), None)
        if form is None:
            self.browser.timings.count("update no longer waiting for review")
            return
        data = form.values()
        if self.rng.random() < 0.6:
            data["review-approve"] = form.buttons.get("review-approve", "")
        else:
            data["review-reason"] = "Say what the schools agreed, please."
            data["review-send_back"] = form.buttons.get("review-send_back", "")
        response = self.browser.submit(
            "review", form, data, page_url=self.browser.url(path), expect=(302, 400, 409)
        )
        if response.status_code == 302:
            self.browser.timings.count("review accepted")
        elif "Only submitted updates can be approved or returned" in response.text or (
            response.status_code == 409
        ):
            # Another manager reviewed it first: the app's answer, not a fault.
            self.browser.timings.count("review answered: already reviewed")
        else:
            self.browser.timings.error(f"review: {path} answered {response.status_code}")


REPORT_FORMATS = ("pdf", "docx", "xlsx")


def submit_board_report(browser: Browser, term: str) -> str:
    """The manager submits the Education Board report for ``term``; returns its page's path.

    Board members download the submitted papers; before the meeting someone has sent them.
    """
    path = f"/reports/education-board/{term}/submit"
    _, page = browser.page("report submission page", path)
    form = _form_with(page, "presenter")
    data = form.values() | {"final": "draft", "confirm": form.buttons.get("confirm", "")}
    data.pop("lock_term", None)
    response = browser.submit("report submission", form, data, page_url=browser.url(path))
    return urlsplit(response.headers["Location"]).path


class BoardMember(Person):
    """Reads the RAG summary and the reports page, and downloads the last term's report.

    Mostly the submitted papers (stored files); sometimes the report as it stands now,
    which is laid out afresh for each download.
    """

    kind = "board member"

    def __init__(self, *args, submission: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.submission = submission

    def step(self) -> None:
        choice = self.rng.random()
        code = self.rng.choice(REPORT_FORMATS)
        if choice < 0.35:
            self.browser.page("RAG summary", "/rag")
        elif choice < 0.5:
            self.browser.page("RAG summary", f"/rag?term={self.plan.closed_term}")
        elif choice < 0.65:
            self.browser.page("reports page", "/reports")
        elif choice < 0.96:
            self.browser.request(f"report {code}, submitted", "GET", f"{self.submission}/{code}")
        else:
            path = f"/reports/education-board/{self.plan.closed_term}/download/{code}"
            self.browser.request(f"report {code}, as it stands", "GET", path)
