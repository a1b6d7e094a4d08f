"""Session servers (PostgreSQL, Mosquitto) and a fresh migrated database per test.

The servers are real and started here; when they cannot start the tests fail, they never skip.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator

import psycopg
import pytest
from servers import MosquittoServer, PostgresServer, make_root

from core.migrations import migrate

TEMPLATE = "vigie_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for the whole run, with a migrated template database."""
    root = make_root("vigie-pg-")
    server = PostgresServer(root)
    server.start()
    migrate(server.create_database(TEMPLATE))
    server.freeze_template(TEMPLATE)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def db_url(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, migrated, empty database for one test, dropped after it."""
    name = f"test_{next(_counter)}"
    yield postgres.create_database(name, template=TEMPLATE)
    postgres.drop_database(name)


@pytest.fixture
def empty_db_url(postgres: PostgresServer) -> Iterator[str]:
    """A fresh database with no schema at all, dropped after the test."""
    name = f"empty_{next(_counter)}"
    yield postgres.create_database(name)
    postgres.drop_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """An autocommit connection to the test's database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="session")
def broker() -> Iterator[MosquittoServer]:
    """A Mosquitto broker for the whole run."""
    root = make_root("vigie-mqtt-")
    server = MosquittoServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
