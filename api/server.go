// Package api is domainscope's HTTP API (gin): industries, neighbours,
// subgraphs, knowledge domains, bridging sectors and regional profiles over
// a graphmodel.Store, with graph exports for visualisation tools. See
// README.md ("HTTP API") and the OpenAPI document served at /api/v1/openapi.json.
package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/api/web"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config holds the server's limits and options. Zero values take the
// defaults named on each field.
type Config struct {
	// AllowOrigins is the CORS allow-list of browser origins
	// ("https://example.org", or "*" for any); empty turns CORS off.
	AllowOrigins []string
	// DefaultLayers are the layers of requests that name none; empty: the
	// layer named "labour" if there is one, else the first layer.
	DefaultLayers []string
	// MaxNodes is the max_nodes of a subgraph request that gives none
	// (default analysis.DefaultMaxNodes); MaxNodesLimit the hard cap,
	// over which a request is 400 (default and at most analysis.MaxNodesLimit).
	MaxNodes      int
	MaxNodesLimit int
	// MaxHops caps hops around subgraph seeds (default and at most analysis.MaxHops).
	MaxHops int
	// MaxBodyBytes caps an upload's request body (default 64 MiB); other
	// requests may carry at most 64 KiB.
	MaxBodyBytes int64
	// Timeout bounds every request, its store reads and algorithms (default 30 s).
	Timeout time.Duration
	// HeavyConcurrency is how many heavy computations (subgraphs, domains,
	// bridges, regional profiles, renders) run at once (default GOMAXPROCS);
	// HeavyWait how long a heavy request waits for a slot before it is
	// answered 503 (default 0: not at all).
	HeavyConcurrency int
	HeavyWait        time.Duration
	// CacheBytes is the budget of the caches (default 256 MiB; < 0: no
	// response cache): three quarters for responses, one quarter (at least
	// 8 MiB) for computed results that several routes share. Each entry is
	// counted at the bytes it holds (see rep.size and resultSize).
	CacheBytes int64
	// VersionTTL is how long a read store version is trusted (default 0:
	// read on every request). Uploads through the API reset it at once.
	VersionTTL time.Duration
	// UploadToken enables POST /api/v1/datasets for requests bearing it;
	// empty disables uploads (403). Uploads load with ingest.Load into the
	// server's store.
	UploadToken string
	// Renderer draws SVG and PNG; nil answers those formats 503.
	Renderer Renderer
	// Logger receives access and error logs (default slog.Default()).
	Logger *slog.Logger
}

// Renderer draws a view as "svg" or "png" (implemented by *viz.Renderer).
type Renderer interface {
	Render(ctx context.Context, v *analysis.GraphView, format string, opt viz.Options) ([]byte, error)
}

func (c Config) withDefaults() Config {
	if c.MaxNodesLimit <= 0 || c.MaxNodesLimit > analysis.MaxNodesLimit {
		c.MaxNodesLimit = analysis.MaxNodesLimit
	}
	if c.MaxNodes <= 0 {
		c.MaxNodes = analysis.DefaultMaxNodes
	}
	c.MaxNodes = min(c.MaxNodes, c.MaxNodesLimit)
	if c.MaxHops <= 0 || c.MaxHops > analysis.MaxHops {
		c.MaxHops = analysis.MaxHops
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 64 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.HeavyConcurrency <= 0 {
		c.HeavyConcurrency = runtime.GOMAXPROCS(0)
	}
	if c.CacheBytes == 0 {
		c.CacheBytes = 256 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Server serves the API over one store.
type Server struct {
	cfg      Config
	store    graphmodel.Store
	analyzer *analysis.Analyzer
	log      *slog.Logger
	engine   *gin.Engine
	routes   []route
	metrics  *metrics
	registry *prometheus.Registry

	responses *cache[*rep]
	results   *cache[any] // algorithm results shared by several routes
	heavy     chan struct{}
	errBusy   error
	uploadMu  sync.Mutex

	versionAt   atomic.Int64 // when versionVal was read, Unix nanoseconds; 0: never
	versionVal  atomic.Int64
	versionSeen atomic.Int64
}

// route is one endpoint: its method and gin path, the query parameters it
// takes and its handler.
type route struct {
	method, path string
	params       []string
	handler      gin.HandlerFunc
}

// New returns a server over st. Store errors are counted in the metrics.
func New(st graphmodel.Store, cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger, registry: prometheus.NewRegistry()}
	s.metrics = newMetrics(s.registry)
	s.store = &countingStore{Store: st, errors: s.metrics.storeErrors}
	s.analyzer = analysis.NewAnalyzer(s.store)
	s.wireUserData(st)
	s.responses = newCache[*rep](cfg.CacheBytes - cfg.CacheBytes/4)
	s.results = newCache[any](max(cfg.CacheBytes/4, minResultBytes))
	s.heavy = make(chan struct{}, cfg.HeavyConcurrency)
	s.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "domainscope_cache_bytes",
		Help: "Bytes held by the response and result caches."}, func() float64 { return float64(s.cacheHeld()) }))
	if r, ok := cfg.Renderer.(interface{ Stats() viz.RendererStats }); ok {
		registerRenderStats(s.registry, r.Stats)
	}
	s.errBusy = graphmodel.Errorf(graphmodel.EUNAVAILABLE,
		"the server is busy: %d heavy requests (subgraphs, domains, bridges, regional profiles, diagrams) are already running, the limit; try again in a moment", cfg.HeavyConcurrency)

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = true
	e.Use(s.recovery, s.observe, s.cors, s.limits, s.webAssets)
	s.routes = append(append(append(append(s.routeTable(), s.userDataRoutes()...), s.regionSetRoutes()...), s.briefRoutes()...), s.starsRoutes()...)
	s.routes = append(s.routes, s.prioritiesRoutes()...)
	s.routes = append(s.routes, s.basesRoutes()...)
	s.routes = append(s.routes, s.domainStructureRoutes()...)
	for _, r := range s.routes {
		e.Handle(r.method, r.path, s.checkParams(r.params), r.handler)
		if r.method == http.MethodGet {
			e.Handle(http.MethodHead, r.path, s.checkParams(r.params), r.handler)
		}
	}
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})))
	web.Mount(e, s.index)
	// HEAD is answered wherever GET is (net/http sends the headers without the body).
	head := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method == http.MethodHead {
			head[r.Path] = true
		}
	}
	for _, r := range e.Routes() {
		if r.Method == http.MethodGet && !head[r.Path] {
			e.Handle(http.MethodHead, r.Path, r.HandlerFunc)
		}
	}
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, graphmodel.Errorf(graphmodel.ENOTFOUND, "no endpoint %s %s: see /api/v1/openapi.json", methodLabel(c.Request.Method), shorten(c.Request.URL.Path, 200)))
	})
	e.NoMethod(func(c *gin.Context) {
		s.fail(c, graphmodel.Errorf(EMETHOD, "method %s is not allowed on %s: it answers %s", methodLabel(c.Request.Method), c.Request.URL.Path, c.Writer.Header().Get("Allow")))
	})
	paths := make([]string, 0, len(e.Routes()))
	for _, r := range e.Routes() {
		paths = append(paths, r.Path)
	}
	s.metrics.addRoutes(paths)
	s.engine = e
	return s
}

// Handler returns the HTTP handler of the server.
func (s *Server) Handler() http.Handler { return s.engine }

// Registry returns the Prometheus registry behind /metrics.
func (s *Server) Registry() *prometheus.Registry { return s.registry }

const prefix = "/api/v1"

func (s *Server) routeTable() []route {
	g := func(path string, h gin.HandlerFunc, params ...[]string) route {
		return route{method: http.MethodGet, path: prefix + path, params: join(params...), handler: h}
	}
	return []route{
		g("/health", s.health),
		g("/ready", s.ready),
		g("/meta", s.meta),
		g("/openapi.json", s.openapi),
		g("/industries", s.industries, []string{"q", "classification", "level", "limit", "cursor"}),
		g("/industries/:code", s.industry, []string{"classification"}, graphParams, domainParams, bridgeParams),
		g("/industries/:code/neighbours", s.neighbours, []string{"layer", "period", "min", "top", "format"}),
		g("/subgraph", s.subgraph, subgraphModes, graphParams, domainParams, formatParams, vizParams),
		g("/domains", s.domains, graphParams, domainParams, domainEvidenceParams),
		g("/domains/:id", s.domain, graphParams, domainParams, domainEvidenceParams),
		g("/bridges", s.bridges, graphParams, domainParams, bridgeParams, []string{"top", "exclude_generic"}),
		g("/cross-sector-domains", s.crossSector, graphParams, domainParams, domainEvidenceParams),
		g("/regions", s.regions),
		g("/regions/:id/profile", s.regionPart("profile"), graphParams, domainParams, regionParams),
		g("/regions/:id/opportunities", s.regionPart("opportunities"), graphParams, domainParams, regionParams),
		g("/regions/:id/cross-clustering", s.regionPart("cross-clustering"), graphParams, domainParams, regionParams),
		g("/regions/:id/peers", s.regionPart("peers"), graphParams, domainParams, regionParams),
		g("/regions/:id/quadrant", s.regionPart("quadrant"), graphParams, domainParams, regionParams),
		g("/regions/:id/graph", s.regionGraph, graphParams, domainParams, regionParams, []string{"specialisations", "shown"}, formatParams, vizParams),
		g("/compare", s.compare, compareParams),
		g("/compare/graph", s.compareGraph, compareGraphParams, formatParams, vizParams),
		g("/domains/evolution", s.evolution, evolutionParams),
		g("/regions/:id/change", s.regionChange, regionChangeParams),
		g("/dynamics", s.dynamics, graphParams, dynamicsParams),
		g("/regions/:id/pathways", s.regionPathways, graphParams, domainParams, regionParams, []string{"domain", "format"}),
		{method: http.MethodPost, path: prefix + "/datasets", handler: s.upload},
	}
}

// checkParams rejects query parameters the route does not take.
func (s *Server) checkParams(allowed []string) gin.HandlerFunc {
	ok := paramSet(allowed)
	return func(c *gin.Context) {
		if err := unknownParam(query(c), allowed, ok); err != nil {
			s.fail(c, err)
		}
	}
}

// version returns the store version, read at most every VersionTTL. A
// newer version drops the cached results of older ones.
func (s *Server) version(ctx context.Context) (int64, error) {
	if ttl := s.cfg.VersionTTL; ttl > 0 {
		if at := s.versionAt.Load(); at != 0 && time.Now().UnixNano()-at < int64(ttl) {
			return s.versionVal.Load(), nil
		}
	}
	v, err := s.store.Version(ctx)
	if err != nil {
		return 0, err
	}
	if s.cfg.VersionTTL > 0 {
		s.versionVal.Store(v)
		s.versionAt.Store(time.Now().UnixNano())
	}
	if v > s.versionSeen.Load() {
		s.versionSeen.Store(v)
		s.responses.seen(v)
		s.results.seen(v)
		s.metrics.version.Set(float64(v))
	}
	return v, nil
}

// forgetVersion makes the next request read the store version.
func (s *Server) forgetVersion() { s.versionAt.Store(0) }

// minResultBytes is the least budget of the result cache, kept even with
// the response cache off: routes share results within one request.
const minResultBytes = 8 << 20

// cacheHeld is the bytes both caches hold by their accounts.
func (s *Server) cacheHeld() int64 {
	_, a := s.responses.len()
	_, b := s.results.len()
	return a + b
}

// resultSize estimates the bytes a computed result holds by the length of
// its JSON encoding: numbers, codes and names take about as much room in
// memory as in JSON (a float64 8 bytes against about 18 characters, a
// slice or string header 16 to 24 bytes against a few). What a result only
// points to (a DomainsResult's snapshot, kept by the analyzer's snapshot
// cache) is not counted.
func resultSize(v any) int64 {
	b, err := json.Marshal(v)
	if err != nil {
		return 1 << 20
	}
	return int64(len(b))
}

// result computes an algorithm result once per key and store version and
// keeps it within the result cache's budget (shared by the routes that
// need the same domains or regional profile).
func result[T any](ctx context.Context, s *Server, key string, compute func() (T, error)) (T, error) {
	v, err := s.version(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	x, _, err := s.results.do(ctx, key+"|v"+strconv.FormatInt(v, 10), v, func() (any, int64, error) {
		r, err := compute()
		if err != nil {
			return r, 0, err
		}
		return r, resultSize(r), nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return x.(T), nil
}

func (s *Server) index(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"name": "domainscope API", "api": prefix, "openapi": prefix + "/openapi.json",
		"meta": prefix + "/meta", "metrics": "/metrics",
	})
}
