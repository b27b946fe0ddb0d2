// An open calendar event (Google Calendar's and Outlook's event details, an hCalendar or schema.org
// Event on any page): its organizer and attendees, and when it starts.

(() => {
  const { helpers: h, register } = globalThis.tendParticipants;
  const EVENT = "[data-eventid], [data-eventchip], [aria-label*='event details' i], .h-event, .vevent, [itemtype$='/Event']";
  const CALENDAR_HOSTS = /(^|\.)(calendar\.google\.com|outlook\.live\.com|outlook\.office\.com|calendar\.proton\.me|fastmail\.com)$/;

  function jsonLdEvents(doc) {
    const events = [];
    for (const script of doc.querySelectorAll("script[type='application/ld+json' i]")) {
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch {
        continue;
      }
      const walk = (node) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === "object") {
          if (/Event$/.test([].concat(node["@type"] ?? []).join(" "))) events.push(node);
          if (node["@graph"]) walk(node["@graph"]);
        }
      };
      walk(data);
    }
    return events;
  }

  const people = (value) => [].concat(value ?? []).filter((item) => item && typeof item === "object")
    .map((item) => ({ name: h.name(item.name), email: h.email(item.email ?? ""), url: h.profileUrl(item.url ?? item.sameAs ?? "") }));

  function openEvent(doc) {
    const dialog = [...doc.querySelectorAll("[role='dialog']")].find((el) => el.querySelector("[data-email], [data-hovercard-id], a[href^='mailto:' i]"));
    return dialog ?? doc.querySelector(EVENT);
  }

  register({
    name: "calendar",
    kind: "meeting",
    detect: (doc, loc) => Boolean(openEvent(doc) || jsonLdEvents(doc).some((event) => event.attendee || event.organizer))
      && (CALENDAR_HOSTS.test(loc.hostname) || /calendar|event/i.test(loc.pathname + loc.hash) || !doc.querySelector(".adn, [data-message-id]")),
    read(doc) {
      const participants = [];
      const times = [];
      for (const event of jsonLdEvents(doc)) {
        participants.push(...people(event.organizer), ...people(event.attendee));
        times.push(event.startDate);
      }
      const region = openEvent(doc);
      if (region) {
        participants.push(...h.addressed(region));
        for (const card of region.querySelectorAll(".p-attendee, .p-organizer, [itemprop='attendee'], [itemprop='organizer']")) {
          participants.push({ name: h.name(card.querySelector(".p-name, [itemprop='name']")?.textContent ?? card.textContent),
            email: h.email(card.querySelector("a[href^='mailto:' i]")?.getAttribute("href") ?? ""), url: null });
        }
        times.push(...[...region.querySelectorAll(".dt-start, [itemprop='startDate'], time[datetime], [data-start]")]
          .map((el) => el.getAttribute("datetime") ?? el.getAttribute("content") ?? el.getAttribute("data-start") ?? el.getAttribute("title")),
          ...h.shortTexts(region)); // "Thursday, November 19, 2026 · 3:00 – 4:00pm"
      }
      return { participants: participants.filter((p) => p.name || p.email || p.url), self: h.accountHints(doc), when: h.when(times) };
    },
  });
})();
