// The one owner of chrome.storage. The token lives here, in storage.local, and only the service
// worker reads it: pages get the rest through settingsForPages().

const DEFAULTS = {
  port: 47474, token: null, language: "auto",
  queue: [], // writes made while the companion was down, oldest first
  shownReminders: {}, // reminder key -> when it was shown, so none shows twice
  cardOrigins: [], // sites the on-page card runs on
  recentPeople: {}, // page URL -> the person's card, for when the companion is down
  dismissedCards: [], // pages where the user hid the card
  knownPeople: {}, // id -> a compact person seen in the picker or on a page, for the picker offline
  calendarUrl: null, // the calendar feed's address as last made: the companion keeps only its hash
};

export async function settings() {
  return { ...DEFAULTS, ...(await chrome.storage.local.get(Object.keys(DEFAULTS))) };
}

export async function update(patch) {
  await chrome.storage.local.set(patch);
}

export async function settingsForPages() {
  const { token, queue, shownReminders, recentPeople, dismissedCards, calendarUrl, knownPeople, ...rest } = await settings();
  return { ...rest, paired: Boolean(token), queued: queue.length };
}
