package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestHeadAndMethods: HEAD is answered on every GET route with GET's status
// and headers and no body; a wrong method is 405 with Allow; a missing
// explorer asset is the API's JSON 404.
func TestHeadAndMethods(t *testing.T) {
	s := newDemoServer(t, Config{})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, r := range s.routes {
		if r.method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer(":code", "10", ":id", "1").Replace(r.path)
		if strings.HasPrefix(path, prefix+"/regions/1") {
			path = strings.Replace(path, "/regions/1", "/regions/eastvale", 1)
		}
		get, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		head, err := http.Head(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode != get.StatusCode || len(body) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d, %d body bytes, %q; GET: %d, %q", path, head.StatusCode, len(body), head.Header.Get("Content-Type"), get.StatusCode, get.Header.Get("Content-Type"))
		}
	}
	for _, p := range []string{"/", "/web/app.js", "/metrics"} {
		if resp, err := http.Head(srv.URL + p); err != nil || resp.StatusCode != 200 {
			t.Errorf("HEAD %s: %v %v", p, resp.StatusCode, err)
		}
	}

	h := s.Handler()
	w := do(t, h, http.MethodPost, "/api/v1/domains", strings.NewReader("x"))
	wantError(t, w, 405, EMETHOD, "POST", "GET, HEAD")
	if w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("Allow %q", w.Header().Get("Allow"))
	}
	w = do(t, h, http.MethodGet, "/api/v1/datasets", nil)
	wantError(t, w, 405, EMETHOD, "GET", "POST")
	if w.Header().Get("Allow") != "POST" {
		t.Errorf("Allow on /datasets %q", w.Header().Get("Allow"))
	}
	// A made-up method is named "other", never echoed.
	wantError(t, do(t, h, "BREW", "/api/v1/meta", nil), 405, EMETHOD, "method other")

	// Assets that are not there: JSON 404 as from the API, for any client.
	for _, p := range []string{"/web/nothing.js", "/web/static/app.js", "/web/../go.mod"} {
		wantError(t, get(t, h, p), 404, graphmodel.ENOTFOUND, "no file")
	}
	if w := get(t, h, "/web/style.css"); w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("/web/style.css: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
}

// TestMetricLabelsBounded: 300 made-up methods and 300 unknown paths add no
// series beyond one "other" method and the one "unmatched" route.
func TestMetricLabelsBounded(t *testing.T) {
	s := newDemoServer(t, Config{})
	h := s.Handler()
	count := func() int {
		mfs, err := s.Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, mf := range mfs {
			if strings.HasPrefix(mf.GetName(), "domainscope_") {
				n += len(mf.GetMetric())
			}
		}
		return n
	}
	for i := 0; i < 3; i++ {
		do(t, h, "X"+strings.Repeat("Y", i), "/api/v1/meta", nil)
		do(t, h, http.MethodGet, "/api/v1/nothing/"+strings.Repeat("z", i), nil)
	}
	before := count()
	for i := 3; i < 300; i++ {
		do(t, h, "M"+strings.Repeat("Q", i%40)+string(rune('A'+i%26)), "/api/v1/meta", nil)
		do(t, h, http.MethodGet, "/api/v1/nothing/"+strings.Repeat("z", i), nil)
	}
	if after := count(); after != before {
		t.Errorf("series grew from %d to %d with made-up methods and paths", before, after)
	}
	if m := get(t, h, "/metrics").Body.String(); !strings.Contains(m, `method="other"`) || strings.Contains(m, `method="MQ`) {
		t.Errorf("method labels:\n%s", grepLines(m, "method="))
	}
}

// TestAcceptQValues: the Accept type with the highest q-value that the
// endpoint answers wins; q=0 means "not this"; ties keep the header's order.
func TestAcceptQValues(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	for _, c := range []struct{ accept, ctype string }{
		{"application/json;q=0.5, application/gexf+xml", "application/gexf+xml"},
		{"application/gexf+xml;q=0.2, application/graphml+xml;q=0.9, */*;q=0.1", "application/graphml+xml"},
		{"application/gexf+xml;q=0", "application/json"},
		{"text/csv;q=0.1, image/png;q=0", "application/zip"},
		{"application/gexf+xml;q=0.5, application/graphml+xml;q=0.5", "application/gexf+xml"},
		{"application/gexf+xml;q=x, application/graphml+xml;q=0.01", "application/graphml+xml"},
		{"text/html,application/xhtml+xml,*/*;q=0.8", "application/json"},
	} {
		w := get(t, h, "/api/v1/subgraph?seeds=10&max_nodes=5", "Accept", c.accept)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), c.ctype) {
			t.Errorf("Accept %q: %d %q, want %s", c.accept, w.Code, w.Header().Get("Content-Type"), c.ctype)
		}
	}
}

// TestCodeLabel: graphmodel's codes are labels as they are; any other code
// a store might make up is "other".
func TestCodeLabel(t *testing.T) {
	for code, want := range map[string]string{graphmodel.ENOTFOUND: "not_found", graphmodel.EINTERNAL: "internal", "made-up": "other", "": "other"} {
		if got := codeLabel(code); got != want {
			t.Errorf("codeLabel(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestFieldErrorsNameParameter: an error of package analysis that names its
// input (graphmodel.Error.Field) reaches the client with that input as the
// query parameter, in the message and in "parameter".
func TestFieldErrorsNameParameter(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	// Every weight 0 passes the API's per-weight range; analysis refuses the sum.
	w := get(t, h, "/api/v1/domains?layers=labour,copatent&weights=0,0")
	wantError(t, w, 400, graphmodel.EINVALID, "parameter weights: ", "every layer weight is 0")
	var e ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Parameter != "weights" {
		t.Errorf("parameter %q (%v)", e.Error.Parameter, err)
	}
	// A parameter's own range error names it once, in place.
	w = get(t, h, "/api/v1/domains?resolution=1e308")
	wantError(t, w, 400, graphmodel.EINVALID, `parameter resolution="1e308": expected a number above 0 and at most 1000`)
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Parameter != "resolution" {
		t.Errorf("parameter %q (%v)", e.Error.Parameter, err)
	}
}
