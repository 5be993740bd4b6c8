package relatedness

import (
	"math"
	"sort"
	"testing"
)

// pairValues folds symmetrised directed links into unordered pairs: the
// pair's value (equal in both directions) and its moves F_ij + F_ji.
func pairValues(out []Link) (value, moves map[[2]string]float64) {
	value, moves = map[[2]string]float64{}, map[[2]string]float64{}
	for _, l := range out {
		if l.From == l.To {
			continue
		}
		k := [2]string{min(l.From, l.To), max(l.From, l.To)}
		value[k] = l.Value
		moves[k] += l.Count
	}
	return value, moves
}

// saturation returns the share of pairs with value > 0.95 and the number of
// pairs with value > 0.9 resting on <= 20 moves.
func saturation(out []Link) (share float64, small int) {
	value, moves := pairValues(out)
	var hi int
	for k, v := range value {
		if v > 0.95 {
			hi++
		}
		if v > 0.9 && moves[k] <= 20 {
			small++
		}
	}
	return float64(hi) / float64(len(value)), small
}

// neighbours returns code's pairs sorted by value, best first.
func neighbours(out []Link, code string) []string {
	value, _ := pairValues(out)
	var n []string
	other := map[string]float64{}
	for k, v := range value {
		switch code {
		case k[0]:
			n = append(n, k[1])
			other[k[1]] = v
		case k[1]:
			n = append(n, k[0])
			other[k[0]] = v
		}
	}
	sort.Slice(n, func(a, b int) bool { return other[n[a]] > other[n[b]] })
	return n
}

func TestEvidenceUKLabourFlows(t *testing.T) {
	links := readUKFlows(t, "flows_sic2007_2009_2018.csv", 4)
	ev, err := LinkEvidence(Flows, links, Options{Floor: 10})
	if err != nil {
		t.Fatal(err)
	}
	// 439 industries, symmetrised pairs without the diagonal: m = 439·438/2 = 96141.
	sigPairs := map[[2]string]bool{}
	for _, e := range ev {
		if e.Tests != 96141 {
			t.Fatalf("%s→%s: %d tests, want 96141", e.From, e.To, e.Tests)
		}
		if e.From == "8610" && e.To == "8690" && (e.Count != 2763 || e.QValue > 1e-100) {
			t.Errorf("8610–8690 (2,763 moves): %+v, want q ≈ 0", e)
		}
		if e.From == "7739" && e.To == "8610" {
			// p = P(X ≥ 10 | λ ≈ 4.25) ≈ 0.012, but not after BH over 96,141 pairs.
			if e.QValue <= 0.05 {
				t.Errorf("7739→8610 (10 moves, no reverse): %+v, want q > 0.05", e)
			}
		}
		if e.From != e.To && e.QValue <= 0.05 {
			sigPairs[[2]string{min(e.From, e.To), max(e.From, e.To)}] = true
		}
	}
	sig := len(sigPairs)
	out, _, _, err := Compute(Flows, links, Options{Floor: 10, Alpha: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	value, _ := pairValues(out)
	if len(value) != sig {
		t.Errorf("α = 0.05 kept %d pairs, evidence has %d with q ≤ 0.05", len(value), sig)
	}
	all, _, _, _ := Compute(Flows, links, Options{})
	allPairs, _ := pairValues(all)
	t.Logf("UK 2009–2018: %d of %d pairs significant at FDR 5%% (m = 96141)", sig, len(allPairs))
	if sig == 0 || sig >= len(allPairs) {
		t.Errorf("%d significant pairs of %d: expected some but not all", sig, len(allPairs))
	}
}

func TestShrinkageUKLabourFlows(t *testing.T) {
	links := readUKFlows(t, "flows_sic2007_2009_2018.csv", 4)
	raw, _, _, err := Compute(Flows, links, Options{})
	if err != nil {
		t.Fatal(err)
	}
	eb := Options{Shrinkage: ShrinkGammaPoisson, Floor: 10}
	shrunk, _, _, err := Compute(Flows, links, eb)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ShrinkagePrior(Flows, links, eb)
	strong, _, _, err := Compute(Flows, links, Options{Shrinkage: ShrinkGammaPoisson, Prior: 1})
	if err != nil {
		t.Fatal(err)
	}
	s0, n0 := saturation(raw)
	s1, n1 := saturation(shrunk)
	s2, n2 := saturation(strong)
	t.Logf("pairs > 0.95: raw %.1f%%, EB (a = %.4f) %.1f%%, a = 1 %.1f%%; pairs > 0.9 on ≤ 20 moves: %d, %d, %d", 100*s0, a, 100*s1, 100*s2, n0, n1, n2)
	// The count: 158 pairs above 0.9 on at most 20 moves.
	if n0 != 158 {
		t.Errorf("raw: %d pairs > 0.9 on ≤ 20 moves, the issue counted 158", n0)
	}
	if !(a > 1e-3 && a < 0.1) || !(s1 <= s0 && s2 < s1) || n2 != 0 {
		t.Errorf("a = %v; shares %v, %v, %v; small %d: want shrinkage to lower saturation, strongly at a = 1", a, s0, s1, s2, n2)
	}
	// 8610's best neighbours keep their order under the fitted prior.
	n0s, n1s := neighbours(raw, "8610"), neighbours(shrunk, "8610")
	for i := range 6 {
		if n0s[i] != n1s[i] {
			t.Errorf("8610 neighbour %d: raw %s, shrunk %s", i+1, n0s[i], n1s[i])
		}
	}
	if n0s[0] != "8690" || n0s[1] != "8621" {
		t.Errorf("8610's top neighbours %v, want 8690 then 8621", n0s[:2])
	}
}

// TestShrinkageCrossPeriod checks the choice of prior out of sample: ratios
// estimated on one UK period (directed, diagonal excluded) predict the other
// period's released-or-censored counts of the same pairs, X ~ Poisson(λ'·θ̂),
// with λ' the other period's expected count. The fitted prior must predict
// better than no shrinkage and than the strong prior a = 1.
func TestShrinkageCrossPeriod(t *testing.T) {
	p1 := readUKFlows(t, "flows_sic2007_2009_2013.csv", 4)
	p2 := readUKFlows(t, "flows_sic2007_2014_2018.csv", 4)
	type margins struct {
		row, col map[string]float64
		total    float64
		count    map[[2]string]float64
	}
	marg := func(links []Link) margins {
		m := margins{map[string]float64{}, map[string]float64{}, 0, map[[2]string]float64{}}
		for _, l := range links {
			if l.From != l.To {
				m.row[l.From] += l.Count
				m.col[l.To] += l.Count
				m.total += l.Count
				m.count[[2]string{l.From, l.To}] = l.Count
			}
		}
		return m
	}
	// predict returns the log-likelihood of test's outcomes for the pairs
	// released in train: log Poisson(y; μ) if released, else log P(X < 10).
	predict := func(train, test margins, a float64) float64 {
		var ll float64
		for k, x := range train.count {
			l1 := train.row[k[0]] * train.col[k[1]] / train.total
			l2 := test.row[k[0]] * test.col[k[1]] / test.total
			if l2 == 0 {
				continue
			}
			th := x / l1
			if a > 0 {
				th = ShrunkRatio(x, l1, a)
			}
			mu := l2 * th
			if y, ok := test.count[k]; ok {
				lg, _ := math.Lgamma(y + 1)
				ll += y*math.Log(mu) - mu - lg
				continue
			}
			p, term := 0.0, math.Exp(-mu)
			for j := range 10 {
				p += term
				term *= mu / float64(j+1)
			}
			ll += math.Log(math.Max(p, 1e-300))
		}
		return ll
	}
	for _, c := range []struct {
		name        string
		train, test []Link
	}{{"2009–2013 → 2014–2018", p1, p2}, {"2014–2018 → 2009–2013", p2, p1}} {
		a, err := ShrinkagePrior(Flows, c.train, Options{Shrinkage: ShrinkGammaPoisson, Floor: 10})
		if err != nil {
			t.Fatal(err)
		}
		tr, te := marg(c.train), marg(c.test)
		none, fit, one := predict(tr, te, 0), predict(tr, te, a), predict(tr, te, 1)
		t.Logf("%s: predictive log-likelihood raw %.1f, fitted a = %.4f %.1f, a = 1 %.1f", c.name, none, a, fit, one)
		if !(fit > none && fit > one) {
			t.Errorf("%s: fitted prior %.1f does not beat raw %.1f and a = 1 %.1f", c.name, fit, none, one)
		}
	}
}
