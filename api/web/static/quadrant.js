// Relatedness density × complexity scatter plot of a region (Balland,
// Boschma, Crespo & Rigby 2019): one point per industry the region lacks,
// from GET /regions/{id}/quadrant. The server computes every number; this
// file only draws them. A table of the same points is the text alternative.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(x, d) { return (typeof x === "number" && isFinite(x)) ? x.toFixed(d) : "–"; }
  const colours = { "high-high": "#228833", "low-high": "#4477AA", "high-low": "#CCBB44", "low-low": "#BBBBBB" };

  // draw fills container with the scatter plot of data (a /quadrant answer).
  function draw(container, data) {
    container.innerHTML = "";
    const pts = (data.points || []).filter((p) => isFinite(p.density) && isFinite(p.pci));
    const cx = data.complexity || {};
    const h3 = document.createElement("h3");
    h3.textContent = "Opportunities by relatedness density and complexity";
    container.appendChild(h3);
    if (!pts.length) {
      const p = document.createElement("p");
      p.textContent = "No industry the region lacks has both a density and a complexity value.";
      container.appendChild(p);
      return;
    }
    const W = 640, H = 400, L = 56, R = 16, T = 16, B = 44;
    let ymin = Math.min(...pts.map((p) => p.pci)), ymax = Math.max(...pts.map((p) => p.pci));
    if (ymin === ymax) { ymin -= 1; ymax += 1; }
    const X = (d) => L + (W - L - R) * Math.max(0, Math.min(100, d)) / 100;
    const Y = (v) => T + (H - T - B) * (ymax - v) / (ymax - ymin);
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", role: "img", "aria-labelledby": "quad-title quad-desc", class: "quadrant" });
    svg.appendChild(el("title", { id: "quad-title" }, "Relatedness density (x) against product complexity PCI (y) of " + pts.length + " industries the region lacks"));
    svg.appendChild(el("desc", { id: "quad-desc" }, "Dashed lines are the cuts: mean density " + fmt(cx.density_cut, 1) + " and mean PCI " + fmt(cx.complexity_cut, 2) + ". Filled points have enough support to be ranked; hollow ones rest on thin data. The table below lists the same points."));
    svg.appendChild(el("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "none", stroke: "#666" }));
    if (isFinite(cx.density_cut)) svg.appendChild(el("line", { x1: X(cx.density_cut), x2: X(cx.density_cut), y1: T, y2: H - B, stroke: "#444", "stroke-dasharray": "4 3" }));
    if (isFinite(cx.complexity_cut) && cx.complexity_cut >= ymin && cx.complexity_cut <= ymax) svg.appendChild(el("line", { x1: L, x2: W - R, y1: Y(cx.complexity_cut), y2: Y(cx.complexity_cut), stroke: "#444", "stroke-dasharray": "4 3" }));
    for (const d of [0, 25, 50, 75, 100]) svg.appendChild(el("text", { x: X(d), y: H - B + 16, "text-anchor": "middle", "font-size": 12 }, String(d)));
    for (const v of [ymin, (ymin + ymax) / 2, ymax]) svg.appendChild(el("text", { x: L - 6, y: Y(v) + 4, "text-anchor": "end", "font-size": 12 }, fmt(v, 1)));
    svg.appendChild(el("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle", "font-size": 13 }, "relatedness density (0–100)"));
    svg.appendChild(el("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle", "font-size": 13, transform: "rotate(-90 14 " + (T + H - B) / 2 + ")" }, "complexity (PCI)"));
    svg.appendChild(el("text", { x: W - R - 6, y: T + 16, "text-anchor": "end", "font-size": 12, fill: "#225522" }, "high density, high complexity"));
    for (const p of pts) {
      const c = colours[p.quadrant] || "#777";
      const dot = el("circle", { cx: X(p.density), cy: Y(p.pci), r: p.ranked ? 5 : 4, fill: p.ranked ? c : "none", stroke: c, "stroke-width": 1.5 });
      dot.appendChild(el("title", {}, p.code + " " + (p.name || "") + ": density " + fmt(p.density, 1) + " (lower bound " + fmt(p.density_lower, 1) + "), PCI " + fmt(p.pci, 2) + ", " + (p.supporting || 0) + " supporting specialisations" + (p.moves ? ", " + Math.round(p.moves) + " moves" : "") + (p.ranked ? "" : " — too little support to rank")));
      svg.appendChild(dot);
    }
    container.appendChild(svg);
    const det = document.createElement("details");
    const sum = document.createElement("summary");
    sum.textContent = "Table of the " + pts.length + " points";
    det.appendChild(sum);
    const rows = pts.slice().sort((a, b) => (b.density - a.density)).map((p) => "<tr><td>" + p.code + "</td><td>" + (p.name || "").replace(/[&<>"]/g, (ch) => "&#" + ch.charCodeAt(0) + ";") + '</td><td class="num">' + fmt(p.density, 1) + '</td><td class="num">' + fmt(p.density_lower, 1) + '</td><td class="num">' + fmt(p.pci, 2) + "</td><td>" + (p.quadrant || "") + "</td><td>" + (p.ranked ? "yes" : "no") + "</td></tr>").join("");
    const tbl = document.createElement("table");
    tbl.innerHTML = '<thead><tr><th>code</th><th>industry</th><th class="num">density</th><th class="num">lower bound</th><th class="num">PCI</th><th>quadrant</th><th>ranked</th></tr></thead><tbody>' + rows + "</tbody>";
    det.appendChild(tbl);
    container.appendChild(det);
  }
  window.domainscopeQuadrant = { draw: draw };
})();
