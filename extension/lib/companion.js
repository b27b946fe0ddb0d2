// The one client of the companion: every fetch goes through call(). Only the service worker imports it.

import { settings } from "./storage.js";

export const API_LEVEL = 1;
const TIMEOUT_MS = 10000;

// The connection state as the last answer showed it, kept in storage.session so that every open page
// hears of a change (watchState in ui.js) without asking: a companion that stops while the dashboard is
// open shows as stopped on the next request, and as back on the first one that succeeds.
const STATE_KEY = "connection";
let lastNoted = null;

async function noteState(state) {
  if (state === lastNoted) return;
  lastNoted = state;
  await chrome.storage.session.set({ [STATE_KEY]: state });
}

// What one answer says about the connection (null: nothing, e.g. a request made before pairing).
function stateShownBy(response, error, token) {
  if (!response) return "not_running";
  if (response.status === 401 || error?.code === "origin_not_paired") return "not_paired";
  if (error?.code === "api_level_mismatch") return "version_mismatch";
  return token && response.status < 500 ? "connected" : null;
}

export class CompanionError extends Error {
  // kind: "offline" (not running or unreachable), "unauthorized" (pair again), "refused" (4xx with a code)
  // details: the companion's next step for some errors (not_a_profile: what the page is, what was read)
  constructor(kind, { status = 0, code = kind, fields = {}, details = null } = {}) {
    super(code);
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  toJSON() {
    return { kind: this.kind, status: this.status, code: this.code, fields: this.fields, details: this.details };
  }
}

// options.timeoutMs: longer for an import; options.text: the answer is a document (an export), not JSON;
// options.blob: the answer is an image (a face).
export async function call(method, path, body, extraHeaders = {}, { timeoutMs = TIMEOUT_MS, text = false, blob = false } = {}) {
  const { port, token } = await settings();
  const headers = { "Tend-Api-Level": String(API_LEVEL), ...extraHeaders }; // refused with a clear code if not ours
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const tells = path !== "/health"; // /health answers without a token: it says nothing about pairing
  const note = (state) => (tells ? noteState(state ?? lastNoted) : undefined);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal,
    });
  } catch {
    await noteState("not_running"); // whichever path: nothing answers
    throw new CompanionError("offline");
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) await note(stateShownBy(response, null, token));
  if (text && response.ok) return response.text();
  if (blob && response.ok) return response.blob();
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    await note(stateShownBy(response, error, token));
    const kind = response.status === 401 || error.code === "origin_not_paired" ? "unauthorized" : "refused";
    throw new CompanionError(kind, { status: response.status, code: error.code, fields: error.fields ?? {},
      details: error.details ?? null });
  }
  return data;
}

// "connected" | "not_running" | "not_paired" | "version_mismatch", checked now (and noted for open pages).
export async function connectionState() {
  const state = await checkConnection();
  await noteState(state);
  return state;
}

async function checkConnection() {
  let health;
  try {
    health = await call("GET", "/health");
  } catch (error) {
    if (error.kind === "offline") return "not_running";
    throw error;
  }
  if (health.api !== API_LEVEL) return "version_mismatch";
  const { token } = await settings();
  if (!token) return "not_paired";
  try {
    await call("GET", "/people?limit=1");
  } catch (error) {
    if (error.kind === "unauthorized") return "not_paired";
    if (error.kind === "offline") return "not_running";
    throw error;
  }
  return "connected";
}
