// Small DOM helpers shared by the extension's pages. Text is always set with textContent.

import { hasMessage, t } from "./i18n.js";
import { ask } from "./messages.js";

export function el(tag, { text, className, attrs = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// The connection state, saying what to do about it, with a way to check again when it is not right.
export function renderState(container, state) {
  const lines = {
    connected: [t("stateConnected")],
    not_running: [t("stateNotRunning"), el("code", { text: "./scripts/serve" })],
    not_paired: [t("stateNotPaired")],
    version_mismatch: [t("stateVersionMismatch")],
  }[state] ?? [t("stateChecking")];
  const parts = lines.map((line) => (typeof line === "string" ? el("span", { text: line }) : line));
  if (state !== "connected") {
    const again = el("button", { className: "link check-again", text: t("stateCheckAgain"), attrs: { type: "button" } });
    again.addEventListener("click", () => ask("state").catch(() => {})); // the answer arrives through watchState
    parts.push(again);
  }
  container.replaceChildren(...parts);
  container.dataset.state = state;
}

// Keeps a page current with the connection: the service worker notes the state every answer shows,
// and show(state, previous) hears each change (to re-render the state line and wake up or pause what
// needs the companion). The first state is the one the page rendered itself.
export function watchState(first, show) {
  let current = first;
  chrome.storage.onChanged.addListener((changes, area) => {
    const next = area === "session" ? changes.connection?.newValue : undefined;
    if (!next || next === current) return;
    const previous = current;
    current = next;
    show(next, previous);
  });
}

// What the companion said the page is, in the reader's language ("an article by …").
export function notProfileText(page) {
  const kind = page?.kind;
  if (page?.name && ["article", "organization"].includes(kind)) {
    return t(kind === "article" ? "notProfile_articleBy" : "notProfile_organizationNamed", page.name);
  }
  return kind && hasMessage(`notProfile_${kind}`) ? t(`notProfile_${kind}`) : t("outcomeNotProfile");
}

export function errorText(error) {
  if (error.kind === "offline") return `${t("stateNotRunning")} ./scripts/serve`;
  if (error.kind === "unauthorized") return t("errorUnauthorized");
  if (error.code === "not_a_profile") return notProfileText(error.details?.page);
  if (error.code === "cannot_capture") return t("cannotCapture");
  const known = { insufficient_storage: "errorDiskFull", page_too_complex: "errorPageTooComplex",
    needs_confirmation: "errorNeedsConfirmation",
    storage_error: "errorStorage", damaged_data: "errorStorage", api_level_mismatch: "stateVersionMismatch" }[error.code];
  if (known) return t(known);
  return t("errorGeneric", error.code ?? "?");
}

// A person's face: their photo, else their initials (a photo that fails to load falls back too).
export function face(person) {
  // The same colour for the same person everywhere, from their id (a new person from a page has none yet).
  const hue = person.id ? (Number(person.id) * 137) % 360 : 150;
  const initials = el("span", { className: "face initials", text: [...(person.name ?? "?").trim()].slice(0, 1).join("").toUpperCase(),
    attrs: { "aria-hidden": "true", style: `background: hsl(${hue} 40% 75%)` } });
  if (person.face_updated_at && person.id) {
    // The kept thumbnail, through the service worker (the token stays there); the initials until it comes.
    ask("faceImage", { personId: person.id, updatedAt: person.face_updated_at }).then((src) => {
      const img = el("img", { className: "face", attrs: { src, alt: "" } });
      initials.replaceWith(img);
    }, () => {});
    return initials;
  }
  if (!person.photo_url || !/^https:/.test(person.photo_url)) return initials;
  const img = el("img", { className: "face", attrs: { src: person.photo_url, alt: "", referrerpolicy: "no-referrer", loading: "lazy" } });
  img.addEventListener("error", () => img.replaceWith(initials), { once: true });
  return img;
}
