// Yearly dates (a birthday, an anniversary) as a person enters and reads them: a day, a month by its name
// in the reader's language, and a year only if they know it. The companion checks the day exists.

import { formatGregorian, gregorianMonths, t } from "./i18n.js";
import { el } from "./ui.js";

// Inputs for one yearly date after its label (a message key, or an element such as an input naming the
// date); `read()` gives {month, day, year} (null when left empty) for the companion.
export function yearlyDateInputs(value, label) {
  const day = el("input", { attrs: { type: "number", min: "1", max: "31", "aria-label": t("dateDay"), name: "day" } });
  const month = el("select", { attrs: { "aria-label": t("dateMonth"), name: "month" } },
    [el("option", { text: "—", attrs: { value: "" } }),
      ...gregorianMonths().map((name, index) => el("option", { text: name, attrs: { value: String(index + 1) } }))]);
  const year = el("input", { attrs: { type: "number", min: "1900", max: "2200", placeholder: t("dateYearOptional"),
    "aria-label": t("dateYearOptional"), name: "year" } });
  day.value = value?.day ?? "";
  month.value = value?.month ? String(value.month) : "";
  year.value = value?.year ?? "";
  const read = () => (day.value && month.value
    ? { day: Number(day.value), month: Number(month.value), ...(year.value ? { year: Number(year.value) } : {}) }
    : null);
  const caption = typeof label === "string" ? el("span", { text: t(label) }) : label;
  const row = el("label", { className: "field date-field" }, [caption,
    el("span", { className: "date-inputs" }, [day, month, year])]);
  return { row, read };
}

// "12 April 1985", or "12 April" without a year, in the reader's language.
export function describeYearly(value) {
  return formatGregorian(value.month, value.day, value.year);
}

// The companion's word that a date does not exist ("30 February"), in the reader's language.
export function isDateError(error) {
  return error?.code === "validation_error" &&
    Object.keys(error.fields ?? {}).some((name) => name.startsWith("birthday") || name.startsWith("dates"));
}
