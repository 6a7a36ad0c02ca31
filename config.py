"""Configuration classes, chosen by the ``TRACKER_ENV`` environment variable.

``TRACKER_ENV`` is one of ``development`` (the default, used by ``make run``),
``test`` or ``production``. Each class reads the environment when it is
instantiated, so the same process can build differently configured apps.

Production refuses to start unless ``SECRET_KEY`` and ``DATABASE_URL`` are set:
a silent default there would mean sessions signed with a known key, or data
written to a throwaway file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgres://`` or ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# Pupil-level data (enrolments and their weekly attendance) is kept for the
# current academic year and this many before it; `purge-pupil-data` deletes older years.
DEFAULT_PUPIL_DATA_RETENTION_YEARS = 6
# Long enough to look into a run of failed sign-ins or a disputed change of access
# after the event, short enough that the record does not become a log of where staff
# work from: the ICO treats an IP address as personal data.
DEFAULT_AUDIT_IP_RETENTION_DAYS = 90
# An hour without a request signs a person out: long enough to write a termly update
# (and what they typed is shown back to them if it arrives after that), short enough for
# a shared office. Twelve hours is the longest any session lasts.
DEFAULT_SESSION_IDLE_MINUTES = 60
DEFAULT_SESSION_MAX_HOURS = 12
# Failed sign-ins from one client network within the window after which its sign-ins are
# paused. Well above what one office mistypes in a quarter of an hour, and enough to stop
# anyone working through accounts from one place (see tracker.data.sign_in_limits).
DEFAULT_SIGN_IN_THROTTLE_FAILURES = 20
DEFAULT_SIGN_IN_THROTTLE_MINUTES = 15


def _whole_number(env: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or value < least:
        kind = "a positive whole number" if least == 1 else f"a whole number of {least} or more"
        raise ConfigError(f"{name} must be {kind}; got {raw!r}")
    return value


class Config:
    ENV_NAME = "base"
    TESTING = False
    DEBUG = False
    WTF_CSRF_ENABLED = True
    # A form's token lasts as long as the session, so an owner who takes over an
    # hour to write an update does not lose it when they press save.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # hide_parameters: a database error's message (and so any traceback in the log)
    # names the statement but never the values, which can be typed text or pupil IDs.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    # Each evidence file may be up to 10 MB; a request may carry several.
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024
    # Data files: the command line takes a whole authority's year of registers
    # (about 0.7 GB); the upload page takes a school's or a term's worth.
    MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024
    MAX_UPLOAD_IMPORT_BYTES = 200 * 1024 * 1024
    # Pupils a year in the synthetic attendance data that `seed --demo` makes.
    DEMO_PUPILS = 45_000
    HSTS_SECONDS = 0  # no Strict-Transport-Security header: see ProductionConfig

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.INSTANCE_PATH = env.get("TRACKER_INSTANCE_PATH", str(BASE_DIR / "instance"))
        # Where the strategy, localities, terms and figures are seeded from.
        # Another council points this at its own folder of seed files.
        self.SEED_DIR = env.get("TRACKER_SEED_DIR", str(BASE_DIR / "seeds" / "dorset"))
        # Used in the header only until a strategy is seeded; after that the
        # organisation and service name come from the seed files.
        self.SERVICE_NAME = env.get("TRACKER_SERVICE_NAME", "Attendance strategy tracker")
        self.SECRET_KEY = self._secret_key(env)
        self.SQLALCHEMY_DATABASE_URI = self._database_url(env)
        self.PUPIL_DATA_RETENTION_YEARS = _whole_number(
            env, "PUPIL_DATA_RETENTION_YEARS", DEFAULT_PUPIL_DATA_RETENTION_YEARS, least=1
        )
        self.AUDIT_IP_RETENTION_DAYS = _whole_number(
            env, "AUDIT_IP_RETENTION_DAYS", DEFAULT_AUDIT_IP_RETENTION_DAYS, least=1
        )
        # Where the council keeps its backups, if on this machine: purge-pupil-data lists
        # those old enough to hold only expired pupil data, since a backup cannot be edited.
        self.BACKUP_FOLDER = env.get("BACKUP_FOLDER", "").strip() or None
        # How many reverse proxies in front of the app set X-Forwarded-*: their
        # headers are believed only then, since a client can send them too.
        self.TRACKER_PROXY_HOPS = _whole_number(env, "TRACKER_PROXY_HOPS", 0, least=0)
        # A session ends after this long without a request, and in any case after the
        # longest working day, so a browser left open in an office does not stay signed in.
        self.SESSION_IDLE_MINUTES = _whole_number(
            env, "SESSION_IDLE_MINUTES", DEFAULT_SESSION_IDLE_MINUTES, least=5
        )
        self.SESSION_MAX_HOURS = _whole_number(
            env, "SESSION_MAX_HOURS", DEFAULT_SESSION_MAX_HOURS, least=1
        )
        self.SIGN_IN_THROTTLE_FAILURES = _whole_number(
            env, "SIGN_IN_THROTTLE_FAILURES", DEFAULT_SIGN_IN_THROTTLE_FAILURES, least=1
        )
        self.SIGN_IN_THROTTLE_MINUTES = _whole_number(
            env, "SIGN_IN_THROTTLE_MINUTES", DEFAULT_SIGN_IN_THROTTLE_MINUTES, least=1
        )

    def _secret_key(self, env: Mapping[str, str]) -> str | None:
        return env.get("SECRET_KEY")

    def _database_url(self, env: Mapping[str, str]) -> str | None:
        url = env.get("DATABASE_URL")
        return normalise_database_url(url) if url else None

    def validate(self) -> None:
        """Check the settings before the app is built; subclasses tighten this."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    def _secret_key(self, env: Mapping[str, str]) -> str:
        # A fixed key is acceptable on a laptop; production refuses to run without its own.
        return env.get("SECRET_KEY", "development-only-not-secret")

    def _database_url(self, env: Mapping[str, str]) -> str:
        default = f"sqlite:///{Path(self.INSTANCE_PATH) / 'tracker.sqlite'}"
        return normalise_database_url(env.get("DATABASE_URL", default))


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    WTF_CSRF_ENABLED = False
    # Enough pupils for every locality, phase and group to have figures, quickly.
    DEMO_PUPILS = 1_500

    def _secret_key(self, env: Mapping[str, str]) -> str:
        return "test-only-not-secret"

    def _database_url(self, env: Mapping[str, str]) -> str:
        return normalise_database_url(env.get("TEST_DATABASE_URL", "sqlite://"))


MIN_SECRET_KEY_LENGTH = 32


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # Production is served over TLS only (see README, Deployment): browsers are told to
    # use HTTPS for a year.
    HSTS_SECONDS = 365 * 24 * 60 * 60

    def validate(self) -> None:
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", self.SECRET_KEY),
                ("DATABASE_URL", self.SQLALCHEMY_DATABASE_URI),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                "The production configuration needs these environment variables: "
                + ", ".join(missing)
            )
        if len(self.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
            # A short key can be guessed, and with it anyone can forge a session.
            raise ConfigError(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters in production; "
                'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_environment(environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration named by ``TRACKER_ENV`` (default ``development``)."""
    env = os.environ if environ is None else environ
    name = env.get("TRACKER_ENV", "development")
    try:
        config_class = CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"TRACKER_ENV must be one of {', '.join(CONFIGS)}; got {name!r}"
        ) from None
    return config_class(env)
