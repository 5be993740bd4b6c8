package centrality

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graph/internal/graphtest"

	"github.com/domainscope/domainscope/graph"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/domainscope/domainscope/graphmodel"
)

func bwBetweenness(t testing.TB, g *graph.Graph, opt BetweennessOptions) []float64 {
	t.Helper()
	b, err := Betweenness(context.Background(), g, opt)
	if err != nil {
		t.Fatalf("Betweenness(%+v): %v", opt, err)
	}
	if len(b) != g.Nodes() {
		t.Fatalf("Betweenness: %d values for %d nodes", len(b), g.Nodes())
	}
	return b
}

// bwRandom returns a G(n, m) random graph (m distinct edges) with weights
// drawn uniformly from [0.05, 1) and the given seed.
func bwRandom(t testing.TB, n, m int, seed uint64) *graph.Graph {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	seen := make(map[[2]int32]bool, m)
	edges := make([]graph.Edge, 0, m)
	for len(edges) < m {
		i, j := int32(rng.IntN(n)), int32(rng.IntN(n))
		if i == j {
			continue
		}
		if i > j {
			i, j = j, i
		}
		if seen[[2]int32{i, j}] {
			continue
		}
		seen[[2]int32{i, j}] = true
		edges = append(edges, graph.Edge{I: i, J: j, W: 0.05 + 0.95*rng.Float64()})
	}
	return graphtest.New(t, n, edges)
}

// bwGonum converts g into a gonum weighted undirected graph whose edge weights
// are the path lengths under transform d (1 for DistanceNone).
func bwGonum(g *graph.Graph, d DistanceTransform) *simple.WeightedUndirectedGraph {
	gg := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for i := 0; i < g.Nodes(); i++ {
		gg.AddNode(simple.Node(i))
	}
	var length []float64
	if d != DistanceNone {
		length = bwLengths(g, d)
	}
	for i := 0; i < g.Nodes(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			j := int(g.Adj[e])
			if j < i {
				continue
			}
			l := 1.0
			if length != nil {
				l = length[e]
			}
			gg.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(i), T: simple.Node(j), W: l})
		}
	}
	return gg
}

func TestBetweennessByHand(t *testing.T) {
	tests := []struct {
		name string
		n    int
		e    []graph.Edge
		want []float64
	}{
		// Path 0-1-2-3-4: node 1 is inside {0,2},{0,3},{0,4} → 3; node 2
		// inside {0,3},{0,4},{1,3},{1,4} → 4; node 3 mirrors node 1.
		{"path5", 5, graphtest.Unit(0, 1, 1, 2, 2, 3, 3, 4), []float64{0, 3, 4, 3, 0}},
		// Star, centre 0 and 4 leaves: the centre is on all C(4,2) = 6 leaf pairs.
		{"star5", 5, graphtest.Unit(0, 1, 0, 2, 0, 3, 0, 4), []float64{6, 0, 0, 0, 0}},
		// Barbell: triangles {0,1,2} and {3,4,5} joined by the path 2-6-3.
		// Node 6 is on the 3·3 = 9 pairs across; node 2 on the pairs from
		// {0,1} to {6,3,4,5}: 2·4 = 8; node 3 likewise 8.
		{"barbell", 7, graphtest.Unit(0, 1, 0, 2, 1, 2, 3, 4, 3, 5, 4, 5, 2, 6, 6, 3), []float64{0, 0, 8, 8, 0, 0, 9}},
		// Cycle 0-1-2-3-0: each opposite pair has two shortest paths, so
		// each node gets ½ from the one pair it may lie between.
		{"cycle4", 4, graphtest.Unit(0, 1, 1, 2, 2, 3, 3, 0), []float64{0.5, 0.5, 0.5, 0.5}},
		// Two components (path 0-1-2 and edge 3-4) and an isolated node 5:
		// only {0,2} has an intermediate node.
		{"components", 6, graphtest.Unit(0, 1, 1, 2, 3, 4), []float64{0, 1, 0, 0, 0, 0}},
		{"empty", 0, nil, []float64{}},
		{"two", 2, graphtest.Unit(0, 1), []float64{0, 0}},
	}
	for _, tc := range tests {
		g := graphtest.New(t, tc.n, tc.e)
		for _, d := range []DistanceTransform{DistanceNone, DistanceInverse} {
			for _, w := range []int{1, 3} {
				got := bwBetweenness(t, g, BetweennessOptions{Distance: d, Workers: w})
				graphtest.Check(t, fmt.Sprintf("%s %s workers=%d", tc.name, d, w), got, tc.want, 1e-12)
			}
		}
	}
}

func TestBetweennessNormalised(t *testing.T) {
	// Star with 5 leaves: centre on C(5,2) = 10 pairs = (n−1)(n−2)/2 with n = 6 → 1.
	// Path 0-1-2-3: node 1 on {0,2},{0,3} → 2 / ((3·2)/2 = 3) = 2/3.
	star := graphtest.New(t, 6, graphtest.Unit(0, 1, 0, 2, 0, 3, 0, 4, 0, 5))
	graphtest.Check(t, "star", bwBetweenness(t, star, BetweennessOptions{Normalised: true}), []float64{1, 0, 0, 0, 0, 0}, 1e-12)
	path4 := graphtest.New(t, 4, graphtest.Unit(0, 1, 1, 2, 2, 3))
	graphtest.Check(t, "path4", bwBetweenness(t, path4, BetweennessOptions{Normalised: true, Distance: DistanceNone}),
		[]float64{0, 2.0 / 3, 2.0 / 3, 0}, 1e-12)
}

func TestBetweennessWeightedByHand(t *testing.T) {
	// Square 0-1-2-3-0 with weights w01 = w12 = 1 and w23 = w30 = 0.25.
	// Inverse lengths: 0-1-2 has length 2, 0-3-2 length 8, so node 1 takes
	// all of {0,2}; for {1,3}: 1-0-3 = 1+4 = 5 = 1-2-3, so nodes 0 and 2
	// take ½ each. Betweenness: node 0: ½, node 1: 1, node 2: ½, node 3: 0.
	g := graphtest.New(t, 4, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 1}, {I: 2, J: 3, W: 0.25}, {I: 3, J: 0, W: 0.25}})
	graphtest.Check(t, "inverse", bwBetweenness(t, g, BetweennessOptions{}), []float64{0.5, 1, 0.5, 0}, 1e-12)
	// Unweighted, every node gets ½ (cycle4 above).
	graphtest.Check(t, "none", bwBetweenness(t, g, BetweennessOptions{Distance: DistanceNone}), []float64{0.5, 0.5, 0.5, 0.5}, 1e-12)
	// neglog, max w = 1: lengths ln(2/w) = ln 2, ln 2, ln 8, ln 8. {0,2}: via 1
	// 2 ln 2 < via 3 2 ln 8 → node 1. {1,3}: ln 2 + ln 8 both ways → ½ each
	// to 0 and 2. {0,3}: direct ln 8 < ln 2+ln 2+ln 8. Same as inverse here.
	graphtest.Check(t, "neglog", bwBetweenness(t, g, BetweennessOptions{Distance: DistanceNegLog}), []float64{0.5, 1, 0.5, 0}, 1e-12)

	// neglog differs from inverse: triangle with w01 = 1, w12 = 0.5, w02 = 0.3.
	// inverse: 0-1-2 = 1+2 = 3 < 1/0.3 = 3.33 → via 1, node 1 gets 1.
	// neglog (max 1): 0-1-2 = ln 2 + ln 4 = ln 8 = 2.08 > ln(2/0.3) = 1.90 → direct.
	tri := graphtest.New(t, 3, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 0.5}, {I: 0, J: 2, W: 0.3}})
	graphtest.Check(t, "triangle inverse", bwBetweenness(t, tri, BetweennessOptions{}), []float64{0, 1, 0}, 0)
	graphtest.Check(t, "triangle neglog", bwBetweenness(t, tri, BetweennessOptions{Distance: DistanceNegLog}), []float64{0, 0, 0}, 0)
	// Equal weights: neglog lengths are all ln 2, so it equals hop counts.
	eq := graphtest.New(t, 4, []graph.Edge{{I: 0, J: 1, W: 3}, {I: 1, J: 2, W: 3}, {I: 2, J: 3, W: 3}, {I: 3, J: 0, W: 3}})
	graphtest.Check(t, "equal neglog", bwBetweenness(t, eq, BetweennessOptions{Distance: DistanceNegLog}), []float64{0.5, 0.5, 0.5, 0.5}, 1e-12)
}

func TestBetweennessEpsilonTies(t *testing.T) {
	// Two routes from 0 to 3: 0-1-3 with lengths 0.1 and 0.2, and 0-2-3 with
	// lengths 0.15 and 0.15 (weights 10, 5, 1/0.15, 1/0.15). In floating
	// point 0.1+0.2 = 0.30000000000000004 but 0.15+0.15 = 0.3: an exact
	// comparison would give node 2 all of {0,3}; with the tolerance the
	// routes tie and nodes 1 and 2 get ½ each. {1,2}: 1-0-2 = 0.25 < 1-3-2 =
	// 0.35 → node 0 gets 1. All other pairs are adjacent.
	a, b, w := 10.0, 5.0, 1/0.15 // variables: Go constant arithmetic is exact
	if 1/a+1/b == 1/w+1/w {
		t.Fatalf("test premise: 0.1+0.2 = %v equals 0.15+0.15 = %v in float64", 1/a+1/b, 1/w+1/w)
	}
	g := graphtest.New(t, 4, []graph.Edge{{I: 0, J: 1, W: a}, {I: 1, J: 3, W: b}, {I: 0, J: 2, W: w}, {I: 2, J: 3, W: w}})
	graphtest.Check(t, "ties", bwBetweenness(t, g, BetweennessOptions{}), []float64{1, 0.5, 0.5, 0}, 1e-12)
}

// Zachary's karate club (networkx.karate_club_graph(), 78 edges, with its
// integer weights), as printed by
//
//	/usr/bin/python3 -c "import networkx as nx; G=nx.karate_club_graph();
//	print(sorted((min(u,v),max(u,v),d['weight']) for u,v,d in G.edges(data=True)))"
var bwKarate = [][3]int32{
	{0, 1, 4}, {0, 2, 5}, {0, 3, 3}, {0, 4, 3}, {0, 5, 3}, {0, 6, 3}, {0, 7, 2}, {0, 8, 2}, {0, 10, 2}, {0, 11, 3},
	{0, 12, 1}, {0, 13, 3}, {0, 17, 2}, {0, 19, 2}, {0, 21, 2}, {0, 31, 2}, {1, 2, 6}, {1, 3, 3}, {1, 7, 4}, {1, 13, 5},
	{1, 17, 1}, {1, 19, 2}, {1, 21, 2}, {1, 30, 2}, {2, 3, 3}, {2, 7, 4}, {2, 8, 5}, {2, 9, 1}, {2, 13, 3}, {2, 27, 2},
	{2, 28, 2}, {2, 32, 2}, {3, 7, 3}, {3, 12, 3}, {3, 13, 3}, {4, 6, 2}, {4, 10, 3}, {5, 6, 5}, {5, 10, 3}, {5, 16, 3},
	{6, 16, 3}, {8, 30, 3}, {8, 32, 3}, {8, 33, 4}, {9, 33, 2}, {13, 33, 3}, {14, 32, 3}, {14, 33, 2}, {15, 32, 3}, {15, 33, 4},
	{18, 32, 1}, {18, 33, 2}, {19, 33, 1}, {20, 32, 3}, {20, 33, 1}, {22, 32, 2}, {22, 33, 3}, {23, 25, 5}, {23, 27, 4}, {23, 29, 3},
	{23, 32, 5}, {23, 33, 4}, {24, 25, 2}, {24, 27, 3}, {24, 31, 2}, {25, 31, 7}, {26, 29, 4}, {26, 33, 2}, {27, 33, 4}, {28, 31, 2},
	{28, 33, 2}, {29, 32, 4}, {29, 33, 2}, {30, 32, 3}, {30, 33, 3}, {31, 32, 4}, {31, 33, 4}, {32, 33, 5},
}

func bwKarateGraph(t testing.TB) *graph.Graph {
	e := make([]graph.Edge, len(bwKarate))
	for k, x := range bwKarate {
		e[k] = graph.Edge{I: x[0], J: x[1], W: float64(x[2])}
	}
	return graphtest.New(t, 34, e)
}

func TestBetweennessKarate(t *testing.T) {
	g := bwKarateGraph(t)
	// Unweighted, from python3-igraph 0.10.2 (networkx 2.8.8's
	// betweenness_centrality(G, normalized=False) prints the same):
	//	g = ig.Graph(n=34, edges=[(u,v) for u,v,w in E]); print(g.betweenness())
	unweighted := []float64{231.0714285714286, 28.478571428571424, 75.85079365079366, 6.288095238095237,
		0.3333333333333333, 15.833333333333334, 15.833333333333332, 0, 29.529365079365082, 0.44761904761904764,
		0.3333333333333333, 0, 0, 24.215873015873015, 0, 0, 0, 0, 0, 17.1468253968254, 0, 0, 0, 9.299999999999999,
		1.1666666666666665, 2.0277777777777777, 0, 11.79206349206349, 0.9476190476190476, 1.5428571428571427,
		7.609523809523807, 73.00952380952378, 76.69047619047619, 160.5515873015873}
	got := bwBetweenness(t, g, BetweennessOptions{Distance: DistanceNone})
	graphtest.Check(t, "karate vs igraph", got, unweighted, 1e-12)

	// gonum counts ordered pairs: its value is twice the conventional one.
	gn := network.Betweenness(bwGonum(g, DistanceNone))
	for i := range got {
		if !graphtest.Close(gn[int64(i)], 2*got[i], 1e-12) {
			t.Errorf("karate node %d: gonum %v, want 2 × %v", i, gn[int64(i)], got[i])
		}
	}

	// Weighted with lengths 1/w, from python3-igraph 0.10.2:
	//	g.betweenness(weights=[1.0/w for u,v,w in E])
	// The integer weights make many exact ties (1/2+1/2 = 1), which igraph also
	// resolves with a 1e-10 relative tolerance.
	weighted := []float64{209, 36, 177, 32, 0, 16.5, 15.5, 0, 72, 0, 0.5, 0, 0, 29, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 9,
		0, 17.5, 0, 6, 0, 47.5, 83.5, 174}
	graphtest.Check(t, "karate weighted vs igraph", bwBetweenness(t, g, BetweennessOptions{}), weighted, 1e-12)
}

func TestBetweennessGonumOracle(t *testing.T) {
	for _, tc := range []struct {
		n, m int
		seed uint64
	}{{60, 150, 1}, {120, 240, 2}, {200, 1000, 3}, {80, 90, 4}} {
		g := bwRandom(t, tc.n, tc.m, tc.seed)
		for _, d := range []DistanceTransform{DistanceNone, DistanceInverse, DistanceNegLog} {
			gg := bwGonum(g, d)
			var want map[int64]float64
			if d == DistanceNone {
				want = network.Betweenness(gg)
			} else {
				want = network.BetweennessWeighted(gg, path.DijkstraAllPaths(gg))
			}
			got := bwBetweenness(t, g, BetweennessOptions{Distance: d})
			for i := range got {
				if !graphtest.Close(got[i], want[int64(i)]/2, 1e-9) {
					t.Errorf("G(%d,%d) %s node %d: %.15g, gonum/2 %.15g", tc.n, tc.m, d, i, got[i], want[int64(i)]/2)
				}
			}
		}
	}
}

func TestBetweennessUKFlowsGonum(t *testing.T) {
	g, codes := graphtest.UKFlows(t)
	gg := bwGonum(g, DistanceInverse)
	want := network.BetweennessWeighted(gg, path.DijkstraAllPaths(gg))
	got := bwBetweenness(t, g, BetweennessOptions{})
	var top int
	for i := range got {
		if !graphtest.Close(got[i], want[int64(i)]/2, 1e-9) {
			t.Errorf("UK flows %s: %.15g, gonum/2 %.15g", codes[i], got[i], want[int64(i)]/2)
		}
		if got[i] > got[top] {
			top = i
		}
	}
	if got[top] <= 0 {
		t.Fatalf("UK flows: all betweenness zero")
	}
	t.Logf("UK flows: %d industries, %d edges; highest betweenness %s = %.1f", g.Nodes(), g.Edges(), codes[top], got[top])
}

func TestBetweennessParallelEqualsSerial(t *testing.T) {
	g := bwRandom(t, 400, 2000, 7)
	for _, d := range []DistanceTransform{DistanceNone, DistanceInverse} {
		serial := bwBetweenness(t, g, BetweennessOptions{Distance: d, Workers: 1})
		for _, w := range []int{2, 4, 7} {
			par := bwBetweenness(t, g, BetweennessOptions{Distance: d, Workers: w})
			// Sums are added in another order: equal up to rounding.
			graphtest.Check(t, fmt.Sprintf("%s workers=%d", d, w), par, serial, 1e-12)
			again := bwBetweenness(t, g, BetweennessOptions{Distance: d, Workers: w})
			for i := range par {
				if par[i] != again[i] {
					t.Fatalf("%s workers=%d: node %d not reproducible: %v then %v", d, w, i, par[i], again[i])
				}
			}
		}
	}
}

func TestBetweennessSampled(t *testing.T) {
	const n, k, delta = 300, 60, 0.01
	g := bwRandom(t, n, 900, 11)
	exact := bwBetweenness(t, g, BetweennessOptions{})
	bound := SampledBetweennessError(n, k, delta)
	// Hand check of the bound: (300/2)·298·sqrt(ln(2·300/0.01)/120) =
	// 44700·sqrt(11.0021/120) = 44700·0.302795 ≈ 13535.
	if math.Abs(bound-13535) > 2 {
		t.Fatalf("bound %v, want ≈ 13535", bound)
	}
	const runs = 40
	mean := make([]float64, n)
	var worst float64
	for seed := uint64(0); seed < runs; seed++ {
		est := bwBetweenness(t, g, BetweennessOptions{Samples: k, Seed: seed})
		for i := range est {
			worst = max(worst, math.Abs(est[i]-exact[i]))
			mean[i] += est[i] / runs
		}
	}
	if worst > bound {
		t.Errorf("sampled error %v exceeds the Hoeffding bound %v", worst, bound)
	}
	// The estimator is unbiased: the mean of 40 runs is much closer than
	// one run. Check the total, whose relative error shrinks fastest.
	var sumExact, sumMean float64
	for i := range exact {
		sumExact += exact[i]
		sumMean += mean[i]
	}
	if math.Abs(sumMean-sumExact) > 0.02*sumExact {
		t.Errorf("mean of %d sampled runs sums to %v, exact %v: biased (scaling n/k wrong?)", runs, sumMean, sumExact)
	}
	t.Logf("n=%d k=%d: worst error %.1f, bound %.1f (max exact %.1f)", n, k, worst, bound, maxOf(exact))

	// Same seed, same estimate; k >= n is exact.
	a := bwBetweenness(t, g, BetweennessOptions{Samples: k, Seed: 5, Workers: 2})
	b := bwBetweenness(t, g, BetweennessOptions{Samples: k, Seed: 5, Workers: 2})
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("seed 5: node %d %v then %v", i, a[i], b[i])
		}
	}
	graphtest.Check(t, "samples=n", bwBetweenness(t, g, BetweennessOptions{Samples: n}), exact, 1e-12)
	if e := SampledBetweennessError(n, n, delta); e != 0 {
		t.Errorf("bound for k = n: %v, want 0", e)
	}
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

func TestBetweennessErrors(t *testing.T) {
	g := graphtest.New(t, 3, graphtest.Unit(0, 1, 1, 2))
	for _, tc := range []struct {
		g    *graph.Graph
		opt  BetweennessOptions
		text string
	}{
		{nil, BetweennessOptions{}, "graph is nil"},
		{g, BetweennessOptions{Distance: "log"}, `unknown distance transform "log": expected one of inverse, neglog, none`},
		{g, BetweennessOptions{Samples: -1}, "samples must be >= 0"},
		{g, BetweennessOptions{Workers: -2}, "workers must be >= 0"},
	} {
		_, err := Betweenness(context.Background(), tc.g, tc.opt)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%+v: error %v, want invalid containing %q", tc.opt, err, tc.text)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Betweenness(ctx, bwRandom(t, 50, 100, 1), BetweennessOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v, want context.Canceled", err)
	}
	if d, err := ParseDistanceTransform(""); err != nil || d != DistanceInverse {
		t.Errorf(`ParseDistanceTransform(""): %v, %v`, d, err)
	}
}

func TestBetweennessCancelMidway(t *testing.T) {
	g := bwRandom(t, 3000, 30000, 3)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := Betweenness(ctx, g, BetweennessOptions{Workers: 2})
		done <- err
	}()
	time.AfterFunc(20*time.Millisecond, cancel)
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	t.Logf("returned %v after start", time.Since(start))
}

func benchBetweenness(b *testing.B, d DistanceTransform) {
	g := bwRandom(b, 5000, 100000, 42)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Betweenness(context.Background(), g, BetweennessOptions{Distance: d}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBetweenness5k100kUnweighted: G(5000, 100000), breadth-first.
func BenchmarkBetweenness5k100kUnweighted(b *testing.B) { benchBetweenness(b, DistanceNone) }

// BenchmarkBetweenness5k100kWeighted: G(5000, 100000), Dijkstra on 1/w.
func BenchmarkBetweenness5k100kWeighted(b *testing.B) { benchBetweenness(b, DistanceInverse) }

// TestBetweennessSampledStar: on a star of n = 11 (centre 0) every source's
// dependency is known — a leaf source gives the centre n−2 = 9 and the
// leaves 0, the centre gives 0 — so the estimate (n/k)·½·Σ_{s∈S} δ_s of
// k = 4 sources is 11·4·9/8 = 49.5 for the centre when S holds 4 leaves and
// 11·3·9/8 = 37.125 when it holds the centre, and 0 for every leaf. Exact:
// C(10,2) = 45. The bound at δ = 0.1 is (11/2)·9·sqrt(ln(2·11/0.1)/8) =
// 49.5·sqrt(5.39363/8) = 49.5·0.82110 ≈ 40.64, above both errors (4.5 and
// 7.875).
func TestBetweennessSampledStar(t *testing.T) {
	const n, k = 11, 4
	var e []int32
	for v := int32(1); v < n; v++ {
		e = append(e, 0, v)
	}
	g := graphtest.New(t, n, graphtest.Unit(e...))
	bound := SampledBetweennessError(n, k, 0.1)
	if math.Abs(bound-40.64) > 0.01 {
		t.Fatalf("bound %v, want ≈ 40.64", bound)
	}
	seen := map[float64]int{}
	for seed := uint64(0); seed < 100; seed++ {
		for _, d := range []DistanceTransform{DistanceNone, DistanceInverse} {
			est := bwBetweenness(t, g, BetweennessOptions{Samples: k, Seed: seed, Distance: d})
			c := math.Round(est[0]*1e9) / 1e9
			if c != 49.5 && c != 37.125 {
				t.Fatalf("seed %d %s: centre estimate %v, want 49.5 or 37.125", seed, d, est[0])
			}
			seen[c]++
			if math.Abs(est[0]-45) > bound {
				t.Fatalf("seed %d: error %v above the bound %v", seed, math.Abs(est[0]-45), bound)
			}
			for v := 1; v < n; v++ {
				if est[v] != 0 {
					t.Fatalf("seed %d %s: leaf %d estimate %v, want 0", seed, d, v, est[v])
				}
			}
		}
	}
	// The centre is one of 11 nodes, so it is among 4 sampled sources with
	// probability 4/11: both cases must occur over 100 seeds.
	if seen[49.5] == 0 || seen[37.125] == 0 {
		t.Errorf("centre estimates over 100 seeds: %v, want both 49.5 and 37.125", seen)
	}
}

// TestBetweennessSampledPath: on the path 0-1-…-6 a single source s gives
// node v the dependency δ_s(v) = 6−v for v > s, v for v < s, 0 for v = s
// (the nodes beyond v), so with k = 1 the estimate is (7/1)·½·δ_s: it must
// match exactly one source s, every source must be drawn over 700 seeds
// (about 100 times each), and the error stays within the bound. Exact
// C_B(v) = v·(6−v).
func TestBetweennessSampledPath(t *testing.T) {
	const n = 7
	g := graphtest.New(t, n, graphtest.Unit(0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6))
	bound := SampledBetweennessError(n, 1, 0.01)
	count := make([]int, n)
	for seed := uint64(0); seed < 700; seed++ {
		est := bwBetweenness(t, g, BetweennessOptions{Samples: 1, Seed: seed, Distance: DistanceNone})
		match := -1
		for s := 0; s < n; s++ {
			ok := true
			for v := 0; v < n; v++ {
				var dep float64
				switch {
				case v > s:
					dep = float64(n - 1 - v)
				case v < s:
					dep = float64(v)
				}
				if math.Abs(est[v]-3.5*dep) > 1e-12 {
					ok = false
					break
				}
			}
			if ok {
				match = s
				break
			}
		}
		if match < 0 {
			t.Fatalf("seed %d: estimate %v is (7/2)·δ_s of no single source s", seed, est)
		}
		count[match]++
		for v := 0; v < n; v++ {
			if err := math.Abs(est[v] - float64(v*(n-1-v))); err > bound {
				t.Fatalf("seed %d node %d: error %v above the bound %v", seed, v, err, bound)
			}
		}
	}
	for s, c := range count {
		if c < 60 || c > 140 {
			t.Errorf("source %d drawn %d times in 700 seeds, want about 100 (uniform): %v", s, c, count)
		}
	}
}

// TestSampledBetweennessSources: k for a normalised ε. n = 1,000,000, ε = 0.01,
// δ = 0.1: (10⁶/999,999)² · ln(2·10⁶/0.1) / (2·10⁻⁴) = 1.000002 · 16.81124 ·
// 5000 = 84,056.4 → 84,057; and the bound at that k is at most ε.
func TestSampledBetweennessSources(t *testing.T) {
	const n = 1000000
	k := SampledBetweennessSources(n, 0.01, 0.1)
	if k != 84057 {
		t.Fatalf("k = %d, want 84057", k)
	}
	norm := float64(n-1) * float64(n-2) / 2
	if e := SampledBetweennessError(n, k, 0.1) / norm; e > 0.01 || e < 0.00999 {
		t.Errorf("normalised bound at k = %d: %v, want just under 0.01", k, e)
	}
	if e := SampledBetweennessError(n, k-1, 0.1) / norm; e <= 0.01 {
		t.Errorf("normalised bound at k−1 = %d: %v, want above 0.01", k-1, e)
	}
	// Small graphs need every source: n = 50, ε = 0.1 asks for
	// (50/49)²·ln(1000)/0.02 ≈ 360 > 50.
	if k := SampledBetweennessSources(50, 0.1, 0.1); k != 50 {
		t.Errorf("n = 50: k = %d, want 50 (exact)", k)
	}
	if k := SampledBetweennessSources(50, 0, 0.1); k != 50 {
		t.Errorf("ε = 0: k = %d, want n", k)
	}
}
