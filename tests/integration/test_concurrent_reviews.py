"""Two reviews of one update at the same moment: the later one is refused plainly, not a 500.

Another connection approves the update in the instant between the manager's page reading
it and writing the review, as a second manager's request would.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import create_engine, event, select, text

from tests.integration.progress_helpers import form_data, open_term, own
from tracker.extensions import db
from tracker.models import HistoryEntry, Update

URL = "/updates/P1-001/2024-25-autumn"


@contextmanager
def approved_by_someone_else_first():
    """Just before this app writes to the update, another connection approves it."""
    other = create_engine(db.engine.url)
    done = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE progress_update") and not done:
            done.append(True)
            with other.begin() as connection:
                connection.execute(
                    text("UPDATE progress_update SET state = 'approved', version = version + 1")
                )

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        other.dispose()
    assert done, "the other review never ran"


def submitted(people, owner_client) -> None:
    own(people)
    open_term()
    response = owner_client.post(URL, data=form_data(save=None, submit="Submit for review"))
    assert response.status_code == 302


def test_a_review_made_at_the_same_moment_as_another_is_refused(
    people, owner_client, manager_client
):
    submitted(people, owner_client)
    with approved_by_someone_else_first():
        response = manager_client.post(URL + "/review", data={"review-approve": "Approve"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed or reviewed this update at the same moment" in page
    db.session.expire_all()
    update = db.session.scalars(select(Update)).one()
    assert (update.state, update.version) == ("approved", 2)
    # The refused approval left no trace in the history: only the owner's save is there.
    states = db.session.scalars(
        select(HistoryEntry.new_value).where(HistoryEntry.field == "state")
    ).all()
    assert states == ["submitted"]


def test_a_bulk_approval_racing_another_review_approves_nothing(
    people, owner_client, manager_client
):
    submitted(people, owner_client)
    update_id = db.session.scalars(select(Update.id)).one()
    with approved_by_someone_else_first():
        response = manager_client.post(
            "/manage/progress/2024-25-autumn/approve",
            data={"update_id": [str(update_id)]},
            follow_redirects=True,
        )
    assert response.status_code == 200
    assert "none was approved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Update, update_id).version == 2
