package analysis

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// Limits of the multi-region analyses.
const (
	// MaxCompare is the most regions CompareRegions puts side by side.
	MaxCompare = 4
	// MaxAggregate is the most regions summed into one functional region.
	MaxAggregate = 64
)

// AggregateRegions sums the regions ids (IDs or names, at least two
// distinct) into one functional or cross-border region: its value for every
// industry is Σ_{r ∈ ids} x_ri, its ID the members' IDs joined by "+" and its
// name their names joined by " + ". The members' rows are replaced by the
// sum, so the reference totals x_·i and x_·· are unchanged and every quotient
// of the sum is the LQ of the merged economy against the same reference. It
// returns the new values and regions (the sum last) and the sum. An unknown
// region is ENOTFOUND; fewer than two distinct or more than MaxAggregate
// regions are EINVALID (field "regions").
func AggregateRegions(values []graphmodel.RegionalValue, regions []graphmodel.Region, ids []string) ([]graphmodel.RegionalValue, []graphmodel.Region, graphmodel.Region, error) {
	var members []graphmodel.Region
	in := map[string]bool{}
	for _, q := range ids {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		r, err := findRegion(regions, q)
		if err != nil {
			return nil, nil, graphmodel.Region{}, err
		}
		if !in[r.ID] {
			in[r.ID] = true
			members = append(members, r)
		}
	}
	if len(members) < 2 || len(members) > MaxAggregate {
		return nil, nil, graphmodel.Region{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "regions",
			"regions: expected 2 to %d distinct regions to sum into one, found %d (%s)", MaxAggregate, len(members), strings.Join(ids, ","))
	}
	idParts, nameParts := make([]string, len(members)), make([]string, len(members))
	for k, r := range members {
		idParts[k] = r.ID
		nameParts[k] = r.Name
		if nameParts[k] == "" {
			nameParts[k] = r.ID
		}
	}
	sum := graphmodel.Region{ID: strings.Join(idParts, "+"), Name: strings.Join(nameParts, " + ")}
	if sum.ID != "" {
		for _, r := range regions {
			if r.ID == sum.ID {
				return nil, nil, graphmodel.Region{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "regions",
					"regions: the sum's ID %q is already a region's", sum.ID)
			}
		}
	}
	var outRegions []graphmodel.Region
	for _, r := range regions {
		if !in[r.ID] {
			outRegions = append(outRegions, r)
		}
	}
	outRegions = append(outRegions, sum)
	total := map[string]float64{}
	var order []string
	var outValues []graphmodel.RegionalValue
	for _, v := range values {
		if !in[v.Region] {
			outValues = append(outValues, v)
			continue
		}
		if _, ok := total[v.Industry]; !ok {
			order = append(order, v.Industry)
		}
		total[v.Industry] += v.Value
	}
	for _, code := range order {
		outValues = append(outValues, graphmodel.RegionalValue{Region: sum.ID, Industry: code, Value: total[code]})
	}
	return outValues, outRegions, sum, nil
}

// RegionCompareRequest asks for two to MaxCompare regions side by side; the
// RegionRequest's Region and Regions are ignored.
type RegionCompareRequest struct {
	RegionRequest
	Compare []string `json:"compare"`
}

// ComparedRegion is one region of a comparison: its numbers and what it is
// strong in.
type ComparedRegion struct {
	Region     graphmodel.Region `json:"region"`
	Total      float64           `json:"total"`
	Share      float64           `json:"share"`
	Industries int               `json:"industries"`
	// Established counts its established specialisations; Unique lists the
	// established ones none of the other compared regions has.
	Established int              `json:"established"`
	Unique      []Specialisation `json:"unique"`
	// Domains are the domains with an established specialisation of the
	// region, most specialised members first (at most 10).
	Domains       []DomainPresence  `json:"domains"`
	Opportunities []Opportunity     `json:"opportunities"`
	Variety       RegionVarietyLine `json:"variety"`
	HHI           float64           `json:"hhi"`
	// ECI is the region's complexity (nil when it cannot be computed).
	ECI     *float64 `json:"eci,omitempty"`
	ECIRank int      `json:"eci_rank,omitempty"`
}

// RegionVarietyLine is a region's entropy of the industry mix, split into
// related (within groups) and unrelated (between groups) variety.
type RegionVarietyLine struct {
	Entropy   float64 `json:"entropy"`
	Related   float64 `json:"related"`
	Unrelated float64 `json:"unrelated"`
	GroupsBy  string  `json:"groups_by"`
}

// SharedSpecialisation is an industry in which every compared region has an
// established specialisation; LQ[k] is the k-th region's.
type SharedSpecialisation struct {
	Code string    `json:"code"`
	Name string    `json:"name,omitempty"`
	LQ   []float64 `json:"lq"`
}

// RegionCompareResult puts two to four regions side by side.
type RegionCompareResult struct {
	Request      RegionCompareRequest   `json:"request"`
	Provenance   Provenance             `json:"provenance"`
	Regional     graphmodel.RegionalSet `json:"regional_set"`
	DomainLabels map[int]string         `json:"domain_labels"`
	Evidence     Evidence               `json:"evidence"`
	Regions      []ComparedRegion       `json:"regions"`
	// Shared are the established specialisations all of them have, by
	// their smallest LQ descending.
	Shared []SharedSpecialisation `json:"shared"`
	// Jaccard[a][b] is |S_a ∩ S_b| / |S_a ∪ S_b| over established specialisations.
	Jaccard [][]float64 `json:"jaccard"`
}

// CompareRegions profiles two to MaxCompare regions on the same graph,
// domains and regional set and puts them side by side: their shared and
// unique established specialisations, the domains where each is strong, its
// opportunities, variety, concentration and complexity. An unknown region
// is ENOTFOUND; fewer than two distinct or more than MaxCompare regions are
// EINVALID (field "regions").
func (a *Analyzer) CompareRegions(ctx context.Context, req RegionCompareRequest) (*RegionCompareResult, error) {
	var ids []string
	for _, q := range req.Compare {
		if q = strings.TrimSpace(q); q != "" {
			ids = append(ids, q)
		}
	}
	if len(ids) < 2 || len(ids) > MaxCompare {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "regions",
			"regions: expected 2 to %d regions to compare, found %d (%s)", MaxCompare, len(ids), strings.Join(req.Compare, ","))
	}
	base := req.RegionRequest
	base.Region, base.Regions = "", nil
	in, err := a.regionInputs(ctx, base)
	if err != nil {
		return nil, err
	}
	var profiles []*RegionalProfile
	seen := map[string]bool{}
	for _, q := range ids {
		r, err := findRegion(in.m.Regions, q)
		if err != nil {
			return nil, err
		}
		if seen[r.ID] {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "regions", "regions: %s is given twice", r.ID)
		}
		seen[r.ID] = true
		p, err := RegionProfile(in.m, in.union, r.ID, in.opt)
		if err != nil {
			return nil, err
		}
		profiles = append(profiles, p)
	}
	out := &RegionCompareResult{Request: req, Provenance: provenanceOf(in.snap), Regional: in.set, DomainLabels: in.labels, Evidence: in.ev}
	out.Request.RegionRequest = in.req
	sets := make([]map[string]Specialisation, len(profiles))
	for k, p := range profiles {
		sets[k] = map[string]Specialisation{}
		for _, s := range p.Specialisations {
			if s.Established {
				sets[k][s.Code] = s
			}
		}
	}
	for k, p := range profiles {
		c := ComparedRegion{Region: p.Region, Total: p.Total, Share: p.Share, Industries: p.Industries,
			Established: p.Established, Unique: []Specialisation{}, Domains: []DomainPresence{},
			Opportunities: p.Opportunities, HHI: p.HHI,
			Variety: RegionVarietyLine{Entropy: p.Variety.Entropy, Related: p.Variety.Related, Unrelated: p.Variety.Unrelated, GroupsBy: p.VarietyGroups}}
		for _, s := range p.Specialisations {
			if !s.Established {
				continue
			}
			alone := true
			for j := range profiles {
				if _, ok := sets[j][s.Code]; ok && j != k {
					alone = false
				}
			}
			if alone {
				c.Unique = append(c.Unique, s)
			}
		}
		for _, d := range p.Domains {
			if d.Specialised > 0 {
				c.Domains = append(c.Domains, d)
			}
		}
		sort.SliceStable(c.Domains, func(a, b int) bool { return c.Domains[a].Specialised > c.Domains[b].Specialised })
		if len(c.Domains) > 10 {
			c.Domains = c.Domains[:10]
		}
		if p.Complexity != nil {
			e := p.Complexity.ECI
			c.ECI, c.ECIRank = &e, p.Complexity.ECIRank
		}
		out.Regions = append(out.Regions, c)
	}
	out.Shared = []SharedSpecialisation{}
	for code, s := range sets[0] {
		sh := SharedSpecialisation{Code: code, Name: s.Name}
		for k := range profiles {
			t, ok := sets[k][code]
			if !ok {
				sh.LQ = nil
				break
			}
			sh.LQ = append(sh.LQ, t.LQ)
		}
		if sh.LQ != nil {
			out.Shared = append(out.Shared, sh)
		}
	}
	minLQ := func(x []float64) float64 {
		m := math.Inf(1)
		for _, v := range x {
			m = math.Min(m, v)
		}
		return m
	}
	sort.Slice(out.Shared, func(a, b int) bool {
		x, y := minLQ(out.Shared[a].LQ), minLQ(out.Shared[b].LQ)
		if x != y {
			return x > y
		}
		return out.Shared[a].Code < out.Shared[b].Code
	})
	out.Jaccard = make([][]float64, len(profiles))
	for a := range profiles {
		out.Jaccard[a] = make([]float64, len(profiles))
		for b := range profiles {
			var inter, union int
			for code := range sets[a] {
				if _, ok := sets[b][code]; ok {
					inter++
				}
			}
			union = len(sets[a]) + len(sets[b]) - inter
			if union > 0 {
				out.Jaccard[a][b] = float64(inter) / float64(union)
			}
		}
	}
	return out, nil
}

// PartnersRequest asks for the partner regions of one region (or of a sum
// of regions, RegionRequest.Regions).
type PartnersRequest struct {
	RegionRequest
	Top     int `json:"top"`     // partners listed (0: all)
	Explain int `json:"explain"` // industries explaining each (0: 5)
}

// PartnerIndustry is an industry that makes a region a partner: the
// partner has an established specialisation in it, the focal region has
// none but is related to it with density Density.
type PartnerIndustry struct {
	IndustryRef         // the partner's values for it
	Density     float64 `json:"density"` // the focal region's RD_ai
	Domain      int     `json:"domain"`  // its domain, -1 when none
	// Opportunity: it is among the focal region's listed opportunities.
	Opportunity bool `json:"opportunity"`
}

// Partner is a region ranked by its complementarity to the focal region.
type Partner struct {
	Region graphmodel.Region `json:"region"`
	// Complementarity is C_ab = 100 · Σ_{i: M_ai=0} M_bi RD_ai / Σ_{i: M_ai=0} RD_ai:
	// the share of the focal region a's relatedness density over the
	// industries it lacks that partner b holds as established
	// specialisations (0–100).
	Complementarity float64 `json:"complementarity"`
	// Covered counts the industries of that numerator (M_bi = 1, M_ai = 0, RD_ai > 0);
	// Opportunities of them are among a's listed opportunities.
	Covered       int `json:"covered"`
	Opportunities int `json:"opportunities"`
	// Jaccard is the similarity of the two portfolios (as in Peer), for contrast.
	Jaccard float64 `json:"jaccard"`
	// Industries explain the score: the largest terms RD_ai of its numerator.
	Industries []PartnerIndustry `json:"industries"`
	Why        string            `json:"why"`
}

// PartnersResult ranks the other regions as partners of one region by
// complementarity, next to its similarity-based peers.
type PartnersResult struct {
	Request      PartnersRequest        `json:"request"`
	Provenance   Provenance             `json:"provenance"`
	Regional     graphmodel.RegionalSet `json:"regional_set"`
	DomainLabels map[int]string         `json:"domain_labels"`
	Evidence     Evidence               `json:"evidence"`
	Region       graphmodel.Region      `json:"region"`
	// Formula states the score.
	Formula  string    `json:"formula"`
	Partners []Partner `json:"partners"`
	Peers    []Peer    `json:"peers"`
}

// ComplementarityFormula is the partner score in words and symbols.
const ComplementarityFormula = "C_ab = 100 · Σ_{i: M_ai=0} M_bi · RD_ai / Σ_{i: M_ai=0} RD_ai — " +
	"of the relatedness density region a has towards industries it lacks, the share that lies in industries where region b has an established specialisation"

// Partners ranks every other region b as a partner of the requested region
// a by complementarity C_ab (see Partner): b is strong where a is related
// but not yet specialised, so b holds know-how a's specialisations and
// domains point to. M are the established specialisations (Evidence), RD_ai
// the relatedness density (Hidalgo et al. 2007) of a on the request's
// graph. Ties go to the less similar portfolio (lower Jaccard), then ID.
// The peers (PortfolioSimilarity) come alongside.
func (a *Analyzer) Partners(ctx context.Context, req PartnersRequest) (*PartnersResult, error) {
	if req.Top < 0 || req.Explain < 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "top", "top %d, explain %d: expected numbers >= 0", req.Top, req.Explain)
	}
	if req.Region == "" && len(req.Regions) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "partners: no region given")
	}
	in, prof, err := a.regionProfile(ctx, req.RegionRequest)
	if err != nil {
		return nil, err
	}
	req.RegionRequest = in.req
	return partners(in, prof, req), nil
}

// partners scores the other regions of in.m against the profile prof of in.reg.
func partners(in *regionInputs, prof *RegionalProfile, req PartnersRequest) *PartnersResult {
	m, g := in.m, in.union
	r, _ := m.RegionIndex(in.reg.ID)
	quotient := func(q int) []float64 {
		if in.req.Measure == graphmodel.MeasurePatents {
			return m.RTA(q, in.req.MinCount)
		}
		return m.LQ(q)
	}
	est := make([][]bool, len(m.Regions))
	lqs := make([][]float64, len(m.Regions))
	for q := range m.Regions {
		lqs[q] = quotient(q)
		est[q], _ = established(m, q, lqs[q], in.ev)
	}
	rd, _ := relatednessDensity(g, est[r])
	var den float64
	for i := 0; i < m.Nodes; i++ {
		if !est[r][i] {
			den += rd[i]
		}
	}
	opp := map[int]bool{}
	for _, o := range prof.Opportunities {
		opp[o.Node] = true
	}
	jac := map[string]float64{}
	for _, p := range prof.Peers {
		jac[p.Region.ID] = p.Jaccard
	}
	explain := req.Explain
	if explain == 0 {
		explain = 5
	}
	out := &PartnersResult{Request: req, Provenance: provenanceOf(in.snap), Regional: in.set, DomainLabels: in.labels,
		Evidence: in.ev, Region: in.reg, Formula: ComplementarityFormula, Partners: []Partner{}, Peers: prof.Peers}
	for q := range m.Regions {
		if q == r {
			continue
		}
		p := Partner{Region: m.Regions[q], Jaccard: jac[m.Regions[q].ID], Industries: []PartnerIndustry{}}
		view := RegionView{M: m, R: q, LQ: lqs[q], Names: in.opt.Names}
		var num float64
		var terms []PartnerIndustry
		for i := 0; i < m.Nodes; i++ {
			if est[r][i] || !est[q][i] || !(rd[i] > 0) {
				continue
			}
			num += rd[i]
			p.Covered++
			if opp[i] {
				p.Opportunities++
			}
			t := PartnerIndustry{IndustryRef: view.Ref(i), Density: rd[i], Domain: -1, Opportunity: opp[i]}
			if d := in.opt.Domains[i]; d >= 0 {
				t.Domain = int(d)
			}
			terms = append(terms, t)
		}
		if den > 0 {
			p.Complementarity = 100 * num / den
		}
		sort.Slice(terms, func(a, b int) bool {
			if terms[a].Density != terms[b].Density {
				return terms[a].Density > terms[b].Density
			}
			return terms[a].Code < terms[b].Code
		})
		if len(terms) > explain {
			terms = terms[:explain]
		}
		p.Industries = append(p.Industries, terms...)
		p.Why = partnerWhy(in.reg, p, in.labels)
		out.Partners = append(out.Partners, p)
	}
	sort.Slice(out.Partners, func(a, b int) bool {
		x, y := out.Partners[a], out.Partners[b]
		if x.Complementarity != y.Complementarity {
			return x.Complementarity > y.Complementarity
		}
		if x.Jaccard != y.Jaccard {
			return x.Jaccard < y.Jaccard
		}
		return x.Region.ID < y.Region.ID
	})
	if req.Top > 0 && len(out.Partners) > req.Top {
		out.Partners = out.Partners[:req.Top]
	}
	return out
}

// partnerWhy explains a partner in one sentence.
func partnerWhy(a graphmodel.Region, p Partner, labels map[int]string) string {
	name := func(r graphmodel.Region) string {
		if r.Name != "" {
			return r.Name
		}
		return r.ID
	}
	if p.Covered == 0 {
		return name(p.Region) + " has no established specialisation in the industries " + name(a) + " is related to but lacks."
	}
	var names []string
	for _, t := range p.Industries {
		s := t.Code
		if t.Name != "" {
			s = t.Name
		}
		if l, ok := labels[t.Domain]; ok && t.Domain >= 0 && l != "" {
			if r := []rune(l); len(r) > 40 {
				l = string(r[:39]) + "…"
			}
			s += " (domain " + l + ")"
		}
		names = append(names, s)
	}
	return name(p.Region) + " is specialised in " + strconv.Itoa(p.Covered) + " industries " + name(a) +
		" is related to but lacks (" + strconv.Itoa(p.Opportunities) + " of them among its listed opportunities), such as " +
		strings.Join(names, "; ") + "."
}
