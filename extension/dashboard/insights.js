// The insights view: the weekly rhythm against the goal, the network's diversity, the give-and-take.

import { formatDate, formatNumber, t } from "../lib/i18n.js";
import { ask } from "../lib/messages.js";
import { el } from "../lib/ui.js";

function spread(titleKey, data) {
  const most = Math.max(1, ...data.top.map((item) => item.count));
  return [el("h3", { text: t(titleKey, formatNumber(data.distinct)) }),
    el("ul", { className: "plain spread" }, data.top.map((item) => el("li", {}, [
      el("span", { text: item.value }),
      el("div", { className: "meter", attrs: { style: `width: ${Math.round((100 * item.count) / most)}%` } }),
      el("span", { text: formatNumber(item.count) }),
    ])))];
}

export async function showInsights(pane) {
  const data = await ask("insights");
  const weeks = data.rhythm.weeks;
  const goal = data.rhythm.weekly_goal;
  const top = Math.max(goal, 1, ...weeks.map((week) => week.interactions));
  const bars = el("div", { className: "bars", attrs: { role: "img" } }, weeks.map((week) => el("div", {
    className: `bar${week.interactions < goal ? " below" : ""}`,
    attrs: { style: `height: ${Math.round((100 * week.interactions) / top)}%`,
      title: `${formatDate(week.week_start)}: ${formatNumber(week.interactions)}` },
  })));
  if (goal) bars.append(el("div", { className: "goal", attrs: { style: `bottom: ${Math.round((100 * goal) / top)}%` } }));
  const ledger = data.reciprocity.people.map((row) => el("li", {
    text: t("insightsLedgerRow", row.name, formatNumber(row.given), formatNumber(row.received)) }));
  pane.replaceChildren(
    el("h2", { text: t("insightsRhythm", formatNumber(goal)) }), bars,
    el("h2", { text: t("insightsDiversity") }),
    ...spread("insightsOrganizations", data.diversity.organizations),
    ...spread("insightsLocations", data.diversity.locations),
    ...spread("insightsHowMet", data.diversity.how_met),
    el("h2", { text: t("insightsReciprocity", formatNumber(data.reciprocity.given), formatNumber(data.reciprocity.received)) }),
    el("ul", { className: "plain ledger" }, ledger),
  );
}
