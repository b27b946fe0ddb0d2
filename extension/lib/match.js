// Finding people from a few typed letters in the people this browser has seen, while the companion is
// down: the same words and folding as the companion's index (companion/store/people_match.py), so a
// name found online is found offline by the same letters. (The order is simpler: no one is "due" here.)

const PERSIAN = { "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": "", "\u200d": "" };
// Accents and Arabic short vowels fold away; Bengali vowel signs are letters of the word and stay.
const MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff]/g;
const WORD = /[\p{L}\p{N}\p{M}_\u200c\u200d]+/gu;
const HANDLE = /^https?:\/\/[^/]+\/(?:in\/|@|user\/|users\/\d+\/|profile\/)?([^/?#]+)/;

export function matchFold(text) {
  return String(text ?? "").normalize("NFKC").replace(/[يىكة\u200c\u200d]/g, (char) => PERSIAN[char])
    .toLowerCase().normalize("NFKD").replace(MARKS, "").normalize("NFC");
}

export function personWords(person) {
  const found = new Set([...(matchFold(person.name).match(WORD) ?? []), ...(matchFold(person.organization).match(WORD) ?? [])]);
  for (const email of person.emails ?? []) {
    const address = matchFold(email);
    found.add(address);
    found.add(address.split("@")[0]);
  }
  for (const url of person.urls ?? []) {
    const handle = String(url).match(HANDLE);
    if (handle) found.add(matchFold(handle[1]));
  }
  return found;
}

// People each of whose typed words begins one of theirs; whose name begins with it first, then the
// most recently seen.
export function matchPeople(people, query, limit = 8) {
  const typed = matchFold(query).match(WORD) ?? [];
  if (!typed.length) return [];
  const whole = matchFold(query.trim());
  const found = people.filter((person) => {
    const words = [...personWords(person)];
    return typed.every((word) => words.some((theirs) => theirs.startsWith(word)));
  });
  found.sort((a, b) => matchFold(a.name).localeCompare(matchFold(b.name)));
  found.sort((a, b) => (b.last_interaction_at ?? "").localeCompare(a.last_interaction_at ?? ""));
  found.sort((a, b) => Number(!matchFold(a.name).startsWith(whole)) - Number(!matchFold(b.name).startsWith(whole)));
  return found.slice(0, limit);
}
