package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/domainscope/domainscope/dynamics"
	"github.com/domainscope/domainscope/graphmodel"
)

// DefaultMinEntries is the least number of entries before the dynamics test
// is run: with fewer, the AUC and the logistic slope rest on a handful of
// cells.
const DefaultMinEntries = 10

// DynamicsRequest asks whether relatedness density at the start of two
// periods predicted the specialisations regions gained by the end.
type DynamicsRequest struct {
	// GraphRequest selects the relatedness graph (its combined layers).
	GraphRequest
	Measure graphmodel.Measure `json:"measure"` // default employment
	// From and To are the periods of the regional values; "" takes the
	// earliest and the latest.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// MinCount is the minimum number of patents for RTA to be defined.
	MinCount float64 `json:"min_count,omitempty"`
	// MinJobs and Alpha are the evidence rule of an established
	// specialisation (nil / 0: DefaultEvidence's), as in the region profile.
	MinJobs *float64 `json:"min_jobs,omitempty"`
	Alpha   float64  `json:"significance,omitempty"`
	// MinEntries is the least number of entries to run the test (0: DefaultMinEntries).
	MinEntries int `json:"min_entries,omitempty"`
	// Top is the number of entries and exits listed (0: 20; −1: all).
	Top int `json:"top,omitempty"`
}

// DynamicsCell is one region × industry cell that changed status.
type DynamicsCell struct {
	Region string `json:"region"`
	IndustryName
	// DensityFrom is the relatedness density RD_ri at the start.
	DensityFrom float64 `json:"density_from"`
	LQFrom      float64 `json:"lq_from"`
	LQTo        float64 `json:"lq_to"`
}

// DynamicsResult holds the entries and exits of established specialisations
// between two periods and the test of density as a predictor of entry.
type DynamicsResult struct {
	Request    DynamicsRequest        `json:"request"`
	Provenance Provenance             `json:"provenance"`
	From       graphmodel.RegionalSet `json:"from"`
	To         graphmodel.RegionalSet `json:"to"`
	Evidence   Evidence               `json:"evidence"`
	Regions    int                    `json:"regions"`
	// AtRisk is the number of cells that could enter: region × industry
	// cells of the graph with a defined start quotient that were not an
	// established specialisation at the start.
	AtRisk  int `json:"at_risk"`
	Entries int `json:"entries"`
	// Exits are established specialisations at the start that are not at the end; Kept are in both.
	Exits int `json:"exits"`
	Kept  int `json:"kept"`
	// EntryRate is Entries/AtRisk.
	EntryRate float64 `json:"entry_rate"`
	// MeanDensityEntries and MeanDensityOthers are the mean start densities
	// of the cells that entered and of those that did not.
	MeanDensityEntries float64 `json:"mean_density_entries"`
	MeanDensityOthers  float64 `json:"mean_density_others"`
	// Tested says whether the test ran; Verdict says what it found, or why
	// the data cannot support it ("too few entries to test").
	Tested  bool   `json:"tested"`
	Verdict string `json:"verdict"`
	// AUC is the probability that an entry had a higher start density than
	// a non-entry (dynamics.AUC); 0.5 is no prediction.
	AUC *float64 `json:"auc,omitempty"`
	// Logit is the regression of entry on the start density in points
	// (0–100): the slope is the change of the log-odds of entry per point.
	Logit *dynamics.Logit `json:"logit,omitempty"`
	// EntryList and ExitList are the cells, highest start density first for
	// entries and highest start LQ first for exits, at most Top of each.
	EntryList []DynamicsCell `json:"entry_list"`
	ExitList  []DynamicsCell `json:"exit_list"`
	Rules     []string       `json:"rules"`
	Warnings  []string       `json:"warnings,omitempty"`
}

// Dynamics tests whether relatedness density predicted entry (Hidalgo et
// al. 2007; Neffke, Henning & Boschma 2011, Economic Geography 87(3)). For
// two periods of regional values of every region it marks each region ×
// industry cell as an established specialisation or not in each period (LQ
// ≥ 1 with the evidence rule of the region profile: value ≥ MinJobs and the
// Poisson test at Alpha; each period's quotients use that period's values of
// all regions). Over the cells not established at the start (with a defined
// start quotient) an entry is a cell established at the end; its predictor
// is the relatedness density RD_ri at the start (RelatednessDensity on the
// start specialisations). It reports the AUC (Mann–Whitney) and the
// logistic regression of entry on density with its standard error
// (dynamics.FitLogit). With fewer than MinEntries entries it reports the
// counts and the verdict "too few entries to test" without a test. One
// period of values is an EINVALID error.
func (a *Analyzer) Dynamics(ctx context.Context, req DynamicsRequest) (*DynamicsResult, error) {
	if err := profileMeasure(&req.Measure); err != nil {
		return nil, err
	}
	if req.MinEntries == 0 {
		req.MinEntries = DefaultMinEntries
	}
	if req.MinEntries < 2 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "min_entries", "min_entries %d: expected 2 or more", req.MinEntries)
	}
	if req.Top == 0 {
		req.Top = 20
	}
	if req.Top < -1 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "top", "top %d: expected −1 (all), 0 (default) or more", req.Top)
	}
	ev := DefaultEvidence(req.Measure)
	if req.MinJobs != nil {
		ev.MinValue = *req.MinJobs
	}
	if req.Alpha != 0 {
		ev.Alpha = req.Alpha
	}
	if err := ev.check(); err != nil {
		return nil, err
	}
	snap, _, g, err := a.combinedSnapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	var periods []string
	for _, s := range sets {
		if s.Measure == req.Measure && s.Classification == snap.Classification {
			periods = append(periods, s.Period)
		}
	}
	if len(periods) < 2 {
		if len(periods) == 0 {
			periods = []string{"none"}
		}
		return nil, graphmodel.Errorf(graphmodel.EINVALID,
			"dynamics needs two periods of regional values: %s values of classification %s are loaded for period(s) %v",
			req.Measure, snap.Classification, periods)
	}
	from, to, err := changeSets(sets, RegionChangeRequest{Measure: req.Measure, Classification: snap.Classification, From: req.From, To: req.To})
	if err != nil {
		return nil, err
	}
	if from.Period >= to.Period {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "from", "dynamics: period from %q must come before to %q", from.Period, to.Period)
	}
	v0, err := a.Store.RegionalValues(ctx, from)
	if err != nil {
		return nil, err
	}
	v1, err := a.Store.RegionalValues(ctx, to)
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	in0, in1 := map[string]bool{}, map[string]bool{}
	for _, v := range v0 {
		in0[v.Region] = true
	}
	for _, v := range v1 {
		in1[v.Region] = true
	}
	var regions []graphmodel.Region
	both := map[string]bool{}
	for _, r := range all {
		if in0[r.ID] && in1[r.ID] {
			regions = append(regions, r)
			both[r.ID] = true
		}
	}
	if len(regions) < 2 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "dynamics: %d region(s) have values in both %s and %s: expected at least 2", len(regions), from.Period, to.Period)
	}
	keep := func(vs []graphmodel.RegionalValue) []graphmodel.RegionalValue {
		var out []graphmodel.RegionalValue
		for _, v := range vs {
			if both[v.Region] {
				out = append(out, v)
			}
		}
		return out
	}
	m0, err := NewRegionalMatrix(keep(v0), regions, snap.Codes)
	if err != nil {
		return nil, err
	}
	m1, err := NewRegionalMatrix(keep(v1), regions, snap.Codes)
	if err != nil {
		return nil, err
	}
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	names := IndustryNames(industries)
	res := &DynamicsResult{Request: req, Provenance: provenanceOf(snap), From: from, To: to, Evidence: ev, Regions: len(regions),
		EntryList: []DynamicsCell{}, ExitList: []DynamicsCell{}}
	quotient := func(m *RegionalMatrix, r int) []float64 {
		if req.Measure == graphmodel.MeasurePatents {
			return m.RTA(r, req.MinCount)
		}
		return m.LQ(r)
	}
	var x []float64
	var y []bool
	var sumE, sumO float64
	for r := range regions {
		lq0, lq1 := quotient(m0, r), quotient(m1, r)
		est0, _ := established(m0, r, lq0, ev)
		est1, _ := established(m1, r, lq1, ev)
		dens := RelatednessDensity(g, est0)
		for i := 0; i < m0.Nodes; i++ {
			code := m0.Codes[i]
			cell := DynamicsCell{Region: regions[r].ID, IndustryName: IndustryName{Code: code, Name: names[code]},
				DensityFrom: dens[i], LQFrom: nanZero(lq0[i]), LQTo: nanZero(lq1[i])}
			switch {
			case est0[i] && est1[i]:
				res.Kept++
			case est0[i]:
				res.Exits++
				res.ExitList = append(res.ExitList, cell)
			case !math.IsNaN(lq0[i]):
				x = append(x, dens[i])
				y = append(y, est1[i])
				if est1[i] {
					res.Entries++
					sumE += dens[i]
					res.EntryList = append(res.EntryList, cell)
				} else {
					sumO += dens[i]
				}
			}
		}
	}
	res.AtRisk = len(x)
	if res.AtRisk > 0 {
		res.EntryRate = float64(res.Entries) / float64(res.AtRisk)
	}
	if res.Entries > 0 {
		res.MeanDensityEntries = sumE / float64(res.Entries)
	}
	if n := res.AtRisk - res.Entries; n > 0 {
		res.MeanDensityOthers = sumO / float64(n)
	}
	sort.SliceStable(res.EntryList, func(i, j int) bool { return res.EntryList[i].DensityFrom > res.EntryList[j].DensityFrom })
	sort.SliceStable(res.ExitList, func(i, j int) bool { return res.ExitList[i].LQFrom > res.ExitList[j].LQFrom })
	if req.Top > 0 {
		res.EntryList = res.EntryList[:min(req.Top, len(res.EntryList))]
		res.ExitList = res.ExitList[:min(req.Top, len(res.ExitList))]
	}
	res.Rules = []string{
		fmt.Sprintf("established specialisation: quotient ≥ 1, value ≥ %g and Poisson p ≤ %g, in each period against that period's regions", ev.MinValue, ev.Alpha),
		"entry: a cell not established in " + from.Period + " (with a defined quotient) that is established in " + to.Period + "; exit: established in " + from.Period + ", not in " + to.Period,
		"predictor: relatedness density RD_ri = 100·Σ_j M_rj φ_ij / Σ_j φ_ij at the start, M_rj the start's established specialisations",
		"AUC = P(density of an entry > density of a non-entry), ties ½ (Mann–Whitney); logit: P(entry) = σ(b₀ + b₁·RD), b₁ per density point, SE from the Fisher information (IRLS)",
		fmt.Sprintf("the test runs with at least %d entries", req.MinEntries),
	}
	if res.Entries < req.MinEntries {
		res.Verdict = fmt.Sprintf("too few entries to test: %d entries among %d cells at risk (at least %d needed)", res.Entries, res.AtRisk, req.MinEntries)
		return res, nil
	}
	auc, err := dynamics.AUC(x, y)
	if err != nil {
		res.Verdict = "cannot test: " + err.Error()
		return res, nil
	}
	res.Tested = true
	res.AUC = &auc
	l, err := dynamics.FitLogit(x, y)
	if err != nil {
		res.Warnings = append(res.Warnings, "no logistic regression: "+err.Error())
	} else {
		res.Logit = &l
	}
	switch {
	case res.Logit != nil && res.Logit.Slope > 0 && res.Logit.P < 0.05:
		res.Verdict = fmt.Sprintf("density predicted entry: AUC %.3f, slope %.4f per point (SE %.4f, p %.2g)", auc, l.Slope, l.SlopeSE, l.P)
	case res.Logit != nil:
		res.Verdict = fmt.Sprintf("no significant prediction at 5%%: AUC %.3f, slope %.4f per point (SE %.4f, p %.2g)", auc, l.Slope, l.SlopeSE, l.P)
	default:
		res.Verdict = fmt.Sprintf("AUC %.3f; no logistic regression", auc)
	}
	return res, nil
}

func nanZero(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
