"""The README's deployment section, followed from scratch on PostgreSQL as written (a user
with no rights owning its database, `make migrate`, `make serve`, an evidence file stored
under the instance folder), by scripts/production-walkthrough.sh: it must run to the end
within a minute."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "production-walkthrough.sh"

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="the production walk-through needs PostgreSQL: set TEST_DATABASE_URL",
)


def test_the_production_walkthrough_runs_to_the_end():
    # Testing on PostgreSQL without its client tools would leave backups untested: fail.
    missing = [tool for tool in ("psql", "pg_dump", "pg_restore") if not shutil.which(tool)]
    assert not missing, f"the walk-through needs the PostgreSQL client tools: {missing}"
    server = make_url(os.environ["TEST_DATABASE_URL"]).set(database="postgres")
    environ = {
        name: value
        for name, value in os.environ.items()
        # The script sets up its own environment, as the README says to.
        if name not in {"TRACKER_ENV", "DATABASE_URL", "SECRET_KEY", "TRACKER_INSTANCE_PATH"}
    }
    environ["POSTGRES_URL"] = server.render_as_string(hide_password=False)
    started = time.monotonic()
    finished = subprocess.run(
        [str(SCRIPT)], env=environ, capture_output=True, text=True, timeout=180, check=False
    )
    took = time.monotonic() - started
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "Signed in as manager@council.example" in finished.stdout
    assert "back byte for byte" in finished.stdout
    assert "Stored as uploads/" in finished.stdout
    assert "all counts equal" in finished.stdout
    assert finished.stdout.rstrip().endswith("Walk-through complete")
    # The target is a minute on a quiet machine; this leaves room for a shared one.
    assert took < 120, f"the walk-through took {took:.0f} s"
