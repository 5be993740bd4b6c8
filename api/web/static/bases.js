// domainscope explorer, the region view's "three bases of specialisation"
// section: employment LQ, patent RTA and publication RSA of each knowledge
// domain side by side (GET /regions/{id}/bases), latent domains (strong in
// technology or science, weak in jobs), jobs-only domains and matched ones
// flagged with the rule that flagged them, thin counts marked with their
// note, and the bases that are not loaded named. Every number is the API's.
"use strict";
(function () {
  const MATCH = { latent: "latent", "jobs-only": "jobs-only", matched: "matched", "": "" };

  // cell writes one basis of one domain: index (count), "–" when undefined,
  // "thin" with the API's note when below a count rule.
  function cell(app, c) {
    const v = c.value === null || c.value === undefined ? "–" : app.num(c.value, 2);
    const thin = c.thin ? ' <abbr class="thin" title="' + app.esc(c.note || "below a count rule") + '">thin</abbr>' : "";
    return '<td class="num" data-level="' + app.esc(c.level) + '">' + v + ' <span class="note">(' + app.num(c.count) + ")</span>" + thin + "</td>";
  }

  // show draws the section for region id into el; seq is the render it belongs to.
  async function show(el, id, seq) {
    const app = window.domainscopeApp;
    el.innerHTML = "";
    const p = app.analysisParams({});
    const path = app.API + "/regions/" + encodeURIComponent(id) + "/bases" + app.qs(p);
    let r;
    try {
      r = await app.call(path, false, "bases of specialisation");
    } catch (err) {
      if (app.current(seq)) el.innerHTML = '<h3>Three bases of specialisation</h3><p class="note">' + app.esc(err.message) + "</p>";
      return;
    }
    if (!app.current(seq)) return;
    const pr = r.params || {};
    const bases = (r.bases || []).map((b) => "<li>" + app.esc(b.kind) + ": " + app.term(b.index.toLowerCase(), b.index) + " from " + app.esc(b.measure + " " + b.period) + ", " +
      app.num(b.region_total) + " in the region of " + app.num(b.reference_total) + " in " + app.num(b.regions) + " regions" +
      (b.thin ? ' — <strong>thin</strong>: ' + app.esc(b.note) : "") + "</li>").join("") +
      (r.missing || []).map((m) => '<li class="missing">' + app.esc(m.kind) + ": not loaded — " + app.esc(m.reason) + "</li>").join("");
    const head = (r.bases || []).map((b) => '<th class="num">' + app.term(b.index.toLowerCase(), b.index) + " (" + app.esc(b.measure) + ")</th>").join("");
    const rows = (r.units || []).map((u) => '<tr data-unit="' + app.esc(u.id) + '" data-match="' + app.esc(u.match) + '"><td>' +
      (MATCH[u.match] ? app.term(u.match, MATCH[u.match]) : "") + "</td><td>" + app.domainButton(Number(u.id), u.label) + "</td>" +
      (u.cells || []).map((c) => cell(app, c)).join("") + '<td class="explain">' + app.esc(u.why) + "</td></tr>").join("");
    el.innerHTML = "<h3>Three bases of specialisation</h3>" +
      '<p class="note">Jobs, technology and science by knowledge domain: ' + app.term("lq", "LQ") + ", " + app.term("rta", "RTA") + " and " + app.term("rsa", "RSA") +
      ". " + app.term("latent", "Latent") + ": strong in technology or science, weak in jobs; " + app.term("jobs-only", "jobs-only") + ": jobs without a knowledge base. Strong: index ≥ " +
      app.esc(String(pr.strong)) + " on at least " + app.num(pr.min_cell) + " patents or publications (" + app.num(pr.min_jobs) + " jobs), in a region with more than " + app.num(pr.min_total) +
      " (OECD: 500 patents); weak: below 1.</p><ul class=\"bases\">" + bases + "</ul>" +
      '<table class="bases"><caption>' + app.num((r.counts || {}).latent || 0) + " latent, " + app.num((r.counts || {})["jobs-only"] || 0) + " jobs-only, " + app.num((r.counts || {}).matched || 0) +
      " matched</caption><thead><tr><th>match</th><th>" + app.term("domain", "domain") + "</th>" + head + "<th>why</th></tr></thead><tbody>" + rows + "</tbody></table>" +
      '<p class="downloads"><a href="' + app.esc(path + (path.includes("?") ? "&" : "?") + "format=csv") + '" download="bases-' + app.esc(id) + '.csv">bases CSV</a></p>';
  }

  window.domainscopeBases = { show: show };
})();
