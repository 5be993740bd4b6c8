package analysis

import (
	"context"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestShortMember: the short names of the UK SIC structure's members that
// the labels stumbled on (qualified names cut mid-word).
func TestShortMember(t *testing.T) {
	for _, tc := range []struct{ name, parent, want string }{
		{"Other monetary intermediation", "Financial, insurance, pension", "monetary intermediation"},
		{"Other", "Office admin, business support", "office admin & business support"},
		{"Other", "Human health activities", "human health"},
		{"Primary", "Education", "primary education"},
		{"Clothing", "Specialised retail - other", "clothing"},
		{"Other plastic", "Rubber and plastic products", "plastic products"},
		{"Hospital activities", "Human health activities", "hospital"},
		{"Retail sale n.e.c. (in stores)", "", "retail sale"},
		{"Residential, non-residential buildings", "Construction of buildings", "residential & non-residential buildings"},
		{"GP practices", "Human health activities", "GP practices"},
		{"Manufacture of basic pharmaceutical products", "Manufacturing", "basic pharmaceutical products"},
	} {
		if got := shortMember(tc.name, tc.parent); got != tc.want {
			t.Errorf("shortMember(%q, %q) = %q, want %q", tc.name, tc.parent, got, tc.want)
		}
	}
}

// labelIndustries is a two-level toy of the UK structure: a sector whose
// name lists three activities, groups below it, and classes.
func labelIndustries() []graphmodel.Industry {
	ind := func(code, name, parent string, level int) graphmodel.Industry {
		return graphmodel.Industry{Classification: "toy", Code: code, Name: name, Parent: parent, Level: level}
	}
	return []graphmodel.Industry{
		ind("G", "Government administrative functions, Education, Health", "", 0),
		ind("S", "Other Service activities", "", 0),
		ind("Ged", "Education", "G", 1), ind("Ghh", "Human health activities", "G", 1), ind("Ssp", "Sports activities", "S", 1),
		ind("8520", "Primary", "Ged", 2), ind("8610", "Hospital activities", "Ghh", 2), ind("8621", "General medical practices", "Ghh", 2),
		ind("9311", "Operation of sports facilities", "Ssp", 2),
	}
}

// TestDomainLabel: the sector "Government administrative functions,
// Education, Health" is named by the activities its members fall under:
// Education (8520, strength 3) and Health (8610 and 8621 under "Human
// health activities", 2 + 1 = 3); "Government administrative functions"
// matches no member. Both hold 3 of the domain's 7 (≥ a fifth), the tie
// keeps the name's order; Other services (9311, 1 of 7) is below a fifth.
// Members by strength: primary education, hospital, general medical practices.
func TestDomainLabel(t *testing.T) {
	l := newLabeler(labelIndustries())
	d := &Domain{DomainStats: community.DomainStats{Sectors: []community.SectorShare{{Sector: "G", Members: 3}, {Sector: "S", Members: 1}}},
		SectorNames: map[string]string{"G": "Government administrative functions, Education, Health", "S": "Other Service activities"},
		Members: []Member{
			{Code: "8520", Name: "Education: Primary", Sector: "G", Strength: 3},
			{Code: "8610", Name: "Hospital activities", Sector: "G", Strength: 2},
			{Code: "8621", Name: "General medical practices", Sector: "G", Strength: 1},
			{Code: "9311", Name: "Operation of sports facilities", Sector: "S", Strength: 1},
		}}
	if got, want := l.label(d), "Education & Health: primary education, hospital, general medical practices"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	// With sports as heavy as education, "Other services" (single
	// activity, all its sector's weight: 3 of 9) joins; hospitals and
	// practices (3) tie with it but come after Education in the sector order.
	d.Members[3].Strength = 3
	d.Sectors[1].Members = 3
	got := l.label(d)
	if !strings.HasPrefix(got, "Education & ") || strings.Contains(got, "…") {
		t.Errorf("label %q, want two sector names starting with Education and nothing cut", got)
	}

	// Unique labels: a second domain with the same label gets its fourth member.
	doms := []Domain{*d, *d}
	doms[0].ID, doms[1].ID = 1, 2
	doms[0].Label, doms[1].Label = "Same", "Same"
	l.unique(doms)
	if doms[0].Label != "Same" || doms[1].Label == "Same" {
		t.Errorf("labels %q and %q, want the first kept and the second changed", doms[0].Label, doms[1].Label)
	}
}

// genericStore loads four 3-cliques of industries (A–D) and a hub H linked
// to one member of each, all with relatedness 1.
func genericStore(t *testing.T) *Analyzer {
	t.Helper()
	st := chStore(t)
	ctx := context.Background()
	var inds []graphmodel.Industry
	inds = append(inds, graphmodel.Industry{Classification: "toy", Code: "S", Name: "Services"},
		graphmodel.Industry{Classification: "toy", Code: "H", Name: "Temporary employment agencies", Parent: "S", Level: 1})
	var links []graphmodel.Link
	for _, g := range []string{"A", "B", "C", "D"} {
		inds = append(inds, graphmodel.Industry{Classification: "toy", Code: g, Name: "Sector " + g})
		for k := 1; k <= 3; k++ {
			inds = append(inds, graphmodel.Industry{Classification: "toy", Code: g + string(rune('0'+k)), Name: "Making " + strings.Repeat(g, k), Parent: g, Level: 1})
		}
		links = append(links, graphmodel.Link{From: g + "1", To: g + "2", Value: 1}, graphmodel.Link{From: g + "1", To: g + "3", Value: 1},
			graphmodel.Link{From: g + "2", To: g + "3", Value: 1}, graphmodel.Link{From: "H", To: g + "1", Value: 1})
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "toy", Levels: []string{"sector", "industry"}}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	chGiven(t, st, "toy", "labour", "2020", links)
	return NewAnalyzer(st)
}

// TestDomainsGenericAndSignificance: on four triangles and a hub, Leiden
// finds the four triangles (the hub joins one of them); the hub is the one
// generic intermediary (P = 0.75, 4 of 4 domains, degree above 12 of 13;
// see bridging's test). With ExcludeGeneric its links are left out: the
// four triangles remain, the hub is in no domain and not counted isolated.
// Each triangle holds W_in = 3 (+1 for the one with the hub).
func TestDomainsGenericAndSignificance(t *testing.T) {
	a := genericStore(t)
	ctx := context.Background()
	req := DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"labour"}}, Seed: 1, Runs: 4}
	res, err := a.Domains(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Generic) != 1 || res.Generic[0].Code != "H" || res.Generic[0].Domains != 4 || res.Generic[0].Domain == 0 {
		t.Fatalf("generic %+v, want H in a domain, linking into 4", res.Generic)
	}
	if len(res.Domains) != 4 {
		t.Fatalf("%d domains, want 4", len(res.Domains))
	}
	for _, d := range res.Domains {
		s := d.Significance
		if s == nil || s.InternalWeight < 3 || s.Ratio <= 1 || s.Samples != DefaultNullSamples {
			t.Errorf("domain %d (%s): significance %+v; want W_in ≥ 3 above expectation over %d samples", d.ID, d.Label, s, DefaultNullSamples)
		}
		if d.Consensus == nil || d.Consensus.Share != 1 {
			t.Errorf("domain %d: consensus %+v, want share 1 (every seed finds the triangles)", d.ID, d.Consensus)
		}
		if !strings.HasPrefix(d.Label, "Sector ") {
			t.Errorf("domain %d label %q, want its sector first", d.ID, d.Label)
		}
	}
	if res.Consensus == nil || res.Consensus.Communities != 4 || !res.Consensus.Converged {
		t.Errorf("consensus %+v, want 4 communities, converged", res.Consensus)
	}

	req.ExcludeGeneric = true
	ex, err := a.Domains(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Generic) != 1 || ex.Generic[0].Code != "H" || ex.Generic[0].Domain != 0 {
		t.Fatalf("excluded %+v, want H in no domain", ex.Generic)
	}
	if len(ex.Domains) != 4 || ex.Isolated != 0 {
		t.Errorf("%d domains, %d isolated; want the 4 triangles and none isolated", len(ex.Domains), ex.Isolated)
	}
	for _, d := range ex.Domains {
		if d.Size != 3 || d.Significance.InternalWeight != 3 {
			t.Errorf("domain %d: size %d, W_in %v; want a triangle (3, 3)", d.ID, d.Size, d.Significance.InternalWeight)
		}
	}
	b, err := a.Bridges(ctx, BridgesRequest{DomainsRequest: DomainsRequest{GraphRequest: req.GraphRequest, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Generic) != 1 || b.Generic[0].Code != "H" {
		t.Errorf("bridges generic %+v, want H", b.Generic)
	}
	for _, s := range b.Sectors {
		if s.Generic != (s.Code == "H") {
			t.Errorf("bridge %s flagged generic %v", s.Code, s.Generic)
		}
	}
	if _, err := a.Domains(ctx, DomainsRequest{GraphRequest: req.GraphRequest, NullSamples: -1}); graphmodel.ErrorField(err) != "null_samples" {
		t.Errorf("null_samples -1: %v, want an error on field null_samples", err)
	}
}
