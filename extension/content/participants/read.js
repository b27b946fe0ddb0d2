// Who is in the conversation on this page: the first reader that knows the page (readers registered by
// the files injected before this one), then the generic one for candidates. A reader that fails (its
// site changed its markup) costs only itself: the generic reading still answers.
// Called as globalThis.tendParticipants.read() by chrome.scripting.executeScript; returns plain data.

(() => {
  const tend = globalThis.tendParticipants;
  const { helpers: h } = tend;
  const MAX_PARTICIPANTS = 50;
  const MAX_CANDIDATES = 200;

  const keyOf = (person) => person.email ? `e:${person.email}` : person.url ? `u:${person.url.toLowerCase()}`
    : `n:${(person.name ?? "").toLowerCase()}`;

  function isSelf(person, self) {
    return self.some((me) => (me.email && me.email === person.email) || (me.url && person.url && me.url.toLowerCase() === person.url.toLowerCase())
      || (me.name && !person.email && !person.url && me.name.toLowerCase() === (person.name ?? "").toLowerCase()));
  }

  // One entry per person: a name, an address or a link seen twice adds what the first lacked.
  function unique(people, self, limit) {
    const found = new Map();
    for (const person of people) {
      const entry = { name: h.name(person.name) ?? null, email: person.email ? h.email(person.email) : null,
        url: person.url ?? null };
      if ((!entry.email && !entry.url && !entry.name) || isSelf(entry, self)) continue;
      const key = keyOf(entry);
      const seen = found.get(key);
      if (seen) seen.name ??= entry.name;
      else if (found.size < limit) found.set(key, entry);
    }
    return [...found.values()];
  }

  function safely(reader, doc, loc) {
    try {
      return reader.read(doc, loc);
    } catch (error) {
      return { participants: [], self: [], when: null, failed: String(error?.message ?? error) };
    }
  }

  tend.read = (doc = document, loc = location) => {
    const readers = [...tend.readers.values()];
    const generic = readers.find((reader) => reader.name === "generic");
    const specific = readers.find((reader) => reader !== generic && (() => {
      try {
        return reader.detect(doc, loc);
      } catch {
        return false;
      }
    })());
    const read = specific ? safely(specific, doc, loc) : { participants: [], self: [], when: null };
    const broad = generic ? safely(generic, doc, loc) : { participants: [], self: [] };
    const self = [...read.self, ...broad.self].map((me) => ({ ...me, email: me.email ? h.email(me.email) : null }));
    const participants = unique(read.participants, self, MAX_PARTICIPANTS);
    const named = new Set(participants.map(keyOf));
    const candidates = unique(broad.participants, self, MAX_CANDIDATES).filter((person) => !named.has(keyOf(person))
      && (person.email || person.url));
    return {
      reader: specific?.name ?? "generic",
      kind: specific?.kind ?? null,
      when: read.when ?? null,
      participants,
      candidates,
      self,
      failed: read.failed ?? null,
      url: loc.href,
      title: (doc.title ?? "").slice(0, 500),
      selection: String(globalThis.getSelection?.() ?? "").trim().slice(0, 100000),
    };
  };
})();
