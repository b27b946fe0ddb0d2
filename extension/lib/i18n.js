// Every string a person reads comes from _locales. The user may pick a language other than the
// browser's (chrome.i18n cannot), so the chosen locale's messages.json is loaded here.

const SUPPORTED = ["en", "fa", "bn"];
const RTL = new Set(["fa"]);
const INTL_LOCALE = { en: "en", fa: "fa-IR-u-ca-persian", bn: "bn-BD" };

let messages = null;
let language = "en";

function automatic() {
  const ui = chrome.i18n.getUILanguage().toLowerCase().split("-")[0];
  return SUPPORTED.includes(ui) ? ui : "en";
}

export async function loadLanguage(setting) {
  language = SUPPORTED.includes(setting) ? setting : automatic();
  const response = await fetch(chrome.runtime.getURL(`_locales/${language}/messages.json`));
  messages = await response.json();
  return language;
}

export function currentLanguage() {
  return language;
}

// A message with its $NAME$ placeholders filled from args, as chrome.i18n.getMessage would.
export function t(key, ...args) {
  const entry = messages?.[key];
  if (!entry) return chrome.i18n.getMessage(key, args.map(String)) || key;
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g,
    (whole, name) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole);
  return named.replace(/\$(\d)/g, (whole, n) => String(args[Number(n) - 1] ?? ""));
}

// Whether the reader's language has words for a key: Tend's own field names do, a file's column headers do not.
export function hasMessage(key) {
  return Boolean(messages?.[key]);
}

// Set a message as text, a `command` in it as code: messages hold no markup, and nothing is parsed as HTML.
export function setMessage(el, text) {
  el.replaceChildren(...String(text).split("`").map((part, index) => {
    if (index % 2 === 0) return document.createTextNode(part);
    const code = document.createElement("code");
    code.textContent = part;
    return code;
  }));
}

export function applyI18n(root = document) {
  document.documentElement.lang = language;
  document.documentElement.dir = RTL.has(language) ? "rtl" : "ltr";
  for (const el of root.querySelectorAll("[data-i18n]")) setMessage(el, t(el.dataset.i18n));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}

// Dates in the reader's locale and calendar (the Persian calendar for fa).
export function formatDate(iso) {
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "medium" }).format(new Date(iso));
}

// A moment with its time of day, for a timeline ("26 Nov 2026, 15:04").
export function formatDateTime(iso) {
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

// A day of the year without its year ("12 April"; in Persian its Persian-calendar day, ۲۲ فروردین).
export function formatDay(iso) {
  return new Intl.DateTimeFormat(INTL_LOCALE[language], { month: "long", day: "numeric", timeZone: "UTC" })
    .format(new Date(`${iso}T12:00:00Z`));
}

// Gregorian dates in the reader's language and digits: a stored yearly date is Gregorian, and without its
// year it has no day in another calendar.
function gregorian(options) {
  return new Intl.DateTimeFormat(`${INTL_LOCALE[language].split("-u-")[0]}-u-ca-gregory`, { ...options, timeZone: "UTC" });
}

export function gregorianMonths() {
  const names = gregorian({ month: "long" });
  return Array.from({ length: 12 }, (_, month) => names.format(new Date(Date.UTC(2000, month, 15))));
}

export function formatGregorian(month, day, year) {
  const moment = new Date(Date.UTC(year ?? 2000, month - 1, day)); // 2000: a leap year, so 29 February exists
  return gregorian(year ? { day: "numeric", month: "long", year: "numeric" } : { day: "numeric", month: "long" })
    .format(moment);
}

// How long ago a moment was, in the reader's words ("2 minutes ago", "۲ دقیقه پیش"); under a minute: null,
// for the caller's own "just now".
export function formatAgo(iso, now = Date.now()) {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return null;
  const [value, unit] = seconds < 3600 ? [seconds / 60, "minute"] : seconds < 86400 ? [seconds / 3600, "hour"]
    : [seconds / 86400, "day"];
  return new Intl.RelativeTimeFormat(INTL_LOCALE[language], { numeric: "auto" }).format(-Math.floor(value), unit);
}

export function formatList(items) {
  return items.join(t("listSeparator"));
}

// Numbers in the reader's digits (۱۲ in Persian, ১২ in Bengali), and the message for their plural form.
export function formatNumber(n) {
  return new Intl.NumberFormat(INTL_LOCALE[language]).format(n);
}

export function tCount(key, n) {
  const one = new Intl.PluralRules(INTL_LOCALE[language]).select(n) === "one" && messages?.[`${key}One`];
  return t(one ? `${key}One` : key, formatNumber(n));
}
