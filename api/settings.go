package api

import (
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

// Settings are the server's settings as an operator gives them ('domainscope
// serve' flags or DOMAINSCOPE_* variables): sizes in MiB, a cache of 0 MiB
// for none, lists comma-separated.
type Settings struct {
	Origins, Layers, UploadToken             string
	MaxNodes, MaxNodesLimit, MaxHops         int
	MaxUploadMB, Heavy, CacheMB              int
	Timeout, HeavyWait, VersionTTL, Shutdown time.Duration
}

// Config checks s and returns the server's configuration. A setting out
// of range is EINVALID with Field its name (max_nodes_limit, …), which the
// message words by w (e.g. as the flag --max-nodes-limit).
func (s Settings) Config(w ingest.Wording) (Config, error) {
	check := func(field string, v, lo, hi int) error {
		if v < lo || v > hi {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, field, "%s %d: expected %d to %d", w.Name(field), v, lo, hi)
		}
		return nil
	}
	for _, c := range []error{
		check("max_nodes_limit", s.MaxNodesLimit, 1, analysis.MaxNodesLimit), check("max_nodes", s.MaxNodes, 1, s.MaxNodesLimit),
		check("max_hops", s.MaxHops, 1, 3), check("max_upload_mb", s.MaxUploadMB, 1, 1<<14),
		check("heavy", s.Heavy, 1, 1024), check("cache_mb", s.CacheMB, 0, 1<<20),
	} {
		if c != nil {
			return Config{}, c
		}
	}
	if s.Timeout <= 0 || s.HeavyWait < 0 || s.VersionTTL < 0 || s.Shutdown < 0 {
		return Config{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "timeout", "%s must be > 0 and %s, %s, %s >= 0",
			w.Name("timeout"), w.Name("heavy_wait"), w.Name("version_ttl"), w.Name("shutdown_timeout"))
	}
	cacheBytes := int64(s.CacheMB) << 20
	if s.CacheMB == 0 {
		cacheBytes = -1
	}
	return Config{
		AllowOrigins: ingest.SplitList(s.Origins), DefaultLayers: ingest.SplitList(s.Layers),
		MaxNodes: s.MaxNodes, MaxNodesLimit: s.MaxNodesLimit, MaxHops: s.MaxHops,
		MaxBodyBytes: int64(s.MaxUploadMB) << 20, Timeout: s.Timeout,
		HeavyConcurrency: s.Heavy, HeavyWait: s.HeavyWait, CacheBytes: cacheBytes, VersionTTL: s.VersionTTL,
		UploadToken: s.UploadToken,
	}, nil
}
