"""The OpenAPI 3.1 document, generated from the operation declarations and the pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from companion import __version__
from companion.api.operations import KEY_PATTERN, MAX_ID, Operation
from companion.models import ErrorBody

REF = "#/components/schemas/{model}"
ERROR_TEXT = {400: "Malformed request (JSON, Host, repeated header)", 401: "Missing or invalid token",
              403: "Refused origin or pairing code", 404: "No such resource", 409: "Conflicts with stored data",
              412: "Revision changed since (If-Match)", 413: "Body too large", 415: "Not application/json",
              422: "Validation failed; `fields` names what is wrong"}


def _error_statuses(operation: Operation) -> set[int]:
    statuses = {400, 403, *operation.errors}
    if operation.auth:
        statuses.add(401)
    if operation.method in ("POST", "PUT", "PATCH"):
        statuses |= {413, 415}
    if operation.body is not None:
        statuses.add(422)
    if operation.query is not None:
        statuses.add(422)
    if operation.path_params:
        statuses.add(404)
    return statuses


def _json(ref: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": ref}}


def _ref(model: type[BaseModel], mode: str, refs: dict[tuple[type[BaseModel], str], Any]) -> dict[str, Any]:
    return refs[(model, mode)]


def _parameters(operation: Operation) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID} if name.endswith("_id")
         else {"type": "string", "pattern": f"^{KEY_PATTERN}$"}}
        for name in operation.path_params]
    if operation.query is not None:
        schema = operation.query.model_json_schema(ref_template=REF)
        for name, prop in schema["properties"].items():
            params.append({"name": name, "in": "query", "required": name in schema.get("required", []),
                           "schema": prop, **({"description": prop["description"]} if "description" in prop
                                              else {})})
    params += [{"name": name, "in": "header", "required": False, "schema": {"type": "string"}}
               for name in operation.headers]
    return params


def openapi_document(operations: list[Operation]) -> dict[str, Any]:
    wanted: set[tuple[type[BaseModel], str]] = {(ErrorBody, "serialization")}
    for op in operations:
        if op.body is not None:
            wanted.add((op.body, "validation"))
        if op.response is not None:
            wanted.add((op.response, "serialization"))
    ordered = sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1]))
    refs, defs = models_json_schema(ordered, ref_template=REF)  # type: ignore[arg-type]

    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        responses: dict[str, Any] = {str(op.status): {"description": op.summary}}
        if op.response is not None and op.status != 204:
            responses[str(op.status)]["content"] = _json(_ref(op.response, "serialization", refs))
        for status in sorted(_error_statuses(op)):
            responses[str(status)] = {"description": ERROR_TEXT[status],
                                      "content": _json(_ref(ErrorBody, "serialization", refs))}
        entry: dict[str, Any] = {"operationId": op.operation_id, "summary": op.summary, "tags": [op.tag],
                                 "parameters": _parameters(op), "responses": responses}
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": _json(_ref(op.body, "validation", refs))}
        if not op.auth:
            entry["security"] = []
        paths.setdefault(op.path, {})[op.method.lower()] = entry

    return {
        "openapi": "3.1.0",
        "info": {"title": "Tend companion", "version": __version__,
                 "description": "Local API of the Tend companion. Listens on 127.0.0.1 only."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {}),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }
