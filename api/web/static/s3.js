// domainscope explorer, the S3 toolkit views. Clusters: a region's
// European Cluster Observatory star ratings (GET /regions/{id}/stars: size,
// specialisation and focus, each star with its reason, the thresholds
// adjustable) and its development pathways with the reach of the generic
// industries (GET /regions/{id}/pathways). Dynamics: entries and exits of
// specialisations between two periods and whether relatedness density
// predicted entry (GET /dynamics: AUC, logistic slope with SE and p), or the
// API's message when the data cannot support the test. It only shows what
// the API answers; every number is the API's.
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const $ = (id) => document.getElementById(id);

  // layersLine names the layers@period and their thresholds a result used.
  function layersLine(app, prov) {
    const ls = (prov && prov.layers) || [];
    return ls.map((l, i) => app.esc(l.name + "@" + l.period) + " (threshold " + app.esc(String((prov.thresholds || [])[i])) + ")").join(", ");
  }
  // paramsList prints the parameters in use as a definition list.
  function paramsList(app, rows) {
    return '<h3>Parameters in use</h3><dl class="kv params">' + rows.filter((r) => r[1] !== "" && r[1] !== undefined).map((r) => "<dt>" + r[0] + "</dt><dd>" + r[1] + "</dd>").join("") + "</dl>";
  }
  // refusal shows an error of the API as a plain message in el: when the
  // data cannot support an analysis the API answers 400 with a sentence
  // saying why; that sentence is the answer, not a failure of the page.
  function refusal(app, el, err, what) {
    if (err.apiMessage) {
      el.innerHTML = '<p class="refusal" role="note"><strong>' + app.esc(what) + ":</strong> " + app.esc(err.apiMessage) + "</p>" +
        (err.parameter ? '<p class="note">The parameter ' + app.esc(err.parameter) + " was refused; change it above.</p>" : "");
      return;
    }
    app.addError(err.message);
  }

  // ---- Clusters: stars and pathways ----
  function clustersSkeleton(app) {
    const el = $("view-clusters");
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<form id="clusters-form" class="inline-form" aria-label="Region and star thresholds">' +
      '<label>Region <select id="cl-region" name="cl-region"></select></label>' +
      '<label>Clusters <select id="cl-by" name="cl-by"><option value="domain">knowledge domains</option><option value="level">industry groups</option></select></label>' +
      '<label>Group level <input id="cl-level" name="cl-level" type="number" min="0" max="20" step="1" placeholder="0"></label>' +
      '<label>Size star: top share of regions <input id="cl-size" name="cl-size" type="number" step="any" min="0" max="1" placeholder="0.1"></label>' +
      '<label>Specialisation star: least LQ <input id="cl-lq" name="cl-lq" type="number" step="any" min="0" max="100" placeholder="2"></label>' +
      '<label>Focus star: top share of cells <input id="cl-focus" name="cl-focus" type="number" step="any" min="0" max="1" placeholder="0.1"></label>' +
      '<button type="submit">Rate</button></form>' +
      '<p class="note">European Cluster Observatory star ratings of the region\'s clusters and the development pathway of each knowledge domain for the region. The thresholds go to the API as size_top, min_lq and focus_top.</p>' +
      '<h2 id="cl-title"></h2><div id="cl-stars"></div><div id="cl-pathways"></div><div id="cl-reach"></div>';
    $("clusters-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      app.go({ view: "clusters", region: $("cl-region").value, sby: $("cl-by").value === "domain" ? "" : $("cl-by").value,
        slevel: $("cl-level").value, size_top: $("cl-size").value, min_lq: $("cl-lq").value, focus_top: $("cl-focus").value });
    });
    $("cl-region").addEventListener("change", () => $("clusters-form").requestSubmit());
  }

  // starsCell draws 0–3 stars as text with an accessible name.
  function starsCell(app, c) {
    const met = [["size", c.size], ["specialisation", c.specialisation], ["focus", c.focus]].filter((x) => x[1]).map((x) => x[0]);
    const label = c.stars + " of 3 stars" + (met.length ? ": " + met.join(", ") : "");
    return '<span class="stars" role="img" aria-label="' + app.esc(label) + '">' + "★".repeat(c.stars) + '<span class="star-off">' + "☆".repeat(3 - c.stars) + "</span></span>";
  }

  async function showClusters(s, seq) {
    const app = window.domainscopeApp;
    const { esc, num, term } = app;
    clustersSkeleton(app);
    const regions = app.meta().regions || [];
    const id = s.get("region") || "";
    $("cl-region").innerHTML = '<option value="">choose a region…</option>' + regions.map((r) => '<option value="' + esc(r.id) + '"' + (r.id === id ? " selected" : "") + ">" + esc(r.name) + "</option>").join("");
    $("cl-by").value = s.get("sby") || "domain";
    $("cl-level").value = s.get("slevel") || "";
    $("cl-size").value = s.get("size_top") || "";
    $("cl-lq").value = s.get("min_lq") || "";
    $("cl-focus").value = s.get("focus_top") || "";
    for (const k of ["cl-stars", "cl-pathways", "cl-reach"]) $(k).innerHTML = "";
    if (!id) { $("cl-title").textContent = "Pick a region to rate its clusters."; return; }
    $("cl-title").textContent = (regions.find((r) => r.id === id) || { name: id }).name;
    const base = app.analysisParams({ measure: s.get("measure") || "" });
    const sp = Object.assign({ by: s.get("sby") || "", level: s.get("slevel") || "", size_top: s.get("size_top") || "", min_lq: s.get("min_lq") || "", focus_top: s.get("focus_top") || "" }, base);
    const path = app.API + "/regions/" + encodeURIComponent(id);
    try {
      const r = await app.call(path + "/stars" + app.qs(sp), false, "cluster stars");
      if (!app.current(seq)) return;
      const p = r.params || {};
      const q = r.regional_set.measure === "patents" ? "RTA" : "LQ";
      const unit = r.regional_set.measure === "patents" ? "patents" : "jobs";
      $("cl-title").textContent = r.region.name + " — " + r.regional_set.measure + " " + r.regional_set.period;
      $("cl-stars").innerHTML = "<h3>" + term("stars", "Cluster stars") + " of its " + (p.by === "level" ? "industry groups (level " + esc(r.request.level) + ")" : "knowledge domains") + "</h3>" +
        '<p class="note">' + esc(r.method) + ".</p>" +
        '<table class="stars-table"><caption class="note">Against ' + num(r.regions) + " regions; thresholds: size top " + num(100 * Number(p.size_top), 1) + " % of the regions with " + unit + " in the cluster, " + q + " ≥ " + esc(p.min_lq) +
        ", focus top " + num(100 * Number(p.focus_top), 1) + " % of all region × cluster cells.</caption><thead><tr><th>cluster</th><th class=\"num\">industries</th><th class=\"num\">" + term("employment", unit) +
        '</th><th class="num">' + term("lq", q) + '</th><th class="num">' + term("focus-share", "focus share") + "</th><th>" + term("stars", "stars") + "</th><th>why each star</th></tr></thead><tbody>" +
        (r.clusters || []).map((c) => '<tr data-cluster="' + esc(c.id) + '"><td>' + (p.by === "level" ? esc(c.label) : app.domainButton(c.id, c.label)) + '</td><td class="num">' + num(c.industries) +
          '</td><td class="num">' + num(Math.round(c.jobs)) + '</td><td class="num">' + num(c.lq, 2) + '</td><td class="num">' + num(100 * c.share, 2) + " %</td><td>" + starsCell(app, c) +
          '</td><td class="explain"><ul class="reasons">' + (c.reasons || []).map((x) => "<li>" + esc(x) + "</li>").join("") + "</ul></td></tr>").join("") + "</tbody></table>" +
        paramsList(app, [["Layers", layersLine(app, r.provenance)], ["Regional values", esc(r.regional_set.measure + " " + r.regional_set.period)],
          ["Clusters", esc(p.by === "level" ? "industry groups at level " + r.request.level : "knowledge domains, resolution " + p.resolution + ", seed " + p.seed)],
          ["Size star", "top " + esc(p.size_top) + " (size_top)"], ["Specialisation star", q + " ≥ " + esc(p.min_lq) + " (min_lq)"], ["Focus star", "top " + esc(p.focus_top) + " (focus_top)"]]) +
        '<p class="note">Download: <a href="' + esc(path + "/stars" + app.qs(Object.assign({ format: "csv" }, sp))) + '" download="stars-' + esc(id) + '.csv">stars CSV</a></p>';
    } catch (err) { if (app.current(seq)) refusal(app, $("cl-stars"), err, "No star ratings"); }
    try {
      const r = await app.call(path + "/pathways" + app.qs(base), false, "pathways");
      if (!app.current(seq)) return;
      const ruleOf = (label) => (r.rules || []).find((x) => x.startsWith(label + ":")) || "";
      const names = (xs) => (xs || []).length ? '<ul class="plain">' + xs.map((x) => "<li>" + app.industryButton(x.code, x.name) + "</li>").join("") + "</ul>" : "";
      $("cl-pathways").innerHTML = "<h3>" + term("pathway", "Development pathways") + " of the knowledge domains for the region</h3>" +
        '<p class="note">Median ' + term("relatedness-density", "relatedness density") + " of the industries the region lacks: " + num(r.median_density, 1) + ". An established specialisation: " + esc(String(r.regional_set.measure === "patents" ? "RTA" : "LQ")) + " ≥ 1, at least " + num(r.evidence.min_value) + ", Poisson p ≤ " + esc(r.evidence.alpha) + ".</p>" +
        '<table class="pathways-table"><thead><tr><th>domain</th><th class="num">members</th><th>pathway</th><th>rule that produced it</th><th>established members (base)</th><th>' + term("generic", "generic") + " members it lacks, linked to the base</th><th class=\"num\">gaps</th><th class=\"num\">mean density of gaps</th></tr></thead><tbody>" +
        (r.pathways || []).map((x) => '<tr data-domain-row="' + esc(x.domain) + '"><td>' + app.domainButton(x.domain, x.label) + '</td><td class="num">' + num(x.size) + '</td><td class="pathway"><strong>' + esc(x.pathway) + '</strong><div class="explain">' + esc(x.why) + '</div></td><td class="explain">' + esc(ruleOf(x.pathway)) +
          "</td><td>" + (names(x.base) || '<span class="note">none</span>') + "</td><td>" + (names(x.hubs) || '<span class="note">none</span>') + '</td><td class="num">' + num(x.gaps) + '</td><td class="num">' + num(x.mean_gap_density, 1) + "</td></tr>").join("") + "</tbody></table>";
      const generic = (r.reach || []).filter((x) => x.generic);
      const reachRow = (x) => '<tr data-code-row="' + esc(x.code) + '"><td>' + app.industryButton(x.code, x.name) + "</td><td>" + app.domainButton(x.domain, "") + '</td><td class="num">' + num(x.domains) + '</td><td class="num">' + num(x.participation, 2) + '</td><td class="num">' + num(x.degree) + "</td></tr>";
      const head = '<thead><tr><th>industry</th><th>its domain</th><th class="num">' + term("reach", "domains reached") + '</th><th class="num">' + term("participation") + '</th><th class="num">degree</th></tr></thead>';
      $("cl-reach").innerHTML = "<h3>Generic industries and their " + term("reach", "reach") + " (" + num(generic.length) + ")</h3>" +
        '<p class="note">Generic intermediaries: ' + esc((r.rules || [])[0] ? r.rules[0].replace(/^.*generic intermediaries by /, "") : "") + ".</p>" +
        (generic.length ? '<table class="generic-table">' + head + "<tbody>" + generic.map(reachRow).join("") + "</tbody></table>" : '<p class="note">No industry meets the rule.</p>') +
        "<h3>Widest reach (top 10 of " + num((r.reach || []).length) + " industries with links)</h3>" +
        '<table class="reach-table">' + head + "<tbody>" + (r.reach || []).slice(0, 10).map(reachRow).join("") + "</tbody></table>" +
        paramsList(app, [["Layers", layersLine(app, r.provenance)], ["Regional values", esc(r.regional_set.measure + " " + r.regional_set.period)],
          ["Domains", "resolution " + esc(r.request.resolution) + ", seed " + esc(r.request.seed)], ["Established specialisation", "at least " + num(r.evidence.min_value) + ", α = " + esc(r.evidence.alpha)]]) +
        '<p class="note">Download: <a href="' + esc(path + "/pathways" + app.qs(Object.assign({ format: "csv" }, base))) + '" download="pathways-' + esc(id) + '.csv">pathways CSV</a></p>';
    } catch (err) { if (app.current(seq)) refusal(app, $("cl-pathways"), err, "No pathways"); }
  }

  // ---- Dynamics ----
  function dynamicsSkeleton(app) {
    const el = $("view-dynamics");
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<form id="dynamics-form" class="inline-form" aria-label="Periods of regional values">' +
      '<label>Measure <select id="dy-measure" name="dy-measure"><option value="employment">employment</option><option value="patents">patents</option></select></label>' +
      '<label>From <select id="dy-from" name="dy-from"></select></label><label>To <select id="dy-to" name="dy-to"></select></label>' +
      '<label>Least entries to test <input id="dy-min" name="dy-min" type="number" min="2" step="1" placeholder="10"></label>' +
      '<button type="submit">Test</button></form>' +
      '<p class="note">Did relatedness density at the start predict which specialisations regions gained by the end? Entries and exits of established specialisations of every region between two periods of regional values.</p>' +
      '<div id="dy-out"></div>';
    $("dynamics-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      app.go({ view: "dynamics", dmeasure: $("dy-measure").value === "employment" ? "" : $("dy-measure").value, dfrom: $("dy-from").value, dto: $("dy-to").value, dmin: $("dy-min").value });
    });
  }

  async function showDynamics(s, seq) {
    const app = window.domainscopeApp;
    const { esc, num, term } = app;
    dynamicsSkeleton(app);
    const measure = s.get("dmeasure") || "employment";
    const periods = (app.meta().regional_sets || []).filter((x) => x.measure === measure).map((x) => x.period).sort();
    const opt = (v, sel, none) => '<option value="' + esc(v) + '"' + (v === sel ? " selected" : "") + ">" + esc(v || none) + "</option>";
    $("dy-measure").value = measure;
    $("dy-from").innerHTML = opt("", s.get("dfrom") || "", "earliest") + periods.map((x) => opt(x, s.get("dfrom") || "")).join("");
    $("dy-to").innerHTML = opt("", s.get("dto") || "", "latest") + periods.map((x) => opt(x, s.get("dto") || "")).join("");
    $("dy-min").value = s.get("dmin") || "";
    const out = $("dy-out");
    out.innerHTML = "";
    const p = Object.assign(app.analysisParams(), { measure: s.get("dmeasure") || "", from: s.get("dfrom") || "", to: s.get("dto") || "", min_entries: s.get("dmin") || "" });
    delete p.resolution;
    delete p.seed;
    let r;
    try {
      r = await app.call(app.API + "/dynamics" + app.qs(p), false, "dynamics");
    } catch (err) {
      if (app.current(seq)) refusal(app, out, err, "The data cannot support this test");
      return;
    }
    if (!app.current(seq)) return;
    const l = r.logit;
    const pval = (x) => (x < 0.001 ? x.toPrecision(2) : num(x, 3));
    let h = "<h2>" + esc(r.request.measure) + " " + esc(r.from.period) + " → " + esc(r.to.period) + ", " + num(r.regions) + " regions</h2>" +
      '<p class="verdict" role="note"><strong>' + (r.tested ? "Result" : "Not tested") + ":</strong> " + esc(r.verdict) + "</p>" +
      '<dl class="kv dynamics-counts"><dt>' + term("at-risk", "Cells at risk") + '</dt><dd data-k="at_risk">' + num(r.at_risk) + "</dd>" +
      "<dt>" + term("entry", "Entries") + '</dt><dd data-k="entries">' + num(r.entries) + " (" + num(100 * r.entry_rate, 2) + " % of the cells at risk)</dd>" +
      "<dt>" + term("exit", "Exits") + '</dt><dd data-k="exits">' + num(r.exits) + "</dd><dt>Kept</dt><dd data-k=\"kept\">" + num(r.kept) + "</dd>" +
      "<dt>Mean start " + term("relatedness-density", "density") + ' of entries / others</dt><dd data-k="means">' + num(r.mean_density_entries, 1) + " / " + num(r.mean_density_others, 1) + "</dd>";
    if (r.tested) {
      h += "<dt>" + term("auc", "AUC") + '</dt><dd data-k="auc">' + num(r.auc, 3) + ' <span class="note">(0.5: no prediction)</span></dd>';
      if (l) {
        h += "<dt>" + term("logit-slope", "Logistic slope") + '</dt><dd data-k="slope">' + num(l.slope, 4) + ' <span class="note">per density point</span></dd>' +
          "<dt>" + term("standard-error", "Standard error") + '</dt><dd data-k="se">' + num(l.slope_se, 4) + "</dd>" +
          "<dt>" + term("p-value", "p (Wald)") + '</dt><dd data-k="p">' + pval(l.p) + ' <span class="note">(z = ' + num(l.z, 2) + ")</span></dd>";
      }
    }
    h += "</dl>";
    for (const w of r.warnings || []) h += '<p class="note">' + esc(w) + "</p>";
    const regionName = {};
    for (const x of app.meta().regions || []) regionName[x.id] = x.name;
    const q = r.request.measure === "patents" ? "RTA" : "LQ";
    const cells = (xs, caption) => "<table><caption>" + caption + '</caption><thead><tr><th>region</th><th>industry</th><th class="num">density at the start</th><th class="num">' + q + " " + esc(r.from.period) + '</th><th class="num">' + q + " " + esc(r.to.period) + "</th></tr></thead><tbody>" +
      xs.map((x) => "<tr><td>" + esc(regionName[x.region] || x.region) + "</td><td>" + app.industryButton(x.code, x.name) + '</td><td class="num">' + num(x.density_from, 1) + '</td><td class="num">' + num(x.lq_from, 2) + '</td><td class="num">' + num(x.lq_to, 2) + "</td></tr>").join("") + "</tbody></table>";
    h += '<div class="cmp-grid"><div>' + cells(r.entry_list || [], "Entries, highest start density first (" + num((r.entry_list || []).length) + " of " + num(r.entries) + ")") + "</div><div>" +
      cells(r.exit_list || [], "Exits, highest start LQ first (" + num((r.exit_list || []).length) + " of " + num(r.exits) + ")") + "</div></div>";
    h += "<h3>Rules</h3><ul>" + (r.rules || []).map((x) => '<li class="explain">' + esc(x) + "</li>").join("") + "</ul>" +
      paramsList(app, [["Layers", layersLine(app, r.provenance)], ["Regional values", esc(r.request.measure + " " + r.from.period + " → " + r.to.period)],
        ["Established specialisation", "at least " + num(r.evidence.min_value) + ", α = " + esc(r.evidence.alpha)], ["Least entries to test", num(r.request.min_entries)]]) +
      '<p class="note">Download: <a href="' + esc(app.API + "/dynamics" + app.qs(Object.assign({}, p, { format: "csv", top: -1 }))) + '" download="dynamics.csv">entries and exits CSV</a></p>';
    out.innerHTML = h;
  }

  window.domainscopeViews.clusters = showClusters;
  window.domainscopeViews.dynamics = showDynamics;
})();
