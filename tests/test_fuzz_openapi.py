"""Schema-driven fuzzing of the whole API with a valid token: no 5xx, no answer outside the document."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.core.parameters import ParameterLocation
from hypothesis import HealthCheck, settings

from companion.api.openapi import openapi_document
from companion.api.routes import OPERATIONS
from tests.support import ServedCompanion, start_companion

schema = schemathesis.openapi.from_dict(openapi_document(OPERATIONS))


@pytest.fixture(scope="module")
def companion(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedCompanion]:
    served = start_companion(Path(tmp_path_factory.mktemp("fuzz")) / "data")
    yield served
    assert served.stop() == 0


def test_served_document_is_the_generated_one(companion: ServedCompanion) -> None:
    status, document = companion.request("GET", "/api/v1/openapi.json")
    assert status == 200 and document == openapi_document(OPERATIONS)


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_document(case: schemathesis.Case, companion: ServedCompanion) -> None:
    # Schema-valid data may still break a rule of the data itself (a person id that does not exist, a
    # date in the future) and get a documented 422, so "valid data must be accepted" is not asked here.
    # A case whose headers are the negative part (the security scheme's header missing or wrong) goes as
    # generated, to be refused; the token added to it would make a 200 look like a wrong acceptance.
    negative_headers = _headers_negative(case)
    headers = {} if negative_headers else {"Authorization": f"Bearer {companion.token}"}
    response = case.call_and_validate(base_url=companion.url, headers=headers,
                                      excluded_checks=[schemathesis.checks.positive_data_acceptance], timeout=15)
    if not negative_headers:
        assert response.status_code != 401, "the token did not reach the companion: nothing past the gate was fuzzed"


def _headers_negative(case: schemathesis.Case) -> bool:
    header = case.meta.components.get(ParameterLocation.HEADER) if case.meta is not None else None
    return header is not None and header.mode == GenerationMode.NEGATIVE
