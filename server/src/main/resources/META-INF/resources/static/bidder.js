/*
 * The bidder's live parts:
 *  - at the opening, shows the bidder's own actions for the hall's current stage (listens to "sunlight:hall" from
 *    opening-hall.js): sign-in, the decryption countdown and command, and confirm/object per own read-out line;
 *  - in the blind auction, renders the bidder's own view from ws /ws/tenders/{id}/auction (rank, remaining time,
 *    extensions) and signs each quote IN THIS BROWSER with the bidder's signing key file, which is never uploaded.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------ opening

  var mine = document.querySelector("[data-my-opening]");
  if (mine) {
    var bids = JSON.parse(mine.getAttribute("data-bids") || "{}");
    var hallRoot = document.querySelector("[data-opening-hall]");
    var labels = hallRoot ? JSON.parse(hallRoot.getAttribute("data-labels") || "{}") : {};
    var yuan = function (v) { return v == null ? "—" : "¥" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 }); };
    var setCountdown = function (sel, at) {
      var el = mine.querySelector(sel);
      if (!el) { return; }
      if (at) { el.setAttribute("data-countdown", at); } else { el.removeAttribute("data-countdown"); el.textContent = ""; }
    };
    var signInForm = mine.querySelector("[data-sign-in-form]");
    if (signInForm) {
      signInForm.addEventListener("sunlight:done", function () {
        signInForm.querySelectorAll("p:not([data-success]), button").forEach(function (e) { e.hidden = true; e.style.display = "none"; });
      });
    }
    document.addEventListener("sunlight:hall", function (ev) {
      var h = ev.detail || {};
      if (hallRoot) {
        hallRoot.querySelectorAll("tr[data-bid]").forEach(function (tr) {
          tr.classList.toggle("mine", Object.prototype.hasOwnProperty.call(bids, tr.getAttribute("data-bid")));
        });
      }
      mine.setAttribute("data-stage", h.stage);
      mine.querySelectorAll("[data-stages]").forEach(function (p) {
        p.hidden = p.getAttribute("data-stages").split(" ").indexOf(h.stage) < 0;
      });
      setCountdown("[data-my-decryption-countdown]", h.stage === "DECRYPTION" ? h.decryptionEndsAt : null);
      setCountdown("[data-my-confirmation-countdown]", h.stage === "CONFIRMATION" ? h.confirmationEndsAt : null);
      (h.lines || []).forEach(function (l) {
        if (!Object.prototype.hasOwnProperty.call(bids, String(l.bidId))) { return; }
        var box = mine.querySelector('[data-my-line="' + l.bidId + '"]');
        if (!box) { return; }
        box.querySelector("[data-line-price]").textContent = yuan(l.price);
        box.querySelector("[data-line-status]").textContent = (labels["bid." + l.status] || l.status)
          + (l.failure ? " — " + l.failure : "") + (l.aboveCeiling ? " ⚠ " + (labels.aboveCeiling || "") : "");
        var done = !!l.confirmation;
        var conf = box.querySelector("[data-line-confirmation]");
        conf.hidden = !done;
        conf.textContent = done ? (labels["confirm." + l.confirmation] || l.confirmation)
          + (l.objection ? " — " + l.objection : "") + (l.answer ? " → " + l.answer : "") : "";
        box.querySelector("[data-line-actions]").hidden = done || h.stage !== "CONFIRMATION";
      });
    });
  }

  // ------------------------------------------------------------------ auction

  var root = document.querySelector("[data-auction]");
  if (!root || !window.Sunlight) { return; }
  var id = root.getAttribute("data-tender");
  var code = root.getAttribute("data-code");
  var auctionId = root.getAttribute("data-auction-id");
  var lot = root.getAttribute("data-lot") || "1";
  var org = root.getAttribute("data-org");
  var form = document.querySelector("[data-auction-bid]");
  var word = function (k) { return root.getAttribute("data-w-" + k) || k; };
  var $ = function (sel) { return root.querySelector(sel); };
  var text = function (sel, v) { var e = $(sel); if (e) { e.textContent = v == null || v === "" ? "—" : v; } };
  var beijing = function (iso) { return iso ? Sunlight.beijing(Date.parse(iso)) : "—"; };

  function render(s) {
    text("[data-phase]", word((s.phase || "").toLowerCase()));
    root.setAttribute("data-current-phase", s.phase);
    if (s.endsAt) { $("[data-ends]").setAttribute("data-countdown", s.endsAt); text("[data-ends-at]", beijing(s.endsAt)); }
    text("[data-extensions]", s.extensions + " / " + s.maxExtensions);
    var you = s.you || {};
    text("[data-rank]", you.rank > 0 ? you.rank : "—");
    text("[data-bidders]", s.bidders);
    text("[data-my-price]", you.price);
    text("[data-my-rounds]", you.rounds);
    // The server leaves bestPrice out when the auction's visibility hides it: nothing else is shown.
    var best = root.querySelector("[data-best-wrap]");
    best.hidden = !s.bestPrice;
    text("[data-best]", s.bestPrice);
    text("[data-start]", s.startPrice);
    text("[data-decrement]", s.minDecrement);
    if (form && you.nextRound) { form.querySelector("[data-round]").value = you.nextRound; preview(); }
  }

  Sunlight.live("/ws/tenders/" + id + "/auction?lot=" + encodeURIComponent(lot), function (msg) {
    if (msg.type === "state") { render(msg); }
    else if (msg.type === "tick") {
      if (msg.endsAt) { $("[data-ends]").setAttribute("data-countdown", msg.endsAt); text("[data-ends-at]", beijing(msg.endsAt)); }
    } else if (msg.type === "refused" && msg.problem) { signProblem(msg.problem.title || word("refused")); }
  });

  if (!form) { return; }
  var keyInput = form.querySelector("[data-signing-key]");
  var priceInput = form.querySelector("[name=price]");
  var problemBox = form.querySelector("[data-sign-problem]");

  /** Two decimals, as the platform signs prices (100, 100.0 and 100.00 sign the same text). */
  function canonical(v) {
    var m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(v || "");
    if (!m) { return null; }
    return m[1].replace(/^0+(?=\d)/, "") + "." + ((m[2] || "") + "00").substring(0, 2);
  }
  function statement(round, price) {
    // The statement names the bidder's own organisation code, so the signature binds who quoted (issue 12 item 5).
    return "sunlight-auction-bid/2\ntender=" + code + "\nlot=" + lot + "\nauction=" + auctionId + "\norganisation=" + org
      + "\nround=" + round + "\nprice=" + price + "\n";
  }
  function preview() {
    var p = canonical(priceInput.value);
    form.querySelector("[data-statement]").textContent = p ? statement(form.querySelector("[data-round]").value, p) : "";
  }
  function signProblem(message) {
    problemBox.hidden = !message;
    problemBox.textContent = message || "";
  }
  priceInput.addEventListener("input", preview);

  function pemToDer(pem) {
    var m = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
    if (!m) { throw new Error("no PKCS#8 PRIVATE KEY block"); }
    var bin = atob(m[1].replace(/\s+/g, ""));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }
  /** WebCrypto gives r||s; the platform verifies SHA256withECDSA in its usual DER form. */
  function rawToDer(raw) {
    var b = new Uint8Array(raw), half = b.length / 2;
    function int(bytes) {
      var i = 0;
      while (i < bytes.length - 1 && bytes[i] === 0) { i++; }
      var v = Array.prototype.slice.call(bytes, i);
      if (v[0] & 0x80) { v.unshift(0); }
      return [0x02, v.length].concat(v);
    }
    var body = int(b.slice(0, half)).concat(int(b.slice(half)));
    return new Uint8Array([0x30, body.length].concat(body));
  }
  function b64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s);
  }

  var signed = null; // the statement the signature field holds, so a changed price or round is signed again
  form.addEventListener("submit", function (ev) {
    var price = canonical(priceInput.value);
    var round = form.querySelector("[data-round]").value;
    var st = price ? statement(round, price) : null;
    if (st && signed === st) { return; } // signed: let sunlight.js send it
    ev.preventDefault();
    ev.stopImmediatePropagation();
    signProblem(null);
    if (!price) { priceInput.setAttribute("aria-invalid", "true"); priceInput.focus(); return; }
    var file = keyInput.files && keyInput.files[0];
    if (!file) { signProblem(word("no-key")); keyInput.focus(); return; }
    if (!window.crypto || !crypto.subtle) { signProblem(word("bad-key") + " (WebCrypto)"); return; }
    file.text().then(function (pem) {
      return crypto.subtle.importKey("pkcs8", pemToDer(pem), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
    }).then(function (key) {
      return crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new TextEncoder().encode(st));
    }).then(function (raw) {
      priceInput.value = price;
      form.querySelector("[data-signature]").value = b64(rawToDer(raw));
      signed = st;
      form.querySelector("[data-success]").hidden = true;
      form.requestSubmit();
    }).catch(function (e) {
      signProblem(word("bad-key") + " (" + (e && e.message ? e.message : e) + ")");
    });
  }, true);
  form.addEventListener("sunlight:done", function () { signed = null; form.querySelector("[data-signature]").value = ""; });
})();
