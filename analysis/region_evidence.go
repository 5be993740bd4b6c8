package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// Defaults of the regional evidence (see Evidence).
const (
	// DefaultMinJobs: on the UK 2015 employment (BRES, rounded to the
	// nearest 5 below 50 jobs and to the nearest 25 up to 250), a cell
	// under 100 jobs moves its LQ by 12–50 % with one rounding step and is
	// often one establishment; 100 drops 4 to 14 of a region's 168–261
	// LQ ≥ 1 cells (≤ 0.07 % of their jobs), while 500 would drop up to 60
	// of them, among them real plants such as the North East's batteries
	// (2720, 450 jobs).
	DefaultMinJobs = 100
	// DefaultAlpha is the one-sided level of the LQ test and of the density bound.
	DefaultAlpha = 0.05
	// MinAlpha is the smallest level accepted: below it the gamma quantile
	// of the LQ bound does not converge.
	MinAlpha = 1e-12
	// DefaultMinSupport is the least number of established specialisations
	// an opportunity must be linked to before it is ranked.
	DefaultMinSupport = 2
	// DefaultMinMoves is the least number of moves (or co-patents) on an
	// opportunity's supporting links: with the UK disclosure floor of 10 per
	// released flow, two links at the floor (20) are not enough.
	DefaultMinMoves = 50
)

// Opportunity orders.
const (
	// RankDensityLower ranks opportunities by the lower confidence bound of
	// their relatedness density (the default).
	RankDensityLower = "density-lower"
	// RankDensity ranks them by the density itself, as before the evidence.
	RankDensity = "density"
)

// Evidence holds the thresholds that decide which specialisations count and
// which opportunities are ranked. Every result that used them reports them.
type Evidence struct {
	// MinValue is the least value (jobs, or patents) of an established
	// specialisation; cells with LQ ≥ 1 below it are listed but flagged.
	MinValue float64 `json:"min_value"`
	// Alpha is the one-sided level of the Poisson test of LQ ≥ 1 and of
	// the lower bound of density (confidence 1 − α).
	Alpha float64 `json:"alpha"`
	// MinSupport and MinMoves: an opportunity is ranked only when linked
	// to at least MinSupport established specialisations with at least
	// MinMoves counts (moves, co-patents) on those links; MinMoves is not
	// applied on layers without counts.
	MinSupport int     `json:"min_support"`
	MinMoves   float64 `json:"min_moves"`
	// RankBy is RankDensityLower or RankDensity.
	RankBy string `json:"rank_by"`
}

// DefaultEvidence returns the default thresholds for a measure: for patents
// MinValue is 0 (the OECD minimum applies to a region's total, MinCount).
func DefaultEvidence(m graphmodel.Measure) Evidence {
	e := Evidence{MinValue: DefaultMinJobs, Alpha: DefaultAlpha, MinSupport: DefaultMinSupport, MinMoves: DefaultMinMoves, RankBy: RankDensityLower}
	if m == graphmodel.MeasurePatents {
		e.MinValue = 0
	}
	return e
}

// check refuses thresholds outside their ranges (EINVALID naming the field).
func (e Evidence) check() error {
	if !(e.MinValue >= 0 && e.MinValue <= 1e12) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_jobs", "minimum value of a specialisation %v: expected a number from 0 to 1e12", e.MinValue)
	}
	if !(e.Alpha >= MinAlpha && e.Alpha < 1) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "significance", "significance level α %v: expected a number from %g to below 1", e.Alpha, MinAlpha)
	}
	if e.MinSupport < 0 || e.MinSupport > 1000 {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_related", "minimum supporting specialisations %d: expected 0 to 1000", e.MinSupport)
	}
	if !(e.MinMoves >= 0 && e.MinMoves <= 1e12) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_moves", "minimum moves %v: expected a number from 0 to 1e12", e.MinMoves)
	}
	if e.RankBy != RankDensityLower && e.RankBy != RankDensity {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "rank_by", "opportunity order %q: expected %s or %s", e.RankBy, RankDensityLower, RankDensity)
	}
	return nil
}

// CellEvidence is the statistical evidence behind one location quotient.
type CellEvidence struct {
	// Expected is the value expected from the region's size and the
	// industry's reference share, E = x_r· x_·i / x_·· (so LQ = x_ri / E).
	Expected float64 `json:"expected"`
	// PValue is the one-sided Poisson p-value of LQ ≥ 1 beyond chance,
	// P(X ≥ x_ri | X ~ Poisson(E)).
	PValue float64 `json:"p_value"`
	// LQLower is the exact lower confidence bound of the LQ at 1 − α
	// (Garwood 1936): the α-quantile of Gamma(x_ri, 1), divided by E.
	LQLower float64 `json:"lq_lower"`
}

// cellEvidence tests one cell x against its expected value e (e > 0):
// p = P(X ≥ x), X ~ Poisson(e) (the test of an observed against an expected
// count behind the standardised mortality ratio; Breslow & Day 1987,
// Statistical Methods in Cancer Research II, §2.3), and the Garwood lower
// bound of the rate ratio x/e. x = 0 has p = 1 and bound 0. Where the gamma
// quantile does not converge (α below about 1e-300 on large counts) the
// bound falls back to the normal approximation x − z√x. alpha must be ≥
// MinAlpha.
func cellEvidence(x, e, alpha float64) CellEvidence {
	c := CellEvidence{Expected: e, PValue: 1}
	if !(e > 0) || !(x > 0) {
		return c
	}
	c.PValue = relatedness.PoissonUpperTail(x, e)
	lo := distuv.Gamma{Alpha: x, Beta: 1}.Quantile(alpha)
	if math.IsNaN(lo) || math.IsInf(lo, 0) {
		lo = math.Max(0, x+distuv.UnitNormal.Quantile(alpha)*math.Sqrt(x))
	}
	c.LQLower = lo / e
	return c
}

// established returns, for every column of region r, whether it is an
// established specialisation: LQ ≥ 1, a value ≥ ev.MinValue and a Poisson
// p-value ≤ ev.Alpha; and each cell's evidence.
func established(m *RegionalMatrix, r int, lq []float64, ev Evidence) ([]bool, []CellEvidence) {
	row := m.Row(r)
	bound := ev.Alpha
	if !(bound < 1) {
		bound = DefaultAlpha // no test asked for: still report the usual bound
	}
	ok := make([]bool, len(row))
	cells := make([]CellEvidence, len(row))
	for i, x := range row {
		e := 0.0
		if m.ReferenceTotal > 0 {
			e = m.RegionTotal[r] * m.Reference[i] / m.ReferenceTotal
		}
		cells[i] = cellEvidence(x, e, bound)
		ok[i] = lq[i] >= 1 && x >= ev.MinValue && cells[i].PValue <= ev.Alpha
	}
	return ok, cells
}

// specialisationFlag says why a cell with LQ ≥ 1 is not an established
// specialisation ("" when it is).
func specialisationFlag(x float64, c CellEvidence, ev Evidence, unit string) string {
	switch {
	case x < ev.MinValue:
		return fmt.Sprintf("small: %s %s, below the minimum of %s", graphmodel.FormatCount(x), unit, graphmodel.FormatCount(ev.MinValue))
	case c.PValue > ev.Alpha:
		return fmt.Sprintf("not significant: p = %.2g > α = %g", c.PValue, ev.Alpha)
	}
	return ""
}

// WilsonLower returns the lower bound of the Wilson score interval of a
// proportion p observed on n trials at one-sided level alpha (Wilson 1927,
// JASA 22(158)):
//
//	(p + z²/2n − z √(p(1−p)/n + z²/4n²)) / (1 + z²/n),  z = Φ⁻¹(1 − α)
//
// Unlike the normal bound it stays inside [0, 1] and is below 1 even when
// p = 1, so a density resting on two links is not certain. It is 0 for n ≤ 0.
func WilsonLower(p, n, alpha float64) float64 {
	if !(n > 0) {
		return 0
	}
	z := -distuv.UnitNormal.Quantile(alpha) // = Φ⁻¹(1 − α), finite for tiny α
	z2 := z * z
	lo := (p + z2/(2*n) - z*math.Sqrt(p*(1-p)/n+z2/(4*n*n))) / (1 + z2/n)
	return math.Max(0, lo)
}

// densityLower returns the lower confidence bound of node i's relatedness
// density (in [0, 100]): the density is a weighted share of i's links, so
// the Wilson bound is taken with Kish's effective number of links
// n_eff = (Σ_j φ_ij)² / Σ_j φ_ij² (Kish 1965, Survey Sampling, §11.7), which
// is the number of links when their weights are equal and less when a few
// links carry the weight. The effective number is returned as well.
func densityLower(g *graph.Graph, i int, density, alpha float64) (lower, neff float64) {
	var top float64 // n_eff is scale-free: divide by the largest weight so that tiny weights do not underflow
	for k := g.Off[i]; k < g.Off[i+1]; k++ {
		top = math.Max(top, g.W[k])
	}
	var s, s2 float64
	for k := g.Off[i]; k < g.Off[i+1]; k++ {
		w := g.W[k] / top
		s += w
		s2 += w * w
	}
	if !(s2 > 0) {
		return 0, 0
	}
	neff = s * s / s2
	return 100 * WilsonLower(density/100, neff, alpha), neff
}
