"""Demonstration data: ``flask --app wsgi seed --demo``.

``seed_demo`` runs each step in ``STEPS`` in order. A step takes the shared
``DemoContext`` and returns lines for the command to print. Every step must
be safe to run again: it adds what is missing and leaves everything else,
including anything people have entered themselves, as it is. To add a step
(for example synthetic attendance data), write it in a module of this
package and append it to ``STEPS``. While a step runs, setting
``context.clock.now`` makes the records it writes carry that moment
(see ``tracker.data.demo.clock``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.data.demo.accounts import seed_demo_accounts, seed_demo_owners
from tracker.data.demo.attendance import demo_attendance_step
from tracker.data.demo.board_records import seed_demo_board_records
from tracker.data.demo.clock import DemoClock
from tracker.data.demo.context import DemoContext
from tracker.data.demo.progress import seed_demo_progress
from tracker.extensions import db

Step = Callable[[DemoContext], list[str]]
STEPS: list[Step] = [
    seed_demo_accounts,
    seed_demo_owners,
    seed_demo_progress,
    seed_demo_board_records,
    demo_attendance_step,
]


def seed_demo(*, password: str, today: date) -> list[str]:
    """Add the demonstration accounts, owners, progress and attendance; returns what was done."""
    context = DemoContext(password=password, today=today, clock=DemoClock())
    lines: list[str] = []
    with context.clock.running(db.session()):
        for step in STEPS:
            # A step that wants its records back-dated sets the clock itself.
            context.clock.now = None
            lines.extend(step(context))
            db.session.flush()
    return lines
