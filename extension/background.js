// The service worker: the only part of the extension that talks to the companion. Listeners are
// registered synchronously at the top level (an MV3 worker is stopped when idle and must find them
// again when woken). Pages send {type, ...}; one handler per type answers {ok, result} or {ok, error}.

import { call, CompanionError, connectionState } from "./lib/companion.js";
import { formatDate, formatList, formatNumber, loadLanguage, t } from "./lib/i18n.js";
import { flush, send } from "./lib/queue.js";
import { describe } from "./lib/suggestions.js";
import { settings, settingsForPages, update } from "./lib/storage.js";
import { leanCapture } from "./content/lean.js";
import * as conversations from "./lib/conversation.js";

const DUE_ALARM = "tend-due";
const DUE_EVERY_MINUTES = 15;
const SNOOZE_DAYS = 7;
const MENU_SAVE_SELECTION = "tend-save-selection";
const MENU_SAVE_LINK = "tend-save-link";
const RECENT_PEOPLE = 50;
// Links the "Save this person" menu offers itself on: people's pages on the sites Tend reads.
const PROFILE_LINKS = ["https://*.linkedin.com/in/*", "https://github.com/*", "https://x.com/*",
  "https://twitter.com/*", "https://bsky.app/profile/*", "https://*/@*", "https://orcid.org/*",
  "https://scholar.google.com/citations*", "https://stackoverflow.com/users/*"];

const IMPORT_TIMEOUT_MS = 120000; // 50k LinkedIn connections take about twenty seconds
const LOG_KINDS = new Set(["met", "call", "message", "email", "meeting", "coffee", "helped_them", "helped_me", "thanks",
  "note"]);
const PICKER_WINDOW = { type: "popup", width: 400, height: 640 };

// A time the user chose for a log ("yesterday", last Thursday), or now; never one in the future.
function occurredAt(when) {
  const time = Date.parse(when ?? "");
  return Number.isFinite(time) && time <= Date.now() ? new Date(time).toISOString() : new Date().toISOString();
}

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

// Only the fields a confirmed draft has, as trimmed text (the companion validates the rest).
function confirmedDraft(draft) {
  const fields = {};
  for (const name of ["name", "headline", "organization", "location", "photo_url", "url"]) {
    const value = typeof draft[name] === "string" ? draft[name].trim() : "";
    if (value) fields[name] = value;
  }
  return fields;
}

function inDays(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

// A CSV's column mapping from the dashboard (header -> field, "" to leave a column out), or none.
function isMapping(mapping) {
  return mapping === undefined || (typeof mapping === "object" && mapping !== null && !Array.isArray(mapping)
    && Object.values(mapping).every((field) => typeof field === "string"));
}

async function captureBody(tabId, withSelection) {
  const page = await capture(tabId);
  const body = { url: page.url, html: page.html, title: page.title || undefined };
  if (withSelection && page.selection) body.selection = page.selection;
  return body;
}

// Reminders: due tasks and today's suggestions become the badge count and one notification each,
// never twice (the shown keys live in storage, so a browser restart does not repeat them either).
async function checkDue() {
  let tasks;
  let suggestions;
  try {
    [tasks, suggestions] = await Promise.all([call("GET", "/reminders/due").then((page) => page.items),
      call("GET", "/suggestions").then((page) => page.items)]);
  } catch {
    return [];
  }
  const count = tasks.length + suggestions.length;
  await chrome.action.setBadgeBackgroundColor({ color: "#2f6f4f" });
  await chrome.action.setBadgeText({ text: count ? String(count) : "" }); // the badge is too small for other digits
  const { shownReminders, language } = await settings();
  await loadLanguage(language);
  const reminders = [
    ...tasks.map((task) => ({ id: `task:${task.id}`, key: `${task.id}:${task.snoozed_until ?? task.due ?? ""}`,
      message: task.text, buttons: [t("taskDone"), t("taskSnooze")] })),
    ...suggestions.map((suggestion) => ({ id: `suggestion:${suggestion.id}`, key: `suggestion:${suggestion.id}`,
      message: describe(suggestion), buttons: [t("suggestionDone"), t("suggestionSnooze")] })),
  ];
  const shown = {};
  for (const reminder of reminders) {
    shown[reminder.key] = shownReminders[reminder.key] ?? new Date().toISOString();
    if (shownReminders[reminder.key]) continue;
    await chrome.notifications.create(reminder.id, {
      type: "basic", iconUrl: "icons/tend-128.png", title: t("reminderTitle"), message: reminder.message,
      buttons: reminder.buttons.map((title) => ({ title })),
    });
  }
  await update({ shownReminders: shown }); // keys of reminders no longer due are forgotten
  return tasks;
}

function loaded(tabId) {
  return new Promise((resolve) => {
    const listener = (id, change) => {
      if (id === tabId && change.status === "complete") {
        chrome.tabs.onUpdated.removeListener(listener);
        resolve();
      }
    };
    chrome.tabs.onUpdated.addListener(listener);
    chrome.tabs.get(tabId).then((tab) => { if (tab.status === "complete") listener(tabId, tab); });
  });
}

async function setUp() {
  const { language } = await settings();
  await loadLanguage(language);
  await chrome.contextMenus.removeAll();
  chrome.contextMenus.create({ id: MENU_SAVE_SELECTION, title: t("menuSaveSelection"), contexts: ["selection"] });
  chrome.contextMenus.create({ id: MENU_SAVE_LINK, title: t("menuSavePerson"), contexts: ["link"],
    targetUrlPatterns: PROFILE_LINKS });
  await chrome.alarms.create(DUE_ALARM, { periodInMinutes: DUE_EVERY_MINUTES, delayInMinutes: 0.1 });
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
  async saveSettings({ port, language }) {
    const patch = {};
    if (Number.isInteger(port) && port > 0 && port < 65536) patch.port = port;
    if (["auto", "en", "fa", "bn"].includes(language)) patch.language = language;
    await update(patch);
    if (patch.language) await setUp(); // menu titles in the new language
    return settingsForPages();
  },
  async pair({ code }) {
    const issued = await call("POST", "/pairing", { code: String(code).trim(), name: "Tend extension" });
    await update({ token: issued.token });
    return { paired: true };
  },
  // `confirmed`: the person as the user confirmed or typed them, for a page not read as a profile.
  async save({ tabId, withSelection, confirmed }) {
    const body = await captureBody(tabId, withSelection);
    if (confirmed) body.confirmed = confirmedDraft(confirmed);
    return send("POST", "/captures", body);
  },
  async savePage({ tabId }) {
    const { url, html, title } = await captureBody(tabId, false);
    return send("POST", "/pages", { url, html, title });
  },
  // The card of the person on the page at `url` (by id when the caller knows it, else looked up).
  async lookup({ url, personId }) {
    const { recentPeople } = await settings();
    try {
      const id = personId ?? (await call("GET", `/people/lookup?url=${encodeURIComponent(url)}`)).id;
      const summary = await personSummary(id);
      await conversations.remember([summary.person]);
      // Remembered, so the card and its log buttons still work (queued) while the companion is down.
      const recent = Object.fromEntries(Object.entries({ ...recentPeople, [url]: summary }).slice(-RECENT_PEOPLE));
      await update({ recentPeople: recent });
      return summary;
    } catch (error) {
      if (error.kind === "offline") return recentPeople[url] ? { ...recentPeople[url], offline: true } : null;
      if (error.status === 404 || error.code === "validation_error") return null;
      throw error;
    }
  },
  async log({ personId, kind, note, when }) {
    if (!LOG_KINDS.has(kind)) throw new CompanionError("refused", { code: "validation_error" });
    const body = { person_ids: [personId], kind, occurred_at: occurredAt(when) };
    if (note) body.note = note;
    return send("POST", "/interactions", body); // the time is taken now, even if sent later
  },
  // Tags, interests and cadence: the user's own words about the person, edited from the popup.
  async editPerson({ personId, revision, tags, interests, cadenceDays, birthday }) {
    const clean = (list) => [...new Set((list ?? []).map((item) => String(item).trim()).filter(Boolean))];
    const body = { tags: clean(tags), interests: clean(interests), cadence_days: cadenceDays || null };
    if (birthday !== undefined) body.birthday = birthday; // null clears it
    return call("PATCH", `/people/${personId}`, body, { "If-Match": `"${revision}"` });
  },
  async editDates({ personId, revision, birthday, dates }) {
    return call("PATCH", `/people/${personId}`, { birthday, dates }, { "If-Match": `"${revision}"` });
  },
  // Logging from any page: who the open conversation is with, the picker, and the log itself.
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
  async merge({ keepId, duplicateId }) {
    return call("POST", `/people/${keepId}/merge`, { duplicate_id: duplicateId });
  },
  // The keep-in-touch interval for people without their own: the companion's, the one its rules use.
  async defaultCadence() {
    return (await call("GET", "/me")).default_cadence_days;
  },
  async setDefaultCadence({ days }) {
    const me = await call("GET", "/me");
    return (await call("PUT", "/me", { ...me, default_cadence_days: days })).default_cadence_days;
  },
  async due() {
    return (await call("GET", "/tasks/due")).items;
  },
  async insights() {
    return call("GET", "/insights");
  },
  async suggestions() {
    return (await call("GET", "/suggestions")).items;
  },
  async suggestionAction({ id, action }) {
    if (!["done", "snooze", "dismiss"].includes(action)) throw new CompanionError("refused", { code: "validation_error" });
    return call("POST", `/suggestions/${encodeURIComponent(id)}/${action}`, action === "snooze" ? { days: SNOOZE_DAYS } : undefined);
  },
  async taskDone({ taskId }) {
    return call("PATCH", `/tasks/${taskId}`, { status: "done" });
  },
  async taskSnooze({ taskId }) {
    return call("PATCH", `/tasks/${taskId}`, { status: "snoozed", snoozed_until: inDays(SNOOZE_DAYS) });
  },
  async flushQueue() {
    await flush();
    return settingsForPages();
  },
  checkDue,
  // Save the person a link points to: read in a background tab where Tend may read that site (a card
  // site, or localhost); elsewhere the profile opens for the user to save with one click.
  async saveLink({ url }) {
    const origin = `${new URL(url).origin}/*`;
    if (!/^https?:/.test(url) || !await chrome.permissions.contains({ origins: [origin] })) {
      await chrome.tabs.create({ url, active: true });
      return { opened: true };
    }
    const tab = await chrome.tabs.create({ url, active: false });
    try {
      await loaded(tab.id);
      return await send("POST", "/captures", await captureBody(tab.id, false));
    } finally {
      await chrome.tabs.remove(tab.id);
    }
  },
  async people({ q, tag, organization, offset = 0 }) {
    const query = new URLSearchParams({ limit: "50", offset: String(offset) });
    for (const [key, value] of Object.entries({ q, tag, organization })) if (value) query.set(key, value);
    return call("GET", `/people?${query}`);
  },
  // Imports and exports, from the dashboard (the file is read there; the token stays here).
  async importFile({ format, content, mapping, dryRun }) {
    if (!["linkedin", "vcard", "csv", "json"].includes(format) || typeof content !== "string" || !isMapping(mapping)) {
      throw new CompanionError("refused", { code: "validation_error" });
    }
    return call("POST", "/imports", { format, content, mapping, dry_run: Boolean(dryRun) }, {},
      { timeoutMs: IMPORT_TIMEOUT_MS });
  },
  async csvColumns({ content }) {
    if (typeof content !== "string") throw new CompanionError("refused", { code: "validation_error" });
    return call("POST", "/imports/csv-columns", { content }, {}, { timeoutMs: IMPORT_TIMEOUT_MS });
  },
  async exportFile({ format }) {
    if (!["vcard", "csv", "json", "ics"].includes(format)) throw new CompanionError("refused", { code: "validation_error" });
    return call("GET", `/exports/${format}`, undefined, {}, { text: true });
  },
  async calendarLink({ renew }) {
    // The companion shows an address only when it makes one (it keeps a hash): remember it here.
    const link = await call(renew ? "POST" : "GET", renew ? "/calendar/key" : "/calendar");
    if (link.url) {
      await update({ calendarUrl: link.url });
      return link;
    }
    return { ...link, url: (await settings()).calendarUrl };
  },
  async personDetail({ personId }) {
    const [person, timeline, tasks] = await Promise.all([
      call("GET", `/people/${personId}`),
      call("GET", `/people/${personId}/interactions?limit=100`),
      call("GET", `/tasks?person_id=${personId}&limit=100`),
    ]);
    return { person, timeline: timeline.items, tasks: tasks.items };
  },
  async editInteraction({ interactionId, note }) {
    return call("PATCH", `/interactions/${interactionId}`, { note: note || null });
  },
  async deleteInteraction({ interactionId }) {
    return call("DELETE", `/interactions/${interactionId}`);
  },
  async addTask({ personId, text }) {
    return call("POST", "/tasks", { person_id: personId, text, origin: "manual" });
  },
  // Show the card on these sites: the user granted them in the options (a user gesture there).
  async enableCard({ origins }) {
    const granted = [];
    for (const origin of origins ?? []) {
      if (typeof origin === "string" && await chrome.permissions.contains({ origins: [origin] })) granted.push(origin);
    }
    await update({ cardOrigins: granted });
    await registerCard(granted);
    return granted;
  },
};

// What content scripts may ask: the card of the page they run on, and to hide it. Nothing else.
const contentHandlers = {
  async card({ url }) {
    const { dismissedCards, language } = await settings();
    if (dismissedCards.includes(url)) return null;
    const summary = await handlers.lookup({ url }).catch(() => null);
    if (!summary) return null;
    const lang = await loadLanguage(language);
    const { person, lastInteraction, tasks } = summary;
    const lines = [lastInteraction ? t("cardLastInteraction", formatDate(lastInteraction.occurred_at)) : t("cardNever")];
    if (tasks.length) lines.push(t("cardTasksCount", formatNumber(tasks.length)));
    // The next step is the companion's: its rules and the person's rhythm, never a second rule here.
    const step = await call("GET", `/people/${person.id}/next`).catch(() => null);
    const next = step?.suggestions[0] ? describe(step.suggestions[0]) : step?.task ? t("cardNextTask", step.task.text) : null;
    return { title: person.name, lines, next, dismiss: t("cardDismiss"), lang, dir: lang === "fa" ? "rtl" : "ltr" };
  },
  async dismissCard({ url }) {
    const { dismissedCards } = await settings();
    await update({ dismissedCards: [...dismissedCards.filter((u) => u !== url), url].slice(-200) });
    return null;
  },
};

async function registerCard(origins) {
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: ["tend-card"] });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: ["tend-card"] });
  if (origins.length) {
    await chrome.scripting.registerContentScripts([{
      id: "tend-card", matches: origins, js: ["content/card.js"], runAt: "document_idle",
    }]);
  }
}

chrome.runtime.onInstalled.addListener(setUp);
chrome.runtime.onStartup.addListener(setUp);

chrome.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name !== DUE_ALARM) return;
  await flush();
  await checkDue();
});

// A reminder's buttons: 0 is Done, 1 is Snooze (a task) or Later (a suggestion).
async function onReminderButton(notificationId, buttonIndex) {
  const [type, id] = notificationId.split(/:(.*)/s);
  try {
    if (type === "task") {
      const change = buttonIndex === 0 ? { status: "done" } : { status: "snoozed", snoozed_until: inDays(SNOOZE_DAYS) };
      await call("PATCH", `/tasks/${Number(id)}`, change);
    } else if (type === "suggestion") {
      await handlers.suggestionAction({ id, action: buttonIndex === 0 ? "done" : "snooze" });
    }
  } finally {
    await chrome.notifications.clear(notificationId);
    await checkDue();
  }
}

chrome.notifications.onButtonClicked.addListener(onReminderButton);

// "Save selection as a note", on any page: about the people in the conversation there when the page
// shows saved ones; about the person on a profile page; else the picker opens with the note in it.
async function saveSelection(tab) {
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

// The popup as a window of its own, for the tab the user was on (a context menu cannot open the popup).
async function openPicker(tabId, { selection = false } = {}) {
  const query = new URLSearchParams({ tab: String(tabId) });
  if (selection) query.set("selection", "1");
  return chrome.windows.create({ ...PICKER_WINDOW, url: chrome.runtime.getURL(`popup/popup.html?${query}`) });
}

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (![MENU_SAVE_SELECTION, MENU_SAVE_LINK].includes(info.menuItemId) || !tab?.id) return;
  const { language } = await settings();
  await loadLanguage(language);
  let message;
  try {
    if (info.menuItemId === MENU_SAVE_LINK) {
      const result = await handlers.saveLink({ url: info.linkUrl });
      message = result.opened ? t("linkNeedsPage") : result.queued ? t("outcomeQueued")
        : t("personSaved", result.person.name);
    } else {
      message = await saveSelection(tab);
    }
  } catch (error) {
    message = t("errorGeneric", error.code ?? "?");
  }
  if (!message) return; // the picker opened: it says what happens next
  await chrome.notifications.create(`selection:${Date.now()}`, {
    type: "basic", iconUrl: "icons/tend-128.png", title: t("extName"), message,
  });
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // This extension's own pages may ask anything; its content scripts only for the card; web pages can
  // not send here at all (no externally_connectable).
  if (sender.id !== chrome.runtime.id) return false;
  const ownPage = sender.url?.startsWith(chrome.runtime.getURL("")) && !sender.tab?.url?.startsWith("http");
  const handler = (ownPage ? handlers : contentHandlers)[message?.type];
  if (!handler) return false;
  handler(message).then(
    (result) => {
      if (!ownPage) answeredForPages.push({ type: message.type, url: message.url, shown: Boolean(result) });
      sendResponse({ ok: true, result });
    },
    (error) => sendResponse({ ok: false, error: error instanceof CompanionError ? error.toJSON()
      : { kind: "refused", code: "internal", status: 0, fields: {} } }),
  );
  return true; // the answer comes asynchronously
});

// What content scripts were answered (the tests wait on it; the DevTools console can read it).
const answeredForPages = [];

// Exposed for the browser tests and the DevTools console of the worker; not reachable from pages.
self.tend = { handlers, settings, checkDue, setUp, onReminderButton, saveSelection, answeredForPages };
