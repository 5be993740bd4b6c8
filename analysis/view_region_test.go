package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// regionViewStore adds employment in two regions to viewStore's triangles
// {a,b,c} and {d,e,f} (c–d weak):
//
//	     a   b   c   d   e   f   total
//	r1  30  10   0   5   5   0    50
//	r2  10  10  20  15  15  30   100
//	all 40  20  20  20  20  30   150
//
// LQ_r1 = (x/50)/(x_·i/150): a 2.25, b 1.5 (specialised), d and e 0.75, c and f 0.
// Relatedness density of c in r1 = (0.8 + 0.7)/(0.8 + 0.7 + 0.2) = 88.2, linked
// to both specialisations; d's density is 0 (no specialised neighbour).
func regionViewStore(t *testing.T) *Analyzer {
	a := viewStore(t)
	ctx := context.Background()
	rows := map[string][]float64{"r1": {30, 10, 0, 5, 5, 0}, "r2": {10, 10, 20, 15, 15, 30}}
	var values []graphmodel.RegionalValue
	for _, r := range []string{"r1", "r2"} {
		for i, c := range []string{"a", "b", "c", "d", "e", "f"} {
			values = append(values, graphmodel.RegionalValue{Region: r, Industry: c, Value: rows[r][i]})
		}
	}
	_, err := a.Store.(graphmodel.Loader).LoadRegional(ctx, graphmodel.RegionalLoad{
		Set:     graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "T", Period: "2020"},
		Regions: []graphmodel.Region{{ID: "r1", Name: "Region One"}, {ID: "r2", Name: "Region Two"}},
		Values:  values,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestRegionView(t *testing.T) {
	a := regionViewStore(t)
	// The cells are tiny (b: 10 jobs against 6.7 expected, p = 0.15), so
	// the evidence thresholds are relaxed to keep a and b specialisations.
	zero := 0.0
	req := RegionViewRequest{RegionRequest: RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}}, Region: "r1", MinRelated: 2,
		MinJobs: &zero, MinMoves: &zero, Alpha: 0.5}}
	v, err := a.RegionView(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	// Specialisations a and b (a first: it supports c with 0.8, b with 0.7), then the opportunity c.
	if got := viewCodes(v); !sameStrings(got, []string{"a", "b", "c"}) {
		t.Fatalf("nodes %v, want [a b c]", got)
	}
	wantEmp := []float64{30, 10, 0}
	for k, n := range v.Nodes {
		if n.Seed != (k < 2) || n.Hops != map[bool]int{true: 0, false: 1}[k < 2] {
			t.Errorf("node %s: seed %v hops %d", n.ID, n.Seed, n.Hops)
		}
		if n.Employment == nil || *n.Employment != wantEmp[k] {
			t.Errorf("node %s: employment %v, want the region's %v", n.ID, n.Employment, wantEmp[k])
		}
		if n.Domain != v.Nodes[0].Domain || n.Domain == 0 {
			t.Errorf("node %s in domain %d, want the domain of a (%d)", n.ID, n.Domain, v.Nodes[0].Domain)
		}
	}
	// Region attributes: LQ from the table above; density against the
	// established specialisations {a, b} over the weights a–b 0.9, a–c 0.8,
	// b–c 0.7, c–d 0.2: a 100·0.9/1.7, b 100·0.9/1.6, c 100·1.5/1.7.
	wantLQ := []float64{2.25, 1.5, 0}
	wantRD := []float64{100 * 0.9 / 1.7, 100 * 0.9 / 1.6, 100 * 1.5 / 1.7}
	wantRole := []string{"specialisation", "specialisation", "opportunity"}
	for k, n := range v.Nodes {
		if n.RegionRole != wantRole[k] || n.LQ == nil || math.Abs(*n.LQ-wantLQ[k]) > 1e-9 || n.Density == nil || math.Abs(*n.Density-wantRD[k]) > 1e-9 {
			t.Errorf("node %s: role %q LQ %v density %v, want %q %v %v", n.ID, n.RegionRole, ptrVal(n.LQ), ptrVal(n.Density), wantRole[k], wantLQ[k], wantRD[k])
		}
	}
	// The triangle's three links, none across domains.
	if len(v.Links) != 3 {
		t.Fatalf("links %+v, want a–b, a–c, b–c", v.Links)
	}
	for _, l := range v.Links {
		if l.CrossDomain {
			t.Errorf("link %s–%s marked cross-domain", l.Source, l.Target)
		}
	}
	if v.Params["view"] != "region" || v.Params["specialisations"] != "2 of 2" || v.Params["opportunities"] != "1" || v.Params["resolution"] != "1" {
		t.Errorf("params %v", v.Params)
	}
	if v.Title != "Region One: specialisations and diversification opportunities" || v.Truncated {
		t.Errorf("title %q, truncated %v", v.Title, v.Truncated)
	}

	// One specialisation only: a (most support), and the view is truncated.
	req.Specialisations = 1
	v, err = a.RegionView(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := viewCodes(v); !sameStrings(got, []string{"a", "c"}) || !v.Truncated || v.Params["specialisations"] != "1 of 2" {
		t.Errorf("with 1 specialisation: nodes %v truncated %v params %v", got, v.Truncated, v.Params)
	}

	req.Specialisations, req.Shown = 150, 60
	if _, err := a.RegionView(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("210 industries: %v, want EINVALID", err)
	}
	req.Specialisations, req.Shown, req.Region = 0, 0, "nowhere"
	if _, err := a.RegionView(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("unknown region: %v, want ENOTFOUND", err)
	}
}

func ptrVal(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}
