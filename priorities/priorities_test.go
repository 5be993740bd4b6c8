package priorities

import (
	"errors"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// toy is the graph 0–1 (1), 1–2 (2), 0–2 (1), 2–3 (1), 3–4 (3):
// strengths k = 2, 3, 4, 4, 3 and 2m = 16.
func toy(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := graph.NewGraph(5, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 2}, {I: 0, J: 2, W: 1}, {I: 2, J: 3, W: 1}, {I: 3, J: 4, W: 3}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestCompareHandComputed(t *testing.T) {
	g := toy(t)
	// old: A = {0,1}, D = {3}, E = {1,2}; new: B = {1,2}, C = {4}.
	c, err := Compare(g, [][]int32{{0, 1}, {3}, {1, 2}}, [][]int32{{1, 2}, {4}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 16 {
		t.Errorf("2m = %v, want 16 (2+3+4+4+3)", c.Total)
	}
	// vol(A) = k0+k1 = 5, vol(D) = k3 = 4, vol(E) = k1+k2 = 7; vol(B) = 7, vol(C) = k4 = 3.
	for k, want := range []float64{5, 4, 7} {
		if c.OldVolume[k] != want {
			t.Errorf("old volume %d = %v, want %v", k, c.OldVolume[k], want)
		}
	}
	for k, want := range []float64{7, 3} {
		if c.NewVolume[k] != want {
			t.Errorf("new volume %d = %v, want %v", k, c.NewVolume[k], want)
		}
	}
	cases := []struct {
		a, b int
		want Pair
		why  string
	}{
		// W(A,B): from 0 the links to 1 (1) and 2 (1); from 1 the link to 2 (2) = 4.
		// share 4/5, ratio 4·16/(5·7) = 64/35. carry: 0 ∉ B brings its links
		// into B (1+1), 1 ∈ B goes whole (k1 = 3): 5/5. Reverse: 1 ∈ A whole
		// (3), 2 ∉ A brings 2–1 (2) and 2–0 (1): 6/7.
		{0, 0, Pair{Weight: 4, Share: 0.8, Carry: 1, ReverseCarry: 6.0 / 7, Ratio: 64.0 / 35}, "A→B"},
		// No link from {0,1} reaches 4.
		{0, 1, Pair{}, "A→C"},
		// W(D,B): 3's link to 2 (1) = 1; share = carry = 1/4 (no shared node),
		// reverse carry: 2's link to 3 (1) over vol(B) = 1/7; ratio 16/(4·7) = 4/7.
		{1, 0, Pair{Weight: 1, Share: 0.25, Carry: 0.25, ReverseCarry: 1.0 / 7, Ratio: 4.0 / 7}, "D→B"},
		// W(D,C): 3's link to 4 (3) = 3; share = carry = 3/4, reverse 3/3, ratio 3·16/(4·3) = 4.
		{1, 1, Pair{Weight: 3, Share: 0.75, Carry: 0.75, ReverseCarry: 1, Ratio: 4}, "D→C"},
		// E = B: the link 1–2 counted from both ends, W = 4, share 4/7; carry
		// 1 both ways (every member goes whole); ratio 4·16/49 = 64/49, the
		// cohesion ratio W_in/(vol²/4m) = 2/(49/32) of the set.
		{2, 0, Pair{Weight: 4, Share: 4.0 / 7, Carry: 1, ReverseCarry: 1, Ratio: 64.0 / 49}, "E→B"},
	}
	for _, tc := range cases {
		got := c.Pairs[tc.a][tc.b]
		if !near(got.Weight, tc.want.Weight) || !near(got.Share, tc.want.Share) || !near(got.Carry, tc.want.Carry) || !near(got.ReverseCarry, tc.want.ReverseCarry) || !near(got.Ratio, tc.want.Ratio) {
			t.Errorf("%s = %+v, want %+v", tc.why, got, tc.want)
		}
	}
}

func TestCompareIsolatedGroup(t *testing.T) {
	g, err := graph.NewGraph(3, []graph.Edge{{I: 0, J: 1, W: 2}})
	if err != nil {
		t.Fatal(err)
	}
	// Node 2 has no link: vol 0, and every measure of its group is 0, not NaN.
	c, err := Compare(g, [][]int32{{2}}, [][]int32{{0}, {2}})
	if err != nil {
		t.Fatal(err)
	}
	for b, p := range c.Pairs[0] {
		if p != (Pair{}) {
			t.Errorf("isolated old group → new %d = %+v, want zeros", b, p)
		}
	}
}

func TestCompareBadGroups(t *testing.T) {
	g := toy(t)
	for _, tc := range []struct {
		old, new [][]int32
	}{
		{[][]int32{{5}}, [][]int32{{0}}},
		{[][]int32{{0}}, [][]int32{{-1}}},
		{[][]int32{{0, 0}}, [][]int32{{1}}},
	} {
		_, err := Compare(g, tc.old, tc.new)
		var ae *graph.ArgumentError
		if !errors.As(err, &ae) {
			t.Errorf("Compare(%v, %v) error %v, want an ArgumentError", tc.old, tc.new, err)
		}
	}
}

func TestMaps(t *testing.T) {
	for _, tc := range []struct {
		shared int
		ratio  float64
		want   bool
	}{
		{1, 0, true},   // a shared code maps whatever the links say
		{0, 1.5, true}, // at the minimum ratio
		{0, 1.49, false},
		{0, math.Inf(1), false},
	} {
		if got := Maps(tc.shared, Pair{Ratio: tc.ratio}, 1.5); got != tc.want {
			t.Errorf("Maps(%d, ratio %v, 1.5) = %v, want %v", tc.shared, tc.ratio, got, tc.want)
		}
	}
}
