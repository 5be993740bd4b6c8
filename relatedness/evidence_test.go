package relatedness

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestPoissonUpperTail(t *testing.T) {
	cases := []struct{ k, lam, want float64 }{
		{1, 1, 1 - math.Exp(-1)},         // 1 − P(0)
		{3, 2, 1 - 5*math.Exp(-2)},       // 1 − e^−2(1 + 2 + 2)
		{2.5, 2, 1 - 5*math.Exp(-2)},     // a non-integer k counts as ⌈2.5⌉ = 3
		{0, 3, 1}, {-1, 3, 1}, {4, 0, 0}, // edges
	}
	for _, c := range cases {
		if got := PoissonUpperTail(c.k, c.lam); !near(got, c.want, 1e-12) {
			t.Errorf("PoissonUpperTail(%v, %v) = %.15g, want %.15g", c.k, c.lam, got, c.want)
		}
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	// Sorted p 0.01, 0.03, 0.04, 0.5 (ranks 1–4): m·p/r with m = 4 is 0.04, 0.06,
	// 0.0533…, 0.5; the running minimum from the top gives 0.04, 0.0533…, 0.0533…, 0.5.
	p := []float64{0.01, 0.04, 0.03, 0.5}
	q, err := BenjaminiHochberg(p, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.04, 0.16 / 3, 0.16 / 3, 0.5}
	for i := range q {
		if !near(q[i], want[i], 1e-12) {
			t.Errorf("m=4: q[%d] = %v, want %v", i, q[i], want[i])
		}
	}
	// m = 8 (4 hypotheses untested, p = 1): every m·p/r doubles; 0.5·8/4 = 1.
	q, _ = BenjaminiHochberg(p, 8)
	want = []float64{0.08, 0.32 / 3, 0.32 / 3, 1}
	for i := range q {
		if !near(q[i], want[i], 1e-12) {
			t.Errorf("m=8: q[%d] = %v, want %v", i, q[i], want[i])
		}
	}
	_, err = BenjaminiHochberg(p, 3)
	wantRelError(t, err, "invalid", "4 p-values but only 3 tests")
	_, err = BenjaminiHochberg([]float64{0.2, 1.5}, 2)
	wantRelError(t, err, "invalid", "p-value 1 is 1.5, expected a number in [0, 1]")
}

func TestLinkEvidenceFlows(t *testing.T) {
	// flows3 without the diagonal: rows A=15, B=5, C=10; columns A=5, B=20, C=5; F·· = 30.
	// λ_AB = 15·20/30 = 10, λ_BA = 5·5/30 = 5/6, λ_AC = 15·5/30 = 2.5, λ_CB = 10·20/30 = 20/3.
	// p = P(X ≥ F | λ) = 1 − e^−λ Σ_{k<F} λ^k/k! (python, math.factorial):
	// AB 0.5420702855281477, BA 0.0016844328825157406, AC 0.10882198108584884, CB 0.1373715327357674.
	// BH over m = n(n−1) = 6 directed pairs: BA 6p/1 = 0.0101066, AC 6p/2 = 0.326466,
	// CB 6p/3 = 0.274743 (AC takes CB's smaller value), AB 6p/4 = 0.813105.
	ev, err := LinkEvidence(Flows, flows3, Options{Symmetrise: SymmetriseNone})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][4]float64{ // count, expected, p, q
		"A→B": {10, 10, 0.5420702855281477, 0.8131054282922217},
		"B→A": {5, 5.0 / 6, 0.0016844328825157406, 0.010106597295094444},
		"A→C": {5, 2.5, 0.10882198108584884, 0.2747430654715348},
		"C→B": {10, 20.0 / 3, 0.1373715327357674, 0.2747430654715348},
		"A→A": {100, 0, 1, 1}, // self-link, diagonal excluded: not tested
	}
	if len(ev) != len(want) {
		t.Fatalf("%d evidence rows, want %d: %+v", len(ev), len(want), ev)
	}
	for _, e := range ev {
		w := want[e.From+"→"+e.To]
		if e.Count != w[0] || !near(e.Expected, w[1], 1e-12) || !near(e.PValue, w[2], 1e-9) || !near(e.QValue, w[3], 1e-9) || e.Tests != 6 {
			t.Errorf("%s→%s: %+v, want count, λ, p, q = %v and 6 tests", e.From, e.To, e, w)
		}
	}
	// Symmetrised ("mean"): one hypothesis per pair, m = n(n−1)/2 = 3.
	// Pair A–B: 10 + 5 = 15 moves, λ = 10 + 5/6; p = 0.13410828948705344.
	ev, err = LinkEvidence(Flows, flows3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ev {
		if e.Tests != 3 {
			t.Errorf("%s→%s: %d tests, want 3", e.From, e.To, e.Tests)
		}
		if (e.From == "A" && e.To == "B" || e.From == "B" && e.To == "A") &&
			(e.Count != 15 || !near(e.Expected, 65.0/6, 1e-12) || !near(e.PValue, 0.13410828948705344, 1e-9)) {
			t.Errorf("pair A–B evidence %+v, want 15 moves, λ 65/6, p 0.134108", e)
		}
	}
	// α = 0.05 keeps only B→A (q 0.0101) on the directed layer.
	out, _, _, err := Compute(Flows, flows3, Options{Symmetrise: SymmetriseNone, Alpha: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].From != "B" || out[0].To != "A" {
		t.Errorf("α = 0.05 kept %v, want only B→A", out)
	}
}

func TestLinkEvidenceCoOccurrence(t *testing.T) {
	// cooc4 without the diagonal: s_A = 6, s_B = 6, s_C = 5, s_D = 1, S = 18;
	// λ_ij = s_i s_j / S: AB 2, AC 5/3, BC 5/3, CD 5/18. p (python):
	// AB P(X≥4|2) = 0.14287653950145296, AC = BC P(X≥2|5/3) = 0.49633172576650175,
	// CD P(X≥1|5/18) = 0.24253487160303355; m = 4·3/2 = 6 pairs.
	ev, err := LinkEvidence(CoOccurrence, cooc4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"A→B": 0.14287653950145296, "A→C": 0.49633172576650175, "B→C": 0.49633172576650175, "C→D": 0.24253487160303355, "D→D": 1}
	for _, e := range ev {
		if w, ok := want[e.From+"→"+e.To]; !ok || !near(e.PValue, w, 1e-9) || e.Tests != 6 {
			t.Errorf("%s→%s: %+v, want p %v and 6 tests", e.From, e.To, e, w)
		}
	}
}

func TestShrinkage(t *testing.T) {
	// Posterior mean (x + a)/(λ + a): 10 moves where 2 expected, a = 1 → 11/3.
	if got := ShrunkRatio(10, 2, 1); !near(got, 11.0/3, 1e-15) {
		t.Errorf("ShrunkRatio(10, 2, 1) = %v, want 11/3", got)
	}
	// Censored below 2 with a = 1, λ = 1: NB P(0) = (1/2)^1 = 1/2, P(1) = 1/2·1·1/2 = 1/4;
	// E[X | X < 2] = (1/4)/(3/4) = 1/3 → (1/3 + 1)/(1 + 1) = 2/3.
	if got := ShrunkCensoredRatio(2, 1, 1); !near(got, 2.0/3, 1e-15) {
		t.Errorf("ShrunkCensoredRatio(2, 1, 1) = %v, want 2/3", got)
	}
	if got := ShrunkCensoredRatio(0, 4, 2); got != ShrunkRatio(0, 4, 2) {
		t.Errorf("no floor: censored ratio %v, want the zero-count ratio %v", got, ShrunkRatio(0, 4, 2))
	}

	// Counts equal to their expectation (no extra variation): the likelihood
	// grows with a, so a is the upper bound 1e4.
	a, err := FitGammaPrior([]float64{5, 5, 5, 5}, []float64{5, 5, 5, 5}, nil, 0)
	if err != nil || a < 9e3 {
		t.Errorf("equidispersed counts: a = %v, %v; want ≈ 1e4", a, err)
	}
	// Over-dispersed counts: a is an interior maximum of the NB likelihood.
	counts := []float64{0, 0, 0, 1, 2, 30, 12, 0}
	expected := []float64{3, 2, 4, 2, 3, 3, 2, 1}
	absent := []float64{0.5, 1, 2}
	for _, floor := range []float64{0, 3} {
		a, err := FitGammaPrior(counts, expected, absent, floor)
		if err != nil {
			t.Fatal(err)
		}
		ll := func(a float64) float64 {
			var s float64
			for i := range counts {
				s += nbLogPMF(counts[i], a, expected[i])
			}
			for _, e := range absent {
				p, _ := nbCensored(math.Max(floor, 1), a, e)
				s += math.Log(p)
			}
			return s
		}
		if !(a > 1e-3 && a < 1e3) || ll(a) < ll(a*1.01) || ll(a) < ll(a/1.01) {
			t.Errorf("floor %v: a = %v is not an interior maximum: ll %v, ll(1.01a) %v, ll(a/1.01) %v", floor, a, ll(a), ll(a*1.01), ll(a/1.01))
		}
	}

	_, err = FitGammaPrior([]float64{1, 2}, []float64{1}, nil, 0)
	wantRelError(t, err, "invalid", "2 counts but 1 expected counts")
	_, err = FitGammaPrior([]float64{-1}, []float64{1}, nil, 0)
	wantRelError(t, err, "invalid", "pair 0: count -1 and expected count 1 must be finite numbers >= 0")
	_, err = FitGammaPrior(nil, nil, []float64{math.NaN()}, 0)
	wantRelError(t, err, "invalid", "absent pair 0: expected count NaN")

	// Compute with shrinkage uses ShrinkagePrior's a: A–B on co-occurrence
	// (λ = 2, 4 counts) becomes (4 + a)/(2 + a).
	opt := Options{Method: MethodAssociation, Shrinkage: ShrinkGammaPoisson}
	a, err = ShrinkagePrior(CoOccurrence, cooc4, opt)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := runRelatedness(t, CoOccurrence, cooc4, opt)
	r := (4 + a) / (2 + a)
	if v := relValues(out)["A→B"]; !near(v, (r-1)/(r+1), 1e-12) {
		t.Errorf("shrunk A–B value %v, want %v (a = %v)", v, (r-1)/(r+1), a)
	}
}

func TestShrinkageMissingReverse(t *testing.T) {
	// Flows A→B 4, B→A 2, A→C 2, C→B 3 (C→A not released), floor 2, a = 1; diagonal excluded:
	// rows A = 6, B = 2, C = 3; columns A = 2, B = 7, C = 2; F·· = 11.
	// λ_AC = 6·2/11 = 12/11 → θ_AC = (2 + 1)/(12/11 + 1) = 33/23.
	// C→A is censored to {0, 1} with λ_CA = 3·2/11 = 6/11: NB(a = 1) P(0) = 1/(1 + 6/11) = 11/17,
	// P(1) = P(0)·(6/11)/(17/11) = 66/289, E[X | X < 2] = (66/289)/(253/289) = 6/23,
	// θ_CA = (6/23 + 1)/(6/11 + 1) = 319/391. Mean (33/23 + 319/391)/2 = 440/391 → value 49/831.
	flows := []Link{{"A", "B", 4, 0}, {"B", "A", 2, 0}, {"A", "C", 2, 0}, {"C", "B", 3, 0}}
	out, _ := runRelatedness(t, Flows, flows, Options{Shrinkage: ShrinkGammaPoisson, Prior: 1, Floor: 2})
	if v := relValues(out)["A→C"]; !near(v, 49.0/831, 1e-12) {
		t.Errorf("A→C value %.15g, want 49/831 = %.15g", v, 49.0/831)
	}
	// Without shrinkage the missing reverse counts 0: R_AC = 2·11/(6·2) = 11/6, mean 11/12 → −1/23.
	out, _ = runRelatedness(t, Flows, flows, Options{Floor: 2})
	if v := relValues(out)["A→C"]; !near(v, -1.0/23, 1e-12) {
		t.Errorf("A→C value without shrinkage %.15g, want −1/23", v)
	}
}

func TestEvidenceOptionErrors(t *testing.T) {
	l := []Link{{From: "A", To: "B", Count: 12}, {From: "B", To: "A", Count: 10}}
	for _, c := range []struct {
		opt  Options
		want string
	}{
		{Options{Alpha: 1.5}, "significance level α must be in (0, 1), or 0 to keep every link, found 1.5"},
		{Options{Alpha: -0.1}, "found -0.1"},
		{Options{Floor: -10}, "disclosure floor must be a finite number >= 0 (0: no floor), found -10"},
		{Options{Floor: math.NaN()}, "found NaN"},
		{Options{Floor: 11}, "link 1 (B→A): count 10 is below the disclosure floor 11"},
		{Options{Shrinkage: "james-stein"}, "unknown shrinkage \"james-stein\": expected none or gamma-poisson"},
		{Options{Method: MethodCosine, Shrinkage: ShrinkGammaPoisson}, "applies to the ratio and association methods, not to cosine"},
		{Options{Shrinkage: ShrinkGammaPoisson, Prior: -1}, "prior strength a must be a finite number >= 0 (0: fit it to the data), found -1"},
		{Options{Prior: 2}, "a shrinkage prior strength (2) needs shrinkage gamma-poisson"},
	} {
		out, _, _, err := Compute(Flows, l, c.opt)
		wantRelError(t, err, "invalid", c.want)
		if out != nil {
			t.Errorf("%+v: output %v with an error", c.opt, out)
		}
		if _, err := LinkEvidence(Flows, l, c.opt); err == nil {
			t.Errorf("%+v: LinkEvidence accepted it", c.opt)
		}
	}
	if _, err := Significant(l, nil, 0.05); err == nil {
		t.Error("Significant accepted unaligned evidence")
	}
	_, err := Significant(nil, nil, 1)
	wantRelError(t, err, "invalid", "α must be in (0, 1), found 1")
}
