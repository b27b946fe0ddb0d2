// The dashboard: the people list beside one view at a time (a person's page, insights, import and
// export, the weekly session). Each view is its own module; this one wires them.

import { applyI18n, loadLanguage } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { showSync } from "../lib/sync-line.js";
import { renderState, watchState } from "../lib/ui.js";
import { showDuplicates } from "./duplicates.js";
import { showInsights } from "./insights.js";
import { listPeople, markSelected } from "./people-list.js";
import { showPerson } from "./person.js";
import { showTransfer } from "./transfer.js";
import { showWeek } from "./week.js";

const $ = (id) => document.getElementById(id);
let selected = null;

const relist = () => listPeople(selected, openPerson);

function openPerson(personId) {
  selected = personId;
  markSelected(personId);
  return showPerson($("detail"), personId, relist);
}

// The views, wired once the companion answers (at once, or when it comes back while the page is open).
let wired = false;
async function wire() {
  if (wired) return;
  wired = true;
  $("insights").addEventListener("click", () => showInsights($("detail")));
  $("duplicates").addEventListener("click", () => showDuplicates($("detail"), relist));
  $("transfer").addEventListener("click", () => showTransfer($("detail"), relist));
  $("week").addEventListener("click", () => showWeek($("detail"), openPerson));
  for (const id of ["q", "tag", "organization"]) $(id).addEventListener("input", relist);
  await relist();
  const params = new URLSearchParams(location.search);
  if (params.get("view") === "week") await showWeek($("detail"), openPerson);
  if (params.get("view") === "duplicates") await showDuplicates($("detail"), relist);
  const asked = Number(params.get("person"));
  if (Number.isInteger(asked) && asked > 0) {
    await openPerson(asked);
    if (params.has("fix")) $("detail").querySelector("#person-wrong")?.click(); // "Tend got this wrong"
  }
}

async function start() {
  const { state, settings } = await ask("state");
  await loadLanguage(settings.language);
  applyI18n();
  renderState($("state"), state);
  const refreshSync = showSync($("sync"), { hideWhenOff: true, openPerson });
  watchState(state, (now) => {
    renderState($("state"), now);
    refreshSync();
    if (now === "connected") (wired ? relist() : wire()).catch(() => {}); // back: the list as it is now
  });
  if (state === "connected") await wire();
}

start();
