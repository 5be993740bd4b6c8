package analysis

import (
	"context"
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graph/community"

	"github.com/domainscope/domainscope/graphmodel"
)

// Analyzer runs the analyses of domainscope on snapshots of one store. The
// CLI and the API share it, so a question asked twice with the same
// parameters on the same store version is answered from the same snapshot.
type Analyzer struct {
	Store     graphmodel.Reader
	Snapshots *SnapshotCache
	// Hypotheses and DomainNames hold the user data, when the store keeps
	// it (nil otherwise): saved hypotheses, and the names that label
	// domains results.
	Hypotheses  graphmodel.HypothesisStore
	DomainNames graphmodel.DomainNameStore
	// Boundaries holds the region boundaries the map draws (nil: tiles only).
	Boundaries graphmodel.BoundaryStore
}

// NewAnalyzer returns an Analyzer with a snapshot cache of 16 entries, with
// Hypotheses, DomainNames and Boundaries set when st implements them.
func NewAnalyzer(st graphmodel.Reader) *Analyzer {
	a := &Analyzer{Store: st, Snapshots: NewSnapshotCache(16)}
	a.Hypotheses, _ = st.(graphmodel.HypothesisStore)
	a.DomainNames, _ = st.(graphmodel.DomainNameStore)
	a.Boundaries, _ = st.(graphmodel.BoundaryStore)
	return a
}

// GraphRequest selects the graph an analysis runs on.
type GraphRequest struct {
	Layers []string `json:"layers"` // names or "name@period"
	// Weights are the per-layer weights ω_l of the multiplex quality (nil: all 1).
	Weights   []float64 `json:"weights,omitempty"`
	Period    string    `json:"period,omitempty"`
	Threshold *float64  `json:"threshold,omitempty"`
}

// Graph returns r; through embedding, every request that selects a graph has it.
func (r *GraphRequest) Graph() *GraphRequest { return r }

func (r GraphRequest) spec() SnapshotSpec {
	return SnapshotSpec{Layers: r.Layers, Period: r.Period, Threshold: r.Threshold}
}

func (r GraphRequest) check() error {
	if len(r.Layers) == 0 {
		return graphmodel.Errorf(graphmodel.EINVALID, "no layer selected: name one or more layers")
	}
	if r.Weights != nil && len(r.Weights) != len(r.Layers) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "weights", "%d weights for %d layers: give one weight per layer", len(r.Weights), len(r.Layers))
	}
	positive := r.Weights == nil
	for _, w := range r.Weights {
		if !(w >= 0 && w <= MaxLayerWeight) {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, "weights", "layer weight %v: expected a number from 0 to %s", w, FormatLimit(MaxLayerWeight))
		}
		positive = positive || w > 0
	}
	if !positive {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "weights", "every layer weight is 0: give at least one layer a weight above 0")
	}
	return checkThreshold("threshold", r.Threshold)
}

// Snapshot returns the (cached) snapshot for a request.
func (a *Analyzer) Snapshot(ctx context.Context, r GraphRequest) (*Snapshot, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	return a.Snapshots.Get(ctx, a.Store, r.spec())
}

// combined returns the layer graphs of a snapshot and their combined graph
// Σ_l ω_l A_l, on which domain statistics and bridging measures are computed.
func combined(s *Snapshot, weights []float64) ([]*graph.Graph, *graph.Graph, error) {
	gs := make([]*graph.Graph, len(s.Layers))
	for i := range s.Layers {
		gs[i] = s.Layers[i].Graph
	}
	u, err := combine(gs, weights)
	return gs, u, err
}

// combinedSnapshot returns the snapshot of r with its layer graphs and their
// combined graph (see combined).
func (a *Analyzer) combinedSnapshot(ctx context.Context, r GraphRequest) (*Snapshot, []*graph.Graph, *graph.Graph, error) {
	snap, err := a.Snapshot(ctx, r)
	if err != nil {
		return nil, nil, nil, err
	}
	gs, union, err := combined(snap, r.Weights)
	if err != nil {
		return nil, nil, nil, err
	}
	return snap, gs, union, nil
}

// combine returns Σ_l ω_l A_l of layer graphs gs (the graph itself for one layer of weight 1).
func combine(gs []*graph.Graph, weights []float64) (*graph.Graph, error) {
	if len(gs) == 1 && (weights == nil || weights[0] == 1) {
		return gs[0], nil
	}
	var edges []graph.Edge
	for l, g := range gs {
		w := 1.0
		if weights != nil {
			w = weights[l]
		}
		for i := 0; i < g.Nodes(); i++ {
			for p := g.Off[i]; p < g.Off[i+1]; p++ {
				if j := g.Adj[p]; int(j) > i {
					edges = append(edges, graph.Edge{I: int32(i), J: j, W: w * g.W[p]})
				}
			}
		}
	}
	return graph.NewGraph(gs[0].Nodes(), edges)
}

// Provenance says what a result was computed from.
type Provenance struct {
	StoreVersion   int64              `json:"store_version"`
	Classification string             `json:"classification"`
	Layers         []graphmodel.Layer `json:"layers"` // with their dataset IDs and thresholds
	Thresholds     []float64          `json:"thresholds"`
}

func provenanceOf(s *Snapshot) Provenance {
	p := Provenance{StoreVersion: s.Version, Classification: s.Classification}
	for _, l := range s.Layers {
		p.Layers = append(p.Layers, l.Layer)
		p.Thresholds = append(p.Thresholds, l.Threshold)
	}
	return p
}

// DomainsRequest asks for the knowledge domains of a graph.
type DomainsRequest struct {
	GraphRequest
	Resolution float64 `json:"resolution"`
	Seed       int64   `json:"seed"`
	// Runs is the number of extra seeds for the stability measures (0: none).
	Runs int `json:"runs"`
	// SectorLevel is the classification level whose groups count as the
	// traditional sectors a domain spans (0: the top level, e.g. NACE sections).
	SectorLevel int `json:"sector_level"`
	// ExcludeGeneric detects the domains without the generic intermediaries
	// (see DomainsResult.Generic): their links are left out of detection.
	ExcludeGeneric bool `json:"exclude_generic"`
	// NullSamples is the number of rewired graphs of the significance test
	// (0: DefaultNullSamples; at most community.MaxSignificanceSamples).
	NullSamples int `json:"null_samples"`
}

// Member is an industry in a result.
type Member struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sector string `json:"sector"` // code of its sector at the requested level
	// Strength is the summed weight of its links inside its domain.
	Strength float64 `json:"strength"`
	// Stability is how often it stays with its domain's other members over the runs (nil: not run).
	Stability *float64 `json:"stability,omitempty"`
}

// Domain is one knowledge domain with its members and statistics.
type Domain struct {
	community.DomainStats
	// Label names the domain by its dominant sectors and most central
	// members (see domain_label.go), or is the name a user gave its
	// membership (then UserName is set and keeps the generated label).
	Label    string       `json:"label"`
	UserName *AppliedName `json:"user_name,omitempty"`
	Members  []Member     `json:"members"`
	// Significance tests its internal weight against the configuration
	// model and degree-preserving rewiring (community.CommunitySignificance).
	Significance *community.Significance `json:"significance,omitempty"`
	// Consensus compares it with the consensus partition over the seeds
	// (nil when no extra seeds were run).
	Consensus *DomainConsensus `json:"consensus,omitempty"`
	// SectorNames maps the sector codes of Sectors to names.
	SectorNames map[string]string `json:"sector_names"`
}

// DomainsResult is a partition of the industries into knowledge domains.
type DomainsResult struct {
	Request    DomainsRequest `json:"request"`
	Provenance Provenance     `json:"provenance"`
	Modularity float64        `json:"modularity"`
	// LevelSizes is the number of communities at each Louvain aggregation level.
	LevelSizes []int    `json:"level_sizes"`
	Domains    []Domain `json:"domains"`
	// Isolated counts industries with no link above the threshold (each its own singleton domain, not listed).
	Isolated  int `json:"isolated"`
	Stability *struct {
		Runs           int     `json:"runs"`
		MeanModularity float64 `json:"mean_modularity"`
		MinModularity  float64 `json:"min_modularity"`
	} `json:"stability,omitempty"`
	// Consensus summarises the consensus partition over the reference
	// partition and the Runs other seeds (nil when Runs is 0).
	Consensus *ConsensusSummary `json:"consensus,omitempty"`
	// Generic lists the generic intermediaries flagged on the partition of
	// the whole graph by GenericRule; with Request.ExcludeGeneric they are
	// the industries left out of detection (in no domain).
	Generic     []GenericIntermediary `json:"generic"`
	GenericRule bridging.GenericRule  `json:"generic_rule"`
	// Significance names the test of Domain.Significance.
	Significance string `json:"significance_test"`

	community []int32
	snap      *Snapshot
	emp       []float64 // employment per node (NaN: none given; nil: no employment set)
}

// Community returns node → domain ID (1..K; 0 for isolated industries) of
// the snapshot the result came from.
func (r *DomainsResult) Community() []int32 { return r.community }

// partition returns the domains as community IDs in [0, n), as package
// graph/bridging wants them: domain d (1..K) is d−1 and the industries in
// no domain share K. (Domain IDs themselves can reach n when every node is
// its own domain, at a very large resolution.)
func (r *DomainsResult) partition() []int32 {
	k := int32(len(r.Domains))
	out := make([]int32, len(r.community))
	for i, d := range r.community {
		if d > 0 {
			out[i] = d - 1
		} else {
			out[i] = k
		}
	}
	return out
}

// domainOf turns a community ID of partition back into a domain ID (0: none).
func (r *DomainsResult) domainOf(c int32) int32 {
	if int(c) < len(r.Domains) {
		return c + 1
	}
	return 0
}

// Snapshot returns the snapshot the result was computed on.
func (r *DomainsResult) Snapshot() *Snapshot { return r.snap }

// Candidates returns the domains of at least 3 members that span several
// sectors, by candidate score, highest first.
func (r *DomainsResult) Candidates() []Domain {
	var out []Domain
	for _, d := range r.Domains {
		if d.CandidateScore > 0 {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CandidateScore > out[j].CandidateScore })
	return out
}

// sectorsAt returns, for each code, the code of its ancestor at level (itself
// if it is at or above that level), and the qualified names of all industries.
func sectorsAt(industries []graphmodel.Industry, codes []string, level int) ([]string, map[string]string) {
	byCode := make(map[string]graphmodel.Industry, len(industries))
	for _, in := range industries {
		byCode[in.Code] = in
	}
	names := graphmodel.QualifiedNames(industries)
	out := make([]string, len(codes))
	for i, c := range codes {
		in, ok := byCode[c]
		for steps := 0; ok && in.Level > level && in.Parent != "" && steps < 64; steps++ {
			in, ok = byCode[in.Parent]
		}
		if ok {
			out[i] = in.Code
		}
	}
	return out, names
}

// Domains finds the knowledge domains: Leiden communities, whose members are
// connected (community.Detect, on one layer or several), described by
// community.DescribeDomains, labelled by their dominant sectors and central
// members, tested against a null model (community.CommunitySignificance),
// with stability and a consensus partition over req.Runs extra seeds, and
// the generic intermediaries of the partition flagged (and, with
// req.ExcludeGeneric, left out of a second detection).
func (a *Analyzer) Domains(ctx context.Context, req DomainsRequest) (*DomainsResult, error) {
	return a.domains(ctx, req, true)
}

// domains is Domains; significance false skips the significance test (for
// analyses that only need the partition).
func (a *Analyzer) domains(ctx context.Context, req DomainsRequest, significance bool) (*DomainsResult, error) {
	if req.Resolution == 0 {
		req.Resolution = 1
	}
	if err := checkResolution(req.Resolution); err != nil {
		return nil, err
	}
	if req.Runs < 0 || req.Runs > 1000 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "runs", "runs %d: expected 0 to 1000", req.Runs)
	}
	if req.NullSamples == 0 {
		req.NullSamples = DefaultNullSamples
	}
	if req.NullSamples < 1 || req.NullSamples > community.MaxSignificanceSamples {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "null_samples", "null_samples %d: expected 1 to %d (0: %d)",
			req.NullSamples, community.MaxSignificanceSamples, DefaultNullSamples)
	}
	snap, gs, union, err := a.combinedSnapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	opt := community.DefaultOptions()
	opt.Resolution, opt.Seed = req.Resolution, req.Seed
	p, err := detect(ctx, gs, req.Weights, opt)
	if err != nil {
		return nil, err
	}
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	sector, names := sectorsAt(industries, snap.Codes, req.SectorLevel)
	rule := bridging.DefaultGenericRule()
	generic, err := bridging.GenericIntermediaries(union, p.Community, rule)
	if err != nil {
		return nil, err
	}
	excluded := make([]bool, snap.Nodes())
	if req.ExcludeGeneric && len(generic) > 0 {
		for _, g := range generic {
			excluded[g.Node] = true
		}
		if gs, union, err = withoutNodes(gs, req.Weights, excluded); err != nil {
			return nil, err
		}
		if p, err = detect(ctx, gs, req.Weights, opt); err != nil {
			return nil, err
		}
	}
	emp, err := a.employment(ctx, snap)
	if err != nil {
		return nil, err
	}
	stats := community.DescribeDomains(union, p.Community, sector, emp)
	res := &DomainsResult{Request: req, Provenance: provenanceOf(snap), Modularity: p.Modularity, snap: snap, emp: emp,
		GenericRule: rule, Generic: []GenericIntermediary{}}
	for _, lv := range p.Levels {
		k := 0
		for _, c := range lv {
			k = max(k, int(c)+1)
		}
		res.LevelSizes = append(res.LevelSizes, k)
	}
	var stab community.Stability
	var cons community.ConsensusResult
	if req.Runs > 0 {
		stab, err = community.PartitionStability(ctx, gs, req.Weights, opt, p.Community, req.Runs)
		if err != nil {
			return nil, err
		}
		res.Stability = &struct {
			Runs           int     `json:"runs"`
			MeanModularity float64 `json:"mean_modularity"`
			MinModularity  float64 `json:"min_modularity"`
		}{stab.Runs, stab.MeanModularity, stab.MinModularity}
		all := append([][]int32{p.Community}, stab.Partitions...)
		if cons, err = community.Consensus(ctx, snap.Nodes(), all, ConsensusThreshold, opt); err != nil {
			return nil, err
		}
	}
	var sig []community.Significance
	if significance {
		if sig, err = community.CommunitySignificance(ctx, union, p.Community, req.NullSamples, req.Seed); err != nil {
			return nil, err
		}
		res.Significance = SignificanceTest
	}
	dom := make([]int, snap.Nodes()) // node -> index in stats
	for c, st := range stats {
		for _, m := range st.Members {
			dom[m] = c
		}
	}
	for c, st := range stats {
		if st.Size == 1 && union.Off[st.Members[0]+1] == union.Off[st.Members[0]] {
			if !excluded[st.Members[0]] {
				res.Isolated++
			}
			continue
		}
		d := Domain{DomainStats: st, SectorNames: map[string]string{}}
		if req.Runs > 0 {
			d.Stability = &stab.Domain[c]
			d.Consensus = domainConsensus(st.Members, cons)
		}
		if sig != nil {
			d.Significance = &sig[c]
		}
		for _, s := range st.Sectors {
			d.SectorNames[s.Sector] = names[s.Sector]
		}
		for _, m := range st.Members {
			mem := Member{Code: snap.Codes[m], Name: names[snap.Codes[m]], Sector: sector[m]}
			for q := union.Off[m]; q < union.Off[m+1]; q++ {
				if dom[union.Adj[q]] == c {
					mem.Strength += union.W[q]
				}
			}
			if req.Runs > 0 {
				mem.Stability = &stab.Node[m]
			}
			d.Members = append(d.Members, mem)
		}
		sort.SliceStable(d.Members, func(i, j int) bool { return d.Members[i].Strength > d.Members[j].Strength })
		res.Domains = append(res.Domains, d)
	}
	// Number the domains 1..K by size (largest first), then by first member;
	// isolated industries get domain 0.
	res.community = numberDomains(res.Domains, snap.Nodes(), industries)
	if req.Runs > 0 {
		res.Consensus = consensusSummary(req.Runs, cons)
	}
	for _, g := range generic {
		res.Generic = append(res.Generic, genericIntermediary(g, snap, names, sector, res.community))
	}
	if err := a.applyDomainNames(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// employment returns each node's total employment over all regions in the
// latest employment set of the snapshot's classification (nil if none is loaded).
func (a *Analyzer) employment(ctx context.Context, s *Snapshot) ([]float64, error) {
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	var latest *graphmodel.RegionalSet
	for i, set := range sets {
		if set.Measure == graphmodel.MeasureEmployment && set.Classification == s.Classification &&
			(latest == nil || set.Period > latest.Period) {
			latest = &sets[i]
		}
	}
	if latest == nil {
		return nil, nil
	}
	vals, err := a.Store.RegionalValues(ctx, *latest)
	if err != nil {
		return nil, err
	}
	emp := make([]float64, s.Nodes())
	for i := range emp {
		emp[i] = math.NaN()
	}
	for _, v := range vals {
		if i, ok := s.Index(v.Industry); ok {
			if math.IsNaN(emp[i]) {
				emp[i] = 0
			}
			emp[i] += v.Value
		}
	}
	return emp, nil
}

// ResolutionSweep runs the domain detection of req at each resolution γ (see
// the function ResolutionSweep) on req's graph.
func (a *Analyzer) ResolutionSweep(ctx context.Context, req DomainsRequest, resolutions []float64) ([]community.ResolutionPoint, error) {
	for _, g := range resolutions {
		if err := checkResolution(g); err != nil {
			return nil, err
		}
	}
	_, gs, _, err := a.combinedSnapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	opt := community.DefaultOptions()
	opt.Seed = req.Seed
	return community.ResolutionSweep(ctx, gs, req.Weights, opt, resolutions)
}
