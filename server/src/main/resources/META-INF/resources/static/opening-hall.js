/*
 * Renders the live opening hall (ws /ws/tenders/{id}/opening) into a container marked data-opening-hall.
 * The server sends the hall's whole state on connect and after every committed change, so the view is simply
 * redrawn; countdowns follow the server time carried by each message. Pages add role-specific parts by listening
 * for the "sunlight:hall" event (detail: the hall state).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-opening-hall]");
  if (!root || !window.Sunlight) { return; }
  var id = root.getAttribute("data-tender");
  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var el = function (sel) { return root.querySelector(sel); };
  function text(sel, value) { var e = el(sel); if (e) { e.textContent = value == null ? "—" : value; } }

  function render(h) {
    text("[data-stage]", labels["stage." + h.stage] || h.stageLabel);
    root.setAttribute("data-current-stage", h.stage);
    text("[data-standing]", h.standingBids);
    text("[data-opened]", h.openedBids);
    var dec = el("[data-decryption-countdown]");
    if (dec) {
      if (h.stage === "DECRYPTION" && h.decryptionEndsAt) { dec.setAttribute("data-countdown", h.decryptionEndsAt); dec.parentElement.hidden = false; }
      else { dec.removeAttribute("data-countdown"); dec.parentElement.hidden = true; }
    }
    var conf = el("[data-confirmation-countdown]");
    if (conf) {
      if (h.stage === "CONFIRMATION" && h.confirmationEndsAt) { conf.setAttribute("data-countdown", h.confirmationEndsAt); conf.parentElement.hidden = false; }
      else { conf.removeAttribute("data-countdown"); conf.parentElement.hidden = true; }
    }
    var body = el("[data-lines]");
    if (body) {
      body.textContent = "";
      (h.lines || []).forEach(function (l) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-bid", l.bidId);
        [l.lot, l.bidder, l.price != null ? "¥" + Number(l.price).toLocaleString("en-US", { minimumFractionDigits: 2 }) : "—",
         (labels["bid." + l.status] || l.status) + (l.failure ? " — " + l.failure : "") + (l.aboveCeiling ? " ⚠ " + (labels.aboveCeiling || "") : ""),
         (labels["confirm." + l.confirmation] || l.confirmation || "—") + (l.objection ? " — " + l.objection : "") + (l.answer ? " → " + l.answer : "")
        ].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
        body.appendChild(tr);
      });
      el("[data-lines-table]").hidden = !(h.lines && h.lines.length);
    }
    var record = el("[data-record]");
    if (record) { record.hidden = !h.recordAvailable; }
    root.dispatchEvent(new CustomEvent("sunlight:hall", { detail: h, bubbles: true }));
  }

  Sunlight.live("/ws/tenders/" + id + "/opening", render);
})();
