// The live station map: commune boundaries served by Envigil (works offline) under one pin per station, coloured and
// marked with a symbol by state, grouped into clusters (leaflet.markercluster) when zoomed out; a cluster takes the
// colour of the worst state inside it. Markers, the legend counts and the table's state and time cells refresh from
// the stations API without reloading the page. The API applies the person's scope, so an operator only ever receives
// their own stations. A click (or Enter on a focused pin) opens the latest values against today's limits.
(function () {
  // Marks for the ui-map benchmark: where the time before "every marker is on the map" goes.
  if (window.performance && performance.mark) performance.mark("envigil-map-script");
  "use strict";

  // On a phone the filters fold away unless some are applied (the form works without JavaScript, open).
  var panel = document.getElementById("station-filter-panel");
  if (panel && panel.dataset.active === "0" && window.matchMedia("(max-width: 760px)").matches) panel.open = false;

  var element = document.getElementById("station-map");
  if (!element || typeof L === "undefined") return;

  var english = element.dataset.english === "1";
  var labels = JSON.parse(element.dataset.labels || "{}");
  var severity = JSON.parse(element.dataset.severity || "[]"); // worst first
  var refreshMs = (Number(element.dataset.refreshSeconds) || 15) * 1000;
  var numberFormat = new Intl.NumberFormat(english ? "en" : "vi-VN", { maximumFractionDigits: 3 });

  // maxZoom: clustering needs one, and offline there is no tile layer to give it.
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true, maxZoom: 18 });
  // A neutral view until the boundaries (or the stations) arrive and the map fits them.
  map.setView([9.1, 105.1], 8);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
  }

  var errorLine = document.getElementById("station-map-error");
  var markers = {};
  var icons = {};
  var fitted = false;
  var firstRender = true;

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving), whatever the browser's zone.
  function vietnamTime(iso) {
    if (!iso) return "—";
    var utc = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + "Z");
    if (isNaN(utc)) return "—";
    var d = new Date(utc + 7 * 3600 * 1000);
    return two(d.getUTCDate()) + "/" + two(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear() + " " + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
  }

  function stateKey(state) { return String(state).toLowerCase(); }
  function stateLabel(state) { return (labels.states || {})[state] || state; }
  function stateSymbol(state) { return (labels.symbols || {})[state] || "?"; }
  function rank(state) { var i = severity.indexOf(state); return i < 0 ? severity.length : i; }

  function icon(state) {
    if (!icons[state]) {
      icons[state] = L.divIcon({ className: "station-marker state-" + stateKey(state), html: escapeHtml(stateSymbol(state)), iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10] });
    }
    return icons[state];
  }

  // The pin as a screen reader and a test see it: a button named after the station and its state.
  function decorate(marker) {
    var pin = marker.getElement();
    if (!pin) return;
    pin.setAttribute("data-code", marker.options.code);
    pin.setAttribute("data-state", stateKey(marker.options.state));
    pin.setAttribute("role", "button");
    pin.setAttribute("aria-label", marker.options.stationName + " — " + stateLabel(marker.options.state));
  }

  function clusterIcon(cluster) {
    var worst = null;
    cluster.getAllChildMarkers().forEach(function (m) {
      if (worst === null || rank(m.options.state) < rank(worst)) worst = m.options.state;
    });
    var count = cluster.getChildCount();
    var size = count < 10 ? 32 : count < 100 ? 38 : 46;
    return L.divIcon({
      className: "station-cluster state-" + stateKey(worst),
      html: '<span class="cluster-count">' + count + '</span><span class="cluster-symbol" aria-hidden="true">' + escapeHtml(stateSymbol(worst)) + "</span>",
      iconSize: [size, size],
    });
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    // Long chunks, no pause between them: 2,000 pins cluster in two or three chunks instead of a dozen 50 ms waits.
    chunkInterval: 400,
    chunkDelay: 0,
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyOnMaxZoom: true,
    // From street level every station stands alone.
    disableClusteringAtZoom: 14,
    iconCreateFunction: clusterIcon,
  });
  clusters.on("animationend spiderfied", labelClusters);
  map.on("zoomend moveend", labelClusters);
  map.addLayer(clusters);

  // Clusters are buttons too: Enter zooms into them (Leaflet's keyboard support), the label says what is inside.
  function labelClusters() {
    clusters._featureGroup.eachLayer(function (layer) {
      if (!(layer instanceof L.MarkerCluster)) return;
      var el = layer.getElement();
      if (!el) return;
      var worst = (el.className.match(/state-(\w+)/) || [])[1] || "";
      var state = severity.filter(function (s) { return stateKey(s) === worst; })[0];
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", layer.getChildCount() + " " + (labels.cluster || "") + ": " + stateLabel(state));
    });
  }

  function popupHtml(s, readings) {
    var head = '<div class="station-popup" data-code="' + escapeHtml(s.code) + '">' +
      "<strong>" + escapeHtml(s.name) + "</strong><br><code>" + escapeHtml(s.code) + "</code><br>" +
      escapeHtml(labels.facility) + ": " + escapeHtml(s.facilityName || labels.network) + "<br>" +
      escapeHtml(labels.state) + ': <span class="state-badge state-' + stateKey(s.state) + '"><span class="station-pin state-' + stateKey(s.state) + '" aria-hidden="true">' +
      escapeHtml(stateSymbol(s.state)) + "</span>" + escapeHtml(stateLabel(s.state)) + "</span><br>" +
      escapeHtml(labels.last) + ": " + (s.lastObservationUtc ? vietnamTime(s.lastObservationUtc) : escapeHtml(labels.never));
    var body;
    if (!readings) {
      body = '<p class="hint" data-loading>' + escapeHtml(labels.loadingLimits) + "</p>";
    } else {
      var rows = readings.readings.map(function (v) {
        var mark = v.valid ? "" : ' <span class="invalid-mark">(' + escapeHtml(labels.invalid) + ": " + escapeHtml((labels.statuses || {})[String(v.status)] || v.status) + ")</span>";
        var limit = limitText(v);
        var flags = (v.exceeding ? " exceeding" : "") + (v.aboveLimit ? " above" : "") + (v.valid ? "" : " invalid");
        var note = v.exceeding ? ' <span class="visually-hidden">(' + escapeHtml(labels.exceeding) + ")</span>" :
          v.aboveLimit ? ' <span class="visually-hidden">(' + escapeHtml(labels.aboveLimit) + ")</span>" : "";
        return '<tr class="' + flags.trim() + '" data-parameter="' + escapeHtml(v.parameter) + '"><th scope="row">' + escapeHtml(v.parameter) + "</th>" +
          '<td data-cell="value">' + escapeHtml(numberFormat.format(v.value)) + " " + escapeHtml(v.unit) + mark + note + "</td>" +
          '<td data-cell="limit"' + (v.limitSource ? ' title="' + escapeHtml(v.limitSource) + '"' : "") + ">" + limit + "</td>" +
          '<td data-cell="time">' + escapeHtml(vietnamTime(v.timeUtc).slice(11)) + "</td></tr>";
      }).join("");
      var note = readings.limitsNote === "ambient" ? labels.ambient : readings.limitsNote === "no-basis" ? labels.noBasis : null;
      body = (rows ? '<table class="popup-values" data-testid="popup-values"><caption class="visually-hidden">' + escapeHtml(labels.values) + "</caption>" +
        '<thead><tr><th scope="col">' + escapeHtml(labels.parameter) + '</th><th scope="col">' + escapeHtml(labels.value) + '</th><th scope="col">' +
        escapeHtml(labels.limit) + '</th><th scope="col">' + escapeHtml(labels.time) + "</th></tr></thead><tbody>" + rows + "</tbody></table>" : "") +
        (note ? '<p class="hint" data-limits-note>' + escapeHtml(note) + "</p>" :
          '<p class="hint">' + escapeHtml(labels.limitsOn) + " " + escapeHtml(dayText(readings.limitsOn)) + "</p>");
    }
    return head + body + '<a href="/monitoring/stations/' + encodeURIComponent(s.code) + '">' + escapeHtml(labels.details) + "</a></div>";
  }

  function limitText(v) {
    var unit = v.limitUnit ? " " + escapeHtml(v.limitUnit) : "";
    if (v.lower != null && v.upper != null) return escapeHtml(numberFormat.format(v.lower)) + "–" + escapeHtml(numberFormat.format(v.upper)) + unit;
    if (v.upper != null) return "≤ " + escapeHtml(numberFormat.format(v.upper)) + unit;
    if (v.lower != null) return "≥ " + escapeHtml(numberFormat.format(v.lower)) + unit;
    return escapeHtml(labels.noLimit);
  }

  function dayText(isoDay) {
    var parts = String(isoDay || "").split("-");
    return parts.length === 3 ? parts[2] + "/" + parts[1] + "/" + parts[0] : "—";
  }

  function openReadings(marker) {
    fetch("/api/v1/monitoring/stations/" + encodeURIComponent(marker.options.code) + "/readings", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (readings) {
        if (popup.isOpen() && popupMarker === marker) popup.setContent(popupHtml(marker.options.station, readings));
      })
      .catch(function (error) {
        if (popup.isOpen() && popupMarker === marker) popup.setContent(popupHtml(marker.options.station, { readings: [], limitsNote: null, limitsOn: null }) + '<p class="error">' + escapeHtml(error.message) + "</p>");
      });
  }

  function updateTableAndLegend(stations) {
    var counts = {};
    // The list shows a page of the stations: look its rows up once, not one document search per station.
    var rows = {};
    document.querySelectorAll("tr[data-code]").forEach(function (row) { rows[row.dataset.code] = row; });
    stations.forEach(function (s) {
      counts[s.state] = (counts[s.state] || 0) + 1;
      var row = rows[s.code];
      if (!row) return;
      var badge = row.querySelector('[data-cell="state"] .state-badge');
      if (badge && badge.dataset.state !== stateKey(s.state)) {
        badge.className = "state-badge state-" + stateKey(s.state);
        badge.dataset.state = stateKey(s.state);
        var pin = badge.querySelector(".station-pin");
        if (pin) {
          pin.className = "station-pin state-" + stateKey(s.state);
          pin.textContent = stateSymbol(s.state);
        }
        var name = badge.querySelector(".state-name");
        if (name) name.textContent = stateLabel(s.state);
      }
      var timeCell = row.querySelector('[data-cell="time"]');
      if (timeCell) timeCell.textContent = vietnamTime(s.lastObservationUtc);
    });
    document.querySelectorAll(".station-legend li[data-state]").forEach(function (item) {
      var state = severity.filter(function (k) { return stateKey(k) === item.dataset.state; })[0];
      var count = item.querySelector("[data-count]");
      if (count) count.textContent = String(counts[state] || 0);
    });
    var refreshed = document.getElementById("station-map-refreshed");
    if (refreshed) refreshed.textContent = vietnamTime(new Date().toISOString());
  }

  // A pin is only a marker: one popup and one tooltip serve them all, opened from the cluster group's events. Binding
  // a popup, a tooltip and four handlers to each of 2,000 markers cost more than creating the markers themselves.
  var StationMarker = L.Marker.extend({
    onAdd: function (map) {
      L.Marker.prototype.onAdd.call(this, map);
      decorate(this);
    },
    // What bindPopup/bindTooltip did: a pin that leaves the map (into a cluster, or removed by a refresh) takes its
    // popup and name with it.
    onRemove: function (map) {
      if (popupMarker === this) map.closePopup(popup);
      if (tooltipMarker === this) map.closeTooltip(tooltip);
      L.Marker.prototype.onRemove.call(this, map);
    },
  });

  function newMarker(s) {
    return new StationMarker([s.latitude, s.longitude], { icon: icon(s.state), keyboard: true, code: s.code, state: s.state, stationName: s.name, station: s });
  }

  // popupAnchor of the pins (-10) on top of the popup's own offset (7): the tip points at the pin's top edge.
  var popup = L.popup({ maxWidth: 360, minWidth: 240, offset: [0, -3] });
  var popupMarker = null;
  var tooltip = L.tooltip({ direction: "top", offset: [0, -10] });
  var tooltipMarker = null;
  map.on("popupclose", function (e) { if (e.popup === popup) popupMarker = null; });

  function openStation(marker) {
    popupMarker = marker;
    hideName(); // the popup names the station already
    popup.setLatLng(marker.getLatLng()).setContent(popupHtml(marker.options.station, null));
    map.openPopup(popup);
    openReadings(marker);
  }

  function showName(marker) {
    if (popupMarker === marker && popup.isOpen()) return;
    tooltipMarker = marker;
    tooltip.setLatLng(marker.getLatLng()).setContent(escapeHtml(marker.options.stationName));
    map.openTooltip(tooltip);
  }

  function hideName() {
    tooltipMarker = null;
    map.closeTooltip(tooltip);
  }

  function markerOf(node) {
    var pin = node && node.closest ? node.closest(".station-marker[data-code]") : null;
    return pin ? markers[pin.getAttribute("data-code")] || null : null;
  }

  // Events of a pin reach the group (a cluster's arrive as "cluster…" events and are markercluster's own).
  clusters.on("click", function (e) { openStation(e.layer); });
  clusters.on("keypress", function (e) {
    if (e.originalEvent && (e.originalEvent.key === "Enter" || e.originalEvent.keyCode === 13)) openStation(e.layer);
  });
  clusters.on("mouseover", function (e) { showName(e.layer); });
  clusters.on("mouseout", hideName);
  // The name also shows when the keyboard reaches a pin.
  element.addEventListener("focusin", function (e) {
    var marker = markerOf(e.target);
    if (marker) showName(marker);
  });
  element.addEventListener("focusout", hideName);

  function show(stations) {
    var seen = {};
    var added = [];
    var changed = [];
    stations.forEach(function (s) {
      seen[s.code] = true;
      var marker = markers[s.code];
      if (!marker) {
        marker = newMarker(s);
        markers[s.code] = marker;
        added.push(marker);
        return;
      }
      marker.options.station = s;
      marker.options.stationName = s.name;
      var moved = !marker.getLatLng().equals([s.latitude, s.longitude]);
      if (moved) {
        marker.setLatLng([s.latitude, s.longitude]);
        if (popupMarker === marker) popup.setLatLng(marker.getLatLng());
      }
      if (marker.options.state !== s.state) {
        marker.options.state = s.state;
        marker.setIcon(icon(s.state));
        decorate(marker);
        changed.push(marker);
      } else if (moved) {
        changed.push(marker);
      }
    });
    var removed = [];
    Object.keys(markers).forEach(function (code) {
      if (!seen[code]) {
        removed.push(markers[code]);
        delete markers[code];
      }
    });
    if (removed.length) clusters.removeLayers(removed);
    if (changed.length) clusters.refreshClusters(changed);
    if (!fitted && stations.length > 0) {
      map.fitBounds(L.latLngBounds(stations.map(function (s) { return [s.latitude, s.longitude]; })), { padding: [30, 30], maxZoom: 12 });
      fitted = true;
    }
    element.dataset.stations = String(stations.length);
    element.dataset.refreshedAt = new Date().toISOString();
    updateTableAndLegend(stations);
    if (added.length === 0) {
      rendered();
      return;
    }
    // Chunked so that 2,000 pins never freeze the page; "rendered" once the last chunk is on the map.
    // The callback runs just before the last chunk's pins are put on the map, in the same task: hence the microtask.
    clusters.options.chunkProgress = function (processed, total) {
      if (processed === total) queueMicrotask(rendered);
    };
    if (firstRender && window.performance && performance.mark) performance.mark("envigil-map-created");
    clusters.addLayers(added);
  }

  // The moment the benchmark and the tests wait for: every marker of this load is on the map (as a pin or in a cluster).
  function rendered() {
    labelClusters();
    if (firstRender) {
      firstRender = false;
      if (window.performance && performance.mark) performance.mark("envigil-map-markers");
      element.dataset.markersMs = String(Math.round(performance.now()));
    }
    element.dataset.rendered = element.dataset.stations;
  }

  function showError(error) {
    element.dataset.error = (labels.loadError || "Error") + ": " + error.message;
    if (errorLine) {
      errorLine.textContent = element.dataset.error;
      errorLine.hidden = false;
    }
  }

  // The page packs its stations (StationMap.razor, EmbeddedStations): one array per station, facility names once.
  function unpack(packed) {
    if (Array.isArray(packed)) return packed;
    return packed.s.map(function (r) {
      return {
        code: r[0], name: r[1], latitude: r[2], longitude: r[3], state: packed.states[r[4]],
        facilityName: r[5] < 0 ? null : packed.f[r[5]],
        lastObservationUtc: r[6] == null ? null : new Date(r[6] * 1000).toISOString(),
      };
    });
  }

  function fetchStations() {
    return fetch(element.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  function load() {
    return fetchStations()
      .then(function (stations) {
        delete element.dataset.error;
        if (errorLine) errorLine.hidden = true;
        show(stations);
      })
      .catch(showError);
  }

  fetch(element.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        // On a canvas: a province's communes are thousands of vertices, cheaper drawn once than as SVG paths.
        renderer: L.canvas({ padding: 0.2 }),
        style: function () { return { color: "#64748b", weight: 1, fillColor: "#e2e8f0", fillOpacity: 0.55 }; },
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(escapeHtml(english ? feature.properties.fullNameEn : feature.properties.fullName), { sticky: true, className: "commune-label" });
        }
      }).addTo(map);
      layer.bringToBack();
      if (!fitted) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      fitted = true;
      element.dataset.boundaries = String(collection.features.length);
    })
    .catch(function (error) {
      element.dataset.boundaryError = (labels.boundaryError || "Error") + ": " + error.message;
    });

  // The page carries the stations it listed (no second request for the first drawing). The pins do not wait for the
  // boundaries: the map fits the stations first and the communes are drawn under them when they arrive.
  var embedded = document.getElementById("station-map-data");
  var firstStations = embedded ? Promise.resolve(unpack(JSON.parse(embedded.textContent || "[]"))) : fetchStations();
  firstStations.then(function (stations) { show(stations); }).catch(showError);

  // "Show on the map" in the list: zoom until the station stands alone, open its popup, move the focus to its pin.
  document.querySelectorAll("button[data-show-on-map]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var marker = markers[button.dataset.showOnMap];
      if (!marker) return;
      element.scrollIntoView({ block: "center" });
      clusters.zoomToShowLayer(marker, function () {
        openStation(marker);
        var pin = marker.getElement();
        if (pin) pin.focus({ preventScroll: true });
      });
    });
  });

  // A tab in the background does not poll; it catches up as soon as it is shown again.
  window.setInterval(function () {
    if (!document.hidden && !firstRender) load();
  }, refreshMs);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !firstRender) load();
  });
})();
