"""What a new password must not be: too short, too common, or the person's own details.

The rule is the same wherever a password is set (the create-user command, the new
account form, the password reset on a person's page), so it lives here once. The
list of common passwords is the 20,000 most common ones as published with Django
(BSD licence; see ``tracker/resources/README.md``), lowercased, so the check ignores
case the way a guesser would.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from pathlib import Path

# The shortest password anyone may set, at the command line or in the service.
MIN_PASSWORD_LENGTH = 10

COMMON_PASSWORDS_FILE = (
    Path(__file__).resolve().parent.parent / "resources" / "common-passwords.txt"
)

TOO_SHORT = f"The password must be {MIN_PASSWORD_LENGTH} characters or more"
TOO_COMMON = (
    "The password is one that many people use. Choose one that is harder to guess, "
    "for example three random words"
)
PERSONAL = "The password must not be the person's email address or name"
SERVICE = "The password must not be the name of the service or the council"


@functools.cache
def common_passwords(path: Path = COMMON_PASSWORDS_FILE) -> frozenset[str]:
    """The shipped list, one password a line, read once per process."""
    with path.open(encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n").lower() for line in lines if line.strip())


def _squashed(text: str) -> str:
    """Lower case, letters and digits only: "Sam.Manager" and "sam manager" are one name."""
    return "".join(character for character in text.lower() if character.isalnum())


def _same_as_any(password: str, texts: Iterable[str]) -> bool:
    squashed = _squashed(password)
    return bool(squashed) and any(squashed == _squashed(text) for text in texts if text)


def password_problem(
    password: str,
    *,
    email: str,
    name: str,
    service_names: Collection[str],
    common: Collection[str] | None = None,
) -> str | None:
    """Why ``password`` may not be set for this person, or ``None`` when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return TOO_SHORT
    common = common_passwords() if common is None else common
    if password.lower() in common or password.strip().lower() in common:
        return TOO_COMMON
    local_part = email.split("@", 1)[0]
    if _same_as_any(password, (email, local_part, name)):
        return PERSONAL
    if _same_as_any(password, service_names):
        return SERVICE
    return None
