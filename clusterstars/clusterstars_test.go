package clusterstars

import (
	"math"
	"strings"
	"testing"
)

// hand is 3 regions × 2 categories. Reference (sums): x_·0 = 40, x_·1 = 40,
// x_·· = 400, so each category is 10 % of all jobs.
func hand() Input {
	return Input{
		Jobs:        [][]float64{{30, 10}, {5, 5}, {5, 25}},
		RegionTotal: []float64{100, 100, 200},
	}
}

func TestRateHand(t *testing.T) {
	got, err := Rate(hand(), Thresholds{SizeTop: 0.3, MinLQ: 2, FocusTop: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	// LQ_rc = share / 0.1: r0 = .30, .10 → 3, 1; r1 = .05, .05 → .5, .5; r2 = .025, .125 → .25, 1.25.
	lq := [][]float64{{3, 1}, {0.5, 0.5}, {0.25, 1.25}}
	// Size: 0.3·3 = 0.9 → only rank 1 of each category (r0 in c0 with 30, r2 in c1 with 25).
	// Focus: 0.3·6 = 1.8 → ranks 1 and 2 of the six shares: .30 (r0c0) and .125 (r2c1).
	// Specialisation: LQ ≥ 2 only r0c0.
	stars := [][]int{{3, 0}, {0, 0}, {0, 2}}
	for r := range lq {
		for c := range lq[r] {
			g := got[r][c]
			if math.Abs(g.LQ-lq[r][c]) > 1e-12 || g.Stars != stars[r][c] {
				t.Errorf("cell %d,%d: LQ %g stars %d, want %g and %d (%v)", r, c, g.LQ, g.Stars, lq[r][c], stars[r][c], g.Reasons)
			}
			if len(g.Reasons) != 3 {
				t.Errorf("cell %d,%d: %d reasons, want 3", r, c, len(g.Reasons))
			}
		}
	}
	if g := got[2][1]; !g.Size || g.Specialisation || !g.Focus || g.FocusRank != 2 || g.SizeRank != 1 {
		t.Errorf("r2c1: %+v, want size and focus stars, focus rank 2", g)
	}
	if !strings.HasPrefix(got[0][0].Reasons[1], "★ specialisation: LQ 3.00") {
		t.Errorf("reason %q", got[0][0].Reasons[1])
	}
	// Defaults: focus 0.1·6 = 0.6 → rank 1 alone, so r2c1 keeps only its size star.
	def, err := Rate(hand(), Default())
	if err != nil {
		t.Fatal(err)
	}
	if def[2][1].Stars != 1 || def[0][0].Stars != 3 {
		t.Errorf("defaults: r2c1 %d stars (want 1), r0c0 %d (want 3)", def[2][1].Stars, def[0][0].Stars)
	}
}

func TestRateReference(t *testing.T) {
	in := hand()
	// A national reference where category 0 is 5 % of 1000 jobs: LQ r0c0 = .30/.05 = 6.
	in.Reference, in.ReferenceTotal = []float64{50, 100}, 1000
	got, err := Rate(in, Default())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0][0].LQ-6) > 1e-12 {
		t.Errorf("LQ %g, want 6", got[0][0].LQ)
	}
}

func TestRateInvalid(t *testing.T) {
	for _, c := range []struct {
		th    Thresholds
		field string
	}{
		{Thresholds{0, 2, 0.1}, "size_top"},
		{Thresholds{1.5, 2, 0.1}, "size_top"},
		{Thresholds{0.1, -1, 0.1}, "min_lq"},
		{Thresholds{0.1, math.NaN(), 0.1}, "min_lq"},
		{Thresholds{0.1, 2, 2}, "focus_top"},
	} {
		f, err := c.th.Check()
		if f != c.field || err == nil {
			t.Errorf("%+v: field %q err %v, want %q", c.th, f, err, c.field)
		}
		if _, err := Rate(hand(), c.th); err == nil {
			t.Errorf("%+v: Rate accepted it", c.th)
		}
	}
	bad := hand()
	bad.RegionTotal[0] = 10 // below 30 + 10
	if _, err := Rate(bad, Default()); err == nil {
		t.Error("a region total below its clusters was accepted")
	}
	bad = hand()
	bad.Jobs[1][0] = -1
	if _, err := Rate(bad, Default()); err == nil {
		t.Error("negative jobs accepted")
	}
}
