// Reminders: due tasks and today's suggestions become the badge count and one notification each, never
// twice (the shown keys live in storage, so a browser restart does not repeat them either); and the
// popup's and dashboard's lists of them, with their Done / Snooze / Dismiss.

import { call, CompanionError } from "../lib/companion.js";
import { loadLanguage, t } from "../lib/i18n.js";
import { describe } from "../lib/suggestions.js";
import { settings, update } from "../lib/storage.js";

export const DUE_ALARM = "tend-due";
export const DUE_EVERY_MINUTES = 15;
const SNOOZE_DAYS = 7;

function inDays(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

export async function checkDue() {
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

export const handlers = {
  async due() {
    return (await call("GET", "/tasks/due")).items;
  },
  async insights() {
    return call("GET", "/insights");
  },
  async week() {
    return call("GET", "/week");
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
  checkDue,
};

// A reminder's buttons: 0 is Done, 1 is Snooze (a task) or Later (a suggestion).
export async function onReminderButton(notificationId, buttonIndex) {
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
