// Package graphtest holds what the tests of the graph packages share: graph
// builders, tolerant comparisons and the real UK flows as a graph.
package graphtest

import (
	"math"
	"sort"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/ingest/realdata"
)

// New builds a Graph or fails the test.
func New(t testing.TB, n int, edges []graph.Edge) *graph.Graph {
	t.Helper()
	g, err := graph.NewGraph(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Unit returns unit-weight edges for the pairs given as i0, j0, i1, j1, ...
func Unit(pairs ...int32) []graph.Edge {
	e := make([]graph.Edge, 0, len(pairs)/2)
	for k := 0; k+1 < len(pairs); k += 2 {
		e = append(e, graph.Edge{I: pairs[k], J: pairs[k+1], W: 1})
	}
	return e
}

// Close reports whether a and b agree to within tol, relative to max(1, |b|).
func Close(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*max(1, math.Abs(b))
}

// Check fails the test for every node whose value in got is not Close to want.
func Check(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !Close(got[i], want[i], tol) {
			t.Errorf("%s: node %d = %.15g, want %.15g", what, i, got[i], want[i])
		}
	}
}

// UKFlows reads the UK labour flows 2009–2018 as an undirected graph whose
// edge {i,j} weighs the moves i→j plus j→i (moves within an industry dropped).
// It returns the graph and the industry code of every node (sorted codes).
func UKFlows(t testing.TB) (*graph.Graph, []string) {
	t.Helper()
	flows := realdata.UKFlows(t, "flows_sic2007_2009_2018.csv")
	idx := map[string]int32{}
	for _, f := range flows {
		idx[f.From], idx[f.To] = 0, 0
	}
	codes := make([]string, 0, len(idx))
	for c := range idx {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for i, c := range codes {
		idx[c] = int32(i)
	}
	edges := make([]graph.Edge, 0, len(flows))
	for _, f := range flows {
		edges = append(edges, graph.Edge{I: idx[f.From], J: idx[f.To], W: f.Count})
	}
	return New(t, len(codes), edges), codes
}
