// The people list beside every view: search and filters, each person a button that opens their page.

import { t, tCount } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, face } from "../lib/ui.js";
import { pickBox, renderBulk } from "./bulk.js";

const $ = (id) => document.getElementById(id);

export async function listPeople(selected, onPick) {
  const relist = () => listPeople(selected, onPick);
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
      title: [person.name, person.organization].filter(Boolean).join(" · ") } }, [face(person), el("div", {}, [
      el("div", { text: person.name }),
      ...(person.organization ? [el("div", { className: "org", text: person.organization })] : []),
    ])]);
    button.addEventListener("click", () => onPick(person.id));
    return el("li", { className: "pickable" }, [pickBox(person.id, () => renderBulk(relist)), button]);
  }));
  renderBulk(relist);
}

export function markSelected(personId) {
  for (const button of $("people").querySelectorAll("button[data-person-id]")) {
    button.setAttribute("aria-current", String(Number(button.dataset.personId) === personId));
  }
}
