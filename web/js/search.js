// The search box: suggestions among the sites (name, town) and the gazetteer's towns and stations
// (/api/places), chosen with the mouse, a tap or the arrow keys (an ARIA combobox).
import { getJson } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

const MAX_SITE_SUGGESTIONS = 5;
const PLACE_QUERY_MIN = 3;
const DEBOUNCE_MS = 150;

// Lower case without accents: "Péronne" is found by "peronne".
export function fold(text) {
  return String(text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function placeKind(kind) {
  return kind === "station" ? t("search.kind_station") : t("search.kind_town");
}

export class Search {
  constructor(input, list, { sites, onSite, onPlace }) {
    this.input = input;
    this.list = list;
    this.sites = sites; // () => the sites loaded
    this.onSite = onSite;
    this.onPlace = onPlace;
    this.options = [];
    this.active = -1;
    this.request = 0;
    input.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.suggest(), DEBOUNCE_MS);
    });
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  async suggest() {
    const query = fold(this.input.value.trim());
    const request = ++this.request;
    if (!query) return this.close();
    const sites = this.sites()
      .filter((site) => fold(site.name).includes(query) || fold(site.town).includes(query))
      .slice(0, MAX_SITE_SUGGESTIONS)
      .map((site) => ({ label: site.name, kind: t("search.kind_site"), choose: () => this.onSite(site) }));
    let places = [];
    if (query.length >= PLACE_QUERY_MIN) {
      try {
        places = (await getJson("/api/places", { q: this.input.value.trim() })).map((place) => ({
          label: place.admin ? `${place.name} (${place.admin})` : place.name,
          kind: placeKind(place.kind),
          choose: () => this.onPlace(place),
        }));
      } catch {
        /* towns are a bonus: the sites are still suggested */
      }
    }
    if (request !== this.request) return; // a later keystroke has its own answer
    this.show([...sites, ...places]);
  }

  show(options) {
    this.options = options;
    this.active = -1;
    this.list.replaceChildren(
      ...options.map((option, index) =>
        el(
          "li",
          { id: `suggestion-${index}`, role: "option", "aria-selected": "false", onmousedown: (event) => event.preventDefault(), onclick: () => this.choose(index) },
          el("span", {}, option.label),
          el("span", { class: "suggestion-kind" }, option.kind),
        ),
      ),
    );
    this.list.hidden = !options.length;
    this.input.setAttribute("aria-expanded", String(Boolean(options.length)));
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  choose(index) {
    const option = this.options[index];
    if (!option) return;
    this.input.value = option.label;
    this.close();
    option.choose();
  }

  key(event) {
    if (event.key === "Escape") return this.close();
    if (event.key === "Enter") {
      event.preventDefault();
      return this.choose(this.active >= 0 ? this.active : 0);
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    if (!this.options.length) return;
    const step = event.key === "ArrowDown" ? 1 : -1;
    this.active = (this.active + step + this.options.length) % this.options.length;
    [...this.list.children].forEach((item, index) => item.setAttribute("aria-selected", String(index === this.active)));
    this.input.setAttribute("aria-activedescendant", `suggestion-${this.active}`);
  }
}

// Great-circle distance in km.
export function distanceKm(a, b) {
  const radians = (degrees) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
