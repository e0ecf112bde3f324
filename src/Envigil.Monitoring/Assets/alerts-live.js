// Live updates for the alerts inbox: listens to GET /api/v1/alerts/stream (Server-Sent Events, event "alert",
// data {alertId, kind, state, severity, facilityId, stationCode, titleVi, titleEn, atUtc}) and shows a small banner
// "N new alerts" with a refresh link. The list itself stays server-rendered. When the stream is absent (404) or the
// browser has no EventSource, the page simply has no live updates.
(function () {
  "use strict";
  var banner = document.getElementById("alerts-live");
  if (!banner || typeof window.EventSource !== "function") return;

  var latest = Number(banner.dataset.latest || "0");
  var shown = {};
  document.querySelectorAll("tr[data-alert]").forEach(function (row) { shown[row.dataset.alert] = true; });
  var added = {};
  var changed = {};
  var source;
  var failures = 0;

  function count(set) { return Object.keys(set).length; }

  function render() {
    var parts = [];
    if (count(added) > 0) parts.push(banner.dataset.textNew.replace("{n}", count(added)));
    if (count(changed) > 0) parts.push(banner.dataset.textChanged.replace("{n}", count(changed)));
    if (parts.length === 0) return;
    banner.textContent = "";
    var text = document.createElement("span");
    text.textContent = parts.join(" · ");
    var link = document.createElement("a");
    link.href = window.location.pathname + window.location.search;
    link.textContent = banner.dataset.textRefresh;
    banner.appendChild(text);
    banner.appendChild(link);
    banner.hidden = false;
    banner.dataset.newAlerts = String(count(added));
  }

  function onAlert(event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (!data || data.alertId === undefined) return;
    var id = String(data.alertId);
    if (Number(id) > latest && !shown[id]) added[id] = true;
    else if (shown[id]) changed[id] = true;
    else return; // an older alert not on this page: nothing the reader is looking at changed
    render();
  }

  function connect() {
    source = new EventSource("/api/v1/alerts/stream");
    source.addEventListener("alert", onAlert);
    source.addEventListener("open", function () { failures = 0; banner.dataset.live = "connected"; });
    source.addEventListener("error", function () {
      // A 404 or any non-stream answer closes the EventSource for good: the endpoint is not there, stay quiet.
      if (source.readyState === EventSource.CLOSED) {
        banner.dataset.live = "unavailable";
        failures++;
        if (failures < 3 && banner.dataset.live === "connected") setTimeout(connect, 5000);
      }
    });
  }

  connect();
  window.addEventListener("pagehide", function () { if (source) source.close(); });
})();

// "Select all" for the bulk acknowledgement: ticks every checkbox named by data-select-all. Without script the boxes
// are ticked one by one.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form;
    if (!form) return;
    all.addEventListener("change", function () {
      form.querySelectorAll("input[type=checkbox][name='" + all.dataset.selectAll + "']").forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
