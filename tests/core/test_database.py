"""Connections: liveness defaults that a URL can override, failures without the password."""

from __future__ import annotations

import pytest

from core.database import connect
from core.errors import DatabaseUnavailable


def test_connections_give_up_and_notice_a_dead_server(db_url: str) -> None:
    """A 10 s connect timeout and TCP keepalives, unless the URL sets its own."""
    with connect(db_url) as conn:
        params = conn.info.get_parameters()
    assert params["connect_timeout"] == "10"
    assert params["keepalives_idle"] == "10"
    assert params["keepalives_count"] == "3"
    separator = "&" if "?" in db_url else "?"
    with connect(f"{db_url}{separator}connect_timeout=3") as conn:
        assert conn.info.get_parameters()["connect_timeout"] == "3"


def test_a_refused_connection_names_the_server_not_the_password() -> None:
    """The error says where it tried; the password stays out of it."""
    with pytest.raises(DatabaseUnavailable) as raised:
        connect("postgresql://vigie:hunter2@127.0.0.1:9/vigie")
    assert "host=127.0.0.1 port=9" in str(raised.value)
    assert "hunter2" not in str(raised.value)
