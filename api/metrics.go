package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

const slogInfo = slog.LevelInfo

var (
	strAttr = slog.String
	intAttr = slog.Int
	durAttr = slog.Duration
)

// metrics are the Prometheus metrics served at /metrics. Every label takes
// values from a set fixed by the code, never from the request as sent, since
// each value is a series kept for the life of the process: route is a
// registered route or "unmatched", method one of RFC 9110's or "other"
// (methodLabel), status a status the handlers set, result hit or miss,
// format a negotiated export format, outcome ok or error, the store method
// a method name and the code an error code of graphmodel or "other"
// (codeLabel). TestMetricLabelsBounded sends made-up methods and paths.
type metrics struct {
	requests    *prometheus.CounterVec   // by route, method, status
	latency     *prometheus.HistogramVec // by route, method
	cache       *prometheus.CounterVec   // response cache lookups by route, result (hit, miss)
	storeErrors *prometheus.CounterVec   // by store method and error code
	heavy       prometheus.Gauge         // heavy computations running
	rejected    prometheus.Counter       // heavy requests answered 503 busy
	renders     *prometheus.CounterVec   // diagram renders by format and outcome
	version     prometheus.Gauge         // newest store version seen

	routes map[string]*routeSeries // by route; set once by New, read-only after
}

// methodLabels are the values of the method label (see methodLabel).
var methodLabels = [...]string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace, "other"}

// methodIndex is the index of methodLabel(m) in methodLabels.
func methodIndex(m string) int {
	switch m {
	case http.MethodGet:
		return 0
	case http.MethodHead:
		return 1
	case http.MethodPost:
		return 2
	case http.MethodPut:
		return 3
	case http.MethodPatch:
		return 4
	case http.MethodDelete:
		return 5
	case http.MethodConnect:
		return 6
	case http.MethodOptions:
		return 7
	case http.MethodTrace:
		return 8
	}
	return len(methodLabels) - 1
}

// routeSeries are the most used series of one route, each resolved on its
// first use (WithLabelValues hashes the label values on every call, which
// costs about a tenth of a cached answer): requests answered 200 and 304
// and the latency, by method, and the cache's hits and misses.
type routeSeries struct {
	route           string
	ok, notModified [len(methodLabels)]atomic.Pointer[prometheus.Counter]
	latency         [len(methodLabels)]atomic.Pointer[prometheus.Observer]
	hit, miss       atomic.Pointer[prometheus.Counter]
}

// addRoutes prepares the series of routes and of "unmatched"; call it
// before serving.
func (m *metrics) addRoutes(routes []string) {
	m.routes = map[string]*routeSeries{"unmatched": {route: "unmatched"}}
	for _, r := range routes {
		m.routes[r] = &routeSeries{route: r}
	}
}

// observe counts a request to route (a registered route or "unmatched")
// with its status and latency.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	rs := m.routes[route]
	if rs == nil {
		m.requests.WithLabelValues(route, methodLabel(method), strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(route, methodLabel(method)).Observe(d.Seconds())
		return
	}
	i := methodIndex(method)
	var p *atomic.Pointer[prometheus.Counter]
	switch status {
	case http.StatusOK:
		p = &rs.ok[i]
	case http.StatusNotModified:
		p = &rs.notModified[i]
	}
	if p == nil {
		m.requests.WithLabelValues(route, methodLabels[i], strconv.Itoa(status)).Inc()
	} else if c := p.Load(); c != nil {
		(*c).Inc()
	} else {
		x := m.requests.WithLabelValues(route, methodLabels[i], strconv.Itoa(status))
		p.Store(&x)
		x.Inc()
	}
	o := rs.latency[i].Load()
	if o == nil {
		x := m.latency.WithLabelValues(route, methodLabels[i])
		rs.latency[i].Store(&x)
		o = &x
	}
	(*o).Observe(d.Seconds())
}

// cacheLookup counts a response cache hit or miss of route.
func (m *metrics) cacheLookup(route string, hit bool) {
	result := "miss"
	if hit {
		result = "hit"
	}
	rs := m.routes[route]
	if rs == nil {
		m.cache.WithLabelValues(route, result).Inc()
		return
	}
	p := &rs.miss
	if hit {
		p = &rs.hit
	}
	if c := p.Load(); c != nil {
		(*c).Inc()
		return
	}
	x := m.cache.WithLabelValues(route, result)
	p.Store(&x)
	x.Inc()
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "domainscope_http_requests_total",
			Help: "HTTP requests by route, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "domainscope_http_request_duration_seconds",
			Help:    "HTTP request latency by route and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"route", "method"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "domainscope_cache_requests_total",
			Help: "Response cache lookups by route and result (hit or miss)."}, []string{"route", "result"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "domainscope_store_errors_total",
			Help: "Errors returned by the store, by method and error code (not_found included)."}, []string{"method", "code"}),
		heavy: prometheus.NewGauge(prometheus.GaugeOpts{Name: "domainscope_heavy_requests_running",
			Help: "Heavy computations (subgraphs, domains, bridges, regional profiles, renders) running now."}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{Name: "domainscope_heavy_requests_rejected_total",
			Help: "Heavy requests answered 503 because the limit of concurrent heavy requests was reached."}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "domainscope_renders_total",
			Help: "Diagram renders (dot, svg, png) by format and outcome (ok, error)."}, []string{"format", "outcome"}),
		version: prometheus.NewGauge(prometheus.GaugeOpts{Name: "domainscope_store_version",
			Help: "Newest store version the server has seen."}),
	}
	reg.MustRegister(m.requests, m.latency, m.cache, m.storeErrors, m.heavy, m.rejected, m.renders, m.version,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// codeLabel is an error code as the store-error metric labels it: one of
// graphmodel's codes, or "other".
func codeLabel(code string) string {
	switch code {
	case graphmodel.EINVALID, graphmodel.ENOTFOUND, graphmodel.ECONFLICT, graphmodel.ETOOLARGE, graphmodel.EUNAVAILABLE, graphmodel.EINTERNAL:
		return code
	}
	return "other"
}

// countingStore counts the errors of a store by method and code.
type countingStore struct {
	graphmodel.Store
	errors *prometheus.CounterVec
}

func (s *countingStore) count(method string, err error) {
	if err != nil {
		s.errors.WithLabelValues(method, codeLabel(graphmodel.ErrorCode(err))).Inc()
	}
}

func (s *countingStore) Version(ctx context.Context) (int64, error) {
	v, err := s.Store.Version(ctx)
	s.count("Version", err)
	return v, err
}

func (s *countingStore) Datasets(ctx context.Context) ([]graphmodel.Dataset, error) {
	v, err := s.Store.Datasets(ctx)
	s.count("Datasets", err)
	return v, err
}

func (s *countingStore) Classifications(ctx context.Context) ([]graphmodel.Classification, error) {
	v, err := s.Store.Classifications(ctx)
	s.count("Classifications", err)
	return v, err
}

func (s *countingStore) Industries(ctx context.Context, classification string) ([]graphmodel.Industry, error) {
	v, err := s.Store.Industries(ctx, classification)
	s.count("Industries", err)
	return v, err
}

func (s *countingStore) Industry(ctx context.Context, classification, code string) (graphmodel.Industry, error) {
	v, err := s.Store.Industry(ctx, classification, code)
	s.count("Industry", err)
	return v, err
}

func (s *countingStore) Layers(ctx context.Context) ([]graphmodel.Layer, error) {
	v, err := s.Store.Layers(ctx)
	s.count("Layers", err)
	return v, err
}

func (s *countingStore) Layer(ctx context.Context, name, period string) (graphmodel.Layer, error) {
	v, err := s.Store.Layer(ctx, name, period)
	s.count("Layer", err)
	return v, err
}

func (s *countingStore) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	err := s.Store.Links(ctx, name, period, fn)
	s.count("Links", err)
	return err
}

func (s *countingStore) Neighbours(ctx context.Context, q graphmodel.NeighbourQuery) ([]graphmodel.Neighbour, error) {
	v, err := s.Store.Neighbours(ctx, q)
	s.count("Neighbours", err)
	return v, err
}

func (s *countingStore) Regions(ctx context.Context) ([]graphmodel.Region, error) {
	v, err := s.Store.Regions(ctx)
	s.count("Regions", err)
	return v, err
}

func (s *countingStore) RegionalSets(ctx context.Context) ([]graphmodel.RegionalSet, error) {
	v, err := s.Store.RegionalSets(ctx)
	s.count("RegionalSets", err)
	return v, err
}

func (s *countingStore) RegionalValues(ctx context.Context, set graphmodel.RegionalSet) ([]graphmodel.RegionalValue, error) {
	v, err := s.Store.RegionalValues(ctx, set)
	s.count("RegionalValues", err)
	return v, err
}

func (s *countingStore) Ping(ctx context.Context) error {
	err := s.Store.Ping(ctx)
	s.count("Ping", err)
	return err
}

// registerRenderStats exports the diagram renderer's queue and counters.
func registerRenderStats(reg *prometheus.Registry, stats func() viz.RendererStats) {
	gauge := func(name, help string, f func(viz.RendererStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(stats()) })
	}
	counter := func(name, help string, f func(viz.RendererStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(stats()) })
	}
	reg.MustRegister(
		gauge("domainscope_render_queue", "Renders waiting for the Graphviz worker.", func(s viz.RendererStats) float64 { return float64(s.Queued) }),
		gauge("domainscope_render_running", "Renders being drawn now (0 or 1).", func(s viz.RendererStats) float64 { return float64(s.Running) }),
		counter("domainscope_render_drawn_total", "Diagrams drawn by Graphviz.", func(s viz.RendererStats) float64 { return float64(s.Renders) }),
		counter("domainscope_render_cache_hits_total", "Diagrams answered from the renderer's image cache.", func(s viz.RendererStats) float64 { return float64(s.CacheHits) }),
		counter("domainscope_render_rejected_total", "Renders refused because the queue was full.", func(s viz.RendererStats) float64 { return float64(s.Rejected) }),
		counter("domainscope_render_timeouts_total", "Renders stopped at the render timeout.", func(s viz.RendererStats) float64 { return float64(s.Timeouts) }),
		counter("domainscope_render_restarts_total", "Restarts of the Graphviz worker process.", func(s viz.RendererStats) float64 { return float64(s.Restarts) }),
	)
}
