package brief

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/brief/briefpdf"
	"github.com/domainscope/domainscope/clusterstars"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/variety"
)

// regionResult is a small hand-made profile: two specialisations (one
// thin), one opportunity supported by 4 specialisations and 1,260 moves,
// one cross-clustering pair, ECI over 12 regions.
func regionResult() *analysis.RegionResult {
	p := &analysis.RegionalProfile{
		Region: graphmodel.Region{ID: "eastvale", Name: "Eastvale"}, Measure: "employment", Period: "2015", Quotient: "lq",
		Total: 120000, Share: 0.05, Established: 1, Flagged: 1,
		Evidence: analysis.Evidence{MinValue: 100, Alpha: 0.05, MinSupport: 2, MinMoves: 50, RankBy: analysis.RankDensityLower},
		Specialisations: []analysis.Specialisation{
			{IndustryRef: analysis.IndustryRef{Code: "8610", Name: "Hospital activities", LQ: 1.8, Value: 5400}, Regions: 3, Domain: 2, Established: true, CellEvidence: analysis.CellEvidence{LQLower: 1.7, PValue: 1e-9}},
			{IndustryRef: analysis.IndustryRef{Code: "0111", Name: "Growing of cereals", LQ: 2.5, Value: 40}, Regions: 1, Domain: -1, Flag: "too small", CellEvidence: analysis.CellEvidence{LQLower: 0.9, PValue: 0.2}},
		},
		Variety: variety.Variety{Related: 1.25, Unrelated: 2.5}, VarietyGroups: "division", HHI: 0.0123,
		Opportunities: []analysis.Opportunity{{IndustryRef: analysis.IndustryRef{Code: "8690", Name: "Other human health", LQ: 0.8, Value: 900},
			Density: 42.5, DensityLower: 30.1, Supporting: 4, Moves: 1260, HasCounts: true,
			Related: []analysis.RelatedIndustry{{IndustryRef: analysis.IndustryRef{Code: "8610", Name: "Hospital activities"}}}}},
		Complexity:      &analysis.RegionComplexity{ECI: 0.5, ECIRank: 2, Regions: 12},
		CrossClustering: []analysis.CrossClustering{{DomainA: 2, DomainB: 5, SpecialisedA: 1, SpecialisedB: 1, Relatedness: 0.75, Links: 1}},
		Peers:           []analysis.Peer{{Region: graphmodel.Region{ID: "westmoor", Name: "Westmoor"}, Jaccard: 0.5, Shared: 1}},
	}
	return &analysis.RegionResult{Regional: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Period: "2015"}, DomainLabels: map[int]string{2: "Health"}, RegionalProfile: p}
}

func TestSupportWording(t *testing.T) {
	for _, c := range []struct {
		o    analysis.Opportunity
		want string
	}{
		{analysis.Opportunity{Supporting: 4, Moves: 1260, HasCounts: true}, "4 specialisations, 1,260 moves"},
		{analysis.Opportunity{Supporting: 1, Moves: 1, HasCounts: true}, "1 specialisation, 1 move"},
		{analysis.Opportunity{Supporting: 2, Moves: 0, HasCounts: false}, "2 specialisations"}, // co-patent layers without counts
	} {
		if got := Support(c.o); got != c.want {
			t.Errorf("Support(%+v) = %q, want %q", c.o, got, c.want)
		}
	}
	for x, want := range map[float64]string{1260: "1,260", 1234567: "1,234,567", 999: "999", 0.12345: "0.1235", -4500: "-4,500"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestRegionDocumentTables(t *testing.T) {
	d := RegionDocument(regionResult())
	names := []string{}
	for _, tb := range d.Tables {
		names = append(names, tb.Name)
		for i, r := range tb.Rows {
			if len(r) != len(tb.Columns) || len(tb.Numeric) != len(tb.Columns) {
				t.Fatalf("table %s row %d has %d cells for %d columns (%d numeric flags)", tb.Name, i, len(r), len(tb.Columns), len(tb.Numeric))
			}
		}
	}
	if got := strings.Join(names, ","); got != "specialisations,opportunities,cross_clustering,peers" {
		t.Fatalf("tables %s", got)
	}
	// The thin specialisation is flagged; the opportunity carries its support.
	if r := d.Tables[0].Rows[1]; r[0] != "0111" || r[8] != "flagged: too small" {
		t.Errorf("second specialisation row %v", r)
	}
	if r := d.Tables[1].Rows[0]; r[6] != "4 specialisations, 1,260 moves" || r[4] != "42.5" {
		t.Errorf("opportunity row %v", r)
	}
	if r := d.Tables[2].Rows[0]; r[0] != "2 Health" || r[1] != "5" {
		t.Errorf("cross-clustering row %v", r)
	}
	var thin, eci bool
	for _, c := range d.Caveats {
		thin = thin || strings.HasPrefix(c, "1 of the 2 specialisations are flagged")
		eci = eci || strings.Contains(c, "only 12 regions")
	}
	if !thin || !eci {
		t.Errorf("caveats lack the thin-data flag (%v) or the ECI caveat (%v): %q", thin, eci, d.Caveats)
	}
}

func TestSetDiagramRemovesReferences(t *testing.T) {
	svg := `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g><a xlink:href="https://example.org/x" xlink:title="x"><text>x</text></a></g></svg>`
	var d Document
	d.SetDiagram([]byte(svg), "a diagram")
	got := string(d.Diagram)
	if !strings.HasPrefix(got, `<svg role="img" aria-label="a diagram" width="10pt"`) || strings.Contains(got, "http") || strings.Contains(got, "<a") {
		t.Fatalf("sanitised SVG: %s", got)
	}
	// An SVG with a URL left in it (here in a style) is refused.
	var e Document
	e.SetDiagram([]byte(`<svg><style>@import url(https://fonts.example/x.css);</style></svg>`), "x")
	if e.Diagram != "" || !strings.Contains(e.DiagramNote, "left out") {
		t.Fatalf("SVG with a URL kept: %q / %q", e.Diagram, e.DiagramNote)
	}
}

func TestZipHoldsEveryTable(t *testing.T) {
	d := RegionDocument(regionResult())
	d.Params = []Param{{"Layers", "labour@2009-2018"}}
	var b bytes.Buffer
	if err := d.WriteZip(&b); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
		if f.Name == "opportunities.csv" {
			r, _ := f.Open()
			rows, err := csv.NewReader(r).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0][6] != "support" || rows[1][6] != "4 specialisations, 1,260 moves" {
				t.Errorf("opportunities.csv = %q", rows)
			}
		}
	}
	if got := strings.Join(names, ","); got != "specialisations.csv,opportunities.csv,cross_clustering.csv,peers.csv,parameters.csv,provenance.csv" {
		t.Errorf("zip holds %s", got)
	}
}

// externalRef matches what would make the HTML load anything: a URL, a
// src or href attribute, a CSS url() or @import, a font-face.
var externalRef = regexp.MustCompile(`(?i)https?:|//[a-z0-9.-]+\.[a-z]{2,}/|\ssrc=|\shref=|url\(|@import|@font-face`)

// CheckPrinted writes doc's HTML to dir, prints it to A4 PDF and checks it:
// no external reference, a plausible page count on A4, every font embedded,
// and every table's heading in the PDF text. It returns the PDF path.
func checkPrinted(t *testing.T, doc *Document, dir string, maxPages int) (string, *briefpdf.Info) {
	t.Helper()
	if why, ok := briefpdf.Available(); !ok {
		t.Skip(why)
	}
	var h bytes.Buffer
	if err := doc.WriteHTML(&h); err != nil {
		t.Fatal(err)
	}
	if m := externalRef.FindString(h.String()); m != "" {
		t.Fatalf("the brief has an external reference: %q", m)
	}
	html := filepath.Join(dir, "brief.html")
	if err := os.WriteFile(html, h.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	path := filepath.Join(dir, "brief.pdf")
	in, err := briefpdf.PrintFile(ctx, html, path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// pdfinfo names the paper: A4 is 210 × 297 mm (595 × 842 pt).
	if in.Pages < 1 || in.Pages > maxPages || !strings.HasSuffix(in.PageSize, "(A4)") {
		t.Errorf("PDF: %d pages (expected 1 to %d) of size %q (expected A4)", in.Pages, maxPages, in.PageSize)
	}
	if in.Fonts == 0 || len(in.Unembedded) > 0 {
		t.Errorf("PDF fonts: %d, not embedded: %v", in.Fonts, in.Unembedded)
	}
	text := strings.Join(strings.Fields(in.Text), " ")
	for _, tb := range doc.Tables {
		if !strings.Contains(text, tb.Heading) {
			t.Errorf("the PDF text lacks the heading %q of table %s", tb.Heading, tb.Name)
		}
	}
	for _, s := range []string{"Key numbers", "Parameters", "Provenance", "Caveats", doc.Title} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF text lacks %q", s)
		}
	}
	return path, in
}

// TestRegionBriefPrintsToA4: each table starts on a new page (page breaks
// before sections), so the 4 tables and the parameters make 6 pages.
func TestRegionBriefPrintsToA4(t *testing.T) {
	d := RegionDocument(regionResult())
	d.Generated = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	d.SetDiagram([]byte(`<svg width="100pt" height="50pt" viewBox="0 0 100 50"><text x="5" y="20">Hospital activities</text></svg>`), "a test diagram")
	_, in := checkPrinted(t, d, t.TempDir(), 6)
	// cover (key numbers, diagram) + 4 tables + parameters with provenance and caveats.
	if in.Pages != 6 {
		t.Errorf("pages = %d, want 6", in.Pages)
	}
	// The support cell wraps inside its column: "4 specialisations, 1,260" / "moves".
	if norm := strings.Join(strings.Fields(in.Text), " "); !strings.Contains(norm, "4 specialisations, 1,260") || !strings.Contains(norm, "moves") {
		t.Errorf("the opportunity's support is not in the PDF text: %s", in.Text)
	}
}

// TestBriefPrintsLongTables: 120 rows break across pages without a row cut in
// two: each row's code appears whole in the text.
func TestBriefPrintsLongTables(t *testing.T) {
	d := &Document{Kind: "domain", Title: "Long", Generated: time.Unix(0, 0).UTC()}
	tb := Table{Name: "members", Heading: "Members", Columns: []string{"code", "industry"}, Numeric: []bool{false, false}}
	for i := 0; i < 120; i++ {
		tb.Rows = append(tb.Rows, []string{fmt.Sprintf("C%03d", i), strings.Repeat("word ", 12)})
	}
	d.Tables = []Table{tb}
	_, in := checkPrinted(t, d, t.TempDir(), 12)
	if in.Pages < 3 {
		t.Errorf("120 rows on %d pages: expected the table to run over several pages", in.Pages)
	}
	for _, r := range tb.Rows {
		if !strings.Contains(in.Text, r[0]) {
			t.Fatalf("row %s missing from the PDF text", r[0])
		}
	}
}

// TestClusterTables: the star ratings and pathways of a region render as
// tables with the API's numbers (jobs with thousands, LQ and share to two
// decimals, every reason), the thresholds in the intro, and go into the
// CSV bundle.
func TestClusterTables(t *testing.T) {
	s := &analysis.StarsResult{Regions: 12, Request: analysis.StarsRequest{By: "domain", Thresholds: clusterstars.Thresholds{SizeTop: 0.1, MinLQ: 2, FocusTop: 0.25}},
		Clusters: []analysis.ClusterStar{{ID: "2", Label: "Health", Industries: 5, Rating: clusterstars.Rating{Jobs: 12500, LQ: 2.345, Share: 0.1234, Stars: 2, Reasons: []string{"★ size", "★ specialisation", "– focus"}}}}}
	st := StarsTable(s)
	if want := []string{"2 Health", "5", "12,500", "2.35", "12.34", "2", "★ size; ★ specialisation; – focus"}; fmt.Sprint(st.Rows) != fmt.Sprint([][]string{want}) {
		t.Errorf("stars rows %q, want %q", st.Rows, want)
	}
	if !strings.Contains(st.Intro, "against 12 regions") || !strings.Contains(st.Intro, "top 10 %") || !strings.Contains(st.Intro, "LQ ≥ 2") || !strings.Contains(st.Intro, "top 25 %") {
		t.Errorf("stars intro %q lacks the thresholds", st.Intro)
	}
	p := &analysis.PathwaysResult{MedianDensity: 12.25, GenericRule: bridging.DefaultGenericRule(),
		Pathways: []analysis.Pathway{{Domain: 2, Label: "Health", Size: 5, Pathway: analysis.PathwayModernisation, Why: "established in 2 of 5 members; generic 78, which the region lacks, links to them", Gaps: 3, MeanGapDensity: 20.04,
			Base: []analysis.IndustryName{{Code: "8610", Name: "Hospital activities"}, {Code: "8690", Name: "Other human health"}}, Hubs: []analysis.IndustryName{{Code: "78", Name: "Employment activities"}}}},
		Reach: []analysis.Reach{{IndustryName: analysis.IndustryName{Code: "78", Name: "Employment activities"}, Domain: 4, Domains: 7, Participation: 0.812, Degree: 40, Generic: true},
			{IndustryName: analysis.IndustryName{Code: "8610", Name: "Hospital activities"}, Domain: 2, Domains: 3, Participation: 0.4, Degree: 12}}}
	pt, gt := PathwaysTable(p), GenericTable(p)
	if want := []string{"2 Health", "5", "modernisation", "established in 2 of 5 members; generic 78, which the region lacks, links to them", "8610 Hospital activities; 8690 Other human health", "78 Employment activities", "3", "20.0"}; fmt.Sprint(pt.Rows) != fmt.Sprint([][]string{want}) {
		t.Errorf("pathways rows %q, want %q", pt.Rows, want)
	}
	if !strings.Contains(pt.Intro, analysis.PathwayRule[1]) || !strings.Contains(pt.Intro, "12.2") {
		t.Errorf("pathways intro %q lacks the rules or the median", pt.Intro)
	}
	// Only the generic industry is listed.
	if want := []string{"78", "Employment activities", "4", "7", "0.81", "40"}; fmt.Sprint(gt.Rows) != fmt.Sprint([][]string{want}) {
		t.Errorf("generic rows %q, want %q", gt.Rows, want)
	}
	d := RegionDocument(regionResult())
	d.Tables = append(d.Tables, st, pt, gt)
	var b bytes.Buffer
	if err := d.WriteZip(&b); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "specialisations.csv,opportunities.csv,cross_clustering.csv,peers.csv,stars.csv,pathways.csv,generic.csv,parameters.csv,provenance.csv" {
		t.Errorf("zip holds %s", got)
	}
}
