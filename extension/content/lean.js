// The lean capture, built from the live DOM (README, "Capture format"; companion/extract/lean.py is
// the reference). Passed to chrome.scripting.executeScript as `func`, so it must be self-contained:
// no imports, no outside names. It only reads the page; it changes nothing in it.

export function leanCapture() {
  const KEEP_ATTRS = new Set(["id", "class", "href", "src", "alt", "title", "rel", "type", "content", "name",
    "property", "itemprop", "itemscope", "itemtype", "datetime", "value", "style", "dir", "lang", "charset",
    "http-equiv", "aria-hidden", "aria-label", "data-testid", "data-e2e", "data-section", "data-cfemail",
    "data-delayed-url", "typeof", "vocab", "resource", "about", "prefix", "role"]);
  const DROP = "script, style, noscript, iframe, template, canvas, video, audio, object";
  const META_NAMES = new Set(["description", "author", "generator"]);
  const READ_CARDS = new Set(["about", "experience", "skills"]);
  const ANY_CARD = /^(about|experience|education|skills|recommendations|interests|projects|languages|courses|honors_and_awards|volunteering_experience|licenses_and_certifications|publications|recent_activity|featured|organizations|patents|test_scores)$/;
  const isJsonLd = (el) => el.tagName === "SCRIPT" && (el.getAttribute("type") || "").toLowerCase() === "application/ld+json";
  const STRUCTURED_CLASSES = ["h-card", "vcard", "h-entry", "hentry"];
  const isStructured = (el) => {
    const rel = (el.getAttribute("rel") || "").split(/\s+/);
    return isJsonLd(el) || rel.includes("me") || rel.includes("author")
      || STRUCTURED_CLASSES.some((name) => el.classList.contains(name)) || el.hasAttribute("itemprop")
      || el.hasAttribute("typeof") || /schema\.org\/person/i.test(el.getAttribute("itemtype") || "");
  };

  function strip(root) {
    for (const el of root.querySelectorAll(DROP)) if (!isJsonLd(el)) el.remove();
    for (const svg of root.querySelectorAll("svg")) svg.replaceChildren();
    const comments = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
    const found = [];
    while (comments.nextNode()) found.push(comments.currentNode);
    for (const comment of found) comment.remove();
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const name of el.getAttributeNames()) if (!KEEP_ATTRS.has(name)) el.removeAttribute(name);
    }
    return root;
  }

  const head = [];
  for (const el of document.head ? document.head.children : []) {
    const tag = el.tagName.toLowerCase();
    if (tag === "title" || tag === "base" || isJsonLd(el)) head.push(el.outerHTML);
    if (tag === "meta") {
      const key = (el.getAttribute("property") || el.getAttribute("name") || "").toLowerCase();
      if (el.hasAttribute("charset") || el.hasAttribute("http-equiv") || META_NAMES.has(key)
          || /^(og|profile|twitter|article):/.test(key)) head.push(el.outerHTML);
    }
    if (tag === "link") {
      const rels = (el.getAttribute("rel") || "").toLowerCase().split(/\s+/);
      if (rels.some((rel) => rel === "canonical" || rel === "alternate" || rel === "me")) head.push(el.outerHTML);
    }
  }

  const heading = document.querySelector("h1");
  const main = [...document.querySelectorAll("main")].find((el) => !heading || el.contains(heading));
  const source = main || document.body || document.documentElement;
  const region = strip(source.cloneNode(true));
  const cards = [...region.querySelectorAll("section")].filter((el) => !el.parentElement?.closest("section"));
  const anchored = (card) => [...card.querySelectorAll("[id]")].map((el) => el.id);
  if (cards.filter((card) => anchored(card).some((id) => ANY_CARD.test(id))).length >= 3) {
    const cloneHeading = region.querySelector("h1");
    for (const card of cards) {
      const ids = anchored(card);
      if (ids.some((id) => ANY_CARD.test(id)) && !ids.some((id) => READ_CARDS.has(id))
          && !(cloneHeading && card.contains(cloneHeading))) card.remove();
    }
  }
  const outside = [];
  if (main) {
    for (const el of document.querySelectorAll("*")) {
      if (isStructured(el) && !main.contains(el) && !outside.some((kept) => kept.contains(el))) outside.push(el);
    }
  }
  // The people and places of an embedded state (LinkedIn's <code> blocks, hundreds of KB), as one small
  // block of the same shape (companion/extract/sites/linkedin_state.py reads it).
  const kept = [];
  for (const code of document.querySelectorAll("code")) {
    const text = code.textContent.trim();
    if (!text.startsWith("{") || !text.includes('"included"')) continue;
    let state;
    try { state = JSON.parse(text); } catch { continue; }
    for (const entity of Array.isArray(state?.included) ? state.included : []) {
      const kind = typeof entity?.$type === "string" ? entity.$type : "";
      const person = (kind.endsWith(".identity.profile.Profile") || kind.endsWith(".identity.shared.MiniProfile"))
        && entity.publicIdentifier;
      if (person || kind.endsWith(".common.Geo")) kept.push(entity);
    }
  }
  const state = [];
  if (kept.length) {
    const block = document.createElement("code");
    block.hidden = true;
    block.textContent = JSON.stringify({ included: kept });
    state.push(block.outerHTML);
  }
  const html = ["<!DOCTYPE html><html><head>", ...head, "</head><body>", region.outerHTML,
    ...outside.map((el) => strip(el.cloneNode(true)).outerHTML), ...state, "</body></html>"].join("")
    .replace(/[ \t\f\v]{2,}/g, " ").replace(/[ \t\f\v]*[\r\n]\s*/g, "\n");
  return {
    url: location.href,
    title: document.title.slice(0, 500),
    html,
    selection: String(getSelection() || "").trim().slice(0, 100000),
  };
}
