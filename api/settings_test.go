package api

import (
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// upperWording names a setting in capitals, to show the message uses the wording.
type upperWording struct{}

func (upperWording) Name(field string) string   { return strings.ToUpper(field) }
func (upperWording) Fix(field, _ string) string { return field }

func TestSettingsConfig(t *testing.T) {
	ok := Settings{Origins: "https://a.org, https://b.org", MaxNodes: 200, MaxNodesLimit: 2000, MaxHops: 3,
		MaxUploadMB: 2, Heavy: 1, CacheMB: 0, Timeout: time.Second}
	cfg, err := ok.Config(upperWording{})
	if err != nil {
		t.Fatal(err)
	}
	// 2 MiB = 2·2^20 = 2097152 bytes; a cache of 0 MiB is off (-1).
	if cfg.MaxBodyBytes != 2097152 || cfg.CacheBytes != -1 || len(cfg.AllowOrigins) != 2 || cfg.AllowOrigins[1] != "https://b.org" {
		t.Errorf("config %+v", cfg)
	}
	for _, c := range []struct {
		change      func(*Settings)
		field, want string
	}{
		{func(s *Settings) { s.MaxNodesLimit = 3000 }, "max_nodes_limit", "MAX_NODES_LIMIT 3000: expected 1 to 2000"},
		{func(s *Settings) { s.MaxNodes = 2001 }, "max_nodes", "MAX_NODES 2001: expected 1 to 2000"},
		{func(s *Settings) { s.CacheMB = -1 }, "cache_mb", "CACHE_MB -1: expected 0 to 1048576"},
		{func(s *Settings) { s.HeavyWait = -time.Second }, "timeout", "TIMEOUT must be > 0 and HEAVY_WAIT, VERSION_TTL, SHUTDOWN_TIMEOUT >= 0"},
	} {
		s := ok
		c.change(&s)
		_, err := s.Config(upperWording{})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != c.field || graphmodel.ErrorMessage(err) != c.want {
			t.Errorf("%s: got %v (field %q), want %q", c.field, err, graphmodel.ErrorField(err), c.want)
		}
	}
}
