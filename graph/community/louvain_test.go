package community

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graph"

	gonumgraph "gonum.org/v1/gonum/graph"
	gcommunity "gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/domainscope/domainscope/graphmodel"
)

// lvKarateEdges is Zachary's karate club network (W. W. Zachary 1977, "An
// information flow model for conflict and fission in small groups", J.
// Anthropol. Res. 33:452), 34 members, 78 friendships, 0-based: member k+1
// of the paper is node k. Transcribed as distributed by igraph
// (Graph.Famous("Zachary")).
var lvKarateEdges = [78][2]int32{
	{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}, {0, 8}, {0, 10}, {0, 11},
	{0, 12}, {0, 13}, {0, 17}, {0, 19}, {0, 21}, {0, 31}, {1, 2}, {1, 3}, {1, 7}, {1, 13},
	{1, 17}, {1, 19}, {1, 21}, {1, 30}, {2, 3}, {2, 7}, {2, 8}, {2, 9}, {2, 13}, {2, 27},
	{2, 28}, {2, 32}, {3, 7}, {3, 12}, {3, 13}, {4, 6}, {4, 10}, {5, 6}, {5, 10}, {5, 16},
	{6, 16}, {8, 30}, {8, 32}, {8, 33}, {9, 33}, {13, 33}, {14, 32}, {14, 33}, {15, 32}, {15, 33},
	{18, 32}, {18, 33}, {19, 33}, {20, 32}, {20, 33}, {22, 32}, {22, 33}, {23, 25}, {23, 27}, {23, 29},
	{23, 32}, {23, 33}, {24, 25}, {24, 27}, {24, 31}, {25, 31}, {26, 29}, {26, 33}, {27, 33}, {28, 31},
	{28, 33}, {29, 32}, {29, 33}, {30, 32}, {30, 33}, {31, 32}, {31, 33}, {32, 33},
}

func lvKarate(t testing.TB) *graph.Graph {
	t.Helper()
	edges := make([]graph.Edge, len(lvKarateEdges))
	for k, e := range lvKarateEdges {
		edges[k] = graph.Edge{I: e[0], J: e[1], W: 1}
	}
	g, err := graph.NewGraph(34, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// lvRandomGraph returns an Erdős–Rényi-like multigraph with n nodes and m
// edge draws of weight uniform in [1, 10) (parallel draws are summed).
func lvRandomGraph(t testing.TB, n, m int, seed uint64) *graph.Graph {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 11))
	edges := make([]graph.Edge, m)
	for k := range edges {
		edges[k] = graph.Edge{I: int32(rng.IntN(n)), J: int32(rng.IntN(n)), W: 1 + 9*rng.Float64()}
	}
	g, err := graph.NewGraph(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// lvPlanted is PlantedPartition that fails the test on error.
func lvPlanted(t testing.TB, n, groups, edges int, mixing float64, seed uint64) (*graph.Graph, []int32) {
	t.Helper()
	g, group, err := PlantedPartition(n, groups, edges, mixing, seed)
	if err != nil {
		t.Fatal(err)
	}
	return g, group
}

// lvGonum converts g to a gonum graph with the same node ids.
func lvGonum(g *graph.Graph) *simple.WeightedUndirectedGraph {
	gg := simple.NewWeightedUndirectedGraph(0, 0)
	for i := 0; i < g.Nodes(); i++ {
		gg.AddNode(simple.Node(i))
	}
	for i := 0; i < g.Nodes(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			if j := g.Adj[e]; int(j) > i {
				gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(i), simple.Node(j), g.W[e]))
			}
		}
	}
	return gg
}

// lvGonumCommunities converts a membership slice to gonum's form.
func lvGonumCommunities(comm []int32) [][]gonumgraph.Node {
	ids, k := denseIDs(comm)
	out := make([][]gonumgraph.Node, k)
	for v, c := range ids {
		out[c] = append(out[c], simple.Node(v))
	}
	return out
}

// lvDisconnected returns how many communities of comm are not connected in
// g, found by breadth-first search restricted to each community.
func lvDisconnected(g *graph.Graph, comm []int32) int {
	n := g.Nodes()
	seen := make([]bool, n)
	components := map[int32]int{}
	for s := 0; s < n; s++ {
		if seen[s] {
			continue
		}
		components[comm[s]]++
		seen[s] = true
		queue := []int32{int32(s)}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			for e := g.Off[i]; e < g.Off[i+1]; e++ {
				if j := g.Adj[e]; !seen[j] && comm[j] == comm[s] {
					seen[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	bad := 0
	for _, c := range components {
		if c > 1 {
			bad++
		}
	}
	return bad
}

// lvSamePartition reports whether a and b group the nodes identically (up
// to the community ids).
func lvSamePartition(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	ab, ba := map[int32]int32{}, map[int32]int32{}
	for i := range a {
		if x, ok := ab[a[i]]; ok && x != b[i] {
			return false
		}
		if y, ok := ba[b[i]]; ok && y != a[i] {
			return false
		}
		ab[a[i]], ba[b[i]] = b[i], a[i]
	}
	return true
}

func lvRun(t testing.TB, g *graph.Graph, opt Options) Partition {
	t.Helper()
	p, err := Detect(context.Background(), []*graph.Graph{g}, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// lvCheckPartition checks the invariants every Partition must satisfy.
func lvCheckPartition(t *testing.T, g *graph.Graph, p Partition, gamma float64) {
	t.Helper()
	n := g.Nodes()
	if len(p.Community) != n || len(p.Levels) == 0 {
		t.Fatalf("partition has %d ids and %d levels for %d nodes", len(p.Community), len(p.Levels), n)
	}
	if !slices.Equal(p.Levels[len(p.Levels)-1], p.Community) {
		t.Fatalf("last level differs from Community")
	}
	size := make([]int, p.K)
	first := make([]int, p.K)
	for v := n - 1; v >= 0; v-- {
		c := p.Community[v]
		if c < 0 || int(c) >= p.K {
			t.Fatalf("node %d has id %d, K = %d", v, c, p.K)
		}
		size[c]++
		first[c] = v
	}
	for c := 1; c < p.K; c++ {
		if size[c] > size[c-1] || size[c] == size[c-1] && first[c] < first[c-1] {
			t.Fatalf("ids not ordered by size then smallest node: community %d (%d nodes, first %d) after %d (%d nodes, first %d)",
				c, size[c], first[c], c-1, size[c-1], first[c-1])
		}
	}
	for h := 1; h < len(p.Levels); h++ {
		// Nested: nodes together at level h-1 are together at level h.
		up := map[int32]int32{}
		for v, c := range p.Levels[h-1] {
			if d, ok := up[c]; ok && d != p.Levels[h][v] {
				t.Fatalf("level %d community %d is split at level %d", h-1, c, h)
			}
			up[c] = p.Levels[h][v]
		}
	}
	if q := Modularity(g, p.Community, gamma); math.Abs(q-p.Modularity) > 1e-12 {
		t.Fatalf("Partition.Modularity %v, Modularity of Community %v", p.Modularity, q)
	}
}

func TestLouvainKarate(t *testing.T) {
	g := lvKarate(t)
	gg := lvGonum(g)
	// Brandes et al. 2008 ("On modularity clustering", IEEE TKDE 20:172)
	// prove 0.4198 (= 0.41979 to five places) is the maximum modularity of
	// the karate club, so no partition may exceed it.
	const qMax = 0.41979
	for seed := int64(0); seed < 50; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		p := lvRun(t, g, opt)
		lvCheckPartition(t, g, p, 1)
		if oracle := gcommunity.Q(gg, lvGonumCommunities(p.Community), 1); math.Abs(oracle-p.Modularity) > 1e-9 {
			t.Errorf("seed %d: Q = %v, gonum's community.Q of the same partition = %v", seed, p.Modularity, oracle)
		}
		if p.Modularity < 0.4188 || p.Modularity > qMax+1e-5 {
			t.Errorf("seed %d: Q = %.5f, expected within [0.4188, %v]", seed, p.Modularity, qMax)
		}
		if bad := lvDisconnected(g, p.Community); bad > 0 {
			t.Errorf("seed %d: %d disconnected communities", seed, bad)
		}
	}
}

func TestLouvainPlantedRecovered(t *testing.T) {
	// 4 groups × 32 nodes, average degree 16 (1024 edge draws), 10% of
	// edges between groups: the planted groups are the modularity optimum.
	for gseed := uint64(1); gseed <= 5; gseed++ {
		g, group := lvPlanted(t, 128, 4, 1024, 0.1, gseed)
		for _, refine := range []bool{true, false} {
			for seed := int64(0); seed < 5; seed++ {
				p := lvRun(t, g, Options{Seed: seed, Algorithm: algorithmOf(refine)})
				lvCheckPartition(t, g, p, 1)
				if p.K != 4 || !lvSamePartition(p.Community, group) {
					t.Errorf("graph %d seed %d refine %v: K = %d, planted groups not recovered", gseed, seed, refine, p.K)
				}
			}
		}
	}
}

func TestLouvainNotWorseThanGonum(t *testing.T) {
	// Mean Q over 5 seeds on each of 6 graphs must not be below gonum's
	// Modularize mean by more than 0.002.
	for gi := uint64(0); gi < 6; gi++ {
		var g *graph.Graph
		if gi%2 == 0 {
			g = lvRandomGraph(t, 300, 900, gi)
		} else {
			g, _ = lvPlanted(t, 300, 10, 1500, 0.5, gi)
		}
		gg := lvGonum(g)
		var ours, theirs float64
		for seed := uint64(0); seed < 5; seed++ {
			opt := DefaultOptions()
			opt.Seed = int64(seed)
			p := lvRun(t, g, opt)
			lvCheckPartition(t, g, p, 1)
			ours += p.Modularity / 5
			r := gcommunity.Modularize(gg, 1, rand.NewPCG(seed, 3))
			theirs += gcommunity.Q(gg, r.Communities(), 1) / 5
		}
		t.Logf("graph %d: mean Q ours %.5f, gonum %.5f", gi, ours, theirs)
		if ours < theirs-0.002 {
			t.Errorf("graph %d: mean Q %.5f below gonum's %.5f", gi, ours, theirs)
		}
	}
}

// TestLocalMovingCanDisconnect shows the failure Leiden's refinement guards against
// (Traag et al. 2019, Fig. 2): a bridge node x leaves a community and the
// two cliques it joined stay together, disconnected. Local moving starts
// from the partition {A ∪ B ∪ x}, {D}.
func TestLocalMovingCanDisconnect(t *testing.T) {
	// A = 0..3 and B = 4..7 are 4-cliques, D = 9..12 a 4-clique; x = 8 has
	// edges of weight 1 to 0 and 4 and of weight 3 to each node of D.
	var edges []graph.Edge
	for _, base := range []int32{0, 4, 9} {
		for i := int32(0); i < 4; i++ {
			for j := i + 1; j < 4; j++ {
				edges = append(edges, graph.Edge{I: base + i, J: base + j, W: 1})
			}
		}
	}
	edges = append(edges, graph.Edge{I: 8, J: 0, W: 1}, graph.Edge{I: 8, J: 4, W: 1})
	for d := int32(9); d < 13; d++ {
		edges = append(edges, graph.Edge{I: 8, J: d, W: 3})
	}
	g, err := graph.NewGraph(13, edges)
	if err != nil {
		t.Fatal(err)
	}
	init := []int32{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}
	base, coef := combineLayers([]*graph.Graph{g}, []float64{1}, 1)
	for seed := int64(0); seed < 20; seed++ {
		r := newLouvainRun(base, coef, seed)
		if err := r.move(context.Background(), base, init); err != nil {
			t.Fatal(err)
		}
		comm := slices.Clone(r.comm[:13])
		// 2m = 3·12 + 2·2 + 2·12 = 64, k_x = 14, tot_D = 24, tot_{A∪B} = 26:
		// x gains 12 − 14·24/64 = 6.75 in D against 2 − 14·26/64 = −3.69
		// staying, while a clique node, e.g. node 0 (k = 4), gains
		// 3 − 4·22/64 = 1.63 staying against 1 − 4·38/64 = −1.38 with x.
		if comm[8] != comm[9] || comm[0] != comm[4] {
			t.Fatalf("seed %d: expected x with D and A, B together, got %v", seed, comm)
		}
		if bad := lvDisconnected(g, comm); bad != 1 {
			t.Fatalf("seed %d: %d disconnected communities, expected 1", seed, bad)
		}
		split := make([]int32, 13)
		k := r.splitComponents(base, comm, split)
		if k != 3 || split[0] == split[4] {
			t.Fatalf("seed %d: split into %d communities %v, expected A, B, D ∪ x", seed, k, split)
		}
		// Splitting A ∪ B raises Q by 2·tot_A·tot_B/(2m)² (splitComponents
		// doc) with tot_A = tot_B = 4·3 + 1 = 13 and 2m = 3·12 + 2·2 + 2·12 = 64.
		gain := Modularity(g, split, 1) - Modularity(g, comm, 1)
		if want := 2 * 13.0 * 13 / (64 * 64); math.Abs(gain-want) > 1e-12 {
			t.Fatalf("seed %d: splitting raised Q by %v, expected %v", seed, gain, want)
		}
	}
}

func TestLouvainCommunitiesConnected(t *testing.T) {
	// Leiden communities are connected on every graph and seed; sparse
	// random graphs with many small components and bridges are the hard case.
	runs := 0
	for gi := uint64(0); gi < 30; gi++ {
		var g *graph.Graph
		switch gi % 3 {
		case 0:
			g = lvRandomGraph(t, 200, 300, gi)
		case 1:
			g = lvRandomGraph(t, 1000, 2500, gi)
		default:
			g, _ = lvPlanted(t, 500, 20, 1500, 0.7, gi)
		}
		for seed := int64(0); seed < 5; seed++ {
			for _, gamma := range []float64{0.5, 1, 2} {
				p := lvRun(t, g, Options{Seed: seed, Resolution: gamma})
				lvCheckPartition(t, g, p, gamma)
				for h, lev := range p.Levels {
					if bad := lvDisconnected(g, lev); bad > 0 {
						t.Fatalf("graph %d seed %d γ %v level %d: %d disconnected communities", gi, seed, gamma, h, bad)
					}
				}
				runs++
			}
		}
	}
	t.Logf("%d runs, all communities connected at every level", runs)
}

func TestLouvainMultiplexIdenticalLayers(t *testing.T) {
	g, _ := lvPlanted(t, 400, 8, 2400, 0.4, 7)
	for seed := int64(0); seed < 5; seed++ {
		for _, refine := range []bool{true, false} {
			opt := Options{Seed: seed, Algorithm: algorithmOf(refine)}
			single := lvRun(t, g, opt)
			mux, err := Detect(context.Background(), []*graph.Graph{g, g}, []float64{1, 1}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(mux.Levels, single.Levels) || mux.K != single.K {
				t.Fatalf("seed %d refine %v: two identical layers give K %d, one layer K %d", seed, refine, mux.K, single.K)
			}
			// Σ_l ω_l Q_l with ω = (1, 1) and Q_1 = Q_2 = Q.
			if math.Abs(mux.Modularity-2*single.Modularity) > 1e-12 {
				t.Fatalf("seed %d: multiplex quality %v, expected 2·%v", seed, mux.Modularity, single.Modularity)
			}
			half, err := Detect(context.Background(), []*graph.Graph{g, g}, []float64{0.5, 0.5}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(half.Community, single.Community) || math.Abs(half.Modularity-single.Modularity) > 1e-12 {
				t.Fatalf("seed %d: weights (0.5, 0.5) give Q %v, one layer %v", seed, half.Modularity, single.Modularity)
			}
		}
	}
}

func TestLouvainMultiplexWeightsSelectLayer(t *testing.T) {
	// Two layers with 4 planted groups each; PlantedPartition seeds 1 and 2
	// shuffle the nodes differently, so the two layers' groups cross.
	a, groupA := lvPlanted(t, 128, 4, 1024, 0.05, 1)
	b, groupB := lvPlanted(t, 128, 4, 1024, 0.05, 2)
	if lvSamePartition(groupA, groupB) {
		t.Fatal("test layers plant the same groups")
	}
	for seed := int64(0); seed < 5; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		for _, c := range []struct {
			w    []float64
			want []int32
			g    *graph.Graph
		}{{[]float64{1, 0}, groupA, a}, {[]float64{0, 2}, groupB, b}} {
			p, err := Detect(context.Background(), []*graph.Graph{a, b}, c.w, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !lvSamePartition(p.Community, c.want) {
				t.Errorf("seed %d weights %v: planted groups of the weighted layer not recovered (K = %d)", seed, c.w, p.K)
			}
			// Only the weighted layer counts: Q_mux = ω·Q of that layer.
			w := c.w[0] + c.w[1]
			if q := w * Modularity(c.g, p.Community, 1); math.Abs(q-p.Modularity) > 1e-12 {
				t.Errorf("seed %d weights %v: quality %v, expected %v", seed, c.w, p.Modularity, q)
			}
		}
		// Equal weights: a valid partition whose quality is the weighted sum
		// and whose communities are connected in the union graph.
		p, err := Detect(context.Background(), []*graph.Graph{a, b}, nil, opt)
		if err != nil {
			t.Fatal(err)
		}
		if q := Modularity(a, p.Community, 1) + Modularity(b, p.Community, 1); math.Abs(q-p.Modularity) > 1e-12 {
			t.Errorf("seed %d: quality %v, Q_a + Q_b = %v", seed, p.Modularity, q)
		}
		union := lvUnion(t, a, b)
		if bad := lvDisconnected(union, p.Community); bad > 0 {
			t.Errorf("seed %d: %d communities disconnected in the union graph", seed, bad)
		}
	}
}

func lvUnion(t *testing.T, gs ...*graph.Graph) *graph.Graph {
	t.Helper()
	var edges []graph.Edge
	for _, g := range gs {
		for i := 0; i < g.Nodes(); i++ {
			for e := g.Off[i]; e < g.Off[i+1]; e++ {
				if j := g.Adj[e]; int(j) > i {
					edges = append(edges, graph.Edge{I: int32(i), J: j, W: g.W[e]})
				}
			}
		}
	}
	u, err := graph.NewGraph(gs[0].Nodes(), edges)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLouvainDeterministic(t *testing.T) {
	g, _ := lvPlanted(t, 2000, 40, 12000, 0.6, 3)
	distinct := map[string]bool{}
	for seed := int64(0); seed < 4; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		first := lvRun(t, g, opt)
		for range 2 {
			if again := lvRun(t, g, opt); !reflect.DeepEqual(again, first) {
				t.Fatalf("seed %d: two runs differ", seed)
			}
		}
		distinct[fmt.Sprint(first.Community)] = true
	}
	// With μ = 0.6 the optimum is not unique: the seed must matter.
	if len(distinct) < 2 {
		t.Errorf("4 seeds gave %d distinct partitions: is the seed used?", len(distinct))
	}
}

func TestLouvainResolution(t *testing.T) {
	// Larger γ penalises large communities more (Reichardt & Bornholdt
	// 2006): the mean number of communities over seeds must grow with γ.
	g := lvRandomGraph(t, 500, 2000, 5)
	prev := 0.0
	for _, gamma := range []float64{0.25, 0.5, 1, 2, 4} {
		var k float64
		for seed := int64(0); seed < 5; seed++ {
			p := lvRun(t, g, Options{Seed: seed, Resolution: gamma})
			lvCheckPartition(t, g, p, gamma)
			k += float64(p.K) / 5
		}
		t.Logf("γ = %v: mean K = %.1f", gamma, k)
		if k <= prev {
			t.Errorf("γ = %v: mean K %.1f not above %.1f at the previous γ", gamma, k, prev)
		}
		prev = k
	}
}

func TestLouvainMaxLevels(t *testing.T) {
	g, _ := lvPlanted(t, 3000, 30, 9000, 0.5, 9)
	for _, refine := range []bool{true, false} {
		full := lvRun(t, g, Options{Seed: 1, Algorithm: algorithmOf(refine)})
		one := lvRun(t, g, Options{Seed: 1, Algorithm: algorithmOf(refine), MaxLevels: 1})
		lvCheckPartition(t, g, one, 1)
		if len(one.Levels) != 1 {
			t.Errorf("refine %v: MaxLevels 1 gave %d levels", refine, len(one.Levels))
		}
		if len(full.Levels) < 2 || one.K <= full.K {
			t.Errorf("refine %v: one level K = %d, all levels K = %d (%d levels): expected a finer partition", refine, one.K, full.K, len(full.Levels))
		}
		if refine {
			if bad := lvDisconnected(g, one.Community); bad > 0 {
				t.Errorf("MaxLevels 1: %d disconnected communities", bad)
			}
		}
	}
}

func TestLouvainEdgeCases(t *testing.T) {
	ctx := context.Background()
	// No edges: every node alone, Q = 0 by convention.
	g, _ := graph.NewGraph(5, nil)
	p, err := Leiden(ctx, g, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if p.K != 5 || p.Modularity != 0 || len(p.Levels) != 1 || !slices.Equal(p.Community, []int32{0, 1, 2, 3, 4}) {
		t.Errorf("no edges: got %+v", p)
	}
	// No nodes.
	g0, _ := graph.NewGraph(0, nil)
	if p, err := Leiden(ctx, g0, DefaultOptions()); err != nil || p.K != 0 || len(p.Community) != 0 {
		t.Errorf("no nodes: got %+v, %v", p, err)
	}
	// Two components: one community each, plus an isolated node.
	g2, _ := graph.NewGraph(7, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 1}, {I: 0, J: 2, W: 1}, {I: 3, J: 4, W: 2}, {I: 4, J: 5, W: 2}, {I: 3, J: 5, W: 2}})
	p = lvRun(t, g2, DefaultOptions())
	// Hand arithmetic: 2m = 6 + 12 = 18, Q = 6/18 − (6/18)² + 12/18 − (12/18)² = 4/9.
	// Both triangles have 3 nodes: the one with the smaller node comes first.
	if want := []int32{0, 0, 0, 1, 1, 1, 2}; !slices.Equal(p.Community, want) || math.Abs(p.Modularity-4.0/9) > 1e-12 {
		t.Errorf("two triangles: got %v Q %v, expected %v Q 4/9", p.Community, p.Modularity, want)
	}
	// Resolution 0 means 1.
	if q := lvRun(t, g2, Options{Algorithm: AlgorithmLouvain}).Modularity; math.Abs(q-4.0/9) > 1e-12 {
		t.Errorf("resolution 0: Q %v, expected 4/9 as with γ = 1", q)
	}
}

func TestLouvainErrors(t *testing.T) {
	ctx := context.Background()
	g := lvKarate(t)
	small, _ := graph.NewGraph(3, nil)
	for _, c := range []struct {
		name string
		run  func() error
		text string
	}{
		{"nil graph", func() error { _, err := Leiden(ctx, nil, DefaultOptions()); return err }, "graph is nil"},
		{"negative resolution", func() error { _, err := Leiden(ctx, g, Options{Resolution: -1}); return err }, "resolution is -1"},
		{"NaN resolution", func() error { _, err := Leiden(ctx, g, Options{Resolution: math.NaN()}); return err }, "resolution is NaN"},
		{"infinite resolution", func() error { _, err := Leiden(ctx, g, Options{Resolution: math.Inf(1)}); return err }, "resolution is +Inf"},
		{"negative max levels", func() error { _, err := Leiden(ctx, g, Options{MaxLevels: -2}); return err }, "max levels is -2"},
		{"no layers", func() error { _, err := Detect(ctx, nil, nil, DefaultOptions()); return err }, "no layers"},
		{"nil layer", func() error {
			_, err := Detect(ctx, []*graph.Graph{g, nil}, nil, DefaultOptions())
			return err
		}, "layer 1 is nil"},
		{"node count", func() error {
			_, err := Detect(ctx, []*graph.Graph{g, small}, nil, DefaultOptions())
			return err
		}, "layer 1 has 3 nodes, expected 34"},
		{"weights length", func() error {
			_, err := Detect(ctx, []*graph.Graph{g, g}, []float64{1}, DefaultOptions())
			return err
		}, "1 layer weights for 2 layers"},
		{"negative weight", func() error {
			_, err := Detect(ctx, []*graph.Graph{g, g}, []float64{1, -0.5}, DefaultOptions())
			return err
		}, "weight of layer 1 is -0.5"},
		{"NaN weight", func() error {
			_, err := Detect(ctx, []*graph.Graph{g, g}, []float64{math.NaN(), 1}, DefaultOptions())
			return err
		}, "weight of layer 0 is NaN"},
	} {
		err := c.run()
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: got %v (code %q), expected EINVALID containing %q", c.name, err, graphmodel.ErrorCode(err), c.text)
		}
	}
}

func TestLouvainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g, _ := lvPlanted(t, 1000, 10, 5000, 0.3, 1)
	if _, err := Leiden(ctx, g, DefaultOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v", err)
	}
	// Cancelled while running: the node-visit check must stop local moving.
	big, _ := lvPlanted(t, 50000, 500, 500000, 0.5, 1)
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Leiden(ctx, big, DefaultOptions())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("deadline of 5ms honoured after %v", d)
	}
}

func TestPlantedPartition(t *testing.T) {
	g, group := lvPlanted(t, 103, 5, 2000, 0.25, 4)
	size := map[int32]int{}
	for _, c := range group {
		size[c]++
	}
	// 103 = 5·20 + 3: three groups of 21, two of 20.
	if len(size) != 5 || size[0] != 21 || size[1] != 21 || size[2] != 21 || size[3] != 20 || size[4] != 20 {
		t.Errorf("group sizes %v", size)
	}
	var total, between float64
	for i := 0; i < g.Nodes(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			total += g.W[e] / 2
			if group[i] != group[g.Adj[e]] {
				between += g.W[e] / 2
			}
		}
	}
	// Every draw is one edge of weight 1; a quarter of them cross groups
	// (binomial standard deviation √(2000·0.25·0.75) ≈ 19).
	if total != 2000 || math.Abs(between-500) > 80 {
		t.Errorf("total weight %v (expected 2000), between groups %v (expected ≈ 500)", total, between)
	}
	again, group2 := lvPlanted(t, 103, 5, 2000, 0.25, 4)
	if !reflect.DeepEqual(again, g) || !slices.Equal(group, group2) {
		t.Error("same arguments gave a different graph")
	}
	for _, mixing := range []float64{0, 1} {
		g, group := lvPlanted(t, 60, 3, 500, mixing, 1)
		for i := 0; i < g.Nodes(); i++ {
			for e := g.Off[i]; e < g.Off[i+1]; e++ {
				if inside := group[i] == group[g.Adj[e]]; inside != (mixing == 0) {
					t.Fatalf("mixing %v: edge %d-%d inside a group: %v", mixing, i, g.Adj[e], inside)
				}
			}
		}
	}
	for _, c := range [][4]float64{{1, 1, 10, 0}, {10, 6, 10, 0}, {10, 2, -1, 0}, {10, 2, 10, 1.5}, {10, 1, 10, 0.5}} {
		if _, _, err := PlantedPartition(int(c[0]), int(c[1]), int(c[2]), c[3], 1); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("PlantedPartition%v: got %v, expected EINVALID", c, err)
		}
	}
}

func TestLouvainParallelSameAsSequential(t *testing.T) {
	// 10k nodes, 60k edges: 120k CSR entries, above parallelMinEdges.
	g, _ := lvPlanted(t, 10_000, 100, 60_000, 0.5, 8)
	if len(g.Adj) < parallelMinEdges {
		t.Fatalf("test graph has %d CSR entries, below parallelMinEdges %d", len(g.Adj), parallelMinEdges)
	}
	saved := parallelMinEdges
	defer func() { parallelMinEdges = saved }()
	for seed := int64(0); seed < 3; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		parallelMinEdges = saved
		par := lvRun(t, g, opt)
		parallelMinEdges = math.MaxInt
		seq := lvRun(t, g, opt)
		if !reflect.DeepEqual(par, seq) {
			t.Fatalf("seed %d: parallel and sequential refine/aggregate differ (Q %v vs %v)", seed, par.Modularity, seq.Modularity)
		}
	}
}

// algorithmOf returns Leiden when refine is set, else Louvain.
func algorithmOf(refine bool) Algorithm {
	if refine {
		return AlgorithmLeiden
	}
	return AlgorithmLouvain
}

func TestMoveChunked(t *testing.T) {
	// The chunked local moving of large graphs, forced onto small ones:
	// karate still reaches the range of TestLouvainKarate, planted groups
	// are recovered, communities are connected, and one goroutine gives
	// the same partition as two.
	savedMin, savedPar := chunkedMoveMinNodes, parallelMinEdges
	defer func() { chunkedMoveMinNodes, parallelMinEdges = savedMin, savedPar }()
	chunkedMoveMinNodes = 0
	g := lvKarate(t)
	for seed := int64(0); seed < 50; seed++ {
		p := lvRun(t, g, Options{Seed: seed})
		lvCheckPartition(t, g, p, 1)
		// 0.41979 is the proven maximum (Brandes et al. 2008, see TestLouvainKarate).
		if p.Modularity < 0.4188 || p.Modularity > 0.41979+1e-5 {
			t.Errorf("karate seed %d: Q = %.5f, expected within [0.4188, 0.41979]", seed, p.Modularity)
		}
		if bad := lvDisconnected(g, p.Community); bad > 0 {
			t.Errorf("karate seed %d: %d disconnected communities", seed, bad)
		}
	}
	for gseed := uint64(1); gseed <= 3; gseed++ {
		pg, group := lvPlanted(t, 128, 4, 1024, 0.1, gseed)
		for _, alg := range []Algorithm{AlgorithmLeiden, AlgorithmLouvain} {
			p := lvRun(t, pg, Options{Seed: int64(gseed), Algorithm: alg})
			if p.K != 4 || !lvSamePartition(p.Community, group) {
				t.Errorf("planted %d %v: K = %d, planted groups not recovered", gseed, alg, p.K)
			}
		}
	}
	big, _ := lvPlanted(t, 3000, 30, 30000, 0.5, 5)
	for seed := int64(0); seed < 3; seed++ {
		parallelMinEdges = 0
		two := lvRun(t, big, Options{Seed: seed})
		parallelMinEdges = math.MaxInt
		one := lvRun(t, big, Options{Seed: seed})
		if !reflect.DeepEqual(one, two) {
			t.Fatalf("seed %d: one and two goroutines differ (Q %v vs %v)", seed, one.Modularity, two.Modularity)
		}
		if bad := lvDisconnected(big, two.Community); bad > 0 {
			t.Errorf("seed %d: %d disconnected communities", seed, bad)
		}
	}
}

func TestUnchangedCommunities(t *testing.T) {
	// p: {0,1} {2,3} {4}; p0: {0,1} {2} {3,4}. Only {0,1} is a community
	// of p0 ({2,3} spans two, {4} is part of {3,4}).
	p := []int32{0, 0, 1, 1, 2}
	p0 := []int32{7, 7, 3, 4, 4}
	if got := unchangedCommunities(p, 3, p0); !slices.Equal(got, []bool{true, false, false}) {
		t.Errorf("got %v, expected [true false false]", got)
	}
}

func TestRefineWhole(t *testing.T) {
	// Karate split into Zachary's two factions (the first, around member
	// 1, is connected): the first community is kept whole, the second
	// refined into connected parts of itself.
	g := lvKarate(t)
	base, coef := combineLayers([]*graph.Graph{g}, []float64{1}, 1)
	p := make([]int32, 34)
	for v := range p {
		p[v] = 1
	}
	first := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21}
	for _, v := range first {
		p[v] = 0
	}
	for seed := int64(0); seed < 10; seed++ {
		r := newLouvainRun(base, coef, seed)
		out := make([]int32, 34)
		k := r.refine(base, p, 2, out, []bool{true, false})
		parts := map[int32]bool{}
		for v, c := range p {
			if c == 0 && out[v] != out[0] {
				t.Fatalf("seed %d: node %d not with node 0 in the whole community: %v", seed, v, out)
			}
			if c == 1 {
				if out[v] == out[0] {
					t.Fatalf("seed %d: node %d joined the whole community", seed, v)
				}
				parts[out[v]] = true
			}
		}
		if k != 1+len(parts) || len(parts) < 2 {
			t.Fatalf("seed %d: K = %d with %d parts of the refined community, expected 1 + parts and at least 2 parts", seed, k, len(parts))
		}
		if bad := lvDisconnected(g, out); bad > 0 {
			t.Fatalf("seed %d: %d disconnected sub-communities", seed, bad)
		}
	}
}
