package ingest

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest/realdata"
)

func flowsLayer() graphmodel.Layer {
	return graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007"}
}

func TestReadLinksUKFlows(t *testing.T) {
	path := realdata.Path(t, "uk-labour-flows/flows_sic2007_2009_2018.csv")
	load, err := ReadLinks(path, LinksOptions{Layer: flowsLayer(), Codes: CodeFormat{Pad: 4}})
	if err != nil {
		t.Fatal(err)
	}
	// The README says 3,522 rows, but the file has 3,523 data rows: `wc -l` counts
	// 3,523 newlines (header included) and the last row has no newline; pandas
	// read_csv also gives 3,523 rows. 439 industries; 410 rows have StartIndst == FinalIndst.
	if load.Provenance.Rows != 3523 || len(load.Links) != 3523 {
		t.Fatalf("rows %d, links %d; want 3523 and 3523", load.Provenance.Rows, len(load.Links))
	}
	nodes := map[string]bool{}
	loops := 0
	total := 0.0
	for _, l := range load.Links {
		nodes[l.From], nodes[l.To] = true, true
		if l.From == l.To {
			loops++
		}
		if len(l.From) != 4 || len(l.To) != 4 {
			t.Fatalf("code not padded to 4: %+v", l)
		}
		total += l.Count
	}
	if len(nodes) != 439 || loops != 410 {
		t.Fatalf("%d industries, %d self-loops; want 439 and 410", len(nodes), loops)
	}
	// Line 1002 of the file reads "7820,8423,37"; line 512 reads "210,210,73" (SIC 0210 unpadded).
	m := linkMap(load.Links)
	if c := m[[2]string{"7820", "8423"}].Count; c != 37 {
		t.Fatalf("7820 -> 8423 = %v, want 37", c)
	}
	if c := m[[2]string{"0210", "0210"}].Count; c != 73 {
		t.Fatalf("0210 -> 0210 = %v, want 73", c)
	}
	if _, ok := m[[2]string{"8423", "7820"}]; ok {
		t.Fatal("directed flows got a reverse link that is not in the file")
	}
	// Total of the Counts column, summed with pandas: 282,879.
	if total != 282879 {
		t.Fatalf("total count %v, want 282879", total)
	}
	if !load.Layer.Directed || load.Layer.Kind != graphmodel.KindFlows {
		t.Fatalf("layer %+v: want directed flows", load.Layer)
	}
	p := load.Provenance
	if p.Source != path || len(p.SHA256) != 64 || p.LoadedAt.IsZero() || p.LoadedAt.Location().String() != "UTC" {
		t.Fatalf("provenance %+v", p)
	}
	if p.Options["delimiter"] != "," || p.Options["pad"] != "4" || p.Options["self_loops"] != "keep" || p.Options["value_col"] != "Counts" {
		t.Fatalf("options %v", p.Options)
	}
}

func TestReadLinksHungarianSkillRelatedness(t *testing.T) {
	path := realdata.Path(t, "hungary-relatedness/skill_relatedness_nace3_2015_2017.csv")
	layer := graphmodel.Layer{Name: "skill", Period: "2015-2017", Kind: graphmodel.KindRelatedness, Classification: "NACE2-3"}
	load, err := ReadLinks(path, LinksOptions{Layer: layer, Codes: CodeFormat{Pad: 3}})
	if err != nil {
		t.Fatal(err)
	}
	// 268 industries, every ordered pair listed: 268*267 = 71,556 rows, 35,778 unordered pairs.
	if load.Provenance.Rows != 71556 || len(load.Links) != 35778 {
		t.Fatalf("rows %d, links %d; want 71556 and 35778", load.Provenance.Rows, len(load.Links))
	}
	if load.Provenance.Options["delimiter"] != ";" || load.Provenance.Options["mirrored_rows_merged"] != "35778" {
		t.Fatalf("options %v", load.Provenance.Options)
	}
	if load.Layer.Directed || load.Layer.Method != "given" {
		t.Fatalf("layer %+v: want undirected, method given", load.Layer)
	}
	// Line 2 of the file reads "11;12;0.773166754101655;1".
	m := linkMap(load.Links)
	if v := m[[2]string{"011", "012"}].Value; v != 0.773166754101655 {
		t.Fatalf("011 - 012 = %v, want 0.773166754101655", v)
	}
	for _, l := range load.Links {
		if l.From >= l.To || l.Count != 0 || l.Value < -1 || l.Value > 1 {
			t.Fatalf("bad link %+v", l)
		}
	}
}

func TestReadLinksUndirectedDuplicates(t *testing.T) {
	layer := graphmodel.Layer{Name: "co", Period: "p", Kind: graphmodel.KindCoOccurrence, Classification: "X"}
	data := "a,b,n\nB,A,4\nA,B,4\nA,C,1\nC,A,2\n"
	// A-B listed both ways with 4: one link of 4. A-C listed as 1 and 2: a duplicate.
	_, err := ReadLinks(writeFile(t, "co.csv", data), LinksOptions{Layer: layer})
	wantParseError(t, err, `co.csv:5: column "b": expected each pair once, got "A" - "C" again in the other direction with value 2 (line 4 gave 1); use option duplicates sum`)
	load, err := ReadLinks(writeFile(t, "co.csv", data), LinksOptions{Layer: layer, Duplicates: "sum"})
	if err != nil {
		t.Fatal(err)
	}
	m := linkMap(load.Links)
	if len(m) != 2 || m[[2]string{"A", "B"}].Count != 4 || m[[2]string{"A", "C"}].Count != 3 {
		t.Fatalf("links %+v; want A-B 4 and A-C 1+2=3", load.Links)
	}
	load, err = ReadLinks(writeFile(t, "co.csv", data+"A,C,6\n"), LinksOptions{Layer: layer, Duplicates: "mean"})
	if err != nil {
		t.Fatal(err)
	}
	if c := linkMap(load.Links)[[2]string{"A", "C"}].Count; c != 3 { // (1+2+6)/3
		t.Fatalf("mean A-C = %v, want 3", c)
	}
}

func TestReadLinksDirectedDuplicate(t *testing.T) {
	data := "from,to,n\nA,B,1\nB,A,1\nA,B,2\n"
	_, err := ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `f.csv:4: column "to": expected each pair once, got "A" -> "B" again (first on line 2)`)
	load, err := ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Duplicates: "sum"})
	if err != nil {
		t.Fatal(err)
	}
	m := linkMap(load.Links)
	if m[[2]string{"A", "B"}].Count != 3 || m[[2]string{"B", "A"}].Count != 1 {
		t.Fatalf("links %+v; want A->B 3, B->A 1", load.Links)
	}
}

func TestReadLinksSelfLoopsAndZeros(t *testing.T) {
	data := "from,to,n\nA,A,5\nA,B,0\nA,C,2\n"
	load, err := ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer()})
	if err != nil {
		t.Fatal(err)
	}
	if len(load.Links) != 2 || load.Provenance.Options["zero_rows_dropped"] != "1" {
		t.Fatalf("links %+v options %v: want A-A and A-C, one zero row dropped", load.Links, load.Provenance.Options)
	}
	load, err = ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), SelfLoops: "drop"})
	if err != nil {
		t.Fatal(err)
	}
	if len(load.Links) != 1 || load.Provenance.Options["self_loops_dropped"] != "1" {
		t.Fatalf("links %+v: want only A-C", load.Links)
	}
	layer := graphmodel.Layer{Name: "co", Period: "p", Kind: graphmodel.KindCoOccurrence}
	_, err = ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: layer})
	wantParseError(t, err, `f.csv:2: column "to": expected a link between two different industries, got "A" again (a self-loop); use option self_loops keep or drop`)
}

func TestReadLinksValueErrors(t *testing.T) {
	cases := []struct {
		kind graphmodel.LayerKind
		row  string
		want string
	}{
		{graphmodel.KindFlows, "A,B,-3", `f.csv:3: column "Counts": expected a non-negative number, got "-3"`},
		{graphmodel.KindFlows, "A,B,many", `f.csv:3: column "Counts": expected a non-negative number, got "many"`},
		{graphmodel.KindFlows, "A,B,NaN", `f.csv:3: column "Counts": expected a non-negative number, got "NaN"`},
		{graphmodel.KindFlows, "A,B,+Inf", `f.csv:3: column "Counts": expected a non-negative number, got "+Inf"`},
		{graphmodel.KindFlows, "A,B,", `f.csv:3: column "Counts": expected a non-negative number, got ""`},
		{graphmodel.KindRelatedness, "A,B,inf", `f.csv:3: column "Counts": expected a finite number, got "inf"`},
		{graphmodel.KindFlows, "A,B", `f.csv:3: expected 3 fields as in the header, got 2`},
		{graphmodel.KindFlows, ",B,1", `f.csv:3: column "StartIndst": expected an industry code, got ""`},
	}
	for _, c := range cases {
		layer := graphmodel.Layer{Name: "l", Period: "p", Kind: c.kind}
		_, err := ReadLinks(writeFile(t, "f.csv", "StartIndst,FinalIndst,Counts\nA,C,1\n"+c.row+"\n"), LinksOptions{Layer: layer})
		wantParseError(t, err, c.want)
	}
	// Relatedness values may be negative.
	layer := graphmodel.Layer{Name: "l", Period: "p", Kind: graphmodel.KindRelatedness}
	load, err := ReadLinks(writeFile(t, "f.csv", "a,b,v\nA,B,-0.5\n"), LinksOptions{Layer: layer})
	if err != nil || load.Links[0].Value != -0.5 {
		t.Fatalf("negative relatedness: %+v, %v", load.Links, err)
	}
}

func TestReadLinksColumns(t *testing.T) {
	_, err := ReadLinks(writeFile(t, "f.csv", "StartIndst,FinalIndst,Count\nA,B,1\n"), LinksOptions{Layer: flowsLayer(), ValueCol: "Counts"})
	wantParseError(t, err, `f.csv:1: column "Counts": expected a column "Counts" (value) in the header, got header ["StartIndst", "FinalIndst", "Count"]`)
	_, err = ReadLinks(writeFile(t, "f.csv", "a,b\nA,B\n"), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `f.csv:1: column "#3": expected at least 3 columns (value is column 3), got header ["a", "b"]`)
	// Named columns in any order, matched case-insensitively.
	load, err := ReadLinks(writeFile(t, "f.csv", "n;dst;src\n7;B;A\n"), LinksOptions{Layer: flowsLayer(), FromCol: "SRC", ToCol: "dst", ValueCol: "n"})
	if err != nil || len(load.Links) != 1 || load.Links[0] != (graphmodel.Link{From: "A", To: "B", Count: 7}) {
		t.Fatalf("links %+v, %v", load.Links, err)
	}
}

func TestReadLinksUnknownCodes(t *testing.T) {
	known := Known{"0111": true, "0112": true}
	data := "from,to,n\n111,112,5\n111,999,2\n999,112,1\n"
	_, err := ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Codes: CodeFormat{Pad: 4}, Known: known})
	wantParseError(t, err, `f.csv:3: column "to": expected a code of classification "SIC2007", got "999"; load the classification first, or use option unknown create (add it) or skip (drop the row)`)

	var skips []Skip
	load, err := ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Codes: CodeFormat{Pad: 4}, Known: known,
		Unknown: UnknownSkip, OnSkipped: func(s []Skip) { skips = s }})
	if err != nil {
		t.Fatal(err)
	}
	if len(load.Links) != 1 || load.Provenance.Options["skipped_rows"] != "2" || load.Provenance.Options["skipped_codes"] != "0999" {
		t.Fatalf("links %+v options %v", load.Links, load.Provenance.Options)
	}
	if len(skips) != 1 || skips[0] != (Skip{Code: "0999", Rows: 2, FirstLine: 3}) {
		t.Fatalf("skips %+v", skips)
	}

	load, err = ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Codes: CodeFormat{Pad: 4}, Known: known, Unknown: UnknownCreate})
	if err != nil {
		t.Fatal(err)
	}
	if len(load.Links) != 3 || len(load.AddIndustries) != 1 ||
		load.AddIndustries[0] != (graphmodel.Industry{Classification: "SIC2007", Code: "0999", Name: "0999"}) {
		t.Fatalf("links %+v add %+v", load.Links, load.AddIndustries)
	}
	// An empty Known (new classification) under create: every code is created.
	load, err = ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Known: Known{}, Unknown: UnknownCreate})
	if err != nil || len(load.AddIndustries) != 3 {
		t.Fatalf("add %+v, %v", load.AddIndustries, err)
	}
	_, err = ReadLinks(writeFile(t, "f.csv", data), LinksOptions{Layer: flowsLayer(), Known: Known{}})
	wantParseError(t, err, `expected a code of classification "SIC2007" (none is loaded), got "111"`)
}

func TestReadLinksOptionErrors(t *testing.T) {
	p := writeFile(t, "f.csv", "a,b,c\nA,B,1\n")
	for _, opt := range []LinksOptions{
		{Layer: graphmodel.Layer{Kind: "weird"}},
		{Layer: flowsLayer(), Duplicates: "max"},
		{Layer: flowsLayer(), SelfLoops: "maybe"},
		{Layer: flowsLayer(), Unknown: "ignore"},
		{Layer: flowsLayer(), CSV: CSVOptions{Delimiter: '|'}},
	} {
		_, err := ReadLinks(p, opt)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%+v: got %v, want an EINVALID error", opt, err)
		}
		if _, isParse := AsParseError(err); isParse {
			t.Errorf("%+v: an option error is not a ParseError: %v", opt, err)
		}
	}
}

// FuzzReadLinks: never panics; on success every link is valid for its kind.
func FuzzReadLinks(f *testing.F) {
	f.Add("from,to,n\nA,B,1\nB,A,1\n", uint8(0), uint8(0))
	f.Add("a;b;v\n11;12;0.5\n12;11;0.5\n", uint8(2), uint8(1))
	f.Add("a,b,n\nA,A,0\n\"x,y\",B,3e2\n", uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, data string, kind, policy uint8) {
		kinds := []graphmodel.LayerKind{graphmodel.KindFlows, graphmodel.KindCoOccurrence, graphmodel.KindRelatedness}
		k := kinds[int(kind)%3]
		opt := LinksOptions{Layer: graphmodel.Layer{Name: "f", Period: "p", Kind: k},
			Duplicates: []string{"error", "sum", "mean"}[int(policy)%3],
			SelfLoops:  []string{"", "keep", "drop"}[int(policy/3)%3],
			Codes:      CodeFormat{Pad: int(policy % 5)}}
		src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
		if err != nil {
			return
		}
		if err := checkLinksOptions(&opt); err != nil {
			t.Fatal(err)
		}
		load, err := readLinks(src, opt)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("error code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		seen := map[[2]string]bool{}
		for _, l := range load.Links {
			if l.From == "" || l.To == "" || seen[[2]string{l.From, l.To}] {
				t.Fatalf("bad or repeated link %+v", l)
			}
			seen[[2]string{l.From, l.To}] = true
			if !k.Directed() && l.From > l.To {
				t.Fatalf("undirected link not ordered: %+v", l)
			}
			if k.HasCounts() && (!(l.Count > 0) || math.IsInf(l.Count, 0) || l.Value != 0) {
				t.Fatalf("bad count link %+v", l)
			}
			if !k.HasCounts() && (math.IsNaN(l.Value) || math.IsInf(l.Value, 0) || l.Count != 0) {
				t.Fatalf("bad value link %+v", l)
			}
			if opt.SelfLoops == "drop" && l.From == l.To {
				t.Fatalf("self-loop kept under drop: %+v", l)
			}
		}
		if rows, _ := strconv.Atoi(strconv.FormatInt(load.Provenance.Rows, 10)); rows < len(load.Links) {
			t.Fatalf("%d links from %d rows", len(load.Links), rows)
		}
	})
}
