// domainscope explorer, Priorities view: two priority sets (a region's
// clusters of one year, its S3 priorities of another) compared by shared
// codes and relatedness (POST /priorities/compare), or a region's
// specialisations against a priority set; the seeds' worked examples
// (GET /priorities/examples: Piedmont 2009 → 2015, innoBB) fill the form.
// The URL hash holds the example, the region and the minimum ratio; sets
// typed into the form are sent in the request body and are not bookmarked.
// Every number is the API's.
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const $ = (id) => document.getElementById(id);
  let examples = null; // GET /priorities/examples, once

  function skeleton(app) {
    const el = $("view-priorities");
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<form id="prio-form" aria-label="Priority sets to compare">' +
      '<p class="inline-form"><label>Worked example <select id="prio-example" name="prio-example"><option value="">none: my own sets</option></select></label>' +
      '<label>Region <select id="prio-region" name="prio-region"></select></label>' +
      '<label>Least ratio <input id="prio-ratio" name="prio-ratio" type="number" step="any" min="0" max="1000" placeholder="2"></label>' +
      '<button type="submit">Compare</button></p>' +
      '<div class="cmp-grid"><div class="col"><label for="prio-old">Old set (CSV group,code[,name])</label>' +
      '<textarea id="prio-old" name="prio-old" rows="10" spellcheck="false" style="width: 100%; font-family: monospace" placeholder="group,code&#10;Agri-food,10"></textarea></div>' +
      '<div class="col"><label for="prio-new">New set (CSV group,code[,name])</label>' +
      '<textarea id="prio-new" name="prio-new" rows="10" spellcheck="false" style="width: 100%; font-family: monospace" placeholder="group,code&#10;Life sciences,21"></textarea></div></div></form>' +
      '<p class="note">Which old groups map into which new ones: the codes they share, the part of the old group the new one carries ' +
      "(a shared code whole, any other code by its links into it), the link share W(A,B)/vol(A) and the ratio W(A,B)·2m/(vol(A)·vol(B)) of the " +
      "link weight to what the configuration model expects. An old group maps into a new one when they share a code or the ratio reaches the least ratio. " +
      "With a region, the old set is the region's established specialisations by knowledge domain, and a priority without a predecessor lacks a base. " +
      "The worked examples name NACE Rev. 2 divisions: they run on the demo data (domainscope serve --demo); their codes are the project's assumption, stated in their comment lines.</p>" +
      '<div id="prio-result"></div>';
    $("prio-example").addEventListener("change", () => fillExample(app, $("prio-example").value));
    $("prio-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const ex = $("prio-example").value;
      const typed = !ex || $("prio-old").value !== exampleText(ex, "old_csv") || $("prio-new").value !== exampleText(ex, "new_csv");
      if (typed) {
        // Own sets: sent from the form, not held in the URL.
        app.go({ view: "priorities", pex: "", pregion: $("prio-region").value, pratio: $("prio-ratio").value, own: "1" });
      } else {
        app.go({ view: "priorities", pex: ex, pregion: $("prio-region").value, pratio: $("prio-ratio").value, own: "" });
      }
    });
  }

  function exampleText(name, field) {
    const e = (examples || []).find((x) => x.name === name);
    return e ? e[field] || "" : "";
  }

  function fillExample(app, name) {
    const e = (examples || []).find((x) => x.name === name);
    if (!e) return;
    $("prio-old").value = e.old_csv || "";
    $("prio-new").value = e.new_csv;
    $("prio-region").value = "";
  }

  // post sends the comparison; a refusal keeps the API's sentence and field.
  async function post(app, query, body) {
    const r = await fetch(app.API + "/priorities/compare" + app.qs(query), { method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : "" });
    if (r.ok && query.format === "csv") return r.blob();
    const b = await r.json().catch(() => null);
    if (r.ok) return b;
    const e = new Error(b && b.error ? b.error.message : "HTTP " + r.status);
    e.parameter = b && b.error ? b.error.parameter || "" : "";
    throw e;
  }

  function pct(app, x) { return app.num(100 * x, 0) + " %"; }

  // links draws one side's table: each group with the groups it maps into
  // (or comes from), or its one row saying none.
  function linksTable(app, groups, other, part, none) {
    const { esc, num } = app;
    let rows = "";
    for (const g of groups) {
      if (!g.links.length) {
        rows += '<tr class="prio-none"><th scope="row">' + esc(g.name) + '</th><td colspan="4">' + esc(none) + "</td></tr>";
        continue;
      }
      g.links.forEach((l, k) => {
        rows += "<tr>" + (k === 0 ? '<th scope="row" rowspan="' + g.links.length + '">' + esc(g.name) + "</th>" : "") +
          "<td>" + esc(l[other]) + "</td><td>" + (l.shared.length ? esc(l.shared.join(" ")) : "—") + '</td><td class="num">' + pct(app, l[part]) +
          '</td><td class="num">' + num(l.ratio, 2) + "</td></tr>";
      });
    }
    return rows;
  }

  function draw(app, res) {
    const { esc, num } = app;
    const regional = !!res.region;
    const oldName = regional ? res.region.name + "'s specialisations by knowledge domain" : res.request.old.name || "old";
    const newName = res.request.new.name || "new";
    const layers = (res.provenance.layers || []).map((l) => l.name + "@" + l.period).join(", ");
    // The matrix: every old × new pair that shares a code or a link, shaded by the part carried.
    const cell = {};
    for (const p of res.pairs) cell[p.old + "\u0000" + p.new] = p;
    const matrix = '<table class="prio-matrix"><caption class="note">Part of each old group (row) carried into each new group (column); ' +
      "bold: it maps there. Hover a cell for its shared codes and ratio.</caption><thead><tr><th></th>" +
      res.new.map((n) => '<th scope="col">' + esc(n.name) + "</th>").join("") + "</tr></thead><tbody>" +
      res.old.map((o) => '<tr><th scope="row">' + esc(o.name) + "</th>" + res.new.map((n) => {
        const p = cell[o.name + "\u0000" + n.name];
        if (!p) return '<td class="num"></td>';
        const title = (p.shared.length ? "shared " + p.shared.join(" ") + "; " : "") + "ratio " + num(p.ratio, 2) + "; link share " + pct(app, p.share);
        return '<td class="num" style="background: rgba(31, 119, 180, ' + (0.4 * Math.min(1, p.carry)).toFixed(2) + ')" title="' + esc(title) + '">' +
          (p.maps ? "<strong>" + pct(app, p.carry) + "</strong>" : pct(app, p.carry)) + "</td>";
      }).join("") + "</tr>").join("") + "</tbody></table>";
    $("prio-result").innerHTML = "<h2>" + esc(regional ? res.region.name + ": the base of " + newName : oldName + " → " + newName) + "</h2>" +
      '<p class="note">On ' + esc(layers) + (regional ? "; " + esc(res.regional_set.measure + " " + res.regional_set.period) : "") +
      "; least ratio " + num(res.min_ratio, 2) + ". " + esc(res.rule) + ".</p>" +
      '<dl class="kv"><dt>' + (regional ? "Specialised domains no priority covers" : "Old groups that map nowhere") + "</dt><dd>" +
      esc(res.unmapped.length ? res.unmapped.join("; ") : "none") + "</dd><dt>" + (regional ? "Priorities that lack a base" : "New groups without a predecessor") +
      "</dt><dd>" + esc(res.no_predecessor.length ? res.no_predecessor.join("; ") : "none") + "</dd></dl>" +
      "<h3>Where each old group goes</h3><table><thead><tr><th>old group</th><th>maps into</th><th>shared codes</th><th class=\"num\">carried</th>" +
      '<th class="num">ratio</th></tr></thead><tbody>' + linksTable(app, res.old, "new", "carry", "maps nowhere") + "</tbody></table>" +
      "<h3>" + (regional ? "The base of each priority" : "Where each new group comes from") + "</h3><table><thead><tr><th>new group</th><th>from</th>" +
      '<th>shared codes</th><th class="num">part of new</th><th class="num">ratio</th></tr></thead><tbody>' +
      linksTable(app, res.new, "old", "reverse_carry", regional ? "no base" : "no predecessor") + "</tbody></table>" +
      "<h3>All pairs</h3>" + matrix;
  }

  async function show(s, seq) {
    const app = window.domainscopeApp;
    skeleton(app);
    if (!examples) {
      try {
        examples = (await app.call(app.API + "/priorities/examples", false, "the worked examples")).examples;
      } catch (err) { app.addError(err.message); examples = []; }
      $("prio-example").innerHTML = '<option value="">none: my own sets</option>' + examples.map((e) =>
        '<option value="' + app.esc(e.name) + '">' + app.esc(e.title) + "</option>").join("");
    }
    const regions = app.meta().regions || [];
    const region = s.get("pregion") || "";
    $("prio-region").innerHTML = '<option value="">none: compare the two sets</option>' + regions.map((r) =>
      '<option value="' + app.esc(r.id) + '"' + (r.id === region ? " selected" : "") + ">" + app.esc(r.name) + "</option>").join("");
    const ex = s.get("pex") || "";
    $("prio-ratio").value = s.get("pratio") || "";
    if (ex && $("prio-example").value !== ex) {
      $("prio-example").value = ex;
      fillExample(app, ex);
      $("prio-region").value = region;
    }
    const out = $("prio-result");
    const query = app.analysisParams({});
    if (s.get("pratio")) query.min_ratio = s.get("pratio");
    if (region) query.region = region;
    let body = null;
    if (ex) {
      query.example = ex;
    } else if (s.get("own") && $("prio-new").value.trim()) {
      body = { new_csv: $("prio-new").value };
      if (!region) body.old_csv = $("prio-old").value;
    } else {
      out.innerHTML = '<p class="note">Choose a worked example, or type two sets (or a region and a new set), and compare.</p>';
      return;
    }
    out.innerHTML = "";
    let res;
    try {
      res = await post(app, query, body);
    } catch (err) {
      if (!app.current(seq)) return;
      out.innerHTML = '<p class="refusal" role="note"><strong>The sets were refused:</strong> ' + app.esc(err.message) + "</p>" +
        (err.parameter ? '<p class="note">Where: ' + app.esc(err.parameter) + "</p>" : "");
      return;
    }
    if (!app.current(seq)) return;
    draw(app, res);
    // The pairs as CSV: the same request with format=csv, saved from a blob.
    const dl = document.createElement("button");
    dl.type = "button";
    dl.textContent = "Download the pairs (CSV)";
    dl.addEventListener("click", async () => {
      try {
        const blob = await post(app, Object.assign({}, query, { format: "csv" }), body);
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "priorities.csv";
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      } catch (err) { app.addError(err.message); }
    });
    out.appendChild(dl);
  }

  window.domainscopeViews.priorities = show;
})();
