package ingest

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

const patentsData = `patent_id,industry
p1,A
p1,B
p1,C
p2,B
p2,A
p2,A
p3,C
`

func coCounts(links []graphmodel.Link) string {
	var s []string
	for _, l := range links {
		s = append(s, fmt.Sprintf("%s-%s=%.4f", l.From, l.To, l.Count))
	}
	return strings.Join(s, " ")
}

func TestPatentsHandExample(t *testing.T) {
	// p1 {A,B,C}: pairs AB, AC, BC; p2 {A,B} (A repeated, counted once): AB; p3 one industry: nothing.
	// Full: AB 2, AC 1, BC 1.
	// Fractional: p1 has k=3, 3 pairs of 2/(3*2) = 1/3 each; p2 has k=2, one pair of 2/(2*1) = 1.
	// So AB 1+1/3, AC 1/3, BC 1/3, adding up to 2 (the two patents with pairs).
	for _, mode := range []aggMode{modeAuto, modeGrouped, modeUngrouped} {
		load, err := ReadPatents(writeFile(t, "p.csv", patentsData), PatentOptions{mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if got := coCounts(load.Links); got != "A-B=2.0000 A-C=1.0000 B-C=1.0000" {
			t.Fatalf("full: %s", got)
		}
		if load.Layer.Kind != graphmodel.KindCoOccurrence || load.Layer.Directed || load.Provenance.Options["patents"] != "3" {
			t.Fatalf("layer %+v options %v", load.Layer, load.Provenance.Options)
		}
		load, err = ReadPatents(writeFile(t, "p.csv", patentsData), PatentOptions{Fractional: true, mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if got := coCounts(load.Links); got != "A-B=1.3333 A-C=0.3333 B-C=0.3333" {
			t.Fatalf("fractional: %s", got)
		}
		total := 0.0
		for _, l := range load.Links {
			total += l.Count
		}
		if math.Abs(total-2) > 1e-12 {
			t.Fatalf("fractional total %v, want 2", total)
		}
	}
}

func TestPatentsUngrouped(t *testing.T) {
	data := "patent,sic\np1,Z\np2,A\np1,A\np2,B\np1,B\n"
	// p1 {Z,A,B}: AZ, BZ, AB; p2 {A,B}: AB. Undirected links have From < To.
	load, err := ReadPatents(writeFile(t, "p.csv", data), PatentOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := coCounts(load.Links); got != "A-B=2.0000 A-Z=1.0000 B-Z=1.0000" || load.Provenance.Options["input_order"] != "ungrouped" {
		t.Fatalf("got %s, options %v", got, load.Provenance.Options)
	}
	_, err = ReadPatents(writeFile(t, "p.csv", "patent,sic\n,A\n"), PatentOptions{})
	wantParseError(t, err, `p.csv:2: column "patent": expected a patent ID, got ""`)
	_, err = ReadPatents(writeFile(t, "p.csv", data), PatentOptions{Layer: graphmodel.Layer{Kind: graphmodel.KindFlows}})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("flows kind: %v", err)
	}
}

// FuzzPatents: no panics; grouped and ungrouped modes agree exactly; links
// are ordered pairs of distinct industries with positive counts; fractional
// counts add up to the number of patents with at least two industries.
func FuzzPatents(f *testing.F) {
	f.Add(patentsData, false)
	f.Add("p;i\n1;A\n2;B\n1;B\n1;C\n", true)
	f.Fuzz(func(t *testing.T, data string, fractional bool) {
		opt := PatentOptions{Fractional: fractional}
		if err := checkPatentOptions(&opt); err != nil {
			t.Fatal(err)
		}
		run := func(mode aggMode) (graphmodel.LayerLoad, error) {
			src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
			if err != nil {
				return graphmodel.LayerLoad{}, err
			}
			return aggregatePatents(src, opt, mode)
		}
		slow, err := run(modeUngrouped)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		total := 0.0
		for _, l := range slow.Links {
			if l.From >= l.To || !(l.Count > 0) {
				t.Fatalf("bad link %+v", l)
			}
			total += l.Count
		}
		if fractional {
			var multi float64
			fmt.Sscan(slow.Provenance.Options["patents_with_pairs"], &multi)
			if math.Abs(total-multi) > 1e-9*(1+multi) {
				t.Fatalf("fractional total %v, want %v", total, multi)
			}
		}
		fast, err := run(modeGrouped)
		if err != errUngrouped {
			if err != nil {
				t.Fatalf("grouped fails where ungrouped succeeds: %v", err)
			}
			if !reflect.DeepEqual(fast.Links, slow.Links) {
				t.Fatalf("grouped %v != ungrouped %v", fast.Links, slow.Links)
			}
		}
	})
}
