package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/priorities"
)

// Comparing priority sets: which old clusters map into which new priority,
// measured by relatedness (package priorities holds the arithmetic).

// DefaultMinRatio is the least ratio of observed to expected link weight
// (priorities.Pair.Ratio) at which an old group that shares no code with a
// new group still maps into it: twice what chance gives. On the demo's
// labour layer, groups of divisions of one NACE section reach 1 to 3 and
// the planted cross-sector domains about 10.
const DefaultMinRatio = 2.0

// MaxMinRatio bounds PrioritiesRequest.MinRatio.
const MaxMinRatio = 1000.0

// PriorityRule states the mapping rule in words.
const PriorityRule = "an old group maps into a new group when they share an industry code, or when the link weight between them is at least min_ratio times what the configuration model expects " +
	"(ratio = W(A,B)·2m/(vol(A)·vol(B)), Newman 2006); share = W(A,B)/vol(A) is the part of the old group's link weight that goes into the new group; " +
	"carried = the part of the old group the new one takes over (a shared code whole, any other code its links into the new group), over vol(A)"

// PrioritiesRequest compares two priority sets on the graph GraphRequest
// selects (the combined layers, as every analysis).
type PrioritiesRequest struct {
	GraphRequest
	Old graphmodel.PrioritySet `json:"old"`
	New graphmodel.PrioritySet `json:"new"`
	// MinRatio is the least ratio for a mapping without a shared code (0: DefaultMinRatio).
	MinRatio float64 `json:"min_ratio,omitempty"`
	// Region, when set, makes the old set the region's established
	// specialisations grouped by knowledge domain (Old must then be empty;
	// the graph is this request's GraphRequest).
	Region *RegionRequest `json:"region,omitempty"`
}

// PriorityLink is how one old group relates to one new group.
type PriorityLink struct {
	Old    string   `json:"old"`
	New    string   `json:"new"`
	Shared []string `json:"shared"` // codes in both, in the old group's order
	priorities.Pair
	Maps bool `json:"maps"` // by PriorityRule
}

// PriorityGroupResult is one group of a compared set.
type PriorityGroupResult struct {
	Name    string         `json:"name"`
	Members []IndustryName `json:"members"`
	// NoLinks lists members without a link in the graph: they count for
	// shared codes only.
	NoLinks []string `json:"no_links"`
	Volume  float64  `json:"volume"` // vol: the members' summed link weight
	// Links: for an old group the new groups it maps into, largest Carry
	// first; for a new group the old groups that map into it, largest
	// ReverseCarry first.
	Links []PriorityLink `json:"links"`
	// Main is the first of Links: the new group an old group mostly maps
	// into, or the old group a new one mostly comes from ("" for none).
	Main string `json:"main"`
}

// PrioritiesResult is the comparison of two priority sets.
type PrioritiesResult struct {
	Request    PrioritiesRequest `json:"request"`
	Provenance Provenance        `json:"provenance"`
	// Region and Regional are set by RegionPriorities: the old set is then
	// the region's established specialisations by knowledge domain.
	Region   *graphmodel.Region      `json:"region,omitempty"`
	Regional *graphmodel.RegionalSet `json:"regional_set,omitempty"`
	Total    float64                 `json:"total_weight"` // 2m
	MinRatio float64                 `json:"min_ratio"`
	Old      []PriorityGroupResult   `json:"old"` // in the set's order
	New      []PriorityGroupResult   `json:"new"`
	// Pairs are every old × new pair that shares a code or has link
	// weight, old groups in order, then largest Carry first.
	Pairs []PriorityLink `json:"pairs"`
	// Unmapped are the old groups that map into no new group;
	// NoPredecessor the new groups no old group maps into.
	Unmapped      []string `json:"unmapped"`
	NoPredecessor []string `json:"no_predecessor"`
	Rule          string   `json:"rule"`
}

// ComparePriorities compares an old priority set with a new one on the
// relatedness graph: for every old and new group the codes they share and
// the link measures of package priorities (W, share, carry both ways,
// ratio), which old groups map into which new ones (PriorityRule), the old
// groups that map nowhere and the new groups without a predecessor.
// Outcomes: EINVALID with Field "old.groups[k].…" or "new.groups[k].…" for a
// set graphmodel.PrioritySet.Check refuses or a code that is not an
// industry of the layers' classification, Field "min_ratio" for a ratio
// outside (0, MaxMinRatio]; the snapshot's outcomes otherwise.
func (a *Analyzer) ComparePriorities(ctx context.Context, req PrioritiesRequest) (*PrioritiesResult, error) {
	if err := checkPriorities(&req); err != nil {
		return nil, err
	}
	if req.Region != nil {
		if len(req.Old.Groups) > 0 {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "old", "give an old priority set or a region whose specialisations are the old set, not both")
		}
		return a.regionPriorities(ctx, req)
	}
	if err := req.Old.Check("old"); err != nil {
		return nil, err
	}
	snap, err := a.Snapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	return a.comparePriorities(ctx, req, snap)
}

// checkPriorities fills in MinRatio and checks it and the new set.
func checkPriorities(req *PrioritiesRequest) error {
	if req.MinRatio == 0 {
		req.MinRatio = DefaultMinRatio
	}
	if !(req.MinRatio > 0 && req.MinRatio <= MaxMinRatio) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_ratio", "min ratio %v: expected a number above 0 and at most %g", req.MinRatio, MaxMinRatio)
	}
	return req.New.Check("new")
}

func (a *Analyzer) comparePriorities(ctx context.Context, req PrioritiesRequest, snap *Snapshot) (*PrioritiesResult, error) {
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	known := industryCodes(industries)
	for _, s := range []struct {
		field string
		set   graphmodel.PrioritySet
	}{{"old", req.Old}, {"new", req.New}} {
		for k, g := range s.set.Groups {
			for i, c := range g.Codes {
				if !known[c] {
					return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, fmt.Sprintf("%s.groups[%d].codes", s.field, k),
						"%s: group %q: code %q is not an industry of classification %s%s", s.set.Label(s.field), g.Name, c, snap.Classification, s.set.Where(k, i))
				}
			}
		}
	}
	_, union, err := combined(snap, req.Weights)
	if err != nil {
		return nil, err
	}
	_, names := sectorsAt(industries, nil, 0)
	nodes := func(set graphmodel.PrioritySet) ([][]int32, []PriorityGroupResult) {
		idx := make([][]int32, len(set.Groups))
		out := make([]PriorityGroupResult, len(set.Groups))
		for k, g := range set.Groups {
			r := PriorityGroupResult{Name: g.Name, Members: make([]IndustryName, len(g.Codes)), NoLinks: []string{}, Links: []PriorityLink{}}
			for i, c := range g.Codes {
				r.Members[i] = IndustryName{Code: c, Name: names[c]}
				if n, ok := snap.Index(c); ok && union.Off[n+1] > union.Off[n] {
					idx[k] = append(idx[k], int32(n))
				} else {
					r.NoLinks = append(r.NoLinks, c)
				}
			}
			out[k] = r
		}
		return idx, out
	}
	oldIdx, oldRes := nodes(req.Old)
	newIdx, newRes := nodes(req.New)
	cmpRes, err := priorities.Compare(union, oldIdx, newIdx)
	if err != nil {
		return nil, err
	}
	res := &PrioritiesResult{Request: req, Provenance: provenanceOf(snap), Total: cmpRes.Total, MinRatio: req.MinRatio,
		Old: oldRes, New: newRes, Pairs: []PriorityLink{}, Unmapped: []string{}, NoPredecessor: []string{}, Rule: PriorityRule}
	for k := range res.Old {
		res.Old[k].Volume = cmpRes.OldVolume[k]
	}
	for k := range res.New {
		res.New[k].Volume = cmpRes.NewVolume[k]
	}
	for a, og := range req.Old.Groups {
		var row []PriorityLink
		for b, ng := range req.New.Groups {
			shared := []string{}
			for _, c := range og.Codes {
				if slices.Contains(ng.Codes, c) {
					shared = append(shared, c)
				}
			}
			p := cmpRes.Pairs[a][b]
			if len(shared) == 0 && p.Weight == 0 {
				continue
			}
			l := PriorityLink{Old: og.Name, New: ng.Name, Shared: shared, Pair: p, Maps: priorities.Maps(len(shared), p, req.MinRatio)}
			row = append(row, l)
			if l.Maps {
				res.Old[a].Links = append(res.Old[a].Links, l)
				res.New[b].Links = append(res.New[b].Links, l)
			}
		}
		slices.SortStableFunc(row, byCarry)
		res.Pairs = append(res.Pairs, row...)
	}
	for k := range res.Old {
		g := &res.Old[k]
		slices.SortStableFunc(g.Links, byCarry)
		if len(g.Links) == 0 {
			res.Unmapped = append(res.Unmapped, g.Name)
		} else {
			g.Main = g.Links[0].New
		}
	}
	for k := range res.New {
		g := &res.New[k]
		slices.SortStableFunc(g.Links, func(x, y PriorityLink) int {
			return cmp.Or(cmp.Compare(y.ReverseCarry, x.ReverseCarry), cmp.Compare(y.Ratio, x.Ratio))
		})
		if len(g.Links) == 0 {
			res.NoPredecessor = append(res.NoPredecessor, g.Name)
		} else {
			g.Main = g.Links[0].Old
		}
	}
	return res, nil
}

// industryCodes is the set of the industries' codes.
func industryCodes(industries []graphmodel.Industry) map[string]bool {
	known := make(map[string]bool, len(industries))
	for _, in := range industries {
		known[in.Code] = true
	}
	return known
}

// byCarry orders links by Carry, largest first, then by Ratio.
func byCarry(x, y PriorityLink) int {
	return cmp.Or(cmp.Compare(y.Carry, x.Carry), cmp.Compare(y.Ratio, x.Ratio))
}

// regionPriorities asks which priorities a region's data supports: the old
// set is the region's established specialisations (Region: LQ ≥ 1, enough
// jobs, significant) grouped by the knowledge domain they belong to (those
// in no domain form the group "no domain"), compared with the new set on the
// region's graph. A priority with no predecessor shares no established
// specialisation and is not related above MinRatio to any specialised
// domain: it lacks a base. A region without an established specialisation
// is EINVALID (Field "region").
func (a *Analyzer) regionPriorities(ctx context.Context, req PrioritiesRequest) (*PrioritiesResult, error) {
	rreq := *req.Region
	rreq.GraphRequest = req.GraphRequest
	if rreq.Region == "" && len(rreq.Regions) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "no region given")
	}
	in, prof, err := a.regionProfile(ctx, rreq)
	if err != nil {
		return nil, err
	}
	byDomain := map[int][]string{}
	for _, s := range prof.Specialisations {
		if s.Established {
			byDomain[s.Domain] = append(byDomain[s.Domain], s.Code)
		}
	}
	if len(byDomain) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "%s has no established specialisation to compare with the priorities", in.reg.Name)
	}
	ids := make([]int, 0, len(byDomain))
	for d := range byDomain {
		ids = append(ids, d)
	}
	// Domains with the most specialisations first; "no domain" last.
	slices.SortFunc(ids, func(x, y int) int {
		return cmp.Or(cmp.Compare(boolInt(x < 0), boolInt(y < 0)), cmp.Compare(len(byDomain[y]), len(byDomain[x])), cmp.Compare(x, y))
	})
	old := graphmodel.PrioritySet{Name: in.reg.Name + ": established specialisations by knowledge domain"}
	for _, d := range ids {
		name := "no domain"
		if d >= 0 {
			name = shortLabel(fmt.Sprintf("domain %d: %s", d, in.labels[d]), 60)
		}
		old.Groups = append(old.Groups, graphmodel.PriorityGroup{Name: name, Codes: byDomain[d]})
	}
	req.Old, req.GraphRequest = old, in.req.GraphRequest
	req.Region = &in.req
	res, err := a.comparePriorities(ctx, req, in.snap)
	if err != nil {
		return nil, err
	}
	reg, set := in.reg, in.set
	res.Region, res.Regional = &reg, &set
	return res, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shortLabel cuts a group name to n characters, at a word when it can.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,:&·") + "…"
}
