// Page start-up and wiring: configuration, interface language, sites on the map and in the list,
// search and filters, the chat, views on small screens, and the address of what is shown (one URL
// per site and per circuit, with Back and Forward).
import { getJson } from "./api.js";
import { dayHours, openBadge, renderCard } from "./card.js";
import { Chat } from "./chat.js";
import { circuitQuery, queryText, showCircuit } from "./circuit.js";
import { el, fill } from "./dom.js";
import { botPhrase, formatNumber, initialLanguage, language, setLanguage, t } from "./i18n.js";
import { SiteMap } from "./map.js";
import { distanceKm, Search } from "./search.js";

const NEARBY_COUNT = 5;
const state = {
  config: null,
  sites: [], // the sites of the chosen theme and date, as /api/sites gives them
  sitesById: new Map(),
  plan: null,
  planQuery: null, // the circuit's part of the address
  origin: null, // where distances are measured from: { name, lat, lon }
  position: null, // the visitor's position: in memory only
};
const $ = (selector) => document.querySelector(selector);
const narrow = matchMedia("(max-width: 999.98px)");

// Views (phones and tablets): one of map, list, chat at a time ------------------------------------
function setView(view) {
  $(".layout").dataset.view = view;
  for (const tab of document.querySelectorAll(".view-tab")) tab.setAttribute("aria-pressed", String(tab.dataset.view === view));
  if (view === "map") state.map.refresh();
}

function showView(view) {
  if (narrow.matches) setView(view);
}

// Themes and sites -----------------------------------------------------------------------------
async function loadThemes(loaded = getJson("/api/themes", { lang: language() })) {
  const select = $("#theme-select");
  const chosen = select.value;
  const themes = (await loaded).filter((theme) => theme.sites > 0);
  const option = (theme) => el("option", { value: theme.id }, `${theme.label} (${theme.sites})`);
  const children = (parent) => themes.filter((theme) => theme.parent === parent.id);
  fill(
    select,
    el("option", { value: "" }, t("filters.all_themes")),
    // A theme with sub-themes is a group: the theme itself first, then its sub-themes.
    themes
      .filter((theme) => !theme.parent || !themes.some((other) => other.id === theme.parent))
      .map((theme) => (children(theme).length ? el("optgroup", { label: theme.label }, option(theme), children(theme).map(option)) : option(theme))),
  );
  select.value = chosen;
}

async function loadSites() {
  const date = $("#filter-date").value;
  try {
    state.sites = await getJson("/api/sites", { lang: language(), theme: $("#theme-select").value, date });
  } catch {
    $("#site-count").textContent = t("sites.load_error");
    return;
  }
  for (const site of state.sites) state.sitesById.set(site.id, site);
  showSites();
}

function chosenSites() {
  const dated = Boolean($("#filter-date").value);
  const wanted = [
    $("#members-only").checked && ((site) => site.member),
    $("#filter-open").checked && !dated && ((site) => site.open_now === true),
    dated && ((site) => site.day.known && site.day.is_open),
    $("#filter-free").checked && ((site) => site.price.free),
    $("#filter-wheelchair").checked && ((site) => ["full", "partial"].includes(site.wheelchair.access)),
  ].filter(Boolean);
  const sites = state.sites.filter((site) => wanted.every((test) => test(site)));
  const byDistance = $("#sort-select").value === "distance" && state.origin;
  if (!byDistance) return sites.map((site) => ({ site, km: null }));
  return sites
    .map((site) => ({ site, km: site.lat == null ? Infinity : distanceKm(state.origin, site) }))
    .sort((a, b) => a.km - b.km);
}

function showSites() {
  const chosen = chosenSites();
  state.map.showSites(chosen.map(({ site }) => site));
  $("#site-count").textContent = chosen.length === 1 ? t("sites.count_one") : t("sites.count", { n: chosen.length });
  $("#site-list").replaceChildren(...chosen.map(({ site, km }) => siteItem(site, Number.isFinite(km) ? kmText(km) : null)));
  const sortNote = $("#sort-origin");
  const byDistance = $("#sort-select").value === "distance";
  sortNote.hidden = !byDistance;
  sortNote.textContent = state.origin ? t("filters.sort_from", { name: state.origin.name }) : t("filters.sort_needs_origin");
}

function kmText(km) {
  return t("nearby.distance", { km: formatNumber(km, { maximumFractionDigits: 1 }) });
}

function siteItem(site, extra = null) {
  return el(
    "li",
    { class: site.member ? "member" : "", "data-site": site.id },
    el(
      "button",
      { type: "button", class: "site-button", onclick: () => openSite(site.id, { focus: true }) },
      el("span", { class: "site-name" }, site.member ? el("span", { class: "star", "aria-hidden": "true" }, "★ ") : null, site.name),
      el("span", { class: "site-meta" }, [site.town, extra].filter(Boolean).join(" · ")),
      el("span", { class: "site-meta" }, openBadge(site), " ", dayHours(site.day)),
    ),
  );
}

// A site's card (a sheet over the map) --------------------------------------------------------------
async function openSite(siteId, { focus = false, push = true } = {}) {
  if (push) go({ site: siteId });
  await showSite(siteId, { focus });
}

async function showSite(siteId, { focus = false } = {}) {
  let site;
  try {
    site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`, { lang: language() });
  } catch {
    return;
  }
  const card = $("#site-card");
  renderCard(card, site, {
    today: state.config.today,
    onPlan: planFrom,
    onClose: () => {
      go({ site: null });
      card.hidden = true;
    },
    onShow: (shown) => {
      showView("map");
      state.map.focusSite(shown);
    },
  });
  showView("map");
  state.map.focusSite(site);
  if (focus) card.querySelector("#card-title").focus();
}

async function planFrom(site) {
  state.chat.send(await botPhrase("bot.plan_from", { name: site.name }));
  showView("chat");
  $("#chat-input").focus();
}

// Circuits --------------------------------------------------------------------------------------
function drawCircuit(plan) {
  state.plan = plan;
  $("#map-note").hidden = true; // the nearby sites' note is for the nearby sites
  state.planQuery = showCircuit(plan, {
    map: state.map,
    panel: $("#circuit-panel"),
    sitesById: state.sitesById,
    onSelect: (id) => openSite(id, { focus: true }),
  });
  $("#site-card").hidden = true;
}

// A circuit from the chat: drawn, given its address, and shown on the map (the map view on phones).
function showChatCircuit(plan) {
  drawCircuit(plan);
  go({ circuit: circuitQuery(plan), site: null });
  // Asked once so that the service worker keeps the last circuit for offline use.
  fetch(`/api/circuit?${circuitQuery(plan)}&lang=${language()}`).catch(() => {});
  showView("map");
  state.map.refresh();
  state.map.fitOverlay(); // now that the map is on screen
}

async function openCircuitQuery(query, { push = true } = {}) {
  try {
    drawCircuit(await getJson(`/api/circuit?${query}&lang=${language()}`));
    state.planQuery = query;
  } catch (error) {
    state.plan = null;
    state.planQuery = query;
    $("#circuit-panel").hidden = false;
    $("#circuit-timeline").replaceChildren();
    $("#circuit-summary").replaceChildren(el("p", { class: "warning" }, t("circuit.load_error", { message: error.message })));
  }
  if (push) go({ circuit: query, site: null });
  showView("map");
  state.map.refresh();
  if (state.plan) state.map.fitOverlay();
}

function closeCircuit() {
  state.plan = null;
  $("#map-note").hidden = true;
  state.planQuery = null;
  state.map.clearOverlay();
  $("#circuit-panel").hidden = true;
}

// The address: ?<circuit link query>&site=<id>; Back and Forward show what it says --------------
function currentParts() {
  const params = new URLSearchParams(location.search);
  const site = params.get("site");
  params.delete("site");
  return { circuit: params.has("day") ? queryText(params) : null, site };
}

function go(change) {
  const parts = { ...currentParts(), ...change };
  const params = new URLSearchParams(parts.circuit || "");
  if (parts.site) params.set("site", parts.site);
  const address = params.toString() ? `/?${queryText(params)}` : "/";
  if (address !== location.pathname + location.search) history.pushState(null, "", address);
}

async function showAddress() {
  const { circuit, site } = currentParts();
  if (circuit && circuit !== state.planQuery) await openCircuitQuery(circuit, { push: false });
  if (!circuit && state.planQuery) closeCircuit();
  if (site) await showSite(site);
  else $("#site-card").hidden = true;
}

// Location: a consent text first, then the browser's permission prompt ----------------------------
function setUpLocation() {
  const consent = $("#consent");
  $("#locate-button").addEventListener("click", askLocation);
  $("#consent-cancel").addEventListener("click", () => {
    consent.hidden = true;
    $("#locate-button").focus();
  });
  $("#consent-accept").addEventListener("click", () => {
    consent.hidden = true;
    if (!navigator.geolocation) return showNearbyMessage(t("location.unavailable"));
    navigator.geolocation.getCurrentPosition(
      (position) => useLocation(position.coords.latitude, position.coords.longitude),
      (error) => showNearbyMessage(error.code === 1 ? t("location.denied") : t("location.unavailable")),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
}

function askLocation() {
  $("#consent").hidden = false;
  $("#consent-accept").focus();
}

function showNearbyMessage(text) {
  $("#nearby-panel").hidden = false;
  $("#nearby-note").textContent = "";
  $("#nearby-list").replaceChildren(el("li", { class: "warning" }, text));
  showView("list");
}

async function useLocation(lat, lon) {
  const latitude = Number(lat.toFixed(5));
  const longitude = Number(lon.toFixed(5));
  state.position = { latitude, longitude };
  state.origin = { name: t("circuit.my_position"), lat: latitude, lon: longitude };
  state.chat.send(`/share_location${JSON.stringify({ latitude, longitude })}`, t("chat.location_shared"));
  const nearby = await getJson("/api/nearby", { lat: latitude, lon: longitude, lang: language(), limit: NEARBY_COUNT });
  $("#nearby-panel").hidden = false;
  const note = openingNote(nearby);
  $("#nearby-note").textContent = note;
  $("#map-note").textContent = note; // on the map too: phones see the map first
  $("#map-note").hidden = !note;
  $("#nearby-list").replaceChildren(...nearby.map((site) => siteItem(site, kmText(site.distance_km))));
  showSites();
  if (!state.plan) {
    state.map.showNearby(latitude, longitude, nearby);
    showView("map");
  }
}

// "None open now": which open later today, and when.
function openingNote(sites) {
  if (!sites.length || sites.some((site) => site.open_now === true)) return "";
  const later = sites
    .filter((site) => site.next_opening?.date === state.config.today)
    .sort((a, b) => a.next_opening.start.localeCompare(b.next_opening.start));
  const notes = later.map((site) => t("nearby.opens_later", { name: site.name, time: site.next_opening.start }));
  return [t("nearby.none_open"), ...(notes.length ? notes : [t("nearby.none_later")])].join(" ");
}

function choosePlace(place) {
  state.origin = { name: place.name, lat: place.lat, lon: place.lon };
  $("#sort-select").value = "distance";
  showSites();
  state.map.centreOn(place.lat, place.lon);
}

// Language --------------------------------------------------------------------------------------
async function changeLanguage(lang) {
  await setLanguage(lang);
  $("#language-select").value = lang;
  await Promise.all([loadThemes(), loadSites()]);
  state.chat.relabel();
  if (state.plan) drawCircuit(state.plan);
  const card = $("#site-card");
  if (!card.hidden && card.dataset.site) showSite(card.dataset.site);
}

function wire() {
  for (const tab of document.querySelectorAll(".view-tab")) tab.addEventListener("click", () => setView(tab.dataset.view));
  narrow.addEventListener("change", () => state.map.refresh());
  $("#language-select").addEventListener("change", (event) => changeLanguage(event.target.value));
  $("#theme-select").addEventListener("change", loadSites);
  $("#filter-date").addEventListener("change", () => {
    $("#filter-open").disabled = Boolean($("#filter-date").value); // "now" is today only
    loadSites();
  });
  for (const id of ["#members-only", "#filter-open", "#filter-free", "#filter-wheelchair", "#sort-select"])
    $(id).addEventListener("change", showSites);
  $("#circuit-clear").addEventListener("click", () => {
    closeCircuit();
    go({ circuit: null });
  });
  $("#circuit-print").addEventListener("click", () => window.print());
  $("#circuit-copy").addEventListener("click", () => share($("#circuit-share").value, $("#circuit-copy")));
  window.addEventListener("popstate", showAddress);
  // The printed map has another size: fit the circuit into it.
  const refit = () => {
    state.map.refresh();
    if (state.plan) state.map.fitOverlay();
  };
  window.addEventListener("beforeprint", refit);
  matchMedia("print").addEventListener("change", refit);
  setUpLocation();
  new Search($("#search-input"), $("#search-suggestions"), {
    sites: () => state.sites,
    onSite: (site) => openSite(site.id, { focus: true }),
    onPlace: choosePlace,
  });
}

// The share sheet of the device when it has one, else the clipboard.
async function share(url, button) {
  try {
    if (navigator.share && navigator.maxTouchPoints > 0) await navigator.share({ url, title: document.title });
    else {
      await navigator.clipboard.writeText(url);
      button.textContent = t("circuit.shared");
    }
  } catch {
    /* cancelled, or no clipboard: the link stays in the circuit panel to copy by hand */
  }
}

async function start() {
  // Everything the first render needs is asked at once.
  const lang = initialLanguage();
  const configLoaded = getJson("/api/config");
  const themesLoaded = getJson("/api/themes", { lang });
  const sitesLoaded = getJson("/api/sites", { lang });
  await setLanguage(lang);
  $("#language-select").value = language();
  state.config = await configLoaded;
  state.map = new SiteMap($("#map"), state.config, { onSelect: (id) => openSite(id), warning: $("#map-warning") });
  $("#map-warning").dataset.i18n = "map.tiles_failed";
  $("#map-warning").textContent = t("map.tiles_failed");
  state.chat = new Chat($(".chat"), state.config, {
    onCircuit: showChatCircuit,
    onShowCircuit: showChatCircuit,
    onOpenLink: (query) => openCircuitQuery(query),
    onShareLocation: askLocation,
    onShare: share,
  });
  wire();
  await loadThemes(themesLoaded);
  try {
    state.sites = await sitesLoaded;
    for (const site of state.sites) state.sitesById.set(site.id, site);
    showSites();
  } catch {
    $("#site-count").textContent = t("sites.load_error");
  }
  await showAddress();
  document.body.dataset.ready = "true";
  keepOffline();
}

// The service worker (web/sw.js) keeps the page, its files, the sites and the last circuit for
// offline use; the files loaded before it took control are handed to it.
async function keepOffline() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("/sw.js");
    const ready = await navigator.serviceWorker.ready;
    const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
    ready.active.postMessage({ keep: [location.href, ...loaded] });
    document.body.dataset.offlineReady = "true";
  } catch {
    /* the site works online without it */
  }
}

start();
