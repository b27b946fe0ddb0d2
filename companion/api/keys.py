"""Typed application state, shared by the app factory, the middlewares and the handlers."""

from __future__ import annotations

from aiohttp import web

from companion.pairing import PairingCodes
from companion.settings import Settings
from companion.store import Store
from companion.suggestions import Suggestions
from companion.sync.couch import SyncError
from companion.sync.service import SyncService

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
PAIRING = web.AppKey("pairing", PairingCodes)
SUGGESTIONS = web.AppKey("suggestions", Suggestions)
SYNC = web.AppKey("sync", SyncService)  # only when sync is set up (sync.json)
SYNC_PROBLEM = web.AppKey("sync_problem", SyncError)  # why sync.json could not be used, when it could not
