package bridging

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graph/internal/graphtest"

	"github.com/domainscope/domainscope/graph"
)

// structEdges is a weighted graph with a triangle {0,1,2}, a triangle
// {3,4,5}, the links 2-3 and 1-3 between them, a pendant 6 on 5 and an
// isolated node 7.
var structEdges = []graph.Edge{{I: 0, J: 1, W: 3}, {I: 0, J: 2, W: 1}, {I: 1, J: 2, W: 2}, {I: 2, J: 3, W: 4}, {I: 3, J: 4, W: 1}, {I: 3, J: 5, W: 2}, {I: 4, J: 5, W: 1}, {I: 5, J: 6, W: 0.5}, {I: 1, J: 3, W: 1.5}}

func structCheckNaN(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || !math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("%s: node %d = %.16g, want %.16g", what, i, got[i], want[i])
		}
	}
}

func TestConstraintEffectiveSizeNetworkx(t *testing.T) {
	// Reference values from networkx 2.8.8 (Debian python3-networkx):
	//
	//	/usr/bin/python3 -c 'import networkx as nx
	//	E = [(0,1,3.0),(0,2,1.0),(1,2,2.0),(2,3,4.0),(3,4,1.0),(3,5,2.0),(4,5,1.0),(5,6,0.5),(1,3,1.5)]
	//	G = nx.Graph(); G.add_nodes_from(range(8)); G.add_weighted_edges_from(E)
	//	c = nx.constraint(G, weight="weight"); e = nx.effective_size(G, weight="weight")
	//	print([c[i] for i in range(8)], [e[i] for i in range(8)])
	//	H = nx.Graph(); H.add_nodes_from(range(8)); H.add_edges_from([(u,v) for u,v,w in E])
	//	print(nx.constraint(H), nx.effective_size(H))'
	nan := math.NaN()
	g := graphtest.New(t, 8, structEdges)
	structCheckNaN(t, "weighted constraint", Constraint(g), []float64{0.9058839512136214, 0.7035203569767621,
		0.7254423088413924, 0.492863765763876, 0.9988348280488666, 0.655179718946402, 1.0, nan})
	structCheckNaN(t, "weighted effective size", EffectiveSize(g), []float64{1.4583333333333335, 2.2435897435897436,
		2.1785714285714284, 3.303921568627451, 1.25, 2.357142857142857, 1.0, nan})

	unit := make([]graph.Edge, len(structEdges))
	for k, e := range structEdges {
		unit[k] = graph.Edge{I: e.I, J: e.J, W: 1}
	}
	h := graphtest.New(t, 8, unit)
	structCheckNaN(t, "unweighted constraint", Constraint(h), []float64{0.8888888888888888, 0.7353395061728394,
		0.7353395061728394, 0.4739583333333333, 0.8350694444444444, 0.5347222222222221, 1.0, nan})
	// Unweighted effective size is n − 2t/n (Borgatti 1997): node 3 has
	// contacts {1,2,4,5} with t = 2 ties among them (1-2, 4-5): 4 − 4/4 = 3.
	structCheckNaN(t, "unweighted effective size", EffectiveSize(h), []float64{1.0, 1.6666666666666667,
		1.6666666666666667, 3.0, 1.0, 2.3333333333333335, 1.0, nan})
}

func TestConstraintByHand(t *testing.T) {
	// Star with centre 0 and k = 4 leaves of weight 1: p_0j = 1/4, no
	// indirect paths, c_0 = 4·(1/4)² = 1/4; each leaf has one contact: 1.
	// Effective size of the centre: 4 contacts, none redundant: 4.
	star := graphtest.New(t, 5, graphtest.Unit(0, 1, 0, 2, 0, 3, 0, 4))
	structCheckNaN(t, "star constraint", Constraint(star), []float64{0.25, 1, 1, 1, 1})
	structCheckNaN(t, "star effective size", EffectiveSize(star), []float64{4, 1, 1, 1, 1})
	// Triangle, unit weights: p = ½ everywhere; for j: ½ + ½·½ = ¾,
	// c = 2·(¾)² = 9/8. Effective size: 2 − 2·1/2 = 1.
	tri := graphtest.New(t, 3, graphtest.Unit(0, 1, 1, 2, 0, 2))
	structCheckNaN(t, "triangle constraint", Constraint(tri), []float64{1.125, 1.125, 1.125})
	structCheckNaN(t, "triangle effective size", EffectiveSize(tri), []float64{1, 1, 1})
	if Constraint(nil) != nil || EffectiveSize(nil) != nil || Bridges(nil) != nil || ArticulationPoints(nil) != nil {
		t.Error("nil graph: want nil results")
	}
}

func TestBridgesArticulationSmall(t *testing.T) {
	g := graphtest.New(t, 8, structEdges)
	// networkx: sorted(nx.bridges(G)) = [(5, 6)], sorted(nx.articulation_points(G)) = [3, 5].
	if b := Bridges(g); !reflect.DeepEqual(b, [][2]int32{{5, 6}}) {
		t.Errorf("bridges %v, want [[5 6]]", b)
	}
	if a := ArticulationPoints(g); !reflect.DeepEqual(a, []int32{3, 5}) {
		t.Errorf("articulation points %v, want [3 5]", a)
	}
	// Barbell: triangles {0,1,2}, {3,4,5} joined by 2-6-3: bridges 2-6 and
	// 6-3, cut nodes 2, 3, 6. Star: every edge a bridge, centre the cut node.
	bar := graphtest.New(t, 7, graphtest.Unit(0, 1, 0, 2, 1, 2, 3, 4, 3, 5, 4, 5, 2, 6, 6, 3))
	if b := Bridges(bar); !reflect.DeepEqual(b, [][2]int32{{2, 6}, {3, 6}}) {
		t.Errorf("barbell bridges %v", b)
	}
	if a := ArticulationPoints(bar); !reflect.DeepEqual(a, []int32{2, 3, 6}) {
		t.Errorf("barbell articulation points %v", a)
	}
	star := graphtest.New(t, 5, graphtest.Unit(0, 1, 0, 2, 0, 3, 0, 4))
	if b := Bridges(star); len(b) != 4 {
		t.Errorf("star bridges %v, want 4", b)
	}
	if a := ArticulationPoints(star); !reflect.DeepEqual(a, []int32{0}) {
		t.Errorf("star articulation points %v", a)
	}
	// A cycle has neither.
	cyc := graphtest.New(t, 5, graphtest.Unit(0, 1, 1, 2, 2, 3, 3, 4, 4, 0))
	if b, a := Bridges(cyc), ArticulationPoints(cyc); len(b) != 0 || len(a) != 0 {
		t.Errorf("cycle: bridges %v, articulation points %v", b, a)
	}
}

// structComponents counts connected components of g without edge skip and
// without node drop (−1 for none).
func structComponents(g *graph.Graph, skip [2]int32, drop int32) int {
	n := g.Nodes()
	seen := make([]bool, n)
	var comps int
	var stack []int32
	for s := int32(0); int(s) < n; s++ {
		if seen[s] || s == drop {
			continue
		}
		comps++
		seen[s] = true
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
				if w == drop || seen[w] || (v == skip[0] && w == skip[1]) || (v == skip[1] && w == skip[0]) {
					continue
				}
				seen[w] = true
				stack = append(stack, w)
			}
		}
	}
	return comps
}

func TestBridgesArticulationBruteForce(t *testing.T) {
	// Oracle: an edge is a bridge iff deleting it adds a component; a node is
	// a cut node iff deleting it (and its edges) adds a component beyond the
	// one it leaves by itself.
	var nb, na int
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 2))
		n := 5 + rng.IntN(40)
		m := n - 3 + rng.IntN(n)
		var edges []graph.Edge
		for len(edges) < m {
			edges = append(edges, graph.Edge{I: int32(rng.IntN(n)), J: int32(rng.IntN(n)), W: 1})
		}
		g := graphtest.New(t, n, edges)
		base := structComponents(g, [2]int32{-1, -1}, -1)
		var wantB [][2]int32
		for i := 0; i < n; i++ {
			for _, j := range g.Adj[g.Off[i]:g.Off[i+1]] {
				if int32(i) < j && structComponents(g, [2]int32{int32(i), j}, -1) > base {
					wantB = append(wantB, [2]int32{int32(i), j})
				}
			}
		}
		var wantA []int32
		for v := int32(0); int(v) < n; v++ {
			isolated := g.Off[v] == g.Off[v+1]
			after := structComponents(g, [2]int32{-1, -1}, v)
			if !isolated && after > base {
				wantA = append(wantA, v)
			}
		}
		nb, na = nb+len(wantB), na+len(wantA)
		if b := Bridges(g); !reflect.DeepEqual(b, wantB) {
			t.Errorf("seed %d: bridges %v, want %v", seed, b, wantB)
		}
		if a := ArticulationPoints(g); !reflect.DeepEqual(a, wantA) {
			t.Errorf("seed %d: articulation points %v, want %v", seed, a, wantA)
		}
	}
	if nb == 0 || na == 0 {
		t.Errorf("oracle found %d bridges and %d cut nodes in all graphs: test graphs too dense", nb, na)
	}
	t.Logf("%d bridges, %d cut nodes checked", nb, na)
}

func TestBridgesDeepPath(t *testing.T) {
	// A path of 200,000 nodes: DFS depth 200,000. Every edge is a bridge and
	// every inner node a cut node.
	const n = 200000
	edges := make([]graph.Edge, n-1)
	for i := range edges {
		edges[i] = graph.Edge{I: int32(i), J: int32(i + 1), W: 1}
	}
	g := graphtest.New(t, n, edges)
	b := Bridges(g)
	a := ArticulationPoints(g)
	if len(b) != n-1 || b[0] != [2]int32{0, 1} || b[n-2] != [2]int32{n - 2, n - 1} {
		t.Errorf("path: %d bridges, want %d", len(b), n-1)
	}
	if len(a) != n-2 || a[0] != 1 || a[n-3] != n-2 {
		t.Errorf("path: %d articulation points, want %d", len(a), n-2)
	}
}
