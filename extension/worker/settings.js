// The connection, pairing, the user's settings, the offline queue's flush, and the menus and alarm
// set up when the extension is installed or the browser starts.

import { call, connectionState } from "../lib/companion.js";
import { loadLanguage, t } from "../lib/i18n.js";
import { flush } from "../lib/queue.js";
import { settings, settingsForPages, update } from "../lib/storage.js";
import { PROFILE_LINKS } from "./capture.js";
import { DUE_ALARM, DUE_EVERY_MINUTES } from "./reminders.js";

export const MENU_SAVE_SELECTION = "tend-save-selection";
export const MENU_SAVE_LINK = "tend-save-link";

export async function setUp() {
  const { language } = await settings();
  await loadLanguage(language);
  await chrome.contextMenus.removeAll();
  chrome.contextMenus.create({ id: MENU_SAVE_SELECTION, title: t("menuSaveSelection"), contexts: ["selection"] });
  chrome.contextMenus.create({ id: MENU_SAVE_LINK, title: t("menuSavePerson"), contexts: ["link"],
    targetUrlPatterns: PROFILE_LINKS });
  await chrome.alarms.create(DUE_ALARM, { periodInMinutes: DUE_EVERY_MINUTES, delayInMinutes: 0.1 });
}

export const handlers = {
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
  async flushQueue() {
    await flush();
    return settingsForPages();
  },
};
