package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graphmodel"
)

// Development pathways of a domain for a region (after the seeds: the
// City-REDI blog's five pathways and Foray's three, see DomainPathway).
const (
	PathwayEstablished     = "established"
	PathwayModernisation   = "modernisation"
	PathwayDiversification = "diversification"
	PathwayRadical         = "radical"
)

// PathwayRule states DomainPathway's rule in words.
var PathwayRule = []string{
	"established: the region is an established specialisation in every member of the domain (nothing to develop)",
	"modernisation: the region is established in some members, and a generic intermediary of the domain that it lacks is linked to at least one of them (a generic technology attached to its traditional industries)",
	"diversification: otherwise the region is established in some members, or the mean relatedness density of the members it lacks is at least the median over all industries it lacks (new activities next to strong ones)",
	"radical: no member is established and the members it lacks have a mean density below that median (no related base)",
}

// PathwayInput is one domain seen from one region.
type PathwayInput struct {
	G *graph.Graph
	// Members are the domain's nodes; Established marks the region's
	// established specialisations by node; Density is RD_ri by node;
	// Generic marks the generic intermediaries by node.
	Members     []int
	Established []bool
	Density     []float64
	Generic     []bool
	// MedianDensity is the median density over the industries the region lacks.
	MedianDensity float64
}

// PathwayLabel is a domain's pathway with the nodes behind it.
type PathwayLabel struct {
	Pathway string
	// Base are the members established in the region, Gaps the others;
	// Hubs the generic members the region lacks that are linked to the base.
	Base, Gaps, Hubs []int
	// MeanGapDensity is the mean density over Gaps (0 without gaps).
	MeanGapDensity float64
}

// DomainPathway labels a domain for a region by PathwayRule, a descriptive
// reading of the seeds' development pathways ([000]: "modernise with GPTs",
// "diversifying … into related fields", radical change; [001]: "Traditional
// sectors can be transformed and renewed by the spread of General Purpose
// Technologies"). A domain without members is an EINVALID error.
func DomainPathway(in PathwayInput) (PathwayLabel, error) {
	var out PathwayLabel
	if len(in.Members) == 0 {
		return out, graphmodel.Errorf(graphmodel.EINVALID, "pathway of an empty domain: expected a domain with at least one industry")
	}
	var sum float64
	for _, i := range in.Members {
		if in.Established[i] {
			out.Base = append(out.Base, i)
		} else {
			out.Gaps = append(out.Gaps, i)
			sum += in.Density[i]
		}
	}
	if len(out.Gaps) > 0 {
		out.MeanGapDensity = sum / float64(len(out.Gaps))
	}
	for _, i := range out.Gaps {
		if !in.Generic[i] {
			continue
		}
		for k := in.G.Off[i]; k < in.G.Off[i+1]; k++ {
			if in.Established[in.G.Adj[k]] && pwContains(out.Base, int(in.G.Adj[k])) {
				out.Hubs = append(out.Hubs, i)
				break
			}
		}
	}
	switch {
	case len(out.Gaps) == 0:
		out.Pathway = PathwayEstablished
	case len(out.Hubs) > 0:
		out.Pathway = PathwayModernisation
	case len(out.Base) > 0 || out.MeanGapDensity >= in.MedianDensity:
		out.Pathway = PathwayDiversification
	default:
		out.Pathway = PathwayRadical
	}
	return out, nil
}

func pwContains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// pwMedian returns the median of xs (0 for none); xs is reordered.
func pwMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// PathwaysRequest asks for the reach of every industry and the development
// pathway of every domain (or of Domain) for a region.
type PathwaysRequest struct {
	RegionRequest
	Domain int `json:"domain,omitempty"` // a domain ID; 0: all domains
}

// Reach is how widely an industry's links spread over the domains.
type Reach struct {
	IndustryName
	Domain int `json:"domain"` // its own domain (0: isolated)
	// Domains is the number of distinct domains among it and its neighbours.
	Domains       int     `json:"domains"`
	Participation float64 `json:"participation"` // Guimerà & Amaral (2005) P_i
	Degree        int     `json:"degree"`
	Generic       bool    `json:"generic"` // flagged by the domains' GenericRule
}

// Pathway is one domain's development pathway for the region.
type Pathway struct {
	Domain         int            `json:"domain"`
	Label          string         `json:"label"`
	Size           int            `json:"size"`
	Pathway        string         `json:"pathway"`
	Base           []IndustryName `json:"base"`
	Gaps           int            `json:"gaps"`
	Hubs           []IndustryName `json:"hubs"`
	MeanGapDensity float64        `json:"mean_gap_density"`
	Why            string         `json:"why"`
}

// PathwaysResult is the reach of the industries and the pathways of the domains.
type PathwaysResult struct {
	Request       PathwaysRequest        `json:"request"`
	Provenance    Provenance             `json:"provenance"`
	Region        graphmodel.Region      `json:"region"`
	Regional      graphmodel.RegionalSet `json:"regional_set"`
	Evidence      Evidence               `json:"evidence"`
	GenericRule   bridging.GenericRule   `json:"generic_rule"`
	MedianDensity float64                `json:"median_density"`
	// Reach: every industry with links, most domains touched first, then participation.
	Reach    []Reach   `json:"reach"`
	Pathways []Pathway `json:"pathways"`
	Rules    []string  `json:"rules"`
}

// Pathways returns the reach of every industry of the relatedness graph
// (domains touched, participation, degree, generic flag) and, for the
// region, the development pathway of each domain by DomainPathway. Asking
// for a domain that does not exist is ENOTFOUND.
func (a *Analyzer) Pathways(ctx context.Context, req PathwaysRequest) (*PathwaysResult, error) {
	in, err := a.requiredRegionInputs(ctx, req.RegionRequest, "pathways: no region given")
	if err != nil {
		return nil, err
	}
	req.RegionRequest = in.req
	dres, err := a.domains(ctx, req.DomainsRequest, false)
	if err != nil {
		return nil, err
	}
	comm := dres.Community()
	g := in.union
	r, err := in.m.RegionIndex(in.reg.ID)
	if err != nil {
		return nil, err
	}
	lq := in.m.LQ(r)
	if req.Measure == graphmodel.MeasurePatents {
		lq = in.m.RTA(r, req.MinCount)
	}
	est, _ := established(in.m, r, lq, in.ev)
	density := RelatednessDensity(g, est)
	var lacking []float64
	for i := 0; i < in.m.Nodes; i++ {
		if !est[i] && !math.IsNaN(lq[i]) {
			lacking = append(lacking, density[i])
		}
	}
	med := pwMedian(lacking)
	generic := make([]bool, g.Nodes())
	for _, x := range dres.Generic {
		generic[x.Node] = true
	}
	P, _, err := bridging.Participation(g, dres.partition())
	if err != nil {
		return nil, err
	}
	name := func(i int) IndustryName {
		code := in.m.Codes[i]
		return IndustryName{Code: code, Name: in.opt.Names[code]}
	}
	res := &PathwaysResult{Request: req, Provenance: provenanceOf(in.snap), Region: in.reg, Regional: in.set, Evidence: in.ev,
		GenericRule: dres.GenericRule, MedianDensity: med, Reach: []Reach{}, Pathways: []Pathway{}}
	for i := 0; i < g.Nodes(); i++ {
		deg := int(g.Off[i+1] - g.Off[i])
		if deg == 0 {
			continue
		}
		seen := map[int32]bool{}
		if comm[i] != 0 {
			seen[comm[i]] = true
		}
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			if c := comm[g.Adj[k]]; c != 0 {
				seen[c] = true
			}
		}
		res.Reach = append(res.Reach, Reach{IndustryName: name(i), Domain: int(comm[i]), Domains: len(seen), Participation: P[i], Degree: deg, Generic: generic[i]})
	}
	sort.SliceStable(res.Reach, func(x, y int) bool {
		if res.Reach[x].Domains != res.Reach[y].Domains {
			return res.Reach[x].Domains > res.Reach[y].Domains
		}
		return res.Reach[x].Participation > res.Reach[y].Participation
	})
	found := false
	for _, d := range dres.Domains {
		if req.Domain != 0 && d.ID != req.Domain {
			continue
		}
		found = true
		var members []int
		for i, c := range comm {
			if int(c) == d.ID {
				members = append(members, i)
			}
		}
		lab, err := DomainPathway(PathwayInput{G: g, Members: members, Established: est, Density: density, Generic: generic, MedianDensity: med})
		if err != nil {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "domain", "domain %d: %s", d.ID, err.Error())
		}
		p := Pathway{Domain: d.ID, Label: d.Label, Size: len(members), Pathway: lab.Pathway, Gaps: len(lab.Gaps), MeanGapDensity: lab.MeanGapDensity,
			Base: []IndustryName{}, Hubs: []IndustryName{}}
		for _, i := range lab.Base {
			p.Base = append(p.Base, name(i))
		}
		var hubs []string
		for _, i := range lab.Hubs {
			p.Hubs = append(p.Hubs, name(i))
			hubs = append(hubs, in.m.Codes[i])
		}
		switch lab.Pathway {
		case PathwayEstablished:
			p.Why = fmt.Sprintf("established in all %d members", len(members))
		case PathwayModernisation:
			p.Why = fmt.Sprintf("established in %d of %d members; generic %s, which the region lacks, links to them", len(lab.Base), len(members), strings.Join(hubs, ", "))
		case PathwayDiversification:
			p.Why = fmt.Sprintf("established in %d of %d members; the %d others have mean density %.1f (median of what it lacks %.1f)", len(lab.Base), len(members), len(lab.Gaps), lab.MeanGapDensity, med)
		default:
			p.Why = fmt.Sprintf("no member established; mean density %.1f below the median %.1f", lab.MeanGapDensity, med)
		}
		res.Pathways = append(res.Pathways, p)
	}
	if req.Domain != 0 && !found {
		return nil, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "domain", "domain %d: not among the %d domains", req.Domain, len(dres.Domains))
	}
	res.Rules = append([]string{"reach: domains touched = distinct domains of the industry and its neighbours; participation P_i = 1 − Σ_s (k_is/k_i)² (Guimerà & Amaral 2005); generic intermediaries by " + dres.GenericRule.String()}, PathwayRule...)
	return res, nil
}
