// The live station map: commune boundaries served by Envigil (works offline) under one circle per station, coloured
// by state. Markers, the legend counts and the table's state and time cells refresh from the stations API without
// reloading the page. The API applies the person's scope, so an operator only ever receives their own stations.
(function () {
  "use strict";
  var element = document.getElementById("station-map");
  if (!element || typeof L === "undefined") return;

  var english = element.dataset.english === "1";
  var labels = JSON.parse(element.dataset.labels || "{}");
  var refreshMs = (Number(element.dataset.refreshSeconds) || 15) * 1000;
  var colours = { Online: "#15803d", Late: "#d97706", Offline: "#6b7280", Calibrating: "#2563eb", Fault: "#dc2626" };
  var numberFormat = new Intl.NumberFormat(english ? "en" : "vi-VN", { maximumFractionDigits: 3 });

  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true });
  // A neutral view until the boundaries (or the stations) arrive and the map fits them; markers need a loaded map.
  map.setView([0, 0], 1);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  // Stations above the commune polygons whichever loads first.
  map.createPane("stations").style.zIndex = 450;

  var errorLine = document.getElementById("station-map-error");
  var markers = {};
  var fitted = false;

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving), whatever the browser's zone.
  function vietnamTime(iso) {
    if (!iso) return "—";
    var utc = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + "Z");
    if (isNaN(utc)) return "—";
    var d = new Date(utc + 7 * 3600 * 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCDate()) + "/" + two(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear() + " " + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
  }

  function stateKey(state) { return String(state).toLowerCase(); }

  function popupHtml(s) {
    var rows = (s.latest || []).map(function (v) {
      var mark = v.valid ? "" : ' <span class="invalid-mark">(' + escapeHtml(labels.invalid) + ": " + escapeHtml((labels.statuses || {})[String(v.status)] || v.status) + ")</span>";
      return '<tr class="' + (v.valid ? "" : "invalid") + '"><th scope="row">' + escapeHtml(v.parameter) + "</th><td>" +
        escapeHtml(numberFormat.format(v.value)) + " " + escapeHtml(v.unit) + mark + "</td></tr>";
    }).join("");
    return '<div class="station-popup" data-code="' + escapeHtml(s.code) + '">' +
      "<strong>" + escapeHtml(s.name) + "</strong><br><code>" + escapeHtml(s.code) + "</code><br>" +
      escapeHtml(labels.facility) + ": " + escapeHtml(s.facilityName || labels.network) + "<br>" +
      escapeHtml(labels.state) + ': <span class="state-badge state-' + stateKey(s.state) + '">' + escapeHtml((labels.states || {})[s.state] || s.state) + "</span><br>" +
      escapeHtml(labels.last) + ": " + (s.lastObservationUtc ? vietnamTime(s.lastObservationUtc) : escapeHtml(labels.never)) +
      (rows ? '<table class="popup-values" aria-label="' + escapeHtml(labels.values) + '">' + rows + "</table>" : "") +
      '<a href="/monitoring/stations/' + encodeURIComponent(s.code) + '">' + escapeHtml(labels.details) + "</a></div>";
  }

  function style(s) {
    var colour = colours[s.state] || "#6b7280";
    return { radius: 8, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 0.95 };
  }

  function setStateClass(marker, state) {
    var path = marker.getElement();
    if (!path) return;
    path.setAttribute("class", path.getAttribute("class").replace(/\bstate-\w+/g, "").trim() + " state-" + stateKey(state));
    path.setAttribute("data-code", marker.options.code);
  }

  function updateTableAndLegend(stations) {
    var counts = {};
    stations.forEach(function (s) {
      counts[s.state] = (counts[s.state] || 0) + 1;
      var row = document.querySelector('tr[data-code="' + CSS.escape(s.code) + '"]');
      if (!row) return;
      var stateCell = row.querySelector('[data-cell="state"] .state-badge');
      if (stateCell) {
        stateCell.className = "state-badge state-" + stateKey(s.state);
        stateCell.dataset.state = stateKey(s.state);
        stateCell.textContent = (labels.states || {})[s.state] || s.state;
      }
      var timeCell = row.querySelector('[data-cell="time"]');
      if (timeCell) timeCell.textContent = vietnamTime(s.lastObservationUtc);
    });
    document.querySelectorAll(".station-legend li[data-state]").forEach(function (item) {
      var state = Object.keys(colours).filter(function (k) { return stateKey(k) === item.dataset.state; })[0];
      var count = item.querySelector("[data-count]");
      if (count) count.textContent = String(counts[state] || 0);
    });
    var refreshed = document.getElementById("station-map-refreshed");
    if (refreshed) refreshed.textContent = vietnamTime(new Date().toISOString());
  }

  function show(stations) {
    var seen = {};
    stations.forEach(function (s) {
      seen[s.code] = true;
      var marker = markers[s.code];
      if (!marker) {
        marker = L.circleMarker([s.latitude, s.longitude], Object.assign({ pane: "stations", className: "station-marker", code: s.code }, style(s)));
        marker.bindPopup(popupHtml(s), { maxWidth: 320 });
        marker.bindTooltip(escapeHtml(s.name), { direction: "top", offset: [0, -6] });
        marker.addTo(map);
        markers[s.code] = marker;
      } else {
        marker.setLatLng([s.latitude, s.longitude]);
        marker.setStyle(style(s));
        marker.setPopupContent(popupHtml(s));
      }
      setStateClass(marker, s.state);
    });
    Object.keys(markers).forEach(function (code) {
      if (!seen[code]) {
        map.removeLayer(markers[code]);
        delete markers[code];
      }
    });
    if (!fitted && !element.dataset.boundaries && stations.length > 0) {
      map.fitBounds(L.latLngBounds(stations.map(function (s) { return [s.latitude, s.longitude]; })), { padding: [30, 30], maxZoom: 12 });
    }
    element.dataset.stations = String(stations.length);
    element.dataset.refreshedAt = new Date().toISOString();
    updateTableAndLegend(stations);
  }

  function load() {
    return fetch(element.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (stations) {
        delete element.dataset.error;
        if (errorLine) errorLine.hidden = true;
        show(stations);
      })
      .catch(function (error) {
        element.dataset.error = (labels.loadError || "Error") + ": " + error.message;
        if (errorLine) {
          errorLine.textContent = element.dataset.error;
          errorLine.hidden = false;
        }
      });
  }

  fetch(element.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function () { return { color: "#64748b", weight: 1, fillColor: "#e2e8f0", fillOpacity: 0.55, className: "commune-shape" }; },
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(escapeHtml(english ? feature.properties.fullNameEn : feature.properties.fullName), { sticky: true, className: "commune-label" });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      fitted = true;
      element.dataset.boundaries = String(collection.features.length);
    })
    .catch(function (error) {
      element.dataset.boundaryError = (labels.boundaryError || "Error") + ": " + error.message;
    });

  load();
  // A tab in the background does not poll; it catches up as soon as it is shown again.
  window.setInterval(function () {
    if (!document.hidden) load();
  }, refreshMs);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) load();
  });
})();
