package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graph/centrality"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// graphRequest reads layers, weights, period and threshold. Layers are left
// empty when not given; withDefaultLayers fills them.
func graphRequest(p params) (analysis.GraphRequest, error) {
	r := analysis.GraphRequest{Layers: p.list("layers"), Period: p.str("period", "")}
	for _, w := range p.list("weights") {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return r, badParam("weights", p.q.Get("weights"), "comma-separated numbers >= 0, one per layer")
		}
		r.Weights = append(r.Weights, v)
	}
	if len(r.Weights) > 0 && len(r.Layers) > 0 && len(r.Weights) != len(r.Layers) {
		return r, badParam("weights", p.q.Get("weights"), fmt.Sprintf("one weight per layer (%d layers)", len(r.Layers)))
	}
	var err error
	r.Threshold, err = p.optFloat("threshold")
	return r, err
}

// withDefaultLayers fills the layers of a request that names none.
func (s *Server) withDefaultLayers(ctx context.Context, r *analysis.GraphRequest) error {
	if len(r.Layers) > 0 {
		return nil
	}
	ls, err := s.defaultLayers(ctx)
	if err != nil {
		return err
	}
	r.Layers = ls
	if len(r.Weights) > 0 && len(r.Weights) != len(ls) {
		return badParam("weights", fmt.Sprint(r.Weights), fmt.Sprintf("one weight per layer (default layers: %s)", strings.Join(ls, ",")))
	}
	return nil
}

// domainsRequest reads the graph, resolution, seed and, with runs, runs and sector_level.
func domainsRequest(p params, runs bool) (analysis.DomainsRequest, error) {
	var r analysis.DomainsRequest
	var err error
	if r.GraphRequest, err = graphRequest(p); err != nil {
		return r, err
	}
	if r.Resolution, err = p.float("resolution", 1); err != nil {
		return r, err
	}
	if !(r.Resolution > 0) {
		return r, badParam("resolution", p.q.Get("resolution"), "a number > 0 (larger gives more, smaller domains)")
	}
	if r.Seed, err = p.int64("seed", 1); err != nil {
		return r, err
	}
	if runs {
		if r.Runs, err = p.int("runs", defaultRuns, 0, maxRuns); err != nil {
			return r, err
		}
		if r.SectorLevel, err = p.int("sector_level", 0, 0, 16); err != nil {
			return r, err
		}
	}
	return r, nil
}

// domainsParams lists a domains request as the parameters of a result.
func domainsParams(r analysis.DomainsRequest) map[string]string {
	m := map[string]string{"layers": strings.Join(r.Layers, ","), "resolution": fmtG(r.Resolution), "seed": strconv.FormatInt(r.Seed, 10)}
	if r.Period != "" {
		m["period"] = r.Period
	}
	if r.Threshold != nil {
		m["threshold"] = fmtG(*r.Threshold)
	}
	if r.Weights != nil {
		var ws []string
		for _, w := range r.Weights {
			ws = append(ws, fmtG(w))
		}
		m["weights"] = strings.Join(ws, ",")
	}
	if r.Runs > 0 {
		m["runs"] = strconv.Itoa(r.Runs)
	}
	if r.SectorLevel > 0 {
		m["sector_level"] = strconv.Itoa(r.SectorLevel)
	}
	return m
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func keyOf(prefix string, v any) string {
	b, _ := json.Marshal(v)
	return prefix + "|" + string(b)
}

// domainsResult computes the knowledge domains of a request once per store version.
func (s *Server) domainsResult(ctx context.Context, r analysis.DomainsRequest) (*analysis.DomainsResult, error) {
	if err := s.withDefaultLayers(ctx, &r.GraphRequest); err != nil {
		return nil, err
	}
	return result(ctx, s, keyOf("domains", r), func() (*analysis.DomainsResult, error) { return s.analyzer.Domains(ctx, r) })
}

// bridgingResult is the bridging-sector ranking of a graph partitioned into
// knowledge domains, with what the industry details need.
type bridgingResult struct {
	domains *analysis.DomainsResult
	union   *graph.Graph
	names   []string // qualified industry names per node
	sectors []string // top-level sector code per node
	emp     []float64
	ranking []bridging.BridgingSector // every node, by score
	rank    map[int32]int             // node → index in ranking
	comm    []int32                   // the partition given to RankBridging
	ndom    int                       // number of domains
}

// bridging ranks every industry as a bridge between the knowledge domains
// of r (RankBridging on the combined graph Σ_l ω_l A_l; domains without
// stability runs), once per store version.
func (s *Server) bridging(ctx context.Context, r analysis.DomainsRequest) (*bridgingResult, error) {
	r.Runs = 0
	if err := s.withDefaultLayers(ctx, &r.GraphRequest); err != nil {
		return nil, err
	}
	return result(ctx, s, keyOf("bridging", r), func() (*bridgingResult, error) {
		dres, err := s.domainsResult(ctx, r)
		if err != nil {
			return nil, err
		}
		snap := dres.Snapshot()
		b := &bridgingResult{domains: dres, ndom: len(dres.Domains), rank: map[int32]int{}}
		if b.union, err = unionGraph(snap, r.Weights); err != nil {
			return nil, err
		}
		all, err := s.industriesOf(ctx, snap.Classification)
		if err != nil {
			return nil, err
		}
		b.names, b.sectors = qualifiedNames(snap, all)
		if b.emp, err = s.employment(ctx, snap); err != nil {
			return nil, err
		}
		// RankBridging wants community IDs in [0, n): domain d (1..K)
		// becomes d−1, each isolated industry a singleton K, K+1, ….
		b.comm = make([]int32, snap.Nodes())
		next := int32(b.ndom)
		for i, d := range dres.Community() {
			if d > 0 {
				b.comm[i] = d - 1
			} else {
				b.comm[i] = next
				next++
			}
		}
		b.ranking, err = bridging.RankBridging(ctx, b.union, b.comm, b.names, bridging.BridgingOptions{
			Betweenness: centrality.BetweennessOptions{Normalised: true}})
		if err != nil {
			return nil, err
		}
		for k, x := range b.ranking {
			b.rank[x.Node] = k
		}
		return b, nil
	})
}

// unionGraph returns the combined graph Σ_l ω_l A_l of a snapshot's layers
// (ω_l = 1 without weights), the graph on which domain statistics and
// bridging measures are computed (as in analysis.Analyzer.Domains).
func unionGraph(snap *analysis.Snapshot, weights []float64) (*graph.Graph, error) {
	if len(snap.Layers) == 1 && (weights == nil || weights[0] == 1) {
		return snap.Layers[0].Graph, nil
	}
	var edges []graph.Edge
	for l, layer := range snap.Layers {
		g, w := layer.Graph, 1.0
		if weights != nil {
			w = weights[l]
		}
		for i := 0; i < g.Nodes(); i++ {
			for q := g.Off[i]; q < g.Off[i+1]; q++ {
				if j := g.Adj[q]; int(j) > i {
					edges = append(edges, graph.Edge{I: int32(i), J: j, W: w * g.W[q]})
				}
			}
		}
	}
	return graph.NewGraph(snap.Nodes(), edges)
}

// qualifiedNames returns each node's qualified name and top-level sector code.
func qualifiedNames(snap *analysis.Snapshot, all []graphmodel.Industry) (names, sectors []string) {
	byCode := make(map[string]graphmodel.Industry, len(all))
	for _, in := range all {
		byCode[in.Code] = in
	}
	names, sectors = make([]string, snap.Nodes()), make([]string, snap.Nodes())
	for i, code := range snap.Codes {
		in := byCode[code]
		names[i] = graphmodel.QualifiedName(in, byCode[in.Parent].Name)
		if names[i] == "" {
			names[i] = snap.Names[i]
		}
		top, ok := in, true
		for steps := 0; ok && top.Parent != "" && steps < 64; steps++ {
			top, ok = byCode[top.Parent]
		}
		if ok {
			sectors[i] = top.Code
		}
	}
	return names, sectors
}

// employment returns each node's employment summed over the regions of the
// latest employment set of the snapshot's classification (NaN where none is
// given; nil when no such set is loaded), as the graph views report it.
func (s *Server) employment(ctx context.Context, snap *analysis.Snapshot) ([]float64, error) {
	sets, err := s.store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	var latest *graphmodel.RegionalSet
	for i, set := range sets {
		if set.Measure == graphmodel.MeasureEmployment && set.Classification == snap.Classification && (latest == nil || set.Period > latest.Period) {
			latest = &sets[i]
		}
	}
	if latest == nil {
		return nil, nil
	}
	vals, err := s.store.RegionalValues(ctx, *latest)
	if err != nil {
		return nil, err
	}
	emp := make([]float64, snap.Nodes())
	for i := range emp {
		emp[i] = math.NaN()
	}
	for _, v := range vals {
		if i, ok := snap.Index(v.Industry); ok {
			if math.IsNaN(emp[i]) {
				emp[i] = 0
			}
			emp[i] += v.Value
		}
	}
	return emp, nil
}

func (b *bridgingResult) employment(i int) *float64 {
	if b.emp == nil || math.IsNaN(b.emp[i]) {
		return nil
	}
	e := b.emp[i]
	return &e
}

// domainRef names domain id (1..K).
func (b *bridgingResult) domainRef(id int) *DomainRef {
	for _, d := range b.domains.Domains {
		if d.ID == id {
			return &DomainRef{ID: d.ID, Label: d.Label, Size: d.Size}
		}
	}
	return nil
}

// domainOfComm names the domain of a RankBridging community (nil for an isolated industry).
func (b *bridgingResult) domainOfComm(c int32) *DomainRef {
	if int(c) < b.ndom {
		return b.domainRef(int(c) + 1)
	}
	return nil
}

// BridgingSector is an industry ranked as a bridge between knowledge
// domains, with the measures behind its score and an explanation.
type BridgingSector struct {
	Rank   int        `json:"rank"` // 1 is the strongest bridge
	Of     int        `json:"of"`   // industries ranked
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	Sector string     `json:"sector,omitempty"`
	Domain *DomainRef `json:"domain"`
	// Score is the mean of the three percentile ranks (betweenness,
	// participation, 1 − constraint), in [0, 1]; see bridging.RankBridging.
	Score             float64 `json:"score"`
	Betweenness       float64 `json:"betweenness"` // normalised to [0, 1]
	Participation     float64 `json:"participation"`
	WithinModuleZ     float64 `json:"within_module_z"`
	Role              string  `json:"role"`
	Constraint        float64 `json:"constraint"`
	EffectiveSize     float64 `json:"effective_size"`
	Strength          float64 `json:"strength"`
	Degree            int     `json:"degree"`
	ArticulationPoint bool    `json:"articulation_point"`
	Percentiles       struct {
		Betweenness   float64 `json:"betweenness"`
		Participation float64 `json:"participation"`
		Brokerage     float64 `json:"brokerage"`
	} `json:"percentiles"`
	// Connects splits its link weight over the domains of its neighbours, largest share first.
	Connects    []Connection `json:"connects"`
	Explanation string       `json:"explanation"`
}

// Connection is the share of a bridging industry's link weight going into one domain.
type Connection struct {
	Domain *DomainRef `json:"domain"` // nil: industries in no domain
	Own    bool       `json:"own"`
	Share  float64    `json:"share"`
	Weight float64    `json:"weight"`
	Links  []LinkRef  `json:"links,omitempty"` // strongest links into a foreign domain
}

// LinkRef is a link to a named industry.
type LinkRef struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// sector converts ranking[from:to] to API bridging sectors.
func (b *bridgingResult) sector(from, to int) *BridgingSector {
	out := b.sectorsRange(from, to)
	if len(out) == 0 {
		return nil
	}
	return &out[0]
}

func (b *bridgingResult) sectorsRange(from, to int) []BridgingSector {
	snap := b.domains.Snapshot()
	to = min(to, len(b.ranking))
	out := make([]BridgingSector, 0, max(0, to-from))
	for k := from; k < to; k++ {
		x := b.ranking[k]
		bs := BridgingSector{Rank: k + 1, Of: len(b.ranking), Code: snap.Codes[x.Node], Name: b.names[x.Node], Sector: b.sectors[x.Node],
			Domain: b.domainOfComm(x.Community), Score: x.Score, Betweenness: x.Betweenness, Participation: x.Participation,
			WithinModuleZ: x.WithinZ, Role: x.Role, Constraint: x.Constraint, EffectiveSize: x.EffectiveSize,
			Strength: x.Strength, Degree: x.Degree, ArticulationPoint: x.Articulation, Connects: []Connection{}}
		bs.Percentiles.Betweenness, bs.Percentiles.Participation, bs.Percentiles.Brokerage = x.BetweennessRank, x.ParticipationRank, x.BrokerageRank
		for _, cs := range x.Connects {
			conn := Connection{Domain: b.domainOfComm(cs.Community), Own: cs.Own, Share: cs.Share, Weight: cs.Weight}
			for _, l := range cs.Links {
				conn.Links = append(conn.Links, LinkRef{Code: snap.Codes[l.Node], Name: l.Name, Weight: l.Weight})
			}
			bs.Connects = append(bs.Connects, conn)
		}
		bs.Explanation = explain(bs)
		out = append(out, bs)
	}
	return out
}

// top turns a percentile rank into "the top N%" of industries.
func top(p float64) string {
	return fmt.Sprintf("the top %d%%", max(1, int(math.Ceil((1-p)*100))))
}

func domainName(d *DomainRef) string {
	if d == nil {
		return "industries in no domain"
	}
	return fmt.Sprintf("domain #%d %s", d.ID, d.Label)
}

// explain says in words why an industry ranks where it does as a bridge.
func explain(b BridgingSector) string {
	if b.Degree == 0 {
		return fmt.Sprintf("Ranked %d of %d: it has no link above the threshold, so it bridges nothing.", b.Rank, b.Of)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Ranked %d of %d (score %.2f): betweenness in %s (it lies on many of the strongest paths between industries), "+
		"participation %.2f in %s (its links spread over %d domain%s), brokerage in %s (Burt's constraint %.2f: few redundant contacts).",
		b.Rank, b.Of, b.Score, top(b.Percentiles.Betweenness), b.Participation, top(b.Percentiles.Participation),
		len(b.Connects), plural(len(b.Connects)), top(b.Percentiles.Brokerage), b.Constraint)
	var parts []string
	for _, c := range b.Connects {
		if len(parts) == 4 {
			break
		}
		what := domainName(c.Domain)
		if c.Own {
			what = "its own " + what
		}
		parts = append(parts, fmt.Sprintf("%.0f%% to %s", 100*c.Share, what))
	}
	if len(parts) > 0 {
		fmt.Fprintf(&sb, " Its link weight goes %s.", strings.Join(parts, ", "))
	}
	if b.ArticulationPoint {
		sb.WriteString(" Removing it disconnects the graph.")
	}
	return sb.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// DomainsResponse is what /domains answers.
type DomainsResponse struct {
	*analysis.DomainsResult
	Params map[string]string `json:"params"`
}

func (s *Server) domains(c *gin.Context) {
	req, err := domainsRequest(params{c.Request.URL.Query()}, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		res, err := s.domainsResult(ctx, req)
		if err != nil {
			return nil, err
		}
		return jsonRep(DomainsResponse{DomainsResult: res, Params: domainsParams(res.Request)})
	})
}

// DomainResponse is what /domains/{id} answers.
type DomainResponse struct {
	Domain     analysis.Domain         `json:"domain"`
	Request    analysis.DomainsRequest `json:"request"`
	Provenance analysis.Provenance     `json:"provenance"`
	Modularity float64                 `json:"modularity"`
	Params     map[string]string       `json:"params"`
	// Subgraph is the URL of the domain's graph (any export format).
	Subgraph string `json:"subgraph"`
}

func (s *Server) domain(c *gin.Context) {
	req, err := domainsRequest(params{c.Request.URL.Query()}, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id < 1 {
		s.fail(c, graphmodel.Errorf(graphmodel.EINVALID, "domain id %q: expected a whole number from 1", c.Param("id")))
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		res, err := s.domainsResult(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, d := range res.Domains {
			if d.ID == id {
				q := c.Request.URL.Query()
				q.Del("runs")
				q.Del("sector_level")
				q.Set("domain", strconv.Itoa(id))
				return jsonRep(DomainResponse{Domain: d, Request: res.Request, Provenance: res.Provenance, Modularity: res.Modularity,
					Params: domainsParams(res.Request), Subgraph: prefix + "/subgraph?" + canonicalQuery(q)})
			}
		}
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no domain %d: domains are numbered 1 to %d", id, len(res.Domains))
	})
}

// CrossSectorResponse is what /cross-sector-domains answers.
type CrossSectorResponse struct {
	Request    analysis.DomainsRequest `json:"request"`
	Provenance analysis.Provenance     `json:"provenance"`
	Modularity float64                 `json:"modularity"`
	Params     map[string]string       `json:"params"`
	// Score says how candidates are ranked.
	Score      string            `json:"score"`
	Candidates []analysis.Domain `json:"candidates"`
}

func (s *Server) crossSector(c *gin.Context) {
	req, err := domainsRequest(params{c.Request.URL.Query()}, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		res, err := s.domainsResult(ctx, req)
		if err != nil {
			return nil, err
		}
		out := CrossSectorResponse{Request: res.Request, Provenance: res.Provenance, Modularity: res.Modularity, Params: domainsParams(res.Request),
			Score: "sector mix × (1 − conductance) × √density, for domains of at least 3 members spanning several sectors", Candidates: res.Candidates()}
		if out.Candidates == nil {
			out.Candidates = []analysis.Domain{}
		}
		return jsonRep(out)
	})
}

// BridgesResponse is what /bridges answers.
type BridgesResponse struct {
	Provenance analysis.Provenance `json:"provenance"`
	Params     map[string]string   `json:"params"`
	Domains    []DomainRef         `json:"domains"`
	// Score says how industries are ranked.
	Score   string           `json:"score"`
	Bridges []BridgingSector `json:"bridges"`
}

func (s *Server) bridges(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	req, err := domainsRequest(p, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := p.int("top", 20, 0, maxTop)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		b, err := s.bridging(ctx, req)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			n = len(b.ranking)
		}
		out := BridgesResponse{Provenance: b.domains.Provenance, Params: domainsParams(b.domains.Request),
			Score:   "mean percentile rank of betweenness (Brandes 2001), participation across domains (Guimerà & Amaral 2005) and 1 − Burt's constraint (Burt 1992)",
			Bridges: b.sectorsRange(0, n), Domains: []DomainRef{}}
		out.Params["top"] = strconv.Itoa(n)
		for _, d := range b.domains.Domains {
			out.Domains = append(out.Domains, DomainRef{ID: d.ID, Label: d.Label, Size: d.Size})
		}
		return jsonRep(out)
	})
}
