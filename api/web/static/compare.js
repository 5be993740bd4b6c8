// domainscope explorer, Compare view: two to four regions side by side
// (GET /regions/compare), the partner regions of the first by
// complementarity beside its similarity-based peers (GET /regions/{id}/partners),
// and the chosen regions taken together as one functional region
// (GET /regions/{id}/profile?regions=…). The URL hash holds the regions (cmp=a,b).
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const MAX = 4;

  function section() { return document.getElementById("view-compare"); }

  // skeleton draws the form once; the selects are refilled on every render.
  function skeleton(app) {
    const el = section();
    if (el.dataset.built) return;
    el.dataset.built = "1";
    let selects = "";
    for (let k = 0; k < MAX; k++) {
      selects += '<label>Region ' + (k + 1) + (k >= 2 ? " (optional)" : "") + ' <select id="cmp-' + k + '" name="cmp-' + k + '"></select></label>';
    }
    el.innerHTML = '<form id="compare-form" class="inline-form" aria-label="Regions to compare">' + selects +
      '<label class="check"><input type="checkbox" id="cmp-sum" name="cmp-sum"> also take them together as one functional region</label>' +
      '<button type="submit">Compare</button></form>' +
      '<p class="note">Put two to four regions side by side on the same relatedness graph, domains and regional values. ' +
      "Partner regions are ranked for the first region by complementarity; the peers beside them by similarity.</p>" +
      '<div id="cmp-summary"></div><div id="cmp-shared"></div><div id="cmp-each"></div>' +
      '<div id="cmp-partners"></div><div id="cmp-peers"></div>' +
      '<div id="cmp-together"></div>';
    document.getElementById("compare-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const ids = [];
      for (let k = 0; k < MAX; k++) {
        const v = document.getElementById("cmp-" + k).value;
        if (v && !ids.includes(v)) ids.push(v);
      }
      app.go({ view: "compare", cmp: ids.join(","), together: document.getElementById("cmp-sum").checked ? "1" : "" });
    });
  }

  function fillSelects(app, chosen, together) {
    const regions = app.meta().regions || [];
    for (let k = 0; k < MAX; k++) {
      const sel = document.getElementById("cmp-" + k);
      sel.innerHTML = '<option value="">' + (k < 2 ? "choose a region…" : "none") + "</option>" + regions.map((r) =>
        '<option value="' + app.esc(r.id) + '"' + (chosen[k] === r.id ? " selected" : "") + ">" + app.esc(r.name) + "</option>").join("");
    }
    document.getElementById("cmp-sum").checked = together;
  }

  function clear() {
    for (const id of ["cmp-summary", "cmp-shared", "cmp-each", "cmp-partners", "cmp-peers", "cmp-together"]) document.getElementById(id).innerHTML = "";
  }

  function regionName(r) { return r.name || r.id; }

  async function show(s, seq) {
    const app = window.domainscopeApp;
    const { esc, num, term } = app;
    skeleton(app);
    const chosen = (s.get("cmp") || "").split(",").filter(Boolean);
    const together = s.get("together") === "1";
    fillSelects(app, chosen, together);
    clear();
    if (chosen.length < 2) {
      document.getElementById("cmp-summary").innerHTML = '<p class="note">Choose at least two regions.</p>';
      return;
    }
    const p = app.analysisParams({ regions: chosen.join(",") });
    let res;
    try {
      res = await app.call(app.API + "/regions/compare" + app.qs(p), false, "the comparison");
    } catch (err) {
      if (app.current(seq)) app.addError(err.message);
      return;
    }
    if (!app.current(seq)) return;
    const names = res.regions.map((r) => regionName(r.region));
    const q = res.regional_set && res.regional_set.measure === "patents" ? "RTA" : "LQ";
    document.getElementById("cmp-summary").innerHTML = "<h2>" + esc(names.join(" vs ")) + "</h2>" +
      '<table><caption class="note">' + esc(res.regional_set.measure + " " + res.regional_set.period) + "</caption><thead><tr><th>region</th>" +
      '<th class="num">jobs</th><th class="num">share</th><th class="num">industries</th><th class="num">' + term("established", "established specialisations") +
      '</th><th class="num">unique</th><th class="num">' + term("entropy", "entropy") + '</th><th class="num">' + term("related-variety", "related variety") +
      '</th><th class="num">' + term("unrelated-variety", "unrelated variety") + '</th><th class="num">' + term("hhi", "HHI") + '</th><th class="num">' + term("eci", "ECI (rank)") +
      "</th></tr></thead><tbody>" + res.regions.map((r) => "<tr><th scope=\"row\">" + esc(regionName(r.region)) + '</th><td class="num">' + num(r.total) +
        '</td><td class="num">' + num(100 * r.share, 1) + ' %</td><td class="num">' + num(r.industries) + '</td><td class="num">' + num(r.established) +
        '</td><td class="num">' + num(r.unique.length) + '</td><td class="num">' + num(r.variety.entropy, 2) + '</td><td class="num">' + num(r.variety.related, 2) +
        '</td><td class="num">' + num(r.variety.unrelated, 2) + '</td><td class="num">' + num(r.hhi, 3) + '</td><td class="num">' +
        (r.eci === undefined || r.eci === null ? "—" : num(r.eci, 2) + " (#" + esc(r.eci_rank) + ")") + "</td></tr>").join("") + "</tbody></table>" +
      "<h3>How alike the portfolios are (" + term("portfolio-jaccard", "Jaccard") + " of the established specialisations)</h3>" +
      "<table><thead><tr><th></th>" + names.map((n) => '<th class="num">' + esc(n) + "</th>").join("") + "</tr></thead><tbody>" +
      res.jaccard.map((row, a) => '<tr><th scope="row">' + esc(names[a]) + "</th>" + row.map((x) => '<td class="num">' + num(x, 2) + "</td>").join("") + "</tr>").join("") + "</tbody></table>";

    const shared = res.shared.slice(0, 20);
    document.getElementById("cmp-shared").innerHTML = "<h3>Specialisations all of them share (" + num(res.shared.length) + ")</h3>" + (shared.length ?
      "<table><thead><tr><th>industry</th>" + names.map((n) => '<th class="num">' + q + " " + esc(n) + "</th>").join("") + "</tr></thead><tbody>" +
      shared.map((x) => "<tr><td>" + app.industryButton(x.code, x.name) + "</td>" + x.lq.map((v) => '<td class="num">' + num(v, 2) + "</td>").join("") + "</tr>").join("") +
      "</tbody></table>" + (res.shared.length > shared.length ? '<p class="note">The 20 with the highest smallest ' + q + " shown.</p>" : "")
      : '<p class="note">None: no established specialisation is common to all of them.</p>');

    const label = (id) => res.domain_labels && res.domain_labels[id] ? res.domain_labels[id] : "";
    document.getElementById("cmp-each").innerHTML = '<div class="cmp-grid">' + res.regions.map((r) => '<div class="col"><h3>' + esc(regionName(r.region)) + "</h3>" +
      "<h4>Only here (" + num(r.unique.length) + ")</h4>" + (r.unique.length ? "<ul>" + r.unique.slice(0, 8).map((x) => "<li>" + app.industryButton(x.code, x.name) +
        ' <span class="note">' + q + " " + num(x.lq, 2) + "</span></li>").join("") + "</ul>" : '<p class="note">none</p>') +
      "<h4>Strong in the domains</h4>" + (r.domains.length ? "<ul>" + r.domains.slice(0, 5).map((d) => "<li>" + app.domainButton(d.domain, label(d.domain)) +
        ' <span class="note">' + num(d.specialised) + " of " + num(d.members) + " specialised</span></li>").join("") + "</ul>" : '<p class="note">none</p>') +
      "<h4>" + "Opportunities" + "</h4>" + (r.opportunities.length ? "<ol>" + r.opportunities.slice(0, 5).map((o) => "<li>" + app.industryButton(o.code, o.name) +
        ' <span class="note">' + term("relatedness-density", "density") + " " + num(o.density, 0) + "</span></li>").join("") + "</ol>" : '<p class="note">none</p>') +
      "</div>").join("") + "</div>";

    const focal = res.regions[0].region;
    try {
      const pr = await app.call(app.API + "/regions/" + encodeURIComponent(focal.id) + "/partners" + app.qs(app.analysisParams({ top: 5, explain: 3 })), false, "partner regions");
      if (!app.current(seq)) return;
      document.getElementById("cmp-partners").innerHTML = "<h3>Partner regions for " + esc(regionName(focal)) + ", by " + term("complementarity", "complementarity") + "</h3>" +
        '<p class="note">' + esc(pr.formula) + "</p>" +
        '<table><thead><tr><th>region</th><th class="num">complementarity</th><th class="num">industries</th><th class="num">' + term("portfolio-jaccard", "Jaccard") +
        "</th><th>why</th></tr></thead><tbody>" + pr.partners.map((x) => '<tr><th scope="row">' + esc(regionName(x.region)) + '</th><td class="num">' + num(x.complementarity, 1) +
          '</td><td class="num">' + num(x.covered) + '</td><td class="num">' + num(x.jaccard, 2) + '</td><td class="explain">' + esc(x.why) + "</td></tr>").join("") + "</tbody></table>";
      document.getElementById("cmp-peers").innerHTML = "<h3>Most similar regions (peers)</h3>" +
        '<table><thead><tr><th>region</th><th class="num">' + term("portfolio-jaccard", "Jaccard") + '</th><th class="num">shared</th><th class="num">cosine of ' + q + "</th></tr></thead><tbody>" +
        pr.peers.slice(0, 5).map((x) => '<tr><th scope="row">' + esc(regionName(x.region)) + '</th><td class="num">' + num(x.jaccard, 2) + '</td><td class="num">' + num(x.shared) +
          '</td><td class="num">' + num(x.cosine_lq, 2) + "</td></tr>").join("") + "</tbody></table>" +
        '<p class="note">A peer has the same strengths; a partner has the ones this region is related to but lacks.</p>';
    } catch (err) { if (app.current(seq)) app.addError(err.message); }

    if (!together) return;
    try {
      const ids = res.regions.map((r) => r.region.id);
      const sum = await app.call(app.API + "/regions/" + encodeURIComponent(ids[0]) + "/profile" + app.qs(app.analysisParams({ regions: ids.slice(1).join(",") })), false, "the regions together");
      if (!app.current(seq)) return;
      document.getElementById("cmp-together").innerHTML = "<h2>Taken together: " + esc(sum.region.name) + "</h2>" +
        '<p>' + num(sum.total) + " jobs (" + num(100 * sum.share, 1) + " % of all regions), " + num(sum.established) + " established specialisations" +
        (sum.complexity ? ", ECI " + num(sum.complexity.eci, 2) : "") + ". Its quotients compare the merged economy with the same reference as every region.</p>" +
        "<h3>Opportunities of the functional region</h3>" + ((sum.opportunities || []).length ? "<ol>" + sum.opportunities.slice(0, 10).map((o) => "<li>" +
          app.industryButton(o.code, o.name) + ' <span class="note">density ' + num(o.density, 0) + ", " + num(o.supporting) + " supporting specialisations</span></li>").join("") + "</ol>"
          : '<p class="note">none</p>');
    } catch (err) { if (app.current(seq)) app.addError(err.message); }
  }

  window.domainscopeViews.compare = show;
})();
