// Package storetest is the conformance suite of graphmodel.Store: every
// implementation runs Run with the same small inputs and must give the same
// answers. The expected values are worked out by hand in the comments next to
// the inputs. The outcomes it checks are the ones the doc comments of
// graphmodel's Reader, Loader, Pinger, HypothesisStore, DomainNameStore and BoundaryStore list (orderings, merged neighbours,
// what is ENOTFOUND, EINVALID or ECONFLICT and with which Field, all-or-nothing
// loads), so a change of contract changes both.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// Run runs the conformance suite. open must return a new, empty store for
// each call; Run closes it.
func Run(t *testing.T, open func(t *testing.T) graphmodel.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s graphmodel.Store)
	}{
		{"EmptyStore", testEmptyStore},
		{"IndustriesRoundTrip", testIndustriesRoundTrip},
		{"InvalidIndustries", testInvalidIndustries},
		{"Layers", testLayers},
		{"LinksRoundTrip", testLinksRoundTrip},
		{"NeighboursDirected", testNeighboursDirected},
		{"NeighboursUndirected", testNeighboursUndirected},
		{"NeighboursErrors", testNeighboursErrors},
		{"LinkEvidence", testLinkEvidence},
		{"RegionalRoundTrip", testRegionalRoundTrip},
		{"ProvenanceRoundTrip", testProvenanceRoundTrip},
		{"ReplaceOnReload", testReplaceOnReload},
		{"AllOrNothing", testAllOrNothing},
		{"Version", testVersion},
		{"ConflictOnShrinkingClassification", testConflict},
		{"AutoCreateIndustries", testAutoCreate},
		{"StrangeStringsAreData", testStrangeStrings},
		{"ConcurrentReaders", testConcurrentReaders},
		{"ReadersDuringReload", testReadersDuringReload},
		{"HypothesisRoundTrip", testHypothesisRoundTrip},
		{"HypothesisInvalid", testHypothesisInvalid},
		{"HypothesisUpdate", testHypothesisUpdate},
		{"HypothesisDelete", testHypothesisDelete},
		{"HypothesisConcurrentUpdates", testHypothesisConcurrentUpdates},
		{"HypothesesAcrossLoads", testHypothesesAcrossLoads},
		{"DomainNames", testDomainNames},
		{"Boundaries", testBoundaries},
		{"SnapshotBlobs", testSnapshotBlobs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// ---- fixtures ----

const (
	flat    = "FLAT"
	flowsP1 = "2010-2014"
	flowsP2 = "2015-2019"
)

func prov(src string) graphmodel.Provenance {
	return graphmodel.Provenance{Source: src, SHA256: strings.Repeat("ab", 32), Rows: 3,
		LoadedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// toyLoad is a three-level classification given out of order.
// Ordered by level, then code: A, B, 01, 05, 011, 012, 051.
func toyLoad() graphmodel.IndustriesLoad {
	return graphmodel.IndustriesLoad{
		Provenance:     prov("toy.csv"),
		Classification: graphmodel.Classification{Name: "TOY", Levels: []string{"section", "division", "class"}},
		Industries: []graphmodel.Industry{
			{Code: "011", Name: "Cereals", Parent: "01", Level: 2},
			{Code: "A", Name: "Agriculture", Level: 0},
			{Code: "05", Name: "Coal", Parent: "B", Level: 1},
			{Code: "051", Name: "Hard coal", Parent: "05", Level: 2},
			{Code: "01", Name: "Crops", Parent: "A", Level: 1},
			{Code: "B", Name: "Mining", Level: 0},
			{Code: "012", Name: "Vegetables", Parent: "01", Level: 2},
		},
	}
}

// flatLoad is a one-level classification with codes a..g (and extra codes).
func flatLoad(extra ...string) graphmodel.IndustriesLoad {
	l := graphmodel.IndustriesLoad{
		Provenance:     prov("flat.csv"),
		Classification: graphmodel.Classification{Name: flat, Levels: []string{"class"}},
	}
	for _, c := range append([]string{"a", "b", "c", "d", "e", "f", "g"}, extra...) {
		l.Industries = append(l.Industries, graphmodel.Industry{Code: c, Name: "Industry " + c})
	}
	return l
}

// flowsLinks is the directed layer flows@2010-2014, threshold 1.0.
// 8 links over the 6 industries a..f (g has no links).
func flowsLinks() []graphmodel.Link {
	return []graphmodel.Link{
		{From: "a", To: "b", Count: 10, Value: 2.0},
		{From: "b", To: "a", Count: 4, Value: 0.5},
		{From: "a", To: "c", Count: 3, Value: 1.5},
		{From: "d", To: "a", Count: 7, Value: 3.0},
		{From: "a", To: "a", Count: 100, Value: 9.0}, // self-link
		{From: "b", To: "c", Count: 5, Value: 4.0},
		{From: "e", To: "a", Count: 1, Value: 0.8},
		{From: "a", To: "f", Count: 2, Value: 1.5},
	}
}

func flowsLayer(period string) graphmodel.Layer {
	return graphmodel.Layer{Name: "flows", Period: period, Kind: graphmodel.KindFlows, Classification: flat,
		Directed: true, Method: "test", Threshold: 1.0}
}

func flowsLoad() graphmodel.LayerLoad {
	return graphmodel.LayerLoad{Provenance: prov("flows.csv"), Layer: flowsLayer(flowsP1), Links: flowsLinks()}
}

// flowsLoad2 is flows@2015-2019: one link a→b, count 1, value 5.
func flowsLoad2() graphmodel.LayerLoad {
	return graphmodel.LayerLoad{Provenance: prov("flows2.csv"), Layer: flowsLayer(flowsP2),
		Links: []graphmodel.Link{{From: "a", To: "b", Count: 1, Value: 5}}}
}

// coocLoad is the undirected layer cooc@2010, threshold 0. (b,a) is given
// reversed and must be stored as (a,b); (c,b) as (b,c). 4 links over a, b, c.
func coocLoad() graphmodel.LayerLoad {
	return graphmodel.LayerLoad{
		Provenance: prov("cooc.csv"),
		Layer: graphmodel.Layer{Name: "cooc", Period: "2010", Kind: graphmodel.KindCoOccurrence, Classification: flat,
			Directed: false, Threshold: 0},
		Links: []graphmodel.Link{
			{From: "b", To: "a", Count: 6, Value: 0.6},
			{From: "a", To: "c", Count: 2, Value: 0.2},
			{From: "c", To: "c", Count: 5, Value: 0.5},
			{From: "c", To: "b", Count: 1, Value: 0},
		},
	}
}

var employment2015 = graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: flat, Period: "2015"}

func regionalLoad() graphmodel.RegionalLoad {
	return graphmodel.RegionalLoad{
		Provenance: prov("employment.csv"),
		Set:        employment2015,
		Regions:    []graphmodel.Region{{ID: "UKD", Name: "North West"}, {ID: "UKC", Name: "North East"}},
		Values: []graphmodel.RegionalValue{
			{Region: "UKD", Industry: "a", Value: 10},
			{Region: "UKC", Industry: "b", Value: 20},
			{Region: "UKC", Industry: "a", Value: 5.5},
			{Region: "UKD", Industry: "g", Value: 0},
		},
	}
}

// ---- helpers ----

func wantCode(t *testing.T, err error, code string, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := graphmodel.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q (error: %v)", got, code, err)
	}
	msg := graphmodel.ErrorMessage(err)
	for _, c := range contains {
		if !strings.Contains(msg, c) {
			t.Errorf("error message %q does not contain %q", msg, c)
		}
	}
}

// wantField fails unless err names the load's field (graphmodel.Error.Field).
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if got := graphmodel.ErrorField(err); got != field {
		t.Errorf("error %q names field %q, want %q", graphmodel.ErrorMessage(err), got, field)
	}
}

// result holds the two results of a call, so that get(s.Version(ctx)).ok(t)
// fails the test on error.
type result[T any] struct {
	v   T
	err error
}

func get[T any](v T, err error) result[T] { return result[T]{v, err} }

func (r result[T]) ok(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v", r.err)
	}
	return r.v
}

func loadInd(t *testing.T, s graphmodel.Store, l graphmodel.IndustriesLoad) graphmodel.Dataset {
	t.Helper()
	return get(s.LoadIndustries(t.Context(), l)).ok(t)
}

func loadLayer(t *testing.T, s graphmodel.Store, l graphmodel.LayerLoad) graphmodel.Dataset {
	t.Helper()
	return get(s.LoadLayer(t.Context(), l)).ok(t)
}

func loadRegional(t *testing.T, s graphmodel.Store, l graphmodel.RegionalLoad) graphmodel.Dataset {
	t.Helper()
	return get(s.LoadRegional(t.Context(), l)).ok(t)
}

// loadAll loads FLAT, flows (both periods), cooc and the regional set.
func loadAll(t *testing.T, s graphmodel.Store) {
	t.Helper()
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad())
	loadLayer(t, s, flowsLoad2())
	loadLayer(t, s, coocLoad())
	loadRegional(t, s, regionalLoad())
}

func sortLinks(ls []graphmodel.Link) []graphmodel.Link {
	slices.SortFunc(ls, func(a, b graphmodel.Link) int {
		return strings.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To)
	})
	return ls
}

func links(t *testing.T, s graphmodel.Store, name, period string) []graphmodel.Link {
	t.Helper()
	var out []graphmodel.Link
	if err := s.Links(t.Context(), name, period, func(l graphmodel.Link) error {
		out = append(out, l)
		return nil
	}); err != nil {
		t.Fatalf("Links(%q, %q): %v", name, period, err)
	}
	return sortLinks(out)
}

// nb is the expected part of a Neighbour.
type nb struct {
	code  string
	count float64
	value float64
	dir   string
}

func neighbours(t *testing.T, s graphmodel.Store, q graphmodel.NeighbourQuery) []graphmodel.Neighbour {
	t.Helper()
	return get(s.Neighbours(t.Context(), q)).ok(t)
}

func checkNeighbours(t *testing.T, s graphmodel.Store, q graphmodel.NeighbourQuery, want []nb) {
	t.Helper()
	got := neighbours(t, s, q)
	var g []nb
	for _, n := range got {
		g = append(g, nb{n.Code, n.Count, n.Value, n.Direction})
	}
	if !reflect.DeepEqual(g, want) {
		t.Fatalf("Neighbours(%+v) = %+v, want %+v", q, g, want)
	}
}

func ptr(f float64) *float64 { return &f }

// dump is everything a store holds, read through the interface.
type dump struct {
	Version         int64
	Datasets        []graphmodel.Dataset
	Classifications []graphmodel.Classification
	Industries      map[string][]graphmodel.Industry
	Layers          []graphmodel.Layer
	Links           map[string][]graphmodel.Link
	Regions         []graphmodel.Region
	Sets            []graphmodel.RegionalSet
	Values          map[string][]graphmodel.RegionalValue
}

func takeDump(t *testing.T, s graphmodel.Store) dump {
	t.Helper()
	ctx := t.Context()
	d := dump{Industries: map[string][]graphmodel.Industry{}, Links: map[string][]graphmodel.Link{},
		Values: map[string][]graphmodel.RegionalValue{}}
	d.Version = get(s.Version(ctx)).ok(t)
	d.Datasets = get(s.Datasets(ctx)).ok(t)
	d.Classifications = get(s.Classifications(ctx)).ok(t)
	for _, c := range d.Classifications {
		d.Industries[c.Name] = get(s.Industries(ctx, c.Name)).ok(t)
	}
	d.Layers = get(s.Layers(ctx)).ok(t)
	for _, l := range d.Layers {
		d.Links[l.Key()] = links(t, s, l.Name, l.Period)
	}
	d.Regions = get(s.Regions(ctx)).ok(t)
	d.Sets = get(s.RegionalSets(ctx)).ok(t)
	for _, set := range d.Sets {
		d.Values[set.Key()] = get(s.RegionalValues(ctx, set)).ok(t)
	}
	return d
}

// sameDump fails t when a store dump changed between before and after.
func sameDump[D any](t *testing.T, what string, before, after D) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("%s changed the store:\nbefore: %+v\nafter:  %+v", what, before, after)
	}
}

// badEdit is an edit that makes a valid input invalid, and the Field its
// EINVALID error names.
type badEdit[T any] struct {
	field string
	edit  func(*T)
}

// wantBadEdits loads each edit of a fresh valid() input with load, in
// subtest "bad<i>", and wants EINVALID naming the edit's field.
func wantBadEdits[T any](t *testing.T, valid func() T, load func(T) error, bad []badEdit[T]) {
	t.Helper()
	for i, b := range bad {
		in := valid()
		b.edit(&in)
		err := load(in)
		t.Run(fmt.Sprint("bad", i), func(t *testing.T) {
			wantCode(t, err, graphmodel.EINVALID)
			wantField(t, err, b.field)
		})
	}
}

// ---- tests ----

func testEmptyStore(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	d := takeDump(t, s)
	if len(d.Datasets)+len(d.Classifications)+len(d.Layers)+len(d.Regions)+len(d.Sets) != 0 {
		t.Fatalf("new store is not empty: %+v", d)
	}
	_, err := s.Layer(ctx, "labour", "")
	wantCode(t, err, graphmodel.ENOTFOUND, "labour")
	_, err = s.Industries(ctx, "SIC2007")
	wantCode(t, err, graphmodel.ENOTFOUND, "SIC2007")
	_, err = s.Industry(ctx, "SIC2007", "8610")
	wantCode(t, err, graphmodel.ENOTFOUND, "SIC2007")
	err = s.Links(ctx, "labour", "", func(graphmodel.Link) error { return nil })
	wantCode(t, err, graphmodel.ENOTFOUND, "labour")
	_, err = s.RegionalValues(ctx, employment2015)
	wantCode(t, err, graphmodel.ENOTFOUND, employment2015.Key())
}

func testIndustriesRoundTrip(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	ds := loadInd(t, s, toyLoad())
	if ds.Kind != graphmodel.DatasetIndustries || ds.Target != "TOY" || ds.Records != 7 || ds.ID == 0 {
		t.Errorf("dataset = %+v, want kind industries, target TOY, 7 records, an ID", ds)
	}
	got := get(s.Industries(ctx, "TOY")).ok(t)
	var codes []string
	for _, ind := range got {
		codes = append(codes, ind.Code)
		if ind.Classification != "TOY" {
			t.Errorf("industry %q has classification %q, want TOY", ind.Code, ind.Classification)
		}
	}
	if want := []string{"A", "B", "01", "05", "011", "012", "051"}; !slices.Equal(codes, want) {
		t.Fatalf("Industries order = %v, want %v (by level, then code)", codes, want)
	}
	want := graphmodel.Industry{Classification: "TOY", Code: "051", Name: "Hard coal", Parent: "05", Level: 2}
	if g := get(s.Industry(ctx, "TOY", "051")).ok(t); g != want {
		t.Errorf("Industry(TOY, 051) = %+v, want %+v", g, want)
	}
	want = graphmodel.Industry{Classification: "TOY", Code: "A", Name: "Agriculture", Level: 0}
	if g := get(s.Industry(ctx, "TOY", "A")).ok(t); g != want {
		t.Errorf("Industry(TOY, A) = %+v, want %+v", g, want)
	}
	_, err := s.Industry(ctx, "TOY", "099")
	wantCode(t, err, graphmodel.ENOTFOUND, `"099"`)
	cs := get(s.Classifications(ctx)).ok(t)
	if len(cs) != 1 || cs[0].Name != "TOY" || cs[0].Industries != 7 ||
		!slices.Equal(cs[0].Levels, []string{"section", "division", "class"}) {
		t.Fatalf("Classifications = %+v, want TOY with 3 levels and 7 industries", cs)
	}
	// A second classification is independent and listed by name.
	loadInd(t, s, flatLoad())
	cs = get(s.Classifications(ctx)).ok(t)
	if len(cs) != 2 || cs[0].Name != flat || cs[0].Industries != 7 || cs[1].Name != "TOY" {
		t.Fatalf("Classifications = %+v, want FLAT (7 industries) then TOY", cs)
	}
}

func testInvalidIndustries(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, toyLoad())
	before := takeDump(t, s)
	cases := []struct {
		name     string
		edit     func(l *graphmodel.IndustriesLoad)
		contains []string
	}{ // every case's Field is "industries" but for the empty classification's
		{"duplicate code", func(l *graphmodel.IndustriesLoad) {
			l.Industries = append(l.Industries, graphmodel.Industry{Code: "011", Name: "again", Parent: "01", Level: 2})
		}, []string{`"011"`}},
		{"missing parent", func(l *graphmodel.IndustriesLoad) {
			l.Industries = append(l.Industries, graphmodel.Industry{Code: "061", Name: "Oil", Parent: "06", Level: 2})
		}, []string{`"061"`, `"06"`}},
		{"empty code", func(l *graphmodel.IndustriesLoad) {
			l.Industries = append(l.Industries, graphmodel.Industry{Name: "no code"})
		}, nil},
		{"empty classification", func(l *graphmodel.IndustriesLoad) { l.Classification.Name = "" }, nil},
		{"level beyond the levels", func(l *graphmodel.IndustriesLoad) {
			l.Industries = append(l.Industries, graphmodel.Industry{Code: "0111", Name: "Wheat", Parent: "011", Level: 3})
		}, []string{`"0111"`}},
		{"parent not above child", func(l *graphmodel.IndustriesLoad) {
			l.Industries = append(l.Industries, graphmodel.Industry{Code: "013", Name: "Fruit", Parent: "012", Level: 2})
		}, []string{`"013"`}},
	}
	for _, c := range cases {
		l := toyLoad()
		c.edit(&l)
		_, err := s.LoadIndustries(ctx, l)
		field := "industries"
		if l.Classification.Name == "" {
			field = "classification"
		}
		t.Run(c.name, func(t *testing.T) {
			wantCode(t, err, graphmodel.EINVALID, c.contains...)
			wantField(t, err, field)
		})
	}
	sameDump(t, "invalid industry loads", before, takeDump(t, s))
}

func testLayers(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	d1 := loadLayer(t, s, flowsLoad())
	d2 := loadLayer(t, s, flowsLoad2())
	d3 := loadLayer(t, s, coocLoad())
	if d1.Kind != graphmodel.DatasetLayer || d1.Target != "flows@2010-2014" || d1.Records != 8 {
		t.Errorf("dataset = %+v, want kind layer, target flows@2010-2014, 8 records", d1)
	}
	// flows@2010-2014: 8 links over a..f = 6 nodes; flows@2015-2019: 1 link
	// a→b = 2 nodes; cooc@2010: 4 links over a, b, c = 3 nodes.
	want := []graphmodel.Layer{
		{Name: "cooc", Period: "2010", Kind: graphmodel.KindCoOccurrence, Classification: flat, Directed: false,
			Threshold: 0, Links: 4, Nodes: 3, Dataset: d3.ID, Version: d3.Version},
		{Name: "flows", Period: flowsP1, Kind: graphmodel.KindFlows, Classification: flat, Directed: true, Method: "test",
			Threshold: 1, Links: 8, Nodes: 6, Dataset: d1.ID, Version: d1.Version},
		{Name: "flows", Period: flowsP2, Kind: graphmodel.KindFlows, Classification: flat, Directed: true, Method: "test",
			Threshold: 1, Links: 1, Nodes: 2, Dataset: d2.ID, Version: d2.Version},
	}
	if got := get(s.Layers(ctx)).ok(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("Layers =\n%+v\nwant\n%+v", got, want)
	}
	if got := get(s.Layer(ctx, "flows", "")).ok(t); !reflect.DeepEqual(got, want[2]) {
		t.Errorf("Layer(flows, \"\") = %+v, want the latest period %+v", got, want[2])
	}
	if got := get(s.Layer(ctx, "flows", flowsP1)).ok(t); !reflect.DeepEqual(got, want[1]) {
		t.Errorf("Layer(flows, %s) = %+v, want %+v", flowsP1, got, want[1])
	}
	if got := get(s.Layer(ctx, "cooc", "")).ok(t); !reflect.DeepEqual(got, want[0]) {
		t.Errorf("Layer(cooc, \"\") = %+v, want %+v", got, want[0])
	}
	_, err := s.Layer(ctx, "flows", "2000")
	wantCode(t, err, graphmodel.ENOTFOUND, "2000", flowsP1, flowsP2)
	_, err = s.Layer(ctx, "labour", "")
	wantCode(t, err, graphmodel.ENOTFOUND, "labour", "cooc", "flows")

	// Malformed layers are EINVALID.
	wantBadEdits(t, func() graphmodel.LayerLoad {
		l := flowsLoad()
		l.Layer.Period = "2099"
		return l
	}, func(l graphmodel.LayerLoad) error { _, err := s.LoadLayer(ctx, l); return err }, []badEdit[graphmodel.LayerLoad]{
		{"layer", func(l *graphmodel.LayerLoad) { l.Layer.Name = "" }},
		{"period", func(l *graphmodel.LayerLoad) { l.Layer.Period = "" }},
		{"kind", func(l *graphmodel.LayerLoad) { l.Layer.Kind = "friendship" }},
		{"threshold", func(l *graphmodel.LayerLoad) { l.Layer.Threshold = math.NaN() }},
		{"links", func(l *graphmodel.LayerLoad) { l.Links[0].Value = math.Inf(1) }},
		{"links", func(l *graphmodel.LayerLoad) { l.Links[0].Count = math.NaN() }},
		{"links", func(l *graphmodel.LayerLoad) { l.Links[0].From = "" }},
		{"links", func(l *graphmodel.LayerLoad) {
			l.Links = append(l.Links, graphmodel.Link{From: "a", To: "b", Count: 1, Value: 1})
		}},
	})
	if n := len(get(s.Layers(ctx)).ok(t)); n != 3 {
		t.Errorf("after failed loads there are %d layers, want 3", n)
	}
}

func testLinksRoundTrip(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad())
	loadLayer(t, s, coocLoad())
	if got, want := links(t, s, "flows", flowsP1), sortLinks(flowsLinks()); !reflect.DeepEqual(got, want) {
		t.Errorf("flows links =\n%+v\nwant\n%+v", got, want)
	}
	// Undirected: stored with From < To.
	want := []graphmodel.Link{
		{From: "a", To: "b", Count: 6, Value: 0.6},
		{From: "a", To: "c", Count: 2, Value: 0.2},
		{From: "b", To: "c", Count: 1, Value: 0},
		{From: "c", To: "c", Count: 5, Value: 0.5},
	}
	if got := links(t, s, "cooc", ""); !reflect.DeepEqual(got, want) {
		t.Errorf("cooc links =\n%+v\nwant\n%+v", got, want)
	}
	// Links stops at the first error of fn and returns it.
	stop := errors.New("stop here")
	calls := 0
	err := s.Links(ctx, "flows", flowsP1, func(graphmodel.Link) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Links with a failing callback: err %v after %d calls, want %v after 1 call", err, calls, stop)
	}
	err = s.Links(ctx, "flows", "1999", func(graphmodel.Link) error { return nil })
	wantCode(t, err, graphmodel.ENOTFOUND, "1999")
}

func testNeighboursDirected(t *testing.T, s graphmodel.Store) {
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad())
	q := graphmodel.NeighbourQuery{Layer: "flows", Period: flowsP1, Code: "a"}
	// Links touching a (self-link a→a excluded):
	//   d: d→a 7/3.0                     → in,   count 7,  value 3.0
	//   b: a→b 10/2.0 and b→a 4/0.5      → both, count 14, value max(2.0, 0.5) = 2.0
	//   c: a→c 3/1.5                     → out,  count 3,  value 1.5
	//   f: a→f 2/1.5                     → out,  count 2,  value 1.5 (tie with c: by code)
	//   e: e→a 1/0.8                     → in,   count 1,  value 0.8, not above the threshold 1.0
	all := []nb{{"d", 7, 3, "in"}, {"b", 14, 2, "both"}, {"c", 3, 1.5, "out"}, {"f", 2, 1.5, "out"}}
	checkNeighbours(t, s, q, all)

	got := neighbours(t, s, q)
	if got[0].Industry != (graphmodel.Industry{Classification: flat, Code: "d", Name: "Industry d"}) {
		t.Errorf("neighbour industry = %+v, want FLAT d named \"Industry d\"", got[0].Industry)
	}

	q.Top = 2
	checkNeighbours(t, s, q, all[:2])
	q.Top = 0
	q.Min = ptr(0) // e (0.8) now passes
	checkNeighbours(t, s, q, append(slices.Clone(all), nb{"e", 1, 0.8, "in"}))
	q.Min = ptr(1.5) // strictly greater: c and f (1.5) drop
	checkNeighbours(t, s, q, all[:2])
	q.Min = ptr(100) // nothing above; the self-link's 9.0 never counts
	checkNeighbours(t, s, q, nil)

	// b: b→c 5/4.0 → out; a→b and b→a → both, 14, 2.0.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Code: "b"},
		[]nb{{"c", 5, 4, "out"}, {"a", 14, 2, "both"}})
	// c: b→c 5/4.0 and a→c 3/1.5, both incoming.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Code: "c"},
		[]nb{{"b", 5, 4, "in"}, {"a", 3, 1.5, "in"}})
	// g is an industry without links: no neighbours, no error.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Code: "g"}, nil)

	// Period "" uses the latest period: flows@2015-2019 has only a→b 1/5.
	loadLayer(t, s, flowsLoad2())
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Code: "a"}, []nb{{"b", 1, 5, "out"}})
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Code: "b"}, []nb{{"a", 1, 5, "in"}})
}

func testNeighboursUndirected(t *testing.T, s graphmodel.Store) {
	loadInd(t, s, flatLoad())
	loadLayer(t, s, coocLoad())
	// Stored pairs: (a,b) 6/0.6, (a,c) 2/0.2, (b,c) 1/0, (c,c) 5/0.5; threshold 0.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "cooc", Code: "a"},
		[]nb{{"b", 6, 0.6, "both"}, {"c", 2, 0.2, "both"}})
	// b: a 0.6; c has value 0, not above 0.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "cooc", Code: "b"}, []nb{{"a", 6, 0.6, "both"}})
	// c: a 0.2; b dropped at 0; the self-link never.
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "cooc", Code: "c"}, []nb{{"a", 2, 0.2, "both"}})
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "cooc", Code: "c", Min: ptr(-1)},
		[]nb{{"a", 2, 0.2, "both"}, {"b", 1, 0, "both"}})
}

// evidenceLoad is flows@2020 with link evidence: a→b and b→a carry
// different p- and q-values, a→c has q = 0 (a p-value that underflowed).
func evidenceLoad() graphmodel.LayerLoad {
	ly := flowsLayer("2020")
	ly.Evidence = true
	return graphmodel.LayerLoad{Provenance: prov("evidence.csv"), Layer: ly, Links: []graphmodel.Link{
		{From: "a", To: "b", Count: 10, Value: 2.0, PValue: 0.01, QValue: 0.04},
		{From: "b", To: "a", Count: 4, Value: 0.5, PValue: 0.3, QValue: 0.02},
		{From: "a", To: "c", Count: 30, Value: 1.5, PValue: 0, QValue: 0},
		{From: "a", To: "a", Count: 100, Value: 9.0, PValue: 1, QValue: 1},
	}}
}

// testLinkEvidence: a layer's Evidence and its links' p- and q-values round
// trip; Neighbours gives each neighbour the smaller p and q of its two
// directions, and no p or q on a layer without evidence.
func testLinkEvidence(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad())
	l := evidenceLoad()
	loadLayer(t, s, l)
	if ly := get(s.Layer(ctx, "flows", "2020")).ok(t); !ly.Evidence {
		t.Errorf("Layer(flows, 2020).Evidence = false, want true")
	}
	if ly := get(s.Layer(ctx, "flows", flowsP1)).ok(t); ly.Evidence {
		t.Errorf("Layer(flows, %s).Evidence = true, want false", flowsP1)
	}
	if got, want := links(t, s, "flows", "2020"), sortLinks(evidenceLoad().Links); !reflect.DeepEqual(got, want) {
		t.Errorf("links with evidence =\n%+v\nwant\n%+v", got, want)
	}
	got := neighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Period: "2020", Code: "a"})
	// b: a→b (p 0.01, q 0.04) and b→a (p 0.3, q 0.02) → p 0.01, q 0.02; c: p = q = 0.
	want := map[string][2]float64{"b": {0.01, 0.02}, "c": {0, 0}}
	if len(got) != len(want) {
		t.Fatalf("Neighbours of a on flows@2020 = %+v, want b and c", got)
	}
	for _, n := range got {
		w := want[n.Code]
		if n.PValue == nil || n.QValue == nil || *n.PValue != w[0] || *n.QValue != w[1] {
			t.Errorf("neighbour %s: p %v, q %v, want %v and %v", n.Code, n.PValue, n.QValue, w[0], w[1])
		}
	}
	for _, n := range neighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Period: flowsP1, Code: "a"}) {
		if n.PValue != nil || n.QValue != nil {
			t.Errorf("neighbour %s on a layer without evidence has p %v, q %v, want none", n.Code, n.PValue, n.QValue)
		}
	}
	// Evidence outside [0, 1], evidence on a layer without it, or a
	// relatedness layer with evidence is EINVALID and loads nothing.
	before := takeDump(t, s)
	wantBadEdits(t, evidenceLoad, func(l graphmodel.LayerLoad) error { _, err := s.LoadLayer(ctx, l); return err }, []badEdit[graphmodel.LayerLoad]{
		{"links", func(l *graphmodel.LayerLoad) { l.Links[0].QValue = 1.5 }},
		{"links", func(l *graphmodel.LayerLoad) { l.Links[1].PValue = math.NaN() }},
		{"links", func(l *graphmodel.LayerLoad) { l.Layer.Evidence = false }},
		{"evidence", func(l *graphmodel.LayerLoad) { l.Layer.Kind = graphmodel.KindRelatedness }},
	})
	sameDump(t, "after invalid evidence", before, takeDump(t, s))
}

func testNeighboursErrors(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad())
	_, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "flows", Code: "zz"})
	wantCode(t, err, graphmodel.ENOTFOUND, `"zz"`)
	_, err = s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "labour", Code: "a"})
	wantCode(t, err, graphmodel.ENOTFOUND, "labour", "flows")
	_, err = s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "flows", Period: "1990", Code: "a"})
	wantCode(t, err, graphmodel.ENOTFOUND, "1990", flowsP1)
}

func testRegionalRoundTrip(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	ds := loadRegional(t, s, regionalLoad())
	if ds.Kind != graphmodel.DatasetRegional || ds.Target != "employment:FLAT@2015" || ds.Records != 4 {
		t.Errorf("dataset = %+v, want kind regional, target employment:FLAT@2015, 4 records", ds)
	}
	wantRegions := []graphmodel.Region{{ID: "UKC", Name: "North East"}, {ID: "UKD", Name: "North West"}}
	if got := get(s.Regions(ctx)).ok(t); !reflect.DeepEqual(got, wantRegions) {
		t.Errorf("Regions = %+v, want %+v", got, wantRegions)
	}
	if got := get(s.RegionalSets(ctx)).ok(t); !reflect.DeepEqual(got, []graphmodel.RegionalSet{employment2015}) {
		t.Errorf("RegionalSets = %+v, want [%+v]", got, employment2015)
	}
	wantValues := []graphmodel.RegionalValue{ // by region, then industry
		{Region: "UKC", Industry: "a", Value: 5.5},
		{Region: "UKC", Industry: "b", Value: 20},
		{Region: "UKD", Industry: "a", Value: 10},
		{Region: "UKD", Industry: "g", Value: 0},
	}
	if got := get(s.RegionalValues(ctx, employment2015)).ok(t); !reflect.DeepEqual(got, wantValues) {
		t.Errorf("RegionalValues = %+v, want %+v", got, wantValues)
	}
	// A second set of another measure; values may name regions stored earlier.
	patents := graphmodel.RegionalSet{Measure: graphmodel.MeasurePatents, Classification: flat, Period: "2015"}
	loadRegional(t, s, graphmodel.RegionalLoad{Provenance: prov("patents.csv"), Set: patents,
		Values: []graphmodel.RegionalValue{{Region: "UKD", Industry: "c", Value: 3}}})
	if got := get(s.RegionalSets(ctx)).ok(t); !reflect.DeepEqual(got, []graphmodel.RegionalSet{employment2015, patents}) {
		t.Errorf("RegionalSets = %+v, want employment then patents", got)
	}
	// Publications (the science basis) are a third measure with the same rules.
	pubs := graphmodel.RegionalSet{Measure: graphmodel.MeasurePublications, Classification: flat, Period: "2015"}
	loadRegional(t, s, graphmodel.RegionalLoad{Provenance: prov("publications.csv"), Set: pubs,
		Values: []graphmodel.RegionalValue{{Region: "UKC", Industry: "a", Value: 12}, {Region: "UKD", Industry: "b", Value: 0.5}}})
	if got := get(s.RegionalSets(ctx)).ok(t); !reflect.DeepEqual(got, []graphmodel.RegionalSet{employment2015, patents, pubs}) {
		t.Errorf("RegionalSets = %+v, want employment, patents, publications", got)
	}
	if got := get(s.RegionalValues(ctx, pubs)).ok(t); !reflect.DeepEqual(got, []graphmodel.RegionalValue{{Region: "UKC", Industry: "a", Value: 12}, {Region: "UKD", Industry: "b", Value: 0.5}}) {
		t.Errorf("publications values = %+v", got)
	}
	if got := get(s.RegionalValues(ctx, patents)).ok(t); !reflect.DeepEqual(got, []graphmodel.RegionalValue{{Region: "UKD", Industry: "c", Value: 3}}) {
		t.Errorf("patents values after loading publications = %+v, want them unchanged", got)
	}
	_, err := s.RegionalValues(ctx, graphmodel.RegionalSet{Measure: graphmodel.MeasurePatents, Classification: flat, Period: "1999"})
	wantCode(t, err, graphmodel.ENOTFOUND, "1999")

	before := takeDump(t, s)
	wantBadEdits(t, regionalLoad, func(l graphmodel.RegionalLoad) error { _, err := s.LoadRegional(ctx, l); return err }, []badEdit[graphmodel.RegionalLoad]{
		{"values", func(l *graphmodel.RegionalLoad) { l.Values[1].Industry = "zz" }},
		{"values", func(l *graphmodel.RegionalLoad) { l.Values[1].Region = "UKZ" }},
		{"values", func(l *graphmodel.RegionalLoad) { l.Values = append(l.Values, l.Values[0]) }},
		{"values", func(l *graphmodel.RegionalLoad) { l.Values[0].Value = math.NaN() }},
		{"measure", func(l *graphmodel.RegionalLoad) { l.Set.Measure = "rainfall" }},
		{"regions", func(l *graphmodel.RegionalLoad) { l.Regions[0].ID = "" }},
		{"add_industries", func(l *graphmodel.RegionalLoad) {
			l.AddIndustries = []graphmodel.Industry{{Code: "h", Parent: "nope", Level: 1}}
		}},
	})
	sameDump(t, "invalid regional loads", before, takeDump(t, s))
}

func testProvenanceRoundTrip(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	at := time.Date(2024, 3, 1, 12, 30, 45, 123456789, time.FixedZone("CET", 3600))
	p := graphmodel.Provenance{
		Source:   "data/flat industries.csv.gz",
		SHA256:   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Rows:     1234567,
		Options:  map[string]string{"min_count": "10", "symmetrise": "false", `we"ird`: "va`l})"},
		LoadedAt: at,
	}
	l := flatLoad()
	l.Provenance = p
	ds := loadInd(t, s, l)
	all := get(s.Datasets(ctx)).ok(t)
	if len(all) != 1 {
		t.Fatalf("Datasets = %+v, want one", all)
	}
	for _, got := range []graphmodel.Dataset{ds, all[0]} {
		if got.Source != p.Source || got.SHA256 != p.SHA256 || got.Rows != p.Rows || !reflect.DeepEqual(got.Options, p.Options) {
			t.Errorf("provenance = %+v, want %+v", got.Provenance, p)
		}
		if !got.LoadedAt.Equal(at) || got.LoadedAt.Location() != time.UTC {
			t.Errorf("LoadedAt = %v, want %v in UTC", got.LoadedAt, at.UTC())
		}
	}
	if all[0].ID != ds.ID || all[0].Version != ds.Version || all[0].Records != 7 || all[0].Kind != ds.Kind || all[0].Target != ds.Target {
		t.Errorf("Datasets()[0] = %+v, want the dataset returned by the load %+v", all[0], ds)
	}
	// No options, no time: options stay empty and the load time is filled in.
	start := time.Now().Add(-time.Minute)
	lay := flowsLoad()
	lay.Provenance = graphmodel.Provenance{Source: "flows.csv"}
	ds = loadLayer(t, s, lay)
	all = get(s.Datasets(ctx)).ok(t)
	last := all[len(all)-1]
	if last.ID != ds.ID || len(last.Options) != 0 || last.LoadedAt.Before(start) || last.LoadedAt.Location() != time.UTC {
		t.Errorf("dataset without options or time = %+v, want no options and a UTC load time after %v", last, start)
	}
}

func testReplaceOnReload(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadAll(t, s)
	countTarget := func(kind, target string) []graphmodel.Dataset {
		var out []graphmodel.Dataset
		for _, d := range get(s.Datasets(ctx)).ok(t) {
			if d.Kind == kind && d.Target == target {
				out = append(out, d)
			}
		}
		return out
	}
	// Layer: the second load replaces links, counts and dataset.
	l := flowsLoad()
	l.Links = []graphmodel.Link{{From: "a", To: "g", Count: 9, Value: 9}}
	ds := loadLayer(t, s, l)
	if got := links(t, s, "flows", flowsP1); !reflect.DeepEqual(got, l.Links) {
		t.Errorf("links after reload = %+v, want %+v", got, l.Links)
	}
	ly := get(s.Layer(ctx, "flows", flowsP1)).ok(t)
	if ly.Links != 1 || ly.Nodes != 2 || ly.Dataset != ds.ID || ly.Version != ds.Version {
		t.Errorf("layer after reload = %+v, want 1 link, 2 nodes, dataset %d, version %d", ly, ds.ID, ds.Version)
	}
	if n := len(get(s.Layers(ctx)).ok(t)); n != 3 {
		t.Errorf("%d layers after reload, want 3", n)
	}
	if got := countTarget(graphmodel.DatasetLayer, "flows@2010-2014"); len(got) != 1 || got[0].ID != ds.ID || got[0].Records != 1 {
		t.Errorf("layer datasets after reload = %+v, want only %+v", got, ds)
	}
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Period: flowsP1, Code: "a"}, []nb{{"g", 9, 9, "out"}})

	// Industries: same codes, new names.
	il := flatLoad()
	il.Industries[0].Name = "Alpha"
	ds = loadInd(t, s, il)
	if got := get(s.Industry(ctx, flat, "a")).ok(t); got.Name != "Alpha" {
		t.Errorf("industry a after reload is named %q, want Alpha", got.Name)
	}
	if got := countTarget(graphmodel.DatasetIndustries, flat); len(got) != 1 || got[0].ID != ds.ID {
		t.Errorf("industries datasets after reload = %+v, want only %+v", got, ds)
	}
	if n := len(get(s.Industries(ctx, flat)).ok(t)); n != 7 {
		t.Errorf("%d industries after reload, want 7", n)
	}
	// Layers keep their links after an industries reload.
	if got := links(t, s, "cooc", "2010"); len(got) != 4 {
		t.Errorf("cooc has %d links after reloading FLAT, want 4", len(got))
	}

	// Regional: values replaced, regions upserted (UKD kept, UKC renamed).
	rl := graphmodel.RegionalLoad{Provenance: prov("employment2.csv"), Set: employment2015,
		Regions: []graphmodel.Region{{ID: "UKC", Name: "North East England"}},
		Values:  []graphmodel.RegionalValue{{Region: "UKC", Industry: "a", Value: 1}}}
	ds = loadRegional(t, s, rl)
	if got := get(s.RegionalValues(ctx, employment2015)).ok(t); !reflect.DeepEqual(got, rl.Values) {
		t.Errorf("values after reload = %+v, want %+v", got, rl.Values)
	}
	wantRegions := []graphmodel.Region{{ID: "UKC", Name: "North East England"}, {ID: "UKD", Name: "North West"}}
	if got := get(s.Regions(ctx)).ok(t); !reflect.DeepEqual(got, wantRegions) {
		t.Errorf("Regions after reload = %+v, want %+v", got, wantRegions)
	}
	if got := countTarget(graphmodel.DatasetRegional, employment2015.Key()); len(got) != 1 || got[0].ID != ds.ID {
		t.Errorf("regional datasets after reload = %+v, want only %+v", got, ds)
	}
	if n := len(get(s.RegionalSets(ctx)).ok(t)); n != 1 {
		t.Errorf("%d regional sets after reload, want 1", n)
	}
}

func testAllOrNothing(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadAll(t, s)
	before := takeDump(t, s)

	// Reloading an existing layer with 7 unknown codes (and an industry to
	// add): EINVALID naming the count and the 5 smallest codes; the old layer
	// and the industries are untouched.
	l := flowsLoad()
	l.AddIndustries = []graphmodel.Industry{{Code: "h", Name: "Industry h"}}
	for _, c := range []string{"zz7", "zz3", "zz1", "zz6", "zz2", "zz5", "zz4"} {
		l.Links = append(l.Links, graphmodel.Link{From: "h", To: c, Count: 1, Value: 1})
	}
	_, err := s.LoadLayer(ctx, l)
	wantCode(t, err, graphmodel.EINVALID, "7", `"zz1"`, `"zz2"`, `"zz3"`, `"zz4"`, `"zz5"`)
	wantField(t, err, "links")
	sameDump(t, "a layer load with unknown codes", before, takeDump(t, s))

	// A new layer in an unknown classification without industries to add.
	l = flowsLoad()
	l.Layer.Name, l.Layer.Classification = "other", "NACE9"
	_, err = s.LoadLayer(ctx, l)
	wantCode(t, err, graphmodel.EINVALID, "NACE9")
	wantField(t, err, "classification")

	// An undirected layer given a pair in both directions.
	l = coocLoad()
	l.Links = append(l.Links, graphmodel.Link{From: "a", To: "b", Count: 1, Value: 1})
	_, err = s.LoadLayer(ctx, l)
	wantCode(t, err, graphmodel.EINVALID, `"a"`, `"b"`)

	// An industries reload with a missing parent.
	il := flatLoad("h")
	il.Industries[len(il.Industries)-1].Parent = "nope"
	_, err = s.LoadIndustries(ctx, il)
	wantCode(t, err, graphmodel.EINVALID, `"nope"`)

	// A regional reload with an unknown industry.
	rl := regionalLoad()
	rl.Regions = append(rl.Regions, graphmodel.Region{ID: "UKE", Name: "Yorkshire"})
	rl.Values = append(rl.Values, graphmodel.RegionalValue{Region: "UKE", Industry: "zz", Value: 1})
	_, err = s.LoadRegional(ctx, rl)
	wantCode(t, err, graphmodel.EINVALID, `"zz"`)

	// A load whose context is already cancelled.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	l = flowsLoad()
	l.Links = l.Links[:2]
	if _, err := s.LoadLayer(cctx, l); err == nil {
		t.Errorf("LoadLayer with a cancelled context succeeded")
	}
	sameDump(t, "failed loads", before, takeDump(t, s))
}

func testVersion(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	v := get(s.Version(ctx)).ok(t)
	step := func(what string, ds graphmodel.Dataset) {
		t.Helper()
		now := get(s.Version(ctx)).ok(t)
		if now <= v || ds.Version != now {
			t.Fatalf("after %s: version %d (dataset version %d), want above %d and equal", what, now, ds.Version, v)
		}
		v = now
	}
	step("loading industries", loadInd(t, s, flatLoad()))
	step("loading a layer", loadLayer(t, s, flowsLoad()))
	step("reloading the same layer", loadLayer(t, s, flowsLoad()))
	step("loading regional values", loadRegional(t, s, regionalLoad()))
	step("reloading industries", loadInd(t, s, flatLoad()))
	l := flowsLoad()
	l.Links[0].To = "unknown"
	if _, err := s.LoadLayer(ctx, l); err == nil {
		t.Fatal("a load with an unknown code succeeded")
	}
	if now := get(s.Version(ctx)).ok(t); now != v {
		t.Errorf("a failed load moved the version from %d to %d", v, now)
	}
	if ly := get(s.Layer(ctx, "flows", "")).ok(t); ly.Version >= v {
		t.Errorf("layer version %d, want the version of its load, below the current %d", ly.Version, v)
	}
}

func testConflict(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadAll(t, s) // flows uses a..f; cooc uses a, b, c; the regional set uses a, b, g
	before := takeDump(t, s)

	// Dropping f, used by flows@2010-2014 only.
	il := graphmodel.IndustriesLoad{Provenance: prov("flat2.csv"), Classification: graphmodel.Classification{Name: flat}}
	for _, c := range []string{"a", "b", "c", "d", "e", "g"} {
		il.Industries = append(il.Industries, graphmodel.Industry{Code: c, Name: c})
	}
	_, err := s.LoadIndustries(ctx, il)
	wantCode(t, err, graphmodel.ECONFLICT, "flows@2010-2014", `"f"`)
	wantField(t, err, "industries")
	sameDump(t, "a conflicting industries load", before, takeDump(t, s))

	// Dropping g, used by the regional set only.
	il.Industries[5] = graphmodel.Industry{Code: "f", Name: "f"}
	_, err = s.LoadIndustries(ctx, il)
	wantCode(t, err, graphmodel.ECONFLICT, "employment:FLAT@2015", `"g"`)
	sameDump(t, "a conflicting industries load", before, takeDump(t, s))

	// Dropping an unused code is fine.
	loadInd(t, s, flatLoad("h"))
	loadInd(t, s, flatLoad())
	if _, err := s.Industry(ctx, flat, "h"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("industry h after it was dropped: %v, want ENOTFOUND", err)
	}
}

func testAutoCreate(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	l := graphmodel.LayerLoad{
		Provenance: prov("auto.csv"),
		Layer:      graphmodel.Layer{Name: "auto", Period: "2020", Kind: graphmodel.KindFlows, Classification: "AUTO", Directed: true},
		Links:      []graphmodel.Link{{From: "x", To: "y", Count: 3, Value: 3}},
	}
	_, err := s.LoadLayer(ctx, l)
	wantCode(t, err, graphmodel.EINVALID, "AUTO")

	l.AddIndustries = []graphmodel.Industry{{Code: "x", Name: "Ex"}, {Code: "y", Name: "Why"}}
	loadLayer(t, s, l)
	cs := get(s.Classifications(ctx)).ok(t)
	if len(cs) != 1 || cs[0].Name != "AUTO" || len(cs[0].Levels) != 0 || cs[0].Industries != 2 {
		t.Fatalf("Classifications = %+v, want AUTO without levels and with 2 industries", cs)
	}
	want := []graphmodel.Industry{{Classification: "AUTO", Code: "x", Name: "Ex"}, {Classification: "AUTO", Code: "y", Name: "Why"}}
	if got := get(s.Industries(ctx, "AUTO")).ok(t); !reflect.DeepEqual(got, want) {
		t.Errorf("Industries(AUTO) = %+v, want %+v", got, want)
	}
	// Existing codes keep their names; new ones are added.
	l.Layer.Period = "2021"
	l.AddIndustries = []graphmodel.Industry{{Code: "x", Name: "renamed"}, {Code: "z", Name: "Zed"}}
	l.Links = append(l.Links, graphmodel.Link{From: "z", To: "x", Count: 1, Value: 1})
	loadLayer(t, s, l)
	if got := get(s.Industry(ctx, "AUTO", "x")).ok(t); got.Name != "Ex" {
		t.Errorf("industry x is named %q after a load that adds it again, want Ex", got.Name)
	}
	if got := get(s.Industry(ctx, "AUTO", "z")).ok(t); got.Name != "Zed" {
		t.Errorf("industry z = %+v, want it created as Zed", got)
	}
	// Regional loads create industries too.
	loadRegional(t, s, graphmodel.RegionalLoad{Provenance: prov("r.csv"),
		Set:           graphmodel.RegionalSet{Measure: graphmodel.MeasurePatents, Classification: "AUTO2", Period: "2020"},
		Regions:       []graphmodel.Region{{ID: "r1", Name: "Region 1"}},
		Values:        []graphmodel.RegionalValue{{Region: "r1", Industry: "q", Value: 2}},
		AddIndustries: []graphmodel.Industry{{Code: "q", Name: "Queue"}}})
	if got := get(s.Industry(ctx, "AUTO2", "q")).ok(t); got.Name != "Queue" {
		t.Errorf("industry AUTO2 q = %+v, want it created", got)
	}
}

func testStrangeStrings(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	codes := []string{`q"uote`, "back`tick", "})", "ünïcødé-€", `'; DROP TABLE links; --`, "$1 {{.}}\n\t%s"}
	class := "we\"ird`})ü"
	il := graphmodel.IndustriesLoad{Provenance: prov(`fi"le`), Classification: graphmodel.Classification{Name: class}}
	for _, c := range codes {
		il.Industries = append(il.Industries, graphmodel.Industry{Code: c, Name: "name of " + c + " ✓"})
	}
	loadInd(t, s, il)
	got := get(s.Industries(ctx, class)).ok(t)
	gotCodes := make([]string, len(got))
	for i, ind := range got {
		gotCodes[i] = ind.Code
		if ind.Name != "name of "+ind.Code+" ✓" {
			t.Errorf("industry %q named %q", ind.Code, ind.Name)
		}
	}
	wantCodes := slices.Clone(codes)
	slices.Sort(wantCodes)
	if !slices.Equal(gotCodes, wantCodes) {
		t.Fatalf("codes = %q, want %q", gotCodes, wantCodes)
	}
	// A directed chain codes[0] → codes[1] → ... with values 1, 2, ...
	layer := graphmodel.Layer{Name: "la`yer\"})", Period: "p'1", Kind: graphmodel.KindFlows, Classification: class, Directed: true}
	var ls []graphmodel.Link
	for i := 0; i+1 < len(codes); i++ {
		ls = append(ls, graphmodel.Link{From: codes[i], To: codes[i+1], Count: float64(i + 1), Value: float64(i + 1)})
	}
	loadLayer(t, s, graphmodel.LayerLoad{Provenance: prov("l"), Layer: layer, Links: ls})
	if got := links(t, s, layer.Name, ""); !reflect.DeepEqual(got, sortLinks(slices.Clone(ls))) {
		t.Errorf("links = %q, want %q", fmt.Sprint(got), fmt.Sprint(ls))
	}
	// codes[1] has codes[0] → codes[1] (value 1, in) and codes[1] → codes[2] (value 2, out).
	checkNeighbours(t, s, graphmodel.NeighbourQuery{Layer: layer.Name, Code: codes[1]},
		[]nb{{codes[2], 2, 2, "out"}, {codes[0], 1, 1, "in"}})
	if ly := get(s.Layer(ctx, layer.Name, "p'1")).ok(t); ly.Classification != class || ly.Nodes != len(codes) {
		t.Errorf("layer = %+v, want classification %q and %d nodes", ly, class, len(codes))
	}
	set := graphmodel.RegionalSet{Measure: graphmodel.MeasurePatents, Classification: class, Period: `"})`}
	vals := []graphmodel.RegionalValue{{Region: `r"1})`, Industry: codes[4], Value: 1}}
	loadRegional(t, s, graphmodel.RegionalLoad{Provenance: prov("r"), Set: set,
		Regions: []graphmodel.Region{{ID: `r"1})`, Name: "Région `ü`"}}, Values: vals})
	if got := get(s.RegionalValues(ctx, set)).ok(t); !reflect.DeepEqual(got, vals) {
		t.Errorf("regional values = %+v, want %+v", got, vals)
	}
	if got := get(s.Regions(ctx)).ok(t); len(got) != 1 || got[0].Name != "Région `ü`" {
		t.Errorf("regions = %+v", got)
	}
	// Unknown strange codes are named in the error, not executed.
	_, err := s.LoadLayer(ctx, graphmodel.LayerLoad{Provenance: prov("l"), Layer: layer,
		Links: []graphmodel.Link{{From: codes[0], To: `x"); DROP TABLE industries; --`, Count: 1, Value: 1}}})
	wantCode(t, err, graphmodel.EINVALID, "DROP TABLE industries")
	if n := len(get(s.Industries(ctx, class)).ok(t)); n != len(codes) {
		t.Errorf("%d industries after the failed load, want %d", n, len(codes))
	}
}

func testConcurrentReaders(t *testing.T, s graphmodel.Store) {
	loadAll(t, s)
	ctx := t.Context()
	want := neighbours(t, s, graphmodel.NeighbourQuery{Layer: "flows", Period: flowsP1, Code: "a"})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				got, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "flows", Period: flowsP1, Code: "a"})
				if err == nil && !reflect.DeepEqual(got, want) {
					err = fmt.Errorf("reader %d: neighbours %+v, want %+v", g, got, want)
				}
				if err == nil {
					_, err = s.Layers(ctx)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// testReadersDuringReload reloads a layer back and forth between two versions
// while readers query it: every answer must be entirely one version.
func testReadersDuringReload(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	loadInd(t, s, flatLoad())
	a := flowsLoad()
	b := flowsLoad()
	b.Links = []graphmodel.Link{{From: "a", To: "g", Count: 9, Value: 9}}
	loadLayer(t, s, a)
	q := graphmodel.NeighbourQuery{Layer: "flows", Code: "a"}
	wantA := get(s.Neighbours(ctx, q)).ok(t) // d, b, c, f (see NeighboursDirected)
	loadLayer(t, s, b)
	wantB := get(s.Neighbours(ctx, q)).ok(t) // g
	if len(wantA) != 4 || len(wantB) != 1 {
		t.Fatalf("neighbours of a: %d and %d, want 4 and 1", len(wantA), len(wantB))
	}
	done := make(chan struct{})
	errs := make(chan error, 16)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				got, err := s.Neighbours(ctx, q)
				if err == nil && !reflect.DeepEqual(got, wantA) && !reflect.DeepEqual(got, wantB) {
					err = fmt.Errorf("neighbours during a reload: %+v, want %+v or %+v", got, wantA, wantB)
				}
				if err == nil {
					n := 0
					err = s.Links(ctx, "flows", flowsP1, func(graphmodel.Link) error { n++; return nil })
					if err == nil && n != len(a.Links) && n != len(b.Links) {
						err = fmt.Errorf("links during a reload: got %d links, want %d or %d", n, len(a.Links), len(b.Links))
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 10 {
		l := a
		if i%2 == 1 {
			l = b
		}
		if _, err := s.LoadLayer(ctx, l); err != nil {
			t.Errorf("reload %d: %v", i, err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
