// A person's birthday and other yearly dates on their page: shown in the reader's language, edited in
// place (If-Match).

import { describeYearly, isDateError, yearlyDateInputs } from "../lib/dates.js";
import { t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText } from "../lib/ui.js";

// The birthday and other yearly dates: shown in the reader's language, edited in place (If-Match).
export function datesSection(person, reload) {
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
      reload();
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
