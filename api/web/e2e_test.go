package web_test

import (
	"context"
	"encoding/json"
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

	"github.com/domainscope/domainscope/relatedness"

	"github.com/chromedp/chromedp"
	"github.com/domainscope/domainscope/api"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
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

// demoStore writes the synthetic demo data and loads it into a new store,
// through the same readers and relatedness defaults as 'domainscope demo'.
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
		kn := ingest.Known{}
		inds, err := st.Industries(ctx, f.Classification)
		if err != nil && graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
			t.Fatal(err)
		}
		for _, in := range inds {
			kn[in.Code] = true
		}
		switch f.Kind {
		case "industries":
			load, err := ingest.ReadIndustries(f.Path, ingest.IndustriesOptions{Classification: f.Classification, LevelNames: []string{"section", "division"}})
			if err == nil {
				_, err = st.LoadIndustries(ctx, load)
			}
			if err != nil {
				t.Fatal(err)
			}
		case "spells", "patents":
			kind := graphmodel.KindFlows
			if f.Kind == "patents" {
				kind = graphmodel.KindCoOccurrence
			}
			layer := graphmodel.Layer{Name: f.Layer, Period: f.Period, Kind: kind, Classification: f.Classification, Directed: kind.Directed()}
			var load graphmodel.LayerLoad
			if f.Kind == "spells" {
				load, err = ingest.ReadSpells(f.Path, ingest.SpellOptions{Layer: layer, Known: kn, FromPeriod: f.Options["from-period"], ToPeriod: f.Options["to-period"]})
			} else {
				frac, _ := strconv.ParseBool(f.Options["fractional"])
				load, err = ingest.ReadPatents(f.Path, ingest.PatentOptions{Layer: layer, Known: kn, Fractional: frac})
			}
			if err != nil {
				t.Fatal(err)
			}
			opt := relatedness.Default(relatedness.Kind(load.Layer.Kind))
			opt.Symmetrise = "mean"
			links, directed, thr, err := ingest.Relatedness(load.Layer.Kind, load.Links, opt)
			if err != nil {
				t.Fatal(err)
			}
			load.Links, load.Layer.Directed, load.Layer.Method, load.Layer.Threshold = links, directed, string(opt.Method), thr
			if _, err := st.LoadLayer(ctx, load); err != nil {
				t.Fatal(err)
			}
		case "employment-long", "patents-regional-long":
			m := graphmodel.MeasureEmployment
			if f.Kind == "patents-regional-long" {
				m = graphmodel.MeasurePatents
			}
			load, err := ingest.ReadRegionalLong(f.Path, ingest.RegionalLongOptions{Set: graphmodel.RegionalSet{Measure: m, Classification: f.Classification, Period: f.Period}, Known: kn})
			if err == nil {
				_, err = st.LoadRegional(ctx, load)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return st
}

// TestExplorer drives the page in headless Chromium over the demo store:
// search an industry, click a diagram node, open a domain, re-centre from
// its diagram with the keyboard, open the bridging
// sectors and a region, and a request the API rejects. The page must show
// what the API answers: the first neighbour of 62 on labour, the first
// bridging sector with its explanation, amberlee's first opportunity.
func TestExplorer(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium found (set CHROMIUM or install the Debian package chromium): skipping the browser test")
	}
	r, err := viz.NewRenderer(context.Background(), viz.RendererConfig{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	srv := httptest.NewServer(api.New(demoStore(t), api.Config{Renderer: r, Logger: quiet()}).Handler())
	t.Cleanup(srv.Close)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	if err := chromedp.Do(ctx); err != nil { // starts the browser; its life is ctx's
		t.Fatalf("starting %s: %v", bin, err)
	}

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
	var op struct{ Opportunities []named }
	apiGet("/api/v1/regions/amberlee/opportunities", &op)
	if len(nb.Neighbours) == 0 || len(br.Bridges) == 0 || len(op.Opportunities) == 0 {
		t.Fatalf("the demo store lacks neighbours of 62, bridges or opportunities of amberlee: %+v %+v %+v", nb, br, op)
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

	// Search by name: two matches (60 and 62), pick 62 from the results.
	must("open and search",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#q`)),
		chromedp.SendKeys(chromedp.CSS(`#q`), "programming\n"),
		chromedp.WaitVisible(chromedp.CSS(`#results button[data-code="62"]`)),
		chromedp.Click(chromedp.CSS(`#results button[data-code="62"]`)),
		ready("industry", "code=62"),
		chromedp.WaitVisible(chromedp.CSS(`#ind-diagram svg`)),
		shot("industry"),
	)
	contains("#ind-title", "62 Computer programming")
	contains("#ind-neighbours", "Neighbours on labour 2015-2019", nb.Neighbours[0].Code+" "+nb.Neighbours[0].Name, "Neighbours on copatent")
	contains("#ind-info", "Knowledge domain", "Bridging")
	contains("#ind-downloads", "SVG", "PNG", "GEXF", "GraphML", "CSV", "JSON")

	// Click the node of 58 in the SVG diagram: the page re-centres on it.
	must("click a node",
		chromedp.Evaluate[chromedp.Void](`(() => { const a = [...document.querySelectorAll("#ind-diagram a")].find(a => (a.getAttribute("href") || a.getAttribute("xlink:href") || "").endsWith("/industries/58")); if (a) a.setAttribute("data-e2e", "node"); return !!a })()`),
		chromedp.Click(chromedp.CSS(`#ind-diagram [data-e2e="node"]`)),
		ready("industry", "code=58"),
	)
	contains("#ind-title", "58 Publishing activities")

	// Open its domain.
	must("open a domain",
		chromedp.Click(chromedp.CSS(`#ind-info button[data-domain]`)),
		ready("domains", "domain="),
		chromedp.WaitVisible(chromedp.CSS(`#dom-diagram svg`)),
		shot("domain"),
	)
	contains("#dom-title", "Domain #")
	contains("#dom-detail", "Sectors spanned", "Bridging members", "Members", "Publishing activities")
	contains("#dom-list", "stability", "Modularity")
	contains("#dom-cross", "candidate score")

	// Keyboard: a diagram node takes the focus and Enter re-centres on it.
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector("#dom-diagram a[*|href*='/industries/']"); a.setAttribute("data-e2e", "key"); return (a.getAttribute("href") || a.getAttribute("xlink:href")).split("/").pop() })()`))
	if err != nil || code == "" {
		t.Fatalf("no linked node in the domain diagram: %q %v", code, err)
	}
	must("keyboard on a node",
		chromedp.Focus(chromedp.CSS(`#dom-diagram [data-e2e="key"]`)),
		chromedp.KeyEvent("\r"),
		ready("industry", "code="+code),
	)
	contains("#ind-title", code+" ")

	must("bridges", chromedp.Click(chromedp.CSS(`header nav a[data-view="bridges"]`)), ready("bridges", "view=bridges"))
	contains("#br-list tbody tr:first-child", br.Bridges[0].Code+" "+br.Bridges[0].Name, br.Bridges[0].Explanation)

	// Pick a region with the keyboard-operable select.
	must("region",
		chromedp.Click(chromedp.CSS(`header nav a[data-view="region"]`)),
		ready("region", "view=region"),
		chromedp.SetValue(chromedp.CSS(`#region`), "amberlee"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("region").dispatchEvent(new Event("change"))`),
		ready("region", "region=amberlee"),
		chromedp.WaitVisible(chromedp.CSS(`#reg-diagram svg`)),
		shot("region"),
	)
	contains("#reg-title", "Amberlee")
	contains("#reg-summary", "Related variety", "Unrelated variety")
	contains("#reg-opps tbody tr:first-child", op.Opportunities[0].Code+" "+op.Opportunities[0].Name, "Related to")
	contains("#reg-cross", "Cross-clustering")

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
	// says "increased" and the diagram of 62 draws 62–86 green.
	must("change",
		chromedp.Click(chromedp.CSS(`header nav a[data-view="change"]`)),
		ready("change", "view=change"),
		chromedp.SetValue(chromedp.CSS(`#ch-floor`), "0"),
		chromedp.Click(chromedp.CSS(`#change-form button[type=submit]`)),
		ready("change", "cfloor=0"),
		chromedp.WaitVisible(chromedp.CSS(`#ch-diagram svg`)),
		chromedp.Evaluate[chromedp.Void](`location.hash += "&ccode=62"`),
		ready("change", "ccode=62"),
		chromedp.WaitVisible(chromedp.CSS(`#ch-diagram svg`)),
		shot("change"),
	)
	contains("#ch-title", "labour: 2010-2014 → 2015-2019")
	contains("#ch-summary", "Gained", "Lost", "significant")
	contains("#ch-rules", "Every count was released (floor 0)")
	contains("#ch-pairs", "increased")
	contains("#ch-neigh", "Jaccard")
	contains("#ch-events", "Knowledge domain events")
	contains("#ch-diagram-title", "How the links of 62 changed")
	stroke, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const g = [...document.querySelectorAll("#ch-diagram g.edge")].find(g => g.querySelector("title").textContent.replace(/\s/g, "") === "62--86"); return g ? g.querySelector("path").getAttribute("stroke") : "none" })()`))
	if err != nil || !strings.EqualFold(stroke, viz.GainColour) {
		t.Errorf("the 62–86 edge of the change diagram has stroke %q (%v); want %s", stroke, err, viz.GainColour)
	}

	t.Logf("screenshots in %s", shots)
}
