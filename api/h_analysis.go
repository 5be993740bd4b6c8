package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// graphRequest reads layers, weights, period and threshold. Layers are left
// empty when not given; withDefaultLayers fills them.
func graphRequest(p *paramReader) analysis.GraphRequest {
	r := analysis.GraphRequest{Layers: p.list("layers"), Period: p.str("period", "")}
	if len(r.Layers) > maxLayers {
		p.fail(badParam("layers", p.q.Get("layers"), fmt.Sprintf("at most %d layers", maxLayers)))
	}
	for _, w := range p.list("weights") {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || !weightSpan.contains(v) {
			p.fail(badParam("weights", p.q.Get("weights"), "comma-separated weights, one per layer, each "+weightSpan.String()))
			break
		}
		r.Weights = append(r.Weights, v)
	}
	if len(r.Weights) > 0 && len(r.Layers) > 0 && len(r.Weights) != len(r.Layers) {
		p.fail(badParam("weights", p.q.Get("weights"), fmt.Sprintf("one weight per layer (%d layers)", len(r.Layers))))
	}
	r.Threshold = p.optNumber("threshold", thresholdSpan)
	return r
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

// domainsRequest reads the graph, resolution, seed, exclude_generic (where
// the route takes it) and, with runs, runs, sector_level and null_samples.
func domainsRequest(p *paramReader, runs bool) analysis.DomainsRequest {
	r := analysis.DomainsRequest{GraphRequest: graphRequest(p)}
	r.Resolution = p.number("resolution", 1, resolutionSpan)
	r.Seed = p.int64("seed", 1)
	r.ExcludeGeneric = p.bool("exclude_generic", false)
	if runs {
		r.Runs = p.int("runs", defaultRuns, 0, maxRuns)
		r.SectorLevel = p.int("sector_level", 0, 0, 16)
		r.NullSamples = p.int("null_samples", analysis.DefaultNullSamples, 1, maxNullSamples)
	}
	return r
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
	if r.ExcludeGeneric {
		m["exclude_generic"] = "true"
	}
	if r.NullSamples > 0 && r.NullSamples != analysis.DefaultNullSamples {
		m["null_samples"] = strconv.Itoa(r.NullSamples)
	}
	return m
}

// fmtG writes a number plainly, without exponent (1423000, not 1.423e+06),
// as the CSV answers and the echoed parameters show it.
func fmtG(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func keyOf(prefix string, v any) string {
	b, _ := json.Marshal(v)
	return prefix + "|" + string(b)
}

// bridgesRequest reads a bridging request: the domains' graph, resolution
// and seed, and the betweenness distance and samples.
func bridgesRequest(p *paramReader) analysis.BridgesRequest {
	r := analysis.BridgesRequest{DomainsRequest: domainsRequest(p, false)}
	r.Distance = p.oneOf("distance", "inverse", "inverse", "neglog", "none")
	r.Samples = p.int("samples", 0, 0, maxSamples)
	return r
}

// bridging ranks every industry as a bridge between the knowledge domains
// of r with analysis.Analyzer.Bridges (Top 0: all of them; the CLI's
// 'bridges' call), once per store version.
func (s *Server) bridging(ctx context.Context, r analysis.BridgesRequest) (*analysis.BridgesResult, error) {
	r.Runs, r.Top = 0, 0
	return compute(ctx, s, "bridging", r, s.analyzer.Bridges)
}

// domainRef names domain id (1..K) of a result; nil for 0 (no domain).
func domainRef(res *analysis.DomainsResult, id int) *DomainRef {
	for _, d := range res.Domains {
		if d.ID == id {
			return &DomainRef{ID: d.ID, Label: d.Label, Size: d.Size}
		}
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
	Score float64 `json:"score"`
	// Betweenness is the conventional undirected value Σ_{s<t} σ_st(v)/σ_st
	// (Brandes 2001), as the CLI reports it, not normalised.
	Betweenness       float64 `json:"betweenness"`
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
	Connects []Connection `json:"connects"`
	// Generic is true for a generic intermediary (see BridgesResponse.Generic).
	Generic     bool   `json:"generic"`
	Explanation string `json:"explanation"`
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

// bridgingSector words an analysis.Bridge for the API: domain references
// instead of domain IDs, and an explanation.
func bridgingSector(res *analysis.BridgesResult, x analysis.RankedBridge) BridgingSector {
	dom := res.Domains()
	bs := BridgingSector{Rank: x.Rank, Of: res.Ranked, Code: x.Code, Name: x.Name, Sector: x.TopSector,
		Domain: domainRef(dom, int(x.Community)), Score: x.Score, Betweenness: x.Betweenness, Participation: x.Participation,
		WithinModuleZ: x.WithinZ, Role: x.Role, Constraint: x.Constraint, EffectiveSize: x.EffectiveSize,
		Strength: x.Strength, Degree: x.Degree, ArticulationPoint: x.Articulation, Connects: []Connection{}, Generic: x.Generic}
	bs.Percentiles.Betweenness, bs.Percentiles.Participation, bs.Percentiles.Brokerage = x.BetweennessRank, x.ParticipationRank, x.BrokerageRank
	for _, cs := range x.Connects {
		conn := Connection{Domain: domainRef(dom, int(cs.Community)), Own: cs.Own, Share: cs.Share, Weight: cs.Weight}
		for _, l := range cs.Links {
			conn.Links = append(conn.Links, LinkRef{Code: l.Code, Name: l.Name, Weight: l.Weight})
		}
		bs.Connects = append(bs.Connects, conn)
	}
	bs.Explanation = explain(bs)
	return bs
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
	if b.Generic {
		sb.WriteString(" It is a generic intermediary: its many links spread evenly over most domains, so its bridging says little about shared knowledge.")
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
	s.answerDomains(c, func(res *analysis.DomainsResult) (*rep, error) {
		return jsonRep(DomainsResponse{DomainsResult: res, Params: domainsParams(res.Request)})
	})
}

// answerDomains reads a domains request (runs included) and answers its
// result, encoded by encode.
func (s *Server) answerDomains(c *gin.Context, encode func(*analysis.DomainsResult) (*rep, error)) {
	p := readParams(c)
	req := domainsRequest(p, true)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, "", "domains", req, s.analyzer.Domains, encode)
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

// domainID reads the path's domain id, a whole number from 1 to maxDomainID.
func domainID(c *gin.Context) (int, error) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil || id < 1 || id > maxDomainID {
		return 0, graphmodel.Errorf(graphmodel.EINVALID, "domain id %q: expected a whole number from 1 to %d", shorten(c.Param("id"), 40), maxDomainID)
	}
	return id, nil
}

func (s *Server) domain(c *gin.Context) {
	p := readParams(c)
	req := domainsRequest(p, true)
	if s.failed(c, p.err) {
		return
	}
	id, err := domainID(c)
	if s.failed(c, err) {
		return
	}
	answer(s, c, "", "domains", req, s.analyzer.Domains, func(res *analysis.DomainsResult) (*rep, error) {
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
	s.answerDomains(c, func(res *analysis.DomainsResult) (*rep, error) {
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
	// Generic lists the generic intermediaries apart from the bridges, with the rule that flags them.
	Generic     []analysis.GenericIntermediary `json:"generic"`
	GenericRule string                         `json:"generic_rule"`
}

func (s *Server) bridges(c *gin.Context) {
	p := readParams(c)
	req := bridgesRequest(p)
	n := p.int("top", 20, 0, maxTop)
	if s.failed(c, p.err) {
		return
	}
	req.Runs, req.Top = 0, 0 // as bridging
	answer(s, c, "", "bridging", req, s.analyzer.Bridges, func(b *analysis.BridgesResult) (*rep, error) {
		if n == 0 {
			n = len(b.Sectors)
		}
		dom := b.Domains()
		out := BridgesResponse{Provenance: b.Provenance, Params: domainsParams(dom.Request),
			Score:   "mean percentile rank of betweenness (Brandes 2001), participation across domains (Guimerà & Amaral 2005) and 1 − Burt's constraint (Burt 1992)",
			Bridges: []BridgingSector{}, Domains: []DomainRef{}, Generic: b.Generic, GenericRule: b.GenericRule.String()}
		if out.Generic == nil {
			out.Generic = []analysis.GenericIntermediary{}
		}
		for _, x := range b.Sectors[:min(n, len(b.Sectors))] {
			out.Bridges = append(out.Bridges, bridgingSector(b, x))
		}
		out.Params["top"] = strconv.Itoa(n)
		out.Params["distance"] = b.Request.Distance
		if b.Request.Samples > 0 {
			out.Params["samples"] = strconv.Itoa(b.Request.Samples)
		}
		for _, d := range dom.Domains {
			out.Domains = append(out.Domains, DomainRef{ID: d.ID, Label: d.Label, Size: d.Size})
		}
		return jsonRep(out)
	})
}
