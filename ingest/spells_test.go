package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/domainscope/domainscope/graphmodel"
)

const spellsData = `worker_id,period,industry
w1,2010,A
w1,2011,A
w1,2012,B
w1,2013,C
w2,2012,B
w2,2010,C
w2,2011,C
w3,2010,A
`

// flows returns the links as "from>to=count" strings, sorted.
func flows(links []graphmodel.Link) string {
	var s []string
	for _, l := range links {
		s = append(s, fmt.Sprintf("%s>%s=%g", l.From, l.To, l.Count))
	}
	return strings.Join(s, " ")
}

func TestSpellsHandExample(t *testing.T) {
	cases := []struct {
		opt  SpellOptions
		want string
	}{
		// w1: A A B C gives A>B, B>C; w2 sorted by period: C C B gives C>B; w3 has one spell.
		{SpellOptions{}, "A>B=1 B>C=1 C>B=1"},
		// Stayers add w1's A,A (2010-2011) and w2's C,C.
		{SpellOptions{Stayers: true}, "A>A=1 A>B=1 B>C=1 C>B=1 C>C=1"},
		// Spells 2011-2012 only: w1 A(2011) B(2012); w2 C(2011) B(2012).
		{SpellOptions{FromPeriod: "2011", ToPeriod: "2012"}, "A>B=1 C>B=1"},
		{SpellOptions{ToPeriod: "2011"}, ""},
		{SpellOptions{FromPeriod: "2012"}, "B>C=1"},
	}
	for _, c := range cases {
		for _, mode := range []aggMode{modeAuto, modeGrouped, modeUngrouped} {
			c.opt.mode = mode
			load, err := ReadSpells(writeFile(t, "s.csv", spellsData), c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := flows(load.Links); got != c.want {
				t.Fatalf("%+v: got %q, want %q", c.opt, got, c.want)
			}
			if !load.Layer.Directed || load.Layer.Kind != graphmodel.KindFlows || load.Provenance.Options["workers"] != "3" {
				t.Fatalf("layer %+v options %v", load.Layer, load.Provenance.Options)
			}
		}
	}
}

func TestSpellsUngroupedFile(t *testing.T) {
	// The same spells with w1's rows split around w2's: not grouped by worker.
	lines := strings.Split(strings.TrimSpace(spellsData), "\n")
	shuffled := strings.Join([]string{lines[0], lines[3], lines[5], lines[1], lines[8], lines[6], lines[4], lines[2], lines[7]}, "\n") + "\n"
	path := writeFile(t, "u.csv", shuffled)
	load, err := ReadSpells(path, SpellOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := flows(load.Links); got != "A>B=1 B>C=1 C>B=1" || load.Provenance.Options["input_order"] != "ungrouped" {
		t.Fatalf("got %q, options %v", got, load.Provenance.Options)
	}
	if len(load.Provenance.SHA256) != 64 || load.Provenance.Rows != 8 {
		t.Fatalf("provenance %+v", load.Provenance)
	}
	_, err = ReadSpells(path, SpellOptions{mode: modeGrouped})
	if err != errUngrouped {
		t.Fatalf("grouped-only mode on an ungrouped file: %v", err)
	}
	// Seekable reader: grouped attempt, then rewound; non-seekable: ungrouped directly.
	for name, rd := range map[string]io.Reader{
		"seekable": strings.NewReader(shuffled),
		"stream":   iotest.OneByteReader(strings.NewReader(shuffled)),
	} {
		load, err := AggregateSpells(rd, "u.csv", SpellOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := flows(load.Links); got != "A>B=1 B>C=1 C>B=1" || load.Provenance.SHA256 != "" || load.Provenance.Options["input_order"] != "ungrouped" {
			t.Fatalf("%s: got %q, provenance %+v", name, got, load.Provenance)
		}
	}
	// The grouped file through a seekable reader stays in grouped mode.
	load, err = AggregateSpells(strings.NewReader(spellsData), "g.csv", SpellOptions{})
	if err != nil || load.Provenance.Options["input_order"] != "grouped by worker" {
		t.Fatalf("%v %v", load.Provenance.Options, err)
	}
}

func TestSpellsPeriodsOrder(t *testing.T) {
	data := "w,p,i\n" +
		"a,10,X\na,9,Y\n" + // integers: 9 before 10, so Y>X
		"b,2010Q2,X\nb,2010Q1,Y\nb,2010Q3,Z\n" + // strings: Q1 Q2 Q3, so Y>X, X>Z
		"c,2010,X\nc,2010,Y\n" + // equal periods keep file order: X>Y
		"d,early,X\nd,2000,Y\n" // integers before other periods: Y>X
	load, err := ReadSpells(writeFile(t, "p.csv", data), SpellOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := flows(load.Links); got != "X>Y=1 X>Z=1 Y>X=3" {
		t.Fatalf("got %q", got)
	}
}

func TestSpellsRegion(t *testing.T) {
	data := "worker,year,sic,region\n" +
		"a,1,X,north\na,2,Y,north\na,3,Z,south\na,4,X,north\n"
	// Within north only X>Y counts: Y>Z and Z>X involve a southern spell; the
	// north spells 2 and 4 are not consecutive.
	load, err := ReadSpells(writeFile(t, "r.csv", data), SpellOptions{Region: "north"})
	if err != nil {
		t.Fatal(err)
	}
	if got := flows(load.Links); got != "X>Y=1" {
		t.Fatalf("got %q", got)
	}
	_, err = ReadSpells(writeFile(t, "r.csv", "w,p,i\na,1,X\n"), SpellOptions{Region: "north"})
	wantParseError(t, err, `column "region": expected a column "region" (region, needed to select region "north") in the header`)
}

func TestSpellsErrorsAndUnknown(t *testing.T) {
	cases := []struct{ data, want string }{
		{"w,p,i\na,1,X\n,2,Y\n", `s.csv:3: column "w": expected a worker ID, got ""`},
		{"w,p,i\na,,X\n", `s.csv:2: column "p": expected a period, got ""`},
		{"w,p,i\na,1\n", `s.csv:2: expected 3 fields as in the header, got 2`},
		{"w,p,i\na,1,\n", `s.csv:2: column "i": expected an industry code, got ""`},
		{"w,p\na,1\n", `s.csv:1: column "#3": expected at least 3 columns (industry is column 3)`},
	}
	for _, c := range cases {
		for _, mode := range []aggMode{modeGrouped, modeUngrouped} {
			_, err := ReadSpells(writeFile(t, "s.csv", c.data), SpellOptions{mode: mode})
			wantParseError(t, err, c.want)
		}
	}
	known := Known{"A": true, "B": true}
	_, err := ReadSpells(writeFile(t, "s.csv", spellsData), SpellOptions{Known: known, Layer: graphmodel.Layer{Classification: "K"}})
	wantParseError(t, err, `s.csv:5: column "industry": expected a code of classification "K", got "C"`)
	// Skipping C drops its spells: w1 A A B gives A>B; w2 keeps only B.
	load, err := ReadSpells(writeFile(t, "s.csv", spellsData), SpellOptions{Known: known, Unknown: UnknownSkip})
	if err != nil || flows(load.Links) != "A>B=1" || load.Provenance.Options["skipped_rows"] != "3" {
		t.Fatalf("%q %v %v", flows(load.Links), load.Provenance.Options, err)
	}
	_, err = ReadSpells(writeFile(t, "s.csv", spellsData), SpellOptions{Layer: graphmodel.Layer{Kind: graphmodel.KindRelatedness}})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("relatedness kind: %v", err)
	}
}

// referenceFlows computes flows the plain way: sort all rows by worker, then
// period (integers), stable; count industry changes between neighbours.
func referenceFlows(rows [][3]string) string {
	type r struct {
		w   string
		p   int
		ind string
		seq int
	}
	var rs []r
	for i, x := range rows {
		p, _ := strconv.Atoi(x[1])
		rs = append(rs, r{x[0], p, x[2], i})
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].w != rs[j].w {
			return rs[i].w < rs[j].w
		}
		return rs[i].p < rs[j].p
	})
	counts := map[[2]string]int{}
	for i := 1; i < len(rs); i++ {
		if rs[i].w == rs[i-1].w && rs[i].ind != rs[i-1].ind {
			counts[[2]string{rs[i-1].ind, rs[i].ind}]++
		}
	}
	var links []graphmodel.Link
	for k, c := range counts {
		links = append(links, graphmodel.Link{From: k[0], To: k[1], Count: float64(c)})
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].From != links[j].From {
			return links[i].From < links[j].From
		}
		return links[i].To < links[j].To
	})
	return flows(links)
}

func TestSpellsRandomAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 200; round++ {
		var rows [][3]string
		for w := 0; w < 1+rng.IntN(30); w++ {
			for s := 0; s < rng.IntN(8); s++ {
				rows = append(rows, [3]string{"w" + strconv.Itoa(w), strconv.Itoa(2000 + rng.IntN(6)), "I" + strconv.Itoa(rng.IntN(5))})
			}
		}
		if len(rows) == 0 {
			continue
		}
		want := referenceFlows(rows)
		if round%2 == 1 { // ungrouped half of the time
			rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
			want = referenceFlows(rows) // the shuffle changes file order among equal periods
		}
		var b strings.Builder
		b.WriteString("w,p,i\n")
		for _, r := range rows {
			b.WriteString(r[0] + "," + r[1] + "," + r[2] + "\n")
		}
		old := denseLimit
		if round%3 == 0 {
			denseLimit = 2 // exercise the sparse counts
		}
		load, err := AggregateSpells(strings.NewReader(b.String()), "r.csv", SpellOptions{})
		denseLimit = old
		if err != nil {
			t.Fatal(err)
		}
		if got := flows(load.Links); got != want {
			t.Fatalf("round %d: got %q, want %q\n%s", round, got, want, b.String())
		}
	}
}

// quoteAll rewrites CSV with every field quoted, to drive the slow path.
func quoteAll(data string) (string, bool) {
	r := csv.NewReader(strings.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return "", false
	}
	var b strings.Builder
	for _, rec := range recs {
		for i, f := range rec {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteByte('\n')
	}
	return b.String(), true
}

// FuzzSpells: no panics; grouped and ungrouped modes agree; the quoted
// (slow) CSV path agrees with the fast one; counts are positive integers.
func FuzzSpells(f *testing.F) {
	f.Add(spellsData, false)
	f.Add("w,p,i,r\na,1,X,n\na,2,Y,n\nb,1,X,s\na,3,X,n\n", true)
	f.Add("w;p;i\n\"a\";2010Q1;01.1\n\"a\";2010Q2;01.2\n", false)
	f.Fuzz(func(t *testing.T, data string, stayers bool) {
		opt := SpellOptions{Stayers: stayers, Codes: CodeFormat{Pad: 3}}
		if err := checkSpellOptions(&opt); err != nil {
			t.Fatal(err)
		}
		run := func(data string, mode aggMode) (graphmodel.LayerLoad, error) {
			src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
			if err != nil {
				return graphmodel.LayerLoad{}, err
			}
			return aggregateSpells(src, opt, mode)
		}
		slow, err := run(data, modeUngrouped)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		total := 0.0
		for _, l := range slow.Links {
			if !(l.Count >= 1) || l.Count != float64(int64(l.Count)) || (!stayers && l.From == l.To) {
				t.Fatalf("bad link %+v", l)
			}
			total += l.Count
		}
		if total > float64(slow.Provenance.Rows) {
			t.Fatalf("%v moves from %d rows", total, slow.Provenance.Rows)
		}
		fast, err := run(data, modeGrouped)
		if err != errUngrouped {
			if err != nil {
				t.Fatalf("grouped mode fails where ungrouped succeeds: %v", err)
			}
			if !reflect.DeepEqual(fast.Links, slow.Links) {
				t.Fatalf("grouped %v != ungrouped %v", fast.Links, slow.Links)
			}
		}
		if q, ok := quoteAll(data); ok && bytes.IndexByte([]byte(data), ',') >= 0 && slow.Provenance.Options["delimiter"] == "," {
			quoted, err := run(q, modeUngrouped)
			if err != nil {
				t.Fatalf("quoted input fails: %v\n%q", err, q)
			}
			if !reflect.DeepEqual(quoted.Links, slow.Links) {
				t.Fatalf("quoted %v != plain %v", quoted.Links, slow.Links)
			}
		}
	})
}

// TestSpellsUngroupedBatches reads a shuffled file of 12,000 rows (3,000
// workers of 4 spells, several of the 4,096-row batches interned on the
// second goroutine) and checks the flows against referenceFlows and the
// worker count; an empty worker ID on the last row is reported at its line.
func TestSpellsUngroupedBatches(t *testing.T) {
	var rows [][3]string
	for w := 0; w < 3000; w++ {
		for p := 0; p < 4; p++ {
			// industries cycle with w and p: code "0" + digit keeps a leading zero
			rows = append(rows, [3]string{fmt.Sprintf("w%d", w), strconv.Itoa(2000 + p), "0" + strconv.Itoa((w+p*p)%7)})
		}
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var b strings.Builder
	b.WriteString("w,p,i\n")
	for _, r := range rows {
		b.WriteString(r[0] + "," + r[1] + "," + r[2] + "\n")
	}
	want := referenceFlows(rows)
	for _, mode := range []aggMode{modeAuto, modeUngrouped} {
		load, err := AggregateSpells(strings.NewReader(b.String()), "s.csv", SpellOptions{mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if got := flows(load.Links); got != want {
			t.Fatalf("mode %d: flows %s, want %s", mode, got, want)
		}
		if load.Provenance.Options["workers"] != "3000" || load.Provenance.Options["input_order"] != "ungrouped" {
			t.Fatalf("mode %d: options %v", mode, load.Provenance.Options)
		}
	}
	bad := b.String() + ",2001,01\n" // line 1 header + 12,000 rows: the bad row is line 12002
	_, err := AggregateSpells(strings.NewReader(bad), "s.csv", SpellOptions{mode: modeUngrouped})
	wantParseError(t, err, `s.csv:12002: column "w": expected a worker ID, got ""`)
}
