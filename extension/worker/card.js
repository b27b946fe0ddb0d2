// The on-page card: a content script on the sites the user turned it on for, showing the saved person
// of the page and the companion's next step for them. Content scripts may ask only what is here.

import { call } from "../lib/companion.js";
import { formatDate, formatNumber, loadLanguage, t } from "../lib/i18n.js";
import { describe } from "../lib/suggestions.js";
import { settings, update } from "../lib/storage.js";
import { handlers as faces } from "./faces.js";
import { handlers as people } from "./people.js";

export async function registerCard(origins) {
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: ["tend-card"] });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: ["tend-card"] });
  if (origins.length) {
    await chrome.scripting.registerContentScripts([{
      id: "tend-card", matches: origins, js: ["content/card.js"], runAt: "document_idle",
    }]);
  }
}

// For the extension's own pages: turn the card on where the user granted the site (the options page).
export const handlers = {
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

// For content scripts: the card of the page they run on, and to hide it. Nothing else.
export const contentHandlers = {
  async card({ url }) {
    const { dismissedCards, language } = await settings();
    if (dismissedCards.includes(url)) return null;
    const summary = await people.lookup({ url }).catch(() => null);
    if (!summary) return null;
    const lang = await loadLanguage(language);
    const { person, lastInteraction, tasks } = summary;
    const lines = [lastInteraction ? t("cardLastInteraction", formatDate(lastInteraction.occurred_at)) : t("cardNever")];
    if (tasks.length) lines.push(t("cardTasksCount", formatNumber(tasks.length)));
    // The next step is the companion's: its rules and the person's rhythm, never a second rule here.
    const step = await call("GET", `/people/${person.id}/next`).catch(() => null);
    const next = step?.suggestions[0] ? describe(step.suggestions[0]) : step?.task ? t("cardNextTask", step.task.text) : null;
    const face = person.face_updated_at
      ? await faces.faceImage({ personId: person.id, updatedAt: person.face_updated_at }).catch(() => null) : null;
    return { title: person.name, face, lines, next, dismiss: t("cardDismiss"), lang, dir: lang === "fa" ? "rtl" : "ltr" };
  },
  async dismissCard({ url }) {
    const { dismissedCards } = await settings();
    await update({ dismissedCards: [...dismissedCards.filter((u) => u !== url), url].slice(-200) });
    return null;
  },
};
