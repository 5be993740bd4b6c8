package variety

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestEntropyDecompositionHand(t *testing.T) {
	// R1 of the hand example: shares p = (.1, .2, .3, .4), groups {A, B}, {C, D}:
	// P_1 = .3, P_2 = .7.
	// UV = .3·log2(1/.3) + .7·log2(1/.7)
	// H_1 = (1/3)·log2(3) + (2/3)·log2(3/2), H_2 = (3/7)·log2(7/3) + (4/7)·log2(7/4)
	// RV = .3·H_1 + .7·H_2
	// H  = .1·log2(10) + .2·log2(5) + .3·log2(10/3) + .4·log2(2.5) ≈ 1.846439
	v, err := EntropyDecomposition([]float64{10, 20, 30, 40}, []string{"g1", "g1", "g2", "g2"})
	if err != nil {
		t.Fatal(err)
	}
	uv := .3*math.Log2(1/.3) + .7*math.Log2(1/.7)
	h1 := math.Log2(3)/3 + 2*math.Log2(1.5)/3
	h2 := 3*math.Log2(7.0/3)/7 + 4*math.Log2(7.0/4)/7
	rv := .3*h1 + .7*h2
	h := .1*math.Log2(10) + .2*math.Log2(5) + .3*math.Log2(10.0/3) + .4*math.Log2(2.5)
	if !regionNear(v.Unrelated, uv) || !regionNear(v.Related, rv) || !regionNear(v.Entropy, h) || v.Groups != 2 || v.Industries != 4 {
		t.Errorf("variety %+v, want UV %v RV %v H %v", v, uv, rv, h)
	}
	if math.Abs(h-1.846439) > 1e-6 {
		t.Errorf("hand entropy %v, want ≈ 1.846439", h)
	}
	// Decomposition: H = UV + RV.
	if !regionNear(v.Unrelated+v.Related, v.Entropy) {
		t.Errorf("UV + RV = %v, H = %v", v.Unrelated+v.Related, v.Entropy)
	}
	// One group: UV = 0, RV = H. Singletons: UV = H, RV = 0.
	one, _ := EntropyDecomposition([]float64{10, 20, 30, 40}, []string{"g", "g", "g", "g"})
	single, _ := EntropyDecomposition([]float64{10, 20, 30, 40}, []string{"a", "b", "c", "d"})
	if one.Unrelated != 0 || !regionNear(one.Related, h) || single.Related != 0 || !regionNear(single.Unrelated, h) {
		t.Errorf("one group %+v, singletons %+v", one, single)
	}
	// Four equal shares in two equal groups: UV = 1 bit, RV = 1 bit, H = 2 bits.
	eq, _ := EntropyDecomposition([]float64{5, 5, 5, 5}, []string{"x", "x", "y", "y"})
	if !regionNear(eq.Unrelated, 1) || !regionNear(eq.Related, 1) || !regionNear(eq.Entropy, 2) {
		t.Errorf("equal shares %+v", eq)
	}
	// An empty label leaves the industry out: (10, 20 | 30) over 60.
	part, _ := EntropyDecomposition([]float64{10, 20, 30, 40}, []string{"g1", "g1", "g2", ""})
	if want := (1.0/6)*math.Log2(6) + (1.0/3)*math.Log2(3) + 0.5; !regionNear(part.Entropy, want) || part.Industries != 3 {
		t.Errorf("partial %+v, want H %v", part, want)
	}
	// Zero total, bad input.
	if z, err := EntropyDecomposition([]float64{0, 0}, []string{"a", "b"}); err != nil || z != (Variety{}) {
		t.Errorf("zero total %+v, %v", z, err)
	}
	if _, err := EntropyDecomposition([]float64{1}, nil); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := EntropyDecomposition([]float64{-1}, []string{"a"}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("negative: %v", err)
	}
}

func TestEntropyDecompositionRandom(t *testing.T) {
	// H = UV + RV for any mix and grouping (Theil 1972).
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(60)
		x := make([]float64, n)
		g := make([]string, n)
		for i := range x {
			if rng.IntN(4) > 0 {
				x[i] = rng.Float64() * 1000
			}
			g[i] = string(rune('a' + rng.IntN(1+rng.IntN(8))))
		}
		v, err := EntropyDecomposition(x, g)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(v.Unrelated+v.Related-v.Entropy) > 1e-12 {
			t.Fatalf("trial %d: UV %v + RV %v != H %v", trial, v.Unrelated, v.Related, v.Entropy)
		}
		if v.Entropy > math.Log2(float64(max(v.Industries, 1)))+1e-12 || v.Unrelated > math.Log2(float64(max(v.Groups, 1)))+1e-12 {
			t.Fatalf("trial %d: entropy above its maximum: %+v", trial, v)
		}
	}
}

func TestHHI(t *testing.T) {
	// (.1, .2, .3, .4): .01 + .04 + .09 + .16 = .30; 4 equal: 1/4; one: 1; zero: 0.
	for _, c := range []struct {
		x    []float64
		want float64
	}{{[]float64{10, 20, 30, 40}, 0.30}, {[]float64{3, 3, 3, 3}, 0.25}, {[]float64{0, 7, 0}, 1}, {[]float64{0, 0}, 0}} {
		if got := HHI(c.x); !regionNear(got, c.want) {
			t.Errorf("HHI(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestGroups(t *testing.T) {
	if g := GroupsByPrefix([]string{"6419", "6430", "7", ""}, 2); g[0] != "64" || g[1] != "64" || g[2] != "7" || g[3] != "" {
		t.Errorf("GroupsByPrefix %v", g)
	}
	if g := GroupsByDomain([]int32{4, -1, 0}, 5); g[0] != "d4" || g[1] != "" || g[2] != "d0" || g[3] != "" || len(g) != 5 {
		t.Errorf("GroupsByDomain %v", g)
	}
}

func regionNear(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
