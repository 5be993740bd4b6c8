package relatedness

import (
	"math"

	"github.com/domainscope/domainscope/graph"
)

// Empirical-Bayes shrinkage of observed/expected ratios (Clayton & Kaldor
// 1987, "Empirical Bayes estimates of age-standardized relative risks for use
// in disease mapping", Biometrics 43(3):671–681; the Gamma–Poisson model of
// DuMouchel 1999, The American Statistician 53(3), with one component).
//
// Model: a pair's count is X_ij ~ Poisson(λ_ij·θ_ij), with λ_ij the count
// expected from the margins and θ_ij its true ratio; the ratios are drawn
// from a Gamma(a, a) prior (mean 1 = "as expected", variance 1/a).
// Marginally X_ij is negative binomial with size a and mean λ_ij, so a is
// fitted by maximising that likelihood over every pair (FitGammaPrior), and
// the posterior mean of θ_ij is (x_ij + a)/(λ_ij + a) (ShrunkRatio): a ratio
// resting on counts much larger than a keeps its value, one resting on a
// few counts moves towards 1.

// nbLogPMF returns log P(X = k) for X negative binomial with size a and mean
// lam: Γ(k+a)/(Γ(a)·k!)·(a/(a+λ))^a·(λ/(a+λ))^k.
func nbLogPMF(k, a, lam float64) float64 {
	if lam == 0 {
		if k == 0 {
			return 0
		}
		return math.Inf(-1)
	}
	lk, _ := math.Lgamma(k + a)
	la, _ := math.Lgamma(a)
	lf, _ := math.Lgamma(k + 1)
	return lk - la - lf + a*math.Log(a/(a+lam)) + k*math.Log(lam/(a+lam))
}

// nbCensored returns P(X < floor) and E[X | X < floor]·P(X < floor) for X
// negative binomial (size a, mean lam), summing the pmf over k = 0 … ⌈floor⌉−1
// with the recursion P(k+1) = P(k)·(k+a)/(k+1)·λ/(a+λ).
func nbCensored(floor, a, lam float64) (prob, kmass float64) {
	p := math.Exp(a * math.Log(a/(a+lam))) // P(0)
	r := lam / (a + lam)
	top := int(math.Ceil(floor)) - 1
	if top < 0 {
		top = 0
	}
	for k := 0; k <= top; k++ {
		prob += p
		kmass += float64(k) * p
		p *= (float64(k) + a) / float64(k+1) * r
	}
	return prob, kmass
}

// FitGammaPrior returns the empirical-Bayes a of the Gamma(a, a) prior on
// ratios (Clayton & Kaldor 1987, Biometrics 43(3)): with X_ij ~
// Poisson(λ_ij θ_ij) and θ_ij ~ Gamma(a, a), X_ij is negative binomial
// (size a, mean λ_ij), and a maximises that likelihood over the given pairs
// (counts[k] observed with expectation expected[k]) and the absent pairs
// (expectations absent).
// With floor = 0 an absent pair is a zero count; with floor > 0 it is
// censored, contributing P(X < floor) to the likelihood. a is searched on
// [1e-4, 1e4] (golden section on log a); the bounds mean "ratios vary
// without limit" and "every ratio is 1 up to Poisson noise". Counts and
// expectations must be finite and >= 0 and the lists aligned; else EINVALID.
func FitGammaPrior(counts, expected, absent []float64, floor float64) (float64, error) {
	if len(counts) != len(expected) {
		return 0, graph.Errorf("%d counts but %d expected counts: expected one each", len(counts), len(expected))
	}
	if err := checkFloor(floor); err != nil {
		return 0, err
	}
	for i := range counts {
		if c, e := counts[i], expected[i]; !(c >= 0 && e >= 0) || math.IsInf(c, 0) || math.IsInf(e, 0) {
			return 0, graph.Errorf("pair %d: count %v and expected count %v must be finite numbers >= 0", i, c, e)
		}
	}
	for i, e := range absent {
		if !(e >= 0) || math.IsInf(e, 0) {
			return 0, graph.Errorf("absent pair %d: expected count %v must be a finite number >= 0", i, e)
		}
	}
	loglik := func(la float64) float64 {
		a := math.Exp(la)
		var s float64
		for i, c := range counts {
			s += nbLogPMF(c, a, expected[i])
		}
		for _, e := range absent {
			if e == 0 {
				continue
			}
			if floor > 0 {
				p, _ := nbCensored(floor, a, e)
				s += math.Log(p)
			} else {
				s += a * math.Log(a/(a+e))
			}
		}
		return s
	}
	lo, hi := math.Log(1e-4), math.Log(1e4)
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := loglik(x1), loglik(x2)
	for hi-lo > 1e-7 {
		if f1 < f2 {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = loglik(x2)
		} else {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = loglik(x1)
		}
	}
	return math.Exp((lo + hi) / 2), nil
}

// ShrunkRatio returns the posterior mean of a pair's ratio θ given its count
// and expected count under the Gamma(a, a) prior: (count + a)/(expected + a).
// With expected = 0 (no information) it is 1 when count = 0.
func ShrunkRatio(count, expected, a float64) float64 {
	return (count + a) / (expected + a)
}

// ShrunkCensoredRatio returns the posterior mean of the ratio of a pair whose
// count is unknown in [0, floor) (not released): E[(X + a)/(λ + a) | X <
// floor] = (E[X | X < floor] + a)/(λ + a), X negative binomial. With floor ≤
// 1 it is ShrunkRatio(0, expected, a).
func ShrunkCensoredRatio(floor, expected, a float64) float64 {
	if floor <= 1 || expected == 0 {
		return ShrunkRatio(0, expected, a)
	}
	p, km := nbCensored(floor, a, expected)
	return (km/p + a) / (expected + a)
}

// gammaPrior returns opt.Prior when set, else the fitted a.
func gammaPrior(counts, expected, absent []float64, opt Options) (float64, error) {
	if opt.Prior > 0 {
		return opt.Prior, nil
	}
	return FitGammaPrior(counts, expected, absent, opt.Floor)
}
