// The service worker: the only part of the extension that talks to the companion. Listeners are
// registered synchronously at the top level (an MV3 worker is stopped when idle and must find them
// again when woken). Pages send {type, ...}; one handler per type answers {ok, result} or {ok, error}.

import { call, CompanionError, connectionState } from "./lib/companion.js";
import { settings, settingsForPages, update } from "./lib/storage.js";
import { leanCapture } from "./content/lean.js";

const LOG_KINDS = new Set(["met", "call", "message", "coffee", "helped_them", "helped_me", "thanks", "note"]);

async function capture(tabId) {
  let injected;
  try {
    [injected] = await chrome.scripting.executeScript({ target: { tabId }, func: leanCapture });
  } catch {
    throw new CompanionError("refused", { code: "cannot_capture" });
  }
  const page = injected?.result;
  if (!page || !/^https?:/.test(page.url)) throw new CompanionError("refused", { code: "cannot_capture" });
  return page;
}

async function personSummary(personId) {
  const [person, timeline, tasks] = await Promise.all([
    call("GET", `/people/${personId}`),
    call("GET", `/people/${personId}/interactions?limit=1`),
    call("GET", `/tasks?person_id=${personId}&status=open&limit=5`),
  ]);
  return { person, lastInteraction: timeline.items[0] ?? null, tasks: tasks.items };
}

const handlers = {
  async state() {
    return { state: await connectionState(), settings: await settingsForPages() };
  },
  async saveSettings({ port, language, cadenceDays }) {
    const patch = {};
    if (Number.isInteger(port) && port > 0 && port < 65536) patch.port = port;
    if (["auto", "en", "fa", "bn"].includes(language)) patch.language = language;
    if (Number.isInteger(cadenceDays) && cadenceDays > 0 && cadenceDays <= 3650) patch.cadenceDays = cadenceDays;
    await update(patch);
    return settingsForPages();
  },
  async pair({ code }) {
    const issued = await call("POST", "/pairing", { code: String(code).trim(), name: "Tend extension" });
    await update({ token: issued.token });
    return { paired: true };
  },
  async save({ tabId, withSelection }) {
    const page = await capture(tabId);
    const body = { url: page.url, html: page.html, title: page.title || undefined };
    if (withSelection && page.selection) body.selection = page.selection;
    return call("POST", "/captures", body);
  },
  async lookup({ url }) {
    try {
      const person = await call("GET", `/people/lookup?url=${encodeURIComponent(url)}`);
      return personSummary(person.id);
    } catch (error) {
      if (error.status === 404 || error.code === "validation_error") return null;
      throw error;
    }
  },
  async log({ personId, kind, note }) {
    if (!LOG_KINDS.has(kind)) throw new CompanionError("refused", { code: "validation_error" });
    const body = { person_ids: [personId], kind };
    if (note) body.note = note;
    return call("POST", "/interactions", body);
  },
  async merge({ keepId, duplicateId }) {
    return call("POST", `/people/${keepId}/merge`, { duplicate_id: duplicateId });
  },
  async due() {
    return (await call("GET", "/tasks/due")).items;
  },
  async taskDone({ taskId }) {
    return call("PATCH", `/tasks/${taskId}`, { status: "done" });
  },
  async taskSnooze({ taskId, until }) {
    return call("PATCH", `/tasks/${taskId}`, { status: "snoozed", snoozed_until: until });
  },
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only this extension's own pages may ask: never a content script or a web page.
  if (sender.id !== chrome.runtime.id || !sender.url?.startsWith(chrome.runtime.getURL(""))) return false;
  const handler = handlers[message?.type];
  if (!handler) return false;
  handler(message).then(
    (result) => sendResponse({ ok: true, result }),
    (error) => sendResponse({ ok: false, error: error instanceof CompanionError ? error.toJSON()
      : { kind: "refused", code: "internal", status: 0, fields: {} } }),
  );
  return true; // the answer comes asynchronously
});

// Exposed for the browser tests and the DevTools console of the worker; not reachable from pages.
self.tend = { handlers, settings };
