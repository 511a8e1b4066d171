import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from insights.content.frames import Catalog
from insights.quotes import store
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

POSTGRES_ENV = "TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _words_only_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search by words only, unless a test asks for meaning: no model is loaded by accident."""
    monkeypatch.setenv("INSIGHTS_SEARCH_MEANING", "off")


@pytest.fixture
def catalog() -> Catalog:
    """A catalog built from one small synthetic pack."""
    return factory.catalog_of(factory.pack())


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at a content folder (the sales pack) and a store of this test's own."""
    folder = tmp_path / "data"
    factory.write_sales_pack(folder)
    monkeypatch.setenv("INSIGHTS_DATA_DIR", str(folder))
    # Drafts and published packs live in the store too: each test starts with an empty one.
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return folder


def skip_or_fail(reason: str) -> None:
    """Skip locally when a real service is missing; under CI=true that is a broken set-up."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path) -> Iterator[sa.Engine]:
    """The app's store at the newest schema, on a SQLite file or in a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = store.default_database_url(tmp_path / "state")
    else:
        url = request.getfixturevalue("postgres_schema_url")
    made = store.make_engine(url)
    store.create_schema(made)
    store.create_schema(made)  # a second app server starting finds it there
    yield made
    made.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL server named by TEST_DATABASE_URL (.ci/with-postgres starts one)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        skip_or_fail(f"no PostgreSQL: set {POSTGRES_ENV} (`.ci/with-postgres make test` does)")
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        skip_or_fail(f"PostgreSQL at {POSTGRES_ENV} is not reachable: {type(exc.orig).__name__}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh, empty schema, dropped after the test."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = store.make_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
