// Page start-up: configuration, interface language, sites on the map and in the list, the chat,
// and a shared circuit when the URL holds one.
import { getJson } from "./api.js";
import { dayHours, openBadge, renderCard } from "./card.js";
import { Chat } from "./chat.js";
import { showCircuit } from "./circuit.js";
import { el } from "./dom.js";
import { botPhrase, initialLanguage, setLanguage, t } from "./i18n.js";
import { SiteMap } from "./map.js";

const state = { config: null, sites: [], sitesById: new Map(), plan: null, nearby: null };
const $ = (selector) => document.querySelector(selector);

async function loadThemes() {
  const select = $("#theme-select");
  const chosen = select.value;
  const themes = await getJson("/api/themes", { lang: document.documentElement.lang });
  select.replaceChildren(
    el("option", { value: "" }, t("filters.all_themes")),
    ...themes
      .filter((theme) => theme.sites > 0)
      .map((theme) => el("option", { value: theme.id }, `${theme.parent ? "— " : ""}${theme.label} (${theme.sites})`)),
  );
  select.value = chosen;
}

async function loadSites() {
  try {
    state.sites = await getJson("/api/sites", { lang: document.documentElement.lang, theme: $("#theme-select").value });
  } catch {
    $("#site-count").textContent = t("sites.load_error");
    return;
  }
  for (const site of state.sites) state.sitesById.set(site.id, site);
  const shown = $("#members-only").checked ? state.sites.filter((site) => site.member) : state.sites;
  state.map.showSites(shown);
  renderList(shown);
}

function renderList(sites) {
  $("#site-count").textContent = sites.length === 1 ? t("sites.count_one") : t("sites.count", { n: sites.length });
  $("#site-list").replaceChildren(...sites.map((site) => siteItem(site)));
}

function siteItem(site, extra = null) {
  return el(
    "li",
    { class: site.member ? "member" : "" , "data-site": site.id },
    el(
      "button",
      { type: "button", class: "site-button", onclick: () => selectSite(site.id, { focus: true }) },
      el("span", { class: "site-name" }, site.member ? el("span", { class: "star", "aria-hidden": "true" }, "★ ") : null, site.name),
      el("span", { class: "site-meta" }, [site.town, extra].filter(Boolean).join(" · ")),
      el("span", { class: "site-meta" }, openBadge(site), " ", dayHours(site.day)),
    ),
  );
}

async function selectSite(siteId, { focus = false } = {}) {
  let site;
  try {
    site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`, { lang: document.documentElement.lang });
  } catch {
    return;
  }
  const card = $("#site-card");
  renderCard(card, site, {
    today: state.config.today,
    onPlan: planFrom,
    onClose: () => {
      card.hidden = true;
    },
    onShow: (shown) => state.map.focusSite(shown),
  });
  if (focus) card.querySelector("#card-title").focus();
  state.map.focusSite(site);
}

async function planFrom(site) {
  state.chat.send(await botPhrase("bot.plan_from", { name: site.name }));
  $("#chat-input").focus();
}

function drawCircuit(plan) {
  state.plan = plan;
  showCircuit(plan, {
    map: state.map,
    panel: $("#circuit-panel"),
    sitesById: state.sitesById,
    onSelect: (id) => selectSite(id, { focus: true }),
  });
}

async function openSharedCircuit() {
  const query = location.search.slice(1);
  if (!new URLSearchParams(query).has("day")) return;
  try {
    drawCircuit(await getJson(`/api/circuit?${query}&lang=${document.documentElement.lang}`));
  } catch (error) {
    const panel = $("#circuit-panel");
    panel.hidden = false;
    $("#circuit-summary").replaceChildren(el("p", { class: "warning" }, t("circuit.load_error", { message: error.message })));
  }
}

function clearCircuit() {
  state.plan = null;
  state.map.clearOverlay();
  $("#circuit-panel").hidden = true;
  history.replaceState(null, "", "/");
}

// "Use my location": a consent text first, then the browser's own permission prompt.
function setUpLocation() {
  const consent = $("#consent");
  $("#locate-button").addEventListener("click", () => {
    consent.hidden = false;
    $("#consent-accept").focus();
  });
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

function showNearbyMessage(text) {
  $("#nearby-panel").hidden = false;
  $("#nearby-list").replaceChildren(el("li", { class: "warning" }, text));
}

async function useLocation(lat, lon) {
  const latitude = Number(lat.toFixed(5));
  const longitude = Number(lon.toFixed(5));
  state.chat.send(`/share_location${JSON.stringify({ latitude, longitude })}`, t("chat.location_shared"));
  const nearby = await getJson("/api/nearby", { lat: latitude, lon: longitude, lang: document.documentElement.lang, limit: 5 });
  state.nearby = { latitude, longitude };
  $("#nearby-panel").hidden = false;
  $("#nearby-list").replaceChildren(
    ...nearby.map((site) => siteItem(site, t("nearby.distance", { km: site.distance_km.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) }))),
  );
  if (!state.plan) {
    state.map.clearOverlay();
    state.map.addPoint(latitude, longitude, t("location.you_are_here"));
  }
}

async function changeLanguage(lang) {
  await setLanguage(lang);
  $("#language-select").value = lang;
  await loadThemes();
  await loadSites();
  state.chat.relabel();
  if (state.plan) drawCircuit(state.plan);
  const card = $("#site-card");
  if (!card.hidden && card.dataset.site) selectSite(card.dataset.site);
}

async function start() {
  await setLanguage(initialLanguage());
  $("#language-select").value = document.documentElement.lang;
  state.config = await getJson("/api/config");
  state.map = new SiteMap($("#map"), state.config, { onSelect: (id) => selectSite(id) });
  state.chat = new Chat($(".chat"), state.config, { onCircuit: drawCircuit });
  $("#language-select").addEventListener("change", (event) => changeLanguage(event.target.value));
  $("#theme-select").addEventListener("change", loadSites);
  $("#members-only").addEventListener("change", loadSites);
  $("#circuit-clear").addEventListener("click", clearCircuit);
  $("#circuit-print").addEventListener("click", () => window.print());
  $("#circuit-copy").addEventListener("click", async () => {
    const input = $("#circuit-share");
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      $("#circuit-copy").textContent = t("circuit.copied");
    } catch {
      /* the text stays selected for a manual copy */
    }
  });
  // The printed map has another size: fit the circuit into it.
  const refit = () => {
    state.map.refresh();
    if (state.plan) state.map.fitOverlay();
  };
  window.addEventListener("beforeprint", refit);
  matchMedia("print").addEventListener("change", refit);
  setUpLocation();
  await loadThemes();
  await loadSites();
  await openSharedCircuit();
  document.body.dataset.ready = "true";
}

start();
