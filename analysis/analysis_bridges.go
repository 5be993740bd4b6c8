package analysis

import (
	"context"

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

// BridgesResult ranks industries by how they bridge knowledge domains.
type BridgesResult struct {
	Request    BridgesRequest            `json:"request"`
	Provenance Provenance                `json:"provenance"`
	Sectors    []bridging.BridgingSector `json:"sectors"`
	// DomainLabels names the domains that Sectors' Community and Connects refer to.
	DomainLabels map[int]string `json:"domain_labels"`
	// Bridges are the links whose removal disconnects the thresholded graph, as code pairs.
	Bridges [][2]string `json:"bridges"`
}

// Bridges finds the knowledge domains (as Domains) and ranks every industry
// as a bridge between them with RankBridging on the combined graph.
func (a *Analyzer) Bridges(ctx context.Context, req BridgesRequest) (*BridgesResult, error) {
	if req.Top < 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "top %d: expected 0 (all) or more", req.Top)
	}
	dist := centrality.DistanceInverse
	if req.Distance != "" {
		d, err := centrality.ParseDistanceTransform(req.Distance)
		if err != nil {
			return nil, err
		}
		dist = d
	}
	dres, err := a.Domains(ctx, req.DomainsRequest)
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
	_, names := sectorsAt(industries, nil, 0)
	nodeNames := make([]string, snap.Nodes())
	for i, c := range snap.Codes {
		nodeNames[i] = names[c]
	}
	secs, err := bridging.RankBridging(ctx, union, dres.Community(), nodeNames, bridging.BridgingOptions{
		Betweenness: centrality.BetweennessOptions{Distance: dist, Samples: req.Samples, Seed: uint64(req.Seed)},
		Top:         req.Top,
	})
	if err != nil {
		return nil, err
	}
	for k := range secs {
		s := &secs[k]
		s.Code = snap.Codes[s.Node]
		for c := range s.Connects {
			for l := range s.Connects[c].Links {
				s.Connects[c].Links[l].Code = snap.Codes[s.Connects[c].Links[l].Node]
			}
		}
	}
	res := &BridgesResult{Request: req, Provenance: provenanceOf(snap), Sectors: secs, DomainLabels: map[int]string{}}
	for _, d := range dres.Domains {
		res.DomainLabels[d.ID] = d.Label
	}
	for _, b := range bridging.Bridges(union) {
		res.Bridges = append(res.Bridges, [2]string{snap.Codes[b[0]], snap.Codes[b[1]]})
	}
	return res, nil
}
