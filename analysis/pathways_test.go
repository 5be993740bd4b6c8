package analysis

import (
	"context"
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestDomainPathwayHand: a path 0–1–2–3–4–5 with 2 a generic
// intermediary; the region is established in 0 and 1.
func TestDomainPathwayHand(t *testing.T) {
	g, err := graph.NewGraph(6, []graph.Edge{{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 1}, {I: 2, J: 3, W: 1}, {I: 3, J: 4, W: 1}, {I: 4, J: 5, W: 1}})
	if err != nil {
		t.Fatal(err)
	}
	est := []bool{true, true, false, false, false, false}
	dens := []float64{0, 0, 50, 0, 10, 0}
	generic := []bool{false, false, true, false, false, false}
	in := func(members []int, generic []bool, med float64) PathwayInput {
		return PathwayInput{G: g, Members: members, Established: est, Density: dens, Generic: generic, MedianDensity: med}
	}
	none := make([]bool, 6)
	for _, c := range []struct {
		name string
		in   PathwayInput
		want string
		hubs []int
		mean float64
	}{
		// Both members established: nothing to develop.
		{"established", in([]int{0, 1}, generic, 20), PathwayEstablished, nil, 0},
		// Generic 2 is a member the region lacks, linked to base member 1.
		{"modernisation", in([]int{0, 1, 2}, generic, 20), PathwayModernisation, []int{2}, 50},
		// The same domain without a generic member: a base, so diversification.
		{"diversification with base", in([]int{0, 1, 2}, none, 20), PathwayDiversification, nil, 50},
		// Generic 2 with a domain {2, 3}: no base to attach to; gap mean (50+0)/2 = 25 ≥ 20.
		{"no base, related", in([]int{2, 3}, generic, 20), PathwayDiversification, nil, 25},
		// {4, 5}: no base, mean (10+0)/2 = 5 below the median 20.
		{"radical", in([]int{4, 5}, none, 20), PathwayRadical, nil, 5},
		// The same at median 4: 5 ≥ 4, related enough.
		{"no base, median 4", in([]int{4, 5}, none, 4), PathwayDiversification, nil, 5},
	} {
		got, err := DomainPathway(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Pathway != c.want || !reflect.DeepEqual(got.Hubs, c.hubs) || !chNear(got.MeanGapDensity, c.mean, 1e-12) {
			t.Errorf("%s: %s hubs %v mean %v; want %s hubs %v mean %v", c.name, got.Pathway, got.Hubs, got.MeanGapDensity, c.want, c.hubs, c.mean)
		}
	}
	if _, err := DomainPathway(in(nil, generic, 20)); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("empty domain: %v; want EINVALID", err)
	}
	if m := pwMedian([]float64{3, 1, 2, 10}); m != 2.5 {
		t.Fatalf("median %v; want 2.5", m)
	}
}

// TestPathwaysDemo: on the demo every domain gets a pathway consistent with
// its base and gaps, reach lists every linked industry with the generic
// intermediaries flagged, and bad requests are refused.
func TestPathwaysDemo(t *testing.T) {
	an := NewAnalyzer(chDemo(t))
	dreq := DomainsRequest{GraphRequest: GraphRequest{Layers: []string{DemoLayer}}, Resolution: 1, Seed: 1}
	req := PathwaysRequest{RegionRequest: RegionRequest{DomainsRequest: dreq, Region: "eastvale", MinRelated: 2}}
	res, err := an.Pathways(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	dres, err := an.Domains(context.Background(), dreq)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pathways) != len(dres.Domains) || len(res.Reach) == 0 {
		t.Fatalf("%d pathways for %d domains, %d reach rows", len(res.Pathways), len(dres.Domains), len(res.Reach))
	}
	flagged := 0
	for k, r := range res.Reach {
		if r.Generic {
			flagged++
		}
		if r.Domains < 1 || r.Degree < 1 || r.Participation < 0 || r.Participation > 1 {
			t.Errorf("reach %+v out of range", r)
		}
		if k > 0 && r.Domains > res.Reach[k-1].Domains {
			t.Errorf("reach not ordered by domains touched at %d", k)
		}
	}
	if flagged != len(dres.Generic) {
		t.Errorf("%d flagged generic in reach; the domains flag %d", flagged, len(dres.Generic))
	}
	for _, p := range res.Pathways {
		t.Logf("#%d %s: %s (%s)", p.Domain, p.Label, p.Pathway, p.Why)
		ok := map[string]bool{
			PathwayEstablished:     p.Gaps == 0,
			PathwayModernisation:   len(p.Base) > 0 && len(p.Hubs) > 0,
			PathwayDiversification: p.Gaps > 0 && len(p.Hubs) == 0 && (len(p.Base) > 0 || p.MeanGapDensity >= res.MedianDensity),
			PathwayRadical:         len(p.Base) == 0 && p.MeanGapDensity < res.MedianDensity,
		}[p.Pathway]
		if !ok || len(p.Base)+p.Gaps != p.Size {
			t.Errorf("domain %d: pathway %s inconsistent with base %d, gaps %d, hubs %d, mean %.1f (median %.1f)",
				p.Domain, p.Pathway, len(p.Base), p.Gaps, len(p.Hubs), p.MeanGapDensity, res.MedianDensity)
		}
	}
	one := req
	one.Domain = res.Pathways[0].Domain
	if r1, err := an.Pathways(context.Background(), one); err != nil || len(r1.Pathways) != 1 || r1.Pathways[0].Pathway != res.Pathways[0].Pathway {
		t.Fatalf("one domain: %v %v", r1, err)
	}
	one.Domain = 99
	if _, err := an.Pathways(context.Background(), one); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Fatalf("domain 99: %v; want ENOTFOUND", err)
	}
	one.Domain, one.Region = 0, ""
	if _, err := an.Pathways(context.Background(), one); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("no region: %v; want EINVALID", err)
	}
}
