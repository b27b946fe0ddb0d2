// The popup's "log a conversation" panel, on every page: the people of the open conversation (saved ones
// chosen, the others offered to add), a picker that finds anyone saved from two typed letters, the kinds,
// a "when" and a note. Keyboard all the way: arrows and Enter choose, Enter on an empty field logs.

import { formatDate, formatList, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el, errorText, face } from "../lib/ui.js";
import { whenControl } from "./when.js";

const KINDS = ["message", "email", "meeting", "call", "coffee", "met", "helped_them", "helped_me", "thanks"];
const TYPING_PAUSE_MS = 80;

const keyOf = (person) => (person.id ? `id:${person.id}` : `new:${person.email ?? ""}|${person.url ?? ""}|${person.name}`);
const shownName = (person) => person.name ?? person.email ?? person.url;

export function picker({ tab, say, onLogged }) {
  const chosen = new Map(); // key -> a saved person {id, ...} or a new one {name, email, url}
  let page = null; // what the readers found on the tab
  let matches = [];
  let active = -1;
  let typingTimer = null;
  let asked = 0;
  let searched = ""; // what the shown matches are for

  const input = el("input", { attrs: { id: "picker", type: "search", role: "combobox", autocomplete: "off",
    "aria-expanded": "false", "aria-controls": "matches", "aria-autocomplete": "list",
    "aria-label": t("pickerPlaceholder"), placeholder: t("pickerPlaceholder") } });
  const list = el("ul", { className: "matches plain", attrs: { id: "matches", role: "listbox", "aria-label": t("pickerTitle") } });
  const chips = el("div", { className: "row chips", attrs: { id: "chosen", "aria-live": "polite" } });
  const offers = el("div", { className: "offers", attrs: { id: "offers" } });
  const hint = el("div", { className: "hint", attrs: { id: "picker-hint", role: "status" } });
  const when = whenControl();
  const note = el("textarea", { attrs: { id: "picker-note", "aria-label": t("notePlaceholder"), placeholder: t("notePlaceholder") } });
  const logButton = el("button", { className: "primary", attrs: { id: "log-chosen" } });
  const kinds = el("div", { className: "row log", attrs: { id: "picker-kinds" } });
  let defaultKind = "message";

  function renderKinds() {
    const order = [defaultKind, ...KINDS.filter((kind) => kind !== defaultKind)];
    kinds.replaceChildren(...order.map((kind) => {
      const button = el("button", { text: t(`kind_${kind}`), attrs: { "data-kind": kind } });
      if (kind === defaultKind) button.classList.add("default");
      button.addEventListener("click", () => log(kind));
      return button;
    }));
    logButton.textContent = t("pickerLog", note.value.trim() ? t("kind_note") : t(`kind_${defaultKind}`));
  }

  function renderChips() {
    chips.replaceChildren(...[...chosen.entries()].map(([key, person]) => {
      const remove = el("button", { className: "remove", text: "×", attrs: { "aria-label": t("pickerRemove", shownName(person)) } });
      remove.addEventListener("click", () => {
        chosen.delete(key);
        renderChips();
        renderOffers();
        input.focus();
      });
      const chip = el("span", { className: person.id ? "chip" : "chip new", attrs: { "data-key": key } },
        [face(person), el("span", { className: "chip-name", text: shownName(person), attrs: { title: shownName(person) } }),
          ...(person.id ? [] : [el("span", { className: "badge", text: t("pickerNew") })]), remove]);
      return chip;
    }));
    logButton.disabled = chosen.size === 0;
  }

  // The page's people who are not saved: one button each to add them to this log.
  function renderOffers() {
    const unknown = (page?.participants ?? []).filter((p) => !p.person && !chosen.has(keyOf(p)));
    if (!unknown.length) {
      offers.replaceChildren();
      return;
    }
    offers.replaceChildren(el("div", { className: "hint", text: t("pickerOnPage") }), el("div", { className: "row" },
      unknown.map((participant) => {
        const address = participant.email ?? participant.url;
        const add = el("button", { className: "offer", text: t("pickerAdd", shownName(participant)),
          attrs: address && participant.name ? { title: address } : {} });
        add.addEventListener("click", () => {
          choose({ name: participant.name ?? participant.email ?? participant.url, email: participant.email, url: participant.url });
          input.focus();
        });
        return add;
      })));
  }

  function choose(person) {
    chosen.set(keyOf(person), person);
    input.value = "";
    setMatches([], "");
    renderChips();
    renderOffers();
  }

  function option(person, index) {
    const last = person.last_interaction_at ? t("cardLastInteraction", formatDate(person.last_interaction_at)) : t("cardNever");
    const about = person.headline ?? person.organization;
    const item = el("li", { className: "match", attrs: { id: `match-${index}`, role: "option", "data-person-id": String(person.id) } }, [face(person), el("div", { className: "match-text" }, [
      el("div", { className: "match-name", text: person.name }),
      ...(about ? [el("div", { className: "match-about", text: about })] : []),
      el("div", { className: "match-last", text: last })])]);
    item.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the focus in the field
      choose(person);
    });
    return item;
  }

  function setMatches(items, typed, offline = false) {
    matches = items.filter((person) => !chosen.has(keyOf(person)));
    const rows = matches.map(option);
    if (typed && !matches.length) {
      // Nobody saved by that name: add them, from here.
      const add = el("li", { className: "match add", attrs: { id: "match-new", role: "option" } },
        [el("div", { className: "match-name", text: t("pickerAddNew", typed) })]);
      add.addEventListener("mousedown", (event) => {
        event.preventDefault();
        choose({ name: typed });
      });
      rows.push(add);
    }
    list.replaceChildren(...rows);
    active = rows.length ? 0 : -1;
    rows.forEach((row, index) => row.setAttribute("aria-selected", String(index === active)));
    input.setAttribute("aria-expanded", String(rows.length > 0));
    input.setAttribute("aria-activedescendant", rows.length ? rows[0].id : "");
    hint.textContent = offline ? t("pickerOffline") : "";
  }

  function moveActive(step) {
    const rows = [...list.children];
    if (!rows.length) return;
    active = (active + step + rows.length) % rows.length;
    rows.forEach((row, index) => row.setAttribute("aria-selected", String(index === active)));
    input.setAttribute("aria-activedescendant", rows[active].id);
    rows[active].scrollIntoView({ block: "nearest" });
  }

  async function search() {
    clearTimeout(typingTimer);
    const typed = input.value.trim();
    const mine = ++asked;
    if (!typed) {
      setMatches([], "");
      return;
    }
    try {
      const result = await ask("match", { q: typed });
      if (mine === asked) {
        setMatches(result.items, typed, result.offline);
        searched = typed;
      }
    } catch (error) {
      if (mine === asked) say(errorText(error));
    }
  }

  async function log(kind) {
    if (!chosen.size) {
      say(t("pickerChooseFirst"));
      input.focus();
      return;
    }
    const text = note.value.trim();
    const people = [...chosen.values()];
    try {
      const result = await ask("logConversation", { people, kind: text && kind === null ? "note" : kind ?? defaultKind,
        note: text || undefined, when: when.value(), sourceUrl: page?.url ?? tab?.url, sourceTitle: page?.title ?? tab?.title });
      const kindName = t(`kind_${text && kind === null ? "note" : kind ?? defaultKind}`);
      say(result.queued ? t("outcomeQueued") : t("loggedWith", kindName, formatList(result.people.map((p) => p.name))));
      chosen.clear();
      note.value = "";
      page = page && { ...page, participants: page.participants.filter((p) => p.person) };
      renderChips();
      renderOffers();
      renderKinds();
      onLogged?.();
    } catch (error) {
      say(errorText(error));
    }
  }

  // Enter: the highlighted match (once the matches are for what was typed, however fast it was typed),
  // or, on an empty field, log.
  async function pick() {
    const typed = input.value.trim();
    if (!typed) {
      log(null);
      return;
    }
    if (typed !== searched) await search();
    list.children[active]?.dispatchEvent(new MouseEvent("mousedown", { cancelable: true }));
  }

  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(search, TYPING_PAUSE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveActive(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick();
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      setMatches([], "");
    } else if (event.key === "Backspace" && !input.value && chosen.size) {
      chosen.delete([...chosen.keys()].at(-1));
      renderChips();
      renderOffers();
    }
  });
  note.addEventListener("input", renderKinds);
  note.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      log(null);
    }
  });
  logButton.addEventListener("click", () => log(null));

  // The page's conversation: who is in it, what kind of talk it is, when it was, the selected text.
  async function read({ withSelection = false } = {}) {
    if (!tab?.id || !/^https?:/.test(tab.url ?? "")) return;
    page = await ask("conversation", { tabId: tab.id }).catch(() => null);
    if (!page) return;
    if (page.kind) defaultKind = page.kind;
    for (const participant of page.participants) if (participant.person) chosen.set(keyOf(participant.person), participant.person);
    if (page.when) when.offerMessageTime(page.when);
    if (withSelection && page.selection) {
      note.value = page.selection;
      hint.textContent = t("pickerSelectionHint");
    }
    renderChips();
    renderOffers();
    renderKinds();
  }

  renderKinds();
  renderChips();
  const panel = el("section", { className: "picker", attrs: { id: "log-anywhere", "aria-labelledby": "picker-title" } }, [
    el("h2", { text: t("pickerTitle"), attrs: { id: "picker-title" } }), chips, input, list, hint, offers, kinds,
    when.row, note, el("div", { className: "row" }, [logButton]), el("div", { className: "note-hint", text: t("noteHint") })]);
  return { panel, read, focus: () => input.focus(), when };
}
