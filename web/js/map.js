// The Leaflet map: one marker per site (members highlighted), clustered when zoomed out.
// Leaflet and the cluster plugin are classic scripts (globals L); this module wraps them.
import { el } from "./dom.js";
import { t } from "./i18n.js";

const REGION_CENTRE = [50.25, 2.6]; // Hauts-de-France
const REGION_ZOOM = 8;
const CLUSTER_UNTIL_ZOOM = 11;

export class SiteMap {
  constructor(container, config, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.map = L.map(container, { zoomControl: true, keyboard: true }).setView(REGION_CENTRE, REGION_ZOOM);
    this.addTiles(config);
    this.cluster = L.markerClusterGroup({
      disableClusteringAtZoom: CLUSTER_UNTIL_ZOOM,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
    });
    this.map.addLayer(this.cluster);
    this.markers = new Map();
    this.overlay = L.layerGroup().addTo(this.map); // circuit and "you are here"
  }

  addTiles(config) {
    const tiles = L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 });
    let warned = false;
    tiles.on("tileerror", () => {
      if (warned) return;
      warned = true;
      this.container.classList.add("tiles-failed");
      this.container.parentElement.append(el("p", { class: "map-warning", role: "status" }, t("map.tiles_failed")));
    });
    tiles.addTo(this.map);
  }

  showSites(sites) {
    this.cluster.clearLayers();
    this.markers.clear();
    const located = sites.filter((site) => site.lat != null && site.lon != null);
    for (const site of located) {
      const marker = L.marker([site.lat, site.lon], {
        icon: pinIcon(site.member),
        title: site.name,
        alt: site.name,
        keyboard: true,
        riseOnHover: true,
      });
      marker.on("click", () => this.onSelect(site.id));
      marker.on("add", () => marker.getElement()?.setAttribute("aria-label", site.name));
      this.markers.set(site.id, marker);
      this.cluster.addLayer(marker);
    }
    this.container.dataset.markerCount = String(this.markers.size);
    if (located.length) this.map.fitBounds(this.cluster.getBounds(), { padding: [24, 24], maxZoom: 11, animate: false });
  }

  focusSite(site) {
    const marker = this.markers.get(site.id);
    if (!marker) return;
    this.cluster.zoomToShowLayer(marker, () => {
      marker.bindPopup(el("strong", {}, site.name)).openPopup();
    });
  }

  // Circuit and position layers ---------------------------------------------------------------
  clearOverlay() {
    this.overlay.clearLayers();
  }

  addStop(lat, lon, label, title, colour) {
    const icon = L.divIcon({
      className: "stop-icon",
      html: el("span", { style: `background:${colour}` }, label),
      iconSize: [28, 28],
      iconAnchor: [14, 14],
    });
    const marker = L.marker([lat, lon], { icon, title, keyboard: false, zIndexOffset: 1000 });
    marker.bindTooltip(el("span", {}, title));
    this.overlay.addLayer(marker);
    return marker;
  }

  addLine(points, colour) {
    this.overlay.addLayer(L.polyline(points, { color: colour, weight: 4, opacity: 0.85 }));
  }

  addPoint(lat, lon, label) {
    const marker = L.circleMarker([lat, lon], { radius: 9, color: "#0b6e4f", fillOpacity: 0.7 });
    marker.bindTooltip(el("span", {}, label), { permanent: true, direction: "top" });
    this.overlay.addLayer(marker);
  }

  fitOverlay() {
    const layers = this.overlay.getLayers();
    if (!layers.length) return;
    const bounds = L.featureGroup(layers).getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13, animate: false });
  }

  refresh() {
    this.map.invalidateSize({ animate: false });
  }
}

function pinIcon(member) {
  return L.divIcon({
    className: member ? "site-pin member" : "site-pin",
    html: el("span", { "aria-hidden": "true" }, member ? "★" : ""),
    iconSize: member ? [26, 26] : [18, 18],
    iconAnchor: member ? [13, 13] : [9, 9],
  });
}
