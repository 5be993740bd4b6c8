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
		Provenance: analysis.Provenance{Classification: "NACE2", Layers: []graphmodel.Layer{{Name: "labour", Period: "2020"}, {Name: "copatent", Period: "2020"}}, Thresholds: []float64{0, 0.25}},
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
	want := `Knowledge domains on labour@2020 (links > 0) + copatent@2020 (links > 0.25) (NACE2), resolution 1, seed 7: 2 domains, modularity 0.412
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
	if got, want := connects(s, res, true), "#2 (30%, via 86 Health); #3 (15%); #4 (10%)"; got != want {
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

func TestRegion(t *testing.T) {
	ref := func(code, name string, lq, value float64) analysis.IndustryRef {
		return analysis.IndustryRef{Code: code, Name: name, LQ: lq, Value: value}
	}
	res := &analysis.RegionResult{
		Provenance:   analysis.Provenance{Layers: []graphmodel.Layer{{Name: "copatent", Period: "2020"}}, Thresholds: []float64{0.1}},
		DomainLabels: map[int]string{3: "pharma · research"},
		RegionalProfile: &analysis.RegionalProfile{
			Region: graphmodel.Region{Name: "Eastvale"}, Measure: "patents", Period: "2015", Quotient: "rta",
			Total: 12345.6, Share: 0.125, Industries: 40, CommonShare: 0.6, Bandwagon: true, VarietyGroups: "division",
			Evidence:    analysis.Evidence{MinValue: 100, Alpha: 0.05, MinSupport: 2, MinMoves: 50, RankBy: analysis.RankDensityLower},
			Established: 2, Flagged: 1, ThinOpportunities: 7,
			Specialisations: []analysis.Specialisation{
				{IndustryRef: ref("21", "Pharma", 2.5, 1200), Regions: 4, Domain: 3, Established: true,
					CellEvidence: analysis.CellEvidence{Expected: 480, PValue: 1e-12, LQLower: 2.371}},
				{IndustryRef: ref("10", "Food", 1.1, 300), Regions: 9, Domain: 0, Established: true, // no domain: "-"
					CellEvidence: analysis.CellEvidence{Expected: 272.7, PValue: 0.052, LQLower: 0.999}},
				{IndustryRef: ref("11", "Drinks", 6, 12), Regions: 1, Domain: 0, Flag: "small: 12 patents, below the minimum of 100"},
			},
			Opportunities: []analysis.Opportunity{{IndustryRef: ref("72", "Research", 0.8, 50), Density: 42.25, DensityLower: 12.34,
				Supporting: 2, Links: 5, Moves: 1260, HasCounts: true, Quadrant: "low-density-high-complexity",
				Related: []analysis.RelatedIndustry{
					{IndustryRef: ref("21", "Pharma", 2.5, 1200), Relatedness: 0.9, Count: 1000},
					{IndustryRef: ref("10", "Food", 1.1, 300), Relatedness: 0.4, Count: 260},
				}}},
			Peers: []analysis.Peer{{Region: graphmodel.Region{Name: "Northmoor"}, Jaccard: 0.5, Shared: 1, CosineLQ: 0.75}},
		},
	}
	var b bytes.Buffer
	if err := Region(&b, res, 10); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Patents: the quotient is RTA and the unit "patents"; 12345.6 rounds to 12,346.
	for _, want := range []string{
		"Eastvale — patents 2015: 12,346 patents (12.5% of all regions), 40 industries\n",
		"Relatedness from copatent@2020 (links above 0.1); variety groups: division\n",
		"Evidence: a specialisation needs RTA ≥ 1, at least 100 patents and a Poisson p ≤ 0.05; an opportunity needs 2 of them with 50 moves on its links, ranked by the 95% lower bound of relatedness density\n",
		"2 established specialisations (RTA ≥ 1 with the evidence above; 1 more flagged); 60% of them are shared by at least half of the other regions — a bandwagon portfolio\n",
		// p below 1e-9 is printed as "<1e-9"; the flagged cell is listed after the table.
		"CODE  NAME    RTA   RTA LOW  PATENTS  EXPECTED  P      REGIONS  PCI  DOMAIN\n" +
			"21    Pharma  2.50  2.37     1,200    480       <1e-9  4        -    #3 pharma · research\n" +
			"10    Food    1.10  1.00     300      273       0.052  9        -    -\n" +
			"Flagged, not ranked (1): 11 Drinks (RTA 6.0; small: 12 patents, below the minimum of 100);\n",
		"(not yet specialised, by the 95% lower bound of relatedness density; 7 more with too little support left out)",
		" 1. 72 Research — density 42.2 (lower bound 12.3), RTA 0.80, 50 patents, low-density-high-complexity\n" +
			"    why: 2 specialisations, 1,260 moves (of 5 links): 21 Pharma (RTA 2.5, relatedness 0.90, 1,000 moves); 10 Food (RTA 1.1, relatedness 0.40, 260 moves)\n",
		"REGION     JACCARD  SHARED  COSINE(LQ)\nNorthmoor  0.50     1       0.75\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	rows := RegionOpportunities(res)
	if got := strings.Join(rows.Rows[0], ","); got != "1,72,Research,42.2,12.3,0.80,50,2,5,1260,,,low-density-high-complexity,21 10,copatent@2020,"+
		"min_jobs=100 alpha=0.05 min_related=2 min_moves=50 rank_by=density-lower" {
		t.Errorf("opportunity row %q", got)
	}
}

func TestEvolutionMembersLimit(t *testing.T) {
	names := func(codes ...string) []analysis.IndustryName {
		var out []analysis.IndustryName
		for _, c := range codes {
			out = append(out, analysis.IndustryName{Code: c, Name: "n" + c})
		}
		return out
	}
	res := &analysis.EvolutionResult{Steps: []analysis.EvolutionStep{{From: "A", To: "B", Common: 10,
		Counts:      map[string]int{analysis.EventGrowth: 1},
		BeyondNoise: map[string]int{analysis.EventGrowth: 1},
		Events: []analysis.DomainEvent{{Type: analysis.EventGrowth, Text: "#1 grew into #2", BeyondNoise: true, Jaccard: 0.5,
			Matches: []analysis.DomainMatch{{From: 1, To: 2, Jaccard: 0.5, Shared: 3}},
			Joined:  names("01", "02", "03", "04")}}}}}
	var b bytes.Buffer
	if err := Evolution(&b, res, 2); err != nil {
		t.Fatal(err)
	}
	// 4 joined, 2 listed and "+2"; no reruns, so no noise level.
	want := "\nA → B: 10 industries in both periods (0 only before, 0 only after)\n" +
		"Events: 1 growth (1 beyond noise)\n" +
		"* #1 grew into #2\n" +
		"    Jaccard 0.50; overlaps: #1→#2 0.50 (3 shared)\n" +
		"    joined: 01 n01; 02 n02; +2\n" +
		"\n* beyond Louvain noise\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestCompareSections(t *testing.T) {
	n := func(code string) analysis.IndustryName { return analysis.IndustryName{Code: code, Name: "n" + code} }
	res := &analysis.CompareResult{
		Request: analysis.CompareRequest{TopK: 5},
		From:    graphmodel.Layer{Name: "labour", Period: "2010", Classification: "toy", Kind: graphmodel.KindFlows},
		To:      graphmodel.Layer{Name: "labour", Period: "2015"},
		Pairs: []analysis.PairChange{
			{A: n("01"), B: n("10"), Status: analysis.PairKept, Significant: true, CountFrom: ptr(10), CountTo: ptr(40), ValueFrom: ptr(0.1), ValueTo: ptr(0.5), ZAdjusted: ptr(4.24)},
			{A: n("01"), B: n("11"), Status: analysis.PairKept, Significant: true, CountFrom: ptr(50), CountTo: ptr(60), ZAdjusted: ptr(3.5)},
			{A: n("01"), B: n("21"), Status: analysis.PairKept, Significant: false, ZAdjusted: ptr(9)}, // not significant: in no section
			{A: n("10"), B: n("21"), Status: analysis.PairGained, CountTo: ptr(45)},
		},
		Neighbourhoods: []analysis.NeighbourhoodChange{{IndustryName: n("10"), Jaccard: 0.2, NoiseJaccard: ptr(0.8), NoiseLow: ptr(0.6), BeyondNoise: true,
			Joined: []analysis.IndustryName{n("72")}}},
	}
	var b bytes.Buffer
	if err := Compare(&b, res, 1); err != nil { // top 1: one row per section
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"labour@2010 → labour@2015 (toy, flows): 0 and 0 industries with links, 0 in both\n",
		"\nStrongest significant increases (kept pairs):\nA       B       STATUS  COUNT    VALUE        Z\n01 n01  10 n10  kept    10 → 40  0.10 → 0.50  +4.2\n",
		"\nGained pairs (missing before, now well above the floor):\nA       B       STATUS  COUNT   VALUE  Z\n10 n10  21 n21  gained  - → 45  - → -  -\n",
		"10    n10   0.20     0.80 (≥0.60) *  ",
		"72 n72",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, absent := range []string{"01 n11", "decreases", "Lost pairs", "+9.0"} {
		if strings.Contains(out, absent) {
			t.Errorf("%q should not be printed (top 1, no decreases, no lost pairs, not significant):\n%s", absent, out)
		}
	}
}

func TestVersion(t *testing.T) {
	if v := Version("v1.2.3"); !strings.HasPrefix(v, "v1.2.3 (go") || !strings.HasSuffix(v, ")") {
		t.Errorf("Version(v1.2.3) = %q, want v1.2.3 (goX.Y)", v)
	}
	// A test binary has no module version: devel, then the Go version.
	if v := Version(""); !strings.Contains(v, " (go") || v[0] == ' ' {
		t.Errorf("Version(\"\") = %q", v)
	}
}
