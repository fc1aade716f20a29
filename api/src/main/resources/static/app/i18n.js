// Kith onboarding app: text in the person's language. Messages live in messages/<language>/<area>.json (flat keys,
// "{name}" placeholders); English is complete and the fallback for a key another language lacks.
const AREAS = ['shell', 'auth', 'account', 'data', 'consent'];
export const LANGUAGES = { en: 'English', de: 'Deutsch' };
const CHOSEN = 'kith.lang';
let messages = {};
let fallback = {};

/** The person's language: the one chosen on this device, else the browser's first that Kith speaks, else English. */
export function language() {
  const chosen = localStorage.getItem(CHOSEN);
  if (chosen && LANGUAGES[chosen]) return chosen;
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES[base]) return base;
  }
  return 'en';
}

/** Remembers the person's choice of language on this device (the page reloads its text on the next load). */
export function chooseLanguage(lang) {
  if (LANGUAGES[lang]) localStorage.setItem(CHOSEN, lang);
}

async function load(lang) {
  const parts = await Promise.all(AREAS.map(async area => {
    const res = await fetch(`/app/messages/${lang}/${area}.json`);
    return res.ok ? res.json() : {};
  }));
  return Object.assign({}, ...parts);
}

/** Loads the messages once, before the first page is shown. */
export async function loadMessages() {
  const lang = language();
  fallback = await load('en');
  messages = lang === 'en' ? fallback : await load(lang);
  document.documentElement.lang = lang;
}

/** The text for {@code key} with its placeholders filled: t('data.saved', {name: 'Passport'}). */
export function t(key, vars = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * The person's locale for dates and numbers: the browser's own regional variant of the language Kith speaks to them
 * (en-NZ, en-GB, de-AT), else the language alone.
 */
export function locale() {
  const lang = language();
  for (const tag of navigator.languages || [navigator.language || lang]) {
    if (String(tag).toLowerCase().split('-')[0] === lang) return String(tag);
  }
  return lang;
}

/** A date (ISO 8601 text or Date) as the person's locale writes it. */
export function formatDate(value, options = { dateStyle: 'medium' }) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value ?? '') : new Intl.DateTimeFormat(locale(), options).format(date);
}

/** A date and time as the person's locale writes it. */
export function formatDateTime(value) {
  return formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A number as the person's locale writes it. */
export function formatNumber(value) {
  return new Intl.NumberFormat(locale()).format(value);
}
