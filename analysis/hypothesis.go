package analysis

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graphmodel"
)

// Evidence for a domain hypothesis, recomputed on the current data, and the
// names users give domains.

// MaxEvidenceBridges caps HypothesisRequest.Bridges.
const MaxEvidenceBridges = 100

// HypothesisRequest asks for the evidence of a set of industries: a stored
// hypothesis (ID) or codes given directly, on the graph GraphRequest
// selects (its layers must be of the set's classification). A stored
// hypothesis asked for without layers is evaluated on the layers and
// threshold saved with it.
type HypothesisRequest struct {
	GraphRequest
	ID    int64    `json:"id,omitempty"`    // a stored hypothesis, or
	Codes []string `json:"codes,omitempty"` // industry codes
	// SectorLevel is the classification level whose groups count as sectors (0: the top level).
	SectorLevel int `json:"sector_level"`
	// Bridges is how many outside industries with the most link weight into the set to list (0: 10).
	Bridges int `json:"bridges"`
	// ComparePeriod is the period of the same layers to compare with; "":
	// the greatest other period of every selected layer, when each has one.
	ComparePeriod string `json:"compare_period,omitempty"`
}

// Cohesion measures how tightly a set S of industries holds together on an
// undirected weighted graph with total weight m (each link once) and
// strengths k_i.
type Cohesion struct {
	Members        int     `json:"members"`         // industries of S in the graph
	InternalLinks  int     `json:"internal_links"`  // links with both ends in S
	InternalWeight float64 `json:"internal_weight"` // W_in, their summed weight
	// ExpectedWeight is the internal weight a configuration-model graph with
	// the same strengths would give, vol(S)²/(4m) with vol(S) = Σ_{i∈S} k_i
	// (the null model of modularity, Newman 2006).
	ExpectedWeight float64 `json:"expected_weight"`
	// WeightRatio is InternalWeight / ExpectedWeight: above 1, the set keeps
	// more of its weight inside than chance (0 when nothing is expected).
	WeightRatio float64 `json:"weight_ratio"`
	// Modularity is the set's modularity term W_in/m − (vol(S)/2m)².
	Modularity float64 `json:"modularity"`
	// Density is the share of member pairs that are linked: 2·links/(n(n−1)).
	Density float64 `json:"density"`
	// Conductance is cut(S, V∖S) / min(vol S, vol V∖S): 0 closed, 1 all outward.
	Conductance float64 `json:"conductance"`
	Volume      float64 `json:"volume"` // vol(S)
}

// EvidenceMember is an industry of the set.
type EvidenceMember struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sector string `json:"sector"`
	// Inside is the weight of its links to other members; Strength that of all its links.
	Inside   float64 `json:"inside"`
	Strength float64 `json:"strength"`
	InGraph  bool    `json:"in_graph"` // false: no link in the selected layers
}

// EvidenceSector is one sector the set spans.
type EvidenceSector struct {
	Sector  string  `json:"sector"`
	Name    string  `json:"name"`
	Members int     `json:"members"`
	Share   float64 `json:"share"`
}

// EvidenceBridge is an industry outside the set linked into it.
type EvidenceBridge struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Sector string  `json:"sector"`
	Links  int     `json:"links"`  // links into the set
	Weight float64 `json:"weight"` // their summed weight
	// Share is Weight over the industry's strength: how much of its links go into the set.
	Share float64 `json:"share"`
}

// RegionEmployment is the set's employment in one region.
type RegionEmployment struct {
	Region string  `json:"region"`
	Name   string  `json:"name"`
	Jobs   float64 `json:"jobs"`  // Σ over the set's industries
	Total  float64 `json:"total"` // every industry of the region
	Share  float64 `json:"share"` // Jobs / Total
	// LQ is the location quotient (Jobs/Total) / (all regions' Jobs / all
	// regions' Total); 0 when the set has no jobs anywhere.
	LQ float64 `json:"lq"`
}

// PeriodEmployment is the set's employment in one employment set.
type PeriodEmployment struct {
	Period string  `json:"period"`
	Jobs   float64 `json:"jobs"`
	Share  float64 `json:"share"` // of all jobs of the set
}

// EmploymentEvidence is the set's employment by region in the latest
// employment set of its classification, and its total in every period.
type EmploymentEvidence struct {
	Set     graphmodel.RegionalSet `json:"set"`
	Jobs    float64                `json:"jobs"`
	Regions []RegionEmployment     `json:"regions"` // by Jobs, largest first, then region ID
	Periods []PeriodEmployment     `json:"periods"` // every employment set of the classification, by period
}

// CohesionChange compares the set's cohesion on two periods of the layers.
type CohesionChange struct {
	Earlier       []string `json:"earlier"` // layer keys
	Later         []string `json:"later"`
	EarlierValues Cohesion `json:"earlier_values"`
	LaterValues   Cohesion `json:"later_values"`
	// Changes are later minus earlier.
	WeightRatioChange float64 `json:"weight_ratio_change"`
	DensityChange     float64 `json:"density_change"`
	ConductanceChange float64 `json:"conductance_change"`
}

// HypothesisEvidence is what the current data say of a set of industries.
type HypothesisEvidence struct {
	Request    HypothesisRequest      `json:"request"`
	Hypothesis *graphmodel.Hypothesis `json:"hypothesis,omitempty"`
	Provenance Provenance             `json:"provenance"`
	Members    []EvidenceMember       `json:"members"` // by Inside, largest first, then code
	// Unknown lists codes that are not (or no longer) industries of the classification.
	Unknown  []string         `json:"unknown"`
	Cohesion Cohesion         `json:"cohesion"`
	Sectors  []EvidenceSector `json:"sectors"` // of the known members, largest first
	// Employment is nil when no employment set of the classification is loaded.
	Employment *EmploymentEvidence `json:"employment,omitempty"`
	Bridges    []EvidenceBridge    `json:"bridges"`
	// Change is nil when the layers have no second period.
	Change *CohesionChange `json:"change,omitempty"`
}

// Hypothesis recomputes the evidence of a stored hypothesis (req.ID) or of
// codes (req.Codes) on the graph req selects: cohesion on the combined
// layers, sectors spanned, employment per region, the outside industries
// with the most weight into the set, and the change of cohesion against
// another period of the same layers. Outcomes: EINVALID (Field "id") when
// neither or both of ID and codes are given, ENOTFOUND for an unknown ID,
// EINVALID (Field "codes") for codes of which none is an industry of the
// classification, EINVALID (Field "layers") when the layers are of another
// classification than the hypothesis.
func (a *Analyzer) Hypothesis(ctx context.Context, req HypothesisRequest) (*HypothesisEvidence, error) {
	h, codes, err := a.hypothesisSet(ctx, &req)
	if err != nil {
		return nil, err
	}
	res := &HypothesisEvidence{Request: req, Hypothesis: h}
	snap, err := a.Snapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	if err := sameClassification(h, snap); err != nil {
		return nil, err
	}
	res.Provenance = provenanceOf(snap)
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	known := industryCodes(industries)
	var set []string
	for _, c := range codes {
		if known[c] {
			set = append(set, c)
		} else {
			res.Unknown = append(res.Unknown, c)
		}
	}
	if len(set) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "codes", "none of the codes is an industry of classification %q: %s",
			snap.Classification, graphmodel.QuoteCodes(codes))
	}
	sector, names := sectorsAt(industries, set, req.SectorLevel)
	_, union, err := combined(snap, req.Weights)
	if err != nil {
		return nil, err
	}
	in := inSet(snap, set)
	res.Cohesion = cohesion(union, in)
	res.Members, res.Bridges = membersAndBridges(snap, union, in, set, sector, names, req.Bridges, industries, req.SectorLevel)
	res.Sectors = sectorShares(sector, names)
	if res.Employment, err = a.setEmployment(ctx, snap.Classification, set); err != nil {
		return nil, err
	}
	if res.Change, err = a.cohesionChange(ctx, req, snap, set); err != nil {
		return nil, err
	}
	return res, nil
}

// hypothesisSet checks req and returns the stored hypothesis (nil for
// codes) and the set's codes, sorted without repeats. A stored hypothesis
// asked for without layers gets its saved layers and threshold in req
// (reopened as it was found); req.Bridges 0 becomes 10.
func (a *Analyzer) hypothesisSet(ctx context.Context, req *HypothesisRequest) (*graphmodel.Hypothesis, []string, error) {
	if (req.ID != 0) == (len(req.Codes) > 0) {
		return nil, nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "id", "name a saved hypothesis by its id or give industry codes, not both and not neither")
	}
	if req.Bridges == 0 {
		req.Bridges = 10
	}
	if req.Bridges < 0 || req.Bridges > MaxEvidenceBridges {
		return nil, nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "bridges", "bridges %d: expected 0 to %d", req.Bridges, MaxEvidenceBridges)
	}
	codes := graphmodel.SortedCodes(req.Codes)
	if len(codes) > graphmodel.MaxSetCodes {
		return nil, nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "codes", "%d codes: at most %d", len(codes), graphmodel.MaxSetCodes)
	}
	if req.ID == 0 {
		return nil, codes, nil
	}
	if a.Hypotheses == nil {
		return nil, nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no hypotheses")
	}
	h, err := a.Hypotheses.Hypothesis(ctx, req.ID)
	if err != nil {
		return nil, nil, err
	}
	if len(req.Layers) == 0 {
		req.Layers = h.Params.Layers
		if req.Threshold == nil {
			req.Threshold = h.Params.Threshold
		}
	}
	return &h, h.Codes, nil
}

// sameClassification checks that the layers of snap are of the stored
// hypothesis h's classification (nil h: codes, no check).
func sameClassification(h *graphmodel.Hypothesis, snap *Snapshot) error {
	if h != nil && h.Classification != snap.Classification {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "layers",
			"hypothesis %d is a set of %s industries, but the layers %s are of %s: choose layers of %s",
			h.ID, h.Classification, provLayerKeys(snap), snap.Classification, h.Classification)
	}
	return nil
}

// inSet marks the nodes of the snapshot that are in the set.
func inSet(snap *Snapshot, set []string) []bool {
	in := make([]bool, snap.Nodes())
	for _, c := range set {
		if i, ok := snap.Index(c); ok {
			in[i] = true
		}
	}
	return in
}

// cohesion computes Cohesion of the nodes marked in on g.
func cohesion(g *graph.Graph, in []bool) Cohesion {
	var c Cohesion
	var total float64 // 2m
	for i := 0; i < g.Nodes(); i++ {
		if in[i] {
			c.Members++
		}
		for p := g.Off[i]; p < g.Off[i+1]; p++ {
			w := g.W[p]
			total += w
			if !in[i] {
				continue
			}
			c.Volume += w
			if j := g.Adj[p]; int(j) > i && in[j] {
				c.InternalWeight += w
				c.InternalLinks++
			}
		}
	}
	if c.Members > 1 {
		c.Density = 2 * float64(c.InternalLinks) / float64(c.Members*(c.Members-1))
	}
	if total > 0 {
		m := total / 2
		c.ExpectedWeight = c.Volume * c.Volume / (4 * m)
		c.Modularity = c.InternalWeight/m - (c.Volume/total)*(c.Volume/total)
	}
	if c.ExpectedWeight > 0 {
		c.WeightRatio = c.InternalWeight / c.ExpectedWeight
	}
	if d := min(c.Volume, total-c.Volume); d > 0 {
		c.Conductance = (c.Volume - 2*c.InternalWeight) / d
	}
	return c
}

func membersAndBridges(snap *Snapshot, g *graph.Graph, in []bool, set, sector []string, names map[string]string,
	top int, industries []graphmodel.Industry, level int) ([]EvidenceMember, []EvidenceBridge) {
	members := make([]EvidenceMember, len(set))
	for k, c := range set {
		m := EvidenceMember{Code: c, Name: names[c], Sector: sector[k]}
		if i, ok := snap.Index(c); ok {
			m.InGraph = true
			for p := g.Off[i]; p < g.Off[i+1]; p++ {
				m.Strength += g.W[p]
				if in[g.Adj[p]] {
					m.Inside += g.W[p]
				}
			}
		}
		members[k] = m
	}
	slices.SortStableFunc(members, func(a, b EvidenceMember) int {
		return cmp.Or(cmp.Compare(b.Inside, a.Inside), strings.Compare(a.Code, b.Code))
	})
	bridges := bridgesInto(snap, g, in, top)
	codes := make([]string, len(bridges))
	for k := range bridges {
		codes[k] = bridges[k].Code
	}
	bs, _ := sectorsAt(industries, codes, level)
	for k := range bridges {
		bridges[k].Name, bridges[k].Sector = names[bridges[k].Code], bs[k]
	}
	return members, bridges
}

// bridgesInto returns the top industries outside the set (in) with the
// most link weight into it on g, largest weight first, then by code, with
// their links, weight and share of their strength (names left empty).
func bridgesInto(snap *Snapshot, g *graph.Graph, in []bool, top int) []EvidenceBridge {
	var bridges []EvidenceBridge
	for i := 0; i < g.Nodes(); i++ {
		if in[i] {
			continue
		}
		b := EvidenceBridge{Code: snap.Codes[i]}
		var strength float64
		for p := g.Off[i]; p < g.Off[i+1]; p++ {
			strength += g.W[p]
			if in[g.Adj[p]] {
				b.Links++
				b.Weight += g.W[p]
			}
		}
		if b.Links == 0 {
			continue
		}
		b.Share = b.Weight / strength
		bridges = append(bridges, b)
	}
	slices.SortStableFunc(bridges, func(a, b EvidenceBridge) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Code, b.Code))
	})
	return bridges[:min(top, len(bridges))]
}

// sectorShares counts the members per sector, largest first, then by code.
func sectorShares(sector []string, names map[string]string) []EvidenceSector {
	count := map[string]int{}
	for _, s := range sector {
		count[s]++
	}
	out := make([]EvidenceSector, 0, len(count))
	for s, n := range count {
		out = append(out, EvidenceSector{Sector: s, Name: names[s], Members: n, Share: float64(n) / float64(len(sector))})
	}
	slices.SortFunc(out, func(a, b EvidenceSector) int {
		return cmp.Or(cmp.Compare(b.Members, a.Members), strings.Compare(a.Sector, b.Sector))
	})
	return out
}

// setEmployment sums the set's employment per region in the latest
// employment set of the classification, and in total for every period.
func (a *Analyzer) setEmployment(ctx context.Context, classification string, set []string) (*EmploymentEvidence, error) {
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	var emp []graphmodel.RegionalSet
	for _, s := range sets {
		if s.Measure == graphmodel.MeasureEmployment && s.Classification == classification {
			emp = append(emp, s)
		}
	}
	if len(emp) == 0 {
		return nil, nil
	}
	slices.SortFunc(emp, func(a, b graphmodel.RegionalSet) int { return strings.Compare(a.Period, b.Period) })
	member := make(map[string]bool, len(set))
	for _, c := range set {
		member[c] = true
	}
	res := &EmploymentEvidence{Set: emp[len(emp)-1]}
	for k, s := range emp {
		vals, err := a.Store.RegionalValues(ctx, s)
		if err != nil {
			return nil, err
		}
		var jobs, all float64
		byRegion := map[string]*RegionEmployment{}
		for _, v := range vals {
			all += v.Value
			r := byRegion[v.Region]
			if r == nil {
				r = &RegionEmployment{Region: v.Region}
				byRegion[v.Region] = r
			}
			r.Total += v.Value
			if member[v.Industry] {
				jobs += v.Value
				r.Jobs += v.Value
			}
		}
		pe := PeriodEmployment{Period: s.Period, Jobs: jobs}
		if all > 0 {
			pe.Share = jobs / all
		}
		res.Periods = append(res.Periods, pe)
		if k < len(emp)-1 {
			continue
		}
		res.Jobs = jobs
		regions, err := a.Store.Regions(ctx)
		if err != nil {
			return nil, err
		}
		rname := make(map[string]string, len(regions))
		for _, r := range regions {
			rname[r.ID] = r.Name
		}
		for _, r := range byRegion {
			r.Name = rname[r.Region]
			if r.Total > 0 {
				r.Share = r.Jobs / r.Total
			}
			if jobs > 0 && all > 0 {
				r.LQ = r.Share / (jobs / all)
			}
			res.Regions = append(res.Regions, *r)
		}
		slices.SortFunc(res.Regions, func(a, b RegionEmployment) int {
			return cmp.Or(cmp.Compare(b.Jobs, a.Jobs), strings.Compare(a.Region, b.Region))
		})
	}
	return res, nil
}

// cohesionChange computes the set's cohesion on the same layers at another
// period (req.ComparePeriod, else each layer's greatest other period) and
// compares it with snap's. It returns nil when a layer has no other period
// and none was asked for.
func (a *Analyzer) cohesionChange(ctx context.Context, req HypothesisRequest, snap *Snapshot, set []string) (*CohesionChange, error) {
	layers, err := a.Store.Layers(ctx)
	if err != nil {
		return nil, err
	}
	var other []string
	for _, l := range snap.Layers {
		var periods []string
		for _, x := range layers {
			if x.Name == l.Layer.Name && x.Period != l.Layer.Period {
				periods = append(periods, x.Period)
			}
		}
		switch {
		case req.ComparePeriod != "" && req.ComparePeriod == l.Layer.Period:
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "compare_period",
				"compare period %q is the period of layer %q already: choose another (%s)", req.ComparePeriod, l.Layer.Key(), graphmodel.ListOrNone(periods))
		case req.ComparePeriod != "" && !slices.Contains(periods, req.ComparePeriod):
			return nil, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "compare_period",
				"layer %q has no period %q to compare with (other periods: %s)", l.Layer.Name, req.ComparePeriod, graphmodel.ListOrNone(periods))
		case req.ComparePeriod != "":
			other = append(other, l.Layer.Name+"@"+req.ComparePeriod)
		case len(periods) == 0:
			return nil, nil
		default:
			other = append(other, l.Layer.Name+"@"+slices.Max(periods))
		}
	}
	greq := req.GraphRequest
	greq.Layers, greq.Period = other, ""
	snap2, err := a.Snapshot(ctx, greq)
	if err != nil {
		return nil, err
	}
	_, union2, err := combined(snap2, req.Weights)
	if err != nil {
		return nil, err
	}
	_, union, err := combined(snap, req.Weights)
	if err != nil {
		return nil, err
	}
	cur, oth := cohesion(union, inSet(snap, set)), cohesion(union2, inSet(snap2, set))
	curKeys, othKeys := layerKeys(snap), layerKeys(snap2)
	ch := &CohesionChange{Earlier: curKeys, Later: othKeys, EarlierValues: cur, LaterValues: oth}
	if strings.Join(othKeys, "\x00") < strings.Join(curKeys, "\x00") {
		ch = &CohesionChange{Earlier: othKeys, Later: curKeys, EarlierValues: oth, LaterValues: cur}
	}
	ch.WeightRatioChange = ch.LaterValues.WeightRatio - ch.EarlierValues.WeightRatio
	ch.DensityChange = ch.LaterValues.Density - ch.EarlierValues.Density
	ch.ConductanceChange = ch.LaterValues.Conductance - ch.EarlierValues.Conductance
	return ch, nil
}

func layerKeys(s *Snapshot) []string {
	keys := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		keys[i] = l.Layer.Key()
	}
	return keys
}

// ---- domain names ----

// AppliedName is a user's name that labels a domain of a result.
type AppliedName struct {
	Name string `json:"name"`
	Key  string `json:"key"` // of the stored name (graphmodel.DomainKey)
	// Jaccard is the similarity of the domain's members with the named
	// members (1: the same membership; at least graphmodel.MinNameJaccard).
	Jaccard float64 `json:"jaccard"`
	// GeneratedLabel is the label the domain had before the name applied.
	GeneratedLabel string `json:"generated_label"`
}

// applyDomainNames gives each domain of res the stored name that applies
// to its membership (graphmodel.MatchDomainName, on the result's layers):
// Label becomes that name and UserName says where it came from.
func (a *Analyzer) applyDomainNames(ctx context.Context, res *DomainsResult) error {
	if a.DomainNames == nil {
		return nil
	}
	names, err := a.DomainNames.DomainNames(ctx)
	if err != nil || len(names) == 0 {
		return err
	}
	layers := layerKeys(res.snap)
	for k := range res.Domains {
		d := &res.Domains[k]
		codes := make([]string, len(d.Members))
		for i, m := range d.Members {
			codes[i] = m.Code
		}
		if n, j, ok := graphmodel.MatchDomainName(names, res.snap.Classification, layers, codes); ok {
			d.UserName = &AppliedName{Name: n.Name, Key: n.Key, Jaccard: j, GeneratedLabel: d.Label}
			d.Label = n.Name
		}
	}
	return nil
}

// DomainNameRequest names a knowledge domain: domain Domain of the run
// DomainsRequest gives, or the industries Codes on its layers.
type DomainNameRequest struct {
	DomainsRequest
	Domain int      `json:"domain,omitempty"`
	Codes  []string `json:"codes,omitempty"`
	Name   string   `json:"name"`
}

// NameDomain stores a user's name for a domain's membership (its
// classification, layer keys and member codes; see
// graphmodel.DomainNameStore) and returns it as stored. Outcomes: EINVALID
// (Field "name") for a name graphmodel.ValidUserName refuses, checked
// before anything is computed; EINVALID (Field "domain") when neither or
// both of Domain and Codes are given; ENOTFOUND (Field "domain") for a
// domain ID the run does not have; the store's outcomes otherwise. Nothing
// is written on any error.
func (a *Analyzer) NameDomain(ctx context.Context, req DomainNameRequest) (graphmodel.DomainName, error) {
	if err := graphmodel.ValidUserName("name", "domain name", req.Name); err != nil {
		return graphmodel.DomainName{}, err
	}
	if (req.Domain != 0) == (len(req.Codes) > 0) {
		return graphmodel.DomainName{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "domain",
			"name a domain by its ID in a domains result or by its member codes, not both and not neither")
	}
	if a.DomainNames == nil {
		return graphmodel.DomainName{}, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no domain names")
	}
	codes := req.Codes
	var snap *Snapshot
	if req.Domain != 0 {
		res, err := a.Domains(ctx, req.DomainsRequest)
		if err != nil {
			return graphmodel.DomainName{}, err
		}
		i := slices.IndexFunc(res.Domains, func(d Domain) bool { return d.ID == req.Domain })
		if i < 0 {
			return graphmodel.DomainName{}, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "domain",
				"domain %d not found: this run has domains 1 to %d", req.Domain, len(res.Domains))
		}
		for _, m := range res.Domains[i].Members {
			codes = append(codes, m.Code)
		}
		snap = res.snap
	} else {
		var err error
		if snap, err = a.Snapshot(ctx, req.GraphRequest); err != nil {
			return graphmodel.DomainName{}, err
		}
	}
	return a.DomainNames.SetDomainName(ctx, graphmodel.DomainName{Classification: snap.Classification,
		Layers: layerKeys(snap), Codes: codes, Name: req.Name})
}

// DomainHypothesis returns h holding the members of domain id of the run
// req describes, with that run's classification, layers and parameters
// (Source "domain"). h's other fields are checked first, before the domains
// are detected; an unknown domain is ENOTFOUND naming the range.
func (a *Analyzer) DomainHypothesis(ctx context.Context, req DomainsRequest, id int, h graphmodel.Hypothesis) (graphmodel.Hypothesis, error) {
	if err := h.Validate(); err != nil && graphmodel.ErrorField(err) != "codes" && graphmodel.ErrorField(err) != "classification" {
		return h, err
	}
	res, err := a.Domains(ctx, req)
	if err != nil {
		return h, err
	}
	i := slices.IndexFunc(res.Domains, func(d Domain) bool { return d.ID == id })
	if i < 0 {
		return h, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "domain", "domain %d not found: this run has domains 1 to %d", id, len(res.Domains))
	}
	h.Codes = nil
	for _, m := range res.Domains[i].Members {
		h.Codes = append(h.Codes, m.Code)
	}
	h.Classification, h.Source = res.Provenance.Classification, graphmodel.SourceDomain
	h.Params = graphmodel.HypothesisParams{Threshold: req.Threshold, Resolution: &req.Resolution, Seed: &req.Seed, Domain: &id}
	for _, l := range res.Provenance.Layers {
		h.Params.Layers = append(h.Params.Layers, l.Key())
	}
	return h, nil
}
