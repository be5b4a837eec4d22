// The Leaflet map: one marker per site (members highlighted), clustered when zoomed out; circuit,
// nearby sites and the visitor's position on an overlay. Leaflet and the cluster plugin are classic
// scripts (globals L); this module wraps them.
import { showBaseMap } from "./basemap.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

const REGION_CENTRE = [50.25, 2.6]; // Hauts-de-France
const REGION_ZOOM = 8;
const CLUSTER_UNTIL_ZOOM = 11;
const USER_ZOOM = 11;

// A div icon with a name for screen readers, opened with Enter or Space like a button (Leaflet
// makes keyboard markers focusable but only answers clicks).
const NamedIcon = L.DivIcon.extend({
  createIcon(oldIcon) {
    const node = L.DivIcon.prototype.createIcon.call(this, oldIcon);
    node.setAttribute("aria-label", this.options.label);
    node.setAttribute("role", "button");
    node.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      this.options.activate();
    });
    return node;
  },
});

export class SiteMap {
  constructor(container, config, { onSelect, warning }) {
    this.container = container;
    this.onSelect = onSelect;
    this.map = L.map(container, { zoomControl: false, keyboard: true }).setView(REGION_CENTRE, REGION_ZOOM);
    L.control.zoom({ position: "topright" }).addTo(this.map); // the sheets open on the left and at the bottom
    this.addTiles(config, warning);
    this.cluster = L.markerClusterGroup({
      disableClusteringAtZoom: CLUSTER_UNTIL_ZOOM,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      animate: false, // pins stay still under a finger (and slow phones do less work)
      iconCreateFunction: (cluster) => clusterIcon(cluster),
    });
    this.map.addLayer(this.cluster);
    this.markers = new Map();
    this.overlay = L.layerGroup().addTo(this.map); // circuit, nearby sites and "you are here"
    const noteZoom = () => (container.dataset.zoom = String(this.map.getZoom()));
    this.map.on("zoomend", noteZoom);
    noteZoom();
  }

  // Tiles from the configured server; when they cannot load, the base map shipped with the site.
  addTiles(config, warning) {
    const tiles = L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 });
    let failed = false;
    tiles.on("tileerror", () => {
      if (failed) return;
      failed = true;
      this.container.classList.add("tiles-failed");
      warning.hidden = false;
      this.map.removeLayer(tiles);
      showBaseMap(this.map);
    });
    tiles.addTo(this.map);
  }

  showSites(sites) {
    this.cluster.clearLayers();
    this.markers.clear();
    const located = sites.filter((site) => site.lat != null && site.lon != null);
    for (const site of located) {
      const marker = L.marker([site.lat, site.lon], {
        icon: pinIcon(site, () => this.onSelect(site.id)),
        title: site.name,
        keyboard: true,
        riseOnHover: true,
      });
      marker.on("click", () => this.onSelect(site.id));
      this.markers.set(site.id, marker);
      this.cluster.addLayer(marker);
    }
    this.container.dataset.markerCount = String(this.markers.size);
    if (located.length) this.map.fitBounds(this.cluster.getBounds(), { padding: [24, 24], maxZoom: 11, animate: false });
  }

  // Zoomed in far enough for the site's own pin (clusters open from CLUSTER_UNTIL_ZOOM), without
  // animation: the cluster plugin's animated zoomToShowLayer fails when the pins change meanwhile.
  focusSite(site) {
    const marker = this.markers.get(site.id);
    if (!marker) return;
    this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), CLUSTER_UNTIL_ZOOM), { animate: false });
    const { left, bottom } = this.coveredEdges();
    this.map.panBy([-left / 2, bottom / 2], { animate: false }); // the pin in the part no sheet covers
    marker.bindPopup(el("strong", {}, site.name), { autoPan: false }).openPopup();
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

  // The nearby sites, numbered in order of distance, with the visitor's position; zoomed to them.
  showNearby(lat, lon, sites) {
    this.clearOverlay();
    this.addPoint(lat, lon, t("location.you_are_here"));
    sites.forEach((site, index) => {
      if (site.lat == null) return;
      const label = t("map.nearby_label", { n: index + 1, name: site.name });
      const icon = new NamedIcon({
        className: "nearby-pin",
        html: el("span", { "aria-hidden": "true" }, String(index + 1)),
        iconSize: [30, 30],
        iconAnchor: [15, 15],
        label,
        activate: () => this.onSelect(site.id),
      });
      const marker = L.marker([site.lat, site.lon], { icon, title: label, keyboard: true, zIndexOffset: 900 });
      marker.on("click", () => this.onSelect(site.id));
      this.overlay.addLayer(marker);
    });
    const bounds = L.latLngBounds([[lat, lon], ...sites.filter((site) => site.lat != null).map((site) => [site.lat, site.lon])]);
    this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: USER_ZOOM + 2, animate: false });
  }

  centreOn(lat, lon) {
    this.map.setView([lat, lon], USER_ZOOM, { animate: false });
  }

  // How much of the map the open sheets cover: along the bottom (phones) or on the left (wide screens).
  coveredEdges() {
    const area = this.container.getBoundingClientRect();
    let [left, bottom] = [0, 0];
    for (const sheet of this.container.parentElement.querySelectorAll(".sheet:not([hidden])")) {
      const box = sheet.getBoundingClientRect();
      if (box.width >= area.width - 1) bottom = Math.max(bottom, area.bottom - box.top);
      else if (box.left - area.left < area.width / 2) left = Math.max(left, box.right - area.left);
    }
    return { left, bottom };
  }

  // The circuit in the part of the map that no sheet covers.
  fitOverlay() {
    const layers = this.overlay.getLayers();
    if (!layers.length) return;
    const bounds = L.featureGroup(layers).getBounds();
    if (!bounds.isValid()) return;
    const { left, bottom } = this.coveredEdges();
    this.map.fitBounds(bounds, {
      paddingTopLeft: [30 + left, 30],
      paddingBottomRight: [30, 30 + bottom],
      maxZoom: 13,
      animate: false,
    });
  }

  refresh() {
    this.map.invalidateSize({ animate: false });
  }
}

function pinIcon(site, activate) {
  return new NamedIcon({
    className: site.member ? "site-pin member" : "site-pin",
    html: el("span", { "aria-hidden": "true" }, site.member ? "★" : ""),
    iconSize: site.member ? [26, 26] : [24, 24],
    iconAnchor: site.member ? [13, 13] : [12, 12],
    label: site.name,
    activate,
  });
}

// Like the plugin's own cluster icon (its classes and colours), with a name: "12 sites, zoom in".
function clusterIcon(cluster) {
  const count = cluster.getChildCount();
  const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
  return new NamedIcon({
    className: `marker-cluster marker-cluster-${size}`,
    html: el("div", {}, el("span", { "aria-hidden": "true" }, String(count))),
    iconSize: [40, 40],
    label: t("map.cluster", { n: count }),
    activate: () => cluster.zoomToBounds({ padding: [30, 30] }),
  });
}
