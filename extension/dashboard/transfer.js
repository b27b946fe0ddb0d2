// The import and export view: a file in (with a preview and, for a CSV, its columns), every format
// out, and the calendar feed's address.

import { formatList, formatNumber, hasMessage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText } from "../lib/ui.js";

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

export async function showTransfer(pane, onImported) {
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
      if (!dryRun) onImported();
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
  pane.replaceChildren(
    el("h2", { text: t("importTitle") }), el("p", { className: "hint", text: t("importHint") }),
    el("div", { className: "row" }, [format, file]), columns, el("div", { className: "row" }, [preview, run]), result,
    el("h2", { text: t("exportTitle") }), el("div", { className: "row" }, exports),
    el("h2", { text: t("calendarTitle") }), el("p", { className: "hint", text: t("calendarHint") }),
    el("div", { className: "row" }, [address, renew]),
  );
  await showLink(false);
}
