// Any page: the addresses and profile links in the selected text and the page's main region. These are
// only candidates; the extension keeps those that belong to people already saved.

(() => {
  const { helpers: h, register } = globalThis.tendParticipants;
  const MAX = 200;

  register({
    name: "generic",
    kind: null,
    detect: () => true,
    read(doc) {
      const selection = String(getSelection?.() ?? "");
      const region = h.mainRegion(doc);
      const candidates = [
        ...h.emailsIn(selection).map((email) => ({ email })),
        ...h.addressed(region),
        ...h.linked(region),
        ...h.emailsIn(region?.innerText ?? region?.textContent ?? "").map((email) => ({ email })),
      ].slice(0, MAX);
      return { participants: candidates, self: h.accountHints(doc), when: null };
    },
  });
})();
