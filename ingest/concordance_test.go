package ingest

import (
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// concHand is a hand-made concordance: A → X; B split half/half into X and Y;
// C → Z.
const concHand = "old,new,weight\nA,X,1\nB,X,0.5\nB,Y,0.5\nC,Z,1\n"

// concLinks are flows between the old codes: 40 moves in all.
func concLinks() []graphmodel.Link {
	return []graphmodel.Link{
		{From: "A", To: "B", Count: 10},
		{From: "B", To: "C", Count: 20},
		{From: "B", To: "B", Count: 4},
		{From: "C", To: "A", Count: 6},
	}
}

func concCounts(links []graphmodel.Link) map[string]float64 {
	m := map[string]float64{}
	for _, l := range links {
		m[l.From+">"+l.To] = l.Count
	}
	return m
}

func checkCounts(t *testing.T, got []graphmodel.Link, want map[string]float64) {
	t.Helper()
	g := concCounts(got)
	if len(g) != len(want) {
		t.Fatalf("got %d links %v, want %d %v", len(g), g, len(want), want)
	}
	for k, w := range want {
		if math.Abs(g[k]-w) > 1e-12 {
			t.Errorf("%s: count %v, want %v", k, g[k], w)
		}
	}
	if !sort.SliceIsSorted(got, func(i, j int) bool {
		return got[i].From < got[j].From || got[i].From == got[j].From && got[i].To < got[j].To
	}) {
		t.Errorf("links not sorted by From, To: %v", got)
	}
}

func TestReadConcordanceWeighted(t *testing.T) {
	c, err := ReadConcordance(writeFile(t, "conc.csv", concHand), ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Weighted || len(c.Targets) != 3 {
		t.Fatalf("weighted %v, %d old codes; want weighted with 3", c.Weighted, len(c.Targets))
	}
	b := c.Targets["B"]
	if len(b) != 2 || b[0] != (ConcordanceTarget{"X", 0.5}) || b[1] != (ConcordanceTarget{"Y", 0.5}) {
		t.Errorf("B → %v, want X 0.5, Y 0.5", b)
	}
	if o := c.Provenance.Options; o["weight_col"] != "weight" || o["split_codes"] != "1" || o["old_codes"] != "3" || c.Provenance.Rows != 4 {
		t.Errorf("provenance %+v", c.Provenance)
	}
	if len(c.Provenance.SHA256) != 64 {
		t.Errorf("sha256 %q", c.Provenance.SHA256)
	}
}

// TestMapLinksHand maps concLinks through concHand. By hand (w_a,a'·w_b,b'·C):
//
//	A→B 10: X→X 5, X→Y 5          B→C 20: X→Z 10, Y→Z 10
//	B→B 4:  X→X 1, X→Y 1, Y→X 1, Y→Y 1      C→A 6: Z→X 6
//
// so X→X 6, X→Y 6, X→Z 10, Y→X 1, Y→Y 1, Y→Z 10, Z→X 6: 40 moves, as before.
func TestMapLinksHand(t *testing.T) {
	c, err := ReadConcordance(writeFile(t, "conc.csv", concHand), ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, rep, err := c.MapLinks(concLinks(), true, "")
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, got, map[string]float64{"X>X": 6, "X>Y": 6, "X>Z": 10, "Y>X": 1, "Y>Y": 1, "Y>Z": 10, "Z>X": 6})
	if rep.In != 4 || rep.Out != 7 || rep.Split != 3 || len(rep.Unmapped) != 0 {
		t.Errorf("report %+v, want 4 in, 7 out, 3 split (A→B, B→C, B→B)", rep)
	}
	// Undirected: X–Y 6+1, X–Z 10+6, the rest as above.
	got, _, err = c.MapLinks(concLinks(), false, "")
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, got, map[string]float64{"X>X": 6, "X>Y": 7, "X>Z": 16, "Y>Y": 1, "Y>Z": 10})
}

func TestMapLinksUnmapped(t *testing.T) {
	c, err := ReadConcordance(writeFile(t, "conc.csv", concHand), ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	links := append(concLinks(), graphmodel.Link{From: "A", To: "Q", Count: 7}, graphmodel.Link{From: "Q", To: "Q", Count: 3})
	_, _, err = c.MapLinks(links, true, "")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), `"Q"`) ||
		!strings.Contains(err.Error(), "conc.csv") || !strings.Contains(err.Error(), "2 links, total 10") {
		t.Fatalf("unmapped Q: got %v, want an EINVALID error naming the concordance, Q, its 2 links and total 10", err)
	}
	got, rep, err := c.MapLinks(links, true, UnmappedDrop)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, got, map[string]float64{"X>X": 6, "X>Y": 6, "X>Z": 10, "Y>X": 1, "Y>Y": 1, "Y>Z": 10, "Z>X": 6})
	if len(rep.Unmapped) != 1 || rep.Unmapped[0] != (UnmappedCode{"Q", 2, 10}) {
		t.Errorf("unmapped %+v, want Q in 2 links with 10 moves", rep.Unmapped)
	}
	got, _, err = c.MapLinks(links, true, UnmappedKeep)
	if err != nil {
		t.Fatal(err)
	}
	// A→Q 7 becomes X→Q 7 and Q→Q stays.
	checkCounts(t, got, map[string]float64{"X>X": 6, "X>Y": 6, "X>Z": 10, "Y>X": 1, "Y>Y": 1, "Y>Z": 10, "Z>X": 6, "X>Q": 7, "Q>Q": 3})
	if _, _, err := c.MapLinks(links, true, "ignore"); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("policy ignore: got %v, want EINVALID", err)
	}
}

func TestConcordanceWithoutWeights(t *testing.T) {
	body := "sic2003;sic2007\n111;0111\n111;0112\n1520;1020\n"
	p := writeFile(t, "noweights.csv", body)
	_, err := ReadConcordance(p, ConcordanceOptions{})
	wantParseError(t, err, "noweights.csv:3", `column "sic2003"`, "each old code once", `"111" again`, "line 2", "option split equal")

	c, err := ReadConcordance(p, ConcordanceOptions{Split: "equal", OldCodes: CodeFormat{Pad: 4}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Weighted {
		t.Error("a file without weights reported as weighted")
	}
	if got := c.Targets["0111"]; len(got) != 2 || got[0] != (ConcordanceTarget{"0111", 0.5}) || got[1] != (ConcordanceTarget{"0112", 0.5}) {
		t.Errorf("equal split of 0111 (padded from 111): %v, want 0111 and 0112 at 0.5", got)
	}
	c, err = ReadConcordance(p, ConcordanceOptions{Split: "first", OldCodes: CodeFormat{Pad: 4}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Targets["0111"]; len(got) != 1 || got[0] != (ConcordanceTarget{"0111", 1}) {
		t.Errorf("first of 0111: %v, want only 0111 at 1", got)
	}
	if got := c.Targets["1520"]; len(got) != 1 || got[0] != (ConcordanceTarget{"1020", 1}) {
		t.Errorf("1520: %v, want 1020 at 1", got)
	}
	// WeightCol "none" ignores a third column (here a description).
	c, err = ReadConcordance(writeFile(t, "desc.csv", "old,new,description\nA,X,Apples\n"), ConcordanceOptions{WeightCol: "none"})
	if err != nil || c.Weighted || c.Targets["A"][0] != (ConcordanceTarget{"X", 1}) {
		t.Errorf("weight col none: %+v, %v", c, err)
	}
}

func TestConcordanceBadFiles(t *testing.T) {
	cases := []struct {
		name, body string
		opt        ConcordanceOptions
		want       []string
	}{
		{"sum.csv", "old,new,weight\nA,X,1\nB,X,0.5\nB,Y,0.2\n", ConcordanceOptions{},
			[]string{"sum.csv:3", `column "weight"`, `old code "B" to sum to 1`, "0.7 over 2 row(s) (lines 3, 4)"}},
		{"text.csv", "old,new,weight\nA,X,one\n", ConcordanceOptions{}, []string{"text.csv:2", `column "weight"`, "between 0 and 1", `"one"`}},
		{"negative.csv", "old,new,weight\nA,X,-0.5\nA,Y,1.5\n", ConcordanceOptions{}, []string{"negative.csv:2", `"-0.5"`}},
		{"big.csv", "old,new,weight\nA,X,1.5\n", ConcordanceOptions{}, []string{"big.csv:2", `"1.5"`}},
		{"empty-weight.csv", "old,new,weight\nA,X,\n", ConcordanceOptions{}, []string{"empty-weight.csv:2", `column "weight"`}},
		{"dup.csv", "old,new,weight\nA,X,0.5\nA,X,0.5\n", ConcordanceOptions{}, []string{"dup.csv:3", `"A" → "X" again (first on line 2)`}},
		{"empty-code.csv", "old,new\nA,X\n,Y\n", ConcordanceOptions{}, []string{"empty-code.csv:3", `column "old"`, "an old industry code"}},
		{"empty-new.csv", "old,new\nA, \n", ConcordanceOptions{}, []string{"empty-new.csv:2", `column "new"`, "a new industry code"}},
		{"ragged.csv", "old,new\nA,X,1\n", ConcordanceOptions{}, []string{"ragged.csv:2", "2 fields"}},
		{"nocol.csv", "old,new\nA,X\n", ConcordanceOptions{WeightCol: "share"}, []string{"nocol.csv:1", `column "share"`, `"old", "new"`}},
		{"onecol.csv", "old\nA\n", ConcordanceOptions{}, []string{"onecol.csv:1", "at least 2 columns"}},
		{"samecol.csv", "old,new\nA,X\n", ConcordanceOptions{NewCol: "old"}, []string{"samecol.csv:1", "different columns"}},
		{"header-only.csv", "old,new,weight\n", ConcordanceOptions{}, []string{"header-only.csv", "data rows"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadConcordance(writeFile(t, c.name, c.body), c.opt)
			wantParseError(t, err, c.want...)
		})
	}
	for _, opt := range []ConcordanceOptions{{Split: "spread"}, {Tolerance: -1}, {Tolerance: 2}} {
		_, err := ReadConcordance(writeFile(t, "ok.csv", concHand), opt)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%+v: got %v, want an EINVALID option error", opt, err)
		}
		if _, isParse := AsParseError(err); isParse {
			t.Errorf("%+v: an option error is not a ParseError: %v", opt, err)
		}
	}
}

// TestConcordanceTolerance: weights of 1/3 rounded to 0.333 sum to 0.999,
// within the default tolerance of 0.001, and are rescaled to sum to 1.
func TestConcordanceTolerance(t *testing.T) {
	c, err := ReadConcordance(writeFile(t, "thirds.csv", "old,new,weight\nA,X,0.333\nA,Y,0.333\nA,Z,0.333\n"), ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var s float64
	for _, tg := range c.Targets["A"] {
		s += tg.Weight
		if math.Abs(tg.Weight-1.0/3) > 1e-12 {
			t.Errorf("weight %v, want 1/3 after rescaling", tg.Weight)
		}
	}
	if math.Abs(s-1) > 1e-12 {
		t.Errorf("weights sum to %v, want 1", s)
	}
	_, err = ReadConcordance(writeFile(t, "thirds.csv", "old,new,weight\nA,X,0.333\nA,Y,0.333\nA,Z,0.333\n"), ConcordanceOptions{Tolerance: 1e-4})
	wantParseError(t, err, "thirds.csv:2", "0.999")
}

// TestMapRegionalHand: 100 jobs in B split into 50 X and 50 Y; A's 30 join X.
func TestMapRegionalHand(t *testing.T) {
	c, err := ReadConcordance(writeFile(t, "conc.csv", concHand), ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vals := []graphmodel.RegionalValue{{Region: "r1", Industry: "A", Value: 30}, {Region: "r1", Industry: "B", Value: 100}, {Region: "r2", Industry: "C", Value: 5}}
	got, rep, err := c.MapRegional(vals, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []graphmodel.RegionalValue{{Region: "r1", Industry: "X", Value: 80}, {Region: "r1", Industry: "Y", Value: 50}, {Region: "r2", Industry: "Z", Value: 5}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("value %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if rep.Split != 1 || rep.In != 3 || rep.Out != 3 {
		t.Errorf("report %+v", rep)
	}
	if _, _, err := c.MapRegional(append(vals, graphmodel.RegionalValue{Region: "r1", Industry: "D", Value: 1}), ""); err == nil || !strings.Contains(err.Error(), `"D"`) {
		t.Errorf("unmapped D: got %v", err)
	}
}

// FuzzConcordance: never panics; on success every old code's weights are in
// (0, 1] and sum to 1, and mapping keeps the total count of mapped links.
func FuzzConcordance(f *testing.F) {
	f.Add("old,new,weight\nA,X,1\nB,X,0.5\nB,Y,0.5\n", uint8(0))
	f.Add("a;b\n111;0111\n111;0112\n", uint8(1))
	f.Add("a\tb\tw\n01.1\t01.2\t0.333\n01.1\t01.3\t0.667\n", uint8(2))
	f.Add("old,new\n\"x,y\",B\nA,A\n", uint8(5))
	f.Fuzz(func(t *testing.T, data string, mode uint8) {
		opt := ConcordanceOptions{Split: []string{"error", "equal", "first"}[int(mode)%3], OldCodes: CodeFormat{Pad: int(mode % 5)}}
		if mode&8 != 0 {
			opt.WeightCol = "none"
		}
		if err := checkConcordanceOptions(&opt); err != nil {
			t.Fatal(err)
		}
		src, err := readerSource("c.csv", strings.NewReader(data), opt.CSV)
		if err != nil {
			return
		}
		c, err := readConcordance(src, opt)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("error code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		var links []graphmodel.Link
		var total float64
		for old, ts := range c.Targets {
			var s float64
			for _, tg := range ts {
				if !(tg.Weight > 0 && tg.Weight <= 1+1e-12) || tg.Code == "" {
					t.Fatalf("old code %q: bad target %+v", old, tg)
				}
				s += tg.Weight
			}
			if len(ts) > 0 && math.Abs(s-1) > 1e-9 {
				t.Fatalf("old code %q: weights sum to %v", old, s)
			}
			if len(ts) > 0 {
				links = append(links, graphmodel.Link{From: old, To: old, Count: 3})
				total += 3
			}
		}
		out, _, err := c.MapLinks(links, true, "")
		if err != nil {
			t.Fatal(err)
		}
		var got float64
		for _, l := range out {
			got += l.Count
		}
		if math.Abs(got-total) > 1e-9*math.Max(1, total) {
			t.Fatalf("mapped total %v, want %v", got, total)
		}
	})
}
