/*
 * The host's live online-bidding view: the auction socket (/ws/tenders/{id}/auction, the session cookie
 * authenticates it) sends the buyer's view on connect, after every accepted quote and once a second; this redraws
 * the phase, the end (it moves when a late quote extends the auction), the ranking by alias, and shows the close
 * button once the auction has ended.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-host-auction]");
  if (!root || !window.Sunlight) { return; }
  var id = root.getAttribute("data-tender");
  function q(sel) { return root.querySelector(sel); }
  function label(phase) { return root.getAttribute("data-label-" + String(phase).toLowerCase()) || phase; }
  q("[data-phase]").textContent = label(q("[data-phase]").textContent.trim());

  var phase = null, startsAt = null;

  function showPhase(p) {
    phase = p;
    q("[data-phase]").textContent = label(p);
    root.setAttribute("data-current-phase", p);
    q("[data-close-form]").hidden = p !== "ENDED";
    q("[data-closed-links]").hidden = p !== "CLOSED";
  }

  /** Ticks carry only the server time and the end: the phase moves on by the clock between full views. */
  function tick(t) {
    q("[data-remaining]").setAttribute("data-countdown", t.endsAt);
    q("[data-ends]").textContent = Sunlight.beijing(Date.parse(t.endsAt));
    var server = Date.parse(t.serverTime);
    if (phase === "SCHEDULED" && startsAt && server >= startsAt) { showPhase("OPEN"); }
    if (phase === "OPEN" && t.remainingSeconds === 0) { showPhase("ENDED"); }
  }

  function render(v) {
    if (v && v.type === "tick") { tick(v); return; }
    if (!v || v.type === "refused" || !v.phase) { return; }
    startsAt = Date.parse(v.startsAt);
    showPhase(v.phase);
    q("[data-ends]").textContent = Sunlight.beijing(Date.parse(v.endsAt));
    q("[data-remaining]").setAttribute("data-countdown", v.endsAt);
    q("[data-extensions]").textContent = v.extensions + " / " + v.maxExtensions;
    q("[data-bidders]").textContent = v.bidders;
    var body = q("[data-ranking]");
    body.textContent = "";
    (v.ranking || []).forEach(function (r) {
      var tr = document.createElement("tr");
      [r.rank, r.alias, r.organisation || "—", r.price != null ? "¥" + r.price : "—", r.rounds].forEach(function (x) {
        var td = document.createElement("td");
        td.textContent = x;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  Sunlight.live("/ws/tenders/" + id + "/auction", render);
})();
