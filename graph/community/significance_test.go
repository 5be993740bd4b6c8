package community

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

func cliqueEdges(nodes ...int32) []graph.Edge {
	var es []graph.Edge
	for a := 0; a < len(nodes); a++ {
		for b := a + 1; b < len(nodes); b++ {
			es = append(es, graph.Edge{I: nodes[a], J: nodes[b], W: 1})
		}
	}
	return es
}

// TestCommunitySignificanceTwoCliques: two 5-cliques joined by one link
// (m = 21). Each clique holds W_in = 10 of its volume vol = 4·5 + 1 = 21,
// so the configuration model expects vol²/4m = 441/84 = 5.25 and the ratio
// is 10/5.25 = 1.905. Rewiring scatters the cliques' links, so no sample
// keeps all 10 inside: p is its floor 1/(R+1) and z is large.
func TestCommunitySignificanceTwoCliques(t *testing.T) {
	es := append(cliqueEdges(0, 1, 2, 3, 4), cliqueEdges(5, 6, 7, 8, 9)...)
	es = append(es, graph.Edge{I: 4, J: 5, W: 1})
	g, err := graph.NewGraph(10, es)
	if err != nil {
		t.Fatal(err)
	}
	comm := []int32{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}
	const R = 200
	sig, err := CommunitySignificance(context.Background(), g, comm, R, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(sig) != 2 {
		t.Fatalf("%d results, want 2", len(sig))
	}
	for c, s := range sig {
		if s.InternalWeight != 10 || math.Abs(s.Expected-5.25) > 1e-12 || math.Abs(s.Ratio-10/5.25) > 1e-12 {
			t.Errorf("community %d: W_in %v, expected %v, ratio %v; want 10, 5.25, 1.905", c, s.InternalWeight, s.Expected, s.Ratio)
		}
		if s.P != 1.0/(R+1) {
			t.Errorf("community %d: p %v, want the floor 1/%d", c, s.P, R+1)
		}
		if s.Z == nil || *s.Z < 3 || s.NullMean >= 10 {
			t.Errorf("community %d: z %v, null mean %v; want z ≥ 3 and a null mean below 10", c, s.Z, s.NullMean)
		}
	}
	again, err := CommunitySignificance(context.Background(), g, comm, R, 7)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].NullMean != sig[0].NullMean || *again[0].Z != *sig[0].Z {
		t.Errorf("same seed, different null: %v vs %v", again[0], sig[0])
	}
}

// TestCommunitySignificanceComplete: in a complete graph no double edge
// swap is possible (every target link exists), so every sample equals the
// graph: p = 1, no z. K4 split {0,1},{2,3}: W_in = 1, vol = 6, m = 6,
// expected 36/24 = 1.5.
func TestCommunitySignificanceComplete(t *testing.T) {
	g, err := graph.NewGraph(4, cliqueEdges(0, 1, 2, 3))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := CommunitySignificance(context.Background(), g, []int32{0, 0, 1, 1}, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	for c, s := range sig {
		if s.InternalWeight != 1 || s.Expected != 1.5 || s.P != 1 || s.Z != nil || s.NullSD != 0 {
			t.Errorf("community %d: %+v; want W_in 1, expected 1.5, p 1, no z", c, s)
		}
	}
}

func TestCommunitySignificanceErrors(t *testing.T) {
	g, _ := graph.NewGraph(3, cliqueEdges(0, 1, 2))
	for _, tc := range []struct {
		comm    []int32
		samples int
	}{{[]int32{0, 0}, 10}, {[]int32{0, 0, 1}, 0}, {[]int32{0, 0, 1}, MaxSignificanceSamples + 1}} {
		if _, err := CommunitySignificance(context.Background(), g, tc.comm, tc.samples, 1); err == nil {
			t.Errorf("partition %v, %d samples: no error", tc.comm, tc.samples)
		}
	}
}

// TestConsensusAgree: partitions that agree on every pair kept at τ = 0.5
// are block-diagonal at once: {0,1} together in 3 of 3, {2,3} in 3 of 3,
// the cross pairs in 1 of 3 (dropped).
func TestConsensusAgree(t *testing.T) {
	parts := [][]int32{{0, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 0, 0}}
	c, err := Consensus(context.Background(), 4, parts, 0.5, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Converged || c.Iterations != 0 || c.K != 2 || c.Community[0] != c.Community[1] || c.Community[2] != c.Community[3] || c.Community[0] == c.Community[2] {
		t.Errorf("consensus %+v, want {0,1},{2,3} at once", c)
	}
}

// TestConsensusRound: {0,1,2} twice and {0,1},{2,3} once give D_01 = 1,
// D_02 = D_12 = 2/3, D_23 = 1/3 (dropped at τ = 0.5): not block-diagonal,
// so Leiden runs on the weighted triangle 0–1–2, which it keeps whole;
// the next D is block-diagonal: {0,1,2} and {3} after one round.
func TestConsensusRound(t *testing.T) {
	parts := [][]int32{{0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 1, 1}}
	c, err := Consensus(context.Background(), 4, parts, 0.5, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []int32{0, 0, 0, 1}
	for i := range want {
		if c.Community[i] != want[i] {
			t.Fatalf("consensus %v, want %v", c.Community, want)
		}
	}
	if !c.Converged || c.Iterations != 1 || c.K != 2 {
		t.Errorf("converged %v after %d rounds with %d communities; want true, 1, 2", c.Converged, c.Iterations, c.K)
	}
	if _, err := Consensus(context.Background(), 4, parts, 0, DefaultOptions()); err == nil {
		t.Error("τ = 0: no error")
	}
	if _, err := Consensus(context.Background(), 5, parts, 0.5, DefaultOptions()); err == nil {
		t.Error("partitions of 4 nodes for n = 5: no error")
	}
}

// TestEdgeSet checks the rewiring's edge set against a Go map under the
// churn rewiring makes (random adds, removes and look-ups in a small key
// space, so that probe runs collide and wrap around the array).
func TestEdgeSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 40
	s := newEdgeSet(n)
	want := map[uint64]bool{}
	key := func() uint64 { return uint64(rng.IntN(20))<<32 | uint64(rng.IntN(20)) }
	for step := 0; step < 200000; step++ {
		k := key()
		switch {
		case want[k] && rng.IntN(2) == 0:
			s.remove(k)
			delete(want, k)
		case !want[k] && len(want) < n:
			s.add(k)
			want[k] = true
		}
		if q := key(); s.has(q) != want[q] {
			t.Fatalf("step %d: has(%x) = %v, want %v", step, q, s.has(q), want[q])
		}
	}
	for k := range want {
		if !s.has(k) {
			t.Fatalf("key %x lost", k)
		}
	}
}

// BenchmarkCommunitySignificance: one null sample (11·m swap attempts) on a
// random graph of 10,000 nodes and 500,000 links in 50 planted groups.
func BenchmarkCommunitySignificance(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n, m = 10000, 500000
	es := make([]graph.Edge, 0, m)
	for len(es) < m {
		i, j := rng.IntN(n), rng.IntN(n)
		if rng.IntN(10) < 7 {
			j = i/200*200 + rng.IntN(200)
		}
		es = append(es, graph.Edge{I: int32(i), J: int32(j), W: 0.05 + rng.Float64()})
	}
	g, err := graph.NewGraph(n, es)
	if err != nil {
		b.Fatal(err)
	}
	comm := make([]int32, n)
	for i := range comm {
		comm[i] = int32(i / 200)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := CommunitySignificance(context.Background(), g, comm, 1, 1); err != nil {
			b.Fatal(err)
		}
	}
}
