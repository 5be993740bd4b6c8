package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/domainscope/domainscope/api"
	"github.com/domainscope/domainscope/graphmodel"
)

// page is a headless Chromium on the explorer of one test server, with the
// helpers the view tests share: the API's answers, JavaScript in the page,
// opening a view and axe-core.
type page struct {
	t   *testing.T
	ctx context.Context
	srv *httptest.Server
}

// newPage serves st (the API and the page) and starts Chromium (skipping
// without one).
func newPage(t *testing.T, st graphmodel.Store) *page {
	t.Helper()
	ctx := browser(t)
	srv := httptest.NewServer(api.New(st, api.Config{Logger: quiet()}).Handler())
	t.Cleanup(srv.Close)
	return &page{t: t, ctx: ctx, srv: srv}
}

// apiGet decodes the JSON answer of the server at path into v; anything but
// 200 fails the test.
func (p *page) apiGet(path string, v any) {
	p.t.Helper()
	res, err := http.Get(p.srv.URL + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		p.t.Fatalf("GET %s: %v", path, err)
	}
}

// eval evaluates a JavaScript expression of the page (awaiting a promise) into v.
func (p *page) eval(expr string, v any) {
	p.t.Helper()
	sctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	res, err := chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	if err := json.Unmarshal(res, v); err != nil {
		p.t.Fatalf("evaluating %.80s: %v (%s)", expr, err, res)
	}
}

// open navigates to the page at #hash and waits until it has rendered
// view; an error shown by the page fails the test.
func (p *page) open(hash, view string) {
	p.t.Helper()
	sctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(p.srv.URL+"/#"+hash),
		chromedp.Poll[chromedp.Void](`document.body.dataset.ready === "`+view+`" && decodeURIComponent(location.hash) === decodeURIComponent("#`+hash+`")`, chromedp.WithPollingTimeout(25*time.Second))); err != nil {
		var state string
		p.eval(`location.hash + " | error: " + document.getElementById("error").textContent`, &state)
		p.t.Fatalf("opening %s: %v (%s)", hash, err, state)
	}
	var errText string
	p.eval(`document.getElementById("error").hidden ? "" : document.getElementById("error").textContent`, &errText)
	if errText != "" {
		p.t.Errorf("%s: the page shows an error: %s", hash, errText)
	}
}

// axe runs axe-core (testdata/axe.min.js) on the page as it is: a serious
// or critical violation fails the test.
func (p *page) axe(view string) {
	p.t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "axe.min.js"))
	if err != nil {
		p.t.Fatal(err)
	}
	var v []struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []any }
	}
	p.eval(`(async () => { if (!window.axe) { `+string(src)+` }
		const r = await axe.run(document, { resultTypes: ["violations"] });
		return r.violations.filter((x) => x.impact === "serious" || x.impact === "critical").map((x) => ({ id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.slice(0, 3).map((n) => ({ target: n.target })) })); })()`, &v)
	for _, x := range v {
		p.t.Errorf("axe on the %s view: %s (%s): %s, e.g. %v", view, x.ID, x.Impact, x.Help, x.Nodes)
	}
}
