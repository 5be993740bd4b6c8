package graph

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestNewGraph(t *testing.T) {
	// 4 nodes. {0,1} is given three times (1.0, 0.5 and reversed 0.25): merged 1.75.
	// Self-loop {2,2}, zero, negative and NaN weights are dropped. Node 3 is isolated.
	g, err := NewGraph(4, []Edge{
		{2, 0, 2}, {0, 1, 1}, {1, 0, 0.25}, {0, 1, 0.5},
		{2, 2, 9}, {1, 2, 0}, {1, 2, -1}, {1, 2, math.NaN()},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Rows: 0: [1 (1.75), 2 (2)]; 1: [0 (1.75)]; 2: [0 (2)]; 3: [].
	if want := []int64{0, 2, 3, 4, 4}; !reflect.DeepEqual(g.Off, want) {
		t.Errorf("Off %v, want %v", g.Off, want)
	}
	if want := []int32{1, 2, 0, 0}; !reflect.DeepEqual(g.Adj, want) {
		t.Errorf("Adj %v, want %v", g.Adj, want)
	}
	if want := []float64{1.75, 2, 1.75, 2}; !reflect.DeepEqual(g.W, want) {
		t.Errorf("W %v, want %v", g.W, want)
	}
	if g.Nodes() != 4 || g.Edges() != 2 {
		t.Errorf("Nodes %d Edges %d, want 4 2", g.Nodes(), g.Edges())
	}
	// Strength(0) = 1.75 + 2.
	for i, want := range []float64{3.75, 1.75, 2, 0} {
		if s := g.Strength(i); s != want {
			t.Errorf("Strength(%d) = %v, want %v", i, s, want)
		}
	}
	for _, c := range []struct {
		i, j int
		w    float64
	}{{0, 1, 1.75}, {1, 0, 1.75}, {0, 2, 2}, {2, 0, 2}, {1, 2, 0}, {2, 2, 0}, {3, 0, 0}, {0, 3, 0}} {
		if w := g.Weight(c.i, c.j); w != c.w {
			t.Errorf("Weight(%d,%d) = %v, want %v", c.i, c.j, w, c.w)
		}
	}
}

func TestNewGraphSortsRows(t *testing.T) {
	// A star given in decreasing order: row 0 must come out as 1..5.
	var edges []Edge
	for j := int32(5); j >= 1; j-- {
		edges = append(edges, Edge{0, j, float64(j)})
	}
	g, err := NewGraph(6, edges)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{1, 2, 3, 4, 5}; !reflect.DeepEqual(g.Adj[g.Off[0]:g.Off[1]], want) {
		t.Errorf("row 0 %v, want %v", g.Adj[g.Off[0]:g.Off[1]], want)
	}
	if want := []float64{1, 2, 3, 4, 5}; !reflect.DeepEqual(g.W[g.Off[0]:g.Off[1]], want) {
		t.Errorf("row 0 weights %v, want %v", g.W[g.Off[0]:g.Off[1]], want)
	}
	if g.Weight(4, 0) != 4 || g.Strength(0) != 15 {
		t.Errorf("Weight(4,0) %v Strength(0) %v, want 4 and 1+2+3+4+5 = 15", g.Weight(4, 0), g.Strength(0))
	}
}

func TestNewGraphEmptyAndErrors(t *testing.T) {
	g, err := NewGraph(0, nil)
	if err != nil || g.Nodes() != 0 || g.Edges() != 0 {
		t.Errorf("empty graph: %+v, %v", g, err)
	}
	for _, c := range []struct {
		n    int
		e    []Edge
		want string
	}{
		{2, []Edge{{0, 2, 1}}, "edge (0,2) out of range for 2 nodes"},
		{2, []Edge{{-1, 0, 1}}, "edge (-1,0) out of range for 2 nodes"},
		{-1, nil, "negative number of nodes -1"},
	} {
		if _, err := NewGraph(c.n, c.e); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewGraph(%d, %v): %v, want %q", c.n, c.e, err, c.want)
		}
	}
}
