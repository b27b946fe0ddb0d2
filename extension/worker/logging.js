// Logging: one click on a saved person's card, a conversation from any page (the picker, the page's
// participants), and "Save selection as a note" on any page. Through the offline queue.

import { CompanionError } from "../lib/companion.js";
import * as conversations from "../lib/conversation.js";
import { formatList, t } from "../lib/i18n.js";
import { send } from "../lib/queue.js";
import { captureBody } from "./capture.js";

const LOG_KINDS = new Set(["met", "call", "message", "email", "meeting", "coffee", "helped_them", "helped_me", "thanks",
  "note"]);
const PICKER_WINDOW = { type: "popup", width: 400, height: 640 };

// A time the user chose for a log ("yesterday", last Thursday), or now; never one in the future.
function occurredAt(when) {
  const time = Date.parse(when ?? "");
  return Number.isFinite(time) && time <= Date.now() ? new Date(time).toISOString() : new Date().toISOString();
}

export const handlers = {
  async log({ personId, kind, note, when }) {
    if (!LOG_KINDS.has(kind)) throw new CompanionError("refused", { code: "validation_error" });
    const body = { person_ids: [personId], kind, occurred_at: occurredAt(when) };
    if (note) body.note = note;
    return send("POST", "/interactions", body); // the time is taken now, even if sent later
  },
  async conversation({ tabId }) {
    return conversations.conversation(tabId);
  },
  async match({ q }) {
    if (typeof q !== "string" || !q.trim()) return { items: [], total: 0, offline: false };
    return conversations.match(q.trim().slice(0, 300));
  },
  async logConversation({ people, kind, note, when, sourceUrl, sourceTitle }) {
    const valid = Array.isArray(people) && people.length && people.length <= 100 && people.every((p) =>
      (Number.isInteger(p?.id) && p.id > 0) || (typeof p?.name === "string" && p.name.trim()));
    if (!LOG_KINDS.has(kind) || !valid) throw new CompanionError("refused", { code: "validation_error" });
    return conversations.log({ people, kind, note, occurredAt: occurredAt(when), sourceUrl, sourceTitle });
  },
};

// The popup as a window of its own, for the tab the user was on (a context menu cannot open the popup).
async function openPicker(tabId, { selection = false } = {}) {
  const query = new URLSearchParams({ tab: String(tabId) });
  if (selection) query.set("selection", "1");
  return chrome.windows.create({ ...PICKER_WINDOW, url: chrome.runtime.getURL(`popup/popup.html?${query}`) });
}

// "Save selection as a note", on any page: about the people in the conversation there when the page
// shows saved ones; about the person on a profile page; else the picker opens with the note in it
// (and this answers null: the picker says what happens next).
export async function saveSelection(tab) {
  const page = await conversations.conversation(tab.id);
  const people = (page?.participants ?? []).filter((p) => p.person).map((p) => p.person);
  if (page?.selection && people.length) {
    const result = await conversations.log({ people, kind: "note", note: page.selection,
      occurredAt: occurredAt(page.when), sourceUrl: page.url, sourceTitle: page.title });
    return result.queued ? t("outcomeQueued") : t("selectionSavedFor", formatList(result.people.map((p) => p.name)));
  }
  try {
    const result = await send("POST", "/captures", await captureBody(tab.id, true));
    return result.queued ? t("outcomeQueued") : t("selectionSaved", result.person.name);
  } catch (error) {
    if (error.code !== "not_a_profile" && error.code !== "cannot_capture") throw error;
  }
  await openPicker(tab.id, { selection: true });
  return null;
}
