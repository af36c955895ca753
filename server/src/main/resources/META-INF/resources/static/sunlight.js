/*
 * Sunlight portal script: no framework, no build step.
 *  - Forms marked data-api send JSON to the platform's API (the session cookie authenticates them) and show a
 *    refusal (application/problem+json) beside the fields it names, with the rule and its legal basis.
 *  - Countdowns and the footer clock follow the SERVER's clock (from the page and from live messages), never the
 *    reader's own.
 *  - Sunlight.live(path, onMessage) keeps a WebSocket open and reconnects.
 */
(function () {
  "use strict";
  var meta = function (name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : null; };
  var lang = meta("sunlight-lang") || "zh-CN";
  var en = lang === "en";
  var offset = (Number(meta("sunlight-server-time")) || Date.now()) - Date.now();
  var words = en
    ? { failed: "The request did not go through", rule: "rule", basis: "basis", timeUp: "time is up", day: "d ",
        reconnecting: "Live connection lost, reconnecting…", live: "Live", sure: "Are you sure?", done: "Done" }
    : { failed: "请求未完成", rule: "规则", basis: "依据", timeUp: "已到时", day: "天 ",
        reconnecting: "实时连接已断开，正在重连…", live: "实时", sure: "确定吗？", done: "已完成" };

  function now() { return Date.now() + offset; }
  /** A live message carrying serverTime re-aligns every countdown with the server. */
  function syncClock(serverTime) {
    var t = typeof serverTime === "number" ? serverTime : Date.parse(serverTime);
    if (!isNaN(t)) { offset = t - Date.now(); }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function remaining(ms) {
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400);
    s -= d * 86400;
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (d > 0 ? d + words.day : "") + pad(h) + ":" + pad(m) + ":" + pad(sec);
  }
  var beijing = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function tick() {
    var t = now();
    document.querySelectorAll("[data-server-clock]").forEach(function (el) { el.textContent = beijing.format(new Date(t)); });
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-countdown"));
      if (isNaN(end)) { el.textContent = ""; return; }
      var left = end - t;
      el.classList.toggle("over", left <= 0);
      el.textContent = left > 0 ? remaining(left) : (el.getAttribute("data-done-text") || words.timeUp);
    });
  }

  // ---------------------------------------------------------------- forms → API

  function setPath(obj, path, value) {
    var parts = path.replace(/\]/g, "").split(/\.|\[/);
    var cur = obj;
    for (var i = 0; i < parts.length - 1; i++) {
      var key = parts[i], nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (cur[key] == null) { cur[key] = nextIsIndex ? [] : {}; }
      cur = cur[key];
    }
    cur[parts[parts.length - 1]] = value;
  }

  /** A datetime-local value is Beijing time; the API takes UTC instants. */
  function beijingToInstant(v) { return new Date(v + (v.length === 16 ? ":00" : "") + "+08:00").toISOString(); }

  function valueOf(el) {
    var type = el.getAttribute("data-type");
    if (el.type === "checkbox") { return type === "list" ? (el.checked ? el.value : undefined) : el.checked; }
    if (el.type === "radio") { return el.checked ? el.value : undefined; }
    var v = el.value;
    if (v === "" && !el.hasAttribute("data-keep-empty")) { return undefined; }
    switch (type) {
      case "number": return Number(v);
      case "instant": return beijingToInstant(v);
      case "boolean": return v === "true";
      case "json": return JSON.parse(v);
      case "lines": return v.split(/\n/).map(function (s) { return s.trim(); }).filter(Boolean);
      default: return v;
    }
  }

  function formJson(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.hasAttribute("data-ignore")) { return; }
      var v = valueOf(el);
      if (v === undefined) { return; }
      if (el.getAttribute("data-type") === "list") {
        var list = body[el.name] || [];
        list.push(v);
        body[el.name] = list;
      } else {
        setPath(body, el.name, v);
      }
    });
    return body;
  }

  function clearProblems(form) {
    form.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    var box = form.querySelector("[data-problem]");
    if (box) { box.hidden = true; box.textContent = ""; }
  }

  function fieldFor(form, field) {
    if (!field) { return null; }
    var candidates = [field, field.replace(/^.*\./, "")];
    for (var i = 0; i < candidates.length; i++) {
      var el = form.querySelector('[name="' + candidates[i].replace(/"/g, "") + '"]');
      if (el) { return el; }
    }
    return null;
  }

  function showProblem(form, problem, status) {
    var box = form.querySelector("[data-problem]");
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("data-problem", "");
      form.insertBefore(box, form.firstChild);
    }
    box.className = "problem";
    box.setAttribute("role", "alert");
    box.hidden = false;
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = (problem && problem.title) || (words.failed + " (" + status + ")");
    box.appendChild(title);
    var violations = (problem && problem.violations) || [];
    if (violations.length) {
      var ul = document.createElement("ul");
      violations.forEach(function (v) {
        var li = document.createElement("li");
        var text = (v.field ? v.field + ": " : "") + v.message;
        var extra = [];
        if (v.rule) { extra.push(words.rule + " " + v.rule); }
        if (v.figure != null) { extra.push(String(v.figure)); }
        if (v.citation) { extra.push(words.basis + " " + v.citation); }
        li.textContent = text + (extra.length ? "（" + extra.join("；") + "）" : "");
        ul.appendChild(li);
        var input = fieldFor(form, v.field);
        if (input) {
          input.setAttribute("aria-invalid", "true");
          var p = document.createElement("p");
          p.className = "field-error";
          p.id = (input.id || input.name) + "-error";
          p.textContent = v.message + (v.citation ? "（" + words.basis + " " + v.citation + "）" : "");
          input.insertAdjacentElement("afterend", p);
          input.setAttribute("aria-describedby", p.id);
        }
      });
      box.appendChild(ul);
    } else if (problem && problem.detail) {
      var d = document.createElement("p");
      d.textContent = problem.detail;
      box.appendChild(d);
    }
    box.focus && box.setAttribute("tabindex", "-1");
    box.focus && box.focus();
  }

  function fill(template, data) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return data && data[k] != null ? encodeURIComponent(data[k]) : ""; });
  }

  function submitApi(form, ev) {
    ev.preventDefault();
    var confirmText = form.getAttribute("data-confirm");
    if (confirmText !== null && !window.confirm(confirmText || words.sure)) { return; }
    clearProblems(form);
    var method = (form.getAttribute("data-method") || "POST").toUpperCase();
    var url = form.getAttribute("data-api");
    var headers = { "Accept": "application/json, application/problem+json", "Accept-Language": lang };
    var body;
    if (form.hasAttribute("data-upload")) {
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) { return; }
      url += (url.indexOf("?") < 0 ? "?" : "&") + "fileName=" + encodeURIComponent(file.name);
      headers["Content-Type"] = file.type || "application/octet-stream";
      body = file;
    } else if (method !== "GET" && method !== "DELETE") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(formJson(form));
    }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (res) {
        var type = res.headers.get("Content-Type") || "";
        var parse = type.indexOf("json") >= 0 ? res.json() : Promise.resolve(null);
        return parse.then(function (data) { return { res: res, data: data }; });
      })
      .then(function (r) {
        buttons.forEach(function (b) { b.disabled = false; });
        if (r.res.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search); return; }
        if (!r.res.ok) { showProblem(form, r.data, r.res.status); return; }
        form.dispatchEvent(new CustomEvent("sunlight:done", { detail: r.data, bubbles: true }));
        var next = form.getAttribute("data-next");
        if (next) { location.href = fill(next, r.data); return; }
        if (!form.hasAttribute("data-stay")) { location.reload(); return; }
        var ok = form.querySelector("[data-success]");
        if (ok) { ok.hidden = false; }
      })
      .catch(function (e) {
        buttons.forEach(function (b) { b.disabled = false; });
        showProblem(form, { title: words.failed, detail: String(e) }, 0);
      });
  }

  // ---------------------------------------------------------------- live views

  /**
   * Opens ws(s)://host + path, hands each JSON message to onMessage and re-aligns the clock with its serverTime;
   * reconnects with back-off. [data-live-status] shows whether the view is live.
   */
  function live(path, onMessage) {
    var delay = 500, socket;
    function status(ok) {
      document.querySelectorAll("[data-live-status]").forEach(function (el) {
        el.textContent = ok ? "● " + words.live : words.reconnecting;
        el.classList.toggle("lost", !ok);
      });
    }
    function connect() {
      socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + path);
      socket.onopen = function () { delay = 500; status(true); };
      socket.onmessage = function (ev) {
        var msg;
        try { msg = JSON.parse(ev.data); } catch (e) { return; }
        if (msg && msg.serverTime) { syncClock(msg.serverTime); }
        onMessage(msg, socket);
        tick();
      };
      socket.onclose = function () { status(false); setTimeout(connect, delay); delay = Math.min(delay * 2, 10000); };
    }
    connect();
    return { send: function (obj) { if (socket && socket.readyState === 1) { socket.send(JSON.stringify(obj)); } } };
  }

  window.Sunlight = { now: now, syncClock: syncClock, live: live, lang: lang, english: en, remaining: remaining,
    beijing: function (t) { return beijing.format(new Date(t)); } };

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-api")) { submitApi(form, ev); }
  });
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
