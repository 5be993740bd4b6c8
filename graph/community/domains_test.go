package community

import (
	"context"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// twoTriangles: triangles {0,1,2} and {3,4,5} with unit weights, joined by edge 2–3.
func twoTriangles(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := graph.NewGraph(6, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 0, J: 2, W: 1}, {I: 1, J: 2, W: 1}, {I: 3, J: 4, W: 1}, {I: 3, J: 5, W: 1}, {I: 4, J: 5, W: 1}, {I: 2, J: 3, W: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestDescribeDomainsByHand(t *testing.T) {
	g := twoTriangles(t)
	comm := []int32{0, 0, 0, 1, 1, 1}
	sector := []string{"X", "X", "Y", "Z", "Z", "Z"}
	emp := []float64{10, 20, math.NaN(), 1, 2, 3}
	d := DescribeDomains(g, comm, sector, emp)
	if len(d) != 2 {
		t.Fatalf("got %d domains, want 2", len(d))
	}
	a := d[0]
	// vol(A) = k0+k1+k2 = 2+2+3 = 7, total volume 14, internal weight 3,
	// cut = 7 − 2·3 = 1, conductance = 1/min(7, 7) = 1/7.
	if !near(a.Conductance, 1.0/7) {
		t.Errorf("conductance = %v, want 1/7", a.Conductance)
	}
	// 3 internal edges of 3 possible pairs.
	if a.Density != 1 || a.AvgRelatedness != 1 {
		t.Errorf("density %v avg %v, want 1 and 1", a.Density, a.AvgRelatedness)
	}
	// Sector mix 2/3 X, 1/3 Y: H = −(2/3 log2 2/3 + 1/3 log2 1/3) = 0.918296 bits;
	// 3 sectors exist and the domain has 3 members, so max H = log2 3.
	h := -(2.0/3*math.Log2(2.0/3) + 1.0/3*math.Log2(1.0/3))
	if !near(a.SectorEntropy, h) || !near(a.SectorMix, h/math.Log2(3)) {
		t.Errorf("entropy %v mix %v, want %v and %v", a.SectorEntropy, a.SectorMix, h, h/math.Log2(3))
	}
	if a.Sectors[0].Sector != "X" || a.Sectors[0].Members != 2 || a.Sectors[1].Sector != "Y" {
		t.Errorf("sectors = %+v", a.Sectors)
	}
	// Score = mix × (1 − 1/7) × √1 = 0.579380 × 6/7.
	if want := h / math.Log2(3) * 6 / 7; !near(a.CandidateScore, want) {
		t.Errorf("score = %v, want %v", a.CandidateScore, want)
	}
	// Employment: 10 + 20, the unknown third member does not count.
	if a.Employment == nil || *a.Employment != 30 || d[1].Employment == nil || *d[1].Employment != 6 {
		t.Errorf("employment %v, %v; want 30, 6", a.Employment, d[1].Employment)
	}
	if d := DescribeDomains(g, comm, sector, nil); d[0].Employment != nil {
		t.Errorf("employment without data = %v, want nil", *d[0].Employment)
	}
	// A single-sector domain is not cross-sector.
	if d[1].SectorEntropy != 0 || d[1].CandidateScore != 0 {
		t.Errorf("single-sector domain: entropy %v score %v, want 0", d[1].SectorEntropy, d[1].CandidateScore)
	}
}

func TestPartitionStability(t *testing.T) {
	g := twoTriangles(t)
	opt := DefaultOptions()
	// Louvain always separates the two triangles (Q = 5/14 by hand: each triangle
	// has internal weight 3 of m = 7 and volume 7, Q = 2·(3/7 − (7/14)²) = 5/14).
	p, err := Detect(context.Background(), []*graph.Graph{g}, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	if p.K != 2 || !near(p.Modularity, 5.0/14) {
		t.Fatalf("Louvain: K = %d, Q = %v; want 2 and 5/14", p.K, p.Modularity)
	}
	st, err := PartitionStability(context.Background(), []*graph.Graph{g}, nil, opt, p.Community, 8)
	if err != nil {
		t.Fatal(err)
	}
	for c, s := range st.Domain {
		if s != 1 {
			t.Errorf("domain %d stability %v, want 1", c, s)
		}
	}
	// A reference that lumps all six nodes together: every run splits them into
	// the two triangles, so 2·(3·2) = 12 of the 6·5 = 30 ordered pairs stay
	// together (0.4), and each node stays with 2 of its 5 co-members (0.4).
	lump := make([]int32, 6)
	st, err = PartitionStability(context.Background(), []*graph.Graph{g}, nil, opt, lump, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !near(st.Domain[0], 0.4) {
		t.Errorf("lumped domain stability %v, want 0.4", st.Domain[0])
	}
	for i, s := range st.Node {
		if !near(s, 0.4) {
			t.Errorf("node %d stability %v, want 0.4", i, s)
		}
	}
	if _, err := PartitionStability(context.Background(), []*graph.Graph{g}, nil, opt, lump, 0); err == nil {
		t.Error("runs = 0 accepted")
	}
}

func TestResolutionSweep(t *testing.T) {
	g := twoTriangles(t)
	pts, err := ResolutionSweep(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), []float64{0.05, 1, 20})
	if err != nil {
		t.Fatal(err)
	}
	// γ = 0.05: merging everything is best (penalty small); γ = 1: two
	// triangles; γ = 20: the penalty γ k_i k_j/2m exceeds every edge weight, so singletons.
	want := []int{1, 2, 6}
	for i, p := range pts {
		if p.Communities != want[i] {
			t.Errorf("γ = %v: %d communities, want %d", p.Resolution, p.Communities, want[i])
		}
	}
	if _, err := ResolutionSweep(context.Background(), []*graph.Graph{g}, nil, DefaultOptions(), []float64{-1}); err == nil {
		t.Error("negative resolution accepted")
	}
}
