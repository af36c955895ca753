/*
 * Supervisor desk script (loaded by the desk pages only; needs sunlight.js).
 *  - [data-desk-alerts="/api/..."]: polls the alerts API every 10 s while the page is visible and re-renders the list
 *    from its <template>, so the alerts stay current without a reload; shows when it last refreshed (server clock).
 *  - form[data-verify-event]: fetches an event's inclusion proof from the public log API and checks it in the
 *    browser: the entry's leaf hash, the RFC 9162 inclusion path to the checkpoint's root, and the Ed25519 signatures
 *    of the platform and of the witness (C2SP signed note, cosignature/v1).
 */
(function () {
  "use strict";
  var EVERY_MS = 10000;

  function text(el, value) { if (el) { el.textContent = value == null ? "" : String(value); } }
  function slot(root, name) { return root.querySelector('[data-slot="' + name + '"]'); }
  function json(url, withHeaders) {
    return fetch(url, { headers: { "Accept": "application/json", "Accept-Language": window.Sunlight ? Sunlight.lang : "zh-CN" },
      credentials: "same-origin" }).then(function (res) {
      if (res.status === 401) {
        location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
      }
      if (!res.ok) { var e = new Error(String(res.status)); e.status = res.status; throw e; }
      return withHeaders ? res.json().then(function (body) { return { body: body, headers: res.headers }; }) : res.json();
    });
  }

  // ---------------------------------------------------------------- live alerts

  function alertsBox(box) {
    var url = box.getAttribute("data-desk-alerts");
    var list = box.querySelector("[data-alerts-list]");
    var tpl = box.querySelector("template[data-alert-template]");
    var empty = box.querySelector("[data-alerts-empty]");
    var stamp = box.querySelector("[data-refreshed]");
    var status = box.querySelector("[data-refresh-status]");

    var more = box.querySelector("[data-alerts-more]");

    // The API answers one page (the first) and, in headers, how many alerts stand in all.
    function render(alerts, headers) {
      var seen = {}, counts = { RED: 0, YELLOW: 0 };
      var items = alerts.map(function (a) {
        var key = a.tenderId + "/" + a.kind, n = seen[key] || 0;
        seen[key] = n + 1;
        counts[a.level] = (counts[a.level] || 0) + 1;
        var li = tpl.content.firstElementChild.cloneNode(true);
        var red = a.level === "RED";
        li.classList.add(red ? "red" : "yellow");
        li.setAttribute("data-level", a.level);
        var level = slot(li, "level");
        level.classList.add(red ? "red" : "yellow");
        text(level, level.getAttribute(red ? "data-red-text" : "data-yellow-text"));
        var msg = slot(li, "message");
        text(msg, a.message);
        msg.href = "/desk/alerts/" + a.tenderId + "/" + encodeURIComponent(a.kind) + "/" + n;
        var tender = slot(li, "tender");
        text(tender, a.tenderCode);
        // An alert about no tender (a login lock) names none and links nowhere.
        if (a.tenderId > 0) { tender.href = "/tenders/" + a.tenderId; } else { tender.removeAttribute("href"); }
        var due = slot(li, "due");
        if (a.due) {
          var t = document.createElement("time");
          t.dateTime = a.due;
          t.textContent = Sunlight.beijing(Date.parse(a.due)).slice(0, 16);
          var cd = document.createElement("span");
          cd.className = "countdown";
          cd.setAttribute("data-countdown", a.due);
          due.appendChild(t);
          due.appendChild(document.createTextNode(" "));
          due.appendChild(cd);
        } else {
          text(due, due.getAttribute("data-none-text"));
        }
        text(slot(li, "citation"), a.citation || "—");
        text(slot(li, "rule"), a.rule);
        return li;
      });
      list.replaceChildren.apply(list, items);
      if (empty) { empty.hidden = alerts.length > 0; }
      if (headers && headers.get("X-Red-Count") !== null) {
        counts = { RED: headers.get("X-Red-Count"), YELLOW: headers.get("X-Yellow-Count") };
      }
      if (more) { more.hidden = !(headers && headers.get("X-Next-Cursor")); }
      box.querySelectorAll("[data-count]").forEach(function (el) { text(el, counts[el.getAttribute("data-count")] || 0); });
    }

    function refresh() {
      if (document.hidden) { return; }
      json(url, true).then(function (answer) {
        render(answer.body, answer.headers);
        var now = Sunlight.now();
        stamp.dateTime = new Date(now).toISOString();
        text(stamp, Sunlight.beijing(now));
        status.classList.remove("lost");
        text(status, status.getAttribute("data-ok-text"));
        box.setAttribute("data-refreshes", String(Number(box.getAttribute("data-refreshes") || 0) + 1));
      }).catch(function () {
        status.classList.add("lost");
        text(status, status.getAttribute("data-failed-text"));
      });
    }

    setInterval(refresh, EVERY_MS);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
  }

  // ---------------------------------------------------------------- log verification

  var utf8 = new TextEncoder();
  function b64(s) { return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); }); }
  function toB64(bytes) { return btoa(String.fromCharCode.apply(null, Array.from(bytes))); }
  function concat() {
    var parts = Array.prototype.slice.call(arguments), len = 0, off = 0;
    parts.forEach(function (p) { len += p.length; });
    var out = new Uint8Array(len);
    parts.forEach(function (p) { out.set(p, off); off += p.length; });
    return out;
  }
  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function sha256(bytes) { return crypto.subtle.digest("SHA-256", bytes).then(function (d) { return new Uint8Array(d); }); }
  function leafHash(entry) { return sha256(concat(new Uint8Array([0]), utf8.encode(entry))); }
  function nodeHash(l, r) { return sha256(concat(new Uint8Array([1]), l, r)); }

  /** RFC 9162 §2.1.3.2: the root that the leaf and its inclusion path lead to (null if the path has the wrong length). */
  async function rootFromInclusion(index, size, leaf, path) {
    if (index >= size) { return null; }
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < path.length; i++) {
      if (sn === 0) { return null; }
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(path[i], r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await nodeHash(r, path[i]);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  /** C2SP verifier key "name+keyid+base64(type||key)"; the key ID is recomputed, never taken on trust. */
  async function parseKey(encoded) {
    var p1 = encoded.indexOf("+"), p2 = encoded.indexOf("+", p1 + 1);
    var name = encoded.slice(0, p1), blob = b64(encoded.slice(p2 + 1));
    var id = (await sha256(concat(utf8.encode(name), new Uint8Array([10]), blob))).slice(0, 4);
    if (toB64(id) !== toB64(Uint8Array.from(encoded.slice(p1 + 1, p2).match(/../g).map(function (h) { return parseInt(h, 16); })))) {
      throw new Error("key id of " + name);
    }
    return { name: name, type: blob[0], raw: blob.slice(1), id: id };
  }

  /** Whether a signature line from this key is in the note and verifies (false if absent or invalid). */
  async function signedBy(note, key) {
    var split = note.lastIndexOf("\n\n");
    var body = note.slice(0, split + 1);
    var lines = note.slice(split + 2).split("\n").filter(Boolean);
    var pub = await crypto.subtle.importKey("raw", key.raw, { name: "Ed25519" }, false, ["verify"]);
    for (var i = 0; i < lines.length; i++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (!m || m[1] !== key.name) { continue; }
      var sig = b64(m[2]);
      if (!equal(sig.slice(0, 4), key.id)) { continue; }
      sig = sig.slice(4);
      var message = utf8.encode(body);
      if (key.type === 4) {
        if (sig.length !== 72) { return false; }
        var ts = new DataView(sig.buffer, sig.byteOffset, 8).getBigUint64(0);
        message = utf8.encode("cosignature/v1\ntime " + ts.toString() + "\n" + body);
        sig = sig.slice(8);
      }
      return crypto.subtle.verify({ name: "Ed25519" }, pub, sig, message);
    }
    return false;
  }

  function verifier(form) {
    var out = document.querySelector("[data-verify-result]");
    var w = function (k) { return out.getAttribute("data-w-" + k); };

    function show(outcome, headline, checks, facts, entry) {
      out.hidden = false;
      out.replaceChildren();
      out.setAttribute("data-outcome", outcome);
      var p = document.createElement("p");
      p.className = outcome === "ok" ? "notice" : outcome === "checking" ? "hint" : "problem";
      p.setAttribute("role", outcome === "checking" ? "status" : "alert");
      p.textContent = headline;
      out.appendChild(p);
      if (checks && checks.length) {
        var ul = document.createElement("ul");
        ul.className = "checks";
        checks.forEach(function (c) {
          var li = document.createElement("li");
          li.className = c[1] ? "ok" : "bad";
          li.textContent = (c[1] ? "✓ " : "✗ ") + c[0];
          ul.appendChild(li);
        });
        out.appendChild(ul);
      }
      if (facts && facts.length) {
        var dl = document.createElement("dl");
        dl.className = "facts wide";
        facts.forEach(function (f) {
          var div = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
          dt.textContent = f[0];
          var code = document.createElement("code");
          code.className = "hash";
          code.textContent = f[1];
          dd.appendChild(code);
          div.appendChild(dt);
          div.appendChild(dd);
          dl.appendChild(div);
        });
        out.appendChild(dl);
      }
      if (entry) {
        var pre = document.createElement("pre");
        pre.className = "entry";
        pre.textContent = entry;
        out.appendChild(pre);
      }
    }

    async function run(eventId) {
      if (!window.crypto || !crypto.subtle) { show("bad", w("nocrypto")); return; }
      show("checking", w("checking"));
      var proof;
      try {
        proof = await json("/api/log/events/" + encodeURIComponent(eventId) + "/proof");
      } catch (e) {
        show("missing", e.status === 404 ? w("missing") : w("failed") + " (" + (e.status || e.message) + ")");
        return;
      }
      try {
        var inc = proof.inclusion;
        var keys = await json("/api/log/keys");
        var leaf = await json("/api/log/leaves/" + inc.index);
        var logKey = await parseKey(keys.logVerifierKey), witnessKey = await parseKey(keys.witnessVerifierKey);
        var note = proof.checkpoint;
        var body = note.slice(0, note.lastIndexOf("\n\n") + 1).split("\n");
        // A withheld entry (content public only after the opening) is checked by its leaf hash alone.
        var entryOk = leaf.eventId === Number(eventId) && (leaf.entry == null
          ? equal(b64(leaf.leafHash), b64(inc.leafHash)) : equal(await leafHash(leaf.entry), b64(inc.leafHash)));
        var logSig = await signedBy(note, logKey);
        var witnessSig = await signedBy(note, witnessKey);
        var computed = await rootFromInclusion(inc.index, inc.size, b64(inc.leafHash), inc.proof.map(b64));
        var pathOk = computed !== null && body[0] === keys.origin && Number(body[1]) === inc.size
          && equal(computed, b64(body[2]));
        var checks = [[w("entry"), entryOk], [w("logsig"), logSig], [w("witness"), witnessSig], [w("path"), pathOk]];
        var ok = entryOk && logSig && witnessSig && pathOk;
        show(ok ? "ok" : "bad", ok ? w("ok") : w("bad"), checks,
          [[w("index"), String(inc.index)], [w("size"), body[1]], [w("root"), body[2]]], leaf.entry || (leaf.withheld + ": " + inc.leafHash));
      } catch (e) {
        show("bad", w("bad") + " " + e.message);
      }
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var id = form.querySelector("[name=eventId]").value.trim();
      if (id) { run(id); }
    });
    document.querySelectorAll("[data-verify-id]").forEach(function (b) {
      b.addEventListener("click", function () {
        form.querySelector("[name=eventId]").value = b.getAttribute("data-verify-id");
        form.requestSubmit();
        form.scrollIntoView({ block: "nearest" });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-desk-alerts]").forEach(alertsBox);
    document.querySelectorAll("form[data-verify-event]").forEach(verifier);
  });
})();
