package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/domainscope/domainscope/api"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

// serveFlags are the server's settings; each flag defaults to its
// DOMAINSCOPE_* environment variable.
type serveFlags struct {
	addr, origins, layers, uploadToken string
	maxNodes, maxNodesLimit, maxHops   int
	heavy, cacheMB, maxBodyMB          int
	timeout, heavyWait, versionTTL     time.Duration
	shutdown                           time.Duration
	render                             bool
	envErrs                            []error
}

func (f *serveFlags) envString(key, def string) string { return envOr(key, def) }

func (f *serveFlags) envInt(key string, def int) int {
	return envValue(f, key, def, strconv.Atoi, "a whole number")
}

func (f *serveFlags) envDuration(key string, def time.Duration) time.Duration {
	return envValue(f, key, def, time.ParseDuration, "a duration such as 30s or 250ms")
}

func (f *serveFlags) envBool(key string, def bool) bool {
	return envValue(f, key, def, strconv.ParseBool, "true or false")
}

// envValue is the environment variable key parsed, or def when it is unset;
// a value that does not parse is kept as an error naming what was expected.
func envValue[T any](f *serveFlags, key string, def T, parse func(string) (T, error), expected string) T {
	s := os.Getenv(key)
	if s == "" {
		return def
	}
	v, err := parse(s)
	if err != nil {
		f.envErrs = append(f.envErrs, graphmodel.Errorf(graphmodel.EINVALID, "%s=%q: expected %s", key, s, expected))
		return def
	}
	return v
}

func (f *serveFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.addr, "addr", f.envString("DOMAINSCOPE_ADDR", "127.0.0.1:8080"), "listen address host:port (env DOMAINSCOPE_ADDR)")
	fs.StringVar(&f.origins, "cors-origins", f.envString("DOMAINSCOPE_CORS_ORIGINS", ""), "comma-separated browser origins allowed by CORS, or * (default: CORS off) (env DOMAINSCOPE_CORS_ORIGINS)")
	fs.StringVar(&f.layers, "layers", f.envString("DOMAINSCOPE_LAYERS", ""), "default layers of requests that name none (default: labour if loaded, else the first layer) (env DOMAINSCOPE_LAYERS)")
	fs.IntVar(&f.maxNodes, "max-nodes", f.envInt("DOMAINSCOPE_MAX_NODES", 200), "subgraph nodes when a request gives no max_nodes (env DOMAINSCOPE_MAX_NODES)")
	fs.IntVar(&f.maxNodesLimit, "max-nodes-limit", f.envInt("DOMAINSCOPE_MAX_NODES_LIMIT", 2000), "hard cap on max_nodes, at most 2000; over it a request is 413 (env DOMAINSCOPE_MAX_NODES_LIMIT)")
	fs.IntVar(&f.maxHops, "max-hops", f.envInt("DOMAINSCOPE_MAX_HOPS", 3), "cap on hops around subgraph seeds, at most 3 (env DOMAINSCOPE_MAX_HOPS)")
	fs.IntVar(&f.maxBodyMB, "max-upload-mb", f.envInt("DOMAINSCOPE_MAX_UPLOAD_MB", 64), "largest upload body in MiB; over it 413 (env DOMAINSCOPE_MAX_UPLOAD_MB)")
	fs.DurationVar(&f.timeout, "timeout", f.envDuration("DOMAINSCOPE_TIMEOUT", 30*time.Second), "limit of one request, its store reads and algorithms (env DOMAINSCOPE_TIMEOUT)")
	fs.IntVar(&f.heavy, "heavy", f.envInt("DOMAINSCOPE_HEAVY", runtime.GOMAXPROCS(0)), "heavy computations (subgraphs, domains, bridges, regional profiles, diagrams) run at once; more are 503 (env DOMAINSCOPE_HEAVY)")
	fs.DurationVar(&f.heavyWait, "heavy-wait", f.envDuration("DOMAINSCOPE_HEAVY_WAIT", 0), "how long a heavy request waits for a free slot before it is 503 (env DOMAINSCOPE_HEAVY_WAIT)")
	fs.IntVar(&f.cacheMB, "cache-mb", f.envInt("DOMAINSCOPE_CACHE_MB", 256), "response cache in MiB, 0 turns it off (env DOMAINSCOPE_CACHE_MB)")
	fs.DurationVar(&f.versionTTL, "version-ttl", f.envDuration("DOMAINSCOPE_VERSION_TTL", time.Second), "trust the store version read this long: loads by other processes (domainscope ingest) are seen after at most this, uploads through the API at once; 0 reads it on every request (env DOMAINSCOPE_VERSION_TTL)")
	fs.StringVar(&f.uploadToken, "upload-token", f.envString("DOMAINSCOPE_UPLOAD_TOKEN", ""), "bearer token that enables POST /api/v1/datasets; prefer the env variable, flags show in ps (env DOMAINSCOPE_UPLOAD_TOKEN)")
	fs.BoolVar(&f.render, "render", f.envBool("DOMAINSCOPE_RENDER", true), "draw SVG and PNG diagrams (Graphviz in a worker process) (env DOMAINSCOPE_RENDER)")
	fs.DurationVar(&f.shutdown, "shutdown-timeout", f.envDuration("DOMAINSCOPE_SHUTDOWN_TIMEOUT", 10*time.Second), "on SIGTERM or SIGINT, how long running requests may finish (env DOMAINSCOPE_SHUTDOWN_TIMEOUT)")
}

// config checks the flags and returns the API configuration.
func (f *serveFlags) config() (api.Config, error) {
	if len(f.envErrs) > 0 {
		return api.Config{}, f.envErrs[0]
	}
	return api.Settings{Origins: f.origins, Layers: f.layers, UploadToken: f.uploadToken,
		MaxNodes: f.maxNodes, MaxNodesLimit: f.maxNodesLimit, MaxHops: f.maxHops, MaxUploadMB: f.maxBodyMB, Heavy: f.heavy, CacheMB: f.cacheMB,
		Timeout: f.timeout, HeavyWait: f.heavyWait, VersionTTL: f.versionTTL, Shutdown: f.shutdown}.Config(flagWording{})
}

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API (industries, subgraphs, domains, bridges, regions, exports) over the store",
		Long: `Serve the HTTP API under /api/v1 over the store: industries, neighbours, subgraphs
in node-link JSON, Cytoscape.js, graphology, GEXF, GraphML, CSV and Graphviz formats,
knowledge domains, bridging sectors and regional profiles; Prometheus metrics at
/metrics and the OpenAPI document at /api/v1/openapi.json. Every setting has a
DOMAINSCOPE_* environment variable. SIGTERM or SIGINT stops it gracefully.

With --demo it serves the demo store, building it first when it is empty.`,
		Example: `  domainscope serve --demo
  DOMAINSCOPE_UPLOAD_TOKEN=secret domainscope serve --addr :8080 --cors-origins https://viz.example.org`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.config()
			if err != nil {
				return err
			}
			level := slog.LevelInfo // access logs are at info: a server shows them unless told otherwise
			if cmd.Flags().Changed("log-level") || os.Getenv("DOMAINSCOPE_LOG_LEVEL") != "" {
				_ = level.UnmarshalText([]byte(a.logLevel)) // checked by setupLogging
			}
			// One write per log line costs a system call per request: lines
			// are buffered and written at least every 200 ms.
			w := api.NewLogBuffer(a.errOut, 200*time.Millisecond)
			defer w.Close()
			a.log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
			slog.SetDefault(a.log)
			return a.serve(cmd.Context(), f, cfg)
		},
	}
	f.add(cmd.Flags())
	return cmd
}

// serve runs the server until ctx ends, then shuts it down gracefully.
func (a *app) serve(ctx context.Context, f serveFlags, cfg api.Config) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if a.useDemo {
		if err := a.ensureDemo(ctx, st); err != nil {
			return err
		}
	}
	if err := st.Ping(ctx); err != nil {
		return err
	}
	cfg.Logger = a.log
	if f.render {
		if _, err := viz.FindWorker(); err != nil {
			a.log.Warn("SVG and PNG answer 503 until the diagram worker is built", "error", err)
		}
		r, err := viz.NewRenderer(ctx, viz.RendererConfig{Timeout: cfg.Timeout, Logger: a.log})
		if err != nil {
			a.log.Warn("diagrams are off: the renderer did not start", "error", err)
		} else {
			defer r.Close()
			cfg.Renderer = r
		}
	}
	srv := api.New(st, cfg)
	go srv.BoundMemory(ctx, time.Second) // RSS near the cache budget plus the baseline (issue 15)
	return api.Run(ctx, srv.Handler(), api.RunOptions{Addr: f.addr, Timeout: cfg.Timeout, Shutdown: f.shutdown, Logger: a.log,
		Started: func(addr net.Addr) {
			fmt.Fprintf(a.errOut, "domainscope: serving %s on http://%s/api/v1 (metrics at /metrics)\n", a.storePath, addr)
		}})
}

// ensureDemo builds the demo store when it is empty (store version 0), as
// 'domainscope demo' does.
func (a *app) ensureDemo(ctx context.Context, st graphmodel.Store) error {
	v, err := st.Version(ctx)
	if err != nil || v > 0 {
		return err
	}
	a.log.Info("building the demo store (synthetic data)", "store", a.storePath)
	dir, err := os.MkdirTemp("", "domainscope-demo-")
	if err != nil {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot create a temporary directory for the demo data")
	}
	defer os.RemoveAll(dir)
	return a.buildDemo(ctx, st, dir, 1)
}
