package analysis

import (
	"context"
	"sort"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
)

// Richer domains: overlapping domains (an industry may belong to several)
// and the hierarchy of domains across resolutions.

// Defaults and limits of the overlap and hierarchy requests.
const (
	// DefaultOverlapSeeds is the number of seeds S of an overlap request
	// naming none: memberships are then counted in twentieths.
	DefaultOverlapSeeds = 20
	// DefaultMinMembership is the least share of the seeds in which an
	// industry sits with a domain other than its own for it to belong to it.
	DefaultMinMembership = 0.2
)

// DefaultHierarchyResolutions are the resolutions of a hierarchy request naming none.
var DefaultHierarchyResolutions = []float64{0.5, 1, 2, 4}

// OverlapMethod states how memberships are computed, for results.
const OverlapMethod = "Leiden run with S seeds; the domains are the consensus partition of the S runs (Lancichinetti & Fortunato 2012, τ = 0.5); " +
	"in each run a domain's core sits in the community holding most of its members; an industry's membership in its own domain is the share of the S runs in which it sits with that domain's core, " +
	"in another domain the share of runs in which it sits with that domain's core and not with its own's (a run merging the two whole is no evidence). " +
	"An industry belongs to its own consensus domain and to every other domain with membership ≥ the minimum."

// OverlapRequest asks for overlapping domains.
type OverlapRequest struct {
	GraphRequest
	Resolution float64 `json:"resolution"`
	// Seed is the first of the Seeds seeds Seed, Seed+1, …
	Seed  int64 `json:"seed"`
	Seeds int   `json:"seeds"` // S; 0: DefaultOverlapSeeds
	// MinMembership is the least share (in (0, 1]) of a membership beyond
	// an industry's own domain; 0: DefaultMinMembership.
	MinMembership float64 `json:"min_membership"`
	SectorLevel   int     `json:"sector_level"`
}

// OverlapMembership is an industry's membership in one domain.
type OverlapMembership struct {
	Domain int    `json:"domain"`
	Label  string `json:"label"`
	// Runs is the number of the Seeds runs in which the industry sits with
	// the domain's core (and, for another domain than its own, not with its
	// own domain's core); Share = Runs/Seeds.
	Runs  int     `json:"runs"`
	Share float64 `json:"share"`
	Home  bool    `json:"home"` // its own consensus domain
}

// OverlapIndustry is an industry with its memberships (home first, then by share).
type OverlapIndustry struct {
	Code        string              `json:"code"`
	Name        string              `json:"name"`
	Sector      string              `json:"sector"`
	Memberships []OverlapMembership `json:"memberships"`
}

// OverlapDomain is one consensus domain: Size industries call it home and
// Guests more belong to it through their memberships.
type OverlapDomain struct {
	ID     int    `json:"id"`
	Label  string `json:"label"`
	Size   int    `json:"size"`
	Guests int    `json:"guests"`
}

// OverlapResult is the overlapping domains of a graph.
type OverlapResult struct {
	Request    OverlapRequest   `json:"request"`
	Provenance Provenance       `json:"provenance"`
	Method     string           `json:"method"`
	Consensus  OverlapConsensus `json:"consensus"`
	Domains    []OverlapDomain  `json:"domains"`
	// MultiDomain counts the industries that belong to several domains.
	MultiDomain int `json:"multi_domain"`
	// Industries: every industry with links, those in several domains first
	// (by their largest membership beyond home, highest first), then by code.
	Industries []OverlapIndustry `json:"industries"`
}

// OverlapConsensus summarises the consensus partition of an overlap result.
type OverlapConsensus struct {
	Tau        float64 `json:"tau"`
	Iterations int     `json:"iterations"`
	Converged  bool    `json:"converged"`
}

// checkMinMembership refuses a membership share outside (0, 1].
func checkMinMembership(x float64) error {
	if !(x > 0 && x <= 1) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_membership", "min_membership %v: expected a share above 0 and at most 1", x)
	}
	return nil
}

// checkSeeds refuses a number of seeds outside 1..community.MaxOverlapSeeds.
func checkSeeds(s int) error {
	if s < 1 || s > community.MaxOverlapSeeds {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "seeds", "seeds %d: expected 1 to %d", s, community.MaxOverlapSeeds)
	}
	return nil
}

// DomainOverlap finds overlapping knowledge domains by soft membership over
// seeds (community.Overlapping, community.SoftMembership; see
// OverlapMethod): a bridging industry that Leiden puts with one domain's
// core under some seeds and with another's under others belongs to both,
// each membership with its number of runs. Bad
// parameters are EINVALID naming the field (seeds 1 to
// community.MaxOverlapSeeds, min_membership in (0, 1], resolution as for
// Domains).
func (a *Analyzer) DomainOverlap(ctx context.Context, req OverlapRequest) (*OverlapResult, error) {
	if req.Resolution == 0 {
		req.Resolution = 1
	}
	if req.Seeds == 0 {
		req.Seeds = DefaultOverlapSeeds
	}
	if req.MinMembership == 0 {
		req.MinMembership = DefaultMinMembership
	}
	if err := checkResolution(req.Resolution); err != nil {
		return nil, err
	}
	if err := checkSeeds(req.Seeds); err != nil {
		return nil, err
	}
	if err := checkMinMembership(req.MinMembership); err != nil {
		return nil, err
	}
	snap, gs, union, opt, err := a.layerGraphs(ctx, req.GraphRequest, req.SectorLevel, req.Seed)
	if err != nil {
		return nil, err
	}
	opt.Resolution = req.Resolution
	ov, err := community.Overlapping(ctx, gs, req.Weights, opt, req.Seeds, ConsensusThreshold, req.MinMembership)
	if err != nil {
		return nil, err
	}
	ld, err := a.labelledDomains(ctx, snap, union, ov.Consensus.Community, req.SectorLevel)
	if err != nil {
		return nil, err
	}
	res := &OverlapResult{Request: req, Provenance: provenanceOf(snap), Method: OverlapMethod,
		Consensus: OverlapConsensus{Tau: ConsensusThreshold, Iterations: ov.Consensus.Iterations, Converged: ov.Consensus.Converged},
		Domains:   []OverlapDomain{}, Industries: []OverlapIndustry{}}
	for _, d := range ld.domains {
		res.Domains = append(res.Domains, OverlapDomain{ID: d.ID, Label: d.Label, Size: d.Size})
	}
	// The consensus community of a node's home → its domain ID.
	idOf := map[int32]int{}
	for i, c := range ov.Consensus.Community {
		if ld.id[i] > 0 {
			idOf[c] = int(ld.id[i])
		}
	}
	extra := map[int]float64{} // industry index in res → largest share beyond home
	for i, ms := range ov.Node {
		if ld.id[i] == 0 {
			continue
		}
		in := OverlapIndustry{Code: snap.Codes[i], Name: ld.names[snap.Codes[i]], Sector: ld.sector[i]}
		for _, m := range ms {
			id, ok := idOf[m.Community]
			if !ok {
				continue // a community of industries without links
			}
			in.Memberships = append(in.Memberships, OverlapMembership{Domain: id, Label: ld.domains[id-1].Label, Runs: m.Runs, Share: m.Share, Home: m.Home})
			if !m.Home {
				res.Domains[id-1].Guests++
				extra[len(res.Industries)] = max(extra[len(res.Industries)], m.Share)
			}
		}
		res.Industries = append(res.Industries, in)
	}
	order := make([]int, len(res.Industries))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(x, y int) bool {
		ex, ey := extra[order[x]], extra[order[y]]
		if ex != ey {
			return ex > ey
		}
		return res.Industries[order[x]].Code < res.Industries[order[y]].Code
	})
	sorted := make([]OverlapIndustry, len(order))
	for k, o := range order {
		sorted[k] = res.Industries[o]
		if len(sorted[k].Memberships) > 1 {
			res.MultiDomain++
		}
	}
	res.Industries = sorted
	return res, nil
}

// Multi returns the industries of r that belong to several domains.
func (r *OverlapResult) Multi() []OverlapIndustry {
	return r.Industries[:r.MultiDomain]
}

// HierarchyRequest asks for the domains at several resolutions and how
// they split as the resolution grows.
type HierarchyRequest struct {
	GraphRequest
	// Resolutions γ: positive, increasing, at most community.MaxHierarchyLevels (nil: DefaultHierarchyResolutions).
	Resolutions []float64 `json:"resolutions"`
	Seed        int64     `json:"seed"`
	SectorLevel int       `json:"sector_level"`
}

// HierarchyDomain is a domain at one resolution, linked to its parent at
// the resolution before.
type HierarchyDomain struct {
	ID    int    `json:"id"` // 1..K within its level, by size
	Label string `json:"label"`
	Size  int    `json:"size"`
	// Parent is the domain of the level before holding the largest share of
	// its strength (0 at the first level); Shared is how many of its
	// members are in the parent; MemberShare = Shared/Size; WeightShare the
	// parent's share of its members' strength (community.LinkLevels).
	Parent      int     `json:"parent"`
	Shared      int     `json:"shared"`
	MemberShare float64 `json:"member_share"`
	WeightShare float64 `json:"weight_share"`
}

// HierarchyLevel is the domains at one resolution.
type HierarchyLevel struct {
	Resolution float64           `json:"resolution"`
	Modularity float64           `json:"modularity"`
	Domains    []HierarchyDomain `json:"domains"`
	// NotNested counts its domains that take members from several domains
	// of the level before (MemberShare < 1).
	NotNested int `json:"not_nested"`
}

// HierarchyResult is the domains across resolutions.
type HierarchyResult struct {
	Request    HierarchyRequest `json:"request"`
	Provenance Provenance       `json:"provenance"`
	Rule       string           `json:"rule"`
	Levels     []HierarchyLevel `json:"levels"`
}

// HierarchyRule states how levels are linked, for results.
const HierarchyRule = "Leiden at each resolution γ (same seed); each domain at a γ is linked to the domain at the previous γ holding the largest share of its members' strength " +
	"(ties: more shared members); a share below 1 marks a domain that takes members from several coarser domains (a split that is not nested)."

// checkResolutions refuses a list of resolutions that is empty, longer than
// community.MaxHierarchyLevels, not increasing or with a value out of range.
func checkResolutions(rs []float64) error {
	if len(rs) == 0 || len(rs) > community.MaxHierarchyLevels {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "resolutions", "%d resolutions: expected 1 to %d", len(rs), community.MaxHierarchyLevels)
	}
	for k, g := range rs {
		if err := checkResolution(g); err != nil {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, "resolutions", "%s", graphmodel.ErrorMessage(err))
		}
		if k > 0 && !(g > rs[k-1]) {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, "resolutions", "resolutions %v then %v: expected increasing values without repeats", rs[k-1], g)
		}
	}
	return nil
}

// DomainHierarchy detects the domains at each resolution of req and links
// every domain to the one at the previous resolution holding most of its
// strength (community.ResolutionHierarchy), so a user sees which domains
// split into which as γ grows, and where a split is not nested. Industries
// without links are in no domain. Bad parameters are EINVALID naming the
// field.
func (a *Analyzer) DomainHierarchy(ctx context.Context, req HierarchyRequest) (*HierarchyResult, error) {
	if req.Resolutions == nil {
		req.Resolutions = DefaultHierarchyResolutions
	}
	if err := checkResolutions(req.Resolutions); err != nil {
		return nil, err
	}
	snap, gs, union, opt, err := a.layerGraphs(ctx, req.GraphRequest, req.SectorLevel, req.Seed)
	if err != nil {
		return nil, err
	}
	h, err := community.ResolutionHierarchy(ctx, gs, req.Weights, opt, req.Resolutions)
	if err != nil {
		return nil, err
	}
	res := &HierarchyResult{Request: req, Provenance: provenanceOf(snap), Rule: HierarchyRule}
	var prev *labelled
	for k, p := range h.Levels {
		ld, err := a.labelledDomains(ctx, snap, union, p.Community, req.SectorLevel)
		if err != nil {
			return nil, err
		}
		lv := HierarchyLevel{Resolution: req.Resolutions[k], Modularity: p.Modularity, Domains: []HierarchyDomain{}}
		// The community of level k → the domain ID of its members.
		idOf := map[int32]int{}
		for i, c := range p.Community {
			if ld.id[i] > 0 {
				idOf[c] = int(ld.id[i])
			}
		}
		link := map[int]community.ParentLink{}
		for _, l := range h.Links[k] {
			if id, ok := idOf[l.Child]; ok {
				link[id] = l
			}
		}
		for _, d := range ld.domains {
			hd := HierarchyDomain{ID: d.ID, Label: d.Label, Size: d.Size}
			if l, ok := link[d.ID]; ok && prev != nil {
				// The parent's ID is that of any of its members at level k−1.
				for i, c := range h.Levels[k-1].Community {
					if c == l.Parent && prev.id[i] > 0 {
						hd.Parent = int(prev.id[i])
						break
					}
				}
				hd.Shared, hd.MemberShare, hd.WeightShare = l.Shared, l.MemberShare, l.WeightShare
				if l.MemberShare < 1 {
					lv.NotNested++
				}
			}
			lv.Domains = append(lv.Domains, hd)
		}
		res.Levels = append(res.Levels, lv)
		prev = ld
	}
	return res, nil
}

// Children returns the domains of level k+1 whose parent is domain id of level k.
func (r *HierarchyResult) Children(k, id int) []HierarchyDomain {
	if k+1 >= len(r.Levels) {
		return nil
	}
	var out []HierarchyDomain
	for _, d := range r.Levels[k+1].Domains {
		if d.Parent == id {
			out = append(out, d)
		}
	}
	return out
}

// layerGraphs checks the sector level and returns the snapshot of r, its
// layer graphs, their combined graph Σ_l ω_l A_l and the default detection
// options with seed.
func (a *Analyzer) layerGraphs(ctx context.Context, r GraphRequest, sectorLevel int, seed int64) (*Snapshot, []*graph.Graph, *graph.Graph, community.Options, error) {
	opt := community.DefaultOptions()
	opt.Seed = seed
	if err := checkSectorLevel(sectorLevel); err != nil {
		return nil, nil, nil, opt, err
	}
	snap, err := a.Snapshot(ctx, r)
	if err != nil {
		return nil, nil, nil, opt, err
	}
	gs, union, err := combined(snap, r.Weights)
	return snap, gs, union, opt, err
}

// labelled is a partition described as labelled domains.
type labelled struct {
	domains []Domain // numbered 1..K by size
	id      []int32  // node → domain ID, 0 for industries without links
	sector  []string
	names   map[string]string
}

// checkSectorLevel refuses a sector level outside 0..16.
func checkSectorLevel(l int) error {
	if l < 0 || l > 16 {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "sector_level", "sector_level %d: expected 0 to 16", l)
	}
	return nil
}

// labelledDomains describes the communities comm (any ids) of the snapshot
// on the union graph as domains labelled like Domains's: members by strength
// inside the domain, numbered by size (largest first); industries without
// links are left out.
func (a *Analyzer) labelledDomains(ctx context.Context, snap *Snapshot, union *graph.Graph, comm []int32, sectorLevel int) (*labelled, error) {
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	emp, err := a.employment(ctx, snap)
	if err != nil {
		return nil, err
	}
	out := &labelled{}
	out.sector, out.names = sectorsAt(industries, snap.Codes, sectorLevel)
	for _, st := range community.DescribeDomains(union, comm, out.sector, emp) {
		if first := st.Members[0]; st.Size == 1 && union.Off[first+1] == union.Off[first] {
			continue // an industry without links
		}
		d := Domain{DomainStats: st, SectorNames: map[string]string{}}
		for _, s := range st.Sectors {
			d.SectorNames[s.Sector] = out.names[s.Sector]
		}
		for _, m := range st.Members {
			strength := 0.0
			for q := union.Off[m]; q < union.Off[m+1]; q++ {
				if comm[union.Adj[q]] == comm[m] {
					strength += union.W[q]
				}
			}
			d.Members = append(d.Members, Member{Code: snap.Codes[m], Name: out.names[snap.Codes[m]], Sector: out.sector[m], Strength: strength})
		}
		sort.SliceStable(d.Members, func(i, j int) bool { return d.Members[i].Strength > d.Members[j].Strength })
		out.domains = append(out.domains, d)
	}
	out.id = numberDomains(out.domains, snap.Nodes(), industries)
	return out, nil
}

// numberDomains sorts doms by size (largest first; stable), numbers them
// 1..K, labels them (unique labels) and returns node → domain ID over n
// nodes (0: in none).
func numberDomains(doms []Domain, n int, industries []graphmodel.Industry) []int32 {
	sort.SliceStable(doms, func(i, j int) bool { return doms[i].Size > doms[j].Size })
	id := make([]int32, n)
	lab := newLabeler(industries)
	for k := range doms {
		d := &doms[k]
		d.ID = k + 1
		for _, m := range d.DomainStats.Members {
			id[m] = int32(d.ID)
		}
		d.Label = lab.label(d)
	}
	lab.unique(doms)
	return id
}
