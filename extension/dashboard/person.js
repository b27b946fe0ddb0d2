// A person's page: everything Tend knows about them, edited in place (If-Match, with a clear next step
// when someone else changed them meanwhile); their links and addresses as links; the next step with
// them and the give-and-take; who may be the same person; tasks, dates, job history and the timeline.

import { formatDate, formatDateTime, formatList, formatNumber, setMessage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { suggestionItem } from "../lib/suggestion-view.js";
import { el, errorText, face } from "../lib/ui.js";
import { datesSection } from "./person-dates.js";

const TEXT_FIELDS = ["name", "headline", "title", "organization", "location", "how_met"];
const LINE_LISTS = ["emails", "phones", "urls"]; // one per line
const WORD_LISTS = ["tags", "interests", "goals", "skills", "offers", "needs"]; // comma-separated
const LONG_FIELDS = ["notes", "bio"];
const KINDS = ["met", "call", "message", "email", "meeting", "coffee", "event", "intro", "helped_them", "helped_me",
  "thanks", "note", "connected"];

const webLink = (url, text) => (/^https?:\/\//i.test(url)
  ? el("a", { text: text ?? url, attrs: { href: url, target: "_blank", rel: "noopener noreferrer" } }) : el("span", { text: url }));

function label(field, input) {
  return el("label", { className: "field" }, [el("span", { text: t(`field_${field}`) }), input]);
}

// The form of every field the user may edit; read() gives the PATCH body.
function detailsForm(person) {
  const inputs = {};
  const rows = [];
  for (const field of TEXT_FIELDS) {
    inputs[field] = el("input", { attrs: { name: field } });
    inputs[field].value = person[field] ?? "";
    rows.push(label(field, inputs[field]));
  }
  for (const field of LINE_LISTS) {
    inputs[field] = el("textarea", { attrs: { name: field, rows: "2", dir: "auto", placeholder: t("onePerLine") } });
    inputs[field].value = (person[field] ?? []).map((item) => item.url ?? item).join("\n");
    rows.push(label(field, inputs[field]));
  }
  for (const field of WORD_LISTS) {
    inputs[field] = el("input", { attrs: { name: field, placeholder: t("commaSeparated") } });
    inputs[field].value = (person[field] ?? []).join(", ");
    rows.push(label(field, inputs[field]));
  }
  inputs.cadence_days = el("input", { attrs: { name: "cadence_days", type: "number", min: "1", max: "3650" } });
  inputs.cadence_days.value = person.cadence_days ?? "";
  rows.push(label("cadence_days", inputs.cadence_days));
  for (const field of LONG_FIELDS) {
    inputs[field] = el("textarea", { attrs: { name: field, rows: "3", dir: "auto" } });
    inputs[field].value = person[field] ?? "";
    rows.push(label(field, inputs[field]));
  }
  const read = () => {
    const body = {};
    for (const field of [...TEXT_FIELDS, ...LONG_FIELDS]) body[field] = inputs[field].value.trim() || null;
    body.name = inputs.name.value.trim();
    for (const field of LINE_LISTS) {
      const items = [...new Set(inputs[field].value.split("\n").map((line) => line.trim()).filter(Boolean))];
      body[field] = field === "urls" ? items.map((url) => ({ url })) : items;
    }
    for (const field of WORD_LISTS) body[field] = [...new Set(inputs[field].value.split(/[,،]/).map((w) => w.trim()).filter(Boolean))];
    body.cadence_days = Number(inputs.cadence_days.value) || null;
    return body;
  };
  return { rows, read };
}

function header(person, reload) {
  const about = [person.title, person.organization].filter((text) => text && !(person.headline ?? "").includes(text));
  const links = [
    ...person.emails.map((email) => el("a", { text: email, attrs: { href: `mailto:${email}` } })),
    ...person.urls.map((link) => webLink(link.url)),
    ...person.phones.map((phone) => el("span", { text: phone })),
  ];
  const edit = el("button", { text: t("personEdit"), attrs: { id: "person-edit" } });
  const wrong = el("button", { text: t("personWrong"), attrs: { id: "person-wrong" } });
  const card = el("div", { className: "card person-card" }, [
    el("div", { className: "person-head" }, [face(person), el("div", {}, [
      el("div", { className: "name", text: person.name }),
      ...(person.headline ? [el("div", { className: "headline", text: person.headline })] : []),
      ...(about.length ? [el("div", { text: about.join(" · ") })] : []),
      ...(person.location ? [el("div", { className: "hint", text: person.location })] : []),
    ])]),
    ...(links.length ? [el("div", { className: "row links" }, links)] : []),
    ...[...["tags", "interests", "goals", "offers", "needs"]].filter((f) => person[f].length)
      .map((f) => el("div", { className: "hint", text: `${t(`field_${f}`)}: ${formatList(person[f])}` })),
    ...(person.how_met ? [el("div", { className: "hint", text: `${t("field_how_met")}: ${person.how_met}` })] : []),
    el("div", { className: "row" }, [edit, wrong]),
  ]);
  // Editing, or correcting what Tend read ("Tend got this wrong"): the same form, with the offer to keep
  // the page as a local test case ticked.
  const openForm = (fixing) => {
    const form = detailsForm(person);
    const keepCase = el("input", { attrs: { type: "checkbox", id: "keep-case" } });
    keepCase.checked = fixing;
    const keepRow = el("label", { className: "field inline" }, [keepCase, el("span", { text: t("caseKeep") })]);
    const save = el("button", { className: "primary", text: t("save"), attrs: { id: "person-save" } });
    const cancel = el("button", { text: t("cancel"), attrs: { type: "button" } });
    const said = el("p", { className: "hint", attrs: { role: "alert" } });
    save.addEventListener("click", async () => {
      try {
        await ask("savePerson", { personId: person.id, revision: person.revision, fields: form.read() });
        const kept = keepCase.checked ? await ask("keepCase", { personId: person.id }) : null;
        await reload();
        if (kept) {
          const notice = el("p", { className: "hint", attrs: { id: "case-kept", role: "status" } });
          setMessage(notice, t("caseKept"));
          document.getElementById("detail")?.prepend(notice);
        }
      } catch (error) {
        if (error.code === "revision_mismatch") {
          const again = el("button", { text: t("personReload"), attrs: { id: "person-reload" } });
          again.addEventListener("click", reload);
          said.replaceChildren(el("span", { text: t("personConflict", person.name) }), " ", again);
        } else {
          said.textContent = error.code === "validation_error" ? t("personInvalid", Object.keys(error.fields ?? {})
            .map((path) => t(`field_${path.split(".")[0]}`)).join(t("listSeparator"))) : errorText(error);
        }
      }
    });
    cancel.addEventListener("click", reload);
    card.replaceChildren(el("form", { className: "person-form", attrs: { novalidate: "" } }, [...form.rows, keepRow, said,
      el("div", { className: "row" }, [save, cancel])]));
    card.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
    (fixing ? card.querySelector("input") : null)?.focus();
  };
  edit.addEventListener("click", () => openForm(false));
  wrong.addEventListener("click", () => openForm(true));
  return card;
}

function nextSection(step, reload) {
  const items = step.suggestions.map((suggestion) => suggestionItem(suggestion, async (action) => {
    await ask("suggestionAction", { id: suggestion.id, action });
    reload();
  }));
  const { given, received } = step.give_and_take;
  return [el("h2", { text: t("personNext") }),
    items.length ? el("ul", { className: "plain next" }, items) : el("p", { className: "hint", text: t("personNothingNext") }),
    el("p", { className: "give-take", text: t("personGiveTake", formatNumber(given), formatNumber(received)) })];
}

function duplicatesSection(person, duplicates, reload) {
  if (!duplicates.length) return [];
  return [el("h2", { text: t("personDuplicates") }), el("ul", { className: "plain duplicates" }, duplicates.map((other) => {
    const merge = el("button", { text: t("duplicateMerge"), attrs: { "data-merge": String(other.person_id) } });
    const apart = el("button", { text: t("keepApart") });
    const row = el("li", {}, [el("span", { text: [other.name, other.organization].filter(Boolean).join(" · ") }), " ", merge, " ", apart]);
    merge.addEventListener("click", async () => {
      await ask("merge", { keepId: person.id, duplicateId: other.person_id });
      reload({ relist: true });
    });
    apart.addEventListener("click", async () => {
      await ask("keepApart", { personIds: [person.id, other.person_id] });
      row.remove(); // remembered: never offered again
    });
    return row;
  }))];
}

function historySection(history) {
  return [el("h2", { text: t("personHistory") }), history.length
    ? el("ul", { className: "plain history" }, history.map((change) => el("li", {
      text: t("historyRow", t(`field_${change.field}`), change.old ?? "—", change.new ?? "—", formatDate(change.changed_at)) })))
    : el("p", { className: "hint", text: t("historyNone") })];
}

function interactionItem(item, reload) {
  const note = el("div", { className: "note", text: item.note ?? "" });
  const edit = el("button", { text: t("edit") });
  const remove = el("button", { text: t("delete") });
  const source = item.source_url ? [el("div", { className: "source" }, [el("span", { text: `${t("timelineSource")} ` }),
    webLink(item.source_url, item.source_title ?? item.source_url)])] : [];
  const row = el("li", { attrs: { "data-interaction-id": String(item.id) } }, [
    el("span", { className: "when", text: formatDateTime(item.occurred_at) }),
    el("span", { className: "kind", text: t(`kind_${item.kind}`) }), note, ...source, el("div", { className: "row" }, [edit, remove]),
  ]);
  edit.addEventListener("click", () => {
    const box = el("textarea");
    box.value = item.note ?? "";
    const kind = el("select", { attrs: { "aria-label": t("timelineKind") } }, KINDS.map((value) =>
      el("option", { text: t(`kind_${value}`), attrs: { value } })));
    kind.value = item.kind;
    const save = el("button", { text: t("save") });
    save.addEventListener("click", async () => {
      await ask("editInteraction", { interactionId: item.id, note: box.value.trim(), kind: kind.value });
      reload();
    });
    note.replaceChildren(kind, box, save);
  });
  remove.addEventListener("click", async () => {
    await ask("deleteInteraction", { interactionId: item.id });
    reload();
  });
  return row;
}

export async function showPerson(pane, personId, onChange) {
  let detail;
  try {
    detail = await ask("personDetail", { personId });
  } catch (error) {
    pane.replaceChildren(el("p", { text: errorText(error) }));
    return;
  }
  const reload = ({ relist = false } = {}) => {
    if (relist) onChange?.();
    return showPerson(pane, personId, onChange);
  };
  const { person, timeline, tasks, history, next, duplicates } = detail;
  const taskText = el("input", { attrs: { id: "task-text", placeholder: t("taskPlaceholder"), "aria-label": t("taskPlaceholder") } });
  const addTask = el("button", { text: t("taskAdd"), attrs: { id: "task-add" } });
  addTask.addEventListener("click", async () => {
    if (!taskText.value.trim()) return;
    await ask("addTask", { personId, text: taskText.value.trim() });
    reload();
  });
  pane.replaceChildren(
    header(person, reload),
    ...nextSection(next, reload),
    ...duplicatesSection(person, duplicates, reload),
    el("h2", { text: t("tasksTitle") }),
    tasks.length ? el("ul", { className: "plain tasks" }, tasks.map((task) => {
      const done = el("button", { text: t("taskDone") });
      done.addEventListener("click", async () => { await ask("taskDone", { taskId: task.id }); reload(); });
      return el("li", {}, [el("span", { text: task.text }), " ", ...(task.status === "open" ? [done] : [])]);
    })) : el("p", { className: "hint", text: t("tasksNone") }),
    el("div", { className: "row" }, [taskText, addTask]),
    el("h2", { text: t("fieldDates") }),
    datesSection(person, reload),
    ...historySection(history),
    el("h2", { text: t("timelineTitle") }),
    timeline.length ? el("ul", { className: "plain timeline" }, timeline.map((item) => interactionItem(item, reload)))
      : el("p", { className: "hint", text: t("timelineEmpty") }),
  );
}
