// One suggestion as a list item with its action buttons (Done, Later, Dismiss), for the popup and the
// person page alike; `act(action)` does it and redraws what the caller shows.

import { t } from "./i18n.js";
import { describe } from "./suggestions.js";
import { el } from "./ui.js";

const ACTION_LABELS = { done: "suggestionDone", snooze: "suggestionSnooze", dismiss: "suggestionDismiss" };

export function suggestionItem(suggestion, act) {
  const buttons = suggestion.actions.map((action) => {
    const button = el("button", { text: t(ACTION_LABELS[action]), attrs: { "data-action": action } });
    button.addEventListener("click", () => act(action));
    return button;
  });
  return el("li", { attrs: { "data-kind": suggestion.kind, title: suggestion.why.join(" · ") } },
    [el("div", { className: "suggestion", text: describe(suggestion) }), el("div", { className: "row" }, buttons)]);
}
