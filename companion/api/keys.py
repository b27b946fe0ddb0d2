"""Typed application state, shared by the app factory, the middlewares and the handlers."""

from __future__ import annotations

from aiohttp import web

from companion.pairing import PairingCodes
from companion.settings import Settings
from companion.store import Store
from companion.suggestions import Suggestions
from companion.sync.runner import SyncRunner

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
PAIRING = web.AppKey("pairing", PairingCodes)
SUGGESTIONS = web.AppKey("suggestions", Suggestions)
SYNC = web.AppKey("sync", SyncRunner)
