// Sync's state for the options page and the dashboard, and "Sync now" (the companion syncs; this asks).

import { call } from "../lib/companion.js";

const SYNC_NOW_TIMEOUT_MS = 70000; // the companion answers when its round is over, a minute at most

export const handlers = {
  async syncStatus() {
    return call("GET", "/sync");
  },
  async syncNow() {
    return call("POST", "/sync/now", undefined, {}, { timeoutMs: SYNC_NOW_TIMEOUT_MS });
  },
};
