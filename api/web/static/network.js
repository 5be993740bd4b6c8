// domainscope network view: draws a graph view of the HTTP API (its
// Cytoscape.js document, format=cytoscape) as an interactive network with
// Cytoscape.js and the fCoSE layout (vendored under /web/vendor/). It only
// draws: every number it shows comes from the API's document.
//
// Interaction: wheel, +/− buttons or keys zoom; drag the background to pan,
// a node to move it; hover highlights a node's links and shows its evidence;
// click focuses a node (its links stay highlighted, details below), double
// click or Enter opens it; Fit shows everything; Find focuses an industry;
// the label density control decides how many labels are drawn (labels never
// overlap and stay 12 px on screen at every zoom). Shift+click, Space or the
// focus card's button pick industries into a selection, which the actions
// other files register (window.domainscopeNetwork.actions, e.g. saving it as
// a hypothesis) receive.
"use strict";
(function () {
  if (window.cytoscape && window.cytoscapeFcose) window.cytoscape.use(window.cytoscapeFcose);

  // Paul Tol's "light" palette, grey beyond it: the API's and the diagrams'
  // colours (viz.Palette, viz.OtherColour), in the same order.
  const PALETTE = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"];
  const OTHER = "#DDDDDD";
  const CROSS = "#882255", GAIN = "#228833", LOSS = "#CC3311", LINK = "#8a93a0";
  const FONT = 12; // label size on screen, px
  // Label density: minimum gap between labels (px) and how many at most.
  const DENSITY = { few: { gap: 28, max: 25 }, some: { gap: 10, max: 80 }, many: { gap: 2, max: 400 }, all: { gap: -1, max: Infinity } };

  function esc(s) {
    return String(s === undefined || s === null ? "" : s).replace(/[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  function num(x, d) {
    if (typeof x !== "number" || !isFinite(x)) return esc(x);
    if (Number.isInteger(x) && d === undefined) return x.toLocaleString("en-GB");
    return x.toFixed(d === undefined ? 3 : d);
  }
  function short(s, n) { s = String(s || ""); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  // mulberry32: a seeded generator, so that a view is laid out the same way every time.
  function seeded(a) {
    return function () {
      a |= 0; a = a + 0x6D2B79F5 | 0;
      let t = Math.imul(a ^ a >>> 15, 1 | a);
      t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
      return ((t ^ t >>> 14) >>> 0) / 4294967296;
    };
  }
  // The network's style. Labels are not Cytoscape's: they are drawn on a
  // canvas above it (drawLabels), FONT px at every zoom.
  const baseStyle = [
    { selector: "node", style: { width: "data(w)", height: "data(w)", "background-color": "data(colour)", "border-width": 1, "border-color": "#5b6472" } },
    { selector: "node[?seed]", style: { "border-width": 3, "border-color": "#1d2430" } },
    { selector: "node.other", style: { "border-style": "dashed", "border-width": 2, "border-color": "#1d2430" } },
    { selector: "node[bridging >= 0.62]", style: { "border-width": 3.5, "border-color": "#000" } },
    { selector: "edge", style: { width: "data(width)", "line-color": LINK, opacity: 0.55, "curve-style": "haystack", "haystack-radius": 0 } },
    { selector: "edge.cross", style: { "line-color": CROSS, opacity: 0.6 } },
    { selector: "edge.gained, edge.increased", style: { "line-color": GAIN, opacity: 0.9 } },
    { selector: "edge.lost, edge.decreased", style: { "line-color": LOSS, "line-style": "dashed", opacity: 0.9, "curve-style": "straight" } },
    { selector: "node.focus", style: { "border-width": 4, "border-color": "#f0a500", "z-index": 10 } },
    { selector: "node.picked", style: { "border-width": 6, "border-style": "double", "border-color": "#1f5fa8" } },
  ];
  // actions on a network's selection: { label, run(codes, network) }.
  const actions = [];
  let uid = 0;
  const measure = document.createElement("canvas").getContext("2d");

  // groups assigns colours by domain or by sector exactly as the API does
  // (export.Colors): groups by their number of nodes in the view, largest
  // first (ties in order of first appearance), palette then grey; nodes
  // without a domain are grey.
  function groups(nodes, by, domainLabels) {
    const key = (d) => by === "domain" ? String(d.domain || 0) : String(d.sector || "");
    const keys = [], count = {}, name = {};
    for (const d of nodes) {
      const k = key(d);
      if (!count[k]) { keys.push(k); count[k] = 0; }
      count[k]++;
      if (by === "domain") name[k] = k === "0" ? "no domain" : "#" + k + " " + (domainLabels[k] || "");
      else name[k] = d.sector_name || d.sector || "no sector";
    }
    keys.sort((a, b) => count[b] - count[a]);
    const colour = {};
    keys.forEach((k, i) => { colour[k] = i < PALETTE.length && !(by === "domain" && k === "0") ? PALETTE[i] : OTHER; });
    return { key: key, keys: keys, count: count, name: name, colour: colour };
  }

  // create draws doc (a Cytoscape.js document from the API) into host.
  // opts: onOpen(code) opens an industry; colourBy "domain" or "sector"
  // (default: the API's choice, sector for a one-domain view); title;
  // seeds, what the view's seed industries are (legend); others, what the
  // other industries are, drawn with a dashed outline (a region's
  // opportunities beside its specialisations).
  function create(host, doc, opts) {
    opts = opts || {};
    const id = "net" + (++uid);
    const t0 = performance.now();
    const data = doc.data || {};
    const nodesIn = (doc.elements && doc.elements.nodes) || [];
    const edgesIn = (doc.elements && doc.elements.edges) || [];
    const domainLabels = {};
    for (const d of data.domains || []) domainLabels[d.id] = d.label;
    const domainsInView = new Set(nodesIn.map((n) => n.data.domain));
    const apiColourBy = data.domains && domainsInView.size > 1 ? "domain" : "sector";
    let colourBy = opts.colourBy || apiColourBy;
    const isChange = edgesIn.some((e) => e.data.change);
    const sizeBy = data.size_by || "strength";

    host.innerHTML =
      '<div class="net">' +
      '<div class="net-bar" role="toolbar" aria-label="Network controls" aria-controls="' + id + '-canvas">' +
      '<button type="button" data-act="in" title="Zoom in (+)" aria-label="Zoom in">+</button>' +
      '<button type="button" data-act="out" title="Zoom out (−)" aria-label="Zoom out">−</button>' +
      '<button type="button" data-act="fit" title="Fit to screen (0)">Fit</button>' +
      '<label>Labels <select data-ctl="labels"><option value="few">few</option><option value="some" selected>some</option><option value="many">many</option><option value="all">all</option></select></label>' +
      '<label>Colour by <select data-ctl="colour"><option value="domain">knowledge domain</option><option value="sector">sector</option></select></label>' +
      '<form class="net-find" role="search" aria-label="Find an industry in the network"><label>Find <input type="search" list="' + id + '-list" placeholder="code or name" autocomplete="off"></label><button type="submit">Go</button></form>' +
      "</div>" +
      '<datalist id="' + id + '-list"></datalist>' +
      '<div class="net-stage"><div class="net-canvas" id="' + id + '-canvas" tabindex="0" role="application" aria-roledescription="network diagram" aria-describedby="' + id + '-keys"></div>' +
      '<div class="net-tip" role="tooltip" id="' + id + '-tip" hidden></div></div>' +
      '<p class="net-keys note" id="' + id + '-keys">Keys: ← → step through industries, ↑ ↓ through the focused one\'s links, Enter opens it, Space adds it to the selection or takes it out, + − zoom, 0 fits, arrows with Shift pan, Esc clears. Mouse: wheel zooms, drag pans or moves a node, click focuses, Shift+click selects, double click opens.</p>' +
      '<div class="net-focus" aria-live="polite"></div>' +
      (actions.length ? '<div class="net-pick" aria-live="polite"></div>' : "") +
      '<div class="net-legend"></div>' +
      '<details class="net-table"><summary></summary><div></div></details>' +
      "</div>";
    const $ = (sel) => host.querySelector(sel);
    const canvasEl = $(".net-canvas"), tip = $(".net-tip"), focusEl = $(".net-focus");
    $('[data-ctl="colour"]').value = colourBy;
    const title = opts.title || data.name || "network";
    canvasEl.setAttribute("aria-label", "Network diagram: " + title + ", " + nodesIn.length + " industries and " + edgesIn.length + " links. A table of them follows the diagram.");

    // Elements: the API's data plus display fields (label text, width).
    let maxW = 0;
    for (const e of edgesIn) maxW = Math.max(maxW, e.data.weight || 0);
    const elements = [];
    for (const n of nodesIn) {
      const d = Object.assign({}, n.data);
      d.name = d.label;
      d.text = short(d.id + " " + d.label, 34);
      d.w = 6 + 1.4 * (d.size || 4);
      elements.push({ group: "nodes", data: d, classes: opts.others && !d.seed ? "other" : "", position: { x: n.position.x, y: n.position.y } });
    }
    for (const e of edgesIn) {
      const d = Object.assign({}, e.data);
      d.id = "e:" + d.id;
      d.width = 0.6 + 1.2 * (d.size || 0.5);
      elements.push({ group: "edges", data: d, classes: [d.cross_domain ? "cross" : "", d.change || ""].join(" ").trim() });
    }

    const big = nodesIn.length > 250 || edgesIn.length > 1200;
    const cy = window.cytoscape({
      container: canvasEl,
      minZoom: 0.05, maxZoom: 8, wheelSensitivity: 0.35,
      boxSelectionEnabled: false, selectionType: "single",
      textureOnViewport: false, hideEdgesOnViewport: big, motionBlur: false, pixelRatio: big ? 1 : "auto",
      style: baseStyle,
      layout: { name: "preset" },
    });
    // The elements are added in one batch: given to the constructor they
    // are styled one by one (measured on the UK health domain, 48 nodes and
    // 193 links: 25–33 ms against 6–7 ms, warm; 190 ms against 34 ms cold).
    cy.batch(() => cy.add(elements));
    // Importance orders labels and keyboard steps: the requested industries,
    // then bridging industries (participation ≥ 0.62), then by size.
    const rank = (n) => (n.data("seed") ? 2 : 0) + (n.data("bridging") >= 0.62 ? 1 : 0);
    const byImportance = cy.nodes().sort((a, b) => rank(b) - rank(a) || (b.data("size") || 0) - (a.data("size") || 0) || b.data("strength") - a.data("strength"));

    function applyColours() {
      const g = groups(nodesIn.map((n) => n.data), colourBy, domainLabels);
      cy.batch(() => cy.nodes().forEach((n) => n.data("colour", g.colour[g.key(n.data())])));
      let h = '<h4>Colour: ' + (colourBy === "domain" ? "knowledge domain" : "sector") + "</h4><ul>";
      for (const k of g.keys) h += '<li><span class="sw" style="background:' + g.colour[k] + '"></span>' + esc(g.name[k]) + ' <span class="note">(' + g.count[k] + ")</span></li>";
      h += "</ul><h4>Shapes and lines</h4><ul>" +
        '<li><span class="sw dot"></span>Node size: ' + esc(sizeBy) + "</li>" +
        '<li><span class="sw ring"></span>Black outline: bridging industry (participation ≥ 0.62)</li>' +
        (opts.seeds && nodesIn.some((n) => n.data.seed) ? '<li><span class="sw seed"></span>Dark outline, bold label: ' + esc(opts.seeds) + "</li>" : "") +
        (opts.others ? '<li><span class="sw other"></span>Dashed outline: ' + esc(opts.others) + "</li>" : "") +
        (actions.length ? '<li><span class="sw pick"></span>Blue ring: selected (Shift+click, or Space on the focused industry)</li>' : "") +
        '<li><span class="ln" style="border-top-width:1px"></span><span class="ln" style="border-top-width:5px"></span>Line width: relatedness (widest = ' + num(maxW, 2) + ")</li>";
      if (edgesIn.some((e) => e.data.cross_domain)) h += '<li><span class="ln" style="border-color:' + CROSS + '"></span>Crosses knowledge domains</li>';
      if (isChange) h += '<li><span class="ln" style="border-color:' + GAIN + '"></span>Gained or increased</li><li><span class="ln" style="border-color:' + LOSS + ';border-top-style:dashed"></span>Lost or decreased</li>';
      h += "</ul>";
      if (data.truncated) h += '<p class="note">More industries qualified than this view\'s limit of ' + esc((data.params || {}).max_nodes || nodesIn.length) + ": it shows those the API ranks first (for a neighbourhood, the nearest and most strongly linked).</p>";
      $(".net-legend").innerHTML = h;
    }
    applyColours();

    // Layout: views of up to 250 industries come laid out by the API
    // (data.layout "stress": stress majorization in Go, cached with the
    // answer), drawn at their positions; the browser lays out the others
    // with fCoSE (Balasubramaniam & Dogrusoz), stronger links shorter, with
    // a seeded Math.random so the same view always looks the same (the
    // spectral "draft" alone for large views). Laying out in the page cost
    // most of the first view: 170–1,100 ms on the 48 industries of the UK
    // health domain in a fresh page under load, its code not yet compiled.
    let layoutMs = 0;
    const initMs = performance.now() - t0;
    if (nodesIn.length > 1 && data.layout !== "stress") {
      const l0 = performance.now();
      const rnd = Math.random;
      Math.random = seeded(1);
      try {
        cy.layout({
          name: window.cytoscapeFcose ? "fcose" : "cose", animate: false, randomize: true, quality: big ? "draft" : "default",
          nodeDimensionsIncludeLabels: false, packComponents: true, nodeRepulsion: () => 16000, numIter: big ? 1200 : 1000,
          idealEdgeLength: (e) => 70 + 90 * (1 - (maxW > 0 ? e.data("weight") / maxW : 0)), edgeElasticity: () => 0.45, nodeSeparation: 80,
          gravity: 0.3, tile: true,
        }).run();
      } finally { Math.random = rnd; }
      layoutMs = performance.now() - l0;
    }

    // ---- labels: FONT px on screen, greedy placement without overlap ----
    // textWidth is a label's width on screen: the text in the label font
    // (bold for seeds) plus its white outline.
    const widths = new Map();
    function textWidth(n) {
      let w = widths.get(n.id());
      if (w === undefined) {
        measure.font = (n.data("seed") ? "bold " : "") + FONT + "px system-ui, 'DejaVu Sans', sans-serif";
        w = measure.measureText(n.data("text")).width + 5;
        widths.set(n.id(), w);
      }
      return w;
    }
    let density = "some";
    let hovered = null, focused = null;
    // placeLabels chooses the labels to draw: the hovered or focused node
    // and its neighbours first, then by importance (seeds, then the largest
    // nodes). Each goes right of its node, else left, above or below; it must stay inside the
    // canvas and clear of every node and of the labels placed before it, with
    // the density's gap, up to the density's number of labels.
    let placed = [];
    function placeLabels() {
      const d = DENSITY[density];
      const must = new Set();
      for (const n of [hovered, focused]) if (n) { must.add(n.id()); n.neighborhood("node").forEach((m) => must.add(m.id())); }
      const W = canvasEl.clientWidth, H = canvasEl.clientHeight;
      // Boxes on screen in a grid of 48 px cells: the labels placed and
      // (apart) every node's disc, so that a label never covers a node and
      // reads as the label of the node it touches.
      const cell = 48;
      const cells = (b) => {
        const out = [];
        for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) out.push(gx + ":" + gy);
        return out;
      };
      const free = (grid, b) => cells(b).every((k) => !(grid.get(k) || []).some((o) => b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]));
      const take = (grid, b) => cells(b).forEach((k) => { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(b); });
      const labels = new Map(), discs = new Map();
      cy.nodes().forEach((n) => {
        const p = n.renderedPosition(), r = n.renderedWidth() / 2;
        if (p.x < -r || p.y < -r || p.x > W + r || p.y > H + r) return;
        take(discs, [p.x - r, p.y - r, p.x + r, p.y + r]);
      });
      const out = [];
      const order = must.size ? byImportance.filter((n) => must.has(n.id())) : byImportance;
      order.forEach((n) => {
        const p = n.renderedPosition(), r = n.renderedWidth() / 2;
        if (p.x < -20 || p.y < -20 || p.x > W + 20 || p.y > H + 20) return;
        const g = d.gap < 0 ? 0 : d.gap / 2, tw = textWidth(n);
        const y1 = p.y - FONT / 2 - 2, y2 = p.y + FONT / 2 + 2;
        const right = [p.x + r + 2, y1, p.x + r + 2 + tw, y2];
        const left = [p.x - r - 2 - tw, y1, p.x - r - 2, y2];
        const above = [p.x - tw / 2, p.y - r - 2 - FONT - 4, p.x + tw / 2, p.y - r - 2];
        const below = [p.x - tw / 2, p.y + r + 2, p.x + tw / 2, p.y + r + 2 + FONT + 4];
        const pad = (b) => [b[0] - g, b[1] - g, b[2] + g, b[3] + g];
        const fits = (b) => b[0] >= 0 && b[2] <= W && b[1] >= 0 && b[3] <= H && free(discs, b) && free(labels, pad(b));
        let b = null;
        if (d.gap < 0) b = right;
        else if (out.length < d.max || must.has(n.id())) {
          b = [right, left, above, below].find(fits) || null;
          if (!b && must.has(n.id())) b = right[2] <= W ? right : left;
        }
        if (b) { out.push({ n: n, box: b }); take(labels, pad(b)); }
      });
      placed = out;
      host.dataset.labels = String(out.length);
    }
    // drawLabels paints the placed labels: dark text with a white halo.
    const overlay = document.createElement("canvas");
    overlay.className = "net-labels";
    overlay.setAttribute("aria-hidden", "true");
    canvasEl.parentNode.insertBefore(overlay, canvasEl.nextSibling);
    function drawLabels() {
      const W = canvasEl.clientWidth, H = canvasEl.clientHeight, dpr = window.devicePixelRatio || 1;
      if (overlay.width !== Math.round(W * dpr) || overlay.height !== Math.round(H * dpr)) {
        overlay.width = Math.round(W * dpr); overlay.height = Math.round(H * dpr);
        overlay.style.width = W + "px"; overlay.style.height = H + "px";
        overlay.style.left = canvasEl.clientLeft + "px"; overlay.style.top = canvasEl.clientTop + "px";
      }
      const ctx = overlay.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      if (lit) {
        // veil everything, then redraw the highlighted node and its links
        ctx.fillStyle = "rgba(255,255,255,0.78)";
        ctx.fillRect(0, 0, W, H);
        const z = cy.zoom();
        lit.edges().forEach((e) => {
          const a = e.source().renderedPosition(), b = e.target().renderedPosition(), c = e.data("change");
          ctx.strokeStyle = c === "gained" || c === "increased" ? GAIN : c === "lost" || c === "decreased" ? LOSS : e.data("cross_domain") ? CROSS : "#4a5260";
          ctx.setLineDash(c === "lost" || c === "decreased" ? [6, 4] : []);
          ctx.lineWidth = Math.max(1, e.data("width") * z);
          ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
        });
        ctx.setLineDash([]);
        lit.nodes().forEach((n) => {
          const p = n.renderedPosition(), r = n.renderedWidth() / 2;
          ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
          ctx.fillStyle = n.data("colour"); ctx.fill();
          ctx.lineWidth = n.same(focused) ? 4 : n.data("bridging") >= 0.62 ? 3 : 1;
          ctx.strokeStyle = n.same(focused) ? "#f0a500" : n.data("bridging") >= 0.62 ? "#000" : "#5b6472";
          ctx.stroke();
          if (n.hasClass("picked")) { // selected: a blue ring outside
            ctx.beginPath(); ctx.arc(p.x, p.y, r + 4, 0, 2 * Math.PI);
            ctx.lineWidth = 2.5; ctx.strokeStyle = "#1f5fa8"; ctx.stroke();
          }
        });
      }
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.fillStyle = "#1d2430";
      for (const l of placed) {
        ctx.font = (l.n.data("seed") ? "bold " : "") + FONT + "px system-ui, 'DejaVu Sans', sans-serif";
        const x = l.box[0] + 2, y = (l.box[1] + l.box[3]) / 2;
        ctx.strokeText(l.n.data("text"), x, y);
        ctx.fillText(l.n.data("text"), x, y);
      }
    }
    let frame = 0;
    function labelsSoon() {
      if (frame) return;
      frame = requestAnimationFrame(() => { frame = 0; placeLabels(); drawLabels(); });
    }
    cy.on("render viewport resize", labelsSoon);
    cy.on("drag", "node", labelsSoon);

    // ---- highlight, tooltip, focus ----
    // highlight marks the hovered (else the focused) node and its links
    // with the class hl; drawLabels veils the rest and redraws them on top.
    // Only those elements change, so it stays quick on large networks.
    let lit = null;
    function highlight() {
      const n = hovered || focused;
      cy.batch(() => {
        if (lit) lit.removeClass("hl");
        lit = n ? n.closedNeighborhood() : null;
        if (lit) lit.addClass("hl");
      });
      if (n) host.dataset.highlight = n.id(); else delete host.dataset.highlight;
      labelsSoon();
    }
    function nodeInfo(n) {
      const d = n.data();
      let h = "<strong>" + esc(d.id + " " + d.name) + "</strong>";
      if (d.sector_name || d.sector) h += "<br>Sector: " + esc(d.sector_name || d.sector);
      if (d.domain) h += "<br>Knowledge domain: #" + esc(d.domain) + " " + esc(short(domainLabels[d.domain] || "", 60));
      if (d.employment !== undefined) h += "<br>Employment: " + num(d.employment);
      h += "<br>Strength: " + num(d.strength, 2) + ' <span class="note">(sum of its relatedness)</span>';
      if (d.bridging !== undefined) h += "<br>Participation: " + num(d.bridging, 2) + ' <span class="note">(0 = links in one domain, 1 = spread over many)</span>';
      h += "<br>Links in this view: " + n.degree(false);
      return h;
    }
    function edgeInfo(e) {
      const d = e.data();
      const a = cy.getElementById(d.source).data(), b = cy.getElementById(d.target).data();
      let h = "<strong>" + esc(a.id + " " + short(a.name, 40)) + " ↔ " + esc(b.id + " " + short(b.name, 40)) + "</strong>";
      h += "<br>Relatedness: " + num(d.weight, 3) + ' <span class="note">(link weight on ' + esc(d.layer) + ")</span>";
      h += "<br>Evidence: " + (d.count ? num(d.count) + " observed (job moves or co-occurrences, both directions)" : "given relatedness, no count");
      if (typeof d.q_value === "number") h += "; q = " + (d.q_value < 0.001 ? d.q_value.toExponential(1) : num(d.q_value, 3)) + ' <span class="note">(Benjamini–Hochberg q: the false-discovery rate at which this link counts as stronger than expected)</span>';
      if (d.cross_domain) h += "<br>Crosses knowledge domains";
      if (d.change) h += "<br>Change between the periods: " + esc(d.change);
      return h;
    }
    function showTip(html, x, y) {
      tip.innerHTML = html;
      tip.hidden = false;
      const W = canvasEl.clientWidth;
      tip.style.left = Math.min(x + 14, Math.max(0, W - tip.offsetWidth - 4)) + "px";
      tip.style.top = (y + 14) + "px";
    }
    cy.on("mouseover", "node", (ev) => { hovered = ev.target; highlight(); showTip(nodeInfo(ev.target), ev.renderedPosition.x, ev.renderedPosition.y); });
    cy.on("mouseout", "node", () => { hovered = null; highlight(); tip.hidden = true; });
    cy.on("mouseover", "edge", (ev) => { if (!hovered) showTip(edgeInfo(ev.target), ev.renderedPosition.x, ev.renderedPosition.y); });
    cy.on("mouseout", "edge", () => { if (!hovered) tip.hidden = true; });
    cy.on("mousemove", (ev) => { if (!tip.hidden) { showTip(tip.innerHTML, ev.renderedPosition.x, ev.renderedPosition.y); } });
    // A tip opened from the keyboard follows its node when the view moves;
    // a tip of the mouse closes.
    let tipAnchor = null;
    cy.on("viewport", () => {
      if (tipAnchor && !tip.hidden) { const p = tipAnchor.renderedPosition(); showTip(tip.innerHTML, p.x, p.y); } else tip.hidden = true;
    });
    cy.on("mouseover", () => { tipAnchor = null; });

    function focus(n, centre) {
      if (focused) focused.removeClass("focus");
      focused = n && n.length ? n : null;
      if (!focused) { focusEl.innerHTML = ""; delete host.dataset.focus; highlight(); return; }
      focused.addClass("focus");
      const links = focused.connectedEdges().sort((a, b) => b.data("weight") - a.data("weight"));
      let h = '<div class="net-card">' + nodeInfo(focused);
      if (opts.onOpen) h += '<br><button type="button" data-open="' + esc(focused.id()) + '">Open ' + esc(focused.id() + " " + short(focused.data("name"), 40)) + "</button>";
      if (actions.length) h += ' <button type="button" data-pick="' + esc(focused.id()) + '">' + (focused.hasClass("picked") ? "Take out of the selection" : "Add to the selection") + "</button>";
      if (links.length) h += "<br><span class=\"note\">Strongest links here:</span> " + links.slice(0, 6).map((e) => { const o = e.source().same(focused) ? e.target() : e.source(); return esc(o.id() + " " + short(o.data("name"), 30)) + " (" + num(e.data("weight"), 2) + ")"; }).join("; ");
      focusEl.innerHTML = h + "</div>";
      if (centre) {
        const bb = cy.extent(), p = focused.position();
        const inside = p.x > bb.x1 && p.x < bb.x2 && p.y > bb.y1 && p.y < bb.y2;
        if (!inside || centre === "zoom") cy.animate({ center: { eles: focused }, zoom: centre === "zoom" ? Math.max(cy.zoom(), 1.2) : cy.zoom() }, { duration: 250 });
      }
      highlight();
      host.dataset.focus = focused.id();
    }
    focusEl.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-open]");
      if (b && opts.onOpen) opts.onOpen(b.dataset.open);
      const p = ev.target.closest("button[data-pick]");
      if (p) { pick(cy.getElementById(p.dataset.pick)); focus(focused, false); }
    });

    // ---- selection: industries picked for the registered actions ----
    const pickEl = $(".net-pick");
    function pick(n, on) {
      if (!n || !n.length || !pickEl) return;
      if (on === undefined) on = !n.hasClass("picked");
      if (on) n.addClass("picked"); else n.removeClass("picked");
      showPicked();
    }
    function selected() { return cy.nodes(".picked").map((n) => n.id()).sort(); }
    function showPicked() {
      if (!pickEl) return;
      const codes = selected();
      host.dataset.picked = codes.join(",");
      pickEl.innerHTML = '<p class="note">' + (codes.length ? "Selected: " + codes.length + " industr" + (codes.length === 1 ? "y" : "ies") + " (" + esc(codes.slice(0, 12).join(", ") + (codes.length > 12 ? ", …" : "")) + ")"
        : "Selection: none. Shift+click industries, or press Space on the focused one, to select them.") + "</p>" +
        actions.map((a, k) => '<button type="button" data-action="' + k + '"' + (codes.length ? "" : " disabled") + ">" + esc(a.label) + "</button>").join(" ") +
        (codes.length ? ' <button type="button" data-act="clear-pick">Clear the selection</button>' : "");
    }
    if (pickEl) {
      showPicked();
      pickEl.addEventListener("click", (ev) => {
        const b = ev.target.closest("button");
        if (!b) return;
        if (b.dataset.act === "clear-pick") { cy.nodes(".picked").removeClass("picked"); showPicked(); if (focused) focus(focused, false); }
        else if (b.dataset.action !== undefined) actions[+b.dataset.action].run(selected(), api);
      });
    }
    cy.on("tap", "node", (ev) => {
      const o = ev.originalEvent;
      if (o && (o.shiftKey || o.ctrlKey || o.metaKey) && pickEl) pick(ev.target);
      focus(ev.target, false);
    });
    cy.on("tap", (ev) => { if (ev.target === cy) focus(null); });
    // Two quick Shift+clicks select two industries: they open nothing.
    cy.on("dbltap", "node", (ev) => { const o = ev.originalEvent; if (opts.onOpen && !(o && (o.shiftKey || o.ctrlKey || o.metaKey))) opts.onOpen(ev.target.id()); });

    // ---- toolbar ----
    function zoomBy(f) {
      const W = canvasEl.clientWidth, H = canvasEl.clientHeight;
      cy.zoom({ level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * f)), renderedPosition: { x: W / 2, y: H / 2 } });
    }
    function fit() { cy.fit(undefined, 24); }
    $(".net-bar").addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-act]");
      if (!b) return;
      if (b.dataset.act === "in") zoomBy(1.4);
      else if (b.dataset.act === "out") zoomBy(1 / 1.4);
      else fit();
    });
    $('[data-ctl="labels"]').addEventListener("change", (ev) => { density = ev.target.value; labelsSoon(); });
    $('[data-ctl="colour"]').addEventListener("change", (ev) => { colourBy = ev.target.value; applyColours(); });
    $("datalist").innerHTML = byImportance.map((n) => '<option value="' + esc(n.id() + " " + n.data("name")) + '">').join("");
    $(".net-find").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = $(".net-find input").value.trim().toLowerCase();
      if (!q) return;
      const code = q.split(" ")[0];
      let n = cy.getElementById(code);
      if (!n.length) n = byImportance.filter((m) => (m.id() + " " + m.data("name")).toLowerCase().includes(q))[0];
      if (n && n.length !== 0) { focus(n, "zoom"); canvasEl.focus(); }
      else focusEl.innerHTML = '<p class="note">No industry in this network matches “' + esc(q) + "”.</p>";
    });

    // ---- keyboard ----
    const order = byImportance.toArray();
    let nbIndex = -1;
    canvasEl.addEventListener("keydown", (ev) => {
      const k = ev.key;
      const pan = 60;
      if (ev.shiftKey && k.startsWith("Arrow")) {
        cy.panBy({ x: k === "ArrowLeft" ? pan : k === "ArrowRight" ? -pan : 0, y: k === "ArrowUp" ? pan : k === "ArrowDown" ? -pan : 0 });
      } else if (k === "ArrowRight" || k === "ArrowLeft") {
        const i = focused ? order.indexOf(focused) : -1;
        const j = k === "ArrowRight" ? (i + 1) % order.length : (i <= 0 ? order.length - 1 : i - 1);
        nbIndex = -1;
        focus(order[j], true);
      } else if ((k === "ArrowDown" || k === "ArrowUp") && focused) {
        // step through the focused node's neighbours, strongest link first
        const links = focused.connectedEdges().sort((a, b) => b.data("weight") - a.data("weight"));
        if (!links.length) return;
        nbIndex = k === "ArrowDown" ? (nbIndex + 1) % links.length : (nbIndex <= 0 ? links.length - 1 : nbIndex - 1);
        const e = links[nbIndex];
        const o = e.source().same(focused) ? e.target() : e.source();
        tipAnchor = o;
        const pos = o.renderedPosition();
        showTip(edgeInfo(e), pos.x, pos.y);
      } else if (k === "Enter" && focused) {
        if (opts.onOpen) opts.onOpen(focused.id());
      } else if (k === " " && focused && pickEl) {
        pick(focused);
        focus(focused, false);
      } else if (k === "+" || k === "=") zoomBy(1.4);
      else if (k === "-" || k === "_") zoomBy(1 / 1.4);
      else if (k === "0") fit();
      else if (k === "Escape") { focus(null); tip.hidden = true; tipAnchor = null; }
      else return;
      ev.preventDefault();
    });
    canvasEl.addEventListener("blur", () => { tip.hidden = true; });

    const t3 = performance.now();
    // ---- text alternative: every industry, the strongest links ----
    // The summary is written now; the tables when the browser is idle after
    // the first picture, or at once when the panel is opened before that.
    const LINKS_SHOWN = 300;
    $(".net-table summary").textContent = "Text alternative: the " + nodesIn.length + " industries and " + (edgesIn.length > LINKS_SHOWN ? "the " + LINKS_SHOWN + " strongest of " : "") + edgesIn.length + " links as tables";
    let tablesDone = false, tablesTimer = 0;
    function tables() {
      if (tablesDone) return;
      tablesDone = true;
      clearTimeout(tablesTimer);
      const sortedEdges = edgesIn.slice().sort((a, b) => b.data.weight - a.data.weight);
      const nameOf = {};
      for (const n of nodesIn) nameOf[n.data.id] = n.data.label;
      $(".net-table div").innerHTML =
      '<table><caption>Industries in the network</caption><thead><tr><th>industry</th><th>sector</th><th>domain</th><th class="num">strength</th>' + (sizeBy === "employment" ? '<th class="num">employment</th>' : "") + '<th class="num">links here</th></tr></thead><tbody>' +
      byImportance.map((n) => { const d = n.data(); return "<tr><td>" + esc(d.id + " " + d.name) + "</td><td>" + esc(d.sector_name || d.sector) + "</td><td>" + (d.domain ? "#" + esc(d.domain) : "") + '</td><td class="num">' + num(d.strength, 2) + "</td>" + (sizeBy === "employment" ? '<td class="num">' + (d.employment !== undefined ? num(d.employment) : "") + "</td>" : "") + '<td class="num">' + n.degree(false) + "</td></tr>"; }).join("") +
      '</tbody></table><table><caption>Links by relatedness</caption><thead><tr><th>industry</th><th>industry</th><th class="num">relatedness</th><th class="num">count</th><th>note</th></tr></thead><tbody>' +
      sortedEdges.slice(0, LINKS_SHOWN).map((e) => { const d = e.data; return "<tr><td>" + esc(d.source + " " + short(nameOf[d.source], 40)) + "</td><td>" + esc(d.target + " " + short(nameOf[d.target], 40)) + '</td><td class="num">' + num(d.weight, 3) + '</td><td class="num">' + (d.count ? num(d.count) : "") + "</td><td>" + esc([d.cross_domain ? "crosses domains" : "", d.change || ""].filter(Boolean).join(", ")) + "</td></tr>"; }).join("") +
      "</tbody></table>";
    }
    $(".net-table").addEventListener("toggle", tables);
    // Opening the panel with the mouse or keyboard builds the tables before
    // the browser shows it.
    $(".net-table summary").addEventListener("click", tables);
    requestAnimationFrame(() => { if (!tablesDone) tablesTimer = setTimeout(tables, 0); });

    const tablesMs = performance.now() - t3;
    fit();
    const fitZoom = cy.zoom();
    placeLabels();
    drawLabels();
    const api = {
      cy: cy, fitZoom: fitZoom, focus: (code) => focus(cy.getElementById(code), "zoom"), fit: fit, zoomBy: zoomBy,
      // selected lists the picked industries' codes, sorted; pick(code, on) picks or unpicks one.
      selected: selected, pick: (code, on) => pick(cy.getElementById(code), on), title: title, data: data,
      destroy: () => { cancelAnimationFrame(frame); clearTimeout(tablesTimer); tablesDone = true; cy.destroy(); },
      // tables builds the text alternative now (it is otherwise built when idle).
      tables: tables,
      // labels lists the drawn labels: node id and box on screen (px).
      labels: () => placed.map((l) => ({ id: l.n.id(), x1: l.box[0], y1: l.box[1], x2: l.box[2], y2: l.box[3] })),
      timing: { initMs: initMs, layoutMs: layoutMs, tablesMs: tablesMs, totalMs: performance.now() - t0 },
    };
    host.dataset.nodes = String(cy.nodes().length);
    host.dataset.edges = String(cy.edges().length);
    host.network = api;
    return api;
  }

  window.domainscopeNetwork = { create: create, groups: groups, actions: actions };
})();
