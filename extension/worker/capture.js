// Saving people and pages from the tab: the lean capture (content/lean.js) injected under activeTab,
// sent to the companion through the offline queue.

import { CompanionError } from "../lib/companion.js";
import { send } from "../lib/queue.js";
import { leanCapture } from "../content/lean.js";

// Links the "Save this person" menu offers itself on: people's pages on the sites Tend reads.
export const PROFILE_LINKS = ["https://*.linkedin.com/in/*", "https://github.com/*", "https://x.com/*",
  "https://twitter.com/*", "https://bsky.app/profile/*", "https://*/@*", "https://orcid.org/*",
  "https://scholar.google.com/citations*", "https://stackoverflow.com/users/*"];

async function capture(tabId) {
  let injected;
  try {
    [injected] = await chrome.scripting.executeScript({ target: { tabId }, func: leanCapture });
  } catch {
    throw new CompanionError("refused", { code: "cannot_capture" });
  }
  const page = injected?.result;
  if (!page || !/^https?:/.test(page.url)) throw new CompanionError("refused", { code: "cannot_capture" });
  return page;
}

export async function captureBody(tabId, withSelection) {
  const page = await capture(tabId);
  const body = { url: page.url, html: page.html, title: page.title || undefined };
  if (withSelection && page.selection) body.selection = page.selection;
  return body;
}

// Only the fields a confirmed draft has, as trimmed text (the companion validates the rest).
function confirmedDraft(draft) {
  const fields = {};
  for (const name of ["name", "headline", "organization", "location", "photo_url", "url"]) {
    const value = typeof draft[name] === "string" ? draft[name].trim() : "";
    if (value) fields[name] = value;
  }
  return fields;
}

function loaded(tabId) {
  return new Promise((resolve) => {
    const listener = (id, change) => {
      if (id === tabId && change.status === "complete") {
        chrome.tabs.onUpdated.removeListener(listener);
        resolve();
      }
    };
    chrome.tabs.onUpdated.addListener(listener);
    chrome.tabs.get(tabId).then((tab) => { if (tab.status === "complete") listener(tabId, tab); });
  });
}

export const handlers = {
  // `confirmed`: the person as the user confirmed or typed them, for a page not read as a profile.
  async save({ tabId, withSelection, confirmed }) {
    const body = await captureBody(tabId, withSelection);
    if (confirmed) body.confirmed = confirmedDraft(confirmed);
    return send("POST", "/captures", body);
  },
  async savePage({ tabId }) {
    const { url, html, title } = await captureBody(tabId, false);
    return send("POST", "/pages", { url, html, title });
  },
  // Save the person a link points to: read in a background tab where Tend may read that site (a card
  // site, or localhost); elsewhere the profile opens for the user to save with one click.
  async saveLink({ url }) {
    const origin = `${new URL(url).origin}/*`;
    if (!/^https?:/.test(url) || !await chrome.permissions.contains({ origins: [origin] })) {
      await chrome.tabs.create({ url, active: true });
      return { opened: true };
    }
    const tab = await chrome.tabs.create({ url, active: false });
    try {
      await loaded(tab.id);
      return await send("POST", "/captures", await captureBody(tab.id, false));
    } catch (error) {
      // The companion wants the user's word (a draft to check, a page that is not a profile): that is the
      // popup's to ask, on the page itself.
      if (!["needs_confirmation", "not_a_profile"].includes(error.code)) throw error;
      await chrome.tabs.create({ url, active: true });
      return { opened: true };
    } finally {
      await chrome.tabs.remove(tab.id);
    }
  },
};
