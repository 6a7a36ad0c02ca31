"""Saves termly updates in a loop until it is killed: the child process of the fault tests.

    python -m tests.integration.fault_saver EMAIL YEAR TERM ITEM_SLUG...

Runs against ``DATABASE_URL`` through the same data functions and unit of work as the
update form. Prints "SLUG VERSION" after each save has been committed, so the test knows
which saves were acknowledged before it killed the process.
"""

from __future__ import annotations

import sys

from tracker import create_app
from tracker.data.accounts import find_user
from tracker.data.plan import get_item
from tracker.data.progress import UpdateContent, get_update, save_update
from tracker.data.terms import get_term
from tracker.data.transaction import unit_of_work

FIELDS = ("progress", "impact", "next_steps")


def words(slug: str, version: int, field: str) -> str:
    """What the save making ``version`` writes in ``field``: long, so it spans pages."""
    return f"{field} of {slug} at version {version}. " + "Schools met the attendance team. " * 60


def main(email: str, year: str, term_name: str, slugs: list[str]) -> None:
    app = create_app()
    with app.app_context():
        user = find_user(email=email)
        term = get_term(academic_year=year, name=term_name)
        items = [get_item(slug=slug) for slug in slugs]
        while True:
            for item in items:
                update = get_update(item=item, term=term)
                version = update.version if update else 0
                content = UpdateContent(
                    status="green",
                    **{field: words(item.slug, version + 1, field) for field in FIELDS},
                )
                with unit_of_work():
                    save_update(
                        item=item,
                        term=term,
                        user=user,
                        content=content,
                        expected_version=version,
                        submit=False,
                    )
                print(item.slug, version + 1, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
