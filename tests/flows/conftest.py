import pytest
from prefect.testing.utilities import prefect_test_harness


@pytest.fixture(scope="session", autouse=True)
def prefect_harness():
    """One temporary Prefect database for the whole flow test session (Prefect's guide)."""
    with prefect_test_harness(server_startup_timeout=60):
        yield
