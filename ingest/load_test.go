package ingest

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// fakeLoader records the loads and knows the industries of classification "T".
type fakeLoader struct {
	codes  []string
	layers []graphmodel.LayerLoad
	inds   []graphmodel.IndustriesLoad
	sets   []graphmodel.RegionalLoad
}

func (f *fakeLoader) Industries(_ context.Context, c string) ([]graphmodel.Industry, error) {
	if c != "T" {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no classification %s", c)
	}
	var out []graphmodel.Industry
	for _, code := range f.codes {
		out = append(out, graphmodel.Industry{Classification: c, Code: code, Name: code})
	}
	return out, nil
}

func (f *fakeLoader) LoadIndustries(_ context.Context, l graphmodel.IndustriesLoad) (graphmodel.Dataset, error) {
	f.inds = append(f.inds, l)
	return graphmodel.Dataset{ID: int64(len(f.inds))}, nil
}

func (f *fakeLoader) LoadLayer(_ context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	f.layers = append(f.layers, l)
	return graphmodel.Dataset{ID: int64(len(f.layers))}, nil
}

func (f *fakeLoader) LoadRegional(_ context.Context, l graphmodel.RegionalLoad) (graphmodel.Dataset, error) {
	f.sets = append(f.sets, l)
	return graphmodel.Dataset{ID: int64(len(f.sets))}, nil
}

// TestLoadComputesRelatedness: Load reads a co-occurrence file, checks its
// codes against the loader's and loads association strength.
func TestLoadComputesRelatedness(t *testing.T) {
	ld := &fakeLoader{codes: []string{"A", "B", "C"}}
	p := writeFile(t, "co.csv", "a,b,n\nA,B,2\nA,C,1\nB,C,1\n")
	layer := graphmodel.Layer{Name: "co", Period: "2020", Kind: graphmodel.KindCoOccurrence, Classification: "T"}
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer}); err != nil {
		t.Fatal(err)
	}
	if len(ld.layers) != 1 {
		t.Fatalf("%d layers loaded, want 1", len(ld.layers))
	}
	got := ld.layers[0]
	// s_A = 3, s_B = 3, s_C = 2, S = 8. AS_AB = 2·8/(3·3) = 16/9 → (16/9−1)/(16/9+1) = 7/25;
	// AS_AC = 1·8/(3·2) = 4/3 → (1/3)/(7/3) = 1/7; AS_BC = 4/3 as well.
	want := map[[2]string]float64{{"A", "B"}: 7.0 / 25, {"A", "C"}: 1.0 / 7, {"B", "C"}: 1.0 / 7}
	for _, l := range got.Links {
		if w, ok := want[[2]string{l.From, l.To}]; !ok || math.Abs(l.Value-w) > 1e-12 {
			t.Errorf("link %s-%s value %v, want %v", l.From, l.To, l.Value, w)
		}
	}
	if got.Layer.Method != "association" || got.Provenance.Options["method"] != "association" || got.Provenance.Options["unknown"] != "error" {
		t.Errorf("layer %+v, options %v", got.Layer, got.Provenance.Options)
	}

	// A threshold replaces the method's; a code the loader lacks is an error
	// about option unknown, and nothing is loaded.
	thr := 0.2
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Threshold: &thr}}); err != nil {
		t.Fatal(err)
	}
	if ld.layers[1].Layer.Threshold != 0.2 || ld.layers[1].Provenance.Options["threshold"] != "0.2" {
		t.Errorf("threshold %v, option %q", ld.layers[1].Layer.Threshold, ld.layers[1].Provenance.Options["threshold"])
	}
	_, err := Load(context.Background(), ld, writeFile(t, "x.csv", "a,b,n\nA,Z,2\n"), LinksOptions{Layer: layer})
	wantParseError(t, err, "x.csv:2", `"Z"`, "use option unknown create (add it) or skip")
	if graphmodel.ErrorField(err) != "unknown" || len(ld.layers) != 2 {
		t.Errorf("field %q, %d layers loaded", graphmodel.ErrorField(err), len(ld.layers))
	}
}

// TestLoadOptionErrors: bad options are EINVALID naming their field, before
// anything is read or loaded.
func TestLoadOptionErrors(t *testing.T) {
	ld := &fakeLoader{codes: []string{"A", "B"}}
	p := writeFile(t, "f.csv", "from,to,n\nA,B,1\n")
	layer := graphmodel.Layer{Name: "l", Period: "2020", Kind: graphmodel.KindFlows, Classification: "T"}
	with := func(f func(*graphmodel.Layer)) graphmodel.Layer { l := layer; f(&l); return l }
	for _, c := range []struct {
		opt   Options
		field string
		want  string
	}{
		{LinksOptions{Layer: with(func(l *graphmodel.Layer) { l.Name = "a@b" })}, "layer", `option layer "a@b": expected a layer name`},
		{LinksOptions{Layer: with(func(l *graphmodel.Layer) { l.Period = "" })}, "period", "option period: expected the period of the layer, e.g. 2009-2018, got none"},
		{LinksOptions{Layer: with(func(l *graphmodel.Layer) { l.Classification = "" })}, "classification", "option classification: expected the classification"},
		{LinksOptions{Layer: with(func(l *graphmodel.Layer) { l.Kind = "maybe" })}, "kind", `option kind "maybe": expected flows, co-occurrence or relatedness`},
		{LinksOptions{Layer: layer, Duplicates: "twice"}, "duplicates", `option duplicates "twice": expected error, sum or mean`},
		{LinksOptions{Layer: layer, Unknown: "maybe"}, "unknown", `option unknown "maybe": expected error, create or skip`},
		{LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Method: "magic"}}, "method", `option method "magic": expected one of ratio`},
		{LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Symmetrise: "max"}}, "symmetrise", `option symmetrise "max": expected mean or none`},
		{SpellOptions{Layer: with(func(l *graphmodel.Layer) { l.Kind = graphmodel.KindCoOccurrence })}, "kind", `option kind "co-occurrence": expected flows`},
		{RegionalLongOptions{Set: graphmodel.RegionalSet{Measure: "wages", Classification: "T", Period: "2015"}}, "measure", `option measure "wages": expected employment, patents or publications`},
		{IndustriesOptions{Classification: "T", Duplicates: "all"}, "duplicates", `option duplicates "all": expected error, first or join`},
		{ConcordOptions{Links: LinksOptions{Layer: layer}}, "concordance", "option concordance: expected the concordance table"},
		{ConcordOptions{Links: LinksOptions{Layer: with(func(l *graphmodel.Layer) { l.Kind = graphmodel.KindRelatedness })}, Concordance: p}, "kind", "only counts can be mapped"},
	} {
		_, err := Load(context.Background(), ld, p, c.opt)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != c.field || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%T: got %v (field %q), want EINVALID on field %q containing %q", c.opt, err, graphmodel.ErrorField(err), c.field, c.want)
		}
	}
	if len(ld.layers)+len(ld.inds)+len(ld.sets) != 0 {
		t.Errorf("bad options loaded something: %d layers, %d classifications, %d sets", len(ld.layers), len(ld.inds), len(ld.sets))
	}
	if _, err := ParseThreshold("NaN"); graphmodel.ErrorField(err) != "threshold" {
		t.Errorf("threshold NaN: %v", err)
	}
	if _, err := ParseDelimiter("|"); graphmodel.ErrorField(err) != "delimiter" {
		t.Errorf("delimiter |: %v", err)
	}
}

// shout words options in capitals, to see Reword use a caller's wording.
type shout struct{}

func (shout) Name(field string) string { return "<" + strings.ToUpper(field) + ">" }
func (shout) Fix(field, values string) string {
	return "SET <" + strings.ToUpper(field) + "> TO " + values
}

// TestReword: the options named by parse, option and whole-input errors are
// worded by the caller; the rest of the message is unchanged.
func TestReword(t *testing.T) {
	_, err := ReadLinks(writeFile(t, "d.csv", "a,b,n\nA,B,1\nA,B,2\n"), LinksOptions{Layer: flowsLayer()})
	perr := wantParseError(t, err, "use option duplicates sum")
	if got, want := Reword(err, shout{}), strings.Replace(perr.Error(), "use option duplicates", "SET <DUPLICATES> TO", 1); got != want {
		t.Errorf("parse error reworded %q, want %q", got, want)
	}
	_, err = ReadLinks(writeFile(t, "d.csv", "a,b,n\nA,B,1\n"), LinksOptions{Layer: flowsLayer(), SelfLoops: "no"})
	if got := Reword(err, shout{}); got != `<SELF_LOOPS> "no": expected keep, drop or error` {
		t.Errorf("option error reworded %q", got)
	}
	c := Concordance{Targets: map[string][]ConcordanceTarget{"A": {{Code: "X", Weight: 1}}}, Provenance: graphmodel.Provenance{Source: "c.csv"}}
	_, _, err = c.MapLinks([]graphmodel.Link{{From: "A", To: "Q", Count: 3}}, true, "")
	if got := Reword(err, shout{}); !strings.HasSuffix(got, `; add them, or SET <UNMAPPED> TO drop or keep`) || graphmodel.ErrorField(err) != "unmapped" {
		t.Errorf("concordance error reworded %q (field %q)", got, graphmodel.ErrorField(err))
	}
	plain := graphmodel.Errorf(graphmodel.ENOTFOUND, "no layer x")
	if got := Reword(plain, shout{}); got != "no layer x" {
		t.Errorf("an error of another package reworded %q", got)
	}
}

// TestRecompute loads flows with the default ratio into a real store, then
// recomputes association strength from the stored counts.
func TestRecompute(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inds := []graphmodel.Industry{{Classification: "T", Code: "A", Name: "a"}, {Classification: "T", Code: "B", Name: "b"}, {Classification: "T", Code: "C", Name: "c"}}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "T"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, "f.csv", "from,to,n\nA,B,2\nB,A,2\nA,C,1\nC,A,1\nB,C,1\nC,B,1\n")
	layer := graphmodel.Layer{Name: "labour", Period: "2020", Kind: graphmodel.KindFlows, Classification: "T"}
	if _, err := Load(ctx, st, p, LinksOptions{Layer: layer}); err != nil {
		t.Fatal(err)
	}
	ds, err := Recompute(ctx, st, "labour", "", RelatednessOptions{Method: "association"})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Source != p || ds.Options["method"] != "association" || ds.Options["from_col"] != "from" {
		t.Errorf("dataset %+v: want the file's provenance with method association", ds)
	}
	// Undirected counts C_AB = 4, C_AC = 2, C_BC = 2; s_A = 6, s_B = 6, s_C = 4,
	// S = 16: AS_AB = 4·16/36 = 16/9 → 7/25, AS_AC = AS_BC = 2·16/24 = 4/3 → 1/7.
	want := map[[2]string]float64{{"A", "B"}: 7.0 / 25, {"A", "C"}: 1.0 / 7, {"B", "C"}: 1.0 / 7}
	n := 0
	err = st.Links(ctx, "labour", "2020", func(l graphmodel.Link) error {
		n++
		if w, ok := want[[2]string{l.From, l.To}]; !ok || math.Abs(l.Value-w) > 1e-12 {
			t.Errorf("link %s-%s value %v, want %v", l.From, l.To, l.Value, w)
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Fatalf("%d links, %v", n, err)
	}
	// The flows are now merged over both directions: ratio cannot come back.
	if _, err := Recompute(ctx, st, "labour", "2020", RelatednessOptions{}); graphmodel.ErrorCode(err) != graphmodel.EINVALID ||
		!strings.Contains(err.Error(), "merged over both directions") {
		t.Errorf("recomputing merged flows: %v", err)
	}
	if _, err := Recompute(ctx, st, "nope", "", RelatednessOptions{}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("an unknown layer: %v", err)
	}
}
