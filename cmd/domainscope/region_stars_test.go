package main

import (
	"encoding/json"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestRegionStarsDemo rates Eastvale's domains on the demo: every cluster's
// stars count its met criteria, the specialisation star agrees with LQ ≥ 2,
// and a threshold out of range is EINVALID naming the field.
func TestRegionStarsDemo(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // a demo store of its own, not the user's
	mustRun(t, "demo")
	var res struct {
		Regions  int `json:"regions"`
		Clusters []struct {
			LQ                          float64 `json:"lq"`
			Size, Specialisation, Focus bool
			Stars                       int      `json:"stars"`
			Reasons                     []string `json:"reasons"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--demo", "region", "stars", "eastvale", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Clusters) == 0 || res.Regions < 2 {
		t.Fatalf("%d clusters of %d regions", len(res.Clusters), res.Regions)
	}
	for k, c := range res.Clusters {
		n := 0
		for _, ok := range []bool{c.Size, c.Specialisation, c.Focus} {
			if ok {
				n++
			}
		}
		if c.Stars != n || c.Specialisation != (c.LQ >= 2) || len(c.Reasons) != 3 {
			t.Errorf("cluster %d: %+v", k, c)
		}
		if k > 0 && c.Stars > res.Clusters[k-1].Stars {
			t.Errorf("cluster %d has more stars than the one before it", k)
		}
	}
	_, err := run(t, "--demo", "region", "stars", "eastvale", "--min-lq", "-1")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "min_lq" {
		t.Errorf("--min-lq -1: %v", err)
	}
}
