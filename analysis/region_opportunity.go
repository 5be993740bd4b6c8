package analysis

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"

	"github.com/domainscope/domainscope/graphmodel"
)

// IndustryRef names an industry of a regional profile with the region's
// values for it.
type IndustryRef struct {
	Node int    `json:"node"` // node index in the graph, -1 when it has no node
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
	// LQ is the region's location quotient (or RTA); 0 when undefined
	// (no reference value for the industry, so no region has any).
	LQ    float64 `json:"lq"`
	Value float64 `json:"value"` // x_ri: jobs or patents in the region
}

// RelatedIndustry is a specialisation of the region that makes an
// opportunity related: φ_ij is the weight of the link between them.
type RelatedIndustry struct {
	IndustryRef
	Relatedness float64 `json:"relatedness"`
	// Count is the raw count behind the link (moves or co-patents, both
	// directions and every layer summed); 0 on layers without counts.
	Count float64 `json:"count"`
}

// Opportunity is an industry in which a region is not specialised, ranked by
// its relatedness density and the evidence behind it.
type Opportunity struct {
	IndustryRef
	Density float64 `json:"density"` // RD_ri in [0, 100]
	// DensityLower is the lower confidence bound of Density at 1 − α
	// (Wilson bound on EffectiveLinks, see WilsonLower); the default order.
	DensityLower   float64 `json:"density_lower"`
	EffectiveLinks float64 `json:"effective_links"`
	// Support is the numerator of the density, Σ_j M_j φ_ij: the summed
	// relatedness to the region's specialisations.
	Support float64 `json:"support"`
	// Supporting is the number of the region's established specialisations
	// linked to it; Links is the number of all its links (the terms of the
	// density's denominator); Moves is the summed count (moves or
	// co-patents) on the supporting links, and HasCounts says whether the
	// layers have counts at all.
	Supporting int     `json:"supporting"`
	Links      int     `json:"links"`
	Moves      float64 `json:"moves"`
	HasCounts  bool    `json:"has_counts"`
	// Related are the region's specialisations linked to it, strongest link first.
	Related []RelatedIndustry `json:"related"`
	// Complexity of the industry (PCI), its outlook gain (COG) for the region
	// and its Balland et al. (2019) quadrant; absent when not computed.
	PCI      *float64 `json:"pci,omitempty"`
	COG      *float64 `json:"cog,omitempty"`
	Quadrant string   `json:"quadrant,omitempty"`
}

// RegionView is one region of a matrix seen through a graph: its
// specialisations and relatedness densities. Build it with NewRegionView.
type RegionView struct {
	M *RegionalMatrix
	G *graph.Graph // nodes are the first M.Nodes columns; may be nil
	R int          // region row
	// LQ per column (or RTA), NaN where undefined.
	LQ []float64
	// Specialised per column: LQ ≥ 1 (NewRegionView), or the established
	// specialisations (UseSpecialised).
	Specialised []bool
	// Density per node (RelatednessDensity) and its numerator Σ_j M_j φ_ij;
	// nil without a graph.
	Density, Support []float64
	// Names maps codes to industry names (may be nil).
	Names map[string]string
	// MinRelated: Opportunities leaves out industries linked to fewer of the
	// region's specialisations (0: no minimum). On sparse graphs an industry
	// with a single link to a specialisation has density 100: one link is thin evidence.
	MinRelated int
	// Counts holds each link's raw count aligned with G.Adj (nil: no counts).
	Counts []float64
	// MinMoves: Opportunities leaves out industries whose supporting links
	// carry fewer counts (only with Counts).
	MinMoves float64
	// Alpha is the one-sided level of DensityLower (0: DefaultAlpha).
	Alpha float64
	// RankBy is RankDensityLower (also for "") or RankDensity.
	RankBy string
	// Thin counts the industries left out of the last Opportunities call
	// for too little support.
	Thin int
}

// UseSpecialised replaces the view's specialisations (e.g. by the
// established ones) and recomputes the densities.
func (v *RegionView) UseSpecialised(s []bool) error {
	if len(s) != len(v.M.Codes) {
		return graphmodel.Errorf(graphmodel.EINVALID, "%d specialisation flags for %d industries", len(s), len(v.M.Codes))
	}
	v.Specialised = s
	if v.G != nil {
		v.Density, v.Support = relatednessDensity(v.G, s)
	}
	return nil
}

// NewRegionView prepares region r of m with its quotients lq (m.LQ(r) or
// m.RTA(r, min)); g may be nil, otherwise it must have m.Nodes nodes (EINVALID).
func NewRegionView(m *RegionalMatrix, g *graph.Graph, r int, lq []float64, names map[string]string) (*RegionView, error) {
	if r < 0 || r >= len(m.Regions) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "region row %d out of range for %d regions", r, len(m.Regions))
	}
	if len(lq) != len(m.Codes) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "%d location quotients for %d industries", len(lq), len(m.Codes))
	}
	v := &RegionView{M: m, G: g, R: r, LQ: lq, Specialised: Specialised(lq), Names: names}
	if g != nil {
		if g.Nodes() != m.Nodes {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"graph has %d nodes but the regional matrix is aligned to %d", g.Nodes(), m.Nodes)
		}
		v.Density, v.Support = relatednessDensity(g, v.Specialised)
	}
	return v, nil
}

// Ref describes column i for the view's region.
func (v *RegionView) Ref(i int) IndustryRef {
	node := i
	if i >= v.M.Nodes {
		node = -1
	}
	lq := v.LQ[i]
	if math.IsNaN(lq) {
		lq = 0
	}
	code := v.M.Codes[i]
	return IndustryRef{Node: node, Code: code, Name: v.Names[code], LQ: lq, Value: v.M.X[v.R*len(v.M.Codes)+i]}
}

// RelatednessDensity returns, for every node i of g, the share of its
// relatedness that leads to specialised industries,
//
//	RD_i = 100 · Σ_j M_j φ_ij / Σ_j φ_ij
//
// (Hidalgo, Klinger, Barabási & Hausmann 2007, Science 317; Balland, Boschma,
// Crespo & Rigby 2019, Regional Studies 53(9)), with φ_ij the weight of edge
// {i,j} of g (j ≠ i) and M_j = specialised[j]. It is 0 for a node without
// links. specialised must have at least g.Nodes() entries.
func RelatednessDensity(g *graph.Graph, specialised []bool) []float64 {
	d, _ := relatednessDensity(g, specialised)
	return d
}

// relatednessDensity returns RD_i and its numerator Σ_j M_j φ_ij.
func relatednessDensity(g *graph.Graph, specialised []bool) (density, support []float64) {
	n := g.Nodes()
	density, support = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		var num, den float64
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			den += g.W[k]
			if specialised[g.Adj[k]] {
				num += g.W[k]
			}
		}
		support[i] = num
		if den > 0 {
			density[i] = 100 * num / den
		}
	}
	return density, support
}

// Opportunities returns the region's diversification opportunities: the
// graph's industries with a defined LQ in which the region is not
// specialised and whose density is > 0, linked to at least MinRelated of its
// specialisations with at least MinMoves counts on those links (the others
// are counted in Thin). They are ordered by the lower confidence bound of
// the density (RankDensityLower: a density resting on few or uneven links
// ranks below an equal one resting on many), or by the density itself
// (RankDensity); then by Support, then code; at most top (0: all). Each
// lists up to explain (0: all) of the region's specialisations linked to
// it, by φ_ij descending, which are the terms of its density's numerator.
// Without a graph there are none.
func (v *RegionView) Opportunities(top, explain int) []Opportunity {
	if v.G == nil {
		return nil
	}
	alpha := v.Alpha
	if alpha == 0 {
		alpha = DefaultAlpha
	}
	v.Thin = 0
	var cand []Opportunity
	for i := 0; i < v.M.Nodes; i++ {
		if v.Specialised[i] || math.IsNaN(v.LQ[i]) || !(v.Density[i] > 0) {
			continue
		}
		o := v.support(i)
		if o.Supporting < v.MinRelated || (o.HasCounts && o.Moves < v.MinMoves) {
			v.Thin++
			continue
		}
		o.DensityLower, o.EffectiveLinks = densityLower(v.G, i, v.Density[i], alpha)
		cand = append(cand, o)
	}
	byLower := v.RankBy != RankDensity
	sort.Slice(cand, func(a, b int) bool {
		x, y := &cand[a], &cand[b]
		if byLower && x.DensityLower != y.DensityLower {
			return x.DensityLower > y.DensityLower
		}
		if x.Density != y.Density {
			return x.Density > y.Density
		}
		if x.Support != y.Support {
			return x.Support > y.Support
		}
		return x.Code < y.Code
	})
	if top > 0 && len(cand) > top {
		cand = cand[:top]
	}
	for k := range cand {
		cand[k].Related = v.relatedSpecialisations(cand[k].Node, explain)
	}
	return cand
}

// support describes node i as an opportunity: its density and the
// specialisations, links and counts behind it.
func (v *RegionView) support(i int) Opportunity {
	o := Opportunity{IndustryRef: v.Ref(i), Density: v.Density[i], Support: v.Support[i], HasCounts: v.Counts != nil}
	for k := v.G.Off[i]; k < v.G.Off[i+1]; k++ {
		o.Links++
		if v.Specialised[v.G.Adj[k]] {
			o.Supporting++
			if v.Counts != nil {
				o.Moves += v.Counts[k]
			}
		}
	}
	return o
}

// relatedSpecialisations lists node i's specialised neighbours by link weight.
func (v *RegionView) relatedSpecialisations(i, limit int) []RelatedIndustry {
	g := v.G
	var rel []RelatedIndustry
	for k := g.Off[i]; k < g.Off[i+1]; k++ {
		j := int(g.Adj[k])
		if v.Specialised[j] {
			r := RelatedIndustry{IndustryRef: v.Ref(j), Relatedness: g.W[k]}
			if v.Counts != nil {
				r.Count = v.Counts[k]
			}
			rel = append(rel, r)
		}
	}
	return topByValue(rel, limit, func(x *RelatedIndustry) (float64, string, string) { return x.Relatedness, x.Code, "" })
}

// topByValue sorts xs by the value of rank descending, ties by its first and
// then its second code ascending, and keeps the first limit (limit ≤ 0: all).
func topByValue[T any](xs []T, limit int, rank func(*T) (value float64, code, code2 string)) []T {
	sort.Slice(xs, func(a, b int) bool {
		va, ca, da := rank(&xs[a])
		vb, cb, db := rank(&xs[b])
		if va != vb {
			return va > vb
		}
		if ca != cb {
			return ca < cb
		}
		return da < db
	})
	if limit > 0 && len(xs) > limit {
		xs = xs[:limit]
	}
	return xs
}
