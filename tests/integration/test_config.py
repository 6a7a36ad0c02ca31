"""Configuration is chosen by TRACKER_ENV, and production never starts on defaults."""

from __future__ import annotations

import pytest
from flask import request

from config import ConfigError, ProductionConfig, config_from_environment
from config import TestConfig as AppTestConfig
from tracker import create_app
from tracker.access import public


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({}, "SECRET_KEY, DATABASE_URL"),
        ({"SECRET_KEY": "x" * 32}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://db/tracker"}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_secrets(environ, missing):
    with pytest.raises(ConfigError, match=missing):
        create_app(ProductionConfig(environ))


def test_production_refuses_a_short_secret_key():
    config = ProductionConfig({"SECRET_KEY": "short", "DATABASE_URL": "postgres://db/tracker"})
    with pytest.raises(ConfigError, match="at least 32 characters"):
        config.validate()


def test_production_uses_psycopg_and_secure_cookies():
    config = ProductionConfig({"SECRET_KEY": "k" * 32, "DATABASE_URL": "postgres://db/tracker"})
    config.validate()
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://db/tracker"
    assert config.SESSION_COOKIE_SECURE is True


def test_environment_variable_chooses_the_config():
    assert config_from_environment({"TRACKER_ENV": "test"}).ENV_NAME == "test"
    assert config_from_environment({}).ENV_NAME == "development"
    with pytest.raises(ConfigError, match="TRACKER_ENV must be one of"):
        config_from_environment({"TRACKER_ENV": "staging"})


def test_development_defaults_to_a_sqlite_file_under_instance(tmp_path):
    config = config_from_environment({"TRACKER_INSTANCE_PATH": str(tmp_path)})
    assert f"sqlite:///{tmp_path / 'tracker.sqlite'}" == config.SQLALCHEMY_DATABASE_URI


def test_retention_defaults_to_six_years_and_reads_the_environment():
    assert config_from_environment({}).PUPIL_DATA_RETENTION_YEARS == 6
    environ = {"PUPIL_DATA_RETENTION_YEARS": " 3 "}
    assert config_from_environment(environ).PUPIL_DATA_RETENTION_YEARS == 3


@pytest.mark.parametrize("value", ["0", "-2", "six", "2.5"])
def test_retention_must_be_a_positive_whole_number(value):
    with pytest.raises(ConfigError, match="PUPIL_DATA_RETENTION_YEARS must be a positive whole"):
        config_from_environment({"PUPIL_DATA_RETENTION_YEARS": value})


def test_proxy_headers_are_believed_only_when_proxies_are_declared(tmp_path):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}

    def seen(**environ):
        config = AppTestConfig({"TRACKER_INSTANCE_PATH": str(tmp_path), **environ})
        app = create_app(config)

        @app.get("/probe")
        @public
        def probe():
            return f"{request.scheme} {request.remote_addr}"

        return app.test_client().get("/probe", headers=headers).text

    assert seen() == "http 127.0.0.1"
    assert seen(TRACKER_PROXY_HOPS="1") == "https 203.0.113.9"
    with pytest.raises(ConfigError, match="TRACKER_PROXY_HOPS must be a whole number of 0"):
        AppTestConfig({"TRACKER_PROXY_HOPS": "-1"})


def test_the_sign_in_throttle_defaults_to_20_failures_in_15_minutes():
    config = config_from_environment({})
    assert (config.SIGN_IN_THROTTLE_FAILURES, config.SIGN_IN_THROTTLE_MINUTES) == (20, 15)
    environ = {"SIGN_IN_THROTTLE_FAILURES": "50", "SIGN_IN_THROTTLE_MINUTES": " 30 "}
    config = config_from_environment(environ)
    assert (config.SIGN_IN_THROTTLE_FAILURES, config.SIGN_IN_THROTTLE_MINUTES) == (50, 30)


@pytest.mark.parametrize("name", ["SIGN_IN_THROTTLE_FAILURES", "SIGN_IN_THROTTLE_MINUTES"])
@pytest.mark.parametrize("value", ["0", "-1", "many", "1.5"])
def test_the_sign_in_throttle_settings_must_be_positive_whole_numbers(name, value):
    with pytest.raises(ConfigError, match=f"{name} must be a positive whole number"):
        config_from_environment({name: value})
