// The service worker: the only part of the extension that talks to the companion. A router: every
// listener is registered synchronously here, at the top level (an MV3 worker is stopped when idle and
// must find them again when woken), and each message goes to the feature that answers it, one file
// each under worker/. Pages send {type, ...}; the handler answers {ok, result} or {ok, error}.

import { CompanionError } from "./lib/companion.js";
import { loadLanguage, t } from "./lib/i18n.js";
import { flush } from "./lib/queue.js";
import { settings } from "./lib/storage.js";
import { handlers as capture } from "./worker/capture.js";
import { contentHandlers, handlers as card } from "./worker/card.js";
import { handlers as faces } from "./worker/faces.js";
import { handlers as logging, saveSelection } from "./worker/logging.js";
import { handlers as people } from "./worker/people.js";
import { checkDue, DUE_ALARM, handlers as reminders, onReminderButton } from "./worker/reminders.js";
import { handlers as setup, MENU_SAVE_LINK, MENU_SAVE_SELECTION, setUp } from "./worker/settings.js";
import { handlers as sync } from "./worker/sync.js";
import { handlers as transfers } from "./worker/transfers.js";

// What the extension's own pages may ask. Content scripts get contentHandlers only; web pages cannot
// send here at all (no externally_connectable).
function route(...features) {
  const table = {};
  for (const feature of features) {
    for (const [type, handler] of Object.entries(feature)) {
      if (table[type]) throw new Error(`two features answer "${type}"`); // found at load, not as a wrong answer
      table[type] = handler;
    }
  }
  return table;
}

const handlers = route(setup, capture, faces, logging, people, reminders, sync, transfers, card);

chrome.runtime.onInstalled.addListener(setUp);
chrome.runtime.onStartup.addListener(setUp);

chrome.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name !== DUE_ALARM) return;
  await flush();
  await checkDue();
});

chrome.notifications.onButtonClicked.addListener(onReminderButton);

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (![MENU_SAVE_SELECTION, MENU_SAVE_LINK].includes(info.menuItemId) || !tab?.id) return;
  const { language } = await settings();
  await loadLanguage(language);
  let message;
  try {
    if (info.menuItemId === MENU_SAVE_LINK) {
      const result = await capture.saveLink({ url: info.linkUrl });
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
