package analysis

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// RegionViewRequest asks for the picture of a region: its specialisations
// and its best diversification opportunities with the links among them.
type RegionViewRequest struct {
	RegionRequest
	// Specialisations is the most specialisations shown (default 15).
	Specialisations int `json:"specialisations"`
	// Shown is the number of opportunities shown (default 10, at most RegionRequest.Opportunities).
	Shown int `json:"shown"`
}

// Limits of RegionView.
const (
	DefaultRegionSpecialisations = 15
	DefaultRegionOpportunities   = 10
	MaxRegionViewNodes           = 200
)

// RegionView returns a GraphView of a region (Analyzer.Region): its top
// Shown opportunities (not seeds, Hops 1) and up to Specialisations of its
// specialisations (seeds, Hops 0), with every link among them and nodes
// coloured by knowledge domain. The specialisations chosen first are those
// that explain the shown opportunities (by their summed relatedness to
// them), then the others by location quotient; only industries with a node
// in the graph can be shown, and Params["specialisations"] says how many
// of them are ("15 of 88"). With the employment measure, Employment is the
// region's jobs in the industry; with patents it is left out. Params["view"]
// is "region".
func (a *Analyzer) RegionView(ctx context.Context, req RegionViewRequest) (*GraphView, error) {
	if req.Resolution == 0 {
		req.Resolution = 1
	}
	if req.Specialisations == 0 {
		req.Specialisations = DefaultRegionSpecialisations
	}
	if req.Shown == 0 {
		req.Shown = DefaultRegionOpportunities
	}
	if req.Specialisations < 1 || req.Shown < 0 || req.Specialisations+req.Shown > MaxRegionViewNodes {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "region view: %d specialisations and %d opportunities: expected at least 1 specialisation and at most %d industries in all",
			req.Specialisations, req.Shown, MaxRegionViewNodes)
	}
	if req.Opportunities < req.Shown {
		req.Opportunities = req.Shown
	}
	res, err := a.Region(ctx, req.RegionRequest)
	if err != nil {
		return nil, err
	}
	vr := ViewRequest{GraphRequest: req.GraphRequest, WithDomains: true, Resolution: req.Resolution, Seed: req.Seed,
		MaxNodes: req.Specialisations + req.Shown}
	b, err := a.viewBase(ctx, &vr)
	if err != nil {
		return nil, err
	}

	opps := res.Opportunities
	if len(opps) > req.Shown {
		opps = opps[:req.Shown]
	}
	// Specialisations that explain the shown opportunities, strongest support first.
	support := map[string]float64{}
	for _, o := range opps {
		for _, r := range o.Related {
			support[r.Code] += r.Relatedness
		}
	}
	specs := make([]Specialisation, 0, len(res.Specialisations))
	for _, s := range res.Specialisations {
		if _, ok := b.snap.Index(s.Code); ok {
			specs = append(specs, s)
		}
	}
	sort.SliceStable(specs, func(i, j int) bool { return support[specs[i].Code] > support[specs[j].Code] }) // then by LQ, as given
	total := len(specs)
	truncated := total > req.Specialisations
	if truncated {
		specs = specs[:req.Specialisations]
	}

	var nodes, hops []int
	seeds := map[int]bool{}
	value, lqOf := map[int]float64{}, map[int]float64{}
	for _, s := range specs {
		i, _ := b.snap.Index(s.Code)
		nodes, hops = append(nodes, i), append(hops, 0)
		seeds[i], value[i], lqOf[i] = true, s.Value, s.LQ
	}
	for _, o := range opps {
		if i, ok := b.snap.Index(o.Code); ok && !seeds[i] {
			nodes, hops = append(nodes, i), append(hops, 1)
			value[i], lqOf[i] = o.Value, o.LQ
		}
	}
	// The density of every shown industry against the established
	// specialisations, on the graph the profile used (so an opportunity's
	// equals Opportunity.Density).
	established := make([]bool, b.union.Nodes())
	for _, s := range res.Specialisations {
		if i, ok := b.snap.Index(s.Code); ok && s.Established {
			established[i] = true
		}
	}
	density := RelatednessDensity(b.union, established)
	v := b.build(nodes, hops, seeds)
	for k := range v.Nodes {
		n := &v.Nodes[k]
		n.Employment = nil
		if res.Measure == string(graphmodel.MeasureEmployment) {
			x := value[nodes[k]]
			n.Employment = &x
		}
		n.RegionRole = "opportunity"
		if seeds[nodes[k]] {
			n.RegionRole = "specialisation"
		}
		lq, d := lqOf[nodes[k]], density[nodes[k]]
		n.LQ, n.Density = &lq, &d
	}
	v.Truncated = truncated
	v.Title = fmt.Sprintf("%s: specialisations and diversification opportunities", res.Region.Name)
	v.Params = map[string]string{"view": "region", "region": res.Region.ID, "measure": res.Measure,
		"regional_period": res.Period, "specialisations": fmt.Sprintf("%d of %d", len(specs), total), "opportunities": strconv.Itoa(len(opps)),
		"min_related": strconv.Itoa(req.MinRelated)}
	addGraphParams(v.Params, vr)
	return v, nil
}
