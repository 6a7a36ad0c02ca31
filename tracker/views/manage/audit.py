"""The audit record of account events, for the service manager: filtered, paged, exported."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Response, abort, render_template, request, stream_with_context, url_for
from werkzeug.datastructures import MultiDict

from tracker.access import allow
from tracker.data.accounts import list_users
from tracker.data.audit import AuditFilters, audit_events, audit_page
from tracker.domain.audit import VIA_COMMAND_LINE, AuditEventType, uk_day_bounds
from tracker.domain.roles import Role
from tracker.domain.spreadsheet_text import csv_cell
from tracker.views.manage.forms import AuditFilterForm
from tracker.views.manage.routes import bp
from tracker.views.template_helpers import local_time

DATE_FIELDS = ("date_from", "date_to")
CSV_COLUMNS = (
    "time_uk",
    "time_utc",
    "event",
    "person",
    "person_email",
    "done_by",
    "detail",
    "ip_address",
    "via",
)


def _filter_form() -> AuditFilterForm:
    args = MultiDict(request.args)
    # The date widget reads three values for each date; a link that names no date
    # (from a person's page, say) would otherwise leave it none to show.
    for name in DATE_FIELDS:
        if len(args.getlist(name)) != 3:
            args.setlist(name, ["", "", ""])
    form = AuditFilterForm(formdata=args)
    form.set_choices(events=list(AuditEventType), people=list_users())
    return form


def _filters(form: AuditFilterForm) -> AuditFilters:
    since, until = uk_day_bounds(form.date_from.data, form.date_to.data)
    return AuditFilters(
        event=AuditEventType(form.event.data) if form.event.data else None,
        person_id=int(form.person.data) if form.person.data else None,
        since=since,
        until=until,
    )


def _query_string(**changes) -> str:
    """The current filters as a query string, with ``changes`` applied."""
    args = MultiDict(request.args)
    args.pop("page", None)
    for key, value in changes.items():
        args[key] = value
    text = urlencode(list(args.items(multi=True)))
    return "?" + text if text else ""


def _pagination(page: int, pages: int) -> dict | None:
    """Parameters for the GOV.UK pagination component: first, last and pages near this one."""
    if pages <= 1:
        return None
    base = url_for("manage.audit")
    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": number,
                "href": base + _query_string(page=number),
                "current": number == page,
            }
        )
        previous = number
    params = {"items": items, "landmarkLabel": "Pages of the audit record"}
    if page > 1:
        params["previous"] = {"href": base + _query_string(page=page - 1)}
    if page < pages:
        params["next"] = {"href": base + _query_string(page=page + 1)}
    return params


def done_by(event) -> str:
    if event.actor is not None:
        return event.actor.name
    return "Command line" if event.via == VIA_COMMAND_LINE else "Not signed in"


def person(event) -> str:
    return event.subject.name if event.subject is not None else ""


@bp.get("/audit")
@allow(Role.MANAGER)
def audit():
    form = _filter_form()
    page_number = request.args.get("page", "1")
    if not page_number.isdigit() or int(page_number) < 1:
        abort(404)
    if not form.validate():
        return render_template("manage/audit.html", form=form, result=None), 400
    result = audit_page(filters=_filters(form), page=int(page_number))
    if result.page > result.pages:
        abort(404)
    return render_template(
        "manage/audit.html",
        form=form,
        result=result,
        pagination=_pagination(result.page, result.pages),
        export_href=url_for("manage.audit_export") + _query_string(),
        done_by=done_by,
        person=person,
    )


def _utc(moment: datetime) -> str:
    """ISO 8601 in UTC; SQLite gives the stored moment back without its zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _csv_rows(filters: AuditFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(value) for value in values])
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for event in audit_events(filters=filters):
        yield line(
            (
                local_time(event.at, "%Y-%m-%d %H:%M:%S"),
                _utc(event.at),
                event.event_label,
                person(event),
                event.email,
                done_by(event),
                event.detail,
                event.ip_address,
                event.via,
            )
        )


@bp.get("/audit.csv")
@allow(Role.MANAGER)
def audit_export():
    form = _filter_form()
    if not form.validate():
        return render_template("manage/audit.html", form=form, result=None), 400
    # Streamed, since the record grows with every sign-in; the session stays open for it.
    return Response(
        stream_with_context(_csv_rows(_filters(form))),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="audit-record.csv"',
            "Cache-Control": "private, no-store",
        },
    )
