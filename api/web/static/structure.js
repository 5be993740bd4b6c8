// domainscope explorer, Domain structure view: overlapping knowledge
// domains (GET /domains/overlap: the industries that belong to several
// domains, each membership with the share and number of seeds behind it)
// and the hierarchy of domains across resolutions (GET /domains/hierarchy:
// which domains split into which as the resolution grows, with the members
// shared and the weight share of each link). Every number is the API's.
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const $ = (id) => document.getElementById(id);

  function skeleton(app) {
    const el = $("view-structure");
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<form id="structure-form" class="inline-form" aria-label="Overlap and hierarchy parameters">' +
      '<label>Seeds <input id="st-seeds" name="st-seeds" type="number" min="1" max="200" step="1" placeholder="20"></label>' +
      '<label>Least membership <input id="st-min" name="st-min" type="number" min="0" max="1" step="any" placeholder="0.2"></label>' +
      '<label>Resolutions <input id="st-res" name="st-res" type="text" placeholder="0.5,1,2,4" size="14"></label>' +
      '<button type="submit">Show</button></form>' +
      '<p class="note">Overlapping domains: Leiden is run with several seeds; an industry belongs to its own domain and to every other domain whose core it sits with in at least the least membership of the runs. ' +
      "Hierarchy: the domains at each resolution, each linked to the domain at the previous resolution that holds most of its members' strength.</p>" +
      '<div class="cols"><div class="col" id="st-overlap"></div><div class="col" id="st-hierarchy"></div></div>';
    $("structure-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      app.go({ view: "structure", oseeds: $("st-seeds").value, omin: $("st-min").value, ores: $("st-res").value.replace(/\s+/g, "") });
    });
  }

  // refusal shows the API's 400 message (a bad parameter) in el.
  function refusal(app, el, err, what) {
    if (err.apiMessage) {
      el.innerHTML = '<p class="refusal" role="note"><strong>' + app.esc(what) + ":</strong> " + app.esc(err.apiMessage) + "</p>";
      return;
    }
    app.addError(err.message);
  }

  // membership writes "label 0.35 (7 of 20 runs)".
  function membership(app, m, seeds) {
    return '<span class="membership' + (m.home ? " home" : "") + '">' + app.esc(m.label) + ' <span class="num">' + app.num(m.share, 2) +
      "</span> (" + app.num(m.runs) + " of " + app.num(seeds) + " runs)</span>";
  }

  async function showOverlap(app, s, seq) {
    const { esc, num, term } = app;
    const out = $("st-overlap");
    const p = app.analysisParams({ seeds: s.get("oseeds") || "", min_membership: s.get("omin") || "" });
    let r;
    try {
      r = await app.call(app.API + "/domains/overlap" + app.qs(p), false, "overlapping domains");
    } catch (err) {
      if (app.current(seq)) refusal(app, out, err, "No overlapping domains");
      return;
    }
    if (!app.current(seq)) return;
    const seeds = r.request.seeds;
    const multi = (r.industries || []).slice(0, r.multi_domain);
    let h = "<h2>Industries in several " + term("domain", "domains") + " (" + num(r.multi_domain) + " of " + num((r.industries || []).length) + ")</h2>" +
      '<p class="note">' + esc(r.method) + "</p>" +
      '<p class="note">Seeds ' + esc(r.request.seed) + "–" + esc(r.request.seed + seeds - 1) + ", least membership " + esc(r.request.min_membership) + ", resolution " + esc(r.request.resolution) +
      "; " + num((r.domains || []).length) + " consensus domains" + (r.consensus.converged ? "" : " (consensus not converged)") + ".</p>";
    h += multi.length ? '<table class="overlap-table"><thead><tr><th>industry</th><th>its own domain</th><th>also in</th></tr></thead><tbody>' +
      multi.map((x) => '<tr data-code-row="' + esc(x.code) + '"><td>' + app.industryButton(x.code, x.name) + "</td><td>" + membership(app, x.memberships[0], seeds) + "</td><td><ul class=\"plain\">" +
        x.memberships.slice(1).map((m) => "<li>" + membership(app, m, seeds) + "</li>").join("") + "</ul></td></tr>").join("") + "</tbody></table>"
      : '<p class="note">No industry belongs to several domains at this least membership.</p>';
    h += "<details><summary>The " + num((r.domains || []).length) + " consensus domains</summary><table><thead><tr><th class=\"num\">#</th><th>domain</th><th class=\"num\">own members</th><th class=\"num\">members from other domains</th></tr></thead><tbody>" +
      (r.domains || []).map((d) => '<tr><td class="num">' + num(d.id) + "</td><td>" + esc(d.label) + '</td><td class="num">' + num(d.size) + '</td><td class="num">' + num(d.guests) + "</td></tr>").join("") + "</tbody></table></details>";
    h += '<p class="note">Download: <a href="' + esc(app.API + "/domains/overlap" + app.qs(Object.assign({ format: "csv" }, p))) + '" download="domain-overlap.csv">memberships CSV</a></p>';
    out.innerHTML = h;
  }

  async function showHierarchy(app, s, seq) {
    const { esc, num } = app;
    const out = $("st-hierarchy");
    const p = Object.assign(app.analysisParams({ resolutions: s.get("ores") || "" }));
    delete p.resolution;
    let r;
    try {
      r = await app.call(app.API + "/domains/hierarchy" + app.qs(p), false, "domain hierarchy");
    } catch (err) {
      if (app.current(seq)) refusal(app, out, err, "No hierarchy");
      return;
    }
    if (!app.current(seq)) return;
    const levels = r.levels || [];
    // node writes one domain of level k and, nested, its children at k+1.
    const node = (k, d) => {
      const lv = levels[k];
      let h = '<li data-level="' + k + '" data-domain-id="' + esc(d.id) + '"><button type="button" class="link" data-hdomain="' + esc(d.id) + '" data-gamma="' + esc(lv.resolution) + '">γ ' + esc(lv.resolution) + " #" + esc(d.id) + " " + esc(d.label) + "</button> (" + num(d.size) + ")";
      if (k > 0) {
        h += ' <span class="explain">' + num(d.shared) + " of " + num(d.size) + " members from its parent, weight share " + num(d.weight_share, 2) + (d.member_share < 1 ? ' — <strong class="not-nested">not nested</strong>' : "") + "</span>";
      }
      const kids = k + 1 < levels.length ? levels[k + 1].domains.filter((c) => c.parent === d.id) : [];
      if (kids.length) h += "<ul>" + kids.map((c) => node(k + 1, c)).join("") + "</ul>";
      return h + "</li>";
    };
    let h = "<h2>How the domains split as the resolution grows</h2>" +
      '<p class="note">' + esc(r.rule) + "</p>" +
      '<p class="note">' + levels.map((lv) => "γ " + esc(lv.resolution) + ": " + num(lv.domains.length) + " domains, modularity " + num(lv.modularity, 3) + ", " + num(lv.not_nested) + " not nested").join("; ") + ". Open a domain to see it at its resolution.</p>";
    h += levels.length ? '<ul class="hierarchy-tree">' + levels[0].domains.map((d) => node(0, d)).join("") + "</ul>" : "";
    h += '<p class="note">Download: <a href="' + esc(app.API + "/domains/hierarchy" + app.qs(Object.assign({ format: "csv" }, p))) + '" download="domain-hierarchy.csv">hierarchy CSV</a></p>';
    out.innerHTML = h;
  }

  document.addEventListener("click", (ev) => {
    const b = ev.target.closest && ev.target.closest("button[data-hdomain]");
    if (b) window.domainscopeApp.go({ view: "domains", domain: b.dataset.hdomain, resolution: b.dataset.gamma });
  });

  window.domainscopeViews.structure = async function (s, seq) {
    const app = window.domainscopeApp;
    skeleton(app);
    $("st-seeds").value = s.get("oseeds") || "";
    $("st-min").value = s.get("omin") || "";
    $("st-res").value = s.get("ores") || "";
    $("st-overlap").innerHTML = "";
    $("st-hierarchy").innerHTML = "";
    // Requests run one at a time (app.call); the overlap first.
    await showOverlap(app, s, seq);
    await showHierarchy(app, s, seq);
  };
})();
