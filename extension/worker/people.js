// People: the card summary of the person on a page, edits from the popup and the dashboard, the
// people list, a person's timeline and tasks, merging, and the companion's default rhythm.

import { call, CompanionError } from "../lib/companion.js";
import * as conversations from "../lib/conversation.js";
import { settings, update } from "../lib/storage.js";

const RECENT_PEOPLE = 50;

async function personSummary(personId) {
  const [person, timeline, tasks] = await Promise.all([
    call("GET", `/people/${personId}`),
    call("GET", `/people/${personId}/interactions?limit=1`),
    call("GET", `/tasks?person_id=${personId}&status=open&limit=5`),
  ]);
  return { person, lastInteraction: timeline.items[0] ?? null, tasks: tasks.items };
}

export const handlers = {
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
  async merge({ keepId, duplicateId, take = [] }) {
    return call("POST", `/people/${keepId}/merge`, { duplicate_id: duplicateId, take });
  },
  async duplicates() {
    return call("GET", "/duplicates?limit=50");
  },
  async bulk({ personIds, action, tag, cadenceDays, dryRun }) {
    const body = { person_ids: personIds, action, dry_run: Boolean(dryRun) };
    if (tag) body.tag = tag;
    if (action === "set_cadence") body.cadence_days = cadenceDays || null;
    return call("POST", "/people/bulk", body);
  },
  async merges() {
    return call("GET", "/merges");
  },
  async undoMerge({ mergeId }) {
    return call("POST", `/merges/${Number(mergeId)}/undo`);
  },
  async keepApart({ personIds }) {
    return call("POST", "/duplicates/keep-apart", { person_ids: personIds });
  },
  async people({ q, tag, organization, offset = 0 }) {
    const query = new URLSearchParams({ limit: "50", offset: String(offset) });
    for (const [key, value] of Object.entries({ q, tag, organization })) if (value) query.set(key, value);
    return call("GET", `/people?${query}`);
  },
  // Everything the person page shows, in one answer.
  async personDetail({ personId }) {
    const [person, timeline, tasks, history, next, duplicates] = await Promise.all([
      call("GET", `/people/${personId}`),
      call("GET", `/people/${personId}/interactions?limit=100`),
      call("GET", `/tasks?person_id=${personId}&limit=100`),
      call("GET", `/people/${personId}/history?limit=50`),
      call("GET", `/people/${personId}/next`),
      call("GET", `/people/${personId}/duplicates`),
    ]);
    return { person, timeline: timeline.items, tasks: tasks.items, history: history.items, next,
      duplicates: duplicates.items };
  },
  // Every field of the person page's form, against the revision the user saw (If-Match).
  async savePerson({ personId, revision, fields }) {
    if (typeof fields !== "object" || fields === null) throw new CompanionError("refused", { code: "validation_error" });
    return call("PATCH", `/people/${personId}`, fields, { "If-Match": `"${revision}"` });
  },
  // "Tend got this wrong": the page they were read from, kept as a local test case with their fields now.
  async keepCase({ personId }) {
    return call("POST", `/people/${personId}/case`, {});
  },
  // The person's page in the dashboard, opened from the popup ("Tend got this wrong" opens it to correct).
  async openPerson({ personId, fix }) {
    const query = `person=${Number(personId)}${fix ? "&fix=1" : ""}`;
    await chrome.tabs.create({ url: chrome.runtime.getURL(`dashboard/dashboard.html?${query}`) });
    return { opened: true };
  },
  async editInteraction({ interactionId, note, kind }) {
    const body = { note: note || null };
    if (typeof kind === "string") body.kind = kind;
    return call("PATCH", `/interactions/${interactionId}`, body);
  },
  async deleteInteraction({ interactionId }) {
    return call("DELETE", `/interactions/${interactionId}`);
  },
  async addTask({ personId, text }) {
    if (typeof text !== "string" || !text.trim()) throw new CompanionError("refused", { code: "validation_error" });
    return call("POST", "/tasks", { person_id: personId, text, origin: "manual" });
  },
  // The companion's own settings the options show: the keep-in-touch interval for people without their own
  // (the one its rules use) and the country phone numbers without a country code are read in.
  async meSettings() {
    const me = await call("GET", "/me");
    return { days: me.default_cadence_days, phoneRegion: me.phone_region };
  },
  async saveMeSettings({ days, phoneRegion }) {
    const me = await call("GET", "/me");
    const saved = await call("PUT", "/me", { ...me, default_cadence_days: days, phone_region: phoneRegion || null });
    return { days: saved.default_cadence_days, phoneRegion: saved.phone_region };
  },
};
