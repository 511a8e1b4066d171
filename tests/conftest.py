import pytest
from hypothesis import HealthCheck, settings

from insights.load import Catalog
from tests import factory

# Property tests stay small (two shared cores) and the same on every run, so CI is stable:
# derandomized examples, no example database written to disk, no per-example deadline.
settings.register_profile(
    "project",
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("project")


@pytest.fixture
def catalog() -> Catalog:
    """A catalog built from one small synthetic pack."""
    return factory.catalog_of(factory.pack())
