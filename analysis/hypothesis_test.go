package analysis

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// hypStore is a two-level classification TOY (sectors A: a1 a2, B: b1 b2,
// C: c1) with a given-relatedness layer rel at two periods and employment in
// 2010 and 2015:
//
//	rel@P1: a1–a2 1, a2–b1 2, a1–b1 1, b1–b2 1, b2–c1 3
//	rel@P2: a1–a2 1, a2–b1 1, b2–c1 1
//	employment 2015: R1 a1 10, b2 30; R2 a2 20, c1 40.  2010: R1 a1 5.
func hypStore(t *testing.T) (*sqlitestore.Store, *Analyzer) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "hyp.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ind := func(code, name, parent string, level int) graphmodel.Industry {
		return graphmodel.Industry{Code: code, Name: name, Parent: parent, Level: level}
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{
		Classification: graphmodel.Classification{Name: "TOY", Levels: []string{"sector", "class"}},
		Industries: []graphmodel.Industry{ind("A", "Agri", "", 0), ind("B", "Bio", "", 0), ind("C", "Chem", "", 0),
			ind("a1", "Farming", "A", 1), ind("a2", "Food processing", "A", 1), ind("b1", "Biotech", "B", 1),
			ind("b2", "Pharma", "B", 1), ind("c1", "Plastics", "C", 1)},
	}); err != nil {
		t.Fatal(err)
	}
	rel := func(period string, links ...graphmodel.Link) {
		if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: "rel", Period: period,
			Kind: graphmodel.KindRelatedness, Classification: "TOY", Method: "given"}, Links: links}); err != nil {
			t.Fatal(err)
		}
	}
	l := func(a, b string, v float64) graphmodel.Link { return graphmodel.Link{From: a, To: b, Value: v} }
	rel("P1", l("a1", "a2", 1), l("a2", "b1", 2), l("a1", "b1", 1), l("b1", "b2", 1), l("b2", "c1", 3))
	rel("P2", l("a1", "a2", 1), l("a2", "b1", 1), l("b2", "c1", 1))
	emp := func(period string, vals ...graphmodel.RegionalValue) {
		if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{Set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment,
			Classification: "TOY", Period: period}, Regions: []graphmodel.Region{{ID: "R1", Name: "North"}, {ID: "R2", Name: "South"}},
			Values: vals}); err != nil {
			t.Fatal(err)
		}
	}
	v := func(r, i string, x float64) graphmodel.RegionalValue {
		return graphmodel.RegionalValue{Region: r, Industry: i, Value: x}
	}
	emp("2015", v("R1", "a1", 10), v("R1", "b2", 30), v("R2", "a2", 20), v("R2", "c1", 40))
	emp("2010", v("R1", "a1", 5))
	return st, NewAnalyzer(st)
}

func hypNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// TestHypothesisEvidenceHand checks every number of the evidence of
// S = {a1, a2, b1} on rel@P1 against the hand computation in the comments.
func TestHypothesisEvidenceHand(t *testing.T) {
	st, a := hypStore(t)
	ctx := context.Background()
	h, err := st.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "Agri-bio", Classification: "TOY", Codes: []string{"b1", "a2", "a1"}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.Hypothesis(ctx, HypothesisRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}, ID: h.ID})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Hypothesis == nil || ev.Hypothesis.Name != "Agri-bio" || len(ev.Unknown) != 0 {
		t.Fatalf("hypothesis %+v, unknown %v: want the stored one, no unknown codes", ev.Hypothesis, ev.Unknown)
	}
	c := ev.Cohesion
	// Strengths: a1 2, a2 3, b1 4, b2 4, c1 3; 2m = 16, m = 8. Inside: a1–a2 1,
	// a2–b1 2, a1–b1 1: W_in = 4 on 3 links; vol S = 9.
	if c.Members != 3 || c.InternalLinks != 3 {
		t.Errorf("members %d, internal links %d: want 3, 3", c.Members, c.InternalLinks)
	}
	hypNear(t, "internal weight", c.InternalWeight, 4)
	hypNear(t, "volume", c.Volume, 9)
	hypNear(t, "expected weight", c.ExpectedWeight, 81.0/32) // 9²/(4·8)
	hypNear(t, "weight ratio", c.WeightRatio, 128.0/81)      // 4/(81/32)
	hypNear(t, "modularity", c.Modularity, 47.0/256)         // 4/8 − (9/16)²
	hypNear(t, "density", c.Density, 1)                      // 3 of 3 pairs
	hypNear(t, "conductance", c.Conductance, 1.0/7)          // cut 9 − 2·4 = 1 over min(9, 16 − 9)
	// Members by weight inside: a2 3 and b1 3 (by code), then a1 2.
	var order []string
	for _, m := range ev.Members {
		order = append(order, m.Code)
	}
	if !reflect.DeepEqual(order, []string{"a2", "b1", "a1"}) || ev.Members[0].Inside != 3 || ev.Members[0].Strength != 3 || ev.Members[0].Sector != "A" {
		t.Errorf("members %+v: want a2 (inside 3 of 3, sector A), b1, a1", ev.Members)
	}
	want := []EvidenceSector{{Sector: "A", Name: "Agri", Members: 2, Share: 2.0 / 3}, {Sector: "B", Name: "Bio", Members: 1, Share: 1.0 / 3}}
	if !reflect.DeepEqual(ev.Sectors, want) {
		t.Errorf("sectors %+v, want %+v", ev.Sectors, want)
	}
	// Only b2 links into S: b1–b2 1 of b2's strength 4.
	if len(ev.Bridges) != 1 || ev.Bridges[0].Code != "b2" || ev.Bridges[0].Links != 1 || ev.Bridges[0].Weight != 1 ||
		ev.Bridges[0].Share != 0.25 || ev.Bridges[0].Name != "Bio: Pharma" || ev.Bridges[0].Sector != "B" {
		t.Errorf("bridges %+v: want b2 Bio: Pharma (B), 1 link of weight 1, share 1/4", ev.Bridges)
	}
	// Employment 2015: S has R1 10 of 40, R2 20 of 60; 30 of 100 overall.
	e := ev.Employment
	if e == nil || e.Set.Period != "2015" {
		t.Fatalf("employment %+v: want the 2015 set", e)
	}
	hypNear(t, "jobs", e.Jobs, 30)
	if len(e.Regions) != 2 || e.Regions[0].Region != "R2" || e.Regions[0].Name != "South" || e.Regions[1].Region != "R1" {
		t.Fatalf("regions %+v: want R2 South (20 jobs), then R1", e.Regions)
	}
	hypNear(t, "R2 share", e.Regions[0].Share, 1.0/3)
	hypNear(t, "R2 LQ", e.Regions[0].LQ, (1.0/3)/0.3)
	hypNear(t, "R1 LQ", e.Regions[1].LQ, 0.25/0.3)
	wantP := []PeriodEmployment{{Period: "2010", Jobs: 5, Share: 1}, {Period: "2015", Jobs: 30, Share: 0.3}}
	if !reflect.DeepEqual(e.Periods, wantP) {
		t.Errorf("periods %+v, want %+v", e.Periods, wantP)
	}
	// rel@P2: strengths a1 1, a2 2, b1 1, b2 1, c1 1; m = 3; W_in = 2 on 2
	// links, vol 4, expected 16/12, ratio 1.5, density 2/3, conductance 0.
	ch := ev.Change
	if ch == nil || !reflect.DeepEqual(ch.Earlier, []string{"rel@P1"}) || !reflect.DeepEqual(ch.Later, []string{"rel@P2"}) {
		t.Fatalf("change %+v: want rel@P1 → rel@P2", ch)
	}
	hypNear(t, "later ratio", ch.LaterValues.WeightRatio, 1.5)
	hypNear(t, "ratio change", ch.WeightRatioChange, 1.5-128.0/81)
	hypNear(t, "density change", ch.DensityChange, 2.0/3-1)
	hypNear(t, "conductance change", ch.ConductanceChange, -1.0/7)

	// The same set by codes, on P2 compared with P1: the change is the same.
	ev2, err := a.Hypothesis(ctx, HypothesisRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P2"}}, Codes: []string{"a1", "a2", "b1", "zz"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ev2.Unknown, []string{"zz"}) || ev2.Change == nil || ev2.Change.WeightRatioChange != ch.WeightRatioChange {
		t.Errorf("by codes: unknown %v, change %+v: want [zz] and the same change", ev2.Unknown, ev2.Change)
	}
}

// TestHypothesisEvidenceSavedLayers: a hypothesis asked for without layers
// is evaluated on the layers saved with it (rel@P2: W_in 2, ratio 1.5 by
// the hand computation above), and given layers win over them.
func TestHypothesisEvidenceSavedLayers(t *testing.T) {
	st, a := hypStore(t)
	ctx := context.Background()
	h, err := st.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "P2", Classification: "TOY", Codes: []string{"a1", "a2", "b1"},
		Params: graphmodel.HypothesisParams{Layers: []string{"rel@P2"}}})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.Hypothesis(ctx, HypothesisRequest{ID: h.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Provenance.Layers[0].Key(); got != "rel@P2" || ev.Cohesion.InternalWeight != 2 || ev.Cohesion.WeightRatio != 1.5 {
		t.Errorf("without layers: %s, cohesion %+v; want rel@P2, W_in 2, ratio 1.5", got, ev.Cohesion)
	}
	ev, err = a.Hypothesis(ctx, HypothesisRequest{ID: h.ID, GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Provenance.Layers[0].Key(); got != "rel@P1" || ev.Cohesion.InternalWeight != 4 {
		t.Errorf("with rel@P1: %s, cohesion %+v; want rel@P1, W_in 4", got, ev.Cohesion)
	}
}

func TestHypothesisEvidenceErrors(t *testing.T) {
	st, a := hypStore(t)
	ctx := context.Background()
	g := GraphRequest{Layers: []string{"rel@P1"}}
	h, err := st.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "x", Classification: "TOY", Codes: []string{"a1"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, code, field string
		req               HypothesisRequest
	}{
		{"neither", graphmodel.EINVALID, "id", HypothesisRequest{GraphRequest: g}},
		{"both", graphmodel.EINVALID, "id", HypothesisRequest{GraphRequest: g, ID: h.ID, Codes: []string{"a1"}}},
		{"unknown id", graphmodel.ENOTFOUND, "id", HypothesisRequest{GraphRequest: g, ID: 77}},
		{"no known code", graphmodel.EINVALID, "codes", HypothesisRequest{GraphRequest: g, Codes: []string{"zz", "yy"}}},
		{"bridges", graphmodel.EINVALID, "bridges", HypothesisRequest{GraphRequest: g, Codes: []string{"a1"}, Bridges: 1000}},
		{"compare period", graphmodel.ENOTFOUND, "compare_period", HypothesisRequest{GraphRequest: g, Codes: []string{"a1"}, ComparePeriod: "P9"}},
		{"same period", graphmodel.EINVALID, "compare_period", HypothesisRequest{GraphRequest: g, Codes: []string{"a1"}, ComparePeriod: "P1"}},
	}
	for _, c := range cases {
		_, err := a.Hypothesis(ctx, c.req)
		if graphmodel.ErrorCode(err) != c.code || graphmodel.ErrorField(err) != c.field {
			t.Errorf("%s: error %v (code %q, field %q), want %s on %s", c.name, err, graphmodel.ErrorCode(err), graphmodel.ErrorField(err), c.code, c.field)
		}
	}
}

// TestNameDomain names domain 1 of a run; the next run labels that domain
// with the name and keeps the generated label beside it. A bad name is
// refused before anything is computed or stored.
func TestNameDomain(t *testing.T) {
	st, a := hypStore(t)
	ctx := context.Background()
	req := DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}}
	before, err := a.Domains(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "  ", "bio\x1b[31m", "a\u0085b"} {
		_, err := a.NameDomain(ctx, DomainNameRequest{DomainsRequest: req, Domain: 1, Name: bad})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "name" {
			t.Errorf("name %q: error %v, want EINVALID on name", bad, err)
		}
	}
	_, err = a.NameDomain(ctx, DomainNameRequest{DomainsRequest: req, Domain: 99, Name: "x"})
	if graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("domain 99: %v, want ENOTFOUND", err)
	}
	if ns, err := st.DomainNames(ctx); err != nil || len(ns) != 0 {
		t.Fatalf("after refused names the store holds %+v (%v), want none", ns, err)
	}
	n, err := a.NameDomain(ctx, DomainNameRequest{DomainsRequest: req, Domain: 1, Name: "Agri-bio frontier"})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, m := range before.Domains[0].Members {
		codes = append(codes, m.Code)
	}
	if n.Key != graphmodel.DomainKey("TOY", []string{"rel@P1"}, codes) {
		t.Errorf("stored key %s is not the key of domain 1's membership %v on rel@P1", n.Key, codes)
	}
	after, err := a.Domains(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	d := after.Domains[0]
	if d.Label != "Agri-bio frontier" || d.UserName == nil || d.UserName.Jaccard != 1 || d.UserName.GeneratedLabel != before.Domains[0].Label {
		t.Fatalf("domain 1 after naming: label %q, user name %+v; want the name, Jaccard 1, generated label %q", d.Label, d.UserName, before.Domains[0].Label)
	}
	for _, d := range after.Domains[1:] {
		if d.UserName != nil {
			t.Errorf("domain %d got the name %+v too", d.ID, d.UserName)
		}
	}
	// The name does not apply on other layers.
	other, err := a.Domains(ctx, DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P2"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range other.Domains {
		if d.UserName != nil {
			t.Errorf("on rel@P2 domain %d is named %+v", d.ID, d.UserName)
		}
	}
}

// TestHypothesisEvidenceUK: the health industries of SIC 2007 hold together
// on the UK flows far above the configuration model, and no hospital-like
// industry is a bridge into them.
func TestHypothesisEvidenceUK(t *testing.T) {
	st := chUK(t)
	a := NewAnalyzer(st)
	ctx := context.Background()
	health := []string{"8610", "8621", "8622", "8623", "8690"}
	ev, err := a.Hypothesis(ctx, HypothesisRequest{GraphRequest: GraphRequest{Layers: []string{"labour@2009-2013"}}, Codes: health})
	if err != nil {
		t.Fatal(err)
	}
	c := ev.Cohesion
	t.Logf("health on labour@2009-2013: %+v; bridges %+v", c, ev.Bridges[:min(3, len(ev.Bridges))])
	if c.Members != 5 || c.WeightRatio < 10 || c.Density < 0.5 {
		t.Errorf("cohesion %+v: want all 5 in the graph, weight ratio > 10, density > 0.5", c)
	}
	if ev.Change == nil || ev.Change.Later[0] != "labour@2014-2018" {
		t.Errorf("change %+v: want a comparison with labour@2014-2018", ev.Change)
	}
	for _, b := range ev.Bridges {
		for _, h := range health {
			if b.Code == h {
				t.Errorf("member %s listed as a bridge", h)
			}
		}
	}
}
