"""The access log: method, path, status, size and time, never a query string or a header.

Query strings carry what must not reach a log file: the calendar feed's key, the e-mail address or
profile URL a lookup asks about, search words. aiohttp's default line (`%r`) would write them all.
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse


class PathOnlyAccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info("%s %s %d %s %.1fms", request.method, request.path, response.status,
                         response.body_length, time * 1000)
