package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCachedNeighbours measures the server's own cost of a cached
// response (routing, parameter checks, version, cache, metrics, log).
func BenchmarkCachedNeighbours(b *testing.B) {
	h := newDemoServer(b, Config{VersionTTL: 1e9}).Handler()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/industries/10/neighbours", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkCachedSubgraph measures the same for a two-hop subgraph (gzip).
func BenchmarkCachedSubgraph(b *testing.B) {
	h := newDemoServer(b, Config{VersionTTL: 1e9}).Handler()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/subgraph?seeds=10&hops=2&max_nodes=200", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
		if w.code != 200 {
			b.Fatal(w.code)
		}
	}
}
