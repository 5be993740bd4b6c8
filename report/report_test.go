package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
)

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"Hospital activities", 30, "Hospital activities"},
		{"Hospital activities", 19, "Hospital activities"}, // exactly 19 runes: kept
		{"Hospital activities", 8, "Hospita…"},             // 7 runes and the ellipsis
		{"Größenördnung", 5, "Größ…"},                      // runes, not bytes
	} {
		if got := Shorten(c.s, c.n); got != c.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestTableTextAndCSV(t *testing.T) {
	tb := Table{Header: []string{"CODE", "NAME"}}
	tb.Add("8610", "Hospital activities")
	tb.Add("01", "Crop, animal")
	var b bytes.Buffer
	if err := tb.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	// The first column is as wide as its widest cell (4) plus 2 spaces.
	want := "CODE  NAME\n8610  Hospital activities\n01    Crop, animal\n"
	if b.String() != want {
		t.Errorf("text:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	if err := tb.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want = "CODE,NAME\n8610,Hospital activities\n01,\"Crop, animal\"\n" // the comma forces quotes
	if b.String() != want {
		t.Errorf("csv:\n%q\nwant\n%q", b.String(), want)
	}
}

func ptr(x float64) *float64 { return &x }

func TestDomains(t *testing.T) {
	res := &analysis.DomainsResult{
		Request:    analysis.DomainsRequest{Resolution: 1, Seed: 7},
		Provenance: analysis.Provenance{Classification: "NACE2", Layers: []graphmodel.Layer{{Name: "labour", Period: "2020"}, {Name: "copatent", Period: "2020"}}},
		Modularity: 0.4123,
		Isolated:   2,
		Domains: []analysis.Domain{
			{DomainStats: community.DomainStats{ID: 1, Size: 3, Density: 1, AvgRelatedness: 0.5, Conductance: 0.25, SectorMix: 0.5,
				CandidateScore: 0.375, Employment: ptr(1565214.4),
				Sectors: []community.SectorShare{{Sector: "C", Members: 2}, {Sector: "Q", Members: 1}}},
				Label:       "food · drinks",
				SectorNames: map[string]string{"C": "Manufacturing"}, // Q has no name: its code is shown
				Members:     []analysis.Member{{Code: "10", Name: "Food"}, {Code: "11", Name: "Drinks"}, {Code: "86", Name: "Health"}}},
			{DomainStats: community.DomainStats{ID: 2, Size: 2}, Label: "pair", Members: []analysis.Member{{Code: "01"}, {Code: "02"}}},
		},
	}
	var b bytes.Buffer
	if err := Domains(&b, res, DomainsOptions{Candidates: true, Members: 2}); err != nil {
		t.Fatal(err)
	}
	// Domain 2 has candidate score 0, so only domain 1 is a candidate; 3
	// members with 2 shown leave "… and 1 more".
	want := `Knowledge domains on labour@2020 + copatent@2020 (NACE2), resolution 1, seed 7: 2 domains, modularity 0.412
2 industries have no link above the threshold and are left out.
Candidate cross-sector domains (score = sector mix × (1 − conductance) × √density):

#1 food · drinks — 3 industries, 1,565,214 jobs
   density 1.00, avg relatedness 0.50, conductance 0.25, sector mix 0.50, candidate score 0.375
   sectors: Manufacturing 2; Q 1
   10     Food
   11     Drinks
   … and 1 more
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	rows := DomainMembers(res.Domains)
	if len(rows.Rows) != 5 || strings.Join(rows.Rows[4], ",") != "2,pair,02,,,0," {
		t.Errorf("member rows: %q", rows.Rows)
	}
}

func TestConnects(t *testing.T) {
	res := &analysis.BridgesResult{DomainLabels: map[int]string{1: "food", 2: "health", 3: "software", 4: "tourism", 5: "culture"}}
	s := analysis.RankedBridge{BridgingSector: bridging.BridgingSector{Community: 1, Connects: []bridging.CommunityShare{
		{Community: 1, Own: true, Share: 0.4},
		{Community: 2, Share: 0.3, Links: []bridging.BridgeLink{{Code: "86", Name: "Health"}}},
		{Community: 3, Share: 0.15},
		{Community: 4, Share: 0.1},
		{Community: 5, Share: 0.05}, // a fourth foreign domain: not listed
	}}}
	if got, want := connects(s, res, false), "#2 (30%); #3 (15%); #4 (10%)"; got != want {
		t.Errorf("short: %q, want %q", got, want)
	}
	if got, want := connects(s, res, true), "#2 health (30%, via 86 Health); #3 software (15%); #4 tourism (10%)"; got != want {
		t.Errorf("long: %q, want %q", got, want)
	}
	alone := analysis.RankedBridge{BridgingSector: bridging.BridgingSector{Connects: []bridging.CommunityShare{{Community: 1, Own: true, Share: 1}}}}
	if got := connects(alone, res, true); got != "no other domain" {
		t.Errorf("own domain only: %q", got)
	}
}

func TestRegionChangeGrowth(t *testing.T) {
	res := &analysis.RegionChangeResult{
		Region: graphmodel.Region{Name: "Eastvale"}, TotalFrom: 1000, TotalTo: 1100, RegionGrowth: 0.1,
		From: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Period: "2015"}, To: graphmodel.RegionalSet{Period: "2020"},
		Kept: 1,
		Industries: []analysis.IndustryChange{
			{IndustryName: analysis.IndustryName{Code: "10", Name: "Food"}, LQFrom: ptr(1.5), LQTo: ptr(2), DeltaLQ: ptr(0.5), ValueFrom: 200, ValueTo: 300, Growth: ptr(0.5), Stage: analysis.StageGrowing},
			{IndustryName: analysis.IndustryName{Code: "11", Name: "Drinks"}, LQTo: ptr(1.2), ValueTo: 5000, Stage: analysis.StageEmerging},
		},
	}
	var b bytes.Buffer
	if err := RegionChange(&b, res, 10); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Growth 0.5 is +50.0%; an industry absent before has no LQ and no growth ("-").
	for _, want := range []string{
		"Eastvale — employment 2015 → 2020: 1,000 → 1,100 (+10.0%)",
		"Specialisations (LQ ≥ 1): 1 kept, 0 new, 0 lost",
		"11    Drinks  -        1.20   -       0           5,000     -",
		"10    Food  1.50     2.00   +0.50   200         300       +50.0%",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Index(out, analysis.StageEmerging) > strings.Index(out, analysis.StageGrowing) {
		t.Errorf("emerging should come before growing:\n%s", out)
	}
}

func TestNeighbours(t *testing.T) {
	res := &analysis.NeighboursResult{
		Industry: graphmodel.Industry{Code: "8610", Name: "Hospital activities"},
		Layer:    graphmodel.Layer{Name: "labour", Period: "2009-2018", Method: "ratio", Threshold: 0},
		Neighbours: []graphmodel.Neighbour{
			{Industry: graphmodel.Industry{Code: "8690", Name: "Human health activities: Other, a name longer than sixty characters"}, Value: 0.8024, Count: 2763, Direction: "both"},
		},
	}
	var b bytes.Buffer
	if err := Neighbours(&b, res); err != nil {
		t.Fatal(err)
	}
	// The name is cut to 59 runes and an ellipsis; value to 3 decimals.
	want := "8610 Hospital activities — neighbours on labour 2009-2018 (ratio, related when value > 0)\n\n" +
		"CODE  NAME                                                          VALUE  COUNT  DIRECTION\n" +
		"8690  Human health activities: Other, a name longer than sixty ch…  0.802  2763   both\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if rows := NeighbourRows(res); rows.Rows[0][1] != res.Neighbours[0].Name {
		t.Errorf("CSV rows keep the full name, got %q", rows.Rows[0][1])
	}
}
