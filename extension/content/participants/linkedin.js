// A LinkedIn messaging thread (the messaging page, or a message bubble over any page): the people the
// thread's header and its message groups link to, without the signed-in member from the global nav.

(() => {
  const { helpers: h, register } = globalThis.tendParticipants;
  const SITE = "https://www.linkedin.com/";
  const THREAD = ".msg-thread, .msg-convo-wrapper, .msg-s-message-list, .msg-overlay-conversation-bubble";

  register({
    name: "linkedin",
    kind: "message",
    detect: (doc, loc) => Boolean(doc.querySelector(THREAD))
      || (/(^|\.)linkedin\.com$/.test(loc.hostname) && loc.pathname.startsWith("/messaging/")),
    read(doc) {
      const thread = doc.querySelector(".msg-thread, .msg-convo-wrapper") ?? doc.querySelector(THREAD)
        ?? h.mainRegion(doc);
      const participants = [];
      // The header: one link per person ("Leila Karimi"), or for a group each member's link.
      for (const header of thread.querySelectorAll(".msg-thread__link-to-profile, .msg-entity-lockup, .msg-overlay-bubble-header, .msg-title-bar, .msg-s-message-group__meta, .msg-s-event-listitem__link")) {
        const title = h.name(header.querySelector(".msg-entity-lockup__entity-title, .msg-s-message-group__name, h2, .profile-card-one-to-one__profile-link")?.textContent);
        for (const link of h.linked(header.matches("a") ? header.parentElement : header, SITE)) {
          participants.push({ name: link.name ?? title, url: link.url });
        }
      }
      participants.push(...h.linked(thread, SITE).filter((link) => link.name));
      const self = [];
      for (const me of doc.querySelectorAll(".global-nav__me a[href], a.global-nav__me-content, .feed-identity-module a[href]")) {
        const url = h.profileUrl(me.getAttribute("href"), SITE);
        if (url) self.push({ url });
      }
      const photo = doc.querySelector("img.global-nav__me-photo[alt]");
      if (photo) self.push({ name: h.name(photo.getAttribute("alt")) });
      const times = [...thread.querySelectorAll("time[datetime]")].map((time) => time.getAttribute("datetime"));
      return { participants, self, when: h.when(times.reverse()) };
    },
  });
})();
