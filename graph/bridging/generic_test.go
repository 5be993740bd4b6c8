package bridging

import (
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// TestGenericIntermediaries: four triangles (communities 0–3) and a hub
// (node 12, in community 0) with one link into each. The hub's
// participation is 1 − 4·(1/4)² = 0.75, it reaches 4 of the 4 communities
// of ≥ 3 members, and its degree 4 is above the other 12 nodes' (percentile
// 12/13 = 0.923): flagged. A triangle node next to the hub in another
// community has P = 1 − (2/3)² − (1/3)² = 0.444: not flagged.
func TestGenericIntermediaries(t *testing.T) {
	var es []graph.Edge
	for t0 := int32(0); t0 < 12; t0 += 3 {
		es = append(es, graph.Edge{I: t0, J: t0 + 1, W: 1}, graph.Edge{I: t0, J: t0 + 2, W: 1}, graph.Edge{I: t0 + 1, J: t0 + 2, W: 1},
			graph.Edge{I: 12, J: t0, W: 1})
	}
	g, err := graph.NewGraph(13, es)
	if err != nil {
		t.Fatal(err)
	}
	comm := []int32{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0}
	gs, err := GenericIntermediaries(g, comm, DefaultGenericRule())
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Node != 12 {
		t.Fatalf("flagged %+v, want node 12 only", gs)
	}
	h := gs[0]
	if h.Participation != 0.75 || h.Domains != 4 || h.Of != 4 || h.Degree != 4 || h.DegreePercentile != 12.0/13 {
		t.Errorf("hub %+v; want P 0.75, 4 of 4 domains, degree 4, percentile 12/13", h)
	}
	// A stricter participation threshold than 0.75 flags nothing.
	strict := DefaultGenericRule()
	strict.MinParticipation = 0.8
	if gs, _ := GenericIntermediaries(g, comm, strict); len(gs) != 0 {
		t.Errorf("participation ≥ 0.8 flagged %+v", gs)
	}
	// Requiring the top 5 % of degrees (12/13 < 0.95) flags nothing either.
	top := DefaultGenericRule()
	top.MinDegreePercentile = 0.95
	if gs, _ := GenericIntermediaries(g, comm, top); len(gs) != 0 {
		t.Errorf("degree percentile ≥ 0.95 flagged %+v", gs)
	}
	if _, err := GenericIntermediaries(g, comm[:5], DefaultGenericRule()); err == nil {
		t.Error("short partition: no error")
	}
}
