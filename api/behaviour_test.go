package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestETagAndGzip(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	first := get(t, h, "/api/v1/meta")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || !strings.HasPrefix(etag, `W/"`) || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("meta: %d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
	}
	again := get(t, h, "/api/v1/meta", "If-None-Match", etag)
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
		t.Errorf("If-None-Match with the ETag: %d, %d bytes", again.Code, again.Body.Len())
	}
	if w := get(t, h, "/api/v1/meta", "If-None-Match", `"other", `+etag); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match listing the ETag second: %d", w.Code)
	}
	if w := get(t, h, "/api/v1/meta", "If-None-Match", `W/"different"`); w.Code != 200 {
		t.Errorf("If-None-Match with another ETag: %d", w.Code)
	}
	// gzip for a large body when accepted; the same bytes once decompressed.
	gz := get(t, h, "/api/v1/meta", "Accept-Encoding", "br, gzip;q=0.8")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= first.Body.Len() {
		t.Fatalf("gzip: Content-Encoding %q, %d bytes (identity %d)", gz.Header().Get("Content-Encoding"), gz.Body.Len(), first.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, first.Body.Bytes()) {
		t.Error("gzip body differs from the identity body")
	}
	if w := get(t, h, "/api/v1/meta", "Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 was gzipped")
	}
	// A small body is not compressed.
	if w := get(t, h, "/api/v1/industries?q=10&limit=1", "Accept-Encoding", "gzip"); w.Code != 200 || w.Header().Get("Content-Encoding") != "" || w.Body.Len() >= gzipMin {
		t.Errorf("small body: %d, encoding %q, %d bytes", w.Code, w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	// Equal requests share the cache key whatever the parameter order.
	a := get(t, h, "/api/v1/subgraph?seeds=10&max_nodes=5")
	b := get(t, h, "/api/v1/subgraph?max_nodes=5&seeds=10&_=123")
	if a.Header().Get("ETag") != b.Header().Get("ETag") {
		t.Error("reordered parameters gave another representation")
	}
}

// tinyStore makes a store with four industries and one given-relatedness layer.
func tinyStore(t *testing.T) (*Server, graphmodel.Store) {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "tiny.db"))
	inds := []graphmodel.Industry{{Classification: "T", Code: "a", Name: "Alpha"}, {Classification: "T", Code: "b", Name: "Beta"},
		{Classification: "T", Code: "c", Name: "Gamma"}, {Classification: "T", Code: "d", Name: "Delta"}}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "T"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	loadTiny(t, st, 0.5)
	return New(st, Config{Logger: quietLogger()}), st
}

func loadTiny(t *testing.T, st graphmodel.Store, ab float64) {
	t.Helper()
	layer := graphmodel.Layer{Name: "rel", Period: "2020", Kind: graphmodel.KindRelatedness, Classification: "T", Method: "given"}
	links := []graphmodel.Link{{From: "a", To: "b", Value: ab}, {From: "a", To: "c", Value: 0.2}, {From: "c", To: "d", Value: 0.9}}
	if _, err := st.LoadLayer(context.Background(), graphmodel.LayerLoad{Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}
}

// TestNewLoadInvalidates: a load changes the store version, so cached
// responses, ETags and cursors of the old version are not served.
func TestNewLoadInvalidates(t *testing.T) {
	s, st := tinyStore(t)
	h := s.Handler()
	var r NeighboursResult
	w := get(t, h, "/api/v1/industries/a/neighbours")
	decode(t, w, &r)
	etag := w.Header().Get("ETag")
	if len(r.Neighbours) != 2 || r.Neighbours[0].Code != "b" || r.Neighbours[0].Value != 0.5 {
		t.Fatalf("before: %+v", r.Neighbours)
	}
	var p IndustryPage
	decode(t, get(t, h, "/api/v1/industries?limit=1"), &p)
	cursor := p.NextCursor

	loadTiny(t, st, 0.7) // replaces the layer: version 2 → 3
	w = get(t, h, "/api/v1/industries/a/neighbours", "If-None-Match", etag)
	if w.Code != 200 || w.Header().Get("ETag") == etag {
		t.Fatalf("after a load: %d with ETag %q (old %q)", w.Code, w.Header().Get("ETag"), etag)
	}
	decode(t, w, &r)
	if r.Neighbours[0].Value != 0.7 || r.Provenance.StoreVersion != 3 {
		t.Errorf("after a load: %+v at version %d", r.Neighbours[0], r.Provenance.StoreVersion)
	}
	wantError(t, get(t, h, "/api/v1/industries?limit=1&cursor="+cursor), 409, graphmodel.ECONFLICT, "version 2 to 3", "without cursor")
	if n, _ := s.responses.len(); n != 1 {
		t.Errorf("%d cached responses after the load, want 1 (entries of version 2 dropped)", n)
	}
}

// failingStore fails every call the way a lost database does: an
// EUNAVAILABLE error whose cause is a driver message that must not leak.
type failingStore struct {
	graphmodel.Store
	err error
}

func (f failingStore) Ping(context.Context) error             { return f.err }
func (f failingStore) Version(context.Context) (int64, error) { return 0, f.err }
func (f failingStore) Layers(context.Context) ([]graphmodel.Layer, error) {
	return nil, f.err
}
func (f failingStore) Layer(context.Context, string, string) (graphmodel.Layer, error) {
	return graphmodel.Layer{}, f.err
}

func TestStoreUnavailable(t *testing.T) {
	driver := errors.New("sqlite3: disk I/O error at /secret/path (SQLITE_IOERR 10)")
	st := failingStore{Store: openStore(t, demoPath), err: graphmodel.WrapError(graphmodel.EUNAVAILABLE, driver, "reading the store failed: the database file cannot be read or written")}
	s := New(st, Config{Logger: quietLogger()})
	h := s.Handler()
	for _, u := range []string{"/api/v1/ready", "/api/v1/meta", "/api/v1/industries/10/neighbours", "/api/v1/subgraph?seeds=10", "/api/v1/domains", "/api/v1/regions/eastvale/peers"} {
		w := get(t, h, u)
		wantError(t, w, 503, graphmodel.EUNAVAILABLE, "cannot be read or written")
		if strings.Contains(w.Body.String(), "secret") || strings.Contains(w.Body.String(), "SQLITE") {
			t.Errorf("%s leaks the driver error: %s", u, w.Body.String())
		}
	}
	// A plain (non-application) error is 500 with a generic message.
	plain := New(failingStore{Store: openStore(t, demoPath), err: errors.New("pq: relation \"x\" does not exist")}, Config{Logger: quietLogger()})
	w := get(t, plain.Handler(), "/api/v1/meta")
	wantError(t, w, 500, graphmodel.EINTERNAL, "internal error")
	if strings.Contains(w.Body.String(), "relation") {
		t.Errorf("500 leaks the error: %s", w.Body.String())
	}
	// Store errors are counted by method and code.
	m := get(t, h, "/metrics").Body.String()
	if !strings.Contains(m, `domainscope_store_errors_total{code="unavailable",method="Ping"} 1`) {
		t.Errorf("metrics lack the store error count:\n%s", grepLines(m, "store_errors"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// slowStore blocks Links until its context ends or release is closed, so a
// request hangs inside a heavy computation.
type slowStore struct {
	graphmodel.Store
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (s *slowStore) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	s.once.Do(func() { close(s.entered) })
	select {
	case <-ctx.Done():
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, ctx.Err(), "reading links was cancelled")
	case <-s.release:
	}
	return s.Store.Links(ctx, name, period, fn)
}

func TestTimeout(t *testing.T) {
	st := &slowStore{Store: openStore(t, demoPath), entered: make(chan struct{}), release: make(chan struct{})}
	h := New(st, Config{Logger: quietLogger(), Timeout: 100 * time.Millisecond}).Handler()
	start := time.Now()
	w := get(t, h, "/api/v1/subgraph?seeds=10")
	wantError(t, w, 503, graphmodel.EUNAVAILABLE, "longer than the limit of 100ms")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a request over a 100 ms limit took %v", d)
	}
	close(st.release)
}

func TestHeavyLimit(t *testing.T) {
	st := &slowStore{Store: openStore(t, demoPath), entered: make(chan struct{}), release: make(chan struct{})}
	s := New(st, Config{Logger: quietLogger(), HeavyConcurrency: 1, Timeout: 10 * time.Second})
	h := s.Handler()
	done := make(chan int)
	go func() { done <- get(t, h, "/api/v1/subgraph?seeds=10").Code }()
	<-st.entered // the first heavy request holds the only slot
	w := get(t, h, "/api/v1/domains")
	wantError(t, w, 503, graphmodel.EUNAVAILABLE, "busy", "1 heavy requests")
	if w.Header().Get("Retry-After") != "1" {
		t.Errorf("busy without Retry-After: %v", w.Header())
	}
	// Light requests are not limited.
	if w := get(t, h, "/api/v1/industries?q=10"); w.Code != 200 {
		t.Errorf("a light request while busy: %d", w.Code)
	}
	close(st.release)
	if code := <-done; code != 200 {
		t.Errorf("the heavy request that held the slot: %d", code)
	}
	if m := get(t, h, "/metrics").Body.String(); !strings.Contains(m, "domainscope_heavy_requests_rejected_total 1") {
		t.Errorf("rejections not counted:\n%s", grepLines(m, "heavy"))
	}
}

// panicStore panics on Layers.
type panicStore struct{ graphmodel.Store }

func (panicStore) Layers(context.Context) ([]graphmodel.Layer, error) { panic("boom: nil map") }

func TestPanicIs500(t *testing.T) {
	h := New(panicStore{openStore(t, demoPath)}, Config{Logger: quietLogger()}).Handler()
	w := get(t, h, "/api/v1/meta")
	wantError(t, w, 500, graphmodel.EINTERNAL, "internal error")
	if strings.Contains(w.Body.String(), "boom") || strings.Contains(w.Body.String(), "goroutine") {
		t.Errorf("panic leaks: %s", w.Body.String())
	}
	if w := get(t, h, "/api/v1/health"); w.Code != 200 {
		t.Errorf("server broken after a panic: %d", w.Code)
	}
}

func TestUnknownRouteAndParams(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	wantError(t, get(t, h, "/api/v1/nothing"), 404, graphmodel.ENOTFOUND, "no endpoint GET /api/v1/nothing")
	wantError(t, do(t, h, http.MethodDelete, "/api/v1/meta", nil), 405, EMETHOD, "DELETE", "GET, HEAD")
	wantError(t, get(t, h, "/api/v1/meta?verbose=1"), 400, graphmodel.EINVALID, `unknown parameter "verbose"`, "takes none")
	if w := get(t, h, "/api/v1/meta?_=1700000000"); w.Code != 200 {
		t.Errorf("a cache buster: %d", w.Code)
	}
	// A GET with a body over 64 KiB is 413.
	w := do(t, h, http.MethodGet, "/api/v1/meta", strings.NewReader(strings.Repeat("x", 70<<10)))
	wantError(t, w, 413, graphmodel.ETOOLARGE, "64 KiB")
}

func TestCORS(t *testing.T) {
	off := newDemoServer(t, Config{}).Handler()
	if w := get(t, off, "/api/v1/health", "Origin", "https://viz.example.org"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS is on by default")
	}
	h := newDemoServer(t, Config{AllowOrigins: []string{"https://viz.example.org"}}).Handler()
	w := get(t, h, "/api/v1/meta", "Origin", "https://viz.example.org")
	if w.Header().Get("Access-Control-Allow-Origin") != "https://viz.example.org" || !strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("allowed origin: %v", w.Header())
	}
	if w := get(t, h, "/api/v1/meta", "Origin", "https://evil.example"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("an origin not in the list is allowed")
	}
	pre := do(t, h, http.MethodOptions, "/api/v1/subgraph", nil, "Origin", "https://viz.example.org", "Access-Control-Request-Method", "GET")
	if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", pre.Code, pre.Header())
	}
	star := newDemoServer(t, Config{AllowOrigins: []string{"*"}}).Handler()
	if w := get(t, star, "/api/v1/health", "Origin", "https://any.example"); w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("* allow-list: %v", w.Header())
	}
}

func TestMetrics(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	get(t, h, "/api/v1/meta")
	get(t, h, "/api/v1/meta")
	get(t, h, "/api/v1/industries/9999/neighbours")
	m := get(t, h, "/metrics").Body.String()
	for _, want := range []string{
		`domainscope_http_requests_total{method="GET",route="/api/v1/meta",status="200"} 2`,
		`domainscope_http_requests_total{method="GET",route="/api/v1/industries/:code/neighbours",status="404"} 1`,
		`domainscope_cache_requests_total{result="hit",route="/api/v1/meta"} 1`,
		`domainscope_cache_requests_total{result="miss",route="/api/v1/meta"} 1`,
		`domainscope_http_request_duration_seconds_count{method="GET",route="/api/v1/meta"} 2`,
		`domainscope_store_version 9`,
		`domainscope_store_errors_total{code="not_found",method="Industry"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func multipartBody(t *testing.T, fields map[string]string, file string) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if file != "" {
		fw, err := mw.CreateFormFile("file", "flows 2021.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(fw, file)
	}
	_ = mw.Close()
	return &b, mw.FormDataContentType()
}

func TestUpload(t *testing.T) {
	_, st := tinyStore(t) // version 2: industries and one layer
	h := New(st, Config{Logger: quietLogger(), UploadToken: "s3cret", MaxBodyBytes: 4 << 10}).Handler()
	fields := map[string]string{"ingest": "links", "kind": "flows", "classification": "T", "layer": "labour", "period": "2021"}
	good := "from,to,count\na,b,40\nb,a,30\na,c,25\nc,a,5\nb,c,9\n"
	post := func(fields map[string]string, file string, header ...string) *testResponse {
		body, ct := multipartBody(t, fields, file)
		return wrap(do(t, h, http.MethodPost, "/api/v1/datasets", body, append([]string{"Content-Type", ct}, header...)...))
	}
	w := post(fields, good)
	if w.code != 401 || w.header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %v", w.code, w.header)
	}
	if w := post(fields, good, "Authorization", "Bearer wrong"); w.code != 401 || !strings.Contains(string(w.body), "not the upload token") {
		t.Errorf("wrong token: %d %s", w.code, w.body)
	}
	var before Meta
	decode(t, get(t, h, "/api/v1/meta"), &before)
	w = post(fields, good, "Authorization", "Bearer s3cret")
	if w.code != 201 {
		t.Fatalf("upload: %d %s", w.code, w.body)
	}
	if !strings.Contains(string(w.body), `"target":"labour@2021"`) || !strings.Contains(string(w.body), `"store_version":3`) || !strings.Contains(string(w.body), "flows_2021.csv") {
		t.Errorf("upload answer %s", w.body)
	}
	var after Meta
	decode(t, get(t, h, "/api/v1/meta"), &after)
	if after.StoreVersion != before.StoreVersion+1 || len(after.Layers) != len(before.Layers)+1 {
		t.Errorf("meta after the upload: version %d, %d layers (before %d, %d)", after.StoreVersion, len(after.Layers), before.StoreVersion, len(before.Layers))
	}
	// /meta names the uploaded file, not the server's temporary path.
	sources := map[string]bool{}
	for _, d := range after.Datasets {
		sources[d.Source] = true
	}
	if !sources["flows_2021.csv"] {
		t.Errorf("/meta dataset sources %v, want flows_2021.csv", sources)
	}
	// A bad file loads nothing and says where it is bad.
	w = post(fields, "from,to,count\na,b,many\n", "Authorization", "Bearer s3cret")
	if w.code != 400 || !strings.Contains(string(w.body), `flows 2021.csv:2: column \"count\"`) || strings.Contains(string(w.body), "domainscope-upload") {
		t.Errorf("bad file: %d %s", w.code, w.body)
	}
	// Errors name the options as the form's fields, never as CLI flags.
	for _, c := range []struct {
		fields map[string]string
		file   string
		want   []string
	}{
		{map[string]string{"colour": "red"}, good, []string{"field colour is not a field of ingest links", "classification", "self-loops"}},
		{map[string]string{"pad": "four"}, good, []string{`field pad "four": expected a whole number`}},
		{map[string]string{"unknown": "maybe"}, good, []string{`field unknown "maybe": expected error, create or skip`}},
		{map[string]string{"layer": ""}, good, []string{"field layer: expected a layer name"}},
		{map[string]string{"threshold": "high"}, good, []string{`field threshold "high": expected a number`}},
		{nil, "from,to,count\na,b,1\na,b,2\n", []string{"flows 2021.csv:3", "set field duplicates to sum"}},
		{nil, "from,to,count\na,z,1\n", []string{"flows 2021.csv:2", "set field unknown to create (add it) or skip"}},
	} {
		f := map[string]string{}
		for k, v := range fields {
			f[k] = v
		}
		for k, v := range c.fields {
			f[k] = v
		}
		w = post(f, c.file, "Authorization", "Bearer s3cret")
		var body ErrorBody
		_ = json.Unmarshal(w.body, &body)
		for _, want := range c.want {
			if msg := body.Error.Message; w.code != 400 || !strings.Contains(msg, want) || strings.Contains(msg, "--") || strings.Contains(msg, "option ") {
				t.Errorf("fields %v: %d %q, want 400 with %q and neither a flag nor an option", c.fields, w.code, msg, want)
			}
		}
	}
	if v, _ := st.Version(context.Background()); v != 3 {
		t.Errorf("a failed upload changed the store version to %d", v)
	}
	w = post(map[string]string{"classification": "NACE2"}, good, "Authorization", "Bearer s3cret")
	if w.code != 400 || !strings.Contains(string(w.body), "field ingest") {
		t.Errorf("no kind: %d %s", w.code, w.body)
	}
	w = post(fields, "", "Authorization", "Bearer s3cret")
	if w.code != 400 || !strings.Contains(string(w.body), "field file") {
		t.Errorf("no file: %d %s", w.code, w.body)
	}
	w = post(fields, strings.Repeat("a,b,1\n", 1000), "Authorization", "Bearer s3cret")
	if w.code != 413 || !strings.Contains(string(w.body), "4 KiB") {
		t.Errorf("over the body limit: %d %s", w.code, w.body)
	}
	w = wrap(do(t, h, http.MethodPost, "/api/v1/datasets", strings.NewReader("{}"), "Content-Type", "application/json", "Authorization", "Bearer s3cret"))
	if w.code != 400 || !strings.Contains(string(w.body), "multipart/form-data") {
		t.Errorf("JSON body: %d %s", w.code, w.body)
	}
	// Without a configured token uploads are forbidden.
	off := newDemoServer(t, Config{}).Handler()
	body, ct := multipartBody(t, fields, good)
	wantError(t, do(t, off, http.MethodPost, "/api/v1/datasets", body, "Content-Type", ct, "Authorization", "Bearer s3cret"), 403, EFORBIDDEN, "disabled")
}
