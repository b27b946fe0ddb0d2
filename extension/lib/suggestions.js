// A suggestion in the reader's language: one message per kind, filled from its names and params.

import { formatList, formatNumber, t } from "./i18n.js";

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
};

export function describe(suggestion) {
  const args = ARGUMENTS[suggestion.kind];
  return args ? t(`suggest_${suggestion.kind}`, ...args(suggestion)) : suggestion.text;
}
