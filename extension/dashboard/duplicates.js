// Review duplicates: pairs of people who may be one, side by side with their faces and the evidence
// (which signals agree). Merge keeps the older one and, for each field both have and differ on, the value
// the user picks; Keep apart is remembered and never asked again. The merges made are listed below, each
// with Undo while it can be undone (30 days, and neither person merged again since).

import { formatDate, formatList, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText, face } from "../lib/ui.js";

const CHOOSABLE = ["name", "headline", "title", "organization", "location", "how_met"];
const shown = (value) => String(value).replace(/\s+/g, " ").trim(); // "Sam  Lee" is "Sam Lee" to a reader

function side(person) {
  const lines = [person.headline, [person.title, person.organization].filter(Boolean).join(" · "), person.location,
    ...person.emails, ...person.phones, ...person.urls.map((link) => link.url)].filter(Boolean);
  return el("div", { className: "pair-side" }, [el("div", { className: "person-head" }, [face(person),
    el("div", { className: "name", text: person.name })]), ...lines.map((line) => el("div", { className: "hint", text: line }))]);
}

function evidence(agree) {
  if (agree.length === 1 && agree[0] === "name") return t("dupOnlyName");
  return t("dupEvidence", formatList(agree.map((signal) => t(`dupSignal_${signal.split(":")[0]}`))));
}

function pairItem(pair, index, refresh, onChange) {
  const [keep, other] = pair.people;
  const choices = CHOOSABLE.filter((field) => keep[field] && other[field] && shown(keep[field]) !== shown(other[field]));
  const pickers = choices.map((field) => {
    const name = `pair${index}-${field}`;
    const option = (value, which) => {
      const input = el("input", { attrs: { type: "radio", name, value: which } });
      input.checked = which === "keep";
      return el("label", { className: "choice" }, [input, el("span", { text: value })]);
    };
    return el("fieldset", { className: "pair-field", attrs: { "data-field": field } }, [
      el("legend", { text: t(`field_${field}`) }), option(keep[field], "keep"), option(other[field], "other")]);
  });
  const merge = el("button", { className: "primary", text: t("dupMerge"), attrs: { "data-action": "merge" } });
  const apart = el("button", { text: t("keepApart"), attrs: { "data-action": "apart" } });
  const said = el("p", { className: "hint", attrs: { role: "alert" } });
  const item = el("li", { className: "card pair" }, [
    el("div", { className: "pair-sides" }, [side(keep), side(other)]),
    el("p", { className: "hint evidence", text: evidence(pair.agree) }),
    ...(pickers.length ? [el("p", { text: t("dupChoose") }), ...pickers] : []),
    el("div", { className: "row" }, [merge, apart]), said]);
  merge.addEventListener("click", async () => {
    const take = pickers.filter((fs) => fs.querySelector("input[value=other]").checked).map((fs) => fs.dataset.field);
    try {
      await ask("merge", { keepId: keep.id, duplicateId: other.id, take });
      onChange?.();
      refresh();
    } catch (error) {
      said.textContent = errorText(error);
    }
  });
  apart.addEventListener("click", async () => {
    try {
      await ask("keepApart", { personIds: [keep.id, other.id] });
      refresh();
    } catch (error) {
      said.textContent = errorText(error);
    }
  });
  return item;
}

function mergeItem(merge, refresh, onChange) {
  const row = el("li", { attrs: { "data-merge-id": String(merge.id) } }, [
    el("span", { text: t("mergeRow", merge.merged_name, formatDate(merge.merged_at)) })]);
  if (merge.undoable) {
    const undo = el("button", { text: t("mergeUndo"), attrs: { "data-action": "undo" } });
    undo.addEventListener("click", async () => {
      try {
        await ask("undoMerge", { mergeId: merge.id });
        onChange?.();
        refresh();
      } catch (error) {
        row.append(el("span", { className: "hint", text: errorText(error) }));
      }
    });
    row.append(" ", undo);
  } else {
    row.append(" ", el("span", { className: "hint", text: merge.undone_at ? t("mergeUndone") : t("mergeFinal") }));
  }
  return row;
}

export async function showDuplicates(pane, onChange) {
  const refresh = () => showDuplicates(pane, onChange);
  let page;
  let merges;
  try {
    [page, merges] = await Promise.all([ask("duplicates"), ask("merges")]);
  } catch (error) {
    pane.replaceChildren(el("p", { text: errorText(error) }));
    return;
  }
  pane.replaceChildren(el("h2", { text: t("dupTitle") }), page.items.length
    ? el("ul", { className: "plain pairs" }, page.items.map((pair, index) => pairItem(pair, index, refresh, onChange)))
    : el("p", { className: "hint", text: t("dupNone") }),
  ...(merges.items.length ? [el("h2", { text: t("mergesTitle") }),
    el("ul", { className: "plain merges" }, merges.items.map((merge) => mergeItem(merge, refresh, onChange)))] : []));
}
