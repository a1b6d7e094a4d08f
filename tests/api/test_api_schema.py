"""Property-based run against the app's own OpenAPI: no 5xx, no response outside the schema.

Schemathesis generates requests for every operation of the document the app serves (valid ones,
then invalid ones), sends them over HTTP to a running API with an admin token, and checks each
response. The run is bounded: a few examples per operation and mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
import schemathesis
from api_world import bearer, make_world, running_api, settings_for
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from servers import PostgresServer

from api.app import create_app
from core.settings import Settings

TEMPLATE = "vigie_template"
Case = schemathesis.Case[Any]
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
# Schemathesis's strategies use the random module, which Hypothesis now warns about.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 4}
SCHEMA = schemathesis.openapi.from_dict(create_app(Settings()).openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations() if isinstance(result, Ok)]
# An operation without any input has no invalid request to generate.
RUNS = [
    pytest.param(operation, mode, id=f"{operation.label} {mode.value}")
    for operation in OPERATIONS
    for mode in EXAMPLES
    if mode is GenerationMode.POSITIVE
    or operation.path_parameters
    or operation.query
    or operation.body
]


def send(case: Case, base: str, token: str) -> httpx.Response:
    """Send a generated request with httpx (schemathesis's own transport is not used)."""
    kwargs = case.as_transport_kwargs(base_url=base, headers=bearer(token))
    body = kwargs.get("data")
    return httpx.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        json=kwargs.get("json"),
        content=body if isinstance(body, bytes | str) else None,
        data=body if isinstance(body, dict) else None,
        timeout=30,
    )


@pytest.fixture(scope="module")
def served(postgres: PostgresServer) -> Iterator[tuple[str, str]]:
    """The API over a small world; its base URL and an admin token (every route is open to it)."""
    url = postgres.create_database("api_schema", template=TEMPLATE)
    with psycopg.connect(url, autocommit=True) as conn:
        world = make_world(conn)
    with running_api(settings_for(url)) as base:
        yield base, world.tokens["admin"]


def test_the_document_lists_every_resource() -> None:
    """The OpenAPI document has the /v1 resources and the root health and metrics."""
    paths = {operation.path for operation in OPERATIONS}
    assert {"/health", "/metrics", "/v1/policy", "/v1/alerts", "/v1/exports/effects"} <= paths
    assert len(OPERATIONS) >= 25


@pytest.mark.parametrize(("operation", "mode"), RUNS)
def test_operation_keeps_its_schema(
    operation: Operation, mode: GenerationMode, served: tuple[str, str]
) -> None:
    """Generated requests never get a 5xx, an undocumented status or a body off the schema."""
    base, token = served

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Case) -> None:
        case.validate_response(
            send(case, base, token),
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    check()
