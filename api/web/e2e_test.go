package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/domainscope/domainscope/api"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/ingest/realdata"
	"github.com/domainscope/domainscope/viz"

	// This test binary is also the diagram worker: started with
	// DOMAINSCOPE_VIZ_WORKER=1, gvworker's init serves renders and exits.
	_ "github.com/domainscope/domainscope/viz/gvworker"
)

// init points the renderer at this test binary.
func init() {
	if exe, err := os.Executable(); err == nil {
		os.Setenv(viz.WorkerPathEnv, exe)
	}
}

// chromium returns the path of a Chromium (or Chrome) binary: $CHROMIUM,
// else the first of the usual names on PATH.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// quiet discards logs below errors.
func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
}

// demoStore writes the synthetic demo data and loads it into a new store
// with ingest.Load, as 'domainscope demo' does (with the methods' own
// thresholds).
func demoStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	files, err := demo.Write(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, f := range files {
		if _, err := ingest.Load(ctx, st, f.Path, f.LoadOptions(ingest.RelatednessOptions{})); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// browser starts headless Chromium for the test (skipping without one)
// and returns its context.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium found (set CHROMIUM or install the Debian package chromium): skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(cancelC)
	if err := chromedp.Do(ctx); err != nil { // starts the browser; its life is ctx's
		t.Fatalf("starting %s: %v", bin, err)
	}
	return ctx
}

// TestExplorer drives the page in headless Chromium over the demo store:
// search an industry, zoom, hover and click its network, open a domain,
// re-centre from its network with the keyboard and find an industry in it,
// open the bridging sectors, a region and a period comparison, and a
// request the API rejects. The page must show what the API answers (the
// first neighbour of 62 on labour, the networks' node and link counts, the
// first bridging sector with its explanation, amberlee's first
// opportunity), labels must not overlap and stay 12 px at every zoom, and
// axe-core must find no serious or critical accessibility violation on
// any view.
func TestExplorer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test (CI runs it without -race; the race step uses -short)")
	}
	ctx := browser(t)
	r, err := viz.NewRenderer(context.Background(), viz.RendererConfig{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	srv := httptest.NewServer(api.New(demoStore(t), api.Config{Renderer: r, Logger: quiet()}).Handler())
	t.Cleanup(srv.Close)

	// apiGet decodes a JSON answer of the same server: the page must show it.
	apiGet := func(path string, v any) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", path, res.StatusCode)
		}
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	type named struct{ Code, Name string }
	var nb struct{ Neighbours []named }
	apiGet("/api/v1/industries/62/neighbours?layer=labour&top=1", &nb)
	var br struct {
		Bridges []struct {
			named
			Explanation string
		}
	}
	apiGet("/api/v1/bridges?top=1", &br)
	var op struct {
		Opportunities []struct {
			named
			Supporting int
		}
	}
	apiGet("/api/v1/regions/amberlee/opportunities", &op)
	if len(nb.Neighbours) == 0 || len(br.Bridges) == 0 || len(op.Opportunities) == 0 {
		t.Fatalf("the demo store lacks neighbours of 62, bridges or opportunities of amberlee: %+v %+v %+v", nb, br, op)
	}
	// graphSize is the number of nodes and links of a graph view (node-link JSON).
	graphSize := func(path string) (int, int) {
		t.Helper()
		var g struct{ Nodes, Links []json.RawMessage }
		apiGet(path, &g)
		return len(g.Nodes), len(g.Links)
	}

	shots := t.TempDir()
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.FullScreenshot(90)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".jpg"), png, 0o644)
		})
	}
	// ready waits until the page has rendered view with the hash containing frag.
	ready := func(view, frag string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "`+view+`" && location.hash.includes("`+frag+`")`, chromedp.WithPollingTimeout(20*time.Second))
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	must := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, acts...); err != nil {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + " | ready=" + document.body.dataset.ready + " | status: " + document.getElementById("status").textContent + " | error: " + document.getElementById("error").textContent + " | diagrams: " + [...document.querySelectorAll(".diagram")].map(d => d.textContent.slice(0, 200)).join(" / ")`))
			t.Fatalf("%s: %v (page: %s)", what, err, state)
		}
	}
	contains := func(sel string, want ...string) {
		t.Helper()
		got := text(sel)
		for _, w := range want {
			if !strings.Contains(got, w) {
				hash, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + " error: " + document.getElementById("error").textContent + " ready=" + document.body.dataset.ready`))
				t.Errorf("%s shows %q at %s; want it to contain %q", sel, got, hash, w)
			}
		}
	}

	// evalJS evaluates a JavaScript expression of the page into v.
	evalJS := func(expr string, v any) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		res, err := chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluating %.80s: %v", expr, err)
		}
		if err := json.Unmarshal(res, v); err != nil {
			t.Fatalf("evaluating %.80s: %v (%s)", expr, err, res)
		}
	}
	// netReady waits for the network in host to be drawn.
	netReady := func(host string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`!!document.querySelector("`+host+`[data-nodes] .net-canvas canvas")`, chromedp.WithPollingTimeout(20*time.Second))
	}
	// checkNetwork compares the network in host with the API's graph at
	// path (same node and link counts) and checks its labels: some are
	// drawn, none overlaps another, each is 12 px on screen.
	checkNetwork := func(host, path string) {
		t.Helper()
		nodes, links := graphSize(path)
		var got struct {
			Nodes, Edges, Labels int
			Overlaps             []string
			Fonts                []float64
			Drawn                int
		}
		evalJS(`(() => { const h = document.querySelector("`+host+`"), net = h.network, cy = net.cy, W = h.querySelector(".net-canvas").clientWidth;
			const boxes = net.labels(), over = [];
			for (let i = 0; i < boxes.length; i++) {
				const a = boxes[i];
				if (a.x1 < 0 || a.x2 > W) over.push(a.id + " outside the canvas");
				for (let j = i + 1; j < boxes.length; j++) {
					const b = boxes[j];
					if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) over.push(a.id + "/" + b.id);
				}
			}
			const overlay = h.querySelector("canvas.net-labels");
			return { nodes: cy.nodes().length, edges: cy.edges().length, labels: boxes.length, overlaps: over,
				fonts: boxes.map((b) => b.y2 - b.y1), drawn: overlay ? overlay.width : 0 };
		})()`, &got)
		if got.Nodes != nodes || got.Edges != links {
			t.Errorf("%s draws %d nodes and %d links; the API's %s has %d and %d", host, got.Nodes, got.Edges, path, nodes, links)
		}
		if got.Labels == 0 || len(got.Overlaps) > 0 || got.Drawn == 0 {
			t.Errorf("%s: %d labels (overlay %d px wide), overlapping or outside: %v", host, got.Labels, got.Drawn, got.Overlaps)
		}
		// A label box is the 12 px text and 2 px above and below, at every zoom.
		for _, f := range got.Fonts {
			if f < 15.99 || f > 16.01 {
				t.Errorf("%s: a label box is %.1f px high on screen, want 16 (12 px text)", host, f)
				break
			}
		}
	}
	// nodeAt scrolls the network of host into view and returns the page
	// position of a node.
	nodeAt := func(host, code string) (float64, float64) {
		t.Helper()
		var xy []float64
		evalJS(`(() => { const h = document.querySelector("`+host+`"), c = h.querySelector(".net-canvas");
			c.scrollIntoView({ block: "center" });
			const n = h.network.cy.getElementById("`+code+`");
			if (!n.length) return [];
			const p = n.renderedPosition(), r = c.getBoundingClientRect();
			return [r.left + p.x, r.top + p.y]; })()`, &xy)
		if len(xy) != 2 {
			t.Fatalf("%s has no node %s", host, code)
		}
		return xy[0], xy[1]
	}
	axeSrc, err := os.ReadFile(filepath.Join("testdata", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	// axe runs axe-core on the page as it is: no serious or critical violation.
	axe := func(view string) {
		t.Helper()
		var v []struct {
			ID, Impact, Help string
			Nodes            []struct{ Target []any }
		}
		evalJS(`(async () => { if (!window.axe) { `+string(axeSrc)+` }
			const r = await axe.run(document, { resultTypes: ["violations"] });
			return r.violations.filter((x) => x.impact === "serious" || x.impact === "critical").map((x) => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.slice(0, 3).map((n) => ({ target: n.target })) })); })()`, &v)
		for _, x := range v {
			t.Errorf("axe on the %s view: %s (%s): %s, e.g. %v", view, x.ID, x.Impact, x.Help, x.Nodes)
		}
	}

	// Search by name: two matches (60 and 62), pick 62 from the results.
	must("open and search",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), "programming\n"),
		chromedp.WaitVisible(chromedp.CSS(`#results button[data-code="62"]`)),
		chromedp.Click(chromedp.CSS(`#results button[data-code="62"]`)),
		ready("industry", "code=62"),
		netReady("#ind-diagram"),
		shot("industry"),
	)
	contains("#ind-title", "62 Computer programming")
	contains("#ind-neighbours", "Neighbours on labour 2010-2019", nb.Neighbours[0].Code+" "+nb.Neighbours[0].Name, "Neighbours on copatent")
	contains("#ind-info", "Knowledge domain", "Bridging")
	contains("#ind-downloads", "SVG", "PNG", "GEXF", "GraphML", "CSV", "JSON")
	contains("#ind-diagram .net-legend", "Colour: knowledge domain", "Line width: relatedness")
	contains("#ind-diagram .net-table summary", "Text alternative")
	checkNetwork("#ind-diagram", "/api/v1/subgraph?seeds=62&hops=1&max_nodes=40")
	// The layer control says what is used: the default layers, ticked.
	var ticked []string
	evalJS(`[...document.querySelectorAll('#layers input:checked')].map((i) => i.value)`, &ticked)
	if strings.Join(ticked, ",") != "labour" {
		t.Errorf("the layer control ticks %v; want the default layer labour ticked", ticked)
	}
	contains("#layers", "(default)")
	contains("#selection", "Showing:", "layer labour (the default)", "longest: 2010-2019", "each layer's own (labour 0)")
	axe("industry")

	// Zoom with the + button, then with the mouse wheel; labels stay 12 px.
	var z0, z1, z2 float64
	evalJS(`document.querySelector("#ind-diagram").network.cy.zoom()`, &z0)
	must("zoom button", chromedp.Click(chromedp.CSS(`#ind-diagram button[data-act="in"]`)))
	evalJS(`document.querySelector("#ind-diagram").network.cy.zoom()`, &z1)
	if z1 < 1.39*z0 || z1 > 1.41*z0 {
		t.Errorf("the + button zooms from %.3f to %.3f; want ×1.4", z0, z1)
	}
	x, y := nodeAt("#ind-diagram", "62")
	must("wheel", chromedp.Sleep(400*time.Millisecond), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.001, -300 }),
		chromedp.Sleep(300*time.Millisecond))
	evalJS(`document.querySelector("#ind-diagram").network.cy.zoom()`, &z2)
	if z2 <= z1 {
		t.Errorf("the mouse wheel did not zoom in: %.3f, then %.3f", z1, z2)
	}
	must("labels after zoom", chromedp.Sleep(200*time.Millisecond))
	checkNetwork("#ind-diagram", "/api/v1/subgraph?seeds=62&hops=1&max_nodes=40")
	must("fit", chromedp.Click(chromedp.CSS(`#ind-diagram button[data-act="fit"]`)), chromedp.Sleep(200*time.Millisecond))

	// Hover node 58: a tooltip with its evidence, its links highlighted, the rest faded.
	x, y = nodeAt("#ind-diagram", "58")
	must("hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y), chromedp.WaitVisible(chromedp.CSS(`#ind-diagram .net-tip`)))
	contains("#ind-diagram .net-tip", "58 Publishing activities", "Strength", "Links in this view")
	var hl struct {
		Node              string
		Links, Lit, Other int
	}
	evalJS(`(() => { const h = document.querySelector("#ind-diagram"), cy = h.network.cy, n = cy.getElementById("58");
		return { node: h.dataset.highlight || "", links: n.connectedEdges().length, lit: n.connectedEdges(".hl").length, other: cy.edges(".hl").length - n.connectedEdges(".hl").length }; })()`, &hl)
	if hl.Node != "58" || hl.Links == 0 || hl.Lit != hl.Links || hl.Other != 0 {
		t.Errorf("hovering 58 highlights %q: %d of its %d links and %d other links; want 58 and all its links only", hl.Node, hl.Lit, hl.Links, hl.Other)
	}
	// Hover the middle of a link: its relatedness and count.
	var mid []float64
	evalJS(`(() => { const h = document.querySelector("#ind-diagram"), cy = h.network.cy, r = h.querySelector(".net-canvas").getBoundingClientRect();
		const e = cy.edges().sort((a, b) => b.data("weight") - a.data("weight"))[0], m = e.renderedMidpoint();
		return [r.left + m.x, r.top + m.y, e.data("weight"), e.data("count")]; })()`, &mid)
	must("hover a link", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, mid[0]+40, mid[1]+60), chromedp.Sleep(100*time.Millisecond),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, mid[0], mid[1]), chromedp.WaitVisible(chromedp.CSS(`#ind-diagram .net-tip`)))
	contains("#ind-diagram .net-tip", "Relatedness: "+strconv.FormatFloat(mid[2], 'f', 3, 64), "Evidence: ")
	// Click focuses it (details below), its Open button re-centres on it.
	must("click a node",
		chromedp.MouseClickXY(x, y),
		chromedp.Poll[chromedp.Void](`document.querySelector("#ind-diagram").dataset.focus === "58"`, chromedp.WithPollingTimeout(5*time.Second)),
	)
	contains("#ind-diagram .net-focus", "58 Publishing activities", "Strongest links here")
	must("open the focused node",
		chromedp.Click(chromedp.CSS(`#ind-diagram .net-focus button[data-open="58"]`)),
		ready("industry", "code=58"),
		netReady("#ind-diagram"),
	)
	contains("#ind-title", "58 Publishing activities")

	// Open its domain.
	must("open a domain",
		chromedp.Click(chromedp.CSS(`#ind-info button[data-domain]`)),
		ready("domains", "domain="),
		netReady("#dom-diagram"),
		shot("domain"),
	)
	contains("#dom-title", "Domain #")
	contains("#dom-detail", "Sectors spanned", "Bridging members", "Members", "Publishing activities")
	contains("#dom-list", "stability", "Modularity")
	contains("#dom-cross", "candidate score")
	contains("#dom-diagram .net-legend", "Colour: sector")
	var domain string
	evalJS(`new URLSearchParams(location.hash.slice(1)).get("domain")`, &domain)
	checkNetwork("#dom-diagram", "/api/v1/subgraph?domain="+domain)
	// axe with the network's text alternative and the glossary open.
	must("open the tables", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("#dom-diagram details, #glossary").forEach((d) => { d.open = true; })`))
	contains("#dom-diagram .net-table", "Industries in the network", "Links by relatedness")
	axe("domains")
	must("close the tables", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("#dom-diagram details, #glossary").forEach((d) => { d.open = false; })`))

	// A measure explains itself on hover and opens the glossary on click.
	must("measure tooltip",
		chromedp.ScrollIntoView(chromedp.CSS(`#dom-detail button.term[data-term="candidate-score"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#dom-detail button.term[data-term="candidate-score"]').focus()`),
		chromedp.WaitVisible(chromedp.CSS(`#term-tip`)),
	)
	contains("#term-tip", "Candidate score", "sector mix × (1 − conductance) × √density")
	must("glossary", chromedp.Click(chromedp.CSS(`#dom-detail button.term[data-term="candidate-score"]`)), chromedp.WaitVisible(chromedp.CSS(`#g-candidate-score`)))
	contains("#glossary", "Location quotient (LQ)", "LQ_ri = (x_ri / x_r·) / (x_·i / x_··)", "HHI = Σ_i p_i²", "Related variety", "Betweenness", "Participation")

	// Colour by sector: the legend follows. Label density: "few" draws
	// fewer labels than "all", which labels every node in view.
	must("colour by sector",
		chromedp.SetValue(chromedp.CSS(`#dom-diagram select[data-ctl="colour"]`), "sector"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#dom-diagram select[data-ctl="colour"]').dispatchEvent(new Event("change"))`))
	contains("#dom-diagram .net-legend", "Colour: sector")
	var few, all, nodesInView int
	for _, d := range []struct {
		value string
		n     *int
	}{{"few", &few}, {"all", &all}} {
		must("label density "+d.value,
			chromedp.SetValue(chromedp.CSS(`#dom-diagram select[data-ctl="labels"]`), d.value),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#dom-diagram select[data-ctl="labels"]').dispatchEvent(new Event("change"))`),
			chromedp.Sleep(150*time.Millisecond))
		evalJS(`document.querySelector("#dom-diagram").network.labels().length`, d.n)
	}
	evalJS(`document.querySelector("#dom-diagram").network.cy.nodes().length`, &nodesInView)
	if few == 0 || few >= all || all != nodesInView {
		t.Errorf("label density: few draws %d labels, all %d; want 0 < few < all = %d nodes", few, all, nodesInView)
	}
	// Drag a node: it moves with the mouse.
	dragged := ""
	evalJS(`document.querySelector("#dom-diagram").network.cy.nodes()[0].id()`, &dragged)
	x, y = nodeAt("#dom-diagram", dragged)
	must("drag a node", chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x+20, y+10, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x+60, y+40, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x+60, y+40, chromedp.ButtonLeft))
	x2, y2 := nodeAt("#dom-diagram", dragged)
	if x2-x < 50 || y2-y < 30 {
		t.Errorf("dragging node %s by (60, 40) moved it by (%.0f, %.0f)", dragged, x2-x, y2-y)
	}

	// Find an industry in the network: it takes the focus.
	var second string
	evalJS(`document.querySelector("#dom-diagram").network.cy.nodes().sort((a, b) => a.id() < b.id() ? -1 : 1)[1].id()`, &second)
	must("find in the network",
		chromedp.SendKeys(chromedp.CSS(`#dom-diagram .net-find input`), second+"\n"),
		chromedp.Poll[chromedp.Void](`document.querySelector("#dom-diagram").dataset.focus === "`+second+`"`, chromedp.WithPollingTimeout(5*time.Second)),
	)

	// Keyboard: → focuses the first industry of the network, Enter opens it.
	var first string
	evalJS(`(() => { const c = document.querySelector("#dom-diagram .net-canvas"); c.focus(); return document.activeElement === c ? "" : "no focus"; })()`, &first)
	if first != "" {
		t.Fatalf("the domain network does not take the keyboard focus")
	}
	must("keyboard on the network", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.ArrowRight),
		chromedp.Poll[chromedp.Void](`!!document.querySelector("#dom-diagram").dataset.focus`, chromedp.WithPollingTimeout(5*time.Second)))
	evalJS(`document.querySelector("#dom-diagram").dataset.focus`, &first)
	// ↓ steps to the focused industry's strongest link: its evidence shows.
	must("keyboard to a link", chromedp.KeyEvent(kb.ArrowDown), chromedp.WaitVisible(chromedp.CSS(`#dom-diagram .net-tip`)))
	contains("#dom-diagram .net-tip", first+" ", "Relatedness", "Evidence", "observed")
	must("Enter opens", chromedp.KeyEvent("\r"), ready("industry", "code="+first))
	contains("#ind-title", first+" ")

	must("bridges", chromedp.Click(chromedp.CSS(`header nav a[data-view="bridges"]`)), ready("bridges", "view=bridges"))
	contains("#br-list tbody tr:first-child", br.Bridges[0].Code+" "+br.Bridges[0].Name, br.Bridges[0].Explanation)
	axe("bridges")

	// Pick a region with the keyboard-operable select.
	must("region",
		chromedp.Click(chromedp.CSS(`header nav a[data-view="region"]`)),
		ready("region", "view=region"),
		chromedp.SetValue(chromedp.CSS(`#region`), "amberlee"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("region").dispatchEvent(new Event("change"))`),
		ready("region", "region=amberlee"),
		netReady("#reg-diagram"),
		shot("region"),
	)
	contains("#reg-title", "Amberlee")
	contains("#reg-summary", "Related variety", "Unrelated variety", "HHI", "established (LQ ≥ 1, at least 100 jobs, Poisson p ≤ 0.05)")
	contains("#reg-opps tbody tr:first-child", op.Opportunities[0].Code+" "+op.Opportunities[0].Name,
		fmt.Sprintf("%d established specialisations, ", op.Opportunities[0].Supporting), "moves (of ")
	contains("#reg-cross", "Cross-clustering")
	// The Brief link downloads the region's handout: self-contained HTML with its tables.
	var brief struct {
		Type, Name string
		Tables     int
		External   bool
	}
	evalJS(`(async () => { const a = document.querySelector("#reg-downloads a.brief"), r = await fetch(a.href), t = await r.text();
		return {Type: r.headers.get("Content-Type"), Name: a.getAttribute("download"), Tables: (t.match(/<table>/g) || []).length, External: /https?:|\ssrc=|url\(/i.test(t)}; })()`, &brief)
	if !strings.HasPrefix(brief.Type, "text/html") || brief.Name != "brief-region-amberlee.html" || brief.Tables < 2 || brief.External {
		t.Errorf("region brief download: %+v", brief)
	}
	// The density × complexity scatter plot draws one point per industry
	// the API's quadrant lists (all with finite density and PCI in JSON).
	var quad struct {
		Points []struct {
			Code string `json:"code"`
		} `json:"points"`
	}
	apiGet("/api/v1/regions/amberlee/quadrant", &quad)
	var dots int
	must("quadrant plot", chromedp.Poll[chromedp.Void](`document.querySelectorAll("#reg-quadrant svg circle").length > 0`, chromedp.WithPollingTimeout(10*time.Second)))
	evalJS(`document.querySelectorAll("#reg-quadrant svg circle").length`, &dots)
	if len(quad.Points) == 0 || dots != len(quad.Points) {
		t.Errorf("quadrant plot draws %d points, the API lists %d", dots, len(quad.Points))
	}
	contains("#reg-quadrant", "relatedness density", "complexity (PCI)")
	checkNetwork("#reg-diagram", "/api/v1/regions/amberlee/graph")
	axe("region")

	// A parameter the API rejects is shown as its readable message.
	must("bad parameter",
		chromedp.SetValue(chromedp.CSS(`#resolution`), "-1"),
		chromedp.Click(chromedp.CSS(`#controls button[type=submit]`)),
		ready("region", "resolution=-1"),
		chromedp.WaitVisible(chromedp.CSS(`#error`)),
	)
	contains("#error", "resolution", "invalid")
	// Change: the demo's labour periods with every count released (floor 0).
	// The planted emerging link 62–86 is a significant increase: the table
	// says "increased" and the network of 62 draws 62–86 green.
	must("change",
		chromedp.Click(chromedp.CSS(`header nav a[data-view="change"]`)),
		ready("change", "view=change"),
		chromedp.SetValue(chromedp.CSS(`#ch-floor`), "0"),
		chromedp.Click(chromedp.CSS(`#change-form button[type=submit]`)),
		ready("change", "cfloor=0"),
		netReady("#ch-diagram"),
		chromedp.Evaluate[chromedp.Void](`location.hash += "&ccode=62"`),
		ready("change", "ccode=62"),
		netReady("#ch-diagram"),
		shot("change"),
	)
	contains("#ch-title", "labour: 2010-2014 → 2015-2019")
	contains("#ch-summary", "Gained", "Lost", "significant")
	contains("#ch-rules", "Every count was released (floor 0)")
	contains("#ch-pairs", "increased")
	contains("#ch-neigh", "Jaccard")
	contains("#ch-events", "Knowledge domain events")
	contains("#ch-diagram-title", "How the links of 62 changed")
	contains("#ch-diagram .net-legend", "Gained or increased", "Lost or decreased")
	checkNetwork("#ch-diagram", "/api/v1/compare/graph?code=62&max_nodes=40&layer=labour&from=2010-2014&to=2015-2019&floor=0")
	var stroke string
	evalJS(`(() => { const e = document.querySelector("#ch-diagram").network.cy.edges().filter((e) => [e.data("source"), e.data("target")].sort().join("-") === "62-86")[0]; return e ? e.style("line-color") : "none"; })()`, &stroke)
	if want := rgb(viz.GainColour); stroke != want {
		t.Errorf("the 62–86 link of the change network is %q; want %s (viz.GainColour)", stroke, want)
	}
	axe("change")

	// A network of 500 industries and 3,000 links (generated here, drawn
	// by the page's own network.js): every node and link is drawn and no
	// labels overlap; how long the layout takes and how smoothly it zooms
	// are logged (measurements, not assertions).
	var large struct {
		Nodes, Edges, Labels int
		Overlaps             int
		LayoutMs, TotalMs    float64
		FocusMs              float64
		InitMs, TablesMs     float64
		CreateMs             float64
		Frames               int
		P50, P95, Max        float64
	}
	evalJS(`(async () => {
		let a = 7; const rnd = () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648; };
		const nodes = [], edges = [], seen = new Set();
		for (let i = 0; i < 500; i++) nodes.push({ data: { id: "n" + i, label: "Industry number " + i + " of the test", sector: "s" + (i % 12), sector_name: "Sector " + (i % 12), domain: 1 + (i % 20), strength: rnd() * 10, size: 4 + 16 * rnd() }, position: { x: 0, y: 0 } });
		while (edges.length < 3000) {
			const s = Math.floor(rnd() * 500), d = (i) => 1 + (i % 20);
			let t = Math.floor(rnd() * 500);
			if (rnd() < 0.7) t = (s + 20 * Math.floor(rnd() * 25)) % 500; // mostly inside a domain
			const k = Math.min(s, t) + "|" + Math.max(s, t);
			if (s === t || seen.has(k)) continue;
			seen.add(k);
			const w = rnd();
			edges.push({ data: { id: k + "|l", source: "n" + Math.min(s, t), target: "n" + Math.max(s, t), layer: "test@1", weight: w, count: Math.round(100 * w), cross_domain: d(s) !== d(t), size: 0.5 + 4.5 * w } });
		}
		const doc = { data: { name: "large", domains: Array.from({ length: 20 }, (_, i) => ({ id: i + 1, label: "domain " + (i + 1), size: 25 })), size_by: "strength" }, elements: { nodes: nodes, edges: edges } };
		const host = document.createElement("div");
		host.id = "large-net";
		document.querySelector("main").appendChild(host);
		host.scrollIntoView();
		const t0 = performance.now();
		const net = window.domainscopeNetwork.create(host, doc, {});
		const cy = net.cy;
		const boxes = net.labels();
		let over = 0;
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			const p = boxes[i], q = boxes[j];
			if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) over++;
		}
		// The first frame drawn ends the drawing; then focusing a node (its
		// links highlighted, the rest faded) up to the next frame.
		const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
		await frame();
		const drawnMs = performance.now() - t0;
		const f0 = performance.now();
		net.focus("n0");
		await frame();
		const focusMs = performance.now() - f0;
		net.focus("");
		net.fit();
		await frame();
		window.__large = net;
		return { nodes: cy.nodes().length, edges: cy.edges().length, labels: boxes.length, overlaps: over,
			layoutMs: net.timing.layoutMs, totalMs: drawnMs, focusMs: focusMs, initMs: net.timing.initMs, tablesMs: net.timing.tablesMs, createMs: net.timing.totalMs };
	})()`, &large)
	// Zoom in and out with 30 mouse-wheel events, recording the time
	// between the frames the browser draws meanwhile.
	x, y = nodeAt("#large-net", "n0")
	evalJS(`(() => { const c = document.querySelector("#large-net .net-canvas").getBoundingClientRect(); window.__gaps = []; let last = performance.now(); window.__rec = true;
		const step = (now) => { window.__gaps.push(now - last); last = now; if (window.__rec) requestAnimationFrame(step); }; requestAnimationFrame(step);
		return [c.left + c.width / 2, c.top + c.height / 2]; })()`, &[]float64{})
	for i := 0; i < 30; i++ {
		dy := -120.0
		if i >= 15 {
			dy = 120
		}
		must("wheel on the large network", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.001, dy }),
			chromedp.Sleep(30*time.Millisecond))
	}
	evalJS(`(async () => { await new Promise((ok) => setTimeout(ok, 300)); window.__rec = false;
		const gaps = window.__gaps.slice(1).sort((x, y) => x - y), q = (p) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))];
		const h = document.getElementById("large-net"); h.network.destroy(); h.remove();
		return { frames: gaps.length, p50: q(0.5), p95: q(0.95), max: gaps[gaps.length - 1] }; })()`, &large)
	if large.Nodes != 500 || large.Edges != 3000 || large.Labels == 0 || large.Overlaps > 0 {
		t.Errorf("large network: %d nodes, %d links, %d labels, %d overlapping pairs; want 500, 3000, some, 0", large.Nodes, large.Edges, large.Labels, large.Overlaps)
	}
	t.Logf("large network (500 nodes, 3000 links): set-up %.0f ms, layout %.0f ms, tables %.0f ms, create() %.0f ms, first frame drawn after %.0f ms; focus (highlight) %.0f ms; zooming: %d frames, frame time p50 %.1f ms, p95 %.1f ms, max %.1f ms",
		large.InitMs, large.LayoutMs, large.TablesMs, large.CreateMs, large.TotalMs, large.FocusMs, large.Frames, large.P50, large.P95, large.Max)

	var timings []map[string]any
	evalJS(`window.domainscopeTimings`, &timings)
	for _, tm := range timings {
		t.Logf("network %v: %v nodes, %v links; fetch %v ms, layout %v ms, draw %v ms, view total %v ms", tm["view"], tm["nodes"], tm["edges"], tm["fetchMs"], tm["layoutMs"], tm["drawMs"], tm["totalMs"])
	}
	t.Logf("screenshots in %s", shots)
}

// rgb writes "#RRGGBB" as Cytoscape.js reports a colour, "rgb(r,g,b)".
func rgb(hex string) string {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return fmt.Sprintf("rgb(%d,%d,%d)", v>>16&0xff, v>>8&0xff, v&0xff)
}

// ukStore loads the UK labour flows 2009–2018 with the SIC 2007 structure
// and 2015 regional employment, as README.md's "Working with real data"
// does with the CLI; the test skips when ../shared/data is absent.
func ukStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	d := filepath.Dir(realdata.Path(t, "uk-labour-flows", "flows_sic2007_2009_2018.csv"))
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "uk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, l := range []struct {
		file string
		opt  ingest.Options
	}{
		{"sic2007_structure.csv", ingest.IndustriesOptions{Classification: "SIC2007", CodeCol: "SIC2007", Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}}},
		{"flows_sic2007_2009_2018.csv", ingest.LinksOptions{Layer: graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007"},
			Codes: ingest.CodeFormat{Pad: 4}}},
		{"employment_2015_uk_regions_wide.csv", ingest.RegionalWideOptions{
			Set:         graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "SIC2007", Period: "2015"},
			IndustryCol: "SIC2007", Exclude: []string{"Industry", "Total", "Description"}, Unknown: ingest.UnknownSkip}},
	} {
		if _, err := ingest.Load(ctx, st, filepath.Join(d, l.file), l.opt); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestExplorerUK opens the knowledge domain of hospital activities (8610)
// on the real UK data in a fresh page: the network shows the API's nodes
// and links with labels that do not overlap, and axe finds no serious or
// critical violation. A health & care hypothesis opened by its permalink
// shows the API's cohesion and network. It logs the page load and
// first-network times of both (measurements, not assertions). With DOMAINSCOPE_WEB_SHOTS=DIR it saves
// the network as DIR/web-network-health.png and the README's page
// screenshots (industry, domain, region, bridges, compare, map, a hypothesis, clusters) as DIR/web-*.png.
func TestExplorerUK(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test (CI runs it without -race; the race step uses -short)")
	}
	st := ukStore(t)
	ctx := browser(t)
	srv := httptest.NewServer(api.New(st, api.Config{Logger: quiet()}).Handler())
	t.Cleanup(srv.Close)
	var ind struct {
		Metrics struct {
			Domain struct {
				ID    int
				Label string
			}
		}
	}
	res, err := http.Get(srv.URL + "/api/v1/industries/8610")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&ind)
	res.Body.Close()
	if err != nil || ind.Metrics.Domain.ID <= 0 {
		t.Fatalf("no domain for 8610: %v %+v", err, ind)
	}
	domain := strconv.Itoa(ind.Metrics.Domain.ID)
	var g struct{ Nodes, Links []json.RawMessage }
	res, err = http.Get(srv.URL + "/api/v1/subgraph?domain=" + domain)
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&g)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}

	// One column (the network full width), as a strategist on a laptop
	// screen might arrange it for a workshop.
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	err = chromedp.Do(sctx, chromedp.EmulateViewport(880, 1000),
		chromedp.Navigate(srv.URL+"/#view=domains&domain="+domain),
		chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "domains" && !!document.querySelector("#dom-diagram[data-nodes] .net-canvas canvas") && window.domainscopeTimings.length > 0 && window.domainscopeTimings[0].paintedMs > 0`, chromedp.WithPollingTimeout(50*time.Second)))
	if err != nil {
		t.Fatalf("opening the health domain: %v", err)
	}
	var got struct {
		Nodes, Edges, Labels, Overlaps int
		LoadMs, FirstNetworkMs         float64
		PaintedMs, ViewStartMs         float64
		FetchMs, LayoutMs, DrawMs      float64
		InitMs, TablesMs               float64
	}
	out, err := chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](`(() => { const h = document.querySelector("#dom-diagram"), net = h.network, b = net.labels(); let o = 0;
		for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) if (b[i].x1 < b[j].x2 && b[j].x1 < b[i].x2 && b[i].y1 < b[j].y2 && b[j].y1 < b[i].y2) o++;
		const nav = performance.getEntriesByType("navigation")[0], tm = window.domainscopeTimings[0];
		return { nodes: net.cy.nodes().length, edges: net.cy.edges().length, labels: b.length, overlaps: o, loadMs: nav.loadEventEnd,
			firstNetworkMs: tm.sincePageStartMs, paintedMs: tm.paintedMs, viewStartMs: tm.sincePageStartMs - tm.totalMs, fetchMs: tm.fetchMs, layoutMs: tm.layoutMs, drawMs: tm.drawMs, initMs: tm.initMs, tablesMs: tm.tablesMs }; })()`))
	if err == nil {
		err = json.Unmarshal(out, &got)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got.Nodes != len(g.Nodes) || got.Edges != len(g.Links) || got.Labels == 0 || got.Overlaps != 0 {
		t.Errorf("health domain #%s: %d nodes, %d links, %d labels (%d overlapping pairs); the API has %d nodes and %d links",
			domain, got.Nodes, got.Edges, got.Labels, got.Overlaps, len(g.Nodes), len(g.Links))
	}
	t.Logf("UK health domain #%s (%s): %d industries, %d links, %d labels; page loaded in %.0f ms, first network view drawn %.0f ms and painted %.0f ms after navigation (view started %.0f ms after navigation; view start to API answer %.0f ms; drawing %.0f ms: Cytoscape set-up %.0f, layout %.0f, tables %.0f)",
		domain, ind.Metrics.Domain.Label, got.Nodes, got.Edges, got.Labels, got.LoadMs, got.FirstNetworkMs, got.PaintedMs, got.ViewStartMs, got.FetchMs, got.DrawMs, got.InitMs, got.LayoutMs, got.TablesMs)
	// The UK data has one period of employment: the Dynamics view shows
	// the API's sentence saying why it cannot test, not an error.
	var refusal string
	err = chromedp.Do(sctx, chromedp.Navigate(srv.URL+"/#view=dynamics"),
		chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "dynamics"`, chromedp.WithPollingTimeout(30*time.Second)))
	if err == nil {
		out, err = chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](`[(document.querySelector("#dy-out .refusal") || {}).textContent || "", document.getElementById("error").hidden]`))
	}
	var shown []any
	if err == nil {
		err = json.Unmarshal(out, &shown)
	}
	if err != nil || len(shown) != 2 {
		t.Fatalf("dynamics view: %v %s", err, out)
	}
	refusal, _ = shown[0].(string)
	if !strings.Contains(refusal, "dynamics needs two periods of regional values: employment values of classification SIC2007 are loaded for period(s) [2015]") || shown[1] != true {
		t.Errorf("the UK dynamics view shows %q (error box hidden: %v); want the API's sentence on one period", refusal, shown[1])
	}
	// A health & care hypothesis (with dispensing chemists and fitness
	// facilities, two of 8610's closest neighbours) for the Hypotheses view.
	if _, err := st.CreateHypothesis(context.Background(), graphmodel.Hypothesis{Name: "Health & care with pharmacies and fitness", Classification: "SIC2007",
		Codes:  []string{"8610", "8621", "8622", "8623", "8690", "8710", "8720", "8730", "8790", "8810", "8899", "4773", "9313"},
		Source: graphmodel.SourceCodes, Params: graphmodel.HypothesisParams{Layers: []string{"labour@2009-2018"}}, Author: "Workshop team",
		Notes: "Care workers move between hospitals, care homes and social work; pharmacies and gyms hire from the same pool.\nAsk the NHS trust and the care providers' association."}); err != nil {
		t.Fatal(err)
	}
	// Its permalink in a fresh page: the evidence and the network are the
	// API's; the page load and first network times are logged.
	var hev struct {
		Cohesion struct {
			WeightRatio float64 `json:"weight_ratio"`
		}
	}
	var hg struct{ Nodes, Links []json.RawMessage }
	for path, v := range map[string]any{"/api/v1/hypotheses/1/evidence": &hev, "/api/v1/hypotheses/1/graph?format=json": &hg} {
		res, err := http.Get(srv.URL + path)
		if err == nil {
			err = json.NewDecoder(res.Body).Decode(v)
			res.Body.Close()
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	err = chromedp.Do(sctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"/#hypothesis=1"),
		chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "hypotheses" && !!document.querySelector("#hyp-diagram[data-nodes] .net-canvas canvas") && window.domainscopeTimings.length > 0 && window.domainscopeTimings[0].paintedMs > 0`, chromedp.WithPollingTimeout(50*time.Second)))
	var hyp struct {
		Ratio                        string
		Nodes, Edges                 int
		LoadMs, NetworkMs, PaintedMs float64
	}
	if err == nil {
		out, err = chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](`(() => { const cy = document.querySelector("#hyp-diagram").network.cy, tm = window.domainscopeTimings[0];
			return { ratio: document.querySelector('#hyp-cohesion dd[data-k="weight_ratio"]').textContent, nodes: cy.nodes().length, edges: cy.edges().length,
				loadMs: performance.getEntriesByType("navigation")[0].loadEventEnd, networkMs: tm.sincePageStartMs, paintedMs: tm.paintedMs }; })()`))
	}
	if err == nil {
		err = json.Unmarshal(out, &hyp)
	}
	if err != nil {
		t.Fatalf("the health & care hypothesis: %v", err)
	}
	if hyp.Ratio != fmt.Sprintf("%.3f", hev.Cohesion.WeightRatio) || hyp.Nodes != len(hg.Nodes) || hyp.Edges != len(hg.Links) {
		t.Errorf("the hypothesis view shows cohesion %s and %d nodes, %d links; the API %.3f and %d, %d", hyp.Ratio, hyp.Nodes, hyp.Edges, hev.Cohesion.WeightRatio, len(hg.Nodes), len(hg.Links))
	}
	t.Logf("UK health & care hypothesis (13 industries): %d nodes, %d links; page loaded in %.0f ms, its network drawn %.0f ms and painted %.0f ms after navigation",
		hyp.Nodes, hyp.Edges, hyp.LoadMs, hyp.NetworkMs, hyp.PaintedMs)
	dir := os.Getenv("DOMAINSCOPE_WEB_SHOTS")
	if dir == "" {
		return
	}
	// The screenshots get their own time: on a loaded machine each takes seconds.
	sctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	save := func(name string, png []byte, err error) {
		t.Helper()
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// The health domain's network again (the Dynamics view replaced it), one column wide.
	err = chromedp.Do(sctx, chromedp.EmulateViewport(880, 1000), chromedp.Navigate(srv.URL+"/#view=domains&domain="+domain),
		chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "domains" && !!document.querySelector("#dom-diagram[data-nodes] .net-canvas canvas")`, chromedp.WithPollingTimeout(50*time.Second)))
	if err != nil {
		t.Fatalf("the health domain again: %v", err)
	}
	png, err := chromedp.Run(sctx, chromedp.Screenshot(chromedp.CSS(`#dom-diagram .net`)))
	save("web-network-health.png", png, err)
	// The README's page screenshots: 1400 px wide windows.
	for _, v := range []struct {
		name, hash, view, net string
		height                int64
	}{
		{"web-industry.png", "view=industry&code=8610", "industry", "#ind-diagram", 1000},
		{"web-domain.png", "view=domains&domain=" + domain, "domains", "#dom-diagram", 1100},
		{"web-region.png", "view=region&region=london", "region", "#reg-diagram", 1200},
		{"web-bridges.png", "view=bridges", "bridges", "", 1000},
		// The Compare tab with London and the South East side by side,
		// and the Map tab's tile grid of computer programming's (6201) LQ.
		{"web-compare-london-southeast.png", "view=compare&cmp=london,south-east", "compare", "", 1400},
		{"web-map-lq.png", "view=map&mm=lq&mi=6201", "map", "", 1094},
		// The Hypotheses view of the health & care hypothesis, by its permalink.
		{"web-hypothesis-health.png", "hypothesis=1", "hypotheses", "#hyp-diagram", 1500},
		// London's cluster stars and development pathways.
		{"web-clusters-london.png", "view=clusters&region=london", "clusters", "", 1500},
	} {
		wait := `document.body.dataset.ready === "` + v.view + `" && location.hash === "#` + v.hash + `"`
		if v.net != "" {
			wait += ` && !!document.querySelector("` + v.net + `[data-nodes] .net-canvas canvas")`
		}
		err := chromedp.Do(sctx, chromedp.EmulateViewport(1400, v.height),
			chromedp.Navigate(srv.URL+"/#"+v.hash),
			chromedp.Poll[chromedp.Void](wait, chromedp.WithPollingTimeout(50*time.Second)),
			chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Sleep(300*time.Millisecond))
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		save(v.name, png, err)
	}
}
