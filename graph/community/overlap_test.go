package community

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// TestSoftMembershipByHand: reference communities D0 = {0,1,2}, D1 = {3,4}
// and five partitions, the hosts (where each D's core sits) worked out by
// hand.
func TestSoftMembershipByHand(t *testing.T) {
	ref := []int32{0, 0, 0, 1, 1}
	parts := [][]int32{
		{0, 0, 0, 1, 1}, // host(D0) = 0, host(D1) = 1
		{0, 0, 1, 1, 1}, // D0: community 0 holds 2 of its 3 → host 0; D1: host 1
		{0, 0, 1, 1, 1}, // the same
		{0, 0, 0, 0, 0}, // merged whole: both hosts are 0
		{0, 0, 0, 0, 1}, // D0: host 0; D1 split 1–1 between 0 and 1: the smaller id, 0
	}
	got, err := SoftMembership(ref, parts, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	// Node 2 sits with its home D0's core in runs 1, 4 and 5 (3/5) and with
	// D1's core away from D0's in runs 2 and 3 (2/5 ≥ 0.3).
	want2 := []Membership{{Node: 2, Community: 0, Runs: 3, Share: 0.6, Home: true}, {Node: 2, Community: 1, Runs: 2, Share: 0.4}}
	if len(got[2]) != 2 || got[2][0] != want2[0] || got[2][1] != want2[1] {
		t.Errorf("node 2: %+v, want %+v", got[2], want2)
	}
	// Node 0 is with D0's core in every run; with D1's in runs 4 and 5 but
	// there D0's core is with it too: no evidence of D1.
	if len(got[0]) != 1 || got[0][0] != (Membership{Node: 0, Community: 0, Runs: 5, Share: 1, Home: true}) {
		t.Errorf("node 0: %+v, want its home only, 5 of 5 runs", got[0])
	}
	// Node 4 sits with D1's core in runs 1–4; in run 5 it is alone in
	// community 1, which hosts nothing: 4/5 and no other membership.
	if len(got[4]) != 1 || got[4][0] != (Membership{Node: 4, Community: 1, Runs: 4, Share: 0.8, Home: true}) {
		t.Errorf("node 4: %+v, want its home D1 only, 4 of 5 runs", got[4])
	}
	// At threshold 0.5 node 2's 2/5 in D1 is left out.
	got, err = SoftMembership(ref, parts, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got[2]) != 1 || got[2][0].Runs != 3 {
		t.Errorf("node 2 at 0.5: %+v, want its home only", got[2])
	}
}

func TestSoftMembershipErrors(t *testing.T) {
	ref := []int32{0, 1}
	for name, call := range map[string]func() error{
		"no partitions":   func() error { _, err := SoftMembership(ref, nil, 0.5); return err },
		"threshold 0":     func() error { _, err := SoftMembership(ref, [][]int32{{0, 1}}, 0); return err },
		"threshold 1.5":   func() error { _, err := SoftMembership(ref, [][]int32{{0, 1}}, 1.5); return err },
		"threshold NaN":   func() error { _, err := SoftMembership(ref, [][]int32{{0, 1}}, math.NaN()); return err },
		"short partition": func() error { _, err := SoftMembership(ref, [][]int32{{0}}, 0.5); return err },
		"id out of range": func() error { _, err := SoftMembership(ref, [][]int32{{0, 7}}, 0.5); return err },
		"negative ref":    func() error { _, err := SoftMembership([]int32{0, -1}, [][]int32{{0, 1}}, 0.5); return err },
	} {
		var arg *graph.ArgumentError
		if err := call(); !errors.As(err, &arg) {
			t.Errorf("%s: error %v, want an ArgumentError", name, err)
		}
	}
}

// twoCliquesAndBridge: K4 cliques A = {0,1,2,3} and B = {5,6,7,8}, node 4
// linked to 2, 3, 5 and 6 (unit weights).
func twoCliquesAndBridge(t *testing.T) *graph.Graph {
	t.Helper()
	var edges []graph.Edge
	for _, c := range [][]int32{{0, 1, 2, 3}, {5, 6, 7, 8}} {
		for a := 0; a < 4; a++ {
			for b := a + 1; b < 4; b++ {
				edges = append(edges, graph.Edge{I: c[a], J: c[b], W: 1})
			}
		}
	}
	for _, j := range []int32{2, 3, 5, 6} {
		edges = append(edges, graph.Edge{I: 4, J: j, W: 1})
	}
	g, err := graph.NewGraph(9, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestOverlappingBridge: m = 16 edges, 2m = 32; degrees A = B = 3+3+4+4 = 14,
// node 4: 4. Q({A+4}, {B}) = 8/16 − (18/32)² + 6/16 − (14/32)² = 0.3671875,
// the same for {A}, {B+4} by symmetry, and Q({A}, {B}, {4}) = 2·(6/16 −
// (14/32)²) − (4/32)² = 0.3515625: every optimal partition puts the bridge
// with A or with B and keeps the cliques whole, so the bridge's two
// memberships add up to all the seeds and the clique members have one.
func TestOverlappingBridge(t *testing.T) {
	g := twoCliquesAndBridge(t)
	// Leiden breaks the tie by the order it visits the nodes in: over the
	// seeds 0..99 the bridge joins A 94 times and B 6 times (logged below).
	const seeds = 100
	ov, err := Overlapping(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), seeds, 0.5, 1.0/seeds)
	if err != nil {
		t.Fatal(err)
	}
	c := ov.Consensus.Community
	if ov.Consensus.K != 2 || c[0] == c[5] {
		t.Fatalf("consensus %v: want the two cliques apart", c)
	}
	if q := Modularity(g, c, 1); !near(q, 0.3671875) {
		t.Errorf("consensus Q = %v, want 0.3671875 (bridge with one clique)", q)
	}
	for i, ms := range ov.Node {
		if i == 4 {
			continue
		}
		if len(ms) != 1 || !ms[0].Home || ms[0].Runs != seeds || ms[0].Community != c[i] {
			t.Errorf("clique node %d: %+v, want its clique in all %d seeds only", i, ms, seeds)
		}
	}
	b := ov.Node[4]
	if len(b) != 2 || b[0].Community != c[4] || b[1].Community == b[0].Community || b[0].Runs+b[1].Runs != seeds || b[1].Runs < 1 {
		t.Fatalf("bridge: %+v, want both cliques, runs adding up to %d", b, seeds)
	}
	// Its home is the clique it joins in at least half of the seeds (the
	// consensus keeps pairs together in ≥ τ = 0.5 of the runs).
	if b[0].Runs < b[1].Runs {
		t.Errorf("bridge home %+v has fewer runs than %+v", b[0], b[1])
	}
	t.Logf("bridge: %d and %d of %d seeds", b[0].Runs, b[1].Runs, seeds)
	// A threshold above the minority's share leaves the bridge at home.
	hi := float64(b[1].Runs)/seeds + 1e-9
	ov, err = Overlapping(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), seeds, 0.5, hi)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Node[4]) != 1 {
		t.Errorf("threshold %v: bridge %+v, want its home only", hi, ov.Node[4])
	}
	for _, s := range []int{0, MaxOverlapSeeds + 1} {
		if _, err := Overlapping(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), s, 0.5, 0.2); err == nil {
			t.Errorf("%d seeds: no error", s)
		}
	}
}

// TestResolutionHierarchyRing: a ring of 8 K4 cliques tied in pairs
// (pairedRing): L = 8·6 + 4·2 + 4 = 60 edges, 2L = 120, each clique's degree
// sum 12 + 2 + 1 = 15. Single cliques: Q1 = 8·(6/60 − γ(15/120)²) = 0.8 − γ/8;
// pairs: Q2 = 4·(14/60 − γ(30/120)²) = 56/60 − γ/4; pairs of pairs: Q4 =
// 2·(29/60 − γ/4) = 58/60 − γ/2. At γ = 0.5: Q1 = 0.7375, Q2 = 97/120 ≈ 0.8083,
// Q4 ≈ 0.7167, so pairs; at γ = 2: Q1 = 0.55, Q2 ≈ 0.4333, so single cliques
// (splitting a clique gives 2·(1/60 − 2·(7.5/120)²) ≈ 0.018 against 6/60 −
// 2/64 ≈ 0.069 whole). The 8 cliques at γ = 2 are the children of the 4
// pairs at γ = 0.5, two each, wholly (share 1).
func TestResolutionHierarchyRing(t *testing.T) {
	g := pairedRing(t, 8)
	h, err := ResolutionHierarchy(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), []float64{0.5, 2})
	if err != nil {
		t.Fatal(err)
	}
	coarse, fine := h.Levels[0], h.Levels[1]
	if coarse.K != 4 || !near(coarse.Modularity, 97.0/120) {
		t.Errorf("γ = 0.5: %d communities, Q = %v; want 4 pairs, Q = 97/120", coarse.K, coarse.Modularity)
	}
	if fine.K != 8 || !near(fine.Modularity, 0.55) {
		t.Errorf("γ = 2: %d communities, Q = %v; want 8 cliques, Q = 0.55", fine.K, fine.Modularity)
	}
	for c := 0; c < 8; c++ {
		for a := 1; a < 4; a++ {
			if fine.Community[4*c+a] != fine.Community[4*c] {
				t.Errorf("γ = 2: clique %d split", c)
			}
		}
		if pair := c &^ 1; coarse.Community[4*c] != coarse.Community[4*pair] {
			t.Errorf("γ = 0.5: clique %d is not with clique %d", c, pair)
		}
	}
	if len(h.Links[0]) != 0 || len(h.Links[1]) != 8 {
		t.Fatalf("links %d and %d, want 0 and 8", len(h.Links[0]), len(h.Links[1]))
	}
	children := map[int32][]int32{}
	for _, l := range h.Links[1] {
		if l.Size != 4 || l.Shared != 4 || l.MemberShare != 1 || l.WeightShare != 1 {
			t.Errorf("link %+v: want 4 of 4 members, shares 1", l)
		}
		children[l.Parent] = append(children[l.Parent], l.Child)
	}
	for p, cs := range children {
		if len(cs) != 2 {
			t.Errorf("parent %d has children %v, want 2", p, cs)
		}
	}
	if len(children) != 4 {
		t.Errorf("%d parents, want 4", len(children))
	}
}

// TestLinkLevelsByHand: a split that is not nested, a tie, and a child
// without strength.
func TestLinkLevelsByHand(t *testing.T) {
	s := []float64{1, 1, 1, 1, 2, 2, 0}
	coarse := []int32{0, 0, 0, 1, 1, 1, 1}
	fine := []int32{0, 0, 1, 1, 1, 2, 3}
	got, err := LinkLevels(s, coarse, fine)
	if err != nil {
		t.Fatal(err)
	}
	want := []ParentLink{
		{Child: 0, Parent: 0, Size: 2, Shared: 2, MemberShare: 1, WeightShare: 1},
		// {2,3,4}: node 2 in coarse 0 (strength 1), nodes 3, 4 in coarse 1
		// (1 + 2 = 3): parent 1 with weight share 3/4, 2 of 3 members.
		{Child: 1, Parent: 1, Size: 3, Shared: 2, MemberShare: 2.0 / 3, WeightShare: 0.75},
		{Child: 2, Parent: 1, Size: 1, Shared: 1, MemberShare: 1, WeightShare: 1},
		// strength 0: the member share stands in.
		{Child: 3, Parent: 1, Size: 1, Shared: 1, MemberShare: 1, WeightShare: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// {2,3} split evenly, by weight (1 and 1) and members (1 and 1): the smaller id 0.
	got, err = LinkLevels([]float64{1, 1, 1, 1}, []int32{0, 0, 1, 1}, []int32{0, 1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Parent != 0 || got[1].WeightShare != 0.5 || got[1].Shared != 1 {
		t.Errorf("tie: %+v, want parent 0 with half", got[1])
	}
	if _, err := LinkLevels([]float64{1}, []int32{0, 0}, []int32{0}); err == nil {
		t.Error("lengths differ: no error")
	}
	if _, err := LinkLevels([]float64{math.NaN()}, []int32{0}, []int32{0}); err == nil {
		t.Error("NaN strength: no error")
	}
}

func TestResolutionHierarchyErrors(t *testing.T) {
	g := twoCliquesAndBridge(t)
	for _, rs := range [][]float64{nil, {1, 0.5}, {1, 1}, {-1}, {0}, {math.Inf(1)}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		if _, err := ResolutionHierarchy(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), rs); err == nil {
			t.Errorf("resolutions %v: no error", rs)
		}
	}
}

// pairedRing: n (even) K4 cliques in a ring, clique c on nodes 4c..4c+3;
// clique 2j is tied to 2j+1 by two edges (4c+2–4c+4, 4c+3–4c+5) and 2j+1
// to the next pair by one (4c+3–4(c+1)).
func pairedRing(t *testing.T, n int) *graph.Graph {
	t.Helper()
	var edges []graph.Edge
	for c := 0; c < n; c++ {
		for a := 0; a < 4; a++ {
			for b := a + 1; b < 4; b++ {
				edges = append(edges, graph.Edge{I: int32(4*c + a), J: int32(4*c + b), W: 1})
			}
		}
		if c%2 == 0 {
			edges = append(edges, graph.Edge{I: int32(4*c + 2), J: int32(4*c + 4), W: 1}, graph.Edge{I: int32(4*c + 3), J: int32(4*c + 5), W: 1})
		} else {
			edges = append(edges, graph.Edge{I: int32(4*c + 3), J: int32(4 * ((c + 1) % n)), W: 1})
		}
	}
	g, err := graph.NewGraph(4*n, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
