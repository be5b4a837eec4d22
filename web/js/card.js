// The site card: what a visitor needs before going (hours, price, length, access, languages, contact).
import { el, externalLink, fill, safeUrl, telLink } from "./dom.js";
import { formatDate, formatMinutes, formatPrice, languageName, t } from "./i18n.js";

export function dayHours(day) {
  if (!day.known) return t("card.hours_unknown");
  if (!day.is_open) return t("card.closed_day");
  if (day.reason === "always_open") return t("card.always_open");
  const hours = day.windows.map(([start, end]) => `${start}–${end}`).join(", ");
  const extras = [t("card.open_hours", { hours })];
  if (day.last_entry) extras.push(t("card.last_entry", { time: day.last_entry }));
  if (day.guided_tour_times.length) extras.push(t("card.guided_tours", { times: day.guided_tour_times.join(", ") }));
  if (day.booking === "required") extras.push(t("card.booking_required"));
  if (day.booking === "advised") extras.push(t("card.booking_advised"));
  return extras.join(" · ");
}

export function openBadge(site) {
  if (site.open_now === true) return el("span", { class: "badge open" }, t("card.open_now"));
  if (site.open_now === false) return el("span", { class: "badge closed" }, t("card.closed_now"));
  return null;
}

function priceText(price) {
  if (!price.known) return t("card.price_unknown");
  if (price.free) return t("card.price_free");
  return t("card.price_adult", { price: formatPrice(price.adult, price.currency) });
}

function durationText(site) {
  if (!site.visit_minutes) return t("card.unknown");
  const duration = formatMinutes(site.visit_minutes);
  return site.visit_minutes_estimated ? t("card.duration_estimated", { duration }) : duration;
}

function websiteLink(website) {
  const url = safeUrl(website);
  return externalLink(website, url ? new URL(url).host : website);
}

function fact(label, ...value) {
  return [el("dt", {}, label), el("dd", {}, ...value)];
}

export function renderCard(container, site, { today, onPlan, onClose, onShow }) {
  const dayLabel = site.day.date === today ? t("card.today") : t("card.on_day", { date: formatDate(site.day.date) });
  const access = site.wheelchair.access || "unknown";
  const languages = site.languages?.length
    ? site.languages.map(languageName).join(", ")
    : t("card.languages_unknown");
  const notes = [...site.day.notes, site.price.note, site.wheelchair.note].filter(Boolean);
  fill(
    container,
    el(
      "div",
      { class: "card-head" },
      el("h2", { id: "card-title", tabindex: "-1" }, site.name),
      el("button", { type: "button", class: "icon-button", "aria-label": t("card.close"), onclick: onClose }, "×"),
    ),
    el(
      "p",
      { class: "badges" },
      site.member ? el("span", { class: "badge member" }, t("card.member")) : null,
      openBadge(site),
    ),
    site.town ? el("p", { class: "muted" }, [site.address, site.postcode, site.town].filter(Boolean).join(", ")) : null,
    el(
      "dl",
      { class: "facts" },
      fact(dayLabel, el("span", { class: "day-hours" }, dayHours(site.day))),
      site.next_opening && site.open_now !== true
        ? fact(
            t("card.next_opening"),
            t("card.next_opening_value", {
              date: formatDate(site.next_opening.date),
              start: site.next_opening.start,
              end: site.next_opening.end,
            }),
          )
        : [],
      fact(t("card.price"), priceText(site.price)),
      fact(t("card.duration"), durationText(site)),
      fact(t("card.accessibility"), t(`card.access.${access}`)),
      fact(t("card.languages"), languages),
      site.website ? fact(t("card.website"), websiteLink(site.website)) : [],
      site.phone ? fact(t("card.phone"), telLink(site.phone)) : [],
    ),
    notes.length ? el("ul", { class: "notes" }, notes.map((note) => el("li", {}, note))) : null,
    site.description ? el("p", { class: "description" }, site.description) : null,
    el(
      "div",
      { class: "button-row no-print" },
      el("button", { type: "button", class: "button primary", onclick: () => onPlan(site) }, t("card.plan_from")),
      el("button", { type: "button", class: "button", onclick: () => onShow(site) }, t("card.show_on_map")),
    ),
  );
  container.setAttribute("aria-labelledby", "card-title");
  container.dataset.site = site.id;
  container.hidden = false;
}
