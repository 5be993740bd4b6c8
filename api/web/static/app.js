// domainscope explorer: calls the HTTP API under /api/v1 and shows its
// results; the URL hash holds the state (view, industry, domain, region and
// the parameters), so a view can be bookmarked and shared.
"use strict";
(function () {
  const API = "/api/v1";
  const $ = (id) => document.getElementById(id);
  let meta = null;
  let pending = 0;
  let renderSeq = 0;
  let renderStart = 0;

  // ---- state in the URL hash ----
  function state() { return new URLSearchParams(location.hash.replace(/^#/, "")); }
  function go(changes) {
    const s = state();
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === "") s.delete(k); else s.set(k, v);
    }
    const h = "#" + s.toString();
    document.body.dataset.ready = "";
    if (h === location.hash) render(); else location.hash = h;
  }

  // ---- helpers ----
  function esc(s) {
    return String(s === undefined || s === null ? "" : s).replace(/[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function num(x, d) {
    if (typeof x !== "number" || !isFinite(x)) return esc(x);
    if (Number.isInteger(x) && d === undefined) return x.toLocaleString("en-GB");
    return x.toFixed(d === undefined ? 3 : d);
  }
  function qs(obj) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(obj)) if (v !== "" && v !== null && v !== undefined) p.set(k, v);
    const s = p.toString();
    return s ? "?" + s : "";
  }
  // addq appends a query string to a path that may have one.
  function addq(path, q) { return path + (path.includes("?") ? "&" : "?") + q; }
  // graphParams are the layer, period and threshold controls (graph endpoints).
  function graphParams() {
    const s = state();
    return { layers: s.get("layers") || "", period: s.get("period") || "", threshold: s.get("threshold") || "" };
  }
  function domainParams() {
    const s = state();
    return { resolution: s.get("resolution") || "", seed: s.get("seed") || "" };
  }
  function analysisParams(extra) { return Object.assign(graphParams(), domainParams(), extra || {}); }

  function busy(delta, what) {
    pending += delta;
    const st = $("status");
    st.classList.toggle("busy", pending > 0);
    st.textContent = pending > 0 ? "Loading " + (what || "") + "…" : "";
    document.body.setAttribute("aria-busy", pending > 0 ? "true" : "false");
  }
  function showError(msg) {
    const e = $("error");
    e.hidden = !msg;
    e.textContent = msg || "";
  }
  function addError(msg) {
    const e = $("error");
    e.textContent = e.hidden ? msg : e.textContent + "\n" + msg;
    e.hidden = false;
  }

  // call fetches an API path; it throws an Error with a readable message
  // built from the API's error body {"error": {"code", "message", "request_id"}}.
  // Requests run one at a time: the server answers 503 when more heavy
  // computations than its limit run at once; a 503 is retried after its
  // Retry-After (at most 3 times).
  let queue = Promise.resolve();
  function call(path, asText, what) {
    const run = queue.then(() => callNow(path, asText, what));
    queue = run.catch(() => {});
    return run;
  }
  async function callNow(path, asText, what) {
    busy(1, what);
    try {
      let r;
      for (let attempt = 0; ; attempt++) {
        try {
          r = await fetch(path, { headers: { Accept: asText ? "image/svg+xml" : "application/json" } });
        } catch (err) {
          throw new Error("The server could not be reached (" + err.message + ").");
        }
        if (r.status !== 503 || attempt >= 3) break;
        const wait = Math.min(10, parseFloat(r.headers.get("Retry-After")) || 1);
        await new Promise((ok) => setTimeout(ok, wait * 1000));
      }
      if (!r.ok) {
        let msg = "HTTP " + r.status, apiError = null;
        try {
          const b = await r.json();
          if (b && b.error) { msg = b.error.message + " (" + b.error.code + ", HTTP " + r.status + (b.error.request_id ? ", request " + b.error.request_id : "") + ")"; apiError = b.error; }
        } catch (_) { /* not JSON */ }
        const e = new Error((what ? what + ": " : "") + msg);
        e.status = r.status;
        // A refusal of the input (400) keeps the API's own sentence, for
        // views that show it as their answer (the data cannot support it).
        if (apiError && r.status === 400) { e.apiMessage = apiError.message; e.parameter = apiError.parameter || ""; }
        throw e;
      }
      return asText ? r.text() : r.json();
    } finally {
      busy(-1);
    }
  }

  // briefLinks links the workshop brief (HTML for A4 print) and its tables (CSV zip) of a region or a domain.
  function briefLinks(kind, id, p) {
    const base = API + "/brief/" + kind + "/" + encodeURIComponent(id) + qs(p);
    return ' · <a class="brief" href="' + esc(base) + '" download="brief-' + esc(kind + "-" + id) + '.html">Brief (A4 handout)</a> <a href="' + esc(addq(base, "format=zip")) + '" download="brief-' + esc(kind + "-" + id) + '.zip">brief tables (CSV)</a>';
  }

  // downloads writes links to a graph URL in every export format.
  function downloads(el, base, name, extra) {
    const fmts = [["svg", "SVG"], ["png", "PNG"], ["gexf", "GEXF"], ["graphml", "GraphML"], ["csv", "CSV (zip)"], ["json", "JSON"]];
    let h = "Download: " + fmts.map(([f, l]) => '<a href="' + esc(addq(base, "format=" + f)) + '" download="' + esc(name + "." + (f === "csv" ? "zip" : f)) + '">' + l + "</a>").join("");
    if (extra) h += extra;
    el.innerHTML = h;
  }

  // network fetches a graph view as a Cytoscape.js document (format=cytoscape)
  // and draws it as an interactive network (network.js); opening a node
  // re-centres the explorer on that industry. The Graphviz SVG and PNG stay
  // as downloads. The time from the view's start to the drawn network is
  // kept in window.domainscopeTimings (fetch, layout, total in ms).
  window.domainscopeTimings = [];
  // clearNetwork empties a network's host, releasing its Cytoscape instance.
  function clearNetwork(el) {
    if (el.network) { el.network.destroy(); el.network = null; }
    el.innerHTML = "";
    delete el.dataset.nodes;
  }
  async function network(el, path, seq, opts) {
    clearNetwork(el);
    delete el.dataset.nodes;
    el.setAttribute("aria-busy", "true");
    // The network is fetched, drawn and painted before the view's other
    // requests leave the queue: the server's work for them would otherwise
    // compete with the first picture for the CPU (measured on the UK data
    // under load: the frame came 0.2–1.5 s after the drawing).
    const run = queue.then(async () => {
      const doc = await callNow(addq(path, "format=cytoscape"), false, "network");
      if (seq !== renderSeq) return;
      const t1 = performance.now();
      const net = window.domainscopeNetwork.create(el, doc, Object.assign({ onOpen: (code) => go({ view: "industry", code: code }) }, opts || {}));
      const t2 = performance.now();
      const tm = { view: state().get("view") || "industry", path: path, fetchMs: Math.round(t1 - renderStart), initMs: Math.round(net.timing.initMs), layoutMs: Math.round(net.timing.layoutMs), tablesMs: Math.round(net.timing.tablesMs), drawMs: Math.round(t2 - t1), totalMs: Math.round(t2 - renderStart), sincePageStartMs: Math.round(t2), nodes: net.cy.nodes().length, edges: net.cy.edges().length };
      window.domainscopeTimings.push(tm);
      // paintedMs: since the page started, when the frame showing the network
      // has been drawn (the task after the next animation frame; a hidden
      // tab draws no frames, so the queue goes on after 250 ms regardless).
      await new Promise((ok) => { requestAnimationFrame(() => setTimeout(ok, 0)); setTimeout(ok, 250); });
      tm.paintedMs = Math.round(performance.now());
    });
    queue = run.catch(() => {});
    try {
      await run;
    } catch (err) {
      if (seq === renderSeq) el.innerHTML = '<p class="note">No network: ' + esc(err.message) + "</p>";
    } finally {
      el.removeAttribute("aria-busy");
    }
  }
  const term = window.domainscopeGlossary.term;

  function industryButton(code, name) {
    return '<button type="button" class="link" data-code="' + esc(code) + '">' + esc(code) + (name ? " " + esc(name) : "") + "</button>";
  }
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("button[data-code]");
    if (b) go({ view: "industry", code: b.dataset.code });
    const d = ev.target.closest && ev.target.closest("button[data-domain]");
    if (d) go({ view: "domains", domain: d.dataset.domain });
  });
  function domainButton(id, label) {
    if (id === undefined || id === null || Number(id) < 0) return '<span class="note">none</span>';
    return '<button type="button" class="link" data-domain="' + esc(id) + '">#' + esc(id) + (label ? " " + esc(label) : "") + "</button>";
  }

  // ---- controls ----
  // defaultPeriod is the period the API takes for a layer given without one
  // (/meta default_periods: the pooled, longest period, not the last loaded).
  function defaultPeriod(name) {
    return (meta.default_periods || {})[name] || "";
  }
  function fillControls() {
    const names = [...new Set(meta.layers.map((l) => l.name))];
    const s = state();
    const chosen = (s.get("layers") || "").split(",").filter(Boolean);
    const defaults = meta.default_layers || [];
    const used = chosen.length ? chosen : defaults;
    // With no layers in the URL the API uses the default layers: they are shown ticked.
    $("layers").innerHTML = names.map((n) => '<label><input type="checkbox" name="layer" value="' + esc(n) + '"' +
      (used.includes(n) ? " checked" : "") + "> " + esc(n) + (!chosen.length && defaults.includes(n) ? ' <span class="note">(default)</span>' : "") + "</label>").join("");
    const periods = [...new Set(meta.layers.map((l) => l.period))].sort();
    const longest = used.map((n) => n + " " + defaultPeriod(n)).join(", ");
    $("period").innerHTML = '<option value="">each layer\'s longest period' + (longest ? " (" + esc(longest) + ")" : "") + "</option>" + periods.map((p) => "<option" + (s.get("period") === p ? " selected" : "") + ">" + esc(p) + "</option>").join("");
    const period = s.get("period");
    const thr = s.get("threshold");
    const layerThr = used.map((n) => { const l = meta.layers.find((x) => x.name === n && x.period === (period || defaultPeriod(n))); return l ? n + " " + num(l.threshold) : ""; }).filter(Boolean).join(", ");
    $("selection").innerHTML = "<strong>Showing:</strong> " + term("layer", used.length > 1 ? "layers" : "layer") + " " + esc(used.join(" + ") || "none") + (chosen.length ? "" : " (the default)") +
      " · " + term("period") + " " + (period ? esc(period) : "longest: " + esc(used.map((n) => defaultPeriod(n)).join(", "))) +
      " · " + term("threshold") + " " + (thr ? esc(thr) : "each layer's own (" + esc(layerThr) + ")") +
      " · domains at " + term("resolution") + " " + esc(s.get("resolution") || "1") + ", " + term("seed") + " " + esc(s.get("seed") || "1");
    $("threshold").value = s.get("threshold") || "";
    $("resolution").value = s.get("resolution") || "";
    $("seed").value = s.get("seed") || "";
    $("region").innerHTML = '<option value="">choose a region…</option>' + (meta.regions || []).map((r) =>
      '<option value="' + esc(r.id) + '"' + (s.get("region") === r.id ? " selected" : "") + ">" + esc(r.name) + "</option>").join("");
    $("measure").value = s.get("measure") || "";
  }
  $("controls").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const layers = [...document.querySelectorAll('#layers input[name="layer"]:checked')].map((i) => i.value);
    go({ layers: layers.join(","), period: $("period").value, threshold: $("threshold").value, resolution: $("resolution").value, seed: $("seed").value });
  });
  $("region").addEventListener("change", () => go({ view: "region", region: $("region").value }));
  $("measure").addEventListener("change", () => go({ view: "region", measure: $("measure").value }));
  $("region-form").addEventListener("submit", (ev) => ev.preventDefault());
  $("open-glossary").addEventListener("click", () => { const g = $("glossary"); g.open = true; g.scrollIntoView({ block: "start" }); g.querySelector("summary").focus(); });

  // ---- industry view ----
  $("search").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = $("q").value.trim();
    if (!q) return;
    showError("");
    try {
      const r = await call(API + "/industries" + qs({ q: q, limit: 20 }), false, "search");
      const items = r.items || [];
      if (items.length === 1) { $("results").innerHTML = ""; go({ view: "industry", code: items[0].code }); return; }
      $("results").innerHTML = items.length ? items.map((i) => "<li>" + industryButton(i.code, i.name) + "</li>").join("")
        : '<li class="note">No industry matches “' + esc(q) + "”.</li>";
      const first = $("results").querySelector("button");
      if (first) first.focus();
    } catch (err) { showError(err.message); }
  });

  async function showIndustry(code, seq) {
    $("ind-title").textContent = code ? "" : "Search an industry to see its neighbours, domain and diagram.";
    $("ind-info").innerHTML = "";
    $("ind-neighbours").innerHTML = "";
    $("ind-downloads").innerHTML = "";
    clearNetwork($("ind-diagram"));
    if (!code) return;
    const path = API + "/subgraph" + qs(Object.assign({ seeds: code, hops: 1, max_nodes: 40 }, analysisParams()));
    downloads($("ind-downloads"), path, "industry-" + code);
    const diag = network($("ind-diagram"), path, seq, { title: "industries around " + code, seeds: code + ", the industry shown" });
    try {
      const ind = await call(API + "/industries/" + encodeURIComponent(code) + qs(analysisParams()), false, "industry");
      if (seq !== renderSeq) return;
      $("ind-title").textContent = ind.code + " " + ind.name;
      const m = ind.metrics || {};
      let h = '<dl class="kv">';
      if (ind.ancestors && ind.ancestors.length) h += "<dt>Sector</dt><dd>" + ind.ancestors.map((a) => esc(a.qualified_name || a.name)).join(" › ") + "</dd>";
      if (m.domain) h += "<dt>" + term("domain") + "</dt><dd>" + domainButton(m.domain.id, m.domain.label) + " (" + num(m.domain.size) + " members)</dd>";
      if (m.employment !== undefined) h += "<dt>" + term("employment") + "</dt><dd>" + num(m.employment) + "</dd>";
      if (m.strength !== undefined) h += "<dt>" + term("strength") + "</dt><dd>" + num(m.strength) + "</dd>";
      if (m.bridging) h += "<dt>Bridging</dt><dd>rank " + num(m.bridging.rank) + " of " + num(m.bridging.of) + " (" + term("bridging-score", "score") + " " + num(m.bridging.score, 2) + ", " + term("role", "role") + " " + esc(m.bridging.role) + ")</dd>";
      h += "</dl>";
      if (m.bridging && m.bridging.explanation) h += '<p class="explain">' + esc(m.bridging.explanation) + "</p>";
      $("ind-info").innerHTML = h;
    } catch (err) { if (seq === renderSeq) addError(err.message); }
    const s = state();
    const names = [...new Set(meta.layers.map((l) => l.name))];
    const parts = await Promise.all(names.map(async (name) => {
      const period = s.get("period");
      const has = meta.layers.some((l) => l.name === name && l.period === period);
      try {
        const n = await call(API + "/industries/" + encodeURIComponent(code) + "/neighbours" + qs({ layer: name, period: has ? period : "", top: 10 }), false, "neighbours on " + name);
        const rows = (n.neighbours || []).map((x) => "<tr><td>" + industryButton(x.code, x.name) + '</td><td class="num">' + num(x.value) + '</td><td class="num">' + num(x.count) + "</td></tr>").join("");
        return "<h3>Neighbours on " + esc(n.layer.name + " " + n.layer.period) + "</h3>" +
          (rows ? '<table><thead><tr><th>industry</th><th class="num">' + term("relatedness", "relatedness") + '</th><th class="num">' + term("count", "count") + '</th></tr></thead><tbody>' + rows + "</tbody></table>"
            : '<p class="note">No links on this layer.</p>');
      } catch (err) {
        return "<h3>Neighbours on " + esc(name) + '</h3><p class="note">' + esc(err.message) + "</p>";
      }
    }));
    if (seq === renderSeq) $("ind-neighbours").innerHTML = parts.join("");
    await diag;
  }

  // ---- domains view ----
  function domainTable(list, cross) {
    const rows = list.map((d) => "<tr><td>" + domainButton(d.id, d.label) + '</td><td class="num">' + num(d.size) +
      '</td><td class="num">' + num(d.candidate_score, 3) + '</td><td class="num">' + num(d.stability, 2) +
      '</td><td class="num">' + num(d.sector_mix, 2) + "</td><td class=\"num\">" + num((d.sectors || []).length) + "</td></tr>").join("");
    return '<table><thead><tr><th>' + term("domain", "domain") + '</th><th class="num">size</th><th class="num">' + term("candidate-score", cross ? "candidate score" : "cross-sector score") +
      '</th><th class="num">' + term("stability", "stability") + '</th><th class="num">' + term("sector-mix", "sector mix") + '</th><th class="num">sectors</th></tr></thead><tbody>' + rows + "</tbody></table>";
  }
  async function showDomains(id, seq) {
    $("dom-detail").innerHTML = "";
    $("dom-downloads").innerHTML = "";
    clearNetwork($("dom-diagram"));
    $("dom-title").textContent = "Open a domain to see its diagram and members";
    const p = analysisParams();
    // The network is asked for first: requests run one at a time.
    const path = API + "/subgraph" + qs(Object.assign({ domain: id }, p));
    const diag = id ? network($("dom-diagram"), path, seq, { title: "knowledge domain #" + id }) : null;
    const lists = (async () => {
      try {
        const [all, cross] = await Promise.all([call(API + "/domains" + qs(p), false, "domains"), call(API + "/cross-sector-domains" + qs(p), false, "cross-sector domains")]);
        if (seq !== renderSeq) return;
        $("dom-list").innerHTML = '<p class="note">' + term("modularity") + " " + num(all.modularity) + ". " + term("stability") + ": share of runs that keep members together.</p>" + domainTable(all.domains || [], false);
        $("dom-cross").innerHTML = '<p class="note">' + esc(cross.score || "") + "</p>" + domainTable(cross.candidates || [], true);
      } catch (err) { if (seq === renderSeq) addError(err.message); }
    })();
    if (id) {
      downloads($("dom-downloads"), path, "domain-" + id, briefLinks("domain", id, p));
      try {
        const [r, br] = await Promise.all([call(API + "/domains/" + encodeURIComponent(id) + qs(p), false, "domain"), call(API + "/bridges" + qs(Object.assign({ top: 1000 }, p)), false, "bridges")]);
        if (seq !== renderSeq) return;
        const d = r.domain;
        $("dom-title").textContent = "Domain #" + d.id + " " + d.label;
        const names = d.sector_names || {};
        let h = '<dl class="kv"><dt>Members</dt><dd>' + num(d.size) + "</dd><dt>" + term("stability") + "</dt><dd>" + num(d.stability, 2) +
          "</dd><dt>" + term("candidate-score") + "</dt><dd>" + num(d.candidate_score, 3) + "</dd><dt>" + term("domain-density", "Density") + "</dt><dd>" + num(d.density, 2) +
          "</dd><dt>" + term("employment") + "</dt><dd>" + num(d.employment) + "</dd></dl>";
        h += "<h3>Sectors spanned</h3><table><thead><tr><th>sector</th><th class=\"num\">members</th><th class=\"num\">share</th></tr></thead><tbody>" +
          (d.sectors || []).map((x) => "<tr><td>" + esc(names[x.sector] || x.sector) + '</td><td class="num">' + num(x.members) + '</td><td class="num">' + num(100 * x.share, 0) + "%</td></tr>").join("") + "</tbody></table>";
        const bridging = (br.bridges || []).filter((b) => b.domain && String(b.domain.id) === String(d.id)).slice(0, 5);
        h += "<h3>Bridging members</h3>" + (bridging.length ? "<ul>" + bridging.map((b) => "<li>" + industryButton(b.code, b.name) + " — rank " + num(b.rank) + " of " + num(b.of) + ', ' + term("bridging-score", "score") + " " + num(b.score, 2) + '<div class="explain">' + esc(b.explanation) + "</div></li>").join("") + "</ul>" : '<p class="note">None ranked.</p>');
        h += "<h3>Members</h3><table><thead><tr><th>industry</th><th>sector</th><th class=\"num\">" + term("strength", "strength") + "</th><th class=\"num\">" + term("stability", "stability") + "</th></tr></thead><tbody>" +
          (d.members || []).map((x) => "<tr><td>" + industryButton(x.code, x.name) + "</td><td>" + esc(x.sector) + '</td><td class="num">' + num(x.strength, 2) + '</td><td class="num">' + num(x.stability, 2) + "</td></tr>").join("") + "</tbody></table>";
        $("dom-detail").innerHTML = '<p><button type="button" data-save-domain="' + esc(d.id) + '">Save this domain as a hypothesis…</button></p>' + h;
      } catch (err) { if (seq === renderSeq) addError(err.message); }
      await diag;
    }
    await lists;
  }

  // ---- bridges view ----
  async function showBridges(seq) {
    $("br-list").innerHTML = "";
    const p = analysisParams({ top: 50 });
    $("br-downloads").innerHTML = 'Download: <a href="' + esc(API + "/bridges" + qs(p)) + '" download="bridges.json">JSON</a>';
    try {
      const r = await call(API + "/bridges" + qs(p), false, "bridging sectors");
      if (seq !== renderSeq) return;
      $("br-score").textContent = "Score: " + (r.score || "");
      $("br-list").innerHTML = '<table><thead><tr><th class="num">rank</th><th>industry</th><th>' + term("domain", "domain") + '</th><th class="num">' + term("bridging-score", "score") + '</th><th>' + term("role", "role") + '</th><th>what it connects</th></tr></thead><tbody>' +
        (r.bridges || []).map((b) => '<tr><td class="num">' + num(b.rank) + "</td><td>" + industryButton(b.code, b.name) + "</td><td>" + (b.domain ? domainButton(b.domain.id, "") : "") +
          '</td><td class="num">' + num(b.score, 2) + "</td><td>" + esc(b.role) + '</td><td class="explain">' + esc(b.explanation) + "</td></tr>").join("") + "</tbody></table>";
    } catch (err) { if (seq === renderSeq) addError(err.message); }
  }

  // ---- region view ----
  async function showRegion(id, seq) {
    for (const k of ["reg-title", "reg-summary", "reg-spec", "reg-opps", "reg-quadrant", "reg-bases", "reg-cross", "reg-downloads"]) $(k).innerHTML = "";
    clearNetwork($("reg-diagram"));
    if (!id) { $("reg-title").textContent = "Pick a region to see its specialisations and opportunities."; return; }
    const s = state();
    const p = analysisParams({ measure: s.get("measure") || "" });
    const gpath = API + "/regions/" + encodeURIComponent(id) + "/graph" + qs(p);
    downloads($("reg-downloads"), gpath, "region-" + id, ' · <a href="' + esc(API + "/regions/" + encodeURIComponent(id) + "/profile" + qs(p)) + '" download="profile-' + esc(id) + '.json">profile JSON</a>' + briefLinks("region", id, p));
    const diag = network($("reg-diagram"), gpath, seq, { title: "region " + id, seeds: "a specialisation of the region (LQ ≥ 1)", others: "a diversification opportunity (LQ < 1)" });
    try {
      const r = await call(API + "/regions/" + encodeURIComponent(id) + "/profile" + qs(p), false, "regional profile");
      if (seq !== renderSeq) return;
      const labels = r.domain_labels || {};
      $("reg-title").textContent = r.region.name + " — " + r.measure + " " + r.period;
      const v = r.variety || {};
      $("reg-summary").innerHTML = '<dl class="kv"><dt>Total</dt><dd>' + num(r.total) + " (" + num(100 * r.share, 1) + "% of all regions)</dd>" +
        "<dt>" + term("specialisation", "Specialisations") + "</dt><dd>" + num(r.established) + " established (" + esc(String(r.quotient).toUpperCase()) + " ≥ 1, at least " + num((r.evidence || {}).min_value) + " " + (r.quotient === "rta" ? "patents" : "jobs") + ", Poisson p ≤ " + esc(String((r.evidence || {}).alpha)) + "); " + num(r.flagged) + " more flagged</dd>" +
        "<dt>" + term("related-variety") + "</dt><dd>" + num(v.related) + "</dd><dt>" + term("unrelated-variety") + "</dt><dd>" + num(v.unrelated) + " (" + num(v.groups) + " groups, " + esc(r.variety_groups) + ")</dd>" +
        "<dt>" + term("entropy") + "</dt><dd>" + num(v.entropy) + "</dd><dt>" + term("hhi", "HHI") + "</dt><dd>" + num(r.hhi) + "</dd></dl>";
      $("reg-spec").innerHTML = "<h3>Specialisations" + ((r.specialisations || []).length > 25 ? " (top 25 of " + num(r.specialisations.length) + " by " + esc(String(r.quotient).toUpperCase()) + ")" : "") + "</h3><table><thead><tr><th>industry</th><th class=\"num\">" + term("lq", "LQ") + "</th><th class=\"num\">" + esc(r.measure) + "</th><th class=\"num\">p</th><th>domain</th></tr></thead><tbody>" +
        (r.specialisations || []).slice(0, 25).map((x) => "<tr><td>" + industryButton(x.code, x.name) + (x.flag ? ' <span class="note">(' + esc(x.flag) + ")</span>" : "") + '</td><td class="num">' + num(x.lq, 2) + '</td><td class="num">' + num(x.value) + '</td><td class="num">' + (x.p_value < 1e-9 ? "&lt;1e-9" : num(x.p_value, 3)) + "</td><td>" + domainButton(x.domain, "") + "</td></tr>").join("") + "</tbody></table>";
      $("reg-opps").innerHTML = "<h3>Diversification opportunities</h3><table><thead><tr><th>industry</th><th class=\"num\">" + term("relatedness-density", "density") + "</th><th class=\"num\">lower bound</th><th class=\"num\">" + term("lq", "LQ now") + "</th><th>quadrant</th><th>why</th></tr></thead><tbody>" +
        (r.opportunities || []).map((o) => "<tr><td>" + industryButton(o.code, o.name) + '</td><td class="num">' + num(o.density, 1) + '</td><td class="num">' + num(o.density_lower, 1) + '</td><td class="num">' + num(o.lq, 2) +
          "</td><td>" + esc(o.quadrant || "") + '</td><td class="explain">' + num(o.supporting) + " established specialisation" + (o.supporting === 1 ? "" : "s") + (o.has_counts ? ", " + num(o.moves) + " moves" : "") + " (of " + num(o.links) + " links): " +
          (o.related || []).map((x) => esc(x.code + " " + x.name) + " (LQ " + num(x.lq, 2) + ", relatedness " + num(x.relatedness, 2) + (o.has_counts ? ", " + num(x.count) + " moves" : "") + ")").join("; ") + ".</td></tr>").join("") + "</tbody></table>";
      call(API + "/regions/" + encodeURIComponent(id) + "/quadrant" + qs(p), false, "quadrant").then((q) => {
        if (seq === renderSeq) window.domainscopeQuadrant.draw($("reg-quadrant"), q);
      }).catch((err) => { if (seq === renderSeq) $("reg-quadrant").textContent = "Quadrant: " + err.message; });
      window.domainscopeBases.show($("reg-bases"), id, seq);
      $("reg-cross").innerHTML = "<h3>Cross-clustering opportunities</h3><table><thead><tr><th>" + term("domain", "domains") + "</th><th class=\"num\">" + term("relatedness", "relatedness") + "</th><th>bridging industries</th></tr></thead><tbody>" +
        (r.cross_clustering || []).map((c) => "<tr><td>" + domainButton(c.domain_a, labels[c.domain_a] || "") + " (" + num(c.specialised_a) + " specialised) ↔ " + domainButton(c.domain_b, labels[c.domain_b] || "") + " (" + num(c.specialised_b) + ")" +
          '</td><td class="num">' + num(c.relatedness, 2) + "</td><td>" + (c.bridges || []).slice(0, 5).map((b) => industryButton(b.code, b.name)).join(", ") + "</td></tr>").join("") + "</tbody></table>";
    } catch (err) { if (seq === renderSeq) addError(err.message); }
    await diag;
  }

  // ---- change view ----
  // changeParams are the compared layer and periods: the hash's, else the
  // first layer with two periods and its two latest periods.
  function changeParams() {
    const s = state();
    const byName = {};
    for (const l of meta.layers) (byName[l.name] = byName[l.name] || []).push(l.period);
    const names = Object.keys(byName).filter((n) => byName[n].length >= 2);
    const layer = s.get("clayer") || names[0] || "";
    const periods = [...new Set(byName[layer] || [])].sort();
    const n = periods.length;
    const to = s.get("cto") || (n >= 1 ? periods[n - 1] : "");
    // The default earlier period is the latest that ends before "to" starts
    // (periods "YYYY" or "YYYY-YYYY"), else the one before "to".
    const span = (p) => { const m = /^(\d{4})(?:-(\d{4}))?$/.exec(p); return m ? [+m[1], +(m[2] || m[1])] : null; };
    let from = s.get("cfrom") || "";
    if (!from) {
      const t = span(to);
      const before = periods.filter((p) => { const x = span(p); return t && x && x[1] < t[0]; });
      from = before.length ? before[before.length - 1] : (periods.filter((p) => p !== to).pop() || "");
    }
    return { layer: layer, names: names, periods: periods, from: from, to: to, floor: s.get("cfloor") || "" };
  }
  function fillChange(c) {
    const opt = (v, sel) => "<option" + (v === sel ? " selected" : "") + ">" + esc(v) + "</option>";
    $("ch-layer").innerHTML = c.names.map((n) => opt(n, c.layer)).join("");
    $("ch-from").innerHTML = c.periods.map((p) => opt(p, c.from)).join("");
    $("ch-to").innerHTML = c.periods.map((p) => opt(p, c.to)).join("");
    $("ch-floor").value = c.floor;
  }
  $("change-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go({ view: "change", clayer: $("ch-layer").value, cfrom: $("ch-from").value, cto: $("ch-to").value, cfloor: $("ch-floor").value, ccode: "" });
  });
  $("ch-layer").addEventListener("change", () => go({ view: "change", clayer: $("ch-layer").value, cfrom: "", cto: "", ccode: "" }));
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("button[data-change-code]");
    if (b) go({ view: "change", ccode: b.dataset.changeCode });
  });
  function changeButton(x) {
    return '<button type="button" class="link" data-change-code="' + esc(x.code) + '">' + esc(x.code + " " + x.name) + "</button>";
  }
  function pairStatus(p) {
    if (p.status === "kept" && p.significant && p.z_adjusted > 0) return "increased";
    if (p.status === "kept" && p.significant && p.z_adjusted < 0) return "decreased";
    return p.status.replace("_", " ");
  }
  async function showChange(code, seq) {
    for (const k of ["ch-title", "ch-summary", "ch-rules", "ch-neigh", "ch-pairs", "ch-events", "ch-diagram-title", "ch-downloads"]) $(k).innerHTML = "";
    clearNetwork($("ch-diagram"));
    const c = changeParams();
    fillChange(c);
    if (!c.layer || !c.from || !c.to || c.from === c.to) {
      $("ch-title").textContent = "Pick a layer with two periods to compare.";
      return;
    }
    const p = { layer: c.layer, from: c.from, to: c.to, floor: c.floor, threshold: state().get("threshold") || "" };
    const gpath = API + "/compare/graph" + qs(Object.assign({ code: code, max_nodes: 40 }, p));
    $("ch-diagram-title").textContent = code ? "How the links of " + code + " changed" : "The most changed links";
    downloads($("ch-downloads"), gpath, "change-" + c.layer + (code ? "-" + code : ""),
      ' · <a href="' + esc(API + "/compare" + qs(Object.assign({ format: "csv" }, p))) + '" download="compare.csv">pairs CSV</a>');
    const diag = network($("ch-diagram"), gpath, seq, { title: code ? "change of the links of " + code : "the most changed links", seeds: code ? code + ", the industry shown" : "" });
    try {
      const r = await call(API + "/compare" + qs(p), false, "comparison");
      if (seq !== renderSeq) return;
      const m = r.summary;
      $("ch-title").textContent = c.layer + ": " + c.from + " → " + c.to;
      $("ch-summary").innerHTML = '<dl class="kv"><dt>Pairs kept</dt><dd>' + num(m.kept) + " (" + num(m.significant) + " " + term("significant", "significant changes") + " of " + num(m.tested) +
        " tested, " + num(m.expected_by_chance, 1) + " expected by chance; " + num(m.up) + " up, " + num(m.down) + " down)</dd>" +
        '<dt>Gained</dt><dd class="gained">' + num(m.gained) + '</dd><dt>Lost</dt><dd class="lost">' + num(m.lost) + "</dd>" +
        "<dt>Appeared / not observed</dt><dd>" + num(m.appeared) + " / " + num(m.not_observed) + " (too small to call)</dd>" +
        "<dt>Became / no longer related</dt><dd>" + num(m.became_related) + " / " + num(m.no_longer_related) + "</dd>" +
        "<dt>Total moves</dt><dd>" + num(m.total_from) + " → " + num(m.total_to) + "</dd></dl>";
      $("ch-rules").innerHTML = "<h3>How missing counts and noise were treated</h3><ul>" + (r.rules || []).map((x) => "<li class=\"explain\">" + esc(x) + "</li>").join("") + "</ul>";
      const nb = (r.neighbourhoods || []).slice(0, 15);
      $("ch-neigh").innerHTML = "<h3>Industries whose neighbourhood changed most</h3>" + (nb.length ?
        '<table><thead><tr><th>industry</th><th class="num">' + term("jaccard", "Jaccard") + '</th><th class="num">' + term("noise", "noise") + '</th><th>joined</th><th>left</th></tr></thead><tbody>' +
        nb.map((x) => "<tr><td>" + changeButton(x) + '</td><td class="num">' + num(x.jaccard, 2) + '</td><td class="num">' + (x.noise_jaccard !== undefined ? num(x.noise_jaccard, 2) : "") +
          (x.beyond_noise ? " ✱" : "") + '</td><td class="explain">' + (x.joined || []).map((y) => esc(y.code)).join(", ") + '</td><td class="explain">' + (x.left || []).map((y) => esc(y.code)).join(", ") + "</td></tr>").join("") +
        '</tbody></table><p class="note">Jaccard overlap of the top-' + num(r.request.top_k) + " related neighbours; ✱ below the 5th percentile of periods simulated with no change.</p>"
        : '<p class="note">No industry has enough related links in both periods.</p>');
      const pairs = (r.pairs || []).filter((x) => pairStatus(x) !== "kept" && x.status !== "appeared" && x.status !== "not_observed").slice(0, 30);
      $("ch-pairs").innerHTML = "<h3>Gained, lost and significantly changed pairs</h3>" + (pairs.length ?
        '<table><thead><tr><th>pair</th><th>change</th><th class="num">' + term("count", "count") + '</th><th class="num">' + term("z", "z (adj.)") + '</th></tr></thead><tbody>' +
        pairs.map((x) => { const st = pairStatus(x); return "<tr><td>" + changeButton(x.a) + " ↔ " + changeButton(x.b) + '</td><td class="' + esc(st) + '">' + esc(st) +
          '</td><td class="num">' + (x.count_from === null ? "—" : num(x.count_from)) + " → " + (x.count_to === null ? "—" : num(x.count_to)) +
          '</td><td class="num">' + (x.z_adjusted === null || x.z_adjusted === undefined ? "" : num(x.z_adjusted, 2)) + "</td></tr>"; }).join("") + "</tbody></table>"
        : '<p class="note">No pair was gained, lost or changed beyond noise.</p>');
    } catch (err) { if (seq === renderSeq) addError(err.message); }
    try {
      const ev = await call(API + "/domains/evolution" + qs({ layer: c.layer, periods: c.from + "," + c.to, threshold: p.threshold, runs: 3 }), false, "domain events");
      if (seq !== renderSeq) return;
      const step = (ev.steps || [])[0] || { events: [] };
      $("ch-events").innerHTML = "<h3>Knowledge domain events</h3>" + ((step.events || []).length ?
        '<table><thead><tr><th>event</th><th>what happened</th><th>beyond noise</th></tr></thead><tbody>' +
        step.events.map((e) => "<tr><td>" + esc(e.type) + '</td><td class="explain">' + esc(e.text) + "</td><td>" + (e.beyond_noise ? "yes" : "no") + "</td></tr>").join("") +
        '</tbody></table><p class="note">Domains matched by member overlap (Greene, Doyle &amp; Cunningham 2010); beyond noise: matched less well than reruns of one period match themselves.</p>'
        : '<p class="note">No domain events.</p>');
    } catch (err) { if (seq === renderSeq) addError(err.message); }
    await diag;
  }

  // ---- views in their own files (compare.js, map.js) ----
  // window.domainscopeViews[name](state, seq) draws view name into the
  // section #view-NAME it creates; window.domainscopeApp lends it the helpers.
  const extraViews = window.domainscopeViews || {};
  window.domainscopeApp = { API, call, esc, num, qs, analysisParams, go, state, term, industryButton, domainButton, addError,
    network, clearNetwork, downloads, briefLinks, meta: () => meta, current: (seq) => seq === renderSeq };

  // ---- routing ----
  async function render() {
    const seq = ++renderSeq;
    renderStart = performance.now();
    document.body.dataset.ready = "";
    const s = state();
    // The permalink of a hypothesis, #hypothesis=ID, opens the Hypotheses view.
    const view = s.get("view") || (s.get("hypothesis") ? "hypotheses" : "industry");
    showError("");
    fillControls();
    for (const v of ["industry", "domains", "bridges", "region", "change"].concat(Object.keys(extraViews))) $("view-" + v).hidden = v !== view;
    document.querySelectorAll("header nav a").forEach((a) => {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    document.querySelectorAll("header nav a").forEach((a) => {
      const t = state();
      t.set("view", a.dataset.view);
      a.href = "#" + t.toString();
    });
    if (view === "industry") await showIndustry(s.get("code") || "", seq);
    else if (view === "domains") await showDomains(s.get("domain") || "", seq);
    else if (view === "bridges") await showBridges(seq);
    else if (view === "region") await showRegion(s.get("region") || "", seq);
    else if (view === "change") await showChange(s.get("ccode") || "", seq);
    else if (extraViews[view]) await extraViews[view](s, seq);
    if (seq === renderSeq) document.body.dataset.ready = view;
  }
  window.addEventListener("error", (ev) => addError("The page failed: " + ev.message));
  window.addEventListener("unhandledrejection", (ev) => addError("The page failed: " + (ev.reason && ev.reason.message || ev.reason)));
  window.addEventListener("hashchange", () => { document.body.dataset.ready = ""; render(); });

  (async function start() {
    try {
      meta = await call(API + "/meta", false, "what is loaded");
    } catch (err) {
      showError("The explorer cannot start: " + err.message);
      return;
    }
    render();
  })();
})();
