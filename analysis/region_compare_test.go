package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestPartnersHand scores the partners of R2 in the hand example of
// region_test.go, with every LQ ≥ 1 established (α = 0.99, no minimum):
//
//	specialised: R1 {B, C, D}, R2 {A, B}, R3 {B, C}
//	RD of R2 (graph A–B 0.5, B–C 0.25, C–D 0.375, A–D 0.125):
//	  C: 0.25 / (0.25 + 0.375) = 40 %,  D: 0.125 / (0.375 + 0.125) = 25 %
//	denominator Σ_{i ∉ S_R2} RD = 40 + 25 = 65
//	C(R2, R1) = 100 · (40 + 25) / 65 = 100       (R1 holds C and D)
//	C(R2, R3) = 100 · 40 / 65 = 61.538…          (R3 holds C)
//
// Similarity ranks them the other way: Jaccard R2–R3 = |{B}| / |{A,B,C}| = 1/3,
// R2–R1 = |{B}| / |{A,B,C,D}| = 1/4.
func TestPartnersHand(t *testing.T) {
	m := regHandMatrix(t)
	g := regHandGraph(t)
	ev := Evidence{Alpha: 0.99, RankBy: RankDensity} // every cell with LQ ≥ 1 has p < 0.6
	opt := ProfileOptions{Evidence: &ev, Domains: []int32{1, 1, 2, 2}}
	in := &regionInputs{req: RegionRequest{Measure: graphmodel.MeasureEmployment}, ev: ev, m: m, union: g,
		reg: regHandRegions[1], opt: opt, labels: map[int]string{1: "AB", 2: "CD"}, snap: &Snapshot{}}
	prof, err := RegionProfile(m, g, "r2", opt)
	if err != nil {
		t.Fatal(err)
	}
	res := partners(in, prof, PartnersRequest{})
	if len(res.Partners) != 2 {
		t.Fatalf("partners %+v, want r1 and r3", res.Partners)
	}
	p1, p3 := res.Partners[0], res.Partners[1]
	if p1.Region.ID != "r1" || p3.Region.ID != "r3" {
		t.Fatalf("order %s, %s: want r1 (complementarity 100) before r3 (61.5)", p1.Region.ID, p3.Region.ID)
	}
	if !regionNear(p1.Complementarity, 100) || !regionNear(p3.Complementarity, 4000.0/65) {
		t.Errorf("complementarity r1 %v, r3 %v: want 100, %v", p1.Complementarity, p3.Complementarity, 4000.0/65)
	}
	if p1.Covered != 2 || p3.Covered != 1 || p1.Opportunities != 2 || p3.Opportunities != 1 {
		t.Errorf("covered %d/%d, opportunities %d/%d: want 2/1 and 2/1", p1.Covered, p3.Covered, p1.Opportunities, p3.Opportunities)
	}
	if !regionNear(p1.Jaccard, 0.25) || !regionNear(p3.Jaccard, 1.0/3) {
		t.Errorf("jaccard r1 %v, r3 %v: want 1/4, 1/3", p1.Jaccard, p3.Jaccard)
	}
	// R1's explanation: C (RD 40) before D (RD 25), with R1's LQs 1.2 and 4/3.
	if len(p1.Industries) != 2 || p1.Industries[0].Code != "C" || p1.Industries[1].Code != "D" ||
		!regionNear(p1.Industries[0].Density, 40) || !regionNear(p1.Industries[0].LQ, 1.2) || p1.Industries[0].Domain != 2 {
		t.Errorf("r1's industries %+v: want C (RD 40, LQ 1.2, domain 2) then D", p1.Industries)
	}
	if !strings.Contains(p1.Why, "specialised in 2 industries") || !strings.Contains(p1.Why, "domain CD") {
		t.Errorf("why %q", p1.Why)
	}
	// The similarity-based peers come alongside: R3 first.
	if len(res.Peers) != 2 || res.Peers[0].Region.ID != "r3" {
		t.Errorf("peers %+v: want r3 first", res.Peers)
	}
	if res.Formula == "" {
		t.Error("no formula")
	}
	if top := partners(in, prof, PartnersRequest{Top: 1, Explain: 1}); len(top.Partners) != 1 || len(top.Partners[0].Industries) != 1 {
		t.Errorf("top 1, explain 1: %+v", top.Partners)
	}
}

// TestAggregateRegionsHand sums R2 and R3 of the hand example:
//
//	R2+R3: A 30+10 = 40, B 20, C 0+20 = 20, D 20; total 100 of 200
//	LQ: A 40·200/(100·50) = 1.6, B 20·200/(100·40) = 1, C 0.8, D 20·200/(100·60) = 2/3
//
// R1's row and the reference totals are unchanged.
func TestAggregateRegionsHand(t *testing.T) {
	values, regions, sum, err := AggregateRegions(regHandValues(), regHandRegions, []string{"r2", "R3"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ID != "r2+r3" || sum.Name != "R2 + R3" || len(regions) != 2 || regions[0].ID != "r1" || regions[1] != sum {
		t.Fatalf("sum %+v, regions %+v", sum, regions)
	}
	m, err := NewRegionalMatrix(values, regions, regHandCodes)
	if err != nil {
		t.Fatal(err)
	}
	regionCheckVec(t, "RegionTotal", m.RegionTotal, []float64{100, 100})
	regionCheckVec(t, "Reference", m.Reference, []float64{50, 40, 50, 60})
	regionCheckVec(t, "LQ(r2+r3)", m.LQ(1), []float64{1.6, 1, 0.8, 2.0 / 3})
	regionCheckVec(t, "LQ(r1)", m.LQ(0), []float64{0.4, 1, 1.2, 4.0 / 3})

	for _, bad := range []struct {
		ids  []string
		code string
	}{
		{[]string{"r1"}, graphmodel.EINVALID},       // one region is no sum
		{[]string{"r1", "R1"}, graphmodel.EINVALID}, // the same twice
		{[]string{"r1", "nowhere"}, graphmodel.ENOTFOUND},
	} {
		_, _, _, err := AggregateRegions(regHandValues(), regHandRegions, bad.ids)
		if graphmodel.ErrorCode(err) != bad.code {
			t.Errorf("%v: error %v, want %s", bad.ids, err, bad.code)
		}
	}
}

// relaxedRegion is a request on regionViewStore's layer with every LQ ≥ 1
// passing the evidence at α = 0.5 (see TestRegionView).
func relaxedRegion() RegionRequest {
	zero := 0.0
	return RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}},
		MinJobs: &zero, MinMoves: &zero, Alpha: 0.5}
}

// TestCompareRegions puts regionViewStore's two regions side by side:
//
//	LQ r1: a 2.25, b 1.5 (others < 1); r2 = (x/100)/(x_·i/150): a 0.375, b 0.75,
//	c 1.5, d 1.125, e 1.125, f 1.5
//
// so nothing is shared, r1 alone holds {a, b}, r2 alone {c, d, e, f}, and
// the Jaccard similarity is 0 (1 with itself).
func TestCompareRegions(t *testing.T) {
	a := regionViewStore(t)
	ctx := context.Background()
	res, err := a.CompareRegions(ctx, RegionCompareRequest{RegionRequest: relaxedRegion(), Compare: []string{"r1", "Region Two"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Regions) != 2 || res.Regions[0].Region.ID != "r1" || res.Regions[1].Region.ID != "r2" {
		t.Fatalf("regions %+v", res.Regions)
	}
	codes := func(s []Specialisation) string {
		var out []string
		for _, x := range s {
			out = append(out, x.Code)
		}
		return strings.Join(out, ",")
	}
	if got := codes(res.Regions[0].Unique); got != "a,b" {
		t.Errorf("r1 unique %s, want a,b", got)
	}
	if got := codes(res.Regions[1].Unique); got != "c,f,d,e" { // LQ 1.5, 1.5, 1.125, 1.125
		t.Errorf("r2 unique %s, want c,f,d,e (by LQ)", got)
	}
	if len(res.Shared) != 0 || res.Jaccard[0][1] != 0 || res.Jaccard[0][0] != 1 {
		t.Errorf("shared %+v, jaccard %v", res.Shared, res.Jaccard)
	}
	if res.Regions[0].Established != 2 || res.Regions[0].Total != 50 || !regionNear(res.Regions[0].Share, 1.0/3) {
		t.Errorf("r1 %+v", res.Regions[0])
	}
	if len(res.Regions[0].Domains) == 0 || res.Regions[0].Domains[0].Specialised != 2 {
		t.Errorf("r1's domains %+v: want the domain of a and b with 2 specialised", res.Regions[0].Domains)
	}
	// Variety: H of r1's mix 30,10,5,5 of 50 (shares .6 .2 .1 .1).
	h := -(0.6*math.Log2(0.6) + 0.2*math.Log2(0.2) + 0.2*math.Log2(0.1))
	if !regionNear(res.Regions[0].Variety.Entropy, h) {
		t.Errorf("entropy %v, want %v", res.Regions[0].Variety.Entropy, h)
	}

	for _, bad := range []struct {
		ids  []string
		code string
	}{
		{[]string{"r1"}, graphmodel.EINVALID},
		{[]string{"r1", "r2", "r1", "r2", "r1"}, graphmodel.EINVALID}, // more than 4
		{[]string{"r1", "r1"}, graphmodel.EINVALID},
		{[]string{"r1", "atlantis"}, graphmodel.ENOTFOUND},
	} {
		_, err := a.CompareRegions(ctx, RegionCompareRequest{RegionRequest: relaxedRegion(), Compare: bad.ids})
		if graphmodel.ErrorCode(err) != bad.code || !strings.Contains(err.Error(), "region") {
			t.Errorf("%v: error %v, want %s", bad.ids, err, bad.code)
		}
	}
}

// TestRegionAggregate analyses r1 + r2 of regionViewStore as one region: it
// is the whole economy, so every LQ is 1 and it has no peers.
func TestRegionAggregate(t *testing.T) {
	a := regionViewStore(t)
	req := relaxedRegion()
	req.Regions = []string{"r1", "r2"}
	res, err := a.Region(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Region.ID != "r1+r2" || res.Total != 150 || len(res.Peers) != 0 {
		t.Fatalf("region %+v total %v peers %d: want r1+r2, 150, none", res.Region, res.Total, len(res.Peers))
	}
	for _, s := range res.Specialisations {
		if !regionNear(s.LQ, 1) {
			t.Errorf("%s: LQ %v, want 1", s.Code, s.LQ)
		}
	}
	if len(res.Specialisations) != 6 || res.Specialisations[0].Code != "a" || res.Specialisations[0].Value != 40 {
		t.Errorf("specialisations %+v: want all six, a with 30+10 jobs first", res.Specialisations)
	}
	// Partners of the sum: none left to rank.
	pr, err := a.Partners(context.Background(), PartnersRequest{RegionRequest: req})
	if err != nil || len(pr.Partners) != 0 || pr.Region.ID != "r1+r2" {
		t.Errorf("partners %+v, %v", pr, err)
	}
	// r1's partner is r2, which holds c, r1's only industry with density > 0
	// (c: (0.8 + 0.7) / (0.8 + 0.7 + 0.2)).
	one := relaxedRegion()
	one.Region = "r1"
	pr, err = a.Partners(context.Background(), PartnersRequest{RegionRequest: one})
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Partners) != 1 || !regionNear(pr.Partners[0].Complementarity, 100) || pr.Partners[0].Industries[0].Code != "c" ||
		!regionNear(pr.Partners[0].Industries[0].Density, 150/1.7) {
		t.Errorf("partners %+v", pr.Partners)
	}
}
