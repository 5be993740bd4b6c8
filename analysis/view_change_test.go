package analysis

import (
	"context"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// The flows of TestCompareLayersHand: with the default floor 10 and loss
// factor 3, a–c (40 → missing) is lost, b–c (missing → 35) gained, c–d
// (missing → 15 < 30) appeared, a–d (12 → missing) not observed, a–b and
// e–f kept and, after the dispersion correction, not significant.
func TestChangeView(t *testing.T) {
	st := chStore(t)
	chIndustries(t, st, "T", "a", "b", "c", "d", "e", "f")
	p1 := []graphmodel.Link{{From: "a", To: "b", Count: 100}, {From: "b", To: "a", Count: 50}, {From: "a", To: "c", Count: 40},
		{From: "a", To: "d", Count: 12}, {From: "e", To: "f", Count: 20}, {From: "a", To: "a", Count: 500}}
	p2 := []graphmodel.Link{{From: "a", To: "b", Count: 100}, {From: "b", To: "a", Count: 50}, {From: "b", To: "c", Count: 35},
		{From: "c", To: "d", Count: 15}, {From: "e", To: "f", Count: 80}, {From: "a", To: "a", Count: 500}}
	chFlows(t, st, "T", "labour", "p1", p1, 0)
	chFlows(t, st, "T", "labour", "p2", p2, 0)
	a := NewAnalyzer(st)
	ctx := context.Background()
	req := CompareRequest{Layer: "labour", From: "p1", To: "p2"}

	v, err := a.ChangeView(ctx, req, "c", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Nodes) != 4 || v.Nodes[0].ID != "c" || !v.Nodes[0].Seed || v.Truncated {
		t.Fatalf("nodes %v (truncated %v); want c first (seed) and a, b, d", viewCodes(v), v.Truncated)
	}
	change := map[string]string{}
	for _, l := range v.Links {
		if l.Source != "c" {
			t.Errorf("link %s–%s: want c as the source (first node)", l.Source, l.Target)
		}
		change[l.Target] = l.Change
		if l.Target == "a" && l.Count != 40 {
			t.Errorf("lost a–c carries count %v; want the earlier count 40", l.Count)
		}
		if l.Target == "b" && l.Count != 35 {
			t.Errorf("gained b–c carries count %v; want the later count 35", l.Count)
		}
	}
	if len(v.Links) != 3 || change["a"] != LinkLost || change["b"] != LinkGained || change["d"] != "" {
		t.Errorf("changes %v; want a lost, b gained, d (appeared) none", change)
	}

	// Without a code: only the changed pairs a–c and b–c, nodes a, b, c.
	v, err = a.ChangeView(ctx, req, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Nodes) != 3 || len(v.Links) != 2 || v.Truncated {
		t.Errorf("most changed: nodes %v, %d links; want a, b, c and 2 links", viewCodes(v), len(v.Links))
	}
	// Two nodes hold only the first changed pair.
	v, err = a.ChangeView(ctx, req, "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Nodes) != 2 || len(v.Links) != 1 || !v.Truncated || v.Links[0].Change == "" {
		t.Errorf("max 2 nodes: nodes %v, links %+v, truncated %v; want 2 nodes, 1 changed link, truncated", viewCodes(v), v.Links, v.Truncated)
	}

	if _, err := a.ChangeView(ctx, req, "zz", 0); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("unknown code: %v; want ENOTFOUND", err)
	}
	if _, err := a.ChangeView(ctx, req, "", MaxNodesLimit+1); graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE {
		t.Errorf("max_nodes over the limit: %v; want ETOOLARGE", err)
	}
}
