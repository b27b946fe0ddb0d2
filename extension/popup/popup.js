import { applyI18n, formatDate, formatList, formatNumber, loadLanguage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { suggestionItem } from "../lib/suggestion-view.js";
import { isDateError, yearlyDateInputs } from "../lib/dates.js";
import { el, errorText, face, renderState, watchState } from "../lib/ui.js";
import { nextStep } from "./draft.js";
import { picker } from "./picker.js";

const $ = (id) => document.getElementById(id);
const QUICK_KINDS = ["met", "call", "message", "coffee", "helped_them", "helped_me", "thanks"];
let logPanel = null; // the picker: its "when" is the time of the card's logs too
const tasksOnCard = new Set(); // shown in the card already: not again under "Due now"

// The tab the popup acts on: the active one, or ?tab=ID when the popup is opened as a page of its own
// (a popped-out popup, and the browser tests).
async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get("tab"));
  if (id) return chrome.tabs.get(id);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function say(text) {
  $("outcome").replaceChildren(el("p", { text }));
}

function renderCard(summary) {
  const { person, lastInteraction, tasks } = summary;
  const last = lastInteraction ? t("cardLastInteraction", formatDate(lastInteraction.occurred_at)) : t("cardNever");
  const note = el("textarea", { attrs: { "aria-label": t("notePlaceholder"), placeholder: t("notePlaceholder") } });
  const saveNote = el("button", { text: t("noteSave") });
  const logRow = el("div", { className: "row log" }, QUICK_KINDS.map((kind) => {
    const button = el("button", { text: t(`kind_${kind}`), attrs: { "data-kind": kind } });
    button.addEventListener("click", () => log(person.id, kind));
    return button;
  }));
  const sendNote = async () => {
    if (!note.value.trim()) return;
    await log(person.id, "note", note.value.trim());
    note.value = "";
  };
  saveNote.addEventListener("click", sendNote);
  note.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      sendNote();
    }
  });
  const children = [
    el("div", { className: "card-head" }, [face(person), el("div", { className: "name", text: person.name })]),
    ...(person.headline ? [el("div", { className: "headline", text: person.headline })] : []),
    el("div", { className: "last", text: last }),
  ];
  tasksOnCard.clear();
  for (const task of tasks) tasksOnCard.add(task.id);
  if (tasks.length) {
    children.push(el("h2", { text: t("cardOpenTasks") }),
      el("ul", { className: "plain" }, tasks.map((task) => el("li", { text: task.text }))));
  }
  const wrong = el("button", { className: "link", text: t("personWrong"), attrs: { id: "card-wrong", type: "button" } });
  wrong.addEventListener("click", () => ask("openPerson", { personId: person.id, fix: true }).then(() => window.close()));
  children.push(el("h2", { text: t("logTitle") }), logRow, note, el("div", { className: "row" }, [saveNote]),
    el("div", { className: "note-hint", text: t("noteHint") }), detailsEditor(person, summary.offline),
    ...(summary.offline ? [] : [el("div", { className: "row" }, [wrong])]));
  $("card").replaceChildren(el("div", { className: "card", attrs: { "data-person-id": String(person.id) } }, children));
}

function detailsEditor(person, offline) {
  const field = (key, value, attrs = {}) => {
    const input = el("input", { attrs });
    input.value = value;
    return [input, el("label", { className: "field" }, [el("span", { text: t(key) }), input])];
  };
  const [tags, tagsRow] = field("fieldTags", person.tags.join(", "), { name: "tags" });
  const [interests, interestsRow] = field("fieldInterests", person.interests.join(", "), { name: "interests" });
  const [cadence, cadenceRow] = field("fieldCadence", person.cadence_days ?? "",
    { name: "cadence", type: "number", min: "1", max: "3650" });
  const birthday = yearlyDateInputs(person.birthday, "fieldBirthday");
  const save = el("button", { text: t("detailsSave") });
  save.disabled = Boolean(offline);
  save.addEventListener("click", async () => {
    const split = (input) => input.value.split(/[,،]/); // a Persian comma separates too
    try {
      await ask("editPerson", { personId: person.id, revision: person.revision, tags: split(tags),
        interests: split(interests), cadenceDays: Number(cadence.value) || null, birthday: birthday.read() });
      say(t("detailsSaved"));
      renderCard(await ask("lookup", { url: (await targetTab()).url, personId: person.id }));
    } catch (error) {
      say(isDateError(error) ? t("errorNotADate") : errorText(error));
    }
  });
  return el("details", { className: "details" }, [el("summary", { text: t("detailsTitle") }), tagsRow, interestsRow,
    cadenceRow, birthday.row, save]);
}

async function log(personId, kind, note) {
  try {
    const result = await ask("log", { personId, kind, note, when: logPanel?.when.value() });
    if (result.queued) {
      say(t("outcomeQueued"));
      return;
    }
    say(t("logged", t(`kind_${kind}`)));
    renderCard(await ask("lookup", { url: (await targetTab()).url }));
  } catch (error) {
    say(errorText(error));
  }
}

function renderOutcome(result) {
  const lines = [];
  if (result.status === "created") lines.push(el("p", { text: t("outcomeCreated") }));
  if (result.status === "unchanged") lines.push(el("p", { text: t("outcomeUnchanged") }));
  if (result.status === "updated") {
    lines.push(el("p", { text: t("outcomeUpdated", formatList(result.changed.map((f) => t(`field_${f}`)))) }));
  }
  for (const duplicate of result.possible_duplicates) {
    const merge = el("button", { text: t("mergeButton") });
    const apart = el("button", { text: t("keepApart") });
    const row = el("div", { className: "row duplicate" }, [el("span", { text: t("outcomeDuplicate", duplicate.name) }),
      merge, apart]);
    merge.addEventListener("click", async () => {
      await ask("merge", { keepId: result.person.id, duplicateId: duplicate.person_id });
      row.replaceChildren(el("span", { text: t("merged") }));
    });
    apart.addEventListener("click", async () => {
      await ask("keepApart", { personIds: [result.person.id, duplicate.person_id] }).catch(() => {});
      row.remove(); // remembered: never offered again
    });
    lines.push(row);
  }
  $("outcome").replaceChildren(...lines);
}

async function renderSuggestions() {
  const suggestions = await ask("suggestions");
  if (!suggestions.length) {
    $("suggestions").replaceChildren(el("li", { className: "hint", text: t("suggestionsNone") }));
    return;
  }
  $("suggestions").replaceChildren(...suggestions.map((suggestion) => suggestionItem(suggestion, async (action) => {
    await ask("suggestionAction", { id: suggestion.id, action });
    renderSuggestions();
  })));
}

async function renderDue() {
  const tasks = (await ask("due")).filter((task) => !tasksOnCard.has(task.id));
  if (!tasks.length) {
    $("due").replaceChildren(el("li", { text: t("dueNone") }));
    return;
  }
  $("due").replaceChildren(...tasks.map((task) => {
    const done = el("button", { text: t("taskDone") });
    const snooze = el("button", { text: t("taskSnooze") });
    const item = el("li", {}, [el("span", { text: task.text }), " ", done, " ", snooze]);
    done.addEventListener("click", async () => { await ask("taskDone", { taskId: task.id }); renderDue(); });
    snooze.addEventListener("click", async () => {
      await ask("taskSnooze", { taskId: task.id });
      renderDue();
    });
    return item;
  }));
}

// Save the person on the page (or, `confirmed`, the person the user checked or typed there). On "not a
// profile" the answer offers the next step: the draft, "Save <author>", "Add by hand", keeping the page;
// on a reading the companion is unsure of, the draft to check.
async function save(tab, confirmed) {
  try {
    const result = await ask("save", { tabId: tab.id, confirmed });
    if (result.queued) {
      say(t("outcomeQueued"));
      return;
    }
    renderOutcome(result);
    renderCard(await ask("lookup", { url: tab.url, personId: result.person.id }));
    if (result.person.photo_url) {
      // Their face, kept while the photo's address still works (it is signed and expires on most sites).
      const kept = await ask("captureFace", { tabId: tab.id, personId: result.person.id, photoUrl: result.person.photo_url })
        .catch(() => null);
      if (kept) renderCard(await ask("lookup", { url: tab.url, personId: result.person.id }));
    }
  } catch (error) {
    say(errorText(error));
    if (["not_a_profile", "needs_confirmation"].includes(error.code) && !confirmed) {
      $("outcome").append(...nextStep(error.details, tab, (draft) => save(tab, draft)));
      if (error.code === "not_a_profile") offerToKeep(tab);
    }
  }
}

// A page with no person on it (an article, a repository) can be kept, to share with people it interests.
function offerToKeep(tab) {
  const keep = el("button", { text: t("keepPage"), attrs: { id: "keep-page" } });
  keep.addEventListener("click", async () => {
    keep.disabled = true;
    try {
      const kept = await ask("savePage", { tabId: tab.id });
      say(kept.queued ? t("outcomeQueued")
        : kept.topics.length ? t("pageKept", formatList(kept.topics)) : t("pageKeptNoTopics"));
    } catch (error) {
      say(errorText(error));
    }
  });
  $("outcome").append(keep);
}

async function start() {
  const { state, settings } = await ask("state");
  await loadLanguage(settings.language);
  applyI18n();
  const showState = (now, queued) => {
    renderState($("state"), now);
    if (queued) $("state").append(el("span", { className: "queued", text: t("queuedCount", formatNumber(queued)) }));
  };
  showState(state, settings.queued);
  // Down but paired: saves and logs still work, queued until the companion is back.
  const usable = state === "connected" || (state === "not_running" && settings.paired);
  let connection = state;
  watchState(state, async (now) => {
    connection = now;
    if (now === "connected" && !usable) return location.reload(); // paired meanwhile: the whole popup
    if (now !== "connected") return showState(now, (await ask("state").catch(() => null))?.settings.queued);
    const { queued } = await ask("flushQueue").catch(() => ({ queued: 0 })); // back: what waited is sent
    showState(now, queued);
    await Promise.all([renderSuggestions(), renderDue()]);
  });
  if (state !== "connected") {
    $("options").hidden = false;
    $("options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  }
  if (!usable) return;
  $("main").hidden = false;
  const tab = await targetTab();
  logPanel = picker({ tab, say, onLogged: () => connection === "connected" && renderSuggestions() });
  $("picker-slot").replaceChildren(logPanel.panel);
  logPanel.focus();
  const reading = logPanel.read({ withSelection: new URLSearchParams(location.search).has("selection") });
  $("save").addEventListener("click", async () => {
    $("save").disabled = true;
    say(t("popupSaving"));
    try {
      await save(tab);
    } finally {
      $("save").disabled = false;
    }
  });
  if (/^https?:/.test(tab?.url ?? "")) {
    const summary = await ask("lookup", { url: tab.url }).catch(() => null);
    if (summary) renderCard(summary);
  }
  await reading;
  if (state === "connected") await Promise.all([renderSuggestions(), renderDue()]);
}

start();
