// Logging from any page: who is in the conversation on it (the participant readers, injected under
// activeTab), which of them are saved people, the picker's matches, and the log itself. Service worker
// only. The people seen here are remembered (a small cache) so the picker still finds them offline.

import { call } from "./companion.js";
import { matchFold, matchPeople } from "./match.js";
import { send } from "./queue.js";
import { settings, update } from "./storage.js";

const KNOWN_PEOPLE = 2000;
const PICKER_LIMIT = 8;
const READERS = "content/participants/";

// What the popup needs to show and log a person: small, so thousands fit in storage.
export function compact(person) {
  return { id: person.id, name: person.name, headline: person.headline ?? person.title ?? null,
    organization: person.organization ?? null, photo_url: person.photo_url ?? null,
    last_interaction_at: person.last_interaction_at ?? null, face_updated_at: person.face_updated_at ?? null,
    emails: person.emails ?? [],
    urls: (person.urls ?? []).map((link) => link.url ?? link) };
}

export async function remember(people) {
  if (!people.length) return;
  const { knownPeople } = await settings();
  const known = { ...knownPeople };
  for (const person of people) {
    delete known[person.id]; // re-inserted last: the most recently seen are kept
    known[person.id] = compact(person);
  }
  const ids = Object.keys(known);
  for (const id of ids.slice(0, Math.max(0, ids.length - KNOWN_PEOPLE))) delete known[id];
  await update({ knownPeople: known });
}

async function knownList() {
  return Object.values((await settings()).knownPeople);
}

// The picker: the companion's index, or the remembered people while it is down (and it says so).
export async function match(q) {
  try {
    const page = await call("GET", `/people/match?${new URLSearchParams({ q, limit: String(PICKER_LIMIT) })}`);
    await remember(page.items);
    return { items: page.items.map(compact), total: page.total, offline: false };
  } catch (error) {
    if (error.kind !== "offline") throw error;
    const items = matchPeople(await knownList(), q, PICKER_LIMIT);
    return { items, total: items.length, offline: true };
  }
}

// The open conversation as the readers see it, or null where the page cannot be read (a browser page,
// the web store) — the picker works there all the same.
export async function readPage(tabId) {
  try {
    const order = await (await fetch(chrome.runtime.getURL(`${READERS}order.json`))).json();
    await chrome.scripting.executeScript({ target: { tabId }, files: order.map((file) => READERS + file) });
    const [injected] = await chrome.scripting.executeScript({ target: { tabId },
      func: () => globalThis.tendParticipants?.read() ?? null });
    return injected?.result ?? null;
  } catch {
    return null;
  }
}

const sameUrl = (a, b) => a.replace(/\/$/, "").toLowerCase() === b.replace(/\/$/, "").toLowerCase();

function findKnown(known, participant) {
  return known.find((person) => (participant.email && person.emails.some((email) => email.toLowerCase() === participant.email))
    || (participant.url && person.urls.some((url) => sameUrl(url, participant.url))));
}

// Who of the page's people are saved: addresses and links through the companion's indexes (or the
// remembered people offline); a name alone (a WhatsApp chat) when exactly one saved person has it.
async function saved(participants) {
  const emails = participants.flatMap((p) => (p.email ? [p.email] : []));
  const urls = participants.flatMap((p) => (p.url ? [p.url] : []));
  const byKey = new Map();
  let offline = false;
  try {
    if (emails.length || urls.length) {
      const { found } = await call("POST", "/people/resolve", { emails, urls });
      for (const { key, person } of found) byKey.set(key, compact(person));
      await remember(found.map((item) => item.person));
    }
  } catch (error) {
    if (error.kind !== "offline") throw error;
    offline = true;
  }
  const known = offline ? await knownList() : [];
  const named = async (name) => {
    const { items } = await match(name).catch(() => ({ items: [] }));
    const same = items.filter((person) => matchFold(person.name) === matchFold(name));
    return same.length === 1 ? same[0] : null;
  };
  const out = [];
  for (const participant of participants) {
    let person = byKey.get(participant.email) ?? byKey.get(participant.url) ?? (offline ? findKnown(known, participant) : null);
    if (!person && !participant.email && !participant.url && participant.name) person = await named(participant.name);
    out.push({ ...participant, person: person ?? null });
  }
  return { people: out, offline };
}

// The page's conversation with each participant's saved person (or null: offered as "add and log"),
// and the candidates from the generic reading that turned out to be saved.
export async function conversation(tabId) {
  const page = await readPage(tabId);
  if (!page) return null;
  const { people, offline } = await saved([...page.participants, ...page.candidates]);
  const participants = people.slice(0, page.participants.length);
  const candidates = people.slice(page.participants.length).filter((p) => p.person);
  const seen = new Set();
  const unique = [...participants, ...candidates].filter((p) => {
    const key = p.person ? `id:${p.person.id}` : `${p.email ?? ""}|${p.url ?? ""}|${p.name ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { reader: page.reader, kind: page.kind, when: page.when, url: page.url, title: page.title,
    selection: page.selection, participants: unique, offline };
}

// One interaction with everyone picked: saved people by id, the others added from what the page
// showed. Through the offline queue, so nothing is lost while the companion is down.
export async function log({ people, kind, note, occurredAt, sourceUrl, sourceTitle }) {
  const participants = people.map((p) => (p.id ? { person_id: p.id }
    : { name: p.name, ...(p.email ? { email: p.email } : {}), ...(p.url ? { url: p.url } : {}) }));
  const body = { participants, kind, occurred_at: occurredAt ?? new Date().toISOString() };
  if (note) body.note = note;
  if (sourceUrl && /^https?:/.test(sourceUrl)) body.source_url = sourceUrl.slice(0, 2048);
  if (sourceTitle) body.source_title = sourceTitle.slice(0, 500);
  const result = await send("POST", "/conversations", body);
  if (!result.queued) await remember(result.people);
  return result;
}
