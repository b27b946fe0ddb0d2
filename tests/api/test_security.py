"""Every rule of the security gate. Whatever a web page can send must neither read nor change anything."""

import asyncio
import gzip
import json
import logging

import pytest

from companion.api.keys import PAIRING
from tests.conftest import Api
from tests.support import check_error

PEOPLE = "/api/v1/people"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


async def raw_request(api: Api, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes no well-behaved client would (repeated or missing headers) and read the answer.

    aiohttp's parser refuses some of these itself, before any middleware, with a plain-text 400."""
    reader, writer = await asyncio.open_connection("127.0.0.1", api.client.port)
    writer.write(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    header, _, payload = response.partition(b"\r\n\r\n")
    return int(header.split()[1]), payload


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1", "localhost:1", "127.0.0.2:{port}",
                                  "[::1]:{port}", "127.0.0.1:{port}.evil.example"])
async def test_a_foreign_host_header_is_refused(api: Api, host: str) -> None:
    await api.expect_error(400, "host_not_allowed", "GET", PEOPLE, headers={"Host": host.format(port=api.client.port)})
    await api.expect_error(400, "host_not_allowed", "POST", PEOPLE, {"name": "Mallory"},
                           headers={"Host": host.format(port=api.client.port)})


async def test_localhost_and_loopback_hosts_are_accepted(api: Api) -> None:
    for host in (f"127.0.0.1:{api.client.port}", f"LOCALHOST:{api.client.port}"):
        status, _, _ = await api.call("GET", PEOPLE, headers={"Host": host})
        assert status == 200


async def test_a_missing_or_repeated_host_is_refused(api: Api) -> None:
    before = api.state()
    port = api.client.port
    status, body = await raw_request(api, "GET /api/v1/health HTTP/1.1\nConnection: close\n")
    assert status == 400
    status, body = await raw_request(
        api, f"GET /api/v1/health HTTP/1.1\nHost: 127.0.0.1:{port}\nHost: evil.example\nConnection: close\n")
    assert status == 400
    payload = b'{"name": "Mallory"}'
    status, body = await raw_request(
        api, f"POST /api/v1/people HTTP/1.1\nHost: 127.0.0.1:{port}\nHost: 127.0.0.1:{port}\n"
             f"Authorization: Bearer {api.token}\nContent-Type: application/json\n"
             f"Content-Length: {len(payload)}\nConnection: close\n", payload)
    assert status == 400
    assert api.state() == before


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8000", "null",
                                    "chrome-extension://x/../", "file://"])
async def test_web_page_origins_are_refused_even_with_a_token(api: Api, origin: str) -> None:
    await api.expect_error(403, "origin_not_allowed", "GET", PEOPLE, headers={"Origin": origin})
    await api.expect_error(403, "origin_not_allowed", "POST", PEOPLE, {"name": "Mallory"}, headers={"Origin": origin})
    await api.expect_error(403, "origin_not_allowed", "GET", "/api/v1/health", headers={"Origin": origin}, auth=False)


async def test_a_page_request_without_origin_is_refused_by_its_fetch_metadata(api: Api) -> None:
    await api.expect_error(403, "origin_not_allowed", "GET", PEOPLE, headers={"Sec-Fetch-Site": "cross-site"})


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/json; charset=latin-1"])
async def test_bodies_that_are_not_json_are_refused(api: Api, content_type: str) -> None:
    await api.expect_error(415, "unsupported_media_type", "POST", PEOPLE, data=b'{"name": "Mallory"}',
                           headers={"Content-Type": content_type})


async def test_a_form_post_from_a_page_changes_nothing(api: Api) -> None:
    """What <form method=post action=http://127.0.0.1:PORT/api/v1/people> sends."""
    await api.expect_error(403, "origin_not_allowed", "POST", PEOPLE, data=b"name=Mallory", auth=False,
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer wrong", "Basic dGVzdDp0ZXN0",
                                           "bearer tend_guess"])
async def test_api_calls_need_a_valid_bearer_token(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    body = await api.expect_error(401, "unauthorized", "POST", PEOPLE, {"name": "Mallory"}, headers=headers,
                                  auth=False)
    assert body["error"]["fields"] == {"Authorization": "missing or invalid"}
    await api.expect_error(401, "unauthorized", "GET", "/api/v1/openapi.json", headers=headers, auth=False)


async def test_every_operation_but_the_public_ones_needs_a_token(api: Api) -> None:
    """Walks the served OpenAPI document, so a new route is covered the day it is added."""
    status, spec, _ = await api.call("GET", "/api/v1/openapi.json")
    public, checked = set(), 0
    for path, operations in spec["paths"].items():
        concrete = path.replace("{", "").replace("}", "")  # any value: the token is checked before the route runs
        for method, operation in operations.items():
            if operation.get("security") == []:
                public.add((method, path))
                continue
            await api.expect_error(401, "unauthorized", method.upper(), concrete,
                                   {} if method in ("post", "put", "patch") else None, auth=False)
            checked += 1
    assert checked > 30  # the imports' CSV columns among them
    assert public == {("get", "/api/v1/health"), ("post", "/api/v1/pairing"), ("get", "/api/v1/calendar.ics")}


async def test_health_needs_no_token(api: Api) -> None:
    status, body, _ = await api.call("GET", "/api/v1/health", auth=False)
    assert status == 200 and body["name"] == "tend" and body["api"] == 1


async def test_a_body_over_the_limit_is_refused(api: Api) -> None:
    big = {"name": "Ada", "notes": "x" * 1_100_000}  # the default limit is 1 MiB
    await api.expect_error(413, "body_too_large", "POST", PEOPLE, big)


async def test_a_chunked_body_over_the_limit_is_refused(api: Api) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"name": "Ada", "notes": "'
        for _ in range(40):
            yield b"y" * 32768
        yield b'"}'
    await api.expect_error(413, "body_too_large", "POST", PEOPLE, data=chunks(),
                           headers={"Content-Type": "application/json"})


async def test_compressed_bodies_are_refused_without_being_inflated(api: Api) -> None:
    bomb = gzip.compress(b'{"name": "' + b"A" * 20_000_000 + b'"}')
    await api.expect_error(415, "unsupported_encoding", "POST", PEOPLE, data=bomb,
                           headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})


async def test_pairing_exchanges_a_one_time_code_for_a_token_bound_to_the_extension(api: Api) -> None:
    code, _ = api.app[PAIRING].issue(api.store.clock())
    status, issued, headers = await api.call("POST", "/api/v1/pairing", {"code": code.lower().replace("-", " ")},
                                             auth=False, headers={"Origin": EXTENSION})
    assert status == 201 and issued["token"].startswith("tend_")
    assert issued["token"] not in json.dumps(api.store.db.storage.documents())  # only its hash is stored
    status, _, headers = await api.call("GET", PEOPLE, headers={"Origin": EXTENSION,
                                                                "Authorization": f"Bearer {issued['token']}"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == EXTENSION
    # The code worked once.
    await api.expect_error(403, "pairing_code_invalid", "POST", "/api/v1/pairing", {"code": code}, auth=False)
    # The token works only from the extension it was issued to.
    other = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"
    await api.expect_error(403, "origin_not_paired", "GET", PEOPLE, headers={"Origin": other})


async def test_a_pairing_code_dies_after_a_few_wrong_guesses(api: Api) -> None:
    code, _ = api.app[PAIRING].issue(api.store.clock())
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"):
        await api.expect_error(403, "pairing_code_invalid", "POST", "/api/v1/pairing", {"code": guess}, auth=False)
    await api.expect_error(403, "pairing_code_invalid", "POST", "/api/v1/pairing", {"code": code}, auth=False)


async def test_a_pairing_code_expires(api: Api, clock) -> None:  # type: ignore[no-untyped-def]
    code, _ = api.app[PAIRING].issue(clock())
    clock.advance(minutes=10)
    await api.expect_error(403, "pairing_code_invalid", "POST", "/api/v1/pairing", {"code": code}, auth=False)


async def test_cors_preflight_answers_paired_extensions_only_and_never_star(api: Api) -> None:
    api.store.tokens.issue("ext", EXTENSION)
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    status, _, headers = await api.call("OPTIONS", PEOPLE, auth=False, headers={"Origin": EXTENSION, **preflight})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    status, body, headers = await api.call("OPTIONS", PEOPLE, auth=False,
                                           headers={"Origin": "https://evil.example", **preflight})
    check_error(status, body, 403, "origin_not_allowed")
    assert "Access-Control-Allow-Origin" not in headers
    status, body, headers = await api.call(
        "OPTIONS", PEOPLE, auth=False, headers={"Origin": "chrome-extension://unpairedunpairedunpairedunpaired",
                                                **preflight})
    check_error(status, body, 403, "origin_not_paired")
    assert "Access-Control-Allow-Origin" not in headers


async def test_tokens_never_reach_the_log(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await api.call("GET", PEOPLE)
    await api.call("GET", PEOPLE, headers={"Authorization": "Bearer tend_not_a_real_token"})
    code, _ = api.app[PAIRING].issue(api.store.clock())
    status, issued, _ = await api.call("POST", "/api/v1/pairing", {"code": code}, auth=False)
    await api.call("GET", PEOPLE, headers={"Authorization": f"Bearer {issued['token']}"})
    text = caplog.text
    assert caplog.records, "the access log recorded nothing, so this test would prove nothing"
    for secret in (api.token, "tend_not_a_real_token", issued["token"], code):
        assert secret not in text


async def test_unknown_paths_and_methods_use_the_error_shape(api: Api) -> None:
    await api.expect_error(404, "not_found", "GET", "/api/v1/nothing-here")
    await api.expect_error(405, "method_not_allowed", "PUT", PEOPLE, {})


async def test_a_client_of_another_api_level_is_told_so_and_this_one_is_served(api: Api) -> None:
    await api.expect_error(400, "api_level_mismatch", "GET", "/api/v1/people", headers={"Tend-Api-Level": "2"},
                           fields={"Tend-Api-Level"})
    status, page, _ = await api.call("GET", "/api/v1/people", headers={"Tend-Api-Level": "1"})
    assert status == 200
