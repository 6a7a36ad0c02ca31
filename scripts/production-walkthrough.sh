#!/usr/bin/env bash
# Follows the README's "Deployment" section from scratch on PostgreSQL, step by step
# as written, and fails at the first step that does not work:
#   1. a database user with no rights but owning its own new database;
#   2. the production environment, connecting as that user;
#   3. `make migrate`, seed and create-user;
#   4. `make serve` on a free loopback port;
#   5. /healthz and signing in over HTTP;
# then, over HTTP, an action owner attaches an evidence file to an update and
# downloads it back, and the file is checked in the instance folder's uploads/
# (README, Deployment, "Uploaded files"); a backup, restored into a second new database
# the same user owns; the retention purge; stopping the server; dropping both
# databases and the user.
#
# Usage: POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres scripts/production-walkthrough.sh
# POSTGRES_URL names any database on the server, as a superuser (or a user that may
# create roles and databases), who creates the service's user and databases as the
# README's step 1 does. Run from anywhere,
# after `make install` or `make install-runtime`.

set -euo pipefail

: "${POSTGRES_URL:?set POSTGRES_URL to a PostgreSQL server URL, as a superuser}"
cd "$(dirname "$0")/.."
BIN=.venv/bin
started=$SECONDS

step() { printf '[%2ds] %s\n' "$((SECONDS - started))" "$*"; }

# A URL naming another database on the same server, as the given user and password.
database_url() {
    "$BIN/python" -c '
import sys
from sqlalchemy import make_url
url = make_url(sys.argv[1]).set(database=sys.argv[2], username=sys.argv[3], password=sys.argv[4])
print(url.render_as_string(hide_password=False))' "$POSTGRES_URL" "$1" "$2" "$3"
}

# SQL on standard input, run as the superuser; kept off the command line, where
# other users of the machine could read the password it sets.
admin() { psql "$POSTGRES_URL" --quiet --no-psqlrc --set=ON_ERROR_STOP=1 >/dev/null; }

suffix="$$_$RANDOM"
role=tracker_walkthrough_$suffix
live=tracker_walkthrough_$suffix
restored=tracker_walkthrough_${suffix}_restored
work=$(mktemp -d)
serve_pid=""

stop_serving() {
    if [[ -n $serve_pid ]] && kill -0 "$serve_pid" 2>/dev/null; then
        # make runs gunicorn as its child, and gunicorn's master stops its workers;
        # make itself is stopped only if gunicorn has not started yet.
        local gunicorn_pid
        gunicorn_pid=$(pgrep -P "$serve_pid" || true)
        kill -TERM "${gunicorn_pid:-$serve_pid}" 2>/dev/null || true
        wait "$serve_pid" || true
    fi
    serve_pid=""
}

clean_up() {
    stop_serving
    admin <<SQL || true
DROP DATABASE IF EXISTS $live WITH (FORCE);
DROP DATABASE IF EXISTS $restored WITH (FORCE);
DROP ROLE IF EXISTS $role;
SQL
    rm -rf "$work"
}
trap clean_up EXIT

step "1. Create the service's database user and its own empty database"
db_password=$("$BIN/python" -c "import secrets; print(secrets.token_urlsafe(24))")
admin <<SQL
CREATE ROLE $role LOGIN PASSWORD '$db_password';
CREATE DATABASE $live OWNER $role;
REVOKE ALL ON DATABASE $live FROM PUBLIC;
SQL
"$BIN/python" - "$(database_url "$live" "$role" "$db_password")" <<'PYTHON'
import sys

from sqlalchemy import create_engine, text

from config import normalise_database_url

engine = create_engine(normalise_database_url(sys.argv[1]))
with engine.connect() as connection:
    rights = connection.execute(
        text("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
engine.dispose()
if any(rights):
    sys.exit(f"The service's user has more rights than it needs: {rights}")
PYTHON

step "2. Set the production environment"
export TRACKER_ENV=production
export DATABASE_URL
DATABASE_URL=$(database_url "$live" "$role" "$db_password")
export SECRET_KEY
SECRET_KEY=$("$BIN/python" -c "import secrets; print(secrets.token_hex(32))")
export TRACKER_INSTANCE_PATH=$work/instance
# The walk-through plays the reverse proxy itself, sending X-Forwarded-Proto.
export TRACKER_PROXY_HOPS=1

step "3. make migrate, seed, and create the service manager's account"
make migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log"; exit 1; }
"$BIN/flask" --app wsgi seed >/dev/null
# The one departure from the README: create-user would ask for the password.
password=$("$BIN/python" -c "import secrets; print(secrets.token_urlsafe(18))")
"$BIN/flask" --app wsgi create-user manager@council.example --role manager --name "Sam Manager" \
    --password "$password"

step "4. make serve on a free loopback port"
port=$("$BIN/python" -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])')
WEB_CONCURRENCY=2 make serve HOST=127.0.0.1 PORT="$port" \
    >"$work/serve.log" 2>&1 &
serve_pid=$!

step "5. Check /healthz and sign in over HTTP"
# Passwords go on standard input: on the command line other users could read them.
if ! "$BIN/python" scripts/walkthrough_http.py "http://127.0.0.1:$port" \
    manager@council.example <<<"$password"; then
    cat "$work/serve.log"
    exit 1
fi

step "6. An action owner attaches an evidence file to an update and downloads it back"
# A small real PDF, as it sits on the owner's computer under the name they gave it.
# The comment line of bytes above 127 is what real PDFs carry to be taken for binary:
# a download that went through a text conversion would not match.
mkdir "$work/owner"
evidence="$work/owner/Attendance panel minutes – autumn.pdf"
"$BIN/python" - "$evidence" <<'PYTHON'
import sys

text = b"BT /F1 18 Tf 72 760 Td (Attendance panel minutes) Tj ET"
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for number, body in enumerate(objects, start=1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
with open(sys.argv[1], "wb") as file:
    file.write(pdf)
PYTHON
owner_password=$("$BIN/python" -c "import secrets; print(secrets.token_urlsafe(18))")
if ! "$BIN/python" scripts/walkthrough_evidence.py "http://127.0.0.1:$port" \
    manager@council.example owner@council.example "$evidence" \
    <<<"$password"$'\n'"$owner_password"; then
    cat "$work/serve.log"
    exit 1
fi

step "7. The evidence file is in the upload folder, under a generated name"
# README, Deployment: evidence files go under uploads/ in TRACKER_INSTANCE_PATH, named
# by the service (tracker/storage.py: 32 random hexadecimal digits and the extension
# of the kind the content shows), never by the name the person gave.
uploads=$TRACKER_INSTANCE_PATH/uploads
[[ -d $uploads ]] || { echo "No uploads folder in the instance folder: $uploads" >&2; exit 1; }
mapfile -t stored < <(find "$uploads" -type f)
if [[ ${#stored[@]} -ne 1 ]]; then
    echo "The uploads folder holds ${#stored[@]} files, not the one attached" >&2
    exit 1
fi
stored_name=$(basename "${stored[0]}")
if [[ ! $stored_name =~ ^[0-9a-f]{32}\.pdf$ ]]; then
    echo "The evidence file is stored as '$stored_name', not under a generated name" >&2
    exit 1
fi
if ! cmp -s "${stored[0]}" "$evidence"; then
    echo "The stored evidence file differs from the one uploaded" >&2
    exit 1
fi
# README, Uploaded files: readable by the app server's user alone.
modes="$(stat -c %a "$uploads") $(stat -c %a "${stored[0]}")"
if [[ $modes != "700 600" ]]; then
    echo "uploads/ and the file have modes $modes, not 700 and 600" >&2
    exit 1
fi
if [[ -n $(find "$TRACKER_INSTANCE_PATH" -name "$(basename "$evidence")") ]]; then
    echo "A file in the instance folder carries the name the owner gave" >&2
    exit 1
fi
echo "Stored as uploads/$stored_name, the same bytes as the file uploaded"

step "8. Back up the database"
"$BIN/flask" --app wsgi backup "$work/tracker.backup"

step "9. Restore the backup into a second new database and compare them"
admin <<SQL
CREATE DATABASE $restored OWNER $role;
REVOKE ALL ON DATABASE $restored FROM PUBLIC;
SQL
DATABASE_URL=$(database_url "$restored" "$role" "$db_password") \
    "$BIN/flask" --app wsgi restore "$work/tracker.backup"
"$BIN/python" - "$DATABASE_URL" "$(database_url "$restored" "$role" "$db_password")" <<'PYTHON'
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

step "10. The retention purge, as cron would run it (nothing has expired yet)"
"$BIN/flask" --app wsgi purge-pupil-data

step "11. Stop the server"
stop_serving
# The access log says what was asked, never who asked: no client address.
if grep -qE '^[0-9a-f.:]+ .*"(GET|POST) ' "$work/serve.log"; then
    echo "The access log records client addresses" >&2
    exit 1
fi
if grep -q "alembic" "$work/serve.log"; then
    echo "make serve ran migrations: only make migrate may" >&2
    exit 1
fi
for secret in "$password" "$owner_password" "$db_password"; do
    if grep -qF -- "$secret" "$work/serve.log" "$work/migrate.log"; then
        echo "A password appears in the server's log" >&2
        exit 1
    fi
done

step "12. Drop both databases and the service's user"
admin <<SQL
DROP DATABASE $live;
DROP DATABASE $restored;
DROP ROLE $role;
SQL
rm -rf "$work"
trap - EXIT
step "Walk-through complete"
