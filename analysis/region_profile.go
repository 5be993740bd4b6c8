package analysis

import (
	"fmt"
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
	// Specialisations are industries with LQ ≥ 1, by LQ descending.
	Specialisations []Specialisation `json:"specialisations"`
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
	// Domains and CrossClustering need a partition (ProfileOptions.Domains).
	Domains         []DomainPresence  `json:"domains"`
	CrossClustering []CrossClustering `json:"cross_clustering"`
	// Peers are the other regions, most similar portfolio first.
	Peers    []Peer   `json:"peers"`
	Warnings []string `json:"warnings,omitempty"`
}

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
	CrossPairs    int // domain pairs, default 10
	Bridges       int // bridging industries per pair, default 5
	CrossLinks    int // strongest cross links per pair, default 5
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
	lqs := make([][]float64, len(m.Regions))
	for q := range lqs {
		lqs[q] = quotient(q)
	}
	v, err := NewRegionView(m, g, r, lqs[r], opt.Names)
	if err != nil {
		return nil, err
	}
	if g == nil {
		p.Warnings = append(p.Warnings, "no relatedness graph: no opportunities or cross clustering")
	}

	// Specialisations with rarity.
	counts := SpecialisationCounts(lqs)
	common := 0
	for i, s := range v.Specialised {
		if !s {
			continue
		}
		sp := Specialisation{IndustryRef: v.Ref(i), Regions: counts[i], Common: IsCommon(counts[i], len(m.Regions)), Domain: -1}
		if opt.Domains != nil && i < m.Nodes && opt.Domains[i] >= 0 {
			sp.Domain = int(opt.Domains[i])
		}
		if sp.Common {
			common++
		}
		p.Specialisations = append(p.Specialisations, sp)
	}
	sort.Slice(p.Specialisations, func(a, b int) bool {
		x, y := p.Specialisations[a], p.Specialisations[b]
		if x.LQ != y.LQ {
			return x.LQ > y.LQ
		}
		return x.Code < y.Code
	})
	if len(p.Specialisations) > 0 {
		p.CommonShare = float64(common) / float64(len(p.Specialisations))
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
	v.MinRelated = opt.MinRelated
	p.Opportunities = append(p.Opportunities, v.Opportunities(profileLimit(opt.Opportunities, 20), profileLimit(opt.Explain, 5))...)
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
