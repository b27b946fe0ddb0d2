import { describeYearly, isDateError, yearlyDateInputs } from "../lib/dates.js";
import { applyI18n, formatDate, formatList, formatNumber, hasMessage, loadLanguage, t, tCount } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText, renderState } from "../lib/ui.js";

const $ = (id) => document.getElementById(id);
let selected = null;

async function listPeople() {
  const page = await ask("people", { q: $("q").value.trim(), tag: $("tag").value.trim(),
    organization: $("organization").value.trim() });
  $("count").textContent = tCount("peopleCount", page.total);
  if (!page.items.length) {
    const filtered = [$("q"), $("tag"), $("organization")].some((input) => input.value.trim());
    $("people").replaceChildren(el("li", { className: "hint", text: t(filtered ? "peopleNoMatch" : "peopleNone") }));
    return;
  }
  $("people").replaceChildren(...page.items.map((person) => {
    const button = el("button", { attrs: { "data-person-id": String(person.id), "aria-current": String(person.id === selected),
      title: [person.name, person.organization].filter(Boolean).join(" · ") } }, [
      el("div", { text: person.name }),
      ...(person.organization ? [el("div", { className: "org", text: person.organization })] : []),
    ]);
    button.addEventListener("click", () => showPerson(person.id));
    return el("li", {}, [button]);
  }));
}

function interactionItem(item) {
  const note = el("div", { className: "note", text: item.note ?? "" });
  const edit = el("button", { text: t("edit") });
  const remove = el("button", { text: t("delete") });
  const row = el("li", { attrs: { "data-interaction-id": String(item.id) } }, [
    el("span", { className: "when", text: formatDate(item.occurred_at) }),
    el("span", { className: "kind", text: t(`kind_${item.kind}`) }), note, el("div", { className: "row" }, [edit, remove]),
  ]);
  edit.addEventListener("click", () => {
    const box = el("textarea");
    box.value = item.note ?? "";
    const save = el("button", { text: t("save") });
    save.addEventListener("click", async () => {
      await ask("editInteraction", { interactionId: item.id, note: box.value.trim() });
      showPerson(selected);
    });
    note.replaceChildren(box, save);
  });
  remove.addEventListener("click", async () => {
    await ask("deleteInteraction", { interactionId: item.id });
    showPerson(selected);
  });
  return row;
}

async function showPerson(personId) {
  selected = personId;
  let detail;
  try {
    detail = await ask("personDetail", { personId });
  } catch (error) {
    $("detail").replaceChildren(el("p", { text: errorText(error) }));
    return;
  }
  const { person, timeline, tasks } = detail;
  const taskText = el("input", { attrs: { placeholder: t("taskPlaceholder"), "aria-label": t("taskPlaceholder") } });
  const addTask = el("button", { text: t("taskAdd") });
  addTask.addEventListener("click", async () => {
    if (!taskText.value.trim()) return;
    await ask("addTask", { personId, text: taskText.value.trim() });
    showPerson(personId);
  });
  $("detail").replaceChildren(
    el("div", { className: "card" }, [
      el("div", { className: "name", text: person.name }),
      ...(person.headline ? [el("div", { className: "headline", text: person.headline })] : []),
      ...[person.title, person.organization, person.location].filter(Boolean).map((text) => el("div", { text })),
    ]),
    el("h2", { text: t("tasksTitle") }),
    el("ul", { className: "plain tasks" }, tasks.map((task) => {
      const done = el("button", { text: t("taskDone") });
      done.addEventListener("click", async () => { await ask("taskDone", { taskId: task.id }); showPerson(personId); });
      return el("li", {}, [el("span", { text: task.text }), " ", ...(task.status === "open" ? [done] : [])]);
    })),
    el("div", { className: "row" }, [taskText, addTask]),
    el("h2", { text: t("fieldDates") }),
    datesSection(person),
    el("h2", { text: t("timelineTitle") }),
    timeline.length ? el("ul", { className: "plain timeline" }, timeline.map(interactionItem))
      : el("p", { className: "hint", text: t("timelineEmpty") }),
  );
  for (const button of $("people").querySelectorAll("button[data-person-id]")) {
    button.setAttribute("aria-current", String(Number(button.dataset.personId) === personId));
  }
}

// The birthday and other yearly dates: shown in the reader's language, edited in place (If-Match).
function datesSection(person) {
  const birthday = yearlyDateInputs(person.birthday, "fieldBirthday");
  const list = el("div", { className: "dates" });
  const rows = [];
  const addRow = (value) => {
    const label = el("input", { attrs: { "aria-label": t("dateLabel"), placeholder: t("dateLabel"), name: "label" } });
    label.value = value?.label ?? "";
    const inputs = yearlyDateInputs(value, label);
    const remove = el("button", { text: "×", attrs: { "aria-label": t("dateRemove"), title: t("dateRemove"), type: "button" } });
    const row = { label, inputs, node: el("div", { className: "row date-row" }, [inputs.row, remove]) };
    remove.addEventListener("click", () => { rows.splice(rows.indexOf(row), 1); row.node.remove(); });
    rows.push(row);
    list.append(row.node);
  };
  (person.dates ?? []).forEach(addRow);
  const add = el("button", { text: t("dateAdd"), attrs: { type: "button" } });
  add.addEventListener("click", () => addRow(null));
  const save = el("button", { text: t("datesSave") });
  const said = el("p", { className: "hint", attrs: { role: "status" } });
  save.addEventListener("click", async () => {
    const dates = rows.map((row) => ({ label: row.label.value.trim(), ...row.inputs.read() }))
      .filter((item) => item.label && item.month);
    try {
      await ask("editDates", { personId: person.id, revision: person.revision, birthday: birthday.read(), dates });
      showPerson(person.id);
    } catch (error) {
      said.textContent = isDateError(error) ? t("errorNotADate") : errorText(error);
    }
  });
  const shown = [person.birthday && `${t("fieldBirthday")}: ${describeYearly(person.birthday)}`,
    ...(person.dates ?? []).map((item) => `${item.label}: ${describeYearly(item)}`)].filter(Boolean);
  return el("div", { className: "dates-section" }, [
    shown.length ? el("ul", { className: "plain" }, shown.map((text) => el("li", { text })))
      : el("p", { className: "hint", text: t("datesNone") }),
    birthday.row, list, el("div", { className: "row" }, [add, save]), said]);
}

function spread(titleKey, data) {
  const most = Math.max(1, ...data.top.map((item) => item.count));
  return [el("h3", { text: t(titleKey, formatNumber(data.distinct)) }),
    el("ul", { className: "plain spread" }, data.top.map((item) => el("li", {}, [
      el("span", { text: item.value }),
      el("div", { className: "meter", attrs: { style: `width: ${Math.round((100 * item.count) / most)}%` } }),
      el("span", { text: formatNumber(item.count) }),
    ])))];
}

async function showInsights() {
  const data = await ask("insights");
  const weeks = data.rhythm.weeks;
  const goal = data.rhythm.weekly_goal;
  const top = Math.max(goal, 1, ...weeks.map((week) => week.interactions));
  const bars = el("div", { className: "bars", attrs: { role: "img" } }, weeks.map((week) => el("div", {
    className: `bar${week.interactions < goal ? " below" : ""}`,
    attrs: { style: `height: ${Math.round((100 * week.interactions) / top)}%`,
      title: `${formatDate(week.week_start)}: ${formatNumber(week.interactions)}` },
  })));
  if (goal) bars.append(el("div", { className: "goal", attrs: { style: `bottom: ${Math.round((100 * goal) / top)}%` } }));
  const ledger = data.reciprocity.people.map((row) => el("li", {
    text: t("insightsLedgerRow", row.name, formatNumber(row.given), formatNumber(row.received)) }));
  $("detail").replaceChildren(
    el("h2", { text: t("insightsRhythm", formatNumber(goal)) }), bars,
    el("h2", { text: t("insightsDiversity") }),
    ...spread("insightsOrganizations", data.diversity.organizations),
    ...spread("insightsLocations", data.diversity.locations),
    ...spread("insightsHowMet", data.diversity.how_met),
    el("h2", { text: t("insightsReciprocity", formatNumber(data.reciprocity.given), formatNumber(data.reciprocity.received)) }),
    el("ul", { className: "plain ledger" }, ledger),
  );
}

const IMPORT_FORMATS = { linkedin: "formatLinkedin", vcard: "formatVcard", csv: "formatCsv", json: "formatJson" };
const EXPORTS = { vcard: ["exportVcard", "tend.vcf", "text/vcard"], csv: ["exportCsv", "tend.csv", "text/csv"],
  json: ["exportJson", "tend-backup.json", "application/json"], ics: ["exportIcs", "tend.ics", "text/calendar"] };

// A row problem in the reader's words: its stable code says what went wrong, Tend's own fields are named in
// the reader's language and a file's columns as the file names them.
function problemText(problem) {
  const names = [...new Set(Object.keys(problem.fields).map((path) => path.split(".")[0]))];
  const fields = formatList(names.map((name) => (hasMessage(`field_${name}`) ? t(`field_${name}`) : name)));
  const text = t(`importProblem_${problem.code}`, formatNumber(problem.line), fields);
  return problem.subject ? t("importProblemAbout", text, problem.subject) : text;
}

function importReport(report) {
  return [
    el("p", { className: "import-summary", text: t("importResult", formatNumber(report.created),
      formatNumber(report.updated), formatNumber(report.skipped), formatNumber(report.failed)) }),
    ...(report.dry_run ? [el("p", { className: "hint", text: t("importPreviewNote") })] : []),
    el("ul", { className: "plain import-rows" }, report.dry_run ? report.rows.slice(0, 50).map((row) => el("li", {
      text: t("importRowProblem", formatNumber(row.line), `${row.name} (${t(`importOutcome_${row.outcome}`)})`) })) : []),
    el("ul", { className: "plain import-problems" }, [...report.errors, ...report.warnings].slice(0, 100).map((problem) =>
      el("li", { text: problemText(problem) }))),
  ];
}

// A CSV's columns, each with the field it fills: the companion guesses from the headers, the reader corrects.
async function csvColumns(content) {
  const { columns, fields } = await ask("csvColumns", { content });
  return columns.map(({ header, field }) => {
    const choice = el("select", { attrs: { "aria-label": header, "data-header": header, "data-guess": field ?? "" } }, [
      el("option", { text: t("importColumnLeftOut"), attrs: { value: "" } }),
      ...fields.map((name) => el("option", { text: t(`field_${name}`), attrs: { value: name } }))]);
    choice.value = field ?? "";
    return el("label", { className: "import-column" }, [el("span", { text: header }), choice]);
  });
}

function download(text, filename, type) {
  const link = el("a", { attrs: { href: URL.createObjectURL(new Blob([text], { type })), download: filename } });
  document.body.append(link);
  link.click();
  link.remove();
}

async function showTransfer() {
  const format = el("select", { attrs: { "aria-label": t("importTitle") } }, Object.entries(IMPORT_FORMATS).map(
    ([value, key]) => el("option", { text: t(key), attrs: { value } })));
  const file = el("input", { attrs: { type: "file", "aria-label": t("importFileLabel"), accept: ".csv,.vcf,.json,.txt" } });
  const preview = el("button", { text: t("importPreview") });
  const run = el("button", { text: t("importRun") });
  const result = el("div", { className: "import-result", attrs: { role: "status" } });
  const columns = el("div", { className: "import-columns" });
  const showColumns = async () => {
    columns.replaceChildren();
    if (format.value !== "csv" || !file.files[0]) return;
    try {
      const chosen = await csvColumns(await file.files[0].text());
      columns.replaceChildren(el("p", { className: "hint", text: t("importColumnsHint") }), ...chosen);
    } catch (error) {
      result.replaceChildren(el("p", { text: errorText(error) }));
    }
  };
  format.addEventListener("change", showColumns);
  file.addEventListener("change", showColumns);
  const go = async (dryRun) => {
    if (!file.files[0]) {
      result.replaceChildren(el("p", { text: t("importChooseFile") }));
      return;
    }
    result.replaceChildren(el("p", { className: "hint", text: t("importWorking") }));
    // Only the corrected columns: the companion guesses the rest again, as it did for the preview.
    const corrected = [...columns.querySelectorAll("select")].filter((choice) => choice.value !== choice.dataset.guess);
    const mapping = format.value === "csv" && corrected.length
      ? Object.fromEntries(corrected.map((choice) => [choice.dataset.header, choice.value])) : undefined;
    try {
      const content = await file.files[0].text();
      result.replaceChildren(...importReport(await ask("importFile", { format: format.value, content, mapping, dryRun })));
      if (!dryRun) listPeople();
    } catch (error) {
      const noName = format.value === "csv" && "mapping" in (error.fields ?? {}); // the one thing a column choice fixes
      result.replaceChildren(el("p", { text: noName ? t("importNeedsName") : errorText(error) }));
    }
  };
  preview.addEventListener("click", () => go(true));
  run.addEventListener("click", () => go(false));
  const exports = Object.entries(EXPORTS).map(([value, [key, filename, type]]) => {
    const button = el("button", { text: t(key), attrs: { "data-export": value } });
    button.addEventListener("click", async () => download(await ask("exportFile", { format: value }), filename, type));
    return button;
  });
  const address = el("input", { className: "calendar-url", attrs: { readonly: "", "aria-label": t("calendarTitle") } });
  const renew = el("button", { text: t("calendarNewAddress") });
  const showLink = async (renewed) => {
    const { url } = await ask("calendarLink", { renew: renewed });
    address.value = url ?? "";
    address.placeholder = url ? "" : t("calendarHidden");
  };
  renew.addEventListener("click", () => showLink(true));
  $("detail").replaceChildren(
    el("h2", { text: t("importTitle") }), el("p", { className: "hint", text: t("importHint") }),
    el("div", { className: "row" }, [format, file]), columns, el("div", { className: "row" }, [preview, run]), result,
    el("h2", { text: t("exportTitle") }), el("div", { className: "row" }, exports),
    el("h2", { text: t("calendarTitle") }), el("p", { className: "hint", text: t("calendarHint") }),
    el("div", { className: "row" }, [address, renew]),
  );
  await showLink(false);
}

async function start() {
  const { state, settings } = await ask("state");
  await loadLanguage(settings.language);
  applyI18n();
  renderState($("state"), state);
  if (state !== "connected") return;
  $("insights").addEventListener("click", showInsights);
  $("transfer").addEventListener("click", showTransfer);
  for (const id of ["q", "tag", "organization"]) $(id).addEventListener("input", () => listPeople());
  await listPeople();
}

start();
