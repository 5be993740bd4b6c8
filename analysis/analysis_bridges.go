package analysis

import (
	"context"
	"math"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graph/centrality"

	"github.com/domainscope/domainscope/graphmodel"
)

// BridgesRequest asks for the bridging sectors between knowledge domains.
type BridgesRequest struct {
	DomainsRequest
	Top int `json:"top"` // sectors to return (0: all)
	// Distance turns relatedness into path length for betweenness: inverse (1/w), neglog or none.
	Distance string `json:"distance"`
	// Samples > 0 estimates betweenness from that many random sources (large graphs).
	Samples int `json:"samples,omitempty"`
}

// RankedBridge is one industry of a bridging ranking.
type RankedBridge struct {
	bridging.BridgingSector
	// Rank is its place in the ranking of all industries (1: the strongest bridge).
	Rank int `json:"rank"`
	// TopSector is the code of its top-level classification group (e.g. its NACE section).
	TopSector string `json:"top_sector,omitempty"`
	// Generic is true for a generic intermediary (see BridgesResult.Generic):
	// it links evenly to many domains, so its bridging says little about
	// shared knowledge.
	Generic bool `json:"generic"`
}

// BridgesResult ranks industries by how they bridge knowledge domains.
// Community IDs in Sectors are domain IDs (1..K; 0 for industries with no
// link above the threshold).
type BridgesResult struct {
	Request    BridgesRequest `json:"request"`
	Provenance Provenance     `json:"provenance"`
	// Ranked counts the industries ranked (the graph's nodes); Sectors holds the first Top.
	Ranked  int            `json:"ranked"`
	Sectors []RankedBridge `json:"sectors"`
	// DomainLabels names the domains that Sectors' Community and Connects refer to.
	DomainLabels map[int]string `json:"domain_labels"`
	// Bridges are the links whose removal disconnects the thresholded graph, as code pairs.
	Bridges [][2]string `json:"bridges"`
	// Generic lists the generic intermediaries, flagged apart from the
	// bridges by GenericRule (see DomainsResult.Generic).
	Generic     []GenericIntermediary `json:"generic"`
	GenericRule bridging.GenericRule  `json:"generic_rule"`

	domains *DomainsResult
	union   *graph.Graph
}

// Domains returns the knowledge domains the ranking was computed on.
func (r *BridgesResult) Domains() *DomainsResult { return r.domains }

// Bridges finds the knowledge domains (as Domains) and ranks every industry
// as a bridge between them with RankBridging on the combined graph
// Σ_l ω_l A_l. Betweenness is the conventional undirected value (not
// normalised; see centrality.Betweenness).
func (a *Analyzer) Bridges(ctx context.Context, req BridgesRequest) (*BridgesResult, error) {
	if req.Top < 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "top", "top %d: expected 0 (all) or more", req.Top)
	}
	if req.Samples < 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "samples", "samples %d: expected 0 (exact) or more", req.Samples)
	}
	dist := centrality.DistanceInverse
	if req.Distance != "" {
		d, err := centrality.ParseDistanceTransform(req.Distance)
		if err != nil {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "distance", "distance %q: expected one of inverse, neglog, none", req.Distance)
		}
		dist = d
	}
	dres, err := a.domains(ctx, req.DomainsRequest, false)
	if err != nil {
		return nil, err
	}
	snap := dres.Snapshot()
	_, union, err := combined(snap, req.Weights)
	if err != nil {
		return nil, err
	}
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	top, names := sectorsAt(industries, snap.Codes, 0)
	nodeNames := make([]string, snap.Nodes())
	for i, c := range snap.Codes {
		nodeNames[i] = names[c]
		if nodeNames[i] == "" {
			nodeNames[i] = snap.Names[i]
		}
	}
	secs, err := bridging.RankBridging(ctx, union, dres.partition(), nodeNames, bridging.BridgingOptions{
		Betweenness: centrality.BetweennessOptions{Distance: dist, Samples: req.Samples, Seed: uint64(req.Seed)},
		Top:         req.Top,
	})
	if err != nil {
		return nil, err
	}
	res := &BridgesResult{Request: req, Provenance: provenanceOf(snap), Ranked: snap.Nodes(), Sectors: make([]RankedBridge, len(secs)),
		DomainLabels: map[int]string{}, domains: dres, union: union, Generic: dres.Generic, GenericRule: dres.GenericRule}
	generic := map[string]bool{}
	for _, g := range dres.Generic {
		generic[g.Code] = true
	}
	for k, s := range secs {
		s.Code = snap.Codes[s.Node]
		s.Community = dres.domainOf(s.Community)
		for c := range s.Connects {
			s.Connects[c].Community = dres.domainOf(s.Connects[c].Community)
			for l := range s.Connects[c].Links {
				s.Connects[c].Links[l].Code = snap.Codes[s.Connects[c].Links[l].Node]
			}
		}
		res.Sectors[k] = RankedBridge{BridgingSector: s, Rank: k + 1, TopSector: top[s.Node], Generic: generic[s.Code]}
	}
	for _, d := range dres.Domains {
		res.DomainLabels[d.ID] = d.Label
	}
	for _, b := range bridging.Bridges(union) {
		res.Bridges = append(res.Bridges, [2]string{snap.Codes[b[0]], snap.Codes[b[1]]})
	}
	return res, nil
}

// LayerDegree is an industry's degree and strength on one layer.
type LayerDegree struct {
	Layer    string  `json:"layer"` // name@period
	Degree   int     `json:"degree"`
	Strength float64 `json:"strength"`
}

// IndustryMetrics are one industry's measures in the graph of a bridging ranking.
type IndustryMetrics struct {
	Code   string        `json:"code"`
	Layers []LayerDegree `json:"layers"`
	// Strength is its weighted degree on the combined graph Σ_l ω_l A_l.
	Strength float64 `json:"strength"`
	// Employment is summed over the regions of the latest employment set (nil: none loaded or given).
	Employment *float64 `json:"employment,omitempty"`
	// Domain is the ID of its knowledge domain (0: no link above the threshold).
	Domain int `json:"domain"`
	// Bridge is its entry in the ranking (nil when the ranking was cut by Top before it).
	Bridge *RankedBridge `json:"bridge"`
}

// Industry returns the measures of the industry with code, false when it is
// not a node of the ranked graph. Its Bridge is filled only when the ranking
// holds it (a request with Top 0 holds every industry).
func (r *BridgesResult) Industry(code string) (*IndustryMetrics, bool) {
	snap := r.domains.Snapshot()
	i, ok := snap.Index(code)
	if !ok {
		return nil, false
	}
	m := &IndustryMetrics{Code: code, Strength: r.union.Strength(i), Domain: int(r.domains.Community()[i])}
	for _, l := range snap.Layers {
		g := l.Graph
		m.Layers = append(m.Layers, LayerDegree{Layer: l.Layer.Key(), Degree: int(g.Off[i+1] - g.Off[i]), Strength: g.Strength(i)})
	}
	if emp := r.domains.emp; emp != nil && !math.IsNaN(emp[i]) {
		e := emp[i]
		m.Employment = &e
	}
	for k := range r.Sectors {
		if r.Sectors[k].Node == int32(i) {
			b := r.Sectors[k]
			m.Bridge = &b
			break
		}
	}
	return m, true
}
