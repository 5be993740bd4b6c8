// domainscope explorer, Map view: the regions as a choropleth of one
// regional measure (GET /map): LQ of an industry or a domain, relatedness
// density of an industry, established specialisations, ECI. Regions are
// drawn with the boundaries loaded by 'domainscope ingest regions-geo', and
// as tiles of a grid where none is loaded. Plain SVG with a title, a
// description, a legend and a table as the text alternative.
"use strict";
(function () {
  window.domainscopeViews = window.domainscopeViews || {};
  const SVGNS = "http://www.w3.org/2000/svg";
  const W = 720; // viewBox width; the map is drawn at most this wide, so 12 px text stays 12 px
  const MEASURES = [["lq", "LQ of an industry"], ["domain-lq", "LQ of a knowledge domain"], ["density", "relatedness density of an industry"],
    ["specialisations", "number of established specialisations"], ["eci", "economic complexity (ECI)"]];

  function section() { return document.getElementById("view-map"); }

  function skeleton(app) {
    const el = section();
    if (el.dataset.built) return;
    el.dataset.built = "1";
    el.innerHTML = '<form id="map-form" class="inline-form" aria-label="What the map shows">' +
      '<label>Measure <select id="map-measure" name="map-measure">' + MEASURES.map(([v, l]) => '<option value="' + v + '">' + app.esc(l) + "</option>").join("") + "</select></label>" +
      '<label>Industry code <input id="map-industry" name="map-industry" type="text" size="8" placeholder="e.g. 6201"></label>' +
      '<label>Domain <input id="map-domain" name="map-domain" type="number" min="1" step="1" placeholder="e.g. 3"></label>' +
      '<button type="submit">Draw</button></form>' +
      '<div id="map-out"></div>';
    document.getElementById("map-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      app.go({ view: "map", mm: document.getElementById("map-measure").value, mi: document.getElementById("map-industry").value.trim(),
        md: document.getElementById("map-domain").value.trim() });
    });
  }

  // ---- colour ----
  // A sequential blue scale for counts and complexity; for quotients a
  // diverging scale around 1 on a log axis (blue below, orange above).
  const BLUES = [[239, 243, 255], [189, 215, 231], [107, 174, 214], [49, 130, 189], [8, 81, 156]];
  const DIVERGING = [[33, 102, 172], [103, 169, 207], [247, 247, 247], [239, 138, 98], [178, 24, 43]];
  function ramp(stops, t) {
    t = Math.max(0, Math.min(1, t));
    const x = t * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x));
    const f = x - k;
    const c = stops[k].map((v, i) => Math.round(v + f * (stops[k + 1][i] - v)));
    return "rgb(" + c.join(",") + ")";
  }
  function scaleOf(res) {
    if (res.neutral !== undefined && res.neutral !== null) {
      const lo = res.min > 0 ? Math.log(res.min) : -1, hi = res.max > 0 ? Math.log(res.max) : 1;
      const span = Math.max(Math.abs(lo), Math.abs(hi), 1e-9);
      const pos = (v) => (v > 0 ? 0.5 + Math.log(v) / (2 * span) : 0);
      // Ticks at the lowest and highest values found and at 1 (the scale is symmetric in log around 1).
      const ticks = [[1, 0.5]];
      if (res.min < 1 && pos(res.min) < 0.4) ticks.unshift([res.min, pos(res.min)]);
      if (res.max > 1 && pos(res.max) > 0.6) ticks.push([res.max, pos(res.max)]);
      return { colour: (v) => ramp(DIVERGING, pos(v)), stops: DIVERGING, ticks: ticks };
    }
    const span = res.max - res.min || 1;
    return { colour: (v) => ramp(BLUES, (v - res.min) / span), stops: BLUES, ticks: [[res.min, 0], [(res.min + res.max) / 2, 0.5], [res.max, 1]] };
  }
  // ink picks black or white text for a fill "rgb(r,g,b)" (WCAG relative luminance).
  function ink(fill) {
    const m = fill.match(/\d+/g);
    if (!m) return "#1d2430";
    const lum = m.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    const L = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return L > 0.22 ? "#1d2430" : "#ffffff";
  }

  function el(name, attrs, text) {
    const e = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- geometry ----
  // polygons returns a geometry's polygons as arrays of rings of [x, y].
  function polygons(g) {
    if (!g) return [];
    return g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  }
  // projection fits every ring into the drawing: longitude/latitude are
  // drawn equirectangular with x scaled by cos(mid latitude); projected
  // coordinates as given, north up.
  function projection(regions, height) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const r of regions) for (const p of polygons(r.geometry)) for (const ring of p) for (const [x, y] of ring) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    const lonlat = x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90;
    const kx = lonlat ? Math.cos(((y0 + y1) / 2) * Math.PI / 180) : 1;
    const w = (x1 - x0) * kx || 1, h = (y1 - y0) || 1;
    const pad = 8;
    const s = Math.min((W - 2 * pad) / w, (height - 2 * pad) / h);
    const ox = pad + ((W - 2 * pad) - w * s) / 2;
    return { f: (x, y) => [ox + (x - x0) * kx * s, pad + (y1 - y) * s], height: Math.round(h * s + 2 * pad) };
  }
  function pathOf(geom, proj) {
    let d = "";
    for (const p of polygons(geom)) for (const ring of p) {
      ring.forEach(([x, y], k) => { const [a, b] = proj.f(x, y); d += (k ? "L" : "M") + a.toFixed(1) + " " + b.toFixed(1); });
      d += "Z";
    }
    return d;
  }

  function fmt(app, v, res) {
    if (v === null || v === undefined) return "no value";
    return res.request.value === "specialisations" ? app.num(v) : app.num(v, 2);
  }

  // draw builds the map's SVG: shapes for regions with a boundary, tiles for the others.
  function draw(app, res) {
    const { esc } = app;
    const scale = scaleOf(res);
    const shaped = res.regions.filter((r) => r.geometry);
    const tiled = res.regions.filter((r) => !r.geometry);
    const svg = el("svg", { viewBox: "0 0 " + W + " 100", role: "img", "aria-labelledby": "map-svg-title map-svg-desc", class: "map-svg", width: "100%" });
    const title = el("title", { id: "map-svg-title" }, "Map: " + res.label);
    const sorted = res.regions.filter((r) => r.value !== null).sort((a, b) => b.value - a.value);
    const desc = el("desc", { id: "map-svg-desc" }, res.regions.length + " regions coloured by " + res.label + (sorted.length ? "; highest " +
      (sorted[0].region.name || sorted[0].region.id) + " (" + fmt(app, sorted[0].value, res) + "), lowest " + (sorted[sorted.length - 1].region.name || sorted[sorted.length - 1].region.id) +
      " (" + fmt(app, sorted[sorted.length - 1].value, res) + ")" : "") + ". The table below the map lists every value.");
    svg.append(title, desc);
    let y = 0;
    const fillOf = (r) => (r.value === null || r.value === undefined ? "#d9d9d9" : scale.colour(r.value));
    if (shaped.length) {
      const proj = projection(shaped, 560);
      const g = el("g", { class: "map-shapes" });
      for (const r of shaped) {
        const name = r.region.name || r.region.id;
        const p = el("path", { d: pathOf(r.geometry, proj), fill: fillOf(r), stroke: "#ffffff", "stroke-width": "1", "fill-rule": "evenodd", "data-region": r.region.id });
        p.append(el("title", {}, name + ": " + fmt(app, r.value, res)));
        g.append(p);
      }
      svg.append(g);
      y = proj.height;
    }
    if (tiled.length) {
      if (shaped.length) {
        svg.append(el("text", { x: 8, y: y + 18, class: "map-note" }, "Without a loaded boundary:"));
        y += 26;
      }
      // Tiles at their grid places (compacted when only some regions are tiles).
      let cols = Math.max(...tiled.map((r) => r.col)) + 1, rows = Math.max(...tiled.map((r) => r.row)) + 1;
      let place = (r) => [r.col, r.row];
      if (shaped.length) {
        cols = Math.min(tiled.length, 6); rows = Math.ceil(tiled.length / cols);
        place = (r) => { const k = tiled.indexOf(r); return [k % cols, Math.floor(k / cols)]; };
      }
      const size = Math.min(120, Math.floor((W - 16) / cols));
      const ox = (W - cols * size) / 2;
      const g = el("g", { class: "map-tiles" });
      for (const r of tiled) {
        const [c, rw] = place(r);
        const x = ox + c * size, yy = y + rw * size;
        const name = r.region.name || r.region.id;
        const fill = fillOf(r);
        const t = el("g", { "data-region": r.region.id });
        const rect = el("rect", { x: x + 2, y: yy + 2, width: size - 4, height: size - 4, rx: 6, fill: fill, stroke: "#5b6472", "stroke-width": "1" });
        rect.append(el("title", {}, name + ": " + fmt(app, r.value, res)));
        t.append(rect);
        // The name in at most two lines of 12 px text, and the value.
        const words = name.split(/\s+/);
        const lines = [];
        let line = "";
        const maxChars = Math.max(6, Math.floor((size - 12) / 7));
        for (const w of words) {
          if ((line + " " + w).trim().length > maxChars && line) { lines.push(line); line = w; } else line = (line + " " + w).trim();
        }
        lines.push(line);
        const shown = lines.slice(0, 3);
        if (lines.length > 3) shown[2] = shown[2].slice(0, maxChars - 1) + "…";
        const colour = ink(fill);
        shown.forEach((l, k) => t.append(el("text", { x: x + size / 2, y: yy + 22 + k * 15, "text-anchor": "middle", fill: colour, class: "map-label" }, l)));
        t.append(el("text", { x: x + size / 2, y: yy + size - 12, "text-anchor": "middle", fill: colour, class: "map-value" }, fmt(app, r.value, res)));
        g.append(t);
      }
      svg.append(g);
      y += rows * size;
    }
    // Legend: the colour ramp with its ends and middle.
    const ly = y + 16;
    const defs = el("defs");
    const grad = el("linearGradient", { id: "map-ramp", x1: "0", x2: "1", y1: "0", y2: "0" });
    scale.stops.forEach((c, k) => grad.append(el("stop", { offset: (k / (scale.stops.length - 1)).toFixed(3), "stop-color": "rgb(" + c.join(",") + ")" })));
    defs.append(grad);
    svg.append(defs);
    const lx = 120, lw = 360;
    svg.append(el("text", { x: 8, y: ly + 13, class: "map-legend" }, "Legend"));
    svg.append(el("rect", { x: lx, y: ly, width: lw, height: 16, fill: "url(#map-ramp)", stroke: "#5b6472", "stroke-width": "1" }));
    for (const [v, t] of scale.ticks) {
      svg.append(el("line", { x1: lx + t * lw, x2: lx + t * lw, y1: ly + 16, y2: ly + 21, stroke: "#1d2430" }));
      svg.append(el("text", { x: lx + t * lw, y: ly + 34, "text-anchor": "middle", class: "map-legend" }, fmt(app, v, res)));
    }
    svg.append(el("rect", { x: lx + lw + 24, y: ly, width: 16, height: 16, fill: "#d9d9d9", stroke: "#5b6472", "stroke-width": "1" }));
    svg.append(el("text", { x: lx + lw + 46, y: ly + 13, class: "map-legend" }, "no value"));
    svg.setAttribute("viewBox", "0 0 " + W + " " + Math.ceil(ly + 44));
    svg.style.maxWidth = W + "px";
    return svg;
  }

  async function show(s, seq) {
    const app = window.domainscopeApp;
    const { esc } = app;
    skeleton(app);
    const measure = s.get("mm") || "specialisations";
    const industry = s.get("mi") || "", domain = s.get("md") || "";
    document.getElementById("map-measure").value = measure;
    document.getElementById("map-industry").value = industry;
    document.getElementById("map-domain").value = domain;
    const out = document.getElementById("map-out");
    out.innerHTML = "";
    if ((measure === "lq" || measure === "density") && !industry) {
      out.innerHTML = '<p class="note">Give an industry code for this measure.</p>';
      return;
    }
    if (measure === "domain-lq" && !domain) {
      out.innerHTML = '<p class="note">Give a knowledge domain (its number in the Domains view).</p>';
      return;
    }
    let res;
    try {
      res = await app.call(app.API + "/map" + app.qs(app.analysisParams({ measure: measure, industry: industry, domain: measure === "domain-lq" ? domain : "" })), false, "the map");
    } catch (err) {
      if (app.current(seq)) { app.addError(err.message); out.innerHTML = '<p class="note">No map.</p>'; }
      return;
    }
    if (!app.current(seq)) return;
    const how = res.layout === "tiles" ? "Regions drawn as tiles (" + (res.tile_layout === "uk" ? "a grid of the UK's regions" : "a grid in order of name") +
      "): load boundaries with <code>domainscope ingest regions-geo FILE --id-property NAME</code> or an upload of kind regions-geo to draw them."
      : res.layout === "mixed" ? "Boundaries loaded for " + (res.regions.length - res.without_boundary.length) + " of " + res.regions.length + " regions; the others are tiles."
        : "Boundaries as loaded.";
    const h = document.createElement("div");
    h.innerHTML = "<h2>" + esc(res.label) + "</h2>" + '<p class="note">' + esc(res.formula) + " · " + esc(res.regional_set.measure + " " + res.regional_set.period) + "</p>" +
      '<p class="note">' + how + (res.unused_boundaries.length ? " Boundaries of regions without values here: " + esc(res.unused_boundaries.join(", ")) + "." : "") + "</p>";
    out.append(h);
    const fig = document.createElement("figure");
    fig.className = "map-figure";
    fig.append(draw(app, res));
    out.append(fig);
    const rows = res.regions.slice().sort((a, b) => {
      if ((a.value === null) !== (b.value === null)) return a.value === null ? 1 : -1; // no value last
      if (a.value !== b.value) return b.value - a.value;
      return (a.region.name || a.region.id).localeCompare(b.region.name || b.region.id);
    });
    const t = document.createElement("details");
    t.className = "map-table";
    t.open = true;
    t.innerHTML = "<summary>Table of the values (the map's text alternative)</summary><table><caption>" + esc(res.label) + '</caption><thead><tr><th scope="col">rank</th><th scope="col">region</th><th scope="col" class="num">value</th></tr></thead><tbody>' +
      rows.map((r, k) => '<tr><td class="num">' + (r.value === null ? "—" : k + 1) + '</td><th scope="row">' + esc(r.region.name || r.region.id) + '</th><td class="num">' + esc(fmt(app, r.value, res)) + "</td></tr>").join("") +
      "</tbody></table>";
    out.append(t);
  }

  window.domainscopeViews.map = show;
})();
