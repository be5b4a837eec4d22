// A circuit (TripPlan.to_dict()) on the map and as a timeline: numbered stops per day, one line
// per day (the route geometry when the plan has it, else straight segments), ICS/GPX and share link.
import { el, externalLink, fill } from "./dom.js";
import { formatDate, formatPrice, language, t } from "./i18n.js";

// A start given by the visitor's device (the bot's "your location") is shared to about a kilometre.
const SHARED_DECIMALS = 2;

// One colour per day, all with at least 4.5:1 contrast against white (the stop numbers are white).
const DAY_COLOURS = ["#b3261e", "#1d4ed8", "#0f766e", "#7e22ce", "#9a3412", "#334155"];

function textOf(value) {
  if (value == null) return "";
  if (typeof value !== "object") return String(value);
  return value[language()] ?? value.en ?? value.fr ?? value.text ?? value.message ?? "";
}

function clock(value) {
  const match = String(value ?? "").match(/(\d{1,2}):(\d{2})/);
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : "";
}

// A visit with the fields the page needs, whatever the nesting of its site.
export function normaliseVisit(visit, sitesById) {
  const site = typeof visit.site === "object" && visit.site ? visit.site : {};
  const id = visit.site_id ?? (typeof visit.site === "string" ? visit.site : site.id);
  const known = sitesById.get(id) || {};
  return {
    id,
    name: textOf(visit.name ?? site.name) || known.name || id,
    address: visit.address || [known.address, known.postcode, known.town].filter(Boolean).join(", "),
    lat: visit.lat ?? site.lat ?? known.lat,
    lon: visit.lon ?? site.lon ?? known.lon,
    arrive: clock(visit.arrive),
    start: clock(visit.start),
    end: clock(visit.end),
    travel: visit.travel_minutes,
    warnings: (visit.warnings || []).map(textOf).filter(Boolean),
  };
}

// Where a day starts and ends: its own stays when the trip moves on (the plan's per-day start and end),
// else the trip's start, and the start again when the day comes back to it.
function dayEnds(day, start) {
  const begin = day.start?.lat != null ? day.start : start;
  const backToStart = day.back_at != null || day.return_travel_minutes != null;
  const end = day.end?.lat != null ? day.end : backToStart ? start : null;
  return [begin, end];
}

function samePlace(a, b) {
  return a?.lat === b?.lat && a?.lon === b?.lon;
}

// A day of a trip that moves on (sleeping elsewhere than the start): its start and end, else null.
function movingDay(day, start) {
  const [begin, end] = dayEnds(day, start);
  return begin && end && !(samePlace(begin, start) && samePlace(end, start)) ? [begin, end] : null;
}

function placeName(place) {
  return isOwnPosition(place) ? t("circuit.my_position") : textOf(place?.name);
}

function dayLine(day, begin, end, stops) {
  const geometry = day.geometry?.coordinates ?? day.geometry;
  if (Array.isArray(geometry) && geometry.length > 1) {
    // GeoJSON order is [lon, lat]; a plain list is [lat, lon].
    return day.geometry?.coordinates ? geometry.map(([lon, lat]) => [lat, lon]) : geometry;
  }
  const points = stops.filter((stop) => stop.lat != null).map((stop) => [stop.lat, stop.lon]);
  if (begin?.lat != null) points.unshift([begin.lat, begin.lon]);
  if (end?.lat != null) points.push([end.lat, end.lon]);
  return points;
}

// "From Amiens to Arras" under a day of a trip that moves on.
function dayWay(day, start) {
  const moving = movingDay(day, start);
  return moving ? el("p", { class: "muted day-way" }, t("circuit.day_way", { from: placeName(moving[0]), to: placeName(moving[1]) })) : null;
}

// When the day ends: back at the start, or at the night's stay of a trip that moves on.
function dayEnd(day, start) {
  const back = clock(day.back_at);
  if (!back) return null;
  const moving = movingDay(day, start);
  const text = moving && !samePlace(moving[1], start) ? t("circuit.arrive", { name: placeName(moving[1]), time: back }) : t("circuit.back", { time: back });
  return el("p", { class: "muted" }, text);
}

// The query of the website URL of a circuit: the plan's own link when it has one; a start that is the
// visitor's position is rounded to about a kilometre and named "my position".
export function circuitQuery(plan) {
  let query = null;
  const website = plan.links?.website ?? plan.link;
  if (website) {
    try {
      query = new URL(website, location.origin).searchParams;
    } catch {
      /* rebuilt below */
    }
  }
  if (!query) {
    query = new URLSearchParams();
    if (plan.start?.lat != null) query.set("start", `${plan.start.lat},${plan.start.lon}`);
    if (plan.start?.name) query.set("start_name", plan.start.name);
    if (plan.days?.[0]?.date) query.set("date", plan.days[0].date);
    if (plan.mode) query.set("mode", plan.mode);
    for (const day of plan.days || []) {
      query.append("day", day.visits.map((visit) => normaliseVisit(visit, new Map()).id).join(","));
    }
  }
  if (isOwnPosition(plan.start) && query.has("start")) {
    const [lat, lon] = query.get("start").split(",").map(Number);
    query.set("start", `${lat.toFixed(SHARED_DECIMALS)},${lon.toFixed(SHARED_DECIMALS)}`);
    query.set("start_name", t("circuit.my_position"));
  }
  return queryText(query);
}

// A query as text, its commas as they are (allowed in a query, and easier to read in a link).
export function queryText(params) {
  return params.toString().replaceAll("%2C", ",");
}

export function isOwnPosition(start) {
  return start?.source === "gps";
}

// Directions for the day in Google Maps (one link, or several for long days) and OpenStreetMap (per leg).
function routeLinks(links) {
  if (!links) return null;
  const google = (links.google || []).map((href, index, all) =>
    externalLink(href, all.length > 1 ? `${t("circuit.google")} (${index + 1})` : t("circuit.google")),
  );
  const osm = (links.osm || []).map((href, index) => externalLink(href, String(index + 1)));
  if (!google.length && !osm.length) return null;
  return el(
    "p",
    { class: "route-links no-print" },
    google.flatMap((link) => [link, " "]),
    osm.length ? [`${t("circuit.osm")} `, osm.flatMap((link) => [link, " "])] : null,
  );
}

export function showCircuit(plan, { map, panel, sitesById, onSelect }) {
  const query = circuitQuery(plan);
  const start = plan.start && plan.start.lat != null ? plan.start : null;
  const timeline = panel.querySelector("#circuit-timeline");
  const summary = panel.querySelector("#circuit-summary");
  map.clearOverlay();
  timeline.replaceChildren();
  fill(
    summary,
    start?.name ? el("p", {}, t("circuit.start", { name: textOf(start.name) })) : null,
    ...(plan.warnings || []).map((warning) => el("p", { class: "warning" }, textOf(warning))),
    ...(plan.events || []).map((event) => el("p", { class: "event" }, textOf(event))),
  );
  const stays = []; // where the nights are spent when the trip moves on, each once
  plan.days.forEach((day, dayIndex) => {
    const colour = DAY_COLOURS[dayIndex % DAY_COLOURS.length];
    const stops = day.visits.map((visit) => normaliseVisit(visit, sitesById));
    const [begin, end] = dayEnds(day, start);
    map.addLine(dayLine(day, begin, end, stops), colour);
    const stay = movingDay(day, start)?.[1];
    if (stay && !samePlace(stay, start) && !stays.some((each) => samePlace(each, stay))) stays.push(stay);
    const items = stops.map((stop, index) => {
      const number = index + 1;
      if (stop.lat != null) map.addStop(stop.lat, stop.lon, String(number), t("circuit.stop_label", { n: number, name: stop.name }), colour);
      return el(
        "li",
        { class: "stop" },
        el("span", { class: "stop-number", style: `background:${colour}`, "aria-hidden": "true" }, String(number)),
        el(
          "div",
          {},
          stop.travel ? el("p", { class: "muted travel" }, t("circuit.travel", { minutes: stop.travel })) : null,
          el(
            "p",
            {},
            el("span", { class: "visually-hidden" }, `${number}. `),
            el("strong", {}, stop.start && stop.end ? `${t("circuit.visit", { start: stop.start, end: stop.end })} ` : ""),
            el("button", { type: "button", class: "link-button", onclick: () => onSelect(stop.id) }, stop.name),
          ),
          stop.address ? el("p", { class: "muted address" }, stop.address) : null,
          ...stop.warnings.map((warning) => el("p", { class: "warning" }, warning)),
        ),
      );
    });
    const lunch = clock(day.lunch_at);
    // The lunch break goes between the visits, at its time ("HH:MM" strings compare in order).
    const lunchIndex = stops.findIndex((stop) => stop.start >= lunch);
    if (lunch) {
      const pause = el(
        "li",
        { class: "stop lunch" },
        el("span", { class: "lunch-dot", "aria-hidden": "true" }),
        el("p", { class: "muted" }, t("circuit.lunch", { time: lunch })),
      );
      items.splice(lunchIndex === -1 ? items.length : lunchIndex, 0, pause);
    }
    timeline.append(
      el(
        "li",
        { class: "day", "data-day": String(dayIndex + 1) },
        el("h3", {}, el("span", { class: "day-swatch", style: `background:${colour}`, "aria-hidden": "true" }),
          day.date ? t("circuit.day", { n: dayIndex + 1, date: formatDate(day.date) }) : String(dayIndex + 1)),
        dayWay(day, start),
        el("ol", { class: "stops" }, items),
        dayEnd(day, start),
        routeLinks(day.links),
      ),
    );
  });
  if (start) map.addPoint(start.lat, start.lon, textOf(start.name) || t("circuit.title"));
  for (const stay of stays) map.addPoint(stay.lat, stay.lon, placeName(stay));
  panel.hidden = false;
  map.fitOverlay();
  const lang = `lang=${language()}`;
  panel.querySelector("#circuit-ics").href = `/api/circuit.ics?${query}&${lang}`;
  panel.querySelector("#circuit-gpx").href = `/api/circuit.gpx?${query}&${lang}`;
  panel.querySelector("#circuit-share").value = `${location.origin}/?${query}`;
  return query;
}

// What a circuit costs one adult: the sum of the known prices, and how many are unknown.
function adultTotal(plan) {
  const visits = plan.days.flatMap((day) => day.visits);
  const known = visits.filter((visit) => visit.price_known !== false && visit.price_total != null);
  return {
    visits: visits.length,
    price: known.reduce((sum, visit) => sum + visit.price_total, 0),
    unknown: visits.length - known.length,
  };
}

// The circuit as a card in the chat: stops and times per day, the total, and what to do with it
// (show it on the page's map, calendar and GPS files, share). `text` is the bot's whole reply.
export function circuitCard(plan, text, { onShow, onShare, textNodes }) {
  const query = circuitQuery(plan);
  const lang = `lang=${language()}`;
  const start = plan.start?.name ? placeName(plan.start) : "";
  const total = adultTotal(plan);
  return el(
    "div",
    { class: "circuit-card" },
    el("h3", {}, start ? t("circuit.card_title", { name: start }) : t("circuit.title")),
    plan.days.map((day, index) => [
      el("p", {}, el("strong", {}, day.date ? t("circuit.day", { n: index + 1, date: formatDate(day.date) }) : String(index + 1))),
      dayWay(day, plan.start),
      el(
        "ol",
        {},
        day.visits.map((visit) => {
          const stop = normaliseVisit(visit, new Map());
          return el("li", {}, stop.start && stop.end ? `${stop.start}–${stop.end} ` : "", stop.name);
        }),
      ),
      dayEnd(day, plan.start),
    ]),
    el(
      "p",
      { class: "total" },
      t("circuit.total", { visits: total.visits, price: formatPrice(total.price) }),
      total.unknown ? t("circuit.total_unknown", { n: total.unknown }) : "",
    ),
    el(
      "div",
      { class: "button-row" },
      el("button", { type: "button", class: "button primary small", onclick: () => onShow(plan) }, t("circuit.show_on_map")),
      el("a", { class: "button small", href: `/api/circuit.ics?${query}&${lang}`, download: "circuit.ics" }, t("circuit.ics")),
      el("a", { class: "button small", href: `/api/circuit.gpx?${query}&${lang}`, download: "circuit.gpx" }, t("circuit.gpx")),
      el("button", { type: "button", class: "button small", onclick: (event) => onShare(`${location.origin}/?${query}`, event.currentTarget) }, t("circuit.share_button")),
    ),
    text ? el("details", {}, el("summary", {}, t("circuit.full_text")), el("p", {}, textNodes(text))) : null,
  );
}
