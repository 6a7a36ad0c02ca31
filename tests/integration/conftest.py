"""Fixtures shared by the integration tests (the rest are in tests/conftest.py)."""

from tests.integration.database_faults import database_gone  # noqa: F401 # a fixture
