package dynamics

import (
	"errors"
	"math"
	"testing"
)

func bools(v ...int) []bool {
	out := make([]bool, len(v))
	for i, x := range v {
		out[i] = x == 1
	}
	return out
}

// TestAUCHand counts the pairs by hand.
func TestAUCHand(t *testing.T) {
	// Events at 2,5,7,8,9, non-events at 0,1,3,4,6: 2 beats 2 of them, 5
	// beats 4, 7, 8 and 9 beat all 5: 21 of 25 pairs = 0.84 (scipy
	// mannwhitneyu U/(n1 n0) agrees, testdata/statsmodels_ref.py).
	got, err := AUC([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, bools(0, 0, 1, 0, 0, 1, 0, 1, 1, 1))
	if err != nil || math.Abs(got-0.84) > 1e-12 {
		t.Fatalf("AUC = %v, %v; want 0.84", got, err)
	}
	// Ties: events 1,3,3,4, non-events 1,2,2,3: event 1 ties one (0.5),
	// each 3 beats three and ties one (3.5 each), 4 beats four:
	// 11.5/16 = 0.71875.
	got, err = AUC([]float64{1, 1, 2, 2, 3, 3, 3, 4}, bools(0, 1, 0, 0, 1, 1, 0, 1))
	if err != nil || math.Abs(got-0.71875) > 1e-12 {
		t.Fatalf("AUC with ties = %v, %v; want 0.71875", got, err)
	}
	// Reversed order: 1 − AUC.
	got, _ = AUC([]float64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, bools(0, 0, 1, 0, 0, 1, 0, 1, 1, 1))
	if math.Abs(got-0.16) > 1e-12 {
		t.Fatalf("reversed AUC = %v; want 0.16", got)
	}
}

func TestAUCErrors(t *testing.T) {
	var ae *ArgumentError
	if _, err := AUC([]float64{1, 2}, bools(1, 1)); !errors.As(err, &ae) {
		t.Fatalf("one outcome only: %v", err)
	}
	if _, err := AUC([]float64{1}, bools(1, 0)); !errors.As(err, &ae) {
		t.Fatalf("length mismatch: %v", err)
	}
	if _, err := AUC([]float64{math.NaN(), 1}, bools(1, 0)); !errors.As(err, &ae) {
		t.Fatalf("NaN: %v", err)
	}
}

// TestFitLogitStatsmodels compares with statsmodels 0.15.0
// (sm.Logit(y, sm.add_constant(x)).fit(), script testdata/statsmodels_ref.py run in a
// venv with `pip install statsmodels`): params [-2.44663521, 0.54369671],
// bse [1.70528621, 0.3361643], z 1.61735413, p 0.10580186.
func TestFitLogitStatsmodels(t *testing.T) {
	l, err := FitLogit([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, bools(0, 0, 1, 0, 0, 1, 0, 1, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"intercept", l.Intercept, -2.44663521}, {"slope", l.Slope, 0.54369671},
		{"intercept se", l.InterceptSE, 1.70528621}, {"slope se", l.SlopeSE, 0.3361643},
		{"z", l.Z, 1.61735413}, {"p", l.P, 0.10580186},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s = %.9f; want %.9f", c.name, c.got, c.want)
		}
	}
}

// TestFitLogitBinary: with a 0/1 predictor the MLE is the log odds ratio of
// the 2×2 table and its SE is Woolf's √(1/a+1/b+1/c+1/d). Here x=0: 1 event
// of 4, x=1: 3 of 4; slope = ln((3/1)/(1/3)) = ln 9 with SE
// √(1+1/3+1/3+1) = √(8/3); intercept = ln(1/3) with SE √(1+1/3).
func TestFitLogitBinary(t *testing.T) {
	l, err := FitLogit([]float64{0, 0, 0, 0, 1, 1, 1, 1}, bools(1, 0, 0, 0, 1, 1, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(l.Slope-math.Log(9)) > 1e-9 || math.Abs(l.SlopeSE-math.Sqrt(8.0/3)) > 1e-9 ||
		math.Abs(l.Intercept-math.Log(1.0/3)) > 1e-9 || math.Abs(l.InterceptSE-math.Sqrt(4.0/3)) > 1e-9 {
		t.Fatalf("fit %+v; want slope ln 9 (SE √(8/3)), intercept ln(1/3) (SE √(4/3))", l)
	}
}

func TestFitLogitErrors(t *testing.T) {
	var ae *ArgumentError
	for name, c := range map[string]struct {
		x []float64
		y []bool
	}{
		"separated": {[]float64{0, 1, 2, 3}, bools(0, 0, 1, 1)},
		"constant":  {[]float64{2, 2, 2}, bools(0, 1, 0)},
		"one class": {[]float64{0, 1, 2}, bools(0, 0, 0)},
		"lengths":   {[]float64{0, 1}, bools(0)},
	} {
		if _, err := FitLogit(c.x, c.y); !errors.As(err, &ae) {
			t.Errorf("%s: err = %v; want an ArgumentError", name, err)
		}
	}
}
