// Hazard zones over the commune boundaries, both served by Envigil (works offline). Each zone is coloured by its hazard.
(function () {
  "use strict";
  var element = document.getElementById("zone-map");
  if (!element || typeof L === "undefined") return;
  var english = element.dataset.english === "1";
  var colours = JSON.parse(element.dataset.colours || "{}");
  var labels = JSON.parse(element.dataset.labels || "{}");
  var map = L.map(element, { zoomSnap: 0.25 });
  map.setView([9.2, 105.1], 9);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Drawing a zone: while drawing is on, each click on the map adds a corner to the form's list of points (one
  // "latitude, longitude" per line). The list stays the source of truth: people can type or correct it by hand, with a
  // keyboard and without the map, and the outline on the map follows it.
  var points = document.getElementById("d-points");
  var drawButton = document.getElementById("d-draw");
  if (points && drawButton) {
    var drawing = false, preview = null;
    var parse = function () {
      return points.value.split(/\n/).map(function (line) {
        var p = line.split(/[,;\s]+/).filter(Boolean).map(Number);
        return p.length === 2 && isFinite(p[0]) && isFinite(p[1]) ? [p[0], p[1]] : null;
      }).filter(Boolean);
    };
    var redraw = function () {
      if (preview) map.removeLayer(preview);
      var corners = parse();
      preview = corners.length >= 2 ? L.polygon(corners, { color: "#111827", dashArray: "6 4", weight: 2, fillOpacity: 0.15 }).addTo(map) : null;
      drawButton.dataset.corners = String(corners.length);
    };
    drawButton.hidden = false;
    drawButton.addEventListener("click", function () {
      drawing = !drawing;
      drawButton.setAttribute("aria-pressed", drawing ? "true" : "false");
      drawButton.textContent = drawing ? drawButton.dataset.stop : drawButton.dataset.start;
      element.style.cursor = drawing ? "crosshair" : "";
      if (drawing) element.scrollIntoView({ block: "center" });
    });
    map.on("click", function (e) {
      if (!drawing) return;
      points.value = (points.value.trim() ? points.value.trim() + "\n" : "") + e.latlng.lat.toFixed(6) + ", " + e.latlng.lng.toFixed(6);
      redraw();
    });
    points.addEventListener("input", redraw);
    redraw();
  }
  var error = document.getElementById("zone-map-error");
  function fail() { if (error) { error.hidden = false; error.textContent = labels.error || "Map data could not be loaded."; } }
  fetch("/api/v1/geo/communes.geojson", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); }).then(function (communes) {
    var layer = L.geoJSON(communes, {
      style: function () { return { color: "#64748b", weight: 1, fillColor: "#f1f5f9", fillOpacity: 0.5 }; },
      onEachFeature: function (f, shape) { shape.bindTooltip(escapeHtml(english ? f.properties.fullNameEn : f.properties.fullName), { sticky: true }); }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    return fetch(element.dataset.zones, { credentials: "same-origin" });
  }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); }).then(function (zones) {
    L.geoJSON(zones, {
      style: function (f) { var c = colours[f.properties.hazard] || "#7c3aed"; return { color: c, weight: 2, fillColor: c, fillOpacity: 0.35 }; },
      onEachFeature: function (f, shape) {
        shape.bindPopup("<strong>" + escapeHtml(f.properties.name) + "</strong><br>" + escapeHtml((labels.hazards || {})[f.properties.hazard] || f.properties.hazard) +
          "<br>" + escapeHtml(labels.susceptibility) + ": " + escapeHtml((labels.classes || {})[f.properties.susceptibility] || f.properties.susceptibility));
      }
    }).addTo(map);
  }).catch(fail);
})();
