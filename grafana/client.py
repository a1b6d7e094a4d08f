"""Grafana through grafana-client: ``connect`` to a checked URL, and ``translated`` errors.

Every error of the client and of the network below it (niquests, urllib3) becomes one
``GrafanaUnavailable`` whose message names Grafana's address, what went wrong in words a person
can act on, and the setting to check; never the client's or urllib3's internals.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from grafana_client.api import GrafanaApi
from grafana_client.client import (
    GrafanaClientError,
    GrafanaException,
    GrafanaUnauthorizedError,
)

from core.errors import ConfigurationError, VigieError

FORBIDDEN = 403
_REASONS = {
    errno.ECONNREFUSED: "connection refused (is Grafana running on that port?)",
    errno.EHOSTUNREACH: "no route to the host",
    errno.ENETUNREACH: "the network is unreachable",
    errno.ETIMEDOUT: "no answer in time",
    errno.ECONNRESET: "the connection was reset",
}


class GrafanaUnavailable(VigieError):  # noqa: N818 - a state, like DatabaseUnavailable
    """Grafana cannot be reached, refuses the token, or refuses a request."""


def base_url(url: str) -> str:
    """``url`` checked as ``http(s)://host[:port][/prefix]``, without its trailing slash."""
    parts = urlsplit(url.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in {"http", "https"} or not parts.hostname or not port_ok:
        raise ConfigurationError(
            f"VIGIE_GRAFANA_URL (or --url) must be http(s)://host[:port][/prefix], got {url!r}"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def connect(url: str, token: str, timeout_s: float = 10.0) -> GrafanaApi:
    """A client for Grafana at ``url`` (``http(s)://host[:port][/prefix]``) with a bearer token."""
    base = base_url(url)
    # grafana-client appends "api" to the path prefix as it is: the prefix ends with "/".
    api: GrafanaApi = GrafanaApi.from_url(f"{base}/", credential=token, timeout=timeout_s)
    return api


@contextmanager
def translated(api: GrafanaApi) -> Iterator[None]:
    """Turn grafana-client's and the network's errors into GrafanaUnavailable."""
    where = str(api.url).rstrip("/")
    try:
        yield
    except GrafanaUnauthorizedError as exc:
        raise GrafanaUnavailable(
            f"Grafana at {where} refused the token (401): check VIGIE_GRAFANA_TOKEN, a service "
            "account token with the Editor role"
        ) from exc
    except GrafanaClientError as exc:
        if exc.status_code == FORBIDDEN:
            raise GrafanaUnavailable(
                f"Grafana at {where} denied the request (403): the token's service account "
                "needs the Editor role"
            ) from exc
        raise GrafanaUnavailable(f"Grafana at {where} refused a request: {exc.message}") from exc
    except GrafanaException as exc:
        raise GrafanaUnavailable(
            f"Grafana at {where} failed: {exc.message or 'no response'}"
        ) from exc
    except OSError as exc:  # niquests' connection errors are OSError subclasses
        raise GrafanaUnavailable(
            f"Grafana is unreachable at {where}: {network_reason(exc)}; check VIGIE_GRAFANA_URL"
        ) from exc


def network_reason(exc: BaseException) -> str:
    """What went wrong on the network, from the deepest cause the client's error wraps."""
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return "the host name does not resolve"
        if isinstance(cause, TimeoutError | socket.timeout):
            return "no answer in time"
        if isinstance(cause, OSError) and cause.errno in _REASONS:
            return _REASONS[cause.errno]
    text = " ".join(str(exc).split())
    for marker, reason in (
        ("Failed to resolve", "the host name does not resolve"),
        ("Connection refused", _REASONS[errno.ECONNREFUSED]),
        ("timed out", "no answer in time"),
        ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate is not trusted"),
    ):
        if marker in text:
            return reason
    return type(exc).__name__


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then what it wraps: causes, contexts and exceptions held in its arguments."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [c for c in (current.__cause__, current.__context__) if c is not None]
        todo += [a for a in current.args if isinstance(a, BaseException)]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
