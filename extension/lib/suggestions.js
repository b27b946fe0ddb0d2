// A suggestion in the reader's language: one message per kind, filled from its names and params.

import { formatDay, formatList, formatNumber, t, tCount } from "./i18n.js";

const ARGUMENTS = {
  keep_in_touch: (s) => [s.names[0], formatNumber(s.params.days)],
  follow_up_after_meeting: (s) => [s.names[0], formatNumber(s.params.days)],
  thank_you: (s) => [s.names[0]],
  reciprocity: (s) => [s.names[0], formatNumber(s.params.received), formatNumber(s.params.given)],
  congratulate: (s) => [s.names[0], s.params.new],
  introduce: (s) => [s.names[0], s.names[1], formatList(s.params.terms)],
  share: (s) => [s.names[0], s.params.title, formatList(s.params.topics)],
  reconnect: (s) => [s.names[0], formatNumber(s.params.months)],
  too_often: (s) => [s.names[0], formatNumber(s.params.count)],
  weekly_time: (s) => [formatNumber(s.params.done), formatNumber(s.params.goal)],
  // The day in the reader's calendar (Persian in fa); how many years where they are known.
  celebrate: (s) => [s.names[0], formatDay(s.params.date), s.params.label ?? "",
    s.params.years ? tCount("yearsCount", s.params.years) : ""],
};

// A kind whose wording depends on what it is about: celebrate says birthday, date, work or met.
const VARIANT = { celebrate: (s) => `${s.params.occasion}${s.params.years ? "" : "_undated"}` };

export function describe(suggestion) {
  const args = ARGUMENTS[suggestion.kind];
  if (!args) return suggestion.text;
  const variant = VARIANT[suggestion.kind]?.(suggestion);
  const key = variant ? `${suggestion.kind}_${variant}` : suggestion.kind;
  return t(`suggest_${key}`, ...args(suggestion));
}
