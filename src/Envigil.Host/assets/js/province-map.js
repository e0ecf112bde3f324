// The province map: commune boundaries served by Envigil itself (so it works offline), coloured by region,
// optionally over raster tiles when Envigil:Map:TileUrl is configured.
(function () {
  "use strict";
  var element = document.getElementById("province-map");
  if (!element || typeof L === "undefined") return;

  var english = element.dataset.english === "1";
  var colours = { west: "#1f77b4", east: "#e07b00" };
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  fetch(element.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function (feature) {
          var colour = colours[feature.properties.regionCode] || "#8c8c8c";
          return { color: "#334155", weight: 1, fillColor: colour, fillOpacity: 0.35 };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties;
          var name = english ? p.fullNameEn : p.fullName;
          var region = english ? p.regionNameEn : p.regionName;
          shape.bindTooltip(escapeHtml(name), { sticky: true, className: "commune-label" });
          shape.bindPopup(
            "<strong>" + escapeHtml(name) + "</strong><br>" +
            escapeHtml(element.dataset.codeLabel) + ": " + escapeHtml(p.code) + "<br>" +
            (region ? escapeHtml(element.dataset.regionLabel) + ": " + escapeHtml(region) + "<br>" : "") +
            (p.areaKm2 ? escapeHtml(element.dataset.areaLabel) + ": " + Number(p.areaKm2).toLocaleString(english ? "en" : "vi-VN") + " km²<br>" : "") +
            '<a href="/communes/' + encodeURIComponent(p.code) + '">' + (english ? "Details" : "Chi tiết") + "</a>");
          shape.on("mouseover", function () { shape.setStyle({ weight: 3, fillOpacity: 0.55 }); });
          shape.on("mouseout", function () { layer.resetStyle(shape); });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      element.dataset.loaded = String(collection.features.length);
    })
    .catch(function (error) {
      element.dataset.error = error.message;
      element.textContent = (english ? "Could not load the commune boundaries: " : "Không tải được ranh giới xã, phường: ") + error.message;
    });
})();
