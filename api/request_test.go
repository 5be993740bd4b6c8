package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

type ctxKey string

func TestDeadlineCtxEndsAtItsDeadline(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey("k"), "v")
	deadline := time.Now().Add(30 * time.Millisecond)
	d := &deadlineCtx{parent: parent, deadline: deadline}
	if err := d.Err(); err != nil {
		t.Fatalf("before the deadline: %v", err)
	}
	if got, ok := d.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline() = %v, %v; want %v", got, ok, deadline)
	}
	if d.Value(ctxKey("k")) != "v" {
		t.Error("the parent's value is not seen")
	}
	// Nothing has waited yet: no timer runs, but the deadline still holds.
	time.Sleep(time.Until(deadline) + 5*time.Millisecond)
	if d.inner != nil {
		t.Error("a timer was started although nothing waited")
	}
	if err := d.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("after the deadline: Err() = %v", err)
	}
	select {
	case <-d.Done():
	default:
		t.Error("Done is not closed after the deadline")
	}
	if err := context.Cause(d); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Cause = %v", err)
	}
}

func TestDeadlineCtxCancelsDerivedContexts(t *testing.T) {
	d := &deadlineCtx{parent: context.Background(), deadline: time.Now().Add(20 * time.Millisecond)}
	child, cancel := context.WithCancel(d)
	defer cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived from it did not end at the deadline")
	}
	if !errors.Is(child.Err(), context.DeadlineExceeded) {
		t.Errorf("derived Err() = %v", child.Err())
	}
}

func TestDeadlineCtxCancel(t *testing.T) {
	// cancel before anything waited: Err and a later Done see it.
	d := &deadlineCtx{parent: context.Background(), deadline: time.Now().Add(time.Hour)}
	d.cancel()
	if !errors.Is(d.Err(), context.Canceled) {
		t.Errorf("Err() after cancel = %v", d.Err())
	}
	select {
	case <-d.Done():
	default:
		t.Error("Done is not closed after cancel")
	}
	// cancel after something waited.
	d = &deadlineCtx{parent: context.Background(), deadline: time.Now().Add(time.Hour)}
	done := d.Done()
	d.cancel()
	<-done
	// The parent's end ends it; no deadline of its own: the parent's.
	parent, stop := context.WithDeadline(context.Background(), time.Now().Add(time.Hour))
	d = &deadlineCtx{parent: parent}
	if pd, _ := parent.Deadline(); func() bool { got, ok := d.Deadline(); return !ok || !got.Equal(pd) }() {
		t.Error("without a deadline of its own it does not report the parent's")
	}
	stop()
	if !errors.Is(d.Err(), context.Canceled) {
		t.Errorf("Err() after the parent ended = %v", d.Err())
	}
	// The earlier of the two deadlines.
	parent, stop = context.WithDeadline(context.Background(), time.Now().Add(time.Minute))
	defer stop()
	d = &deadlineCtx{parent: parent, deadline: time.Now().Add(time.Hour)}
	if got, _ := d.Deadline(); got.After(time.Now().Add(2 * time.Minute)) {
		t.Errorf("Deadline() = %v, later than the parent's", got)
	}
}

func TestRequestID(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	generated := regexp.MustCompile(`^[0-9a-f]{8}-[0-9]+$`)
	a := get(t, h, "/api/v1/health").Header().Get("X-Request-ID")
	b := get(t, h, "/api/v1/health").Header().Get("X-Request-ID")
	if !generated.MatchString(a) || !generated.MatchString(b) || a == b {
		t.Errorf("generated IDs %q and %q: want distinct PREFIX-SEQUENCE", a, b)
	}
	// A client's ID is kept, in the header and in an error's body.
	w := get(t, h, "/api/v1/industries/9999/neighbours", "X-Request-ID", "client-7")
	var body ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Header().Get("X-Request-ID") != "client-7" || body.Error.RequestID != "client-7" {
		t.Errorf("client ID: header %q, body %s", w.Header().Get("X-Request-ID"), w.Body)
	}
	// One over 64 characters is replaced.
	long := strings.Repeat("x", 65)
	if got := get(t, h, "/api/v1/health", "X-Request-ID", long).Header().Get("X-Request-ID"); !generated.MatchString(got) {
		t.Errorf("a 65-character ID was answered with %q", got)
	}
}

func TestCanonicalQuery(t *testing.T) {
	var all strings.Builder
	for b := 0; b < 256; b++ {
		all.WriteByte(byte(b))
	}
	for _, s := range []string{all.String(), "a b&c=d/é+%~", ""} {
		if got, want := string(appendQueryEscape(nil, s)), url.QueryEscape(s); got != want {
			t.Errorf("appendQueryEscape(%q) = %q, url.QueryEscape %q", s, got, want)
		}
	}
	// Sorted by name, empty values and "_" parameters dropped, repeated
	// values in their order.
	q, _ := url.ParseQuery("seeds=8610&hops=2&_=123&min=&b=2&b=1&x=a%20b")
	if got, want := canonicalQuery(q), "b=2&b=1&hops=2&seeds=8610&x=a+b"; got != want {
		t.Errorf("canonicalQuery = %q, want %q", got, want)
	}
}

// discardWriter is a ResponseWriter that keeps the status and header and
// drops the body, so that measuring the server's allocations does not
// count a recorder's.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }

func TestCachedAnswerAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	h := newDemoServer(t, Config{VersionTTL: time.Hour}).Handler()
	for _, c := range []struct {
		url  string
		most float64
	}{
		// The request state, the request's copy with it as context, the
		// generated ID and the handler's closure that would build the
		// answer on a miss.
		{"/api/v1/industries/10/neighbours", 4},
		// And the query parsed (a map and a slice per value), the seeds
		// split, and the parsed request that the closure holds.
		{"/api/v1/subgraph?seeds=10&hops=2&max_nodes=200", 13},
	} {
		req := httptest.NewRequest(http.MethodGet, c.url, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req) // fills the cache
		allocs := testing.AllocsPerRun(200, func() {
			clear(w.h)
			h.ServeHTTP(w, req)
		})
		if w.code != 200 || w.h.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: %d %v", c.url, w.code, w.h)
		}
		if allocs > c.most {
			t.Errorf("%s: a cached answer allocates %.0f times, want at most %.0f", c.url, allocs, c.most)
		}
	}
}

// The series kept per route (routeSeries) count as WithLabelValues did.
func TestMetricsPerRouteSeries(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	const nb = "/api/v1/industries/10/neighbours"
	etag := get(t, h, nb).Header().Get("ETag")
	get(t, h, nb)
	if w := get(t, h, nb, "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", w.Code)
	}
	do(t, h, http.MethodHead, nb, nil)
	get(t, h, "/nowhere")
	get(t, h, "/nowhere")
	m := get(t, h, "/metrics").Body.String()
	route := `route="/api/v1/industries/:code/neighbours"`
	for _, want := range []string{
		// Two answers 200 (a miss, then a hit), one 304, one HEAD.
		`domainscope_http_requests_total{method="GET",` + route + `,status="200"} 2`,
		`domainscope_http_requests_total{method="GET",` + route + `,status="304"} 1`,
		`domainscope_http_requests_total{method="HEAD",` + route + `,status="200"} 1`,
		`domainscope_http_request_duration_seconds_count{method="GET",` + route + `} 3`,
		`domainscope_http_request_duration_seconds_count{method="HEAD",` + route + `} 1`,
		`domainscope_cache_requests_total{result="hit",` + route + `} 3`,
		`domainscope_cache_requests_total{result="miss",` + route + `} 1`,
		`domainscope_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s\n%s", want, grepLines(m, "neighbours"))
		}
	}
}

// The access log line names every field, the cache's answer and the error.
func TestAccessLog(t *testing.T) {
	var out strings.Builder
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h := newDemoServer(t, Config{Logger: log}).Handler()
	get(t, h, "/api/v1/industries/10/neighbours?top=3", "X-Request-ID", "r1")
	get(t, h, "/api/v1/industries/10/neighbours?top=3", "X-Request-ID", "r2")
	get(t, h, "/api/v1/industries/9999/neighbours", "X-Request-ID", "r3")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`level=INFO msg=request id=r1 method=GET path=/api/v1/industries/10/neighbours query="top=3" route=/api/v1/industries/:code/neighbours status=200 bytes=`,
		`level=INFO msg=request id=r2 method=GET path=/api/v1/industries/10/neighbours query="top=3" route=/api/v1/industries/:code/neighbours status=200 bytes=`,
		`level=INFO msg=request id=r3 method=GET path=/api/v1/industries/9999/neighbours query="" route=/api/v1/industries/:code/neighbours status=404 bytes=`,
	}
	tails := []string{` cache=miss error="" remote=192.0.2.1`, ` cache=hit error="" remote=192.0.2.1`, ` cache=miss error=not_found remote=192.0.2.1`}
	var access []string
	for _, l := range lines {
		if strings.Contains(l, "msg=request") {
			access = append(access, l)
		}
	}
	if len(access) != len(want) {
		t.Fatalf("access log lines:\n%s", out.String())
	}
	for i, l := range access {
		if !strings.HasPrefix(l, "time=") || !strings.Contains(l, want[i]) || !strings.Contains(l, " duration=") || !strings.HasSuffix(l, tails[i]) {
			t.Errorf("line %d:\n%s\nwant it to hold\n%s ... duration=...%s", i, l, want[i], tails[i])
		}
	}
}
