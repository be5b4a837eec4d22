// The base map shipped with the site (/api/basemap: coast, borders, departments and main towns from open data,
// no tile server needed), drawn when the tiles cannot load.
import { getJson } from "./api.js";
import { el } from "./dom.js";

const LAND = { color: "#7a8a99", weight: 1.2, fillColor: "#f7f5ef", fillOpacity: 1 };
const BORDER = { color: "#8d6e63", weight: 1.5, dashArray: "6 4" };
const DEPARTMENT_BORDER = { color: "#9c8f7c", weight: 1, dashArray: "3 3" };
const TOWN = { radius: 3, color: "#444", weight: 1, fillColor: "#fff", fillOpacity: 1 };

export async function showBaseMap(map) {
  let basemap;
  try {
    basemap = await getJson("/api/basemap");
  } catch {
    return; // the sites stay on a plain background
  }
  const layer = L.layerGroup();
  for (const ring of basemap.land) L.polygon(ring, { ...LAND, interactive: false }).addTo(layer);
  for (const line of basemap.department_borders) L.polyline(line, { ...DEPARTMENT_BORDER, interactive: false }).addTo(layer);
  for (const line of basemap.borders) L.polyline(line, { ...BORDER, interactive: false }).addTo(layer);
  for (const department of basemap.departments) {
    L.marker([department.lat, department.lon], { icon: L.divIcon({ className: "basemap-department", iconSize: [0, 0], html: "" }), interactive: false, keyboard: false })
      .bindTooltip(el("span", {}, department.name), { permanent: true, direction: "center", className: "basemap-department-label", interactive: false })
      .addTo(layer);
  }
  for (const town of basemap.towns) {
    L.circleMarker([town.lat, town.lon], { ...TOWN, interactive: false })
      .bindTooltip(el("span", {}, town.name), { permanent: true, direction: "right", className: "basemap-label", interactive: false })
      .addTo(layer);
  }
  layer.addTo(map);
  // Under the sites, in the order drawn: each one sent to the back goes under the ones sent before it.
  for (const item of layer.getLayers().reverse()) item.bringToBack?.();
}
