// Sync's state line, on the options page and in the dashboard's header: "Synced 2 minutes ago",
// "Offline, 14 changes waiting", "The server refused: …" with what to do, a Sync now button, and the log
// of what was merged automatically, each entry linking to the person it was about.

import { formatAgo, formatDateTime, hasMessage, setMessage, t, tCount } from "./i18n.js";
import { ask } from "./messages.js";
import { el } from "./ui.js";

const REFRESH_MS = 30000; // "2 minutes ago" stays true, and a change of state shows within half a minute
const SOON_MS = 1500; // while a round is under way: its end shows as it comes
const SETUP_EXAMPLE = "tend sync setup https://your-couchdb:6984";

function headline(status) {
  if (!status.configured) return status.reason ? t("syncProblem") : t("syncOff");
  if (status.state === "synced") {
    const ago = formatAgo(status.last_synced_at);
    return ago ? t("syncSyncedAgo", ago) : t("syncSyncedJustNow");
  }
  if (status.state === "offline") return tCount("syncOffline", status.waiting);
  if (status.state === "refused") return t("syncRefused");
  return t("syncSyncing");
}

// What to do next, in the reader's language: the companion's own message is English, so only its reason word is used.
function detail(status) {
  if (!status.configured && !status.reason) return t("syncOffHint", SETUP_EXAMPLE);
  if (status.reason) {
    const reason = hasMessage(`syncReason_${status.reason}`) ? status.reason : "failed"; // a newer companion's word
    return t(`syncReason_${reason}`);
  }
  if (status.state === "synced" && status.waiting > 0) return tCount("syncWaiting", status.waiting);
  return "";
}

// A message with a person's name in it as a link: the name is page-derived text, set as text.
function withPerson(key, entry, openPerson) {
  if (!entry.person_id) return [el("span", { text: t(`${key}Unnamed`) })];
  const href = chrome.runtime.getURL(`dashboard/dashboard.html?person=${entry.person_id}`);
  const link = el("a", { text: entry.person_name, attrs: { href, target: "_blank", dir: "auto" } });
  if (openPerson) {
    link.removeAttribute("target");
    link.addEventListener("click", (event) => {
      event.preventDefault();
      openPerson(entry.person_id);
    });
  }
  const [before, after = ""] = t(key, "\u0000").split("\u0000");
  return [before, link, after].filter((part) => part !== "");
}

function logOf(status, openPerson) {
  const entries = status.log ?? [];
  if (!entries.length) return null;
  const items = entries.map((entry) => el("li", {}, [
    el("time", { className: "hint", text: formatDateTime(entry.at), attrs: { datetime: entry.at } }), " ",
    ...withPerson({ came_back: "syncLogCameBack", joined: "syncLogJoined" }[entry.kind] ?? "syncLogKeptBoth", entry,
      openPerson),
  ]));
  return el("details", { className: "sync-log" }, [
    el("summary", { text: tCount("syncLogTitle", entries.length) }), el("ul", { className: "plain" }, items),
  ]);
}

function render(container, status, { hideWhenOff, openPerson, syncNow }) {
  container.hidden = Boolean(hideWhenOff && !status.configured && !status.reason);
  container.dataset.syncState = status.configured ? status.state : "off";
  const said = el("span", { className: "sync-detail" });
  setMessage(said, detail(status)); // a `command` in it shows as code
  const parts = [el("strong", { className: "sync-headline", text: headline(status) }), said];
  if (status.configured && status.where) {
    parts.push(el("span", { className: "hint sync-where" }, [t("syncWhere"), " ",
      el("bdi", { text: status.where, attrs: { dir: "ltr" } })]));
  }
  if (status.configured) {
    const button = el("button", { className: "sync-now", text: t("syncNow"), attrs: { type: "button" } });
    button.addEventListener("click", syncNow);
    parts.push(button);
  }
  const log = logOf(status, openPerson);
  if (log) {
    log.open = Boolean(container.querySelector(".sync-log")?.open); // opened, it stays open as the line refreshes
    parts.push(log);
  }
  container.replaceChildren(...parts);
}

// Shows sync's state in `container` and keeps it current; refresh() asks again (after the connection
// came back, say). hideWhenOff: say nothing where sync is not set up (the dashboard).
export function showSync(container, { hideWhenOff = false, openPerson = null } = {}) {
  let busy = false;
  let soon = null;
  const options = { hideWhenOff, openPerson, syncNow: null };
  const shown = (status) => {
    render(container, status, options);
    clearTimeout(soon);
    if (status.configured && ["starting", "syncing"].includes(status.state)) soon = setTimeout(refresh, SOON_MS);
  };
  async function refresh() {
    if (busy) return;
    try {
      shown(await ask("syncStatus"));
    } catch {
      container.hidden = true; // the companion is not answering: the connection line says what to do
    }
  }
  options.syncNow = async () => {
    busy = true;
    container.dataset.syncState = "syncing";
    container.querySelector(".sync-headline").textContent = t("syncSyncing");
    container.querySelector(".sync-now").disabled = true;
    try {
      shown(await ask("syncNow"));
    } catch {
      container.hidden = true;
    } finally {
      busy = false;
    }
  };
  setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
  refresh();
  return refresh;
}
