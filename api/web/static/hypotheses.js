// domainscope explorer, Hypotheses view: domain hypotheses for the
// entrepreneurial discovery process. A hypothesis is saved from a selection
// on any network (the network's "Save the selection as a hypothesis"
// action), from a knowledge domain (its button on the domain view) or from
// typed codes, with a name, notes and an author (POST /hypotheses). The view
// lists them, opens one (the permalink #hypothesis=ID opens it directly) with
// its evidence recomputed on the current data (GET /hypotheses/{id}/evidence)
// and its network (GET /hypotheses/{id}/graph), edits it with the version
// read (PUT; another user's change since then is a conflict, ECONFLICT),
// deletes it after a confirmation, and links its brief. Writes need the
// server's upload token: it is typed once and kept in sessionStorage (this
// tab only; never localStorage, never the URL). An error changes nothing and
// is shown as the API's message.
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const TOKEN = "domainscope-upload-token";
  const $ = (id) => document.getElementById(id);
  // draft: what the next "new hypothesis" form is filled with (codes,
  // source, params, name, origin), set by the network and domain actions.
  let draft = null;
  // open: the hypothesis shown ({hypothesis, ...} as GET /hypotheses/{id}), editing: its ID in the form.
  let open = null, editing = 0;

  function app() { return window.domainscopeApp; }
  function token() { try { return sessionStorage.getItem(TOKEN) || ""; } catch (_) { return ""; } }
  function parseCodes(s) { return String(s || "").split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean); }

  // currentParams are the explorer's parameters as a hypothesis keeps them:
  // layer keys name@period (the controls', else the default layers at
  // their default periods), threshold, resolution and seed when given.
  function currentParams() {
    const a = app(), s = a.state(), meta = a.meta();
    const names = (s.get("layers") || "").split(",").filter(Boolean);
    const period = s.get("period") || "";
    const layers = (names.length ? names : meta.default_layers || []).map((n) => n.includes("@") ? n : n + "@" + (period || (meta.default_periods || {})[n] || ""));
    const p = { layers: layers.map((k) => k.replace(/@$/, "")) };
    for (const k of ["threshold", "resolution"]) if (s.get(k)) p[k] = parseFloat(s.get(k));
    if (s.get("seed")) p.seed = parseInt(s.get("seed"), 10);
    return p;
  }
  function paramsText(p) {
    p = p || {};
    const parts = [];
    if ((p.layers || []).length) parts.push("layers " + p.layers.join(", "));
    if (p.threshold !== undefined) parts.push("threshold " + p.threshold);
    if (p.resolution !== undefined) parts.push("resolution " + p.resolution);
    if (p.seed !== undefined) parts.push("seed " + p.seed);
    if (p.domain !== undefined) parts.push("knowledge domain #" + p.domain);
    return parts.join(" · ") || "none recorded";
  }

  // send makes a write with the token; it throws an Error whose message is
  // the API's, with code and status.
  async function send(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token()) headers.Authorization = "Bearer " + token();
    let r;
    try {
      r = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new Error("The server could not be reached (" + err.message + ").");
    }
    if (r.status === 204) return null;
    let b = null;
    try { b = await r.json(); } catch (_) { /* not JSON */ }
    if (!r.ok) {
      const e = new Error(b && b.error ? b.error.message : "HTTP " + r.status);
      e.code = b && b.error ? b.error.code : "";
      e.status = r.status;
      throw e;
    }
    return b;
  }
  // explain turns a refused write into a plain sentence; nothing was changed.
  function explain(what, err) {
    let lead = "";
    if (err.status === 401) lead = token() ? "The upload token is not the server's. " : "Saving, editing and deleting need the server's upload token: type it in the field above. ";
    else if (err.status === 403) lead = "This server takes no writes. ";
    else if (err.code === "conflict") lead = "Someone changed this hypothesis since you opened it. Reload it and redo your change. ";
    else if (err.code === "invalid") lead = "Not saved: ";
    return what + " failed, nothing was changed. " + lead + "(" + err.message + (err.code ? "; " + err.code + ", HTTP " + err.status : "") + ")";
  }
  // message shows the outcome of a write: text, and for a conflict a button to reload the hypothesis.
  function message(text, ok, reload) {
    const m = $("hyp-msg");
    m.hidden = !text;
    m.textContent = text || "";
    m.classList.toggle("ok", !!ok);
    m.setAttribute("role", ok ? "status" : "alert");
    if (reload) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Reload the hypothesis";
      b.addEventListener("click", () => { editing = 0; message(""); app().go({ view: "hypotheses", hypothesis: String(reload) }); });
      m.append(" ", b);
    }
  }

  // skeleton draws the view's forms once.
  function skeleton() {
    const el = $("view-hypotheses");
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<h2>Domain hypotheses</h2>' +
      '<p class="note">Keep a candidate knowledge domain — industries picked on a network, a whole domain or typed codes — with your notes, and see its evidence recomputed on the current data. ' +
      "Reading needs nothing; saving, editing and deleting need the server's upload token.</p>" +
      '<form id="hyp-token-form" class="inline-form" aria-label="Upload token">' +
      '<label for="hyp-token">Upload token (kept in this browser tab only)</label> <input id="hyp-token" name="hyp-token" type="password" autocomplete="off" size="24">' +
      '<button type="submit">Use this token</button> <button type="button" id="hyp-token-forget">Forget the token</button> <span id="hyp-token-state" class="note" aria-live="polite"></span></form>' +
      '<div id="hyp-msg" class="hyp-msg" role="alert" hidden></div>' +
      '<div id="hyp-open"></div>' +
      '<div class="cols"><div class="col"><h3>Saved hypotheses</h3><div id="hyp-list"></div></div>' +
      '<div class="col"><h3 id="hyp-form-title">New hypothesis</h3><p id="hyp-form-origin" class="note"></p>' +
      '<form id="hyp-form" class="hyp-form" aria-labelledby="hyp-form-title">' +
      '<label for="hyp-name">Name</label><input id="hyp-name" name="hyp-name" required maxlength="200" autocomplete="off">' +
      '<label for="hyp-codes">Industry codes (separated by commas or spaces)</label><textarea id="hyp-codes" name="hyp-codes" rows="3" required></textarea>' +
      '<label for="hyp-notes">Notes</label><textarea id="hyp-notes" name="hyp-notes" rows="5" maxlength="20000"></textarea>' +
      '<label for="hyp-author">Author</label><input id="hyp-author" name="hyp-author" maxlength="200" autocomplete="name">' +
      '<div><button type="submit" id="hyp-save">Save the hypothesis</button> <button type="button" id="hyp-cancel">Clear the form</button></div></form></div></div>';
    $("hyp-token-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const v = $("hyp-token").value.trim();
      try { if (v) sessionStorage.setItem(TOKEN, v); } catch (_) { /* storage off */ }
      $("hyp-token").value = "";
      tokenState();
    });
    $("hyp-token-forget").addEventListener("click", () => {
      try { sessionStorage.removeItem(TOKEN); } catch (_) { /* storage off */ }
      tokenState();
    });
    $("hyp-form").addEventListener("submit", (ev) => { ev.preventDefault(); save(); });
    $("hyp-cancel").addEventListener("click", () => { draft = null; editing = 0; fillForm(); message(""); });
    $("hyp-open").addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-hyp]");
      if (!b) return;
      const act = b.dataset.hyp;
      if (act === "edit") startEdit();
      else if (act === "delete") $("hyp-confirm").hidden = false, $("hyp-confirm-yes").focus();
      else if (act === "delete-no") $("hyp-confirm").hidden = true;
      else if (act === "delete-yes") remove();
    });
  }
  function tokenState() {
    $("hyp-token-state").textContent = token() ? "A token is set for this tab." : "No token set: you can read, not write.";
  }

  // fillForm shows the form for a new hypothesis (from the draft) or for the one being edited.
  function fillForm() {
    const h = editing && open ? open.hypothesis : null;
    const d = h || draft || {};
    $("hyp-form-title").textContent = h ? "Edit hypothesis " + h.id + " (version " + h.version + ")" : "New hypothesis";
    $("hyp-save").textContent = h ? "Save the changes" : "Save the hypothesis";
    $("hyp-cancel").textContent = h ? "Cancel editing" : "Clear the form";
    $("hyp-name").value = d.name || "";
    $("hyp-codes").value = (d.codes || []).join(", ");
    $("hyp-notes").value = d.notes || "";
    $("hyp-author").value = d.author || (h ? "" : localAuthor());
    $("hyp-form-origin").textContent = h ? "Codes, name, notes and author can change; the parameters it was found with stay." :
      draft ? "From " + draft.origin + "; parameters: " + paramsText(draft.params) + "." : "Type codes, or use “Save the selection as a hypothesis” under a network, or “Save this domain as a hypothesis” on a domain.";
  }
  // localAuthor is the author last typed in this tab (not a secret).
  function localAuthor() { try { return sessionStorage.getItem("domainscope-author") || ""; } catch (_) { return ""; } }

  async function save() {
    const a = app();
    const codes = parseCodes($("hyp-codes").value);
    const body = { name: $("hyp-name").value, codes: codes, notes: $("hyp-notes").value, author: $("hyp-author").value };
    try { sessionStorage.setItem("domainscope-author", body.author); } catch (_) { /* storage off */ }
    const h = editing && open ? open.hypothesis : null;
    message("");
    try {
      let r;
      if (h) {
        const same = codes.slice().sort().join(",") === h.codes.join(",");
        body.source = same ? h.source : "codes";
        body.params = Object.assign({}, h.params);
        if (!same) delete body.params.domain;
        body.classification = h.classification;
        body.version = h.version;
        r = await send("PUT", a.API + "/hypotheses/" + h.id, body);
      } else {
        const d = draft || {};
        body.source = d.source || "codes";
        body.params = d.params || currentParams();
        r = await send("POST", a.API + "/hypotheses", body);
      }
      draft = null;
      editing = 0;
      message((h ? "Saved the changes to hypothesis " : "Saved hypothesis ") + r.hypothesis.id + " (version " + r.hypothesis.version + ").", true);
      a.go({ view: "hypotheses", hypothesis: String(r.hypothesis.id) });
    } catch (err) {
      message(explain(h ? "Saving the changes" : "Saving", err), false, err.code === "conflict" && h ? h.id : 0);
    }
  }
  function startEdit() {
    editing = open.hypothesis.id;
    fillForm();
    message("");
    $("hyp-name").focus();
    $("hyp-form").scrollIntoView({ block: "center" });
  }
  async function remove() {
    const a = app(), h = open.hypothesis;
    try {
      await send("DELETE", a.API + "/hypotheses/" + h.id);
      open = null;
      editing = 0;
      message("Deleted hypothesis " + h.id + " “" + h.name + "”.", true);
      a.go({ view: "hypotheses", hypothesis: "" });
    } catch (err) {
      $("hyp-confirm").hidden = true;
      message(explain("Deleting", err));
    }
  }

  async function list(seq) {
    const a = app(), { esc, num } = a;
    const href = (id) => { const t = a.state(); t.set("view", "hypotheses"); t.set("hypothesis", id); return "#" + t.toString(); };
    try {
      const r = await a.call(a.API + "/hypotheses", false, "hypotheses");
      if (!a.current(seq)) return;
      const hs = r.hypotheses || [];
      $("hyp-list").innerHTML = hs.length ? '<table><thead><tr><th class="num">id</th><th>name</th><th class="num">industries</th><th>author</th><th>updated</th></tr></thead><tbody>' +
        hs.map((h) => '<tr><td class="num">' + esc(h.id) + '</td><td><a href="' + esc(href(h.id)) + '">' + esc(h.name) + "</a></td><td class=\"num\">" + num(h.codes.length) +
          "</td><td>" + esc(h.author) + "</td><td>" + esc(String(h.updated_at).slice(0, 16).replace("T", " ")) + "</td></tr>").join("") + "</tbody></table>"
        : '<p class="note">None saved yet.</p>';
    } catch (err) { if (a.current(seq)) $("hyp-list").textContent = err.message; }
  }

  // showOpen draws hypothesis id: its header, evidence and network.
  async function showOpen(id, seq) {
    const a = app(), { esc, num } = a;
    const el = $("hyp-open");
    const old = el.querySelector(".diagram");
    if (old) a.clearNetwork(old);
    el.innerHTML = "";
    open = null;
    if (!id) return;
    let r;
    try {
      r = await a.call(a.API + "/hypotheses/" + encodeURIComponent(id), false, "hypothesis");
    } catch (err) {
      if (a.current(seq)) a.addError(err.message);
      return;
    }
    if (!a.current(seq)) return;
    open = r;
    const h = r.hypothesis;
    if (editing && editing !== h.id) editing = 0;
    const g = a.state();
    const p = { layers: g.get("layers") || "", period: g.get("period") || "", threshold: g.get("threshold") || "" };
    const base = a.API + "/hypotheses/" + h.id;
    const gpath = base + "/graph" + a.qs(Object.assign({ resolution: g.get("resolution") || "", seed: g.get("seed") || "" }, p));
    const permalink = location.origin + location.pathname + "#hypothesis=" + h.id;
    el.innerHTML = '<h2 id="hyp-title">Hypothesis ' + esc(h.id) + ": " + esc(h.name) + "</h2>" +
      '<p class="note">' + num(h.codes.length) + " industr" + (h.codes.length === 1 ? "y" : "ies") + " from " + esc(h.source === "domain" ? "a knowledge domain" : h.source === "selection" ? "a selection on a network" : "typed codes") +
      (h.author ? " · by " + esc(h.author) : "") + " · created " + esc(String(h.created_at).slice(0, 16).replace("T", " ")) + " UTC · updated " + esc(String(h.updated_at).slice(0, 16).replace("T", " ")) + " UTC · version " + esc(h.version) +
      " · saved with: " + esc(paramsText(h.params)) + "</p>" +
      (h.notes ? '<div class="hyp-notes" id="hyp-notes-shown">' + esc(h.notes) + "</div>" : '<p class="note" id="hyp-notes-shown">No notes.</p>') +
      '<div class="hyp-actions"><button type="button" data-hyp="edit">Edit</button> <button type="button" data-hyp="delete">Delete…</button>' +
      a.briefLinks("hypothesis", h.id, p) + ' · <a href="' + esc(permalink) + '" id="hyp-permalink">Permalink to this hypothesis</a></div>' +
      '<div id="hyp-confirm" class="hyp-confirm" role="group" aria-label="Confirm the deletion" hidden><p>Delete hypothesis ' + esc(h.id) + " “" + esc(h.name) + "” for everyone? This cannot be undone.</p>" +
      '<button type="button" data-hyp="delete-yes" id="hyp-confirm-yes">Delete it</button> <button type="button" data-hyp="delete-no">Keep it</button></div>' +
      '<div class="cols"><div class="col" id="hyp-evidence"></div><div class="col diagram-col"><h3>Its industries and those linked most into it</h3>' +
      '<div id="hyp-downloads" class="downloads"></div><div id="hyp-diagram" class="diagram"></div></div></div>';
    a.downloads($("hyp-downloads"), gpath, "hypothesis-" + h.id);
    fillForm();
    const diag = a.network($("hyp-diagram"), gpath, seq, { title: "hypothesis " + h.id + " " + h.name, seeds: "an industry of the hypothesis", others: "an industry outside it, among those linked most into it" });
    try {
      const ev = await a.call(base + "/evidence" + a.qs(p), false, "evidence");
      if (a.current(seq)) $("hyp-evidence").innerHTML = evidence(ev, p, h);
    } catch (err) {
      if (a.current(seq)) $("hyp-evidence").innerHTML = '<p class="note">No evidence: ' + esc(err.message) + "</p>";
    }
    await diag;
  }

  // evidence writes the evidence of a hypothesis (GET /hypotheses/{id}/evidence).
  function evidence(ev, p, h) {
    const a = app(), { esc, num, term } = a;
    const c = ev.cohesion || {};
    const layers = (ev.provenance.layers || []).map((l) => l.name + "@" + l.period);
    const from = p.layers ? "chosen in the controls above" : (h.params.layers || []).length ? "saved with the hypothesis" : "the default layers";
    const thr = (ev.provenance.thresholds || []).map((t) => esc(String(t))).join(", ");
    let out = '<h3>Evidence on the current data</h3><p class="note" id="hyp-params">Parameters: layers ' + esc(layers.join(" + ")) + " (" + from + "); threshold " + thr +
      (ev.request.threshold !== undefined ? " (given)" : " (each layer's own)") + "; sectors: " + (ev.request.sector_level ? "level " + esc(ev.request.sector_level) : "the top level") + " of " + esc(ev.provenance.classification) +
      "; " + num(ev.request.bridges) + " industries linked into it listed; store version " + esc(ev.provenance.store_version) + ".</p>";
    if ((ev.unknown || []).length) out += '<p class="note">Codes no longer in the classification (kept in the hypothesis, left out here): ' + esc(ev.unknown.join(", ")) + "</p>";
    const dd = (k, label, v) => "<dt>" + label + '</dt><dd data-k="' + k + '">' + v + "</dd>";
    out += '<dl class="kv" id="hyp-cohesion">' +
      dd("members", "Industries in the graph", num(c.members)) + dd("internal_links", "Links inside", num(c.internal_links)) +
      dd("internal_weight", term("internal-weight", "Weight inside"), num(c.internal_weight, 3)) + dd("expected_weight", "Expected (configuration model)", num(c.expected_weight, 3)) +
      dd("weight_ratio", term("cohesion", "Cohesion (inside ÷ expected)"), num(c.weight_ratio, 3)) + dd("modularity", term("set-modularity", "Modularity term"), num(c.modularity, 3)) +
      dd("density", term("domain-density", "Density"), num(c.density, 3)) + dd("conductance", term("conductance"), num(c.conductance, 3)) + "</dl>";
    out += "<h4>" + term("sectors-spanned") + " (" + num((ev.sectors || []).length) + ')</h4><table id="hyp-sectors"><thead><tr><th>sector</th><th class="num">industries</th><th class="num">share</th></tr></thead><tbody>' +
      (ev.sectors || []).map((s) => "<tr><td>" + esc(s.name || s.sector) + '</td><td class="num">' + num(s.members) + '</td><td class="num">' + num(100 * s.share, 0) + " %</td></tr>").join("") + "</tbody></table>";
    out += "<h4>" + term("linked-into", "Industries linked most into it") + '</h4><table id="hyp-bridges"><thead><tr><th>industry</th><th class="num">links</th><th class="num">weight</th><th class="num">share of its strength</th></tr></thead><tbody>' +
      (ev.bridges || []).map((b) => "<tr><td>" + a.industryButton(b.code, b.name) + '</td><td class="num">' + num(b.links) + '</td><td class="num">' + num(b.weight, 3) + '</td><td class="num">' + num(100 * b.share, 0) + " %</td></tr>").join("") + "</tbody></table>";
    const e = ev.employment;
    if (e) {
      out += "<h4>" + term("employment") + " per region, " + esc(e.set.period) + " (" + num(e.jobs) + ' jobs in all)</h4><table id="hyp-regions"><thead><tr><th>region</th><th class="num">jobs</th><th class="num">share of its jobs</th><th class="num">' + term("lq", "LQ") + "</th></tr></thead><tbody>" +
        e.regions.map((r) => "<tr><td>" + esc(r.name) + '</td><td class="num">' + num(r.jobs) + '</td><td class="num">' + num(100 * r.share, 1) + ' %</td><td class="num">' + num(r.lq, 2) + "</td></tr>").join("") + "</tbody></table>" +
        '<p class="note">Jobs in every employment period: ' + (e.periods || []).map((x) => esc(x.period) + " " + num(x.jobs)).join(", ") + ".</p>";
    } else out += '<p class="note">No employment data is loaded for ' + esc(ev.provenance.classification) + ".</p>";
    const ch = ev.change;
    out += "<h4>" + term("cohesion-change", "Change between periods") + "</h4>";
    if (ch) {
      const row = (label, k, dk) => "<tr><th scope=\"row\">" + label + '</th><td class="num">' + num(ch.earlier_values[k], 3) + '</td><td class="num">' + num(ch.later_values[k], 3) + '</td><td class="num">' + (ch[dk] >= 0 ? "+" : "") + num(ch[dk], 3) + "</td></tr>";
      out += '<table id="hyp-change"><thead><tr><th></th><th class="num">' + esc(ch.earlier.join(" + ")) + '</th><th class="num">' + esc(ch.later.join(" + ")) + '</th><th class="num">change</th></tr></thead><tbody>' +
        row("Cohesion (inside ÷ expected)", "weight_ratio", "weight_ratio_change") + row("Density", "density", "density_change") + row("Conductance", "conductance", "conductance_change") + "</tbody></table>";
    } else out += '<p class="note">Only one period of these layers is loaded: no change to show.</p>';
    out += '<h4>Industries</h4><table id="hyp-members"><thead><tr><th>industry</th><th>sector</th><th class="num">weight inside</th><th class="num">' + term("strength") + "</th></tr></thead><tbody>" +
      (ev.members || []).map((m) => "<tr><td>" + a.industryButton(m.code, m.name) + "</td><td>" + esc(m.sector) + '</td><td class="num">' + (m.in_graph ? num(m.inside, 3) : "no link") + '</td><td class="num">' + num(m.strength, 3) + "</td></tr>").join("") + "</tbody></table>";
    return out;
  }

  async function show(s, seq) {
    skeleton();
    tokenState();
    const id = s.get("hypothesis") || "";
    if (!id && !editing) fillForm();
    if (draft) {
      message("");
      fillForm();
      $("hyp-name").focus();
    }
    await Promise.all([list(seq), showOpen(id, seq)]);
  }
  window.domainscopeViews.hypotheses = show;

  // The network action: the selection becomes the draft of a new hypothesis.
  window.domainscopeNetwork.actions.push({
    label: "Save the selection as a hypothesis…",
    run: (codes, net) => {
      draft = { codes: codes, source: "selection", params: currentParams(), origin: "a selection of " + codes.length + " on the network of " + net.title };
      editing = 0;
      app().go({ view: "hypotheses", hypothesis: "" });
    },
  });
  // The domain view's button: the domain's members become the draft.
  document.addEventListener("click", async (ev) => {
    const b = ev.target.closest && ev.target.closest("button[data-save-domain]");
    if (!b) return;
    const a = app(), id = b.dataset.saveDomain;
    try {
      const r = await a.call(a.API + "/domains/" + encodeURIComponent(id) + a.qs(a.analysisParams()), false, "domain");
      const d = r.domain;
      const name = d.label.length > 120 ? d.label.slice(0, 120).replace(/\s+\S*$/, "") + "…" : d.label; // names take 200 characters at most
      draft = { codes: d.members.map((m) => m.code), source: "domain", params: Object.assign(currentParams(), { domain: d.id }), name: name,
        origin: "knowledge domain #" + d.id + " (" + d.members.length + " industries)" };
      editing = 0;
      a.go({ view: "hypotheses", hypothesis: "" });
    } catch (err) { a.addError(err.message); }
  });
})();
