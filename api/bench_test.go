package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// benchCached measures the server's own cost of a cached answer to url
// (routing, parameter checks, version, cache, metrics, log), with the
// access log of 'serve' (text, buffered) when logged.
func benchCached(b *testing.B, url string, logged bool) {
	cfg := Config{VersionTTL: time.Hour}
	if logged {
		lb := NewLogBuffer(io.Discard, 200*time.Millisecond)
		defer lb.Close()
		cfg.Logger = slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	h := newDemoServer(b, cfg).Handler()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.RemoteAddr = "127.0.0.1:40000"
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req) // fills the cache
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
		if w.code != 200 {
			b.Fatal(w.code)
		}
	}
}

// BenchmarkCachedNeighbours: the neighbours of an industry, cached.
func BenchmarkCachedNeighbours(b *testing.B) {
	benchCached(b, "/api/v1/industries/10/neighbours", false)
}

// BenchmarkCachedNeighboursAccessLog: the same with the access log on.
func BenchmarkCachedNeighboursAccessLog(b *testing.B) {
	benchCached(b, "/api/v1/industries/10/neighbours", true)
}

// BenchmarkCachedSubgraph: a two-hop subgraph, cached.
func BenchmarkCachedSubgraph(b *testing.B) {
	benchCached(b, "/api/v1/subgraph?seeds=10&hops=2&max_nodes=200", false)
}
