// The weekly session: the user's dedicated networking time. The goal and what is done, then a short
// queue of people (today's suggestions first, then due check-ins), each with the context that makes a
// message easy and a draft in the reader's language to copy and edit; Done logs it. Then the summary.

import { formatList, formatNumber, hasMessage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { describe } from "../lib/suggestions.js";
import { el, errorText, face } from "../lib/ui.js";

const FIRST_NAME = /^\S+/u;

// A first message for this suggestion, in the reader's language; the user edits it before sending.
export function draftFor(item) {
  const { suggestion, person } = item;
  const name = person.name.match(FIRST_NAME)?.[0] ?? person.name;
  if (suggestion.kind === "introduce") {
    const other = suggestion.names.find((n) => n !== person.name) ?? "";
    return t("draft_introduce", name, other, formatList(suggestion.params.terms ?? item.shared));
  }
  return t(hasMessage(`draft_${suggestion.kind}`) ? `draft_${suggestion.kind}` : "draft_generic", name);
}

function context(item) {
  const { person } = item;
  const lines = [];
  if (item.last_notes[0]) lines.push(t("weekLastNote", item.last_notes[0].note.slice(0, 200)));
  if (item.shared.length) lines.push(t("weekShared", formatList(item.shared)));
  if (person.needs.length) lines.push(t("weekNeeds", formatList(person.needs)));
  if (person.offers.length) lines.push(t("weekOffers", formatList(person.offers)));
  for (const task of item.promises) lines.push(t("weekPromised", task.text));
  return lines.map((text) => el("div", { className: "context", text }));
}

export async function showWeek(pane, openPerson) {
  let week;
  try {
    week = await ask("week");
  } catch (error) {
    pane.replaceChildren(el("p", { text: errorText(error) }));
    return;
  }
  let done = week.done;
  let doneHere = 0;
  const bar = el("div");
  const progress = el("p", { attrs: { id: "week-progress", role: "status" } });
  const summary = el("p", { className: "week-summary", attrs: { id: "week-summary" } });
  const showProgress = () => {
    progress.textContent = t("weekProgress", formatNumber(done), formatNumber(week.goal));
    bar.style.width = `${Math.min(100, Math.round((100 * done) / Math.max(1, week.goal)))}%`;
    // The summary once something was done here: "well tended" before that would be empty praise.
    summary.textContent = doneHere ? t("weekSummary", formatNumber(done), formatNumber(week.goal), formatNumber(doneHere)) : "";
  };
  const items = week.items.map((item) => {
    const draft = el("textarea", { attrs: { "aria-label": t("weekCopy"), dir: "auto" } });
    draft.value = draftFor(item);
    const said = el("span", { className: "hint", attrs: { role: "status" } });
    const copy = el("button", { text: t("weekCopy") });
    copy.addEventListener("click", async () => {
      await navigator.clipboard.writeText(draft.value);
      said.textContent = t("weekCopied");
    });
    const finish = el("button", { className: "primary", text: t("weekDone"), attrs: { "data-action": "done" } });
    const later = el("button", { text: t("suggestionSnooze"), attrs: { "data-action": "snooze" } });
    const row = el("li", { className: "session-item", attrs: { "data-person-id": String(item.person.id) } });
    const act = async (action) => {
      try {
        await ask("suggestionAction", { id: item.suggestion.id, action });
      } catch (error) {
        said.textContent = errorText(error);
        return;
      }
      if (action === "done") {
        done += 1;
        doneHere += 1;
        showProgress();
      }
      row.classList.add("finished");
      row.replaceChildren(el("span", { text: `${item.person.name}: ${action === "done" ? t("weekItemDone") : t("suggestionSnooze")}` }));
    };
    finish.addEventListener("click", () => act("done"));
    later.addEventListener("click", () => act("snooze"));
    const name = el("button", { className: "link", text: item.person.name });
    name.addEventListener("click", () => openPerson(item.person.id));
    row.append(el("div", { className: "person-head" }, [face(item.person), el("div", {}, [name,
      el("div", { text: describe(item.suggestion) })])]), ...context(item), draft,
    el("div", { className: "row" }, [copy, finish, later, said]));
    return row;
  });
  showProgress();
  pane.replaceChildren(
    el("h2", { text: t("weekTitle") }), progress, el("div", { className: "week-progress" }, [bar]),
    el("p", { className: "hint", text: items.length ? t("weekHint") : t("weekEmpty") }),
    el("ul", { className: "plain session" }, items), summary,
  );
}
