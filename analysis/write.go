package analysis

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graphmodel"
)

// WriteDomains writes the domains of res (computed for req) to w as one run:
// each domain with its candidate score, density, conductance, sector mix,
// average relatedness and stability, and each member with its strength in
// the domain, stability and bridging scores (Bridges on the same request).
// id names the run; "" names it by the layers and parameters, so that
// writing the same analysis again replaces it.
func (a *Analyzer) WriteDomains(ctx context.Context, w graphmodel.DomainWriter, req DomainsRequest, res *DomainsResult, id string) (WrittenRun, error) {
	br, err := a.Bridges(ctx, BridgesRequest{DomainsRequest: req})
	if err != nil {
		return WrittenRun{}, err
	}
	run, doms, members := domainRecords(req, res, br, id)
	if err := w.WriteDomains(ctx, run, doms, members); err != nil {
		return WrittenRun{}, err
	}
	return WrittenRun{DomainRun: run, Domains: len(doms), Memberships: len(members)}, nil
}

// WrittenRun is a run that WriteDomains wrote, with how many domains and
// memberships it holds.
type WrittenRun struct {
	graphmodel.DomainRun
	Domains, Memberships int
}

// domainRecords turns a domains result and the bridging ranking of the same
// request into what a DomainWriter keeps.
func domainRecords(req DomainsRequest, res *DomainsResult, br *BridgesResult, id string) (graphmodel.DomainRun, []graphmodel.Domain, []graphmodel.Membership) {
	bridges := map[string]bridging.BridgingSector{}
	for _, s := range br.Sectors {
		bridges[s.Code] = s.BridgingSector
	}
	run := graphmodel.DomainRun{ID: id, Classification: res.Provenance.Classification, Method: "leiden",
		Params: map[string]string{"resolution": strconv.FormatFloat(req.Resolution, 'g', -1, 64),
			"seed": strconv.FormatInt(req.Seed, 10), "runs": strconv.Itoa(req.Runs)}}
	for _, l := range res.Provenance.Layers {
		run.Layers = append(run.Layers, l.Key())
	}
	if run.ID == "" {
		run.ID = fmt.Sprintf("leiden %s γ=%g seed=%d", strings.Join(run.Layers, "+"), req.Resolution, req.Seed)
	}
	var doms []graphmodel.Domain
	var members []graphmodel.Membership
	for _, d := range res.Domains {
		scores := map[string]float64{"candidate_score": d.CandidateScore, "density": d.Density,
			"conductance": d.Conductance, "sector_mix": d.SectorMix, "avg_relatedness": d.AvgRelatedness}
		if d.Stability != nil {
			scores["stability"] = *d.Stability
		}
		doms = append(doms, graphmodel.Domain{ID: d.ID, Label: d.Label, Scores: scores})
		for _, m := range d.Members {
			b := bridges[m.Code]
			ms := map[string]float64{"strength_in_domain": m.Strength, "bridging_score": b.Score,
				"betweenness": b.Betweenness, "participation": b.Participation, "constraint": b.Constraint}
			if m.Stability != nil {
				ms["stability"] = *m.Stability
			}
			members = append(members, graphmodel.Membership{Code: m.Code, Domain: d.ID, Scores: ms})
		}
	}
	return run, doms, members
}
