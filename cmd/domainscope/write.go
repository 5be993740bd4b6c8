package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/neo4jstore"
)

// domainWriter is a store that keeps analysis results (Graph Data Science's
// "write" mode): the Neo4j store.
type domainWriter interface {
	WriteDomains(ctx context.Context, dr neo4jstore.DomainRun, domains []neo4jstore.Domain, members []neo4jstore.Membership) error
}

// runID names a domain run by its parameters, so that writing the same
// analysis again replaces it.
func runID(req analysis.DomainsRequest, res *analysis.DomainsResult) string {
	var keys []string
	for _, l := range res.Provenance.Layers {
		keys = append(keys, l.Key())
	}
	return fmt.Sprintf("leiden %s γ=%g seed=%d", strings.Join(keys, "+"), req.Resolution, req.Seed)
}

// writeDomains writes the domains, their scores and each member's bridging
// scores into the store: (:DomainRun)-[:HAS_DOMAIN]->(:Domain)<-[:IN_DOMAIN]-(:Industry).
func (a *app) writeDomains(ctx context.Context, st graphmodel.Store, an *analysis.Analyzer, req analysis.DomainsRequest, res *analysis.DomainsResult, id string) error {
	w, ok := st.(domainWriter)
	if !ok {
		return graphmodel.Errorf(graphmodel.EINVALID, "--write needs a Neo4j store (--store neo4j://…); the embedded store keeps no analysis results")
	}
	br, err := an.Bridges(ctx, analysis.BridgesRequest{DomainsRequest: req})
	if err != nil {
		return err
	}
	bridging := map[string]bridging.BridgingSector{}
	for _, s := range br.Sectors {
		bridging[s.Code] = s.BridgingSector
	}
	if id == "" {
		id = runID(req, res)
	}
	dr := neo4jstore.DomainRun{ID: id, Classification: res.Provenance.Classification, Method: "leiden",
		Params: map[string]string{"resolution": strconv.FormatFloat(req.Resolution, 'g', -1, 64),
			"seed": strconv.FormatInt(req.Seed, 10), "runs": strconv.Itoa(req.Runs)}}
	for _, l := range res.Provenance.Layers {
		dr.Layers = append(dr.Layers, l.Key())
	}
	var doms []neo4jstore.Domain
	var members []neo4jstore.Membership
	for _, d := range res.Domains {
		scores := map[string]float64{"candidate_score": d.CandidateScore, "density": d.Density,
			"conductance": d.Conductance, "sector_mix": d.SectorMix, "avg_relatedness": d.AvgRelatedness}
		if d.Stability != nil {
			scores["stability"] = *d.Stability
		}
		doms = append(doms, neo4jstore.Domain{ID: d.ID, Label: d.Label, Scores: scores})
		for _, m := range d.Members {
			b := bridging[m.Code]
			ms := map[string]float64{"strength_in_domain": m.Strength, "bridging_score": b.Score,
				"betweenness": b.Betweenness, "participation": b.Participation, "constraint": b.Constraint}
			if m.Stability != nil {
				ms["stability"] = *m.Stability
			}
			members = append(members, neo4jstore.Membership{Code: m.Code, Domain: d.ID, Scores: ms})
		}
	}
	if err := w.WriteDomains(ctx, dr, doms, members); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "wrote domain run %q: %d domains, %d memberships\n", id, len(doms), len(members))
	return nil
}
