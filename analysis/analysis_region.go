package analysis

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/variety"

	"github.com/domainscope/domainscope/graphmodel"
)

// RegionRequest asks for the profile of one region.
type RegionRequest struct {
	// DomainsRequest selects the relatedness graph and the domains used for
	// cross-clustering (Runs is usually 0 here).
	DomainsRequest
	Region string `json:"region"` // region ID or name
	// Regions, when given, are summed into one functional region
	// (AggregateRegions) that is analysed instead of Region alone.
	Regions []string           `json:"regions,omitempty"`
	Measure graphmodel.Measure `json:"measure"` // employment (LQ) or patents (RTA); default employment
	// RegionalPeriod selects the regional values; "" takes the latest.
	RegionalPeriod string `json:"regional_period,omitempty"`
	// VarietyLevel is the classification level whose groups split related
	// from unrelated variety; -1 groups by the detected domains instead.
	VarietyLevel int `json:"variety_level"`
	// MinCount is the minimum number of patents for RTA to be defined.
	MinCount      float64 `json:"min_count,omitempty"`
	Opportunities int     `json:"opportunities,omitempty"`
	// MinRelated: opportunities need links to at least this many of the region's specialisations.
	MinRelated int `json:"min_related"`
	// MinJobs is the least value (jobs; patents with that measure) of an
	// established specialisation; nil takes DefaultEvidence's.
	MinJobs *float64 `json:"min_jobs,omitempty"`
	// Alpha is the one-sided level of the LQ test and the density bound (0: DefaultAlpha).
	Alpha float64 `json:"significance,omitempty"`
	// MinMoves is the least count on an opportunity's supporting links (nil: DefaultMinMoves).
	MinMoves *float64 `json:"min_moves,omitempty"`
	// RankBy orders the opportunities: RankDensityLower ("" too) or RankDensity.
	RankBy string `json:"rank_by,omitempty"`
}

// evidence returns the thresholds of a request, defaults filled in.
func (r RegionRequest) evidence() Evidence {
	ev := DefaultEvidence(r.Measure)
	ev.MinSupport = r.MinRelated
	if r.MinJobs != nil {
		ev.MinValue = *r.MinJobs
	}
	if r.Alpha != 0 {
		ev.Alpha = r.Alpha
	}
	if r.MinMoves != nil {
		ev.MinMoves = *r.MinMoves
	}
	if r.RankBy != "" {
		ev.RankBy = r.RankBy
	}
	return ev
}

// RegionResult is a region's profile with what it was computed from.
type RegionResult struct {
	Request    RegionRequest          `json:"request"`
	Provenance Provenance             `json:"provenance"`
	Regional   graphmodel.RegionalSet `json:"regional_set"`
	// DomainLabels names the domains that Domains and CrossClustering refer to by ID.
	DomainLabels map[int]string `json:"domain_labels"`
	*RegionalProfile
}

// findRegion resolves a region by ID, name or slug of the name.
func findRegion(regions []graphmodel.Region, q string) (graphmodel.Region, error) {
	for _, r := range regions {
		if r.ID == q || strings.EqualFold(r.Name, q) || r.ID == graphmodel.Slug(q) {
			return r, nil
		}
	}
	var names []string
	for _, r := range regions {
		names = append(names, r.ID)
	}
	sort.Strings(names)
	if len(names) > 40 {
		names = append(names[:40], "…")
	}
	return graphmodel.Region{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown region %q; regions: %s", q, strings.Join(names, ", "))
}

// latestSet returns the regional set of a measure and classification with the
// given period, or the latest one when period is "".
func latestSet(sets []graphmodel.RegionalSet, m graphmodel.Measure, classification, period string) (graphmodel.RegionalSet, error) {
	var found *graphmodel.RegionalSet
	var periods []string
	for i, s := range sets {
		if s.Measure != m || s.Classification != classification {
			continue
		}
		periods = append(periods, s.Period)
		if (period == "" && (found == nil || s.Period > found.Period)) || s.Period == period {
			found = &sets[i]
		}
	}
	if found == nil {
		if len(periods) == 0 {
			return graphmodel.RegionalSet{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "no %s values are loaded for classification %s: load them with 'domainscope ingest regional'", m, classification)
		}
		return graphmodel.RegionalSet{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "no %s values for period %q; periods: %s", m, period, strings.Join(periods, ", "))
	}
	return *found, nil
}

// Region computes a region's profile (RegionProfile): specialisations,
// related and unrelated variety, diversification opportunities by
// relatedness density, cross-clustering between its domains, and its peers.
// With req.Regions the profile is that of their sum (AggregateRegions).
func (a *Analyzer) Region(ctx context.Context, req RegionRequest) (*RegionResult, error) {
	in, prof, err := a.regionProfile(ctx, req)
	if err != nil {
		return nil, err
	}
	return &RegionResult{Request: in.req, Provenance: provenanceOf(in.snap), Regional: in.set, DomainLabels: in.labels, RegionalProfile: prof}, nil
}

// regionProfile loads the inputs of req (regionInputs) and the regional
// profile of its region (RegionProfile).
func (a *Analyzer) regionProfile(ctx context.Context, req RegionRequest) (*regionInputs, *RegionalProfile, error) {
	in, err := a.regionInputs(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	prof, err := RegionProfile(in.m, in.union, in.reg.ID, in.opt)
	if err != nil {
		return nil, nil, err
	}
	return in, prof, nil
}

// requiredRegionInputs is regionInputs for an analysis that needs a region:
// a request with neither Region nor Regions is EINVALID with Field "region"
// and message msg.
func (a *Analyzer) requiredRegionInputs(ctx context.Context, req RegionRequest, msg string) (*regionInputs, error) {
	if req.Region == "" && len(req.Regions) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "%s", msg)
	}
	return a.regionInputs(ctx, req)
}

// regionInputs holds what a regional analysis reads: the request with its
// defaults, the regional matrix aligned to the relatedness graph, the
// region asked for, and the profile options.
type regionInputs struct {
	req    RegionRequest
	ev     Evidence
	snap   *Snapshot
	set    graphmodel.RegionalSet
	m      *RegionalMatrix
	union  *graph.Graph
	reg    graphmodel.Region
	opt    ProfileOptions
	labels map[int]string
}

// regionInputs loads and checks the inputs of req. The region is
// req.Region, or the sum of req.Regions when given (then req.Region must be
// "" or one of them); a request without either leaves reg empty.
func (a *Analyzer) regionInputs(ctx context.Context, req RegionRequest) (*regionInputs, error) {
	if err := profileMeasure(&req.Measure); err != nil {
		return nil, err
	}
	ev := req.evidence()
	if err := ev.check(); err != nil {
		return nil, err
	}
	dres, err := a.domains(ctx, req.DomainsRequest, false)
	if err != nil {
		return nil, err
	}
	snap := dres.Snapshot()
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	set, err := latestSet(sets, req.Measure, snap.Classification, req.RegionalPeriod)
	if err != nil {
		return nil, err
	}
	values, err := a.Store.RegionalValues(ctx, set)
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	regions := regionsWithValues(all, values)
	var reg graphmodel.Region
	switch {
	case len(req.Regions) > 0:
		members := req.Regions
		if req.Region != "" {
			members = append([]string{req.Region}, members...)
		}
		if values, regions, reg, err = AggregateRegions(values, regions, members); err != nil {
			return nil, err
		}
	case req.Region != "":
		if reg, err = findRegion(regions, req.Region); err != nil {
			return nil, err
		}
	}
	m, err := NewRegionalMatrix(values, regions, snap.Codes)
	if err != nil {
		return nil, err
	}
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	_, union, err := combined(snap, req.Weights)
	if err != nil {
		return nil, err
	}
	_, names := sectorsAt(industries, nil, 0)
	comm := make([]int32, snap.Nodes())
	for i, c := range dres.Community() {
		comm[i] = c
		if c == 0 {
			comm[i] = -1 // isolated industries are in no domain
		}
	}
	opt := ProfileOptions{
		Measure: req.Measure, Period: set.Period, MinCount: req.MinCount, Names: names,
		Domains: comm, Opportunities: req.Opportunities, MinRelated: req.MinRelated,
		Evidence: &ev, Counts: unionCounts(snap, union), Complexity: true,
	}
	if req.VarietyLevel >= 0 {
		opt.Groups, _ = GroupsAtLevel(m.Codes, industries, req.VarietyLevel)
		opt.GroupsBy = "level " + strconv.Itoa(req.VarietyLevel)
	} else {
		opt.Groups = variety.GroupsByDomain(comm, len(m.Codes))
		opt.GroupsBy = "domains"
	}
	labels := make(map[int]string, len(dres.Domains))
	for _, d := range dres.Domains {
		labels[d.ID] = d.Label
	}
	return &regionInputs{req: req, ev: ev, snap: snap, set: set, m: m, union: union, reg: reg, opt: opt, labels: labels}, nil
}

// regionsWithValues returns the regions of all (in their order) that have
// a value in values.
func regionsWithValues(all []graphmodel.Region, values []graphmodel.RegionalValue) []graphmodel.Region {
	present := map[string]bool{}
	for _, v := range values {
		present[v.Region] = true
	}
	var regions []graphmodel.Region
	for _, r := range all {
		if present[r.ID] {
			regions = append(regions, r)
		}
	}
	return regions
}

// profileMeasure sets an empty measure of a profile, change or dynamics
// request to employment and checks it: employment (LQ) or patents (RTA).
// Anything else is EINVALID with Field "measure"; publications are compared
// with jobs and patents by Bases.
func profileMeasure(mp *graphmodel.Measure) error {
	if *mp == "" {
		*mp = graphmodel.MeasureEmployment
	}
	m := *mp
	if _, err := graphmodel.ParseMeasure(string(m)); err != nil {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "measure", "%s", graphmodel.ErrorMessage(err))
	}
	if m == graphmodel.MeasurePublications {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "measure",
			"measure publications: this analysis takes employment (LQ) or patents (RTA); publications are compared with jobs and patents by 'region bases' (RSA)")
	}
	return nil
}

// unionCounts returns the summed raw count of every link of union (the
// combined graph of snap's layers), aligned with union.Adj; nil when no
// layer has counts.
func unionCounts(snap *Snapshot, union *graph.Graph) []float64 {
	has := false
	for _, l := range snap.Layers {
		for _, c := range l.Count {
			if c > 0 {
				has = true
				break
			}
		}
	}
	if !has {
		return nil
	}
	if len(snap.Layers) == 1 && snap.Layers[0].Graph == union {
		return snap.Layers[0].Count
	}
	sum := make(map[[2]int32]float64)
	for _, l := range snap.Layers {
		g := l.Graph
		for i := 0; i < g.Nodes(); i++ {
			for k := g.Off[i]; k < g.Off[i+1]; k++ {
				sum[[2]int32{int32(i), g.Adj[k]}] += l.Count[k]
			}
		}
	}
	out := make([]float64, len(union.Adj))
	for i := 0; i < union.Nodes(); i++ {
		for k := union.Off[i]; k < union.Off[i+1]; k++ {
			out[k] = sum[[2]int32{int32(i), union.Adj[k]}]
		}
	}
	return out
}
