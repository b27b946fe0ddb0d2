import { applyI18n, loadLanguage, setMessage, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { showSync } from "../lib/sync-line.js";
import { el, errorText, renderState, watchState } from "../lib/ui.js";

// Sites the on-page card can run on: a host permission each, asked for only when the user turns it on.
const CARD_SITES = {
  "LinkedIn": ["https://*.linkedin.com/*"],
  "GitHub": ["https://github.com/*"],
  "X": ["https://x.com/*", "https://twitter.com/*"],
  "Bluesky": ["https://bsky.app/*"],
  "Mastodon (mastodon.social)": ["https://mastodon.social/*"],
  "Google Scholar": ["https://scholar.google.com/*"],
  "ORCID": ["https://orcid.org/*"],
  "Stack Overflow": ["https://stackoverflow.com/*"],
};

const $ = (id) => document.getElementById(id);

async function refresh() {
  const { state, settings } = await ask("state");
  await loadLanguage(settings.language);
  applyI18n();
  renderState($("state"), state);
  return settings;
}

async function start() {
  const settings = await refresh();
  const refreshSync = showSync($("sync"));
  watchState($("state").dataset.state, (state) => {
    renderState($("state"), state);
    refreshSync();
  });
  $("port").value = settings.port;
  $("language").value = settings.language;
  // The default keep-in-touch interval lives in the companion (its rules use it), read once connected.
  const me = await ask("meSettings").catch(() => null);
  $("cadence").disabled = $("phone-region").disabled = me === null;
  $("cadence").value = me?.days ?? "";
  $("phone-region").value = me?.phoneRegion ?? "";

  $("pair").addEventListener("click", async () => {
    await ask("saveSettings", { port: Number($("port").value) });
    try {
      await ask("pair", { code: $("code").value });
      $("pair-result").textContent = t("optionsPaired");
      $("code").value = "";
      refreshSync();
    } catch (error) {
      setMessage($("pair-result"), error.code === "pairing_code_invalid" || error.code === "validation_error"
        ? t("optionsPairFailed") : errorText(error));
    }
    await refresh();
  });

  const boxes = Object.entries(CARD_SITES).map(([site, origins]) => {
    const box = el("input", { attrs: { type: "checkbox", "data-origins": origins.join(" ") } });
    box.checked = origins.every((origin) => settings.cardOrigins.includes(origin));
    return el("label", {}, [box, " ", site]); // site names are proper names, the same in every language
  });
  $("card-sites").replaceChildren(...boxes);
  const showCardState = (origins) => {
    const sites = Object.entries(CARD_SITES).filter(([, o]) => o.every((x) => origins.includes(x))).map(([s]) => s);
    $("card-state").textContent = sites.length ? t("optionsCardOn", sites.join(t("listSeparator"))) : t("optionsCardOff");
  };
  showCardState(settings.cardOrigins);
  $("card-enable").addEventListener("click", async () => {
    const origins = boxes.flatMap((label) => {
      const box = label.querySelector("input");
      return box.checked ? box.dataset.origins.split(" ") : [];
    });
    if (origins.length) await chrome.permissions.request({ origins }); // needs this click: a user gesture
    showCardState(await ask("enableCard", { origins }));
  });
  $("dashboard").addEventListener("click", () => chrome.tabs.create({ url: chrome.runtime.getURL("dashboard/dashboard.html") }));

  $("save").addEventListener("click", async () => {
    await ask("saveSettings", { port: Number($("port").value), language: $("language").value });
    const days = Number($("cadence").value);
    const region = $("phone-region").value.trim().toUpperCase();
    if (!$("cadence").disabled && Number.isInteger(days) && days >= 1 && days <= 3650 && /^([A-Z]{2})?$/.test(region)) {
      await ask("saveMeSettings", { days, phoneRegion: region }).catch(() => null);
    }
    const saved = await refresh(); // the page in the new language at once, the lines set by code too
    refreshSync();
    showCardState(saved.cardOrigins);
    $("pair-result").textContent = "";
    $("save-result").textContent = t("optionsSaved");
  });
}

start();
