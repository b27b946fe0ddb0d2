"""Schema-driven fuzzing of the whole API with a valid token: no 5xx, no answer outside the document."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
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
    case.call_and_validate(base_url=companion.url, headers={"Authorization": f"Bearer {companion.token}"},
                           excluded_checks=[schemathesis.checks.positive_data_acceptance], timeout=15)
