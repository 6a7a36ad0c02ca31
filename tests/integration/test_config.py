"""Configuration is chosen by TRACKER_ENV, and production never starts on defaults."""

from __future__ import annotations

import pytest

from config import ConfigError, ProductionConfig, config_from_environment
from tracker import create_app


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
