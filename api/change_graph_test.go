package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/viz"
)

// The demo's planted emerging link 62–86 (see TestCompareEndpoint) is a
// significant increase with floor=0: in the graph of 62 it is marked
// increased and drawn green.
func TestCompareGraphEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	q := "/api/v1/compare/graph?layer=labour&from=2010-2014&to=2015-2019&floor=0&resamples=-1&code=62"
	var v analysis.GraphView
	decode(t, get(t, h, q), &v)
	if len(v.Nodes) < 2 || v.Nodes[0].ID != "62" || !v.Nodes[0].Seed || v.Params["code"] != "62" {
		t.Fatalf("nodes %+v, params %v; want 62 first as the seed", v.Nodes, v.Params)
	}
	change := ""
	for _, l := range v.Links {
		if l.Source != "62" {
			t.Errorf("link %s–%s does not touch 62", l.Source, l.Target)
		}
		if l.Target == "86" {
			change = l.Change
		}
	}
	if change != analysis.LinkIncreased {
		t.Errorf("62–86 change %q, want %q", change, analysis.LinkIncreased)
	}
	w := get(t, h, q+"&format=dot")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"62" -- "86"`) || !strings.Contains(w.Body.String(), viz.GainColour) {
		t.Errorf("dot: %d, want the 62 -- 86 edge in %s:\n%.400s", w.Code, viz.GainColour, w.Body.String())
	}
	// Without code: the most changed pairs, each with a change.
	decode(t, get(t, h, "/api/v1/compare/graph?layer=labour&from=2010-2014&to=2015-2019&floor=0&resamples=-1&max_nodes=10"), &v)
	if len(v.Nodes) == 0 || len(v.Nodes) > 10 {
		t.Fatalf("most changed: %d nodes, want 1 to 10", len(v.Nodes))
	}
	for _, l := range v.Links {
		if l.Change == "" {
			t.Errorf("most changed: link %s–%s has no change", l.Source, l.Target)
		}
	}
	for _, bad := range []string{"&code=nosuch", "&max_nodes=0", "&bogus=1"} {
		if w := get(t, h, "/api/v1/compare/graph?layer=labour&from=2010-2014&to=2015-2019&floor=0&resamples=-1"+bad); w.Code < 400 || w.Code >= 500 {
			t.Errorf("%s: status %d, want 4xx", bad, w.Code)
		}
	}
}
