// Bulk actions on the people list: tick people (shift-click ticks a range, or all shown at once), then add
// or remove a tag, set a cadence, or delete them, after a confirmation that says how many interactions and
// tasks go with them.

import { formatNumber, t, tCount } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText } from "../lib/ui.js";

const $ = (id) => document.getElementById(id);
const picked = new Set();
let lastTicked = null;

function boxes() {
  return [...$("people").querySelectorAll("input.pick")];
}

// A tick box for one person in the list (shift-click: every box between this one and the last ticked).
export function pickBox(personId, onChange) {
  const box = el("input", { className: "pick", attrs: { type: "checkbox", "data-person-id": String(personId),
    "aria-label": t("bulkPick") } });
  box.checked = picked.has(personId);
  box.addEventListener("click", (event) => {
    const all = boxes();
    const range = event.shiftKey && lastTicked !== null
      ? all.slice(Math.min(all.indexOf(lastTicked), all.indexOf(box)), Math.max(all.indexOf(lastTicked), all.indexOf(box)) + 1)
      : [box];
    for (const item of range) {
      item.checked = box.checked;
      const id = Number(item.dataset.personId);
      if (box.checked) picked.add(id); else picked.delete(id);
    }
    lastTicked = box;
    onChange();
  });
  return box;
}

// The bar of actions, shown while anyone is ticked; `relist` redraws the list after a change.
export function renderBulk(relist) {
  const bar = $("bulk");
  bar.hidden = picked.size === 0;
  if (!picked.size) return bar.replaceChildren();
  const said = el("p", { className: "hint", attrs: { role: "status", id: "bulk-said" } });
  const run = async (action, extra = {}) => {
    try {
      const done = await ask("bulk", { personIds: [...picked], action, ...extra });
      if (action === "delete") picked.clear();
      await relist();
      renderBulk(relist);
      $("bulk-said")?.replaceChildren(t("bulkDone", formatNumber(done.people)));
    } catch (error) {
      said.textContent = errorText(error);
    }
  };
  const tag = el("input", { attrs: { id: "bulk-tag", placeholder: t("bulkTag"), "aria-label": t("bulkTag"), maxlength: "100" } });
  const addTag = el("button", { text: t("bulkAddTag"), attrs: { id: "bulk-add-tag" } });
  const removeTag = el("button", { text: t("bulkRemoveTag"), attrs: { id: "bulk-remove-tag" } });
  const cadence = el("input", { attrs: { id: "bulk-cadence", type: "number", min: "1", max: "3650",
    placeholder: t("bulkCadence"), "aria-label": t("bulkCadence") } });
  const setCadence = el("button", { text: t("bulkSetCadence"), attrs: { id: "bulk-set-cadence" } });
  const remove = el("button", { className: "danger", text: t("bulkDelete"), attrs: { id: "bulk-delete" } });
  const all = el("button", { className: "link", text: t("bulkAllShown"), attrs: { id: "bulk-all", type: "button" } });
  const none = el("button", { className: "link", text: t("bulkNone"), attrs: { id: "bulk-none", type: "button" } });
  addTag.addEventListener("click", () => tag.value.trim() && run("add_tag", { tag: tag.value.trim() }));
  removeTag.addEventListener("click", () => tag.value.trim() && run("remove_tag", { tag: tag.value.trim() }));
  setCadence.addEventListener("click", () => run("set_cadence", { cadenceDays: Number(cadence.value) || null }));
  all.addEventListener("click", () => {
    for (const box of boxes()) { box.checked = true; picked.add(Number(box.dataset.personId)); }
    renderBulk(relist);
  });
  none.addEventListener("click", () => {
    picked.clear();
    for (const box of boxes()) box.checked = false;
    renderBulk(relist);
  });
  remove.addEventListener("click", async () => {
    try {
      const preview = await ask("bulk", { personIds: [...picked], action: "delete", dryRun: true });
      const really = el("button", { className: "danger", text: t("bulkDeleteConfirm"), attrs: { id: "bulk-delete-confirm" } });
      const cancel = el("button", { text: t("cancel"), attrs: { type: "button" } });
      really.addEventListener("click", () => run("delete"));
      cancel.addEventListener("click", () => renderBulk(relist));
      said.replaceChildren(el("span", { text: t("bulkDeleteAsk", tCount("peopleCount", preview.people),
        formatNumber(preview.interactions), formatNumber(preview.tasks)) }), " ", really, " ", cancel);
    } catch (error) {
      said.textContent = errorText(error);
    }
  });
  bar.replaceChildren(
    el("div", { className: "row" }, [el("strong", { text: t("bulkSelected", formatNumber(picked.size)) }), all, none]),
    el("div", { className: "row" }, [tag, addTag, removeTag]),
    el("div", { className: "row" }, [cadence, setCadence, remove]), said);
}
