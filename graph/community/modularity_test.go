package community

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/domainscope/domainscope/graph"

	"gonum.org/v1/gonum/graph/community"
)

func TestModularityByHand(t *testing.T) {
	// Two triangles {0,1,2}, {3,4,5} joined by edge 2-3: 2m = 14, each
	// triangle has in = 6 and tot = 2+2+3 = 7.
	g, err := graph.NewGraph(6, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 1}, {I: 0, J: 2, W: 1}, {I: 3, J: 4, W: 1}, {I: 4, J: 5, W: 1}, {I: 3, J: 5, W: 1}, {I: 2, J: 3, W: 1}})
	if err != nil {
		t.Fatal(err)
	}
	two := []int32{0, 0, 0, 1, 1, 1}
	for _, c := range []struct {
		name  string
		comm  []int32
		gamma float64
		want  float64
	}{
		{"triangles", two, 1, 5.0 / 14},           // 2·(6/14 − (7/14)²)
		{"triangles γ=2", two, 2, -1.0 / 7},       // 2·(6/14 − 2·(7/14)²)
		{"one community", make([]int32, 6), 1, 0}, // 14/14 − 1
		{"ids 7 and 3", []int32{7, 7, 7, 3, 3, 3}, 1, 5.0 / 14},
		{"huge ids", []int32{1 << 30, 1 << 30, 1 << 30, 5, 5, 5}, 1, 5.0 / 14},
		// Singletons: −Σ k_i²/(2m)² = −(4·4 + 2·9)/196.
		{"singletons", []int32{0, 1, 2, 3, 4, 5}, 1, -34.0 / 196},
	} {
		if got := Modularity(g, c.comm, c.gamma); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: Q = %v, expected %v", c.name, got, c.want)
		}
	}
	empty, _ := graph.NewGraph(3, nil)
	if q := Modularity(empty, []int32{0, 0, 1}, 1); q != 0 {
		t.Errorf("no edges: Q = %v, expected 0", q)
	}
	for _, bad := range [][]int32{{0, 0, 0}, {0, 0, 0, 1, 1, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Modularity(%v) did not panic", bad)
				}
			}()
			Modularity(g, bad, 1)
		}()
	}
}

func TestModularityKarateSplits(t *testing.T) {
	g := lvKarate(t)
	gg := lvGonum(g)
	// Zachary's two factions as predicted by his maximum-flow cut, 0-based:
	// Mr Hi's side 0-7, 10-13, 16, 17, 19, 21 (members 1-8, 11-14, 17, 18,
	// 20, 22 of the paper). Q = 0.3715 (igraph 0.10 modularity: 0.371466).
	// In the observed split member 9 (node 8) joined Mr Hi: Q = 0.3582
	// (igraph: 0.358235).
	faction := make([]int32, 34)
	for v := range faction {
		faction[v] = 1
	}
	for _, v := range []int{0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 16, 17, 19, 21} {
		faction[v] = 0
	}
	observed := append([]int32(nil), faction...)
	observed[8] = 0
	for _, c := range []struct {
		name string
		comm []int32
		want float64
	}{{"factions", faction, 0.371466}, {"observed split", observed, 0.358235}} {
		got := Modularity(g, c.comm, 1)
		oracle := community.Q(gg, lvGonumCommunities(c.comm), 1)
		if math.Abs(got-oracle) > 1e-12 || math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: Q = %v, gonum %v, published %v", c.name, got, oracle, c.want)
		}
	}
}

func TestModularityMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for gi := 0; gi < 30; gi++ {
		n := 5 + rng.IntN(200)
		g := lvRandomGraph(t, n, n*(1+rng.IntN(6)), uint64(gi))
		gg := lvGonum(g)
		for _, k := range []int{1, 3, 10, n} {
			comm := make([]int32, n)
			for v := range comm {
				comm[v] = int32(rng.IntN(k))
			}
			for _, gamma := range []float64{0.5, 1, 2.5} {
				got := Modularity(g, comm, gamma)
				want := community.Q(gg, lvGonumCommunities(comm), gamma)
				if math.Abs(got-want) > 1e-9 {
					t.Fatalf("graph %d (n=%d) k=%d γ=%v: Q = %v, gonum %v", gi, n, k, gamma, got, want)
				}
			}
		}
	}
}

func TestMultiplexModularityMatchesGonum(t *testing.T) {
	// gonum's QMultiplex gives ω_l Σ_ij [A^l_ij − γ k_i k_j/(2m_l)] δ(c_i,c_j)
	// per layer, not divided by 2m_l (its doc); ours is Σ_l ω_l Q_l.
	a := lvRandomGraph(t, 80, 300, 1)
	b := lvRandomGraph(t, 80, 200, 2)
	layers, err := community.NewUndirectedLayers(lvGonum(a), lvGonum(b))
	if err != nil {
		t.Fatal(err)
	}
	weights := []float64{0.3, 1.7}
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 10; trial++ {
		comm := make([]int32, 80)
		for v := range comm {
			comm[v] = int32(rng.IntN(1 + trial))
		}
		got := multiplexModularity([]*graph.Graph{a, b}, weights, comm, 1.5)
		perLayer := community.QMultiplex(layers, lvGonumCommunities(comm), weights, []float64{1.5})
		var want float64
		for l, g := range []*graph.Graph{a, b} {
			var m2 float64
			for i := 0; i < g.Nodes(); i++ {
				m2 += g.Strength(i)
			}
			want += perLayer[l] / m2
		}
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: Σ ω_l Q_l = %v, gonum %v", trial, got, want)
		}
	}
}

func TestModularityParallel(t *testing.T) {
	// The two-goroutine sum of large graphs equals the one-goroutine sum
	// up to rounding, for the planted groups and for a random partition.
	g, group := lvPlanted(t, 5000, 50, 40000, 0.4, 3)
	random := make([]int32, g.Nodes())
	for v := range random {
		random[v] = int32(v*7919) % 97
	}
	saved := parallelMinEdges
	defer func() { parallelMinEdges = saved }()
	for _, c := range [][]int32{group, random} {
		parallelMinEdges = math.MaxInt
		one := Modularity(g, c, 1)
		parallelMinEdges = 0
		two := Modularity(g, c, 1)
		if math.Abs(one-two) > 1e-12 {
			t.Errorf("one goroutine Q %v, two %v", one, two)
		}
	}
}

func TestLevelModularity(t *testing.T) {
	// Q read off the graph aggregated by a partition equals Modularity of
	// that partition: karate by Zachary's factions, at γ = 1 and 2, and
	// the unaggregated graph with every node alone.
	g := lvKarate(t)
	p := make([]int32, 34)
	for v := range p {
		p[v] = 1
	}
	for _, v := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21} {
		p[v] = 0
	}
	alone := make([]int32, 34)
	for v := range alone {
		alone[v] = int32(v)
	}
	for _, gamma := range []float64{1, 2} {
		base, coef := combineLayers([]*graph.Graph{g}, []float64{1}, gamma)
		r := newLouvainRun(base, coef, 1)
		agg := r.aggregate(base, p, 2)
		if got, want := levelModularity(agg, coef[0]), Modularity(g, p, gamma); math.Abs(got-want) > 1e-12 {
			t.Errorf("γ %v factions: %v, Modularity %v", gamma, got, want)
		}
		if got, want := levelModularity(base, coef[0]), Modularity(g, alone, gamma); math.Abs(got-want) > 1e-12 {
			t.Errorf("γ %v singletons: %v, Modularity %v", gamma, got, want)
		}
	}
}
