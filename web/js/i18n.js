// Interface texts: web/i18n/<lang>.json, each complete (tests/test_webapp.py checks it): one file to
// load. German and Dutch have no bot.* phrases: the assistant understands French and English.
// The assistant itself speaks French and English only; BOT_LANGUAGE maps the interface to it.

import { getJson } from "./api.js";

export const LANGUAGES = ["fr", "en", "de", "nl"];
// Dates and numbers: British English for English (day before month), the European locale of the others.
const LOCALES = { fr: "fr-FR", en: "en-GB", de: "de-DE", nl: "nl-NL" };
const STORAGE_KEY = "memhisto.lang";
let current = "fr";
let catalogue = {};

export function initialLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  for (const wanted of navigator.languages || [navigator.language || "fr"]) {
    const code = wanted.slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(code)) return code;
  }
  return "fr";
}

const loaded = new Map();

// Each catalogue is fetched once (a language switched back to is not fetched again).
function load(lang) {
  if (!loaded.has(lang)) loaded.set(lang, getJson(`/i18n/${lang}.json`));
  return loaded.get(lang);
}

export function formatNumber(value, options = {}) {
  return value.toLocaleString(locale(), options);
}

export async function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "fr";
  catalogue = await load(current);
  localStorage.setItem(STORAGE_KEY, current);
  document.documentElement.lang = current;
  applyTexts(document);
}

export function language() {
  return current;
}

export function botLanguage() {
  return current === "fr" ? "fr" : "en";
}

export function t(key, values = {}) {
  const template = catalogue[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// Bot-facing phrases exist in French and English (the languages the assistant understands).
export async function botPhrase(key, values = {}) {
  const phrases = botLanguage() === current ? catalogue : await load(botLanguage());
  return phrases[key].replace(/\{(\w+)\}/g, (whole, name) => String(values[name] ?? whole));
}

export function applyTexts(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]"))
    node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
  for (const node of root.querySelectorAll("[data-i18n-aria-label]"))
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  for (const node of root.querySelectorAll("[data-i18n-content]")) node.setAttribute("content", t(node.dataset.i18nContent));
}

export function locale() {
  return LOCALES[current];
}

export function formatDate(iso, options = { weekday: "long", day: "numeric", month: "long" }) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), options).format(new Date(year, month - 1, day));
}

export function formatPrice(amount, currency = "EUR") {
  return new Intl.NumberFormat(locale(), { style: "currency", currency }).format(amount);
}

export function formatMinutes(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${String(rest).padStart(2, "0")}` : `${hours} h`;
}

export function languageName(code) {
  try {
    return new Intl.DisplayNames([current], { type: "language" }).of(code);
  } catch {
    return code;
  }
}
