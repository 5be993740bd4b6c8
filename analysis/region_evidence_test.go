package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// TestCellEvidence: 10 jobs where 4 are expected (LQ 2.5).
func TestCellEvidence(t *testing.T) {
	c := cellEvidence(10, 4, 0.05)
	// p = 1 − Σ_{k=0}^{9} e^−4 4^k/k! = 0.0081322427969 (summed by hand in Python).
	if math.Abs(c.PValue-0.00813224279693403) > 1e-12 {
		t.Errorf("p = %.15g, want 0.00813224279693403", c.PValue)
	}
	// Garwood: λ_lo = χ²_{0.05}(20)/2 = 10.851/2 (χ² table) = 5.4254, LQ_lo = λ_lo/4 = 1.3564;
	// and by definition P(X ≥ 10 | λ_lo) = α exactly.
	if math.Abs(c.LQLower-1.3564) > 1e-3 {
		t.Errorf("LQ lower bound %.5f, want 1.3564", c.LQLower)
	}
	if tail := relatedness.PoissonUpperTail(10, c.LQLower*4); math.Abs(tail-0.05) > 1e-9 {
		t.Errorf("P(X ≥ 10 | λ_lo) = %.12f, want α = 0.05", tail)
	}
	if c.Expected != 4 {
		t.Errorf("expected %v, want 4", c.Expected)
	}
	// 10 jobs where 10 are expected: LQ 1 is no evidence of specialisation
	// (p = P(X ≥ 10 | 10) = 0.542, from the Poisson table).
	if c := cellEvidence(10, 10, 0.05); math.Abs(c.PValue-0.5420702855) > 1e-9 {
		t.Errorf("p at LQ 1 = %.10f, want 0.5420702855", c.PValue)
	}
	// The smallest level stays finite on a large count.
	if c := cellEvidence(1e6, 4e5, MinAlpha); math.IsNaN(c.LQLower) || math.IsInf(c.LQLower, 0) || c.LQLower <= 0 || c.LQLower >= 2.5 {
		t.Errorf("α = 1e-12: LQ bound %v, want finite in (0, 2.5)", c.LQLower)
	}
	if w := WilsonLower(0.5, 10, 1e-320); math.IsNaN(w) || w < 0 || w >= 0.5 {
		t.Errorf("α = 1e-320: Wilson bound %v, want finite in [0, 0.5)", w)
	}
	if c := cellEvidence(0, 3, 0.05); c.PValue != 1 || c.LQLower != 0 {
		t.Errorf("an empty cell: %+v, want p 1 and bound 0", c)
	}
}

// TestWilsonLower: for p = 1 the bound is 1/(1 + z²/n); for n = 2 and
// z = 1.644854 (α = 0.05) that is 1/2.352771 = 0.425031.
func TestWilsonLower(t *testing.T) {
	if got := WilsonLower(1, 2, 0.05); math.Abs(got-0.4250306090063464) > 1e-12 {
		t.Errorf("WilsonLower(1, 2) = %.15g, want 0.4250306090063464", got)
	}
	// p = 0.5, n = 100: (0.5 + z²/200 − z √(0.0025 + z²/40000)) / (1 + z²/100)
	// = (0.5135277 − 1.644854·0.0506719)/1.0270554 = 0.4301799/1.0270554 = 0.4188478.
	if got := WilsonLower(0.5, 100, 0.05); math.Abs(got-0.4188478) > 1e-6 {
		t.Errorf("WilsonLower(0.5, 100) = %.7f, want 0.4188478", got)
	}
	if WilsonLower(0.7, 0, 0.05) != 0 {
		t.Error("no links: the bound must be 0")
	}
}

// supportFixture: node 0 (the candidate) linked to 1 (w 0.9, 30 moves), 2
// (w 0.3, 40 moves) and 3 (w 0.3, 5 moves); 4 is an isolated extra node.
// The region holds 1 and 2 (established) and 3 (LQ ≥ 1 but 20 jobs,
// below the minimum of 100, so not established).
//
//	     0    1     2     3    4
//	r   10  900   600    20  100   total 1630
//	s  990  100   400    10  900   total 2400
//	all 1000 1000 1000   30 1000   total 4030
func supportFixture(t *testing.T) (*RegionalMatrix, *graph.Graph, []float64) {
	t.Helper()
	g, err := graph.NewGraph(5, []graph.Edge{{I: 0, J: 1, W: 0.9}, {I: 0, J: 2, W: 0.3}, {I: 0, J: 3, W: 0.3}})
	if err != nil {
		t.Fatal(err)
	}
	count := map[[2]int32]float64{{0, 1}: 30, {0, 2}: 40, {0, 3}: 5}
	counts := make([]float64, len(g.Adj))
	for i := 0; i < g.Nodes(); i++ {
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			a, b := int32(i), g.Adj[k]
			if a > b {
				a, b = b, a
			}
			counts[k] = count[[2]int32{a, b}]
		}
	}
	codes := []string{"c0", "c1", "c2", "c3", "c4"}
	rows := map[string][]float64{"r": {10, 900, 600, 20, 100}, "s": {990, 100, 400, 10, 900}}
	var vals []graphmodel.RegionalValue
	for _, r := range []string{"r", "s"} {
		for i, c := range codes {
			vals = append(vals, graphmodel.RegionalValue{Region: r, Industry: c, Value: rows[r][i]})
		}
	}
	m, err := NewRegionalMatrix(vals, []graphmodel.Region{{ID: "r", Name: "R"}, {ID: "s", Name: "S"}}, codes)
	if err != nil {
		t.Fatal(err)
	}
	return m, g, counts
}

// TestOpportunitySupport counts the specialisations, links and moves behind
// an opportunity and applies the minimum support.
func TestOpportunitySupport(t *testing.T) {
	m, g, counts := supportFixture(t)
	ev := Evidence{MinValue: 100, Alpha: 0.05, MinSupport: 2, MinMoves: 70, RankBy: RankDensityLower}
	p, err := RegionProfile(m, g, "r", ProfileOptions{Evidence: &ev, Counts: counts})
	if err != nil {
		t.Fatal(err)
	}
	// LQ_r: c1 = (900/1630)/(1000/4030) = 2.225, c2 = 1.483, c3 = (20/1630)/(30/4030) = 1.648
	// (20 jobs: flagged), c0 = 0.025.
	if p.Established != 2 || p.Flagged != 1 {
		t.Fatalf("established %d flagged %d, want 2 and 1: %+v", p.Established, p.Flagged, p.Specialisations)
	}
	last := p.Specialisations[2]
	if last.Code != "c3" || last.Established || last.Flag != "small: 20 jobs, below the minimum of 100" {
		t.Errorf("the small cell should come last and be flagged: %+v", last)
	}
	if len(p.Opportunities) != 1 {
		t.Fatalf("opportunities %+v, want c0 only", p.Opportunities)
	}
	o := p.Opportunities[0]
	// c0 links to c1, c2 (established) and c3 (flagged): density = 1.2/1.5 = 80,
	// 2 supporting specialisations, 3 links, 30 + 40 = 70 moves (c3's 5 do not count).
	if o.Code != "c0" || o.Supporting != 2 || o.Links != 3 || o.Moves != 70 || math.Abs(o.Density-80) > 1e-9 || !o.HasCounts {
		t.Errorf("opportunity %+v: want c0, 2 supporting, 3 links, 70 moves, density 80", o)
	}
	// n_eff = 1.5²/(0.81 + 0.09 + 0.09) = 2.25/0.99 = 2.2727; Wilson lower
	// bound of 0.8 on 2.2727 at α 0.05: (0.8 + z²/2n − z·√(0.16/n + z²/4n²))/(1 + z²/n)
	// = (1.395219 − 1.644854·√(0.0704 + 0.130948))/2.190439 = (1.395219 − 0.738085)/2.190439 = 0.300000.
	if math.Abs(o.EffectiveLinks-2.2727273) > 1e-6 || math.Abs(o.DensityLower-30.0005) > 1e-3 {
		t.Errorf("n_eff %.6f, lower bound %.4f; want 2.272727 and 30.0005", o.EffectiveLinks, o.DensityLower)
	}
	if len(o.Related) != 2 || o.Related[0].Code != "c1" || o.Related[0].Count != 30 || o.Related[1].Count != 40 {
		t.Errorf("related %+v, want c1 (30 moves) then c2 (40 moves)", o.Related)
	}

	// 71 moves required: c0 is left out as thin.
	ev.MinMoves = 71
	p, err = RegionProfile(m, g, "r", ProfileOptions{Evidence: &ev, Counts: counts})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Opportunities) != 0 || p.ThinOpportunities != 1 {
		t.Errorf("with 71 moves required: %d opportunities, %d thin; want 0 and 1", len(p.Opportunities), p.ThinOpportunities)
	}
	// Without counts the moves are not required, 3 specialisations are (c3 is not one).
	ev.MinMoves, ev.MinSupport = 71, 3
	p, err = RegionProfile(m, g, "r", ProfileOptions{Evidence: &ev})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Opportunities) != 0 || p.ThinOpportunities != 1 {
		t.Errorf("with 3 specialisations required: %+v", p.Opportunities)
	}
	// With a minimum of 0 jobs c3 is established too: 3 supporting, 75 moves, density 100.
	ev.MinValue = 0
	p, err = RegionProfile(m, g, "r", ProfileOptions{Evidence: &ev, Counts: counts})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Opportunities) != 1 || p.Opportunities[0].Supporting != 3 || p.Opportunities[0].Moves != 75 || p.Opportunities[0].Density != 100 {
		t.Errorf("with no minimum size: %+v", p.Opportunities)
	}
}

// TestRankByLowerBound: two opportunities of density 100, one on two equal
// links and one on four; the lower bound puts the better supported first
// (Wilson, p = 1: 1/(1 + z²/n) = 0.4250 for n = 2, 0.5965 for n = 4), where
// density alone ties them and falls back to the summed relatedness.
func TestRankByLowerBound(t *testing.T) {
	// a links to s1, s2 (w 1 each); b links to s1..s4 (w 0.4 each).
	g, err := graph.NewGraph(6, []graph.Edge{
		{I: 0, J: 2, W: 1}, {I: 0, J: 3, W: 1},
		{I: 1, J: 2, W: 0.4}, {I: 1, J: 3, W: 0.4}, {I: 1, J: 4, W: 0.4}, {I: 1, J: 5, W: 0.4},
	})
	if err != nil {
		t.Fatal(err)
	}
	v := &RegionView{G: g, M: &RegionalMatrix{Codes: []string{"a", "b", "s1", "s2", "s3", "s4"}, Nodes: 6, X: make([]float64, 6), Regions: make([]graphmodel.Region, 1)},
		LQ: []float64{0.5, 0.5, 2, 2, 2, 2}, MinRelated: 2}
	if err := v.UseSpecialised([]bool{false, false, true, true, true, true}); err != nil {
		t.Fatal(err)
	}
	opps := v.Opportunities(0, 0)
	if len(opps) != 2 || opps[0].Code != "b" || math.Abs(opps[0].DensityLower-100/(1+1.6448536269514722*1.6448536269514722/4)) > 1e-9 ||
		math.Abs(opps[1].DensityLower-42.50306090063464) > 1e-9 {
		t.Fatalf("by the lower bound: %+v, want b (59.65) then a (42.50)", opps)
	}
	v.RankBy = RankDensity
	if opps = v.Opportunities(0, 0); opps[0].Code != "a" { // support 2 > 1.6
		t.Errorf("by density: %s first, want a (more summed relatedness)", opps[0].Code)
	}
}

// TestEvidenceBadInput: thresholds out of range are EINVALID naming the
// field, from RegionProfile and from the Analyzer.
func TestEvidenceBadInput(t *testing.T) {
	m, g, counts := supportFixture(t)
	good := Evidence{MinValue: 100, Alpha: 0.05, MinSupport: 2, MinMoves: 50, RankBy: RankDensityLower}
	for _, c := range []struct {
		field string
		edit  func(*Evidence)
	}{
		{"significance", func(e *Evidence) { e.Alpha = 0 }},
		{"significance", func(e *Evidence) { e.Alpha = 1 }},
		{"significance", func(e *Evidence) { e.Alpha = -0.1 }},
		{"significance", func(e *Evidence) { e.Alpha = math.NaN() }},
		{"significance", func(e *Evidence) { e.Alpha = 1e-320 }},
		{"min_jobs", func(e *Evidence) { e.MinValue = -1 }},
		{"min_jobs", func(e *Evidence) { e.MinValue = math.Inf(1) }},
		{"min_moves", func(e *Evidence) { e.MinMoves = -5 }},
		{"min_related", func(e *Evidence) { e.MinSupport = -1 }},
		{"rank_by", func(e *Evidence) { e.RankBy = "random" }},
	} {
		ev := good
		c.edit(&ev)
		_, err := RegionProfile(m, g, "r", ProfileOptions{Evidence: &ev, Counts: counts})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != c.field {
			t.Errorf("%+v: %v (field %q), want EINVALID on %s", ev, err, graphmodel.ErrorField(err), c.field)
		}
	}

	a := regionViewStore(t)
	neg := -1.0
	req := RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}}, Region: "r1", MinJobs: &neg}
	if _, err := a.Region(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "min_jobs" {
		t.Errorf("min jobs −1: %v, want EINVALID on min_jobs", err)
	}
	req.MinJobs, req.Alpha = nil, 1.5
	if _, err := a.Region(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("α 1.5: %v, want EINVALID", err)
	}
	req.Alpha, req.RegionalPeriod = 0, "1999"
	if _, err := a.Region(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("regional period 1999: %v, want ENOTFOUND", err)
	}
}
