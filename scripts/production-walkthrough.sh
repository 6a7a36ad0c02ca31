#!/usr/bin/env bash
# Follows the README's "Deployment" section from scratch on PostgreSQL, and fails
# at the first step that does not work as written:
#   a new database; the production environment; db upgrade; seed; create-user;
#   gunicorn on a free loopback port; /healthz; signing in over HTTP; a backup;
#   restoring it into a second new database; stopping gunicorn; dropping both.
#
# Usage: POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres scripts/production-walkthrough.sh
# POSTGRES_URL names any database on the server, as a user allowed to create
# databases. Run from anywhere, after `make install`.

set -euo pipefail

: "${POSTGRES_URL:?set POSTGRES_URL to a PostgreSQL server URL whose user may create databases}"
cd "$(dirname "$0")/.."
BIN=.venv/bin
started=$SECONDS

step() { printf '[%2ds] %s\n' "$((SECONDS - started))" "$*"; }

# A URL naming another database on the same server.
database_url() {
    "$BIN/python" -c '
import sys
from sqlalchemy import make_url
url = make_url(sys.argv[1]).set(database=sys.argv[2])
print(url.render_as_string(hide_password=False))' "$POSTGRES_URL" "$1"
}

admin() { psql "$POSTGRES_URL" --quiet --no-psqlrc -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }

suffix="$$_$RANDOM"
live=tracker_walkthrough_$suffix
restored=tracker_walkthrough_${suffix}_restored
work=$(mktemp -d)
gunicorn_pid=""

clean_up() {
    if [[ -n $gunicorn_pid ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid"
        wait "$gunicorn_pid" || true
    fi
    admin "DROP DATABASE IF EXISTS $live WITH (FORCE)" || true
    admin "DROP DATABASE IF EXISTS $restored WITH (FORCE)" || true
    rm -rf "$work"
}
trap clean_up EXIT

step "1. Create an empty PostgreSQL database and set the environment"
admin "CREATE DATABASE $live"
export TRACKER_ENV=production
export DATABASE_URL
DATABASE_URL=$(database_url "$live")
export SECRET_KEY
SECRET_KEY=$("$BIN/python" -c "import secrets; print(secrets.token_hex(32))")
export TRACKER_INSTANCE_PATH=$work/instance
# The walk-through plays the reverse proxy itself, sending X-Forwarded-Proto.
export TRACKER_PROXY_HOPS=1
export FLASK_APP=wsgi

step "2. Migrate, seed, and create the service manager's account"
"$BIN/flask" db upgrade 2>"$work/upgrade.log" || { cat "$work/upgrade.log"; exit 1; }
"$BIN/flask" seed >/dev/null
password=$("$BIN/python" -c "import secrets; print(secrets.token_urlsafe(18))")
"$BIN/flask" create-user manager@council.example --role manager --name "Sam Manager" \
    --password "$password"

step "3. Serve with gunicorn on a free loopback port"
port=$("$BIN/python" -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])')
WEB_CONCURRENCY=2 "$BIN/gunicorn" --config gunicorn.conf.py --bind "127.0.0.1:$port" wsgi:app \
    >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

step "4. Check /healthz and sign in over HTTP"
if ! "$BIN/python" scripts/walkthrough_http.py "http://127.0.0.1:$port" \
    manager@council.example "$password"; then
    cat "$work/gunicorn.log"
    exit 1
fi

step "5. Back up the database"
"$BIN/flask" backup "$work/tracker.backup"

step "6. Restore the backup into a second new database and compare them"
admin "CREATE DATABASE $restored"
DATABASE_URL=$(database_url "$restored") "$BIN/flask" restore "$work/tracker.backup"
"$BIN/python" - "$DATABASE_URL" "$(database_url "$restored")" <<'PYTHON'
import sys

from sqlalchemy import create_engine, func, inspect, select, table

from config import normalise_database_url


def counts(url):
    engine = create_engine(normalise_database_url(url))
    with engine.connect() as connection:
        names = inspect(connection).get_table_names()
        found = {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar()
            for name in names
        }
    engine.dispose()
    return found


live, restored = counts(sys.argv[1]), counts(sys.argv[2])
if live != restored or not live.get("user_account"):
    sys.exit(f"The restored database differs: {live} != {restored}")
print(f"Restored {len(restored)} tables, {sum(restored.values()):,} rows, all counts equal")
PYTHON

step "7. Stop gunicorn"
kill -TERM "$gunicorn_pid"
wait "$gunicorn_pid" || true
gunicorn_pid=""
if grep -q "$password" "$work/gunicorn.log"; then
    echo "The password appears in the server's log" >&2
    exit 1
fi

step "8. Drop both databases"
admin "DROP DATABASE $live"
admin "DROP DATABASE $restored"
rm -rf "$work"
trap - EXIT
step "Walk-through complete"
