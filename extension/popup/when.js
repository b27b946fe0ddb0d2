// "When" for a log: today, yesterday, the message's own time when the page shows one, or another day,
// so last Thursday's coffee is logged on last Thursday. value() is an ISO time, or undefined for now.

import { formatDate, t } from "../lib/i18n.js";
import { el } from "../lib/ui.js";

const DAY_MS = 86400000;
const localDay = (time) => {
  const date = new Date(time);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

export function whenControl() {
  const select = el("select", { attrs: { id: "when", "aria-label": t("whenLabel") } });
  const day = el("input", { attrs: { id: "when-date", type: "date", max: localDay(Date.now()), "aria-label": t("whenOther") } });
  let messageTime = null;
  const options = () => [["today", t("whenToday")], ["yesterday", t("whenYesterday")],
    ...(messageTime ? [["message", t("whenMessage", formatDate(messageTime))]] : []), ["date", t("whenOther")]];

  function render(selected) {
    select.replaceChildren(...options().map(([value, label]) => el("option", { text: label, attrs: { value } })));
    select.value = selected;
    day.hidden = selected !== "date";
  }

  select.addEventListener("change", () => {
    day.hidden = select.value !== "date";
    if (!day.hidden) {
      day.value ||= localDay(Date.now() - DAY_MS * 2);
      day.focus();
    }
  });
  render("today");

  return {
    row: el("label", { className: "row when" }, [el("span", { text: t("whenLabel") }), select, day]),
    offerMessageTime(iso) {
      messageTime = iso;
      render("message");
    },
    value() {
      if (select.value === "yesterday") return new Date(Date.now() - DAY_MS).toISOString();
      if (select.value === "message") return messageTime;
      if (select.value === "date" && day.value) {
        const [year, month, date] = day.value.split("-").map(Number);
        const noon = new Date(year, month - 1, date, 12); // the middle of that day, in the user's zone
        return (noon.getTime() > Date.now() ? new Date() : noon).toISOString();
      }
      return undefined;
    },
  };
}
