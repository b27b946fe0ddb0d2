// What every participant reader shares. The readers are classic scripts injected together into the tab
// (chrome.scripting.executeScript with `files`, under activeTab): each registers itself here, and read.js
// runs the one that knows the page, then the generic one. They only read the page; they change nothing.
//
// A reader is { name, kind, detect(doc, loc) -> bool, read(doc, loc) -> { participants, self, when } }:
// participants and self are lists of { name, email, url } (any may be missing), when an ISO time or null.

(() => {
  const tend = (globalThis.tendParticipants ??= { readers: new Map() });
  const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
  const MAX_NAME = 200;
  // Words a page puts before a name ("From: Leila"), and the text of a link that is no name.
  const LABEL = /^(from|to|cc|bcc|sender|recipient|organizer|organiser|attendee|guest|with|by|reply to)\s*:?\s*/i;

  const OBFUSCATED = /\S\s+(at|@)\s+\S+\.\S/i; // "kwame.mensah at example.org"
  const LINKISH = /^(https?:\/\/|www\.)|^[\w-]+(\.[\w-]+)+\/\S*$/i; // "github.com/kwamem" names no one
  const clean = (text) => String(text ?? "").replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ").trim();

  // An e-mail address, lower-cased, from a mailto: link, an attribute or a "Name <address>" text.
  function email(value) {
    const text = clean(value).replace(/^mailto:/i, "").split("?")[0];
    const found = decodeURIComponentSafe(text).match(EMAIL);
    return found ? found[0].toLowerCase() : null;
  }

  function decodeURIComponentSafe(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }

  function emailsIn(text) {
    return [...new Set((clean(text).match(EMAIL) ?? []).map((found) => found.toLowerCase()))];
  }

  // A display name from a text that may carry an address or a label ("Leila Karimi <leila@…>", "To: Omid").
  function name(value) {
    let text = clean(value).replace(LABEL, "");
    text = text.replace(/<[^>]*>/g, "").replace(EMAIL, "").replace(/[()"<>]/g, " ").replace(/\s+/g, " ").trim();
    text = text.replace(/^[,;:·•\s]+|[,;:·•\s]+$/g, "");
    if (!text || text.length > MAX_NAME || !/\p{L}/u.test(text) || OBFUSCATED.test(text) || LINKISH.test(text)) return null;
    return text;
  }

  // The profile link of a person, absolute and without tracking, or null for anything else: the sites
  // Tend reads profiles on, and fediverse handles (/@name) on any host.
  function profileUrl(href, base = location.href) {
    let url;
    try {
      url = new URL(href, base);
    } catch {
      return null;
    }
    if (!/^https?:$/.test(url.protocol)) return null;
    const host = url.hostname.replace(/^www\./, "");
    const parts = url.pathname.split("/").filter(Boolean);
    const at = (path) => `${url.protocol}//${url.host}/${path}`;
    if (/(^|\.)linkedin\.com$/.test(host)) return parts[0] === "in" && parts[1] ? `https://www.linkedin.com/in/${parts[1]}` : null;
    if (host === "github.com") {
      const reserved = /^(orgs|settings|notifications|topics|explore|marketplace|pulls|issues|login|about|features|search|sponsors|apps)$/;
      return parts.length === 1 && !reserved.test(parts[0]) ? `https://github.com/${parts[0]}` : null;
    }
    if (host === "x.com" || host === "twitter.com") {
      const reserved = /^(home|explore|messages|notifications|settings|i|search|compose|login|tos|privacy|hashtag)$/;
      return parts.length === 1 && /^\w{1,15}$/.test(parts[0]) && !reserved.test(parts[0]) ? `https://x.com/${parts[0]}` : null;
    }
    if (host === "bsky.app") return parts[0] === "profile" && parts[1] ? `https://bsky.app/profile/${parts[1]}` : null;
    if (host === "orcid.org") return /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(parts[0] ?? "") ? at(parts[0]) : null;
    if (host === "stackoverflow.com") return parts[0] === "users" && /^\d+$/.test(parts[1] ?? "") ? at(`users/${parts[1]}`) : null;
    if (parts.length === 1 && /^@[\w.-]+(@[\w.-]+)?$/.test(parts[0])) return at(parts[0]);
    return null;
  }

  // A time the page shows for the message or event, as ISO: a datetime attribute, else a text with a
  // year and a time of day ("Thu, Nov 19, 2026, 3:04 PM", "Thursday, November 19, 2026 · 3:00 – 4:00pm",
  // "Thu 11/19/2026 3:04 PM"), read in the browser's time zone. Never a time in the future, never a guess.
  const CLOCK = /(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([ap])?\.?\s*m?\.?/i;
  function parsed(text) {
    if (/^\d{4}-\d{2}-\d{2}/.test(text)) return Date.parse(text);
    const year = text.match(/\b(19|20|21)\d{2}\b/)?.[0];
    if (!year) return NaN;
    const whole = Date.parse(text); // "Fri Nov 20 08:12:45 UTC 2026", with its zone
    if (Number.isFinite(whole) && String(new Date(whole).getFullYear()) === year && CLOCK.test(text)) return whole;
    const clock = text.match(CLOCK);
    if (!clock) return NaN;
    const day = text.slice(0, clock.index).replace(/[,·•|]|\bat\b/g, " ").trim()
      || text.slice(clock.index + clock[0].length).replace(/[,·•|–-]/g, " ").trim();
    // "3:00 – 4:00pm": the start takes the end's am/pm.
    const meridiem = clock[3] ?? text.slice(clock.index + clock[0].length).match(/^\s*[–-]\s*\d{1,2}[:.]\d{2}\s*([ap])/i)?.[1];
    let hours = Number(clock[1]);
    if (meridiem) hours = (hours % 12) + (/p/i.test(meridiem) ? 12 : 0);
    // A leading weekday ("Thu", "Thursday") some engines refuse: tried with it, then without.
    const date = new Date(Number.isFinite(Date.parse(day)) ? Date.parse(day) : Date.parse(day.replace(/^\p{L}+\.?\s+/u, "")));
    if (!Number.isFinite(date.getTime()) || String(date.getFullYear()) !== year) return NaN;
    date.setHours(hours, Number(clock[2]), 0, 0);
    return date.getTime();
  }

  function when(...values) {
    for (const value of values.flat()) {
      const text = clean(value).replace(/\u202f/g, " ");
      const time = text ? parsed(text) : NaN;
      if (Number.isFinite(time) && time <= Date.now() + 3600000 && time > Date.UTC(1990, 0, 1)) {
        return new Date(time).toISOString();
      }
    }
    return null;
  }

  // The texts of leaf elements short enough to be a date line ("Fri Nov 20 08:12:45 UTC 2026").
  function shortTexts(root, limit = 400) {
    const texts = [];
    for (const el of root?.querySelectorAll("time, i, em, span, td, div, p, small") ?? []) {
      if (el.childElementCount === 0 && el.textContent.length <= 80 && /\d/.test(el.textContent)) texts.push(el.textContent);
      if (texts.length >= limit) break;
    }
    return texts;
  }

  // Everyone an element points at by address: mailto links and the attributes web mail and calendars
  // keep addresses in (Gmail's email=, Outlook's title=, Google Calendar's data-email=, hovercards).
  const ADDRESS_ATTRS = ["email", "data-email", "data-hovercard-id", "title", "aria-label", "data-address"];
  function addressed(root) {
    if (!root) return [];
    const found = [];
    for (const el of root.querySelectorAll("a[href^='mailto:' i], [email], [data-email], [data-hovercard-id], [title*='@'], [aria-label*='@'], [data-address]")) {
      const raw = el.matches("a[href^='mailto:' i]") ? el.getAttribute("href")
        : ADDRESS_ATTRS.map((attr) => el.getAttribute(attr)).find((value) => value && email(value));
      const address = raw && email(raw);
      if (!address) continue;
      const shown = el.getAttribute("name") || el.getAttribute("data-name") || firstText(el);
      const mailto = el.matches("a[href^='mailto:' i]"); // a mailto's title is a subject, never a name
      found.push({ name: name(shown) || (mailto ? nameBefore(el) : name(el.getAttribute("title")) || name(el.getAttribute("aria-label"))),
        email: address });
    }
    return found;
  }

  // The first line of text inside an element that is not an address: a guest row's name, not its
  // "Organizer" badge after it.
  function firstText(el) {
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = clean(walker.currentNode.textContent);
      if (/\p{L}/u.test(text) && !email(text) && !/^[<>()]+$/.test(text)) return text;
      if (email(text)) return "";
    }
    return "";
  }

  // The name written just before an address, as in "Cc: Ana Souza <ana@…>" or "<b>Kwame</b> <a href=mailto:…>".
  function nameBefore(el) {
    let node = el.previousSibling;
    while (node && node.nodeType === Node.TEXT_NODE && !clean(node.textContent).replace(/[<(]/g, "")) node = node.previousSibling;
    if (!node || node.nodeName === "BR") return null;
    const text = clean(node.textContent).replace(/[<(\s]+$/, "");
    return name(text.split(/[:;,\n]/).at(-1));
  }

  // Addresses written as text in a message's header: an element whose whole text is an address
  // ("<kwame@…>"), named by the text just before it ("Kwame Mensah <kwame@…>").
  function written(root) {
    if (!root) return [];
    const found = [];
    for (const el of root.querySelectorAll("span, div, td, b, strong, a, dd, li")) {
      if (el.childElementCount !== 0) continue;
      const text = clean(el.textContent).replace(/^<|>$/g, "").replace(/^\(|\)$/g, "");
      if (text.length > 320 || email(text) !== text.toLowerCase() || text.includes(" ")) continue;
      found.push({ name: nameBefore(el), email: email(text) });
    }
    return found;
  }

  // Profile links inside an element, with the link's text as the name; relative links against `base`
  // (a site's own reader knows its links are its own, wherever the page is shown).
  function linked(root, base = location.href) {
    if (!root) return [];
    const found = [];
    for (const a of root.querySelectorAll("a[href]")) {
      const url = profileUrl(a.getAttribute("href"), base);
      if (url) found.push({ name: name(a.getAttribute("aria-label")?.match(/^[^,]+/)?.[0]) ?? null, url, text: name(a.textContent) });
    }
    return found.map(({ name: label, url, text }) => ({ name: text || label, url }));
  }

  // The signed-in user, from the account controls a site puts in its chrome ("Google Account: Rafi
  // (rafi@…)", "Account manager for …", "Signed in as …"): never listed as a participant.
  function accountHints(doc) {
    const hints = [];
    const controls = doc.querySelectorAll("[aria-label*='account' i], [aria-label*='signed in' i], [aria-label*='logged in' i], [title*='account' i], [data-testid*='account' i], [id*='currentAccount' i], [class*='account-switcher' i]");
    for (const el of controls) {
      for (const address of emailsIn(`${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""} ${el.textContent}`)) {
        hints.push({ email: address });
      }
    }
    return hints;
  }

  // The region the open conversation is in: the page's main landmark, else its body.
  function mainRegion(doc) {
    return doc.querySelector("[role='main'], main") ?? doc.body;
  }

  tend.helpers = { clean, email, emailsIn, name, profileUrl, when, shortTexts, addressed, written, linked, accountHints, mainRegion };
  tend.register = (reader) => tend.readers.set(reader.name, reader);
})();
