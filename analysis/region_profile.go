package analysis

import (
	"fmt"
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/variety"

	"github.com/domainscope/domainscope/graphmodel"
)

// Specialisation is an industry in which a region has LQ (or RTA) ≥ 1.
type Specialisation struct {
	IndustryRef
	// Regions is how many regions are specialised in it, this one included;
	// Common is IsCommon(Regions, number of regions): a specialisation that
	// most other regions share.
	Regions int  `json:"regions"`
	Common  bool `json:"common"`
	Domain  int  `json:"domain"` // its domain, -1 without domains or node
	// CellEvidence is the Poisson test of the cell and its LQ bound.
	CellEvidence
	// Established: value ≥ the minimum and p ≤ α; otherwise Flag says why
	// and the specialisation is listed after the established ones.
	Established bool   `json:"established"`
	Flag        string `json:"flag,omitempty"`
	// PCI is the industry's complexity (absent when not computed).
	PCI *float64 `json:"pci,omitempty"`
}

// RegionalProfile is everything domainscope reports about one region for one
// regional set (measure and period): its specialisations, diversity,
// diversification and cross-clustering opportunities and its peers.
type RegionalProfile struct {
	Region  graphmodel.Region `json:"region"`
	Measure string            `json:"measure,omitempty"`
	Period  string            `json:"period,omitempty"`
	// Quotient is "lq" (location quotient) or "rta" (patents).
	Quotient string `json:"quotient"`
	// Total is x_r·; Share is x_r· / x_··.
	Total      float64 `json:"total"`
	Share      float64 `json:"share"`
	Industries int     `json:"industries"` // industries with a value > 0
	// Evidence holds the thresholds used.
	Evidence Evidence `json:"evidence"`
	// Specialisations are industries with LQ ≥ 1: the Established ones by
	// LQ descending, then the flagged ones (too small or not significant)
	// by LQ descending.
	Specialisations []Specialisation `json:"specialisations"`
	Established     int              `json:"established"`
	Flagged         int              `json:"flagged"`
	// CommonShare is the share of Specialisations that are Common; Bandwagon
	// is CommonShare ≥ BandwagonShare.
	CommonShare float64 `json:"common_share"`
	Bandwagon   bool    `json:"bandwagon"`
	// Variety decomposes the entropy of the industry mix by VarietyGroups
	// (e.g. "division", "domains"; "industry" when no grouping was given,
	// so that UV = H and RV = 0).
	Variety       variety.Variety `json:"variety"`
	VarietyGroups string          `json:"variety_groups"`
	// HHI is the Herfindahl–Hirschman concentration of the industry mix.
	HHI           float64       `json:"hhi"`
	Opportunities []Opportunity `json:"opportunities"`
	// ThinOpportunities counts industries with density > 0 left out of
	// Opportunities for too little support (Evidence.MinSupport, MinMoves).
	ThinOpportunities int `json:"thin_opportunities"`
	// Complexity of the region and its quadrant cuts (nil when it cannot be computed).
	Complexity *RegionComplexity `json:"complexity,omitempty"`
	// Domains and CrossClustering need a partition (ProfileOptions.Domains).
	Domains         []DomainPresence  `json:"domains"`
	CrossClustering []CrossClustering `json:"cross_clustering"`
	// Peers are the other regions, most similar portfolio first.
	Peers    []Peer   `json:"peers"`
	Warnings []string `json:"warnings,omitempty"`

	quadrant []QuadrantPoint
}

// Quadrant returns the industries the region lacks in the density ×
// complexity plane, by code (nil without complexity or graph).
func (p *RegionalProfile) Quadrant() []QuadrantPoint { return p.quadrant }

// ProfileOptions tunes RegionProfile. Limits: 0 takes the default, < 0 means
// no limit.
type ProfileOptions struct {
	// Measure and Period label the profile. With MeasurePatents the
	// quotient is RTA with MinCount (RegionalMatrix.RTA), otherwise LQ.
	Measure  graphmodel.Measure
	Period   string
	MinCount float64
	// Names maps industry codes to names (see IndustryNames).
	Names map[string]string
	// Domains is a partition of the graph's nodes (community ID per node, < 0
	// unassigned); nil skips cross clustering.
	Domains []int32
	// Groups labels every matrix column with its group for related variety
	// (GroupsAtLevel, GroupsByPrefix, GroupsByDomain); nil takes the domains
	// when given. GroupsBy names the grouping.
	Groups   []string
	GroupsBy string

	Opportunities int // default 20
	Explain       int // specialisations explaining each opportunity, default 5
	MinRelated    int // opportunities need links to at least this many specialisations (0: no minimum)
	// Evidence sets the minimum value and test of a specialisation and the
	// support and order of opportunities (MinRelated is then ignored); nil
	// keeps every LQ ≥ 1 and ranks by density with MinRelated.
	Evidence *Evidence
	// Counts holds the raw count of each link of the graph, aligned with
	// its Adj (nil: the layers have no counts).
	Counts []float64
	// Complexity adds ECI/PCI, COI/COG and the quadrants.
	Complexity bool
	CrossPairs int // domain pairs, default 10
	Bridges    int // bridging industries per pair, default 5
	CrossLinks int // strongest cross links per pair, default 5
}

func profileLimit(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// IndustryNames maps industry codes to names.
func IndustryNames(industries []graphmodel.Industry) map[string]string {
	out := make(map[string]string, len(industries))
	for _, ind := range industries {
		out[ind.Code] = ind.Name
	}
	return out
}

// RegionProfile computes the profile of one region (by ID) of m. g is the
// relatedness graph the matrix is aligned to (nil: no densities,
// opportunities or cross clustering). Unknown region: ENOTFOUND; a graph,
// partition or grouping of the wrong size: EINVALID.
func RegionProfile(m *RegionalMatrix, g *graph.Graph, region string, opt ProfileOptions) (*RegionalProfile, error) {
	r, err := m.RegionIndex(region)
	if err != nil {
		return nil, err
	}
	if opt.Domains != nil && len(opt.Domains) != m.Nodes {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "domains: %d community IDs for %d graph nodes", len(opt.Domains), m.Nodes)
	}
	if opt.Groups != nil && len(opt.Groups) != len(m.Codes) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "variety groups: %d labels for %d industries", len(opt.Groups), len(m.Codes))
	}
	p := &RegionalProfile{
		Region: m.Regions[r], Measure: string(opt.Measure), Period: opt.Period, Quotient: "lq",
		Total:           m.RegionTotal[r],
		Specialisations: []Specialisation{}, Opportunities: []Opportunity{},
		Domains: []DomainPresence{}, CrossClustering: []CrossClustering{}, Peers: []Peer{},
	}
	if m.ReferenceTotal > 0 {
		p.Share = m.RegionTotal[r] / m.ReferenceTotal
	}
	quotient := m.LQ
	if opt.Measure == graphmodel.MeasurePatents {
		p.Quotient = "rta"
		quotient = func(q int) []float64 { return m.RTA(q, opt.MinCount) }
		if m.RegionTotal[r] < opt.MinCount {
			p.Warnings = append(p.Warnings, fmt.Sprintf(
				"RTA is undefined: the region has %g patents in total, fewer than the minimum of %g", m.RegionTotal[r], opt.MinCount))
		}
	}
	if !(m.RegionTotal[r] > 0) {
		p.Warnings = append(p.Warnings, "the region has no values: no location quotients")
	}
	ev := Evidence{MinSupport: opt.MinRelated, Alpha: 1, RankBy: RankDensity}
	if opt.Evidence != nil {
		ev = *opt.Evidence
		if err := ev.check(); err != nil {
			return nil, err
		}
	}
	if opt.Counts != nil && (g == nil || len(opt.Counts) != len(g.Adj)) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "link counts: %d counts for the graph's links", len(opt.Counts))
	}
	p.Evidence = ev
	unit := "jobs"
	if opt.Measure == graphmodel.MeasurePatents {
		unit = "patents"
	}
	lqs := make([][]float64, len(m.Regions))
	est := make([][]bool, len(m.Regions))
	var cells []CellEvidence
	for q := range lqs {
		lqs[q] = quotient(q)
		var c []CellEvidence
		est[q], c = established(m, q, lqs[q], ev)
		if q == r {
			cells = c
		}
	}
	v, err := NewRegionView(m, g, r, lqs[r], opt.Names)
	if err != nil {
		return nil, err
	}
	if err := v.UseSpecialised(est[r]); err != nil {
		return nil, err
	}
	v.Counts, v.MinRelated, v.MinMoves, v.Alpha, v.RankBy = opt.Counts, ev.MinSupport, ev.MinMoves, ev.Alpha, ev.RankBy
	if ev.Alpha >= 1 {
		v.Alpha = DefaultAlpha
	}
	if g == nil {
		p.Warnings = append(p.Warnings, "no relatedness graph: no opportunities or cross clustering")
	}

	// Complexity.
	var pci []float64
	var cog map[int]float64
	if opt.Complexity {
		var rc *RegionComplexity
		rc, pci, p.quadrant, cog, err = regionComplexity(v, est, ev.MinSupport, ev.MinMoves)
		if err != nil {
			p.Warnings = append(p.Warnings, "no complexity: "+err.Error())
		}
		p.Complexity = rc
	}
	pciOf := func(i int) *float64 {
		if pci == nil || math.IsNaN(pci[i]) {
			return nil
		}
		x := pci[i]
		return &x
	}

	// Specialisations with rarity and evidence.
	counts := make([]int, len(m.Codes))
	for _, row := range est {
		for i, ok := range row {
			if ok {
				counts[i]++
			}
		}
	}
	common := 0
	for i, lq := range lqs[r] {
		if !(lq >= 1) {
			continue
		}
		sp := Specialisation{IndustryRef: v.Ref(i), Regions: counts[i], Common: IsCommon(counts[i], len(m.Regions)), Domain: -1,
			CellEvidence: cells[i], Established: est[r][i], PCI: pciOf(i)}
		if opt.Domains != nil && i < m.Nodes && opt.Domains[i] >= 0 {
			sp.Domain = int(opt.Domains[i])
		}
		if !sp.Established {
			sp.Flag = specialisationFlag(sp.Value, sp.CellEvidence, ev, unit)
			p.Flagged++
		} else {
			p.Established++
			if sp.Common {
				common++
			}
		}
		p.Specialisations = append(p.Specialisations, sp)
	}
	sort.Slice(p.Specialisations, func(a, b int) bool {
		x, y := p.Specialisations[a], p.Specialisations[b]
		if x.Established != y.Established {
			return x.Established
		}
		if x.LQ != y.LQ {
			return x.LQ > y.LQ
		}
		return x.Code < y.Code
	})
	if p.Established > 0 {
		p.CommonShare = float64(common) / float64(p.Established)
		p.Bandwagon = p.CommonShare >= BandwagonShare
	}

	// Diversity.
	row := m.Row(r)
	for _, x := range row {
		if x > 0 {
			p.Industries++
		}
	}
	groups, groupsBy := opt.Groups, opt.GroupsBy
	switch {
	case groups != nil:
	case opt.Domains != nil:
		groups, groupsBy = variety.GroupsByDomain(opt.Domains, len(m.Codes)), "domains"
	default:
		groups, groupsBy = make([]string, len(m.Codes)), "industry"
		copy(groups, m.Codes)
		p.Warnings = append(p.Warnings, "no grouping for related variety: every industry is its own group (UV = H, RV = 0)")
	}
	if groupsBy == "" {
		groupsBy = "given"
	}
	if p.Variety, err = variety.EntropyDecomposition(row, groups); err != nil {
		return nil, err
	}
	p.VarietyGroups = groupsBy
	p.HHI = variety.HHI(row)

	// Opportunities, cross clustering, peers.
	p.Opportunities = append(p.Opportunities, v.Opportunities(profileLimit(opt.Opportunities, 20), profileLimit(opt.Explain, 5))...)
	p.ThinOpportunities = v.Thin
	for k := range p.Opportunities {
		o := &p.Opportunities[k]
		o.PCI = pciOf(o.Node)
		if g, ok := cog[o.Node]; ok {
			o.COG = &g
		}
	}
	for _, pt := range p.quadrant {
		for k := range p.Opportunities {
			if p.Opportunities[k].Node == pt.Node {
				p.Opportunities[k].Quadrant = pt.Quadrant
			}
		}
	}
	if opt.Domains != nil && g != nil {
		pairs, presence, err := v.CrossClustering(opt.Domains, profileLimit(opt.CrossPairs, 10),
			profileLimit(opt.Bridges, 5), profileLimit(opt.CrossLinks, 5))
		if err != nil {
			return nil, err
		}
		p.CrossClustering = append(p.CrossClustering, pairs...)
		p.Domains = append(p.Domains, presence...)
	}
	p.Peers = append(p.Peers, PortfolioSimilarity(m, lqs, r)...)
	return p, nil
}
