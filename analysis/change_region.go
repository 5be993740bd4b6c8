package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// Life-cycle stages of a specialisation (descriptive, not a forecast).
const (
	StageEmerging  = "emerging"
	StageGrowing   = "growing"
	StageMature    = "mature"
	StageDeclining = "declining"
)

// Specialisation statuses between two periods.
const (
	SpecNew  = "new"  // LQ < 1 (or undefined) before, ≥ 1 after
	SpecLost = "lost" // LQ ≥ 1 before, < 1 (or undefined) after
	SpecKept = "kept" // LQ ≥ 1 in both
	SpecNone = "none" // a specialisation in neither period
)

// RegionChangeRequest asks how a region's specialisations changed between
// two periods of regional values.
type RegionChangeRequest struct {
	Region  string             `json:"region"`  // ID or name
	Measure graphmodel.Measure `json:"measure"` // default employment
	// Classification of the regional values; "" takes the only one with
	// values for both periods.
	Classification string `json:"classification,omitempty"`
	// From and To are the periods; "" takes the earliest and the latest.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Tolerance t of the life-cycle rule (default 0.05: ±5% employment change).
	Tolerance float64 `json:"tolerance"`
	// MinCount is the minimum number of patents for RTA to be defined.
	MinCount float64 `json:"min_count,omitempty"`
}

// IndustryChange is one industry of a region in two periods.
type IndustryChange struct {
	IndustryName
	// LQFrom and LQTo are the location quotients (RTA for patents); nil
	// where undefined.
	LQFrom  *float64 `json:"lq_from"`
	LQTo    *float64 `json:"lq_to"`
	DeltaLQ *float64 `json:"delta_lq"`
	// ValueFrom and ValueTo are the region's values x_ri; Growth is
	// ValueTo/ValueFrom − 1 (nil when ValueFrom is 0).
	ValueFrom float64  `json:"value_from"`
	ValueTo   float64  `json:"value_to"`
	Growth    *float64 `json:"growth"`
	Status    string   `json:"status"`
	// Stage is the descriptive life-cycle label of a specialisation ("" for
	// industries that are a specialisation in neither period).
	Stage string `json:"stage,omitempty"`
}

// RegionChangeResult is a region's change of specialisations.
type RegionChangeResult struct {
	Request RegionChangeRequest    `json:"request"`
	Region  graphmodel.Region      `json:"region"`
	From    graphmodel.RegionalSet `json:"from"`
	To      graphmodel.RegionalSet `json:"to"`
	// TotalFrom and TotalTo are x_r·; RegionGrowth is TotalTo/TotalFrom − 1.
	TotalFrom    float64 `json:"total_from"`
	TotalTo      float64 `json:"total_to"`
	RegionGrowth float64 `json:"region_growth"`
	New          int     `json:"new"`
	Lost         int     `json:"lost"`
	Kept         int     `json:"kept"`
	// Stages counts the specialisations by life-cycle stage.
	Stages map[string]int `json:"stages"`
	// Industries: specialisations of either period first, by stage
	// (emerging, growing, mature, declining) and ΔLQ; then the others by ΔLQ.
	Industries []IndustryChange `json:"industries"`
	Rules      []string         `json:"rules"`
	Warnings   []string         `json:"warnings,omitempty"`
}

// LifeCycleStage labels a specialisation from its LQ in two periods and its
// employment growth g = x_to/x_from − 1 against the region's growth G, with
// tolerance t (our rule, a reading of the usual LQ-level × growth quadrant):
//
//	emerging:  LQ_from < 1 ≤ LQ_to (a new specialisation)
//	declining: LQ_from ≥ 1 > LQ_to (a lost one), or LQ ≥ 1 in both and g < −t
//	growing:   LQ ≥ 1 in both, g > t and g > G (grew, and faster than the region)
//	mature:    LQ ≥ 1 in both otherwise (about stable, or slower than the region)
//
// It describes what happened between the periods; it is not a forecast. It
// returns "" for an industry specialised in neither period. Undefined LQs
// (NaN) count as < 1.
func LifeCycleStage(lqFrom, lqTo, growth, regionGrowth, t float64) string {
	was, is := lqFrom >= 1, lqTo >= 1
	switch {
	case !was && is:
		return StageEmerging
	case was && !is:
		return StageDeclining
	case !was:
		return ""
	case growth < -t:
		return StageDeclining
	case growth > t && growth > regionGrowth:
		return StageGrowing
	}
	return StageMature
}

// RegionChange compares a region's location quotients (RTA for patents)
// between two periods of regional values: the change of every industry's LQ,
// the new and lost specialisations, and a descriptive life-cycle stage for
// every specialisation of either period (LifeCycleStage). Each period's LQs
// use that period's values of all regions as reference.
func (a *Analyzer) RegionChange(ctx context.Context, req RegionChangeRequest) (*RegionChangeResult, error) {
	if err := profileMeasure(&req.Measure); err != nil {
		return nil, err
	}
	if req.Tolerance == 0 {
		req.Tolerance = 0.05
	}
	if !(req.Tolerance > 0) || req.Tolerance >= 1 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "region change: tolerance %v: expected a number in (0, 1)", req.Tolerance)
	}
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	from, to, err := changeSets(sets, req)
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	res := &RegionChangeResult{Request: req, From: from, To: to, Stages: map[string]int{}, Industries: []IndustryChange{}}
	matrices := make([]*RegionalMatrix, 2)
	regionSets := make([]map[string]bool, 2)
	for k, set := range []graphmodel.RegionalSet{from, to} {
		values, err := a.Store.RegionalValues(ctx, set)
		if err != nil {
			return nil, err
		}
		regionSets[k] = map[string]bool{}
		for _, v := range values {
			regionSets[k][v.Region] = true
		}
		var regions []graphmodel.Region
		for _, r := range all {
			if regionSets[k][r.ID] {
				regions = append(regions, r)
			}
		}
		if len(regions) == 0 {
			return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "region change: no regional values for %s", set.Key())
		}
		if matrices[k], err = NewRegionalMatrix(values, regions, nil); err != nil {
			return nil, err
		}
	}
	var both []graphmodel.Region
	for _, r := range all {
		if regionSets[0][r.ID] && regionSets[1][r.ID] {
			both = append(both, r)
		}
	}
	reg, err := findRegion(both, req.Region)
	if err != nil {
		return nil, err
	}
	res.Region = reg
	if len(regionSets[0]) != len(regionSets[1]) || len(both) != len(regionSets[0]) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the periods cover different regions (%d and %d, %d in both): the LQ references differ",
			len(regionSets[0]), len(regionSets[1]), len(both)))
	}
	industries, err := a.Store.Industries(ctx, from.Classification)
	if err != nil {
		return nil, err
	}
	_, names := sectorsAt(industries, nil, 0)

	lq := make([][]float64, 2)
	row := make([][]float64, 2)
	for k, m := range matrices {
		r, _ := m.RegionIndex(reg.ID)
		if req.Measure == graphmodel.MeasurePatents {
			lq[k] = m.RTA(r, req.MinCount)
		} else {
			lq[k] = m.LQ(r)
		}
		row[k] = m.Row(r)
	}
	res.TotalFrom, res.TotalTo = chSum(row[0]), chSum(row[1])
	if res.TotalFrom > 0 {
		res.RegionGrowth = res.TotalTo/res.TotalFrom - 1
	} else {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the region has no values in %s: no growth rates", from.Period))
	}
	codes := map[string]bool{}
	for _, m := range matrices {
		for _, c := range m.Codes {
			codes[c] = true
		}
	}
	at := func(k int, code string) (lqv, x float64) {
		i, ok := matrices[k].Column(code)
		if !ok {
			return math.NaN(), 0
		}
		return lq[k][i], row[k][i]
	}
	for code := range codes {
		l0, x0 := at(0, code)
		l1, x1 := at(1, code)
		if x0 == 0 && x1 == 0 {
			continue
		}
		ic := IndustryChange{IndustryName: IndustryName{Code: code, Name: names[code]}, ValueFrom: x0, ValueTo: x1, Status: SpecNone}
		if !math.IsNaN(l0) {
			ic.LQFrom = chPtr(l0)
		}
		if !math.IsNaN(l1) {
			ic.LQTo = chPtr(l1)
		}
		if ic.LQFrom != nil && ic.LQTo != nil {
			ic.DeltaLQ = chPtr(l1 - l0)
		}
		g := math.NaN()
		if x0 > 0 {
			g = x1/x0 - 1
			ic.Growth = chPtr(g)
		}
		switch was, is := l0 >= 1, l1 >= 1; {
		case was && is:
			ic.Status = SpecKept
			res.Kept++
		case was:
			ic.Status = SpecLost
			res.Lost++
		case is:
			ic.Status = SpecNew
			res.New++
		}
		ic.Stage = LifeCycleStage(l0, l1, g, res.RegionGrowth, req.Tolerance)
		if ic.Stage != "" {
			res.Stages[ic.Stage]++
		}
		res.Industries = append(res.Industries, ic)
	}
	order := map[string]int{StageEmerging: 0, StageGrowing: 1, StageMature: 2, StageDeclining: 3, "": 4}
	sort.Slice(res.Industries, func(i, j int) bool {
		x, y := &res.Industries[i], &res.Industries[j]
		if order[x.Stage] != order[y.Stage] {
			return order[x.Stage] < order[y.Stage]
		}
		dx, dy := chDeref(x.DeltaLQ, math.Inf(-1)), chDeref(y.DeltaLQ, math.Inf(-1))
		if dx != dy {
			return dx > dy
		}
		return x.Code < y.Code
	})
	q := "LQ"
	if req.Measure == graphmodel.MeasurePatents {
		q = "RTA"
	}
	res.Rules = []string{
		fmt.Sprintf("A specialisation has %s ≥ 1; each period's %s uses that period's values of all its regions as reference.", q, q),
		fmt.Sprintf("Life-cycle stages are descriptive, not a forecast: emerging = a new specialisation; declining = a lost one, or kept with employment down more than %.0f%%; growing = kept with employment up more than %.0f%% and faster than the region's %+.1f%%; mature = kept otherwise.",
			100*req.Tolerance, 100*req.Tolerance, 100*res.RegionGrowth),
	}
	return res, nil
}

func chDeref(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

func chSum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// changeSets picks the two regional sets of a region change.
func changeSets(sets []graphmodel.RegionalSet, req RegionChangeRequest) (from, to graphmodel.RegionalSet, err error) {
	byClass := map[string][]graphmodel.RegionalSet{}
	for _, s := range sets {
		if s.Measure == req.Measure && (req.Classification == "" || s.Classification == req.Classification) {
			byClass[s.Classification] = append(byClass[s.Classification], s)
		}
	}
	var candidates []string
	for c, ss := range byClass {
		if len(ss) >= 2 {
			candidates = append(candidates, c)
		}
	}
	sort.Strings(candidates)
	switch {
	case len(candidates) == 0:
		var have []string
		for _, ss := range byClass {
			for _, s := range ss {
				have = append(have, s.Key())
			}
		}
		sort.Strings(have)
		if len(have) == 0 {
			have = []string{"none"}
		}
		return from, to, graphmodel.Errorf(graphmodel.ENOTFOUND,
			"region change: needs %s values for two periods of one classification; loaded: %s", req.Measure, strings.Join(have, ", "))
	case len(candidates) > 1:
		return from, to, graphmodel.Errorf(graphmodel.EINVALID,
			"region change: %s values of several classifications have two periods (%s): choose one", req.Measure, strings.Join(candidates, ", "))
	}
	ss := byClass[candidates[0]]
	sort.Slice(ss, func(i, j int) bool { return ss[i].Period < ss[j].Period })
	pick := func(p string, def graphmodel.RegionalSet) (graphmodel.RegionalSet, error) {
		if p == "" {
			return def, nil
		}
		var periods []string
		for _, s := range ss {
			if s.Period == p {
				return s, nil
			}
			periods = append(periods, s.Period)
		}
		return graphmodel.RegionalSet{}, graphmodel.Errorf(graphmodel.ENOTFOUND,
			"region change: no %s values of %s for period %q; periods: %s", req.Measure, candidates[0], p, strings.Join(periods, ", "))
	}
	if from, err = pick(req.From, ss[0]); err != nil {
		return from, to, err
	}
	if to, err = pick(req.To, ss[len(ss)-1]); err != nil {
		return from, to, err
	}
	if from.Period == to.Period {
		return from, to, graphmodel.Errorf(graphmodel.EINVALID, "region change: from and to are the same period %q: expected two different periods", from.Period)
	}
	return from, to, nil
}
