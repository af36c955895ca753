/*
 * The tendering workspace's page script (on top of sunlight.js):
 *  - the tender creation steps: one step at a time, methods offered per trade type, lots added and removed, the
 *    rules' limits (earliest legal deadline, bond cap, with citations) fetched from /api/rules/…/limits as you type,
 *    and on the review step the draft's publication check, each refusal shown beside its field with its citation;
 *  - the host's opening controls, following the live hall (the "sunlight:hall" event of opening-hall.js).
 */
(function () {
  "use strict";
  var wordsEl = document.getElementById("ws-words");
  var W = wordsEl ? wordsEl.dataset : {};
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function beijingToInstant(v) { return new Date(v + (v.length === 16 ? ":00" : "") + "+08:00").toISOString(); }
  function shown(iso) { return iso ? Sunlight.beijing(Date.parse(iso)).slice(0, 16) : "—"; }
  function yuan(v) { return "¥" + Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; } if (text != null) { e.textContent = text; } return e; }
  function json(res) {
    var type = res.headers.get("Content-Type") || "";
    return (type.indexOf("json") >= 0 ? res.json() : Promise.resolve(null)).then(function (d) { return { res: res, data: d }; });
  }
  /** A violation's message: a string in problem+json, a {zh, en} pair in the publication-check report. */
  function msg(v) {
    var m = v && v.message;
    return m && typeof m === "object" ? (Sunlight.english ? m.en : m.zh) : (m || "");
  }
  var headers = { "Accept": "application/json, application/problem+json", "Accept-Language": Sunlight.lang };

  // ================================================================ the creation steps

  var form = $("form[data-wizard]");
  if (form) { wizard(form); }

  function wizard(form) {
    var steps = $all("fieldset[data-step]", form);
    var names = steps.map(function (s) { return s.getAttribute("data-step"); });
    var tenderId = form.getAttribute("data-tender-id");
    var dirty = false;
    var limits = null;

    function stepOf(node) { var f = node.closest("fieldset[data-step]"); return f ? f.getAttribute("data-step") : null; }

    function show(name) {
      if (names.indexOf(name) < 0) { name = names[0]; }
      steps.forEach(function (s) { s.hidden = s.getAttribute("data-step") !== name; });
      $all("[data-goto]").forEach(function (a) {
        if (a.getAttribute("data-goto") === name) { a.setAttribute("aria-current", "step"); } else { a.removeAttribute("aria-current"); }
      });
      var i = names.indexOf(name);
      $("[data-prev]", form).hidden = i === 0;
      $("[data-next-step]", form).hidden = i === names.length - 1;
      form.setAttribute("data-current", name);
      if (name === "review") { summary(); if (tenderId) { check(); } }
    }
    function current() { return form.getAttribute("data-current"); }

    function validStep(name) {
      var bad = $all("input, select, textarea", $('fieldset[data-step="' + name + '"]', form))
        .filter(function (i) { return !i.disabled && !i.checkValidity(); });
      if (bad.length) { bad[0].reportValidity(); return false; }
      return true;
    }

    $("[data-next-step]", form).addEventListener("click", function () {
      var i = names.indexOf(current());
      if (validStep(current())) { show(names[Math.min(i + 1, names.length - 1)]); focusStep(); }
    });
    $("[data-prev]", form).addEventListener("click", function () {
      show(names[Math.max(names.indexOf(current()) - 1, 0)]); focusStep();
    });
    $all("[data-goto]").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); show(a.getAttribute("data-goto")); focusStep(); });
    });
    function focusStep() { var l = $('fieldset[data-step="' + current() + '"] legend', form); if (l) { l.setAttribute("tabindex", "-1"); l.focus(); } }

    // ---- project → where the draft is created
    var project = $("#project", form);
    function projectChanged() {
      if (!tenderId && project.value) { form.setAttribute("data-api", "/api/projects/" + project.value + "/tenders"); }
    }
    project.addEventListener("change", projectChanged);
    projectChanged();

    // ---- methods the trade type allows
    var trade = $("#tradeType", form), method = $("#method", form);
    function filterMethods() {
      var firstAllowed = null;
      $all("option", method).forEach(function (o) {
        var ok = (" " + o.getAttribute("data-trades") + " ").indexOf(" " + trade.value + " ") >= 0;
        o.hidden = !ok; o.disabled = !ok;
        if (ok && !firstAllowed) { firstAllowed = o; }
      });
      if (method.selectedOptions.length === 0 || method.selectedOptions[0].disabled) { method.value = firstAllowed ? firstAllowed.value : ""; }
      var link = $("[data-rules-link]", form);
      if (link) {
        link.textContent = "";
        var a = el("a", null, (W.rules || "") + ": " + trade.value + " / " + method.value);
        a.href = "/api/rules/" + trade.value + "/" + method.value;
        link.appendChild(a);
      }
    }
    trade.addEventListener("change", filterMethods);
    method.addEventListener("change", filterMethods);
    filterMethods();

    // ---- lots
    var lots = $("[data-lots]", form);
    function renumber() {
      $all("li[data-lot]", lots).forEach(function (li, i) {
        $all("input", li).forEach(function (input) {
          var field = /\.name$/.test(input.name) ? "name" : "budget";
          input.name = "lots[" + i + "]." + field;
          input.id = "lot-" + field + "-" + i;
          var label = input.parentElement.querySelector("label");
          if (label) { label.htmlFor = input.id; }
        });
      });
      var rows = $all("li[data-lot]", lots);
      rows.forEach(function (li) { $("[data-remove-lot]", li).disabled = rows.length === 1; });
    }
    $("[data-add-lot]", form).addEventListener("click", function () {
      var rows = $all("li[data-lot]", lots);
      var copy = rows[rows.length - 1].cloneNode(true);
      $all("input", copy).forEach(function (i) { i.value = ""; i.removeAttribute("aria-invalid"); });
      $all(".field-error", copy).forEach(function (e) { e.remove(); });
      lots.appendChild(copy);
      renumber();
      $("input", copy).focus();
      dirty = true;
    });
    lots.addEventListener("click", function (ev) {
      var b = ev.target.closest("[data-remove-lot]");
      if (!b) { return; }
      var rows = $all("li[data-lot]", lots);
      if (rows.length > 1) { b.closest("li[data-lot]").remove(); renumber(); dirty = true; }
    });
    renumber();

    // ---- the rules' limits, as you type
    var timer = null, asked = 0;
    function askLimits() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = [];
        var issued = $("#documentsIssuedAt", form).value, budget = $("#budget", form).value;
        if (issued) { q.push("documentsIssuedAt=" + encodeURIComponent(beijingToInstant(issued))); }
        if (budget && Number(budget) > 0) { q.push("budget=" + encodeURIComponent(budget)); }
        var mine = ++asked;
        fetch("/api/rules/" + trade.value + "/" + method.value + "/limits" + (q.length ? "?" + q.join("&") : ""),
          { headers: headers, credentials: "same-origin" })
          .then(json).then(function (r) {
            if (mine !== asked) { return; }
            limits = r.res.ok ? r.data : null;
            renderLimits();
          });
      }, 250);
    }
    function basis(rule) {
      return rule ? "（" + (rule.figure ? rule.figure + "；" : "") + (W.basis || "") + " " + rule.citation + "）" : "";
    }
    function limitLine(name, label, value, rule, needText, warning) {
      var p = $('[data-limit="' + name + '"]', form);
      if (!p) { return; }
      p.textContent = "";
      p.classList.toggle("over", !!warning);
      if (!rule) { p.textContent = name === "bondCap" ? (W.noBondCap || "") : ""; return; }
      p.appendChild(el("span", null, label + "："));
      p.appendChild(el("strong", "limit-value", value == null ? needText : value));
      p.appendChild(el("span", "limit-basis", " " + basis(rule)));
      if (warning) { p.appendChild(el("span", "badge bad", warning)); }
    }
    function renderLimits() {
      var l = limits || {};
      var deadline = $("#bidDeadline", form).value, sale = $("#documentsSaleEndsAt", form).value, bond = $("#bidBond", form).value;
      var e = l.earliestDeadline, s = l.earliestSaleEnd, b = l.bondCap;
      limitLine("earliestDeadline", W.earliestDeadline, e && e.value ? shown(e.value) : null, e && e.rule, W.needIssue,
        e && e.value && deadline && Date.parse(beijingToInstant(deadline)) < Date.parse(e.value) ? W.tooEarly : null);
      limitLine("earliestSaleEnd", W.earliestSaleEnd, s && s.value ? shown(s.value) : null, s && s.rule, W.needIssue,
        s && s.value && sale && Date.parse(beijingToInstant(sale)) < Date.parse(s.value) ? W.tooEarly : null);
      limitLine("bondCap", W.bondCap, b && b.value != null ? yuan(b.value) : null, b && b.rule, W.needBudget,
        b && b.value != null && bond && Number(bond) > Number(b.value) ? W.aboveCap : null);
    }
    $all("[data-limits]", form).forEach(function (i) { i.addEventListener("input", askLimits); i.addEventListener("change", askLimits); });
    ["#bidDeadline", "#documentsSaleEndsAt", "#bidBond"].forEach(function (sel) { $(sel, form).addEventListener("input", renderLimits); });
    askLimits();

    form.addEventListener("input", function () { dirty = true; });

    // ---- refusals beside their fields (and the steps they are on flagged)
    function inputFor(field) {
      if (!field) { return null; }
      var name = field.replace(/^schedule\./, "");
      if (name === "lots") { return lots; }
      return form.querySelector('[name="' + name + '"]') || form.querySelector('[name="' + name.replace(/^.*\./, "") + '"]');
    }
    function clearMarks() {
      $all(".field-error", form).forEach(function (e) { e.remove(); });
      $all("[aria-invalid]", form).forEach(function (e) { e.removeAttribute("aria-invalid"); });
      flagSteps();
    }
    function flagSteps() {
      var bad = {};
      $all(".field-error", form).forEach(function (e) { var s = stepOf(e); if (s) { bad[s] = true; } });
      $all("[data-goto]").forEach(function (a) { a.classList.toggle("has-error", !!bad[a.getAttribute("data-goto")]); });
    }
    function markField(v) {
      var input = inputFor(v.field);
      if (!input) { return null; }
      input.setAttribute("aria-invalid", "true");
      var p = el("p", "field-error", msg(v) + (v.citation ? "（" + (W.basis || "") + " " + v.citation + "）" : ""));
      p.id = (input.id || "field") + "-error";
      p.setAttribute("data-rule", v.rule || "");
      input.insertAdjacentElement("afterend", p);
      input.setAttribute("aria-describedby", p.id);
      return input;
    }
    // sunlight.js marks refused fields of a failed save; flag their steps too.
    new MutationObserver(flagSteps).observe(form, { childList: true, subtree: true });

    function renderReport(title, ok, violations, extra) {
      var box = $("[data-check]", form);
      box.textContent = "";
      clearMarks();
      var head = el("p", ok ? "notice" : "problem", title);
      head.setAttribute("role", ok ? "status" : "alert");
      box.appendChild(head);
      if (extra) { box.appendChild(extra); }
      if (violations && violations.length) {
        var ul = el("ul", "violations");
        violations.forEach(function (v) {
          var li = el("li");
          li.setAttribute("data-violation", v.field || "");
          li.appendChild(el("span", null, msg(v)));
          var more = [];
          if (v.rule) { more.push(v.rule); }
          if (v.figure) { more.push(v.figure); }
          if (v.citation) { more.push((W.basis || "") + " " + v.citation); }
          if (more.length) { li.appendChild(el("small", null, " （" + more.join("；") + "）")); }
          var input = markField(v);
          if (input) {
            var fix = el("button", "link", W.fix);
            fix.type = "button";
            fix.addEventListener("click", function () { show(stepOf(input)); (input.focus ? input : form).focus(); });
            li.appendChild(document.createTextNode(" "));
            li.appendChild(fix);
          }
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      flagSteps();
      var re = el("button", null, W.recheck);
      re.type = "button";
      re.addEventListener("click", check);
      box.appendChild(re);
    }

    function check() {
      if (!tenderId) { return; }
      fetch("/api/tenders/" + tenderId + "/publication-check", { headers: headers, credentials: "same-origin" })
        .then(json).then(function (r) {
          if (!r.res.ok) { renderReport((r.data && r.data.title) || String(r.res.status), false, r.data && r.data.violations); return; }
          var rep = r.data;
          var facts = el("dl", "facts");
          [[W.rules, rep.rulesId], [W.earliestDeadline, shown(rep.earliestDeadline)], [W.earliestSaleEnd, shown(rep.earliestSaleEnd)],
           [W.bondCap, rep.bondCap != null ? yuan(rep.bondCap) : "—"]].forEach(function (f) {
            var d = el("div"); d.appendChild(el("dt", null, f[0])); d.appendChild(el("dd", null, f[1])); facts.appendChild(d);
          });
          var ok = rep.violations.length === 0;
          renderReport(ok ? W.checkPasses : W.checkFails, ok, rep.violations, facts);
          var publish = $("[data-publish]", form);
          if (publish) { publish.disabled = !ok; }
        });
    }

    var publish = $("[data-publish]", form);
    if (publish) {
      publish.addEventListener("click", function () {
        if (dirty) { renderReport(W.notSaved, false, []); return; }
        if (!window.confirm(publish.getAttribute("data-confirm-text"))) { return; }
        publish.disabled = true;
        fetch("/api/tenders/" + tenderId + "/publish", { method: "POST", headers: headers, credentials: "same-origin" })
          .then(json).then(function (r) {
            publish.disabled = false;
            if (r.res.ok) { location.href = "/workspace/tenders/" + tenderId; return; }
            renderReport(W.publishRefused + "：" + ((r.data && r.data.title) || r.res.status), false, r.data && r.data.violations);
          });
      });
    }

    function summary() {
      var dl = $("[data-summary]", form);
      dl.textContent = "";
      $all("input, select, textarea", form).forEach(function (i) {
        if (i.type === "file" || i.closest('[data-step="review"]')) { return; }
        var label = form.querySelector('label[for="' + i.id + '"]');
        if (!label) { return; }
        var v = i.tagName === "SELECT" ? (i.selectedOptions[0] ? i.selectedOptions[0].textContent : "") : i.value;
        if (i.type === "datetime-local" && v) { v = v.replace("T", " "); }
        var d = el("div"); d.appendChild(el("dt", null, label.textContent)); d.appendChild(el("dd", null, v || "—"));
        dl.appendChild(d);
      });
    }

    var params = new URLSearchParams(location.search);
    show(params.get("step") || (location.hash ? location.hash.replace("#step-", "") : names[0]));
    form.setAttribute("data-ready", ""); // the steps work from here on (tests wait for it)
  }

  // ================================================================ the host's opening controls

  var host = $("[data-host-controls]");
  if (host) { hostControls(host); }

  function hostControls(box) {
    var id = box.getAttribute("data-tender");
    var objections = $("[data-opening-objections]", box);
    document.addEventListener("sunlight:hall", function (ev) {
      var h = ev.detail || {};
      var any = false;
      $all("form[data-stage-action]", box).forEach(function (f) {
        var on = f.getAttribute("data-stage-action") === h.stage;
        f.hidden = !on;
        any = any || on;
      });
      var hint = $("[data-host-hint]", box);
      hint.textContent = h.stage === "CLOSED" || h.stage === "FAILED" ? W.hostDone : (any ? "" : W.hostWaiting);
      hint.hidden = !hint.textContent;
      $("[data-closed-links]", box).hidden = h.stage !== "CLOSED";
      var open = {};
      (h.lines || []).forEach(function (l) {
        if (l.confirmation !== "OBJECTED" || l.answer) { return; }
        open[l.bidId] = true;
        if ($('[data-objection-bid="' + l.bidId + '"]', objections)) { return; }
        var f = el("form", "card objection");
        f.setAttribute("data-objection-bid", l.bidId);
        f.setAttribute("data-api", "/api/tenders/" + id + "/opening/objections/" + l.bidId + "/answer");
        f.setAttribute("data-method", "POST");
        f.setAttribute("data-stay", "");
        f.appendChild(el("h3", null, W.objection + " — " + l.bidder));
        f.appendChild(el("p", null, l.objection || ""));
        var label = el("label", null, W.answer);
        label.htmlFor = "opening-answer-" + l.bidId;
        var ta = el("textarea");
        ta.id = label.htmlFor; ta.name = "answer"; ta.required = true;
        var b = el("button", "primary", W.sendAnswer);
        b.type = "submit";
        f.appendChild(label); f.appendChild(ta); f.appendChild(b);
        objections.appendChild(f);
      });
      $all("[data-objection-bid]", objections).forEach(function (f) {
        if (!open[f.getAttribute("data-objection-bid")]) { f.remove(); }
      });
    });
  }
})();
