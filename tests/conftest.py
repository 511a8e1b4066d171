import pytest

from insights.load import Catalog
from tests import factory


@pytest.fixture
def catalog() -> Catalog:
    """A catalog built from one small synthetic pack."""
    return factory.catalog_of(factory.pack())
