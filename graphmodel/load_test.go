package graphmodel

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// wantErr fails unless err has code, field and a message containing each of contains.
func wantErr(t *testing.T, err error, code, field string, contains ...string) {
	t.Helper()
	if ErrorCode(err) != code || ErrorField(err) != field {
		t.Fatalf("error %v: code %q field %q, want code %q field %q", err, ErrorCode(err), ErrorField(err), code, field)
	}
	for _, c := range contains {
		if !strings.Contains(ErrorMessage(err), c) {
			t.Errorf("message %q does not contain %q", ErrorMessage(err), c)
		}
	}
}

// toy is a valid two-level classification: A, B at level 0; 01 under A.
func toy() IndustriesLoad {
	return IndustriesLoad{Classification: Classification{Name: "TOY", Levels: []string{"section", "division"}},
		Industries: []Industry{{Code: "01", Parent: "A", Level: 1}, {Code: "A"}, {Code: "B"}}}
}

func TestIndustriesLoadValidate(t *testing.T) {
	if err := toy().Validate(); err != nil {
		t.Fatalf("valid load: %v", err)
	}
	cases := []struct {
		name     string
		edit     func(l *IndustriesLoad)
		field    string
		contains []string
	}{
		{"empty name", func(l *IndustriesLoad) { l.Classification.Name = "" }, "classification", nil},
		{"no industries", func(l *IndustriesLoad) { l.Industries = nil }, "industries", []string{"no industries"}},
		{"empty code", func(l *IndustriesLoad) { l.Industries[1].Code = "" }, "industries", []string{"industry 2 has an empty code"}},
		{"other classification", func(l *IndustriesLoad) { l.Industries[2].Classification = "NACE" }, "industries", []string{`"NACE"`}},
		{"negative level", func(l *IndustriesLoad) { l.Industries[2].Level = -1 }, "industries", []string{"negative level -1"}},
		{"level beyond", func(l *IndustriesLoad) { l.Industries[2].Level = 2 }, "industries", []string{"2 levels (0 to 1)"}},
		{"duplicate", func(l *IndustriesLoad) { l.Industries[2].Code = "A" }, "industries", []string{`"A" appears twice (industries 2 and 3)`}},
		{"missing parent", func(l *IndustriesLoad) { l.Industries[0].Parent = "C" }, "industries", []string{`parent "C", which is not in the list`}},
		{"parent not above", func(l *IndustriesLoad) { l.Industries[0].Level = 0 }, "industries", []string{"a parent must be at a smaller level"}},
	}
	for _, c := range cases {
		l := toy()
		c.edit(&l)
		t.Run(c.name, func(t *testing.T) { wantErr(t, l.Validate(), EINVALID, c.field, c.contains...) })
	}
}

// flows is a valid directed layer of FLAT: a→b, b→a, a→a.
func flows(directed bool) LayerLoad {
	kind := KindFlows
	if !directed {
		kind = KindCoOccurrence
	}
	return LayerLoad{Layer: Layer{Name: "flows", Period: "2020", Kind: kind, Classification: "FLAT", Directed: directed},
		Links: []Link{{From: "b", To: "a", Count: 1, Value: 1}, {From: "a", To: "c", Count: 2, Value: 2}, {From: "a", To: "a", Count: 3, Value: 3}}}
}

func TestLayerLoadValidate(t *testing.T) {
	if err := flows(true).Validate(); err != nil {
		t.Fatalf("valid load: %v", err)
	}
	cases := []struct {
		name     string
		directed bool
		edit     func(l *LayerLoad)
		field    string
		contains []string
	}{
		{"empty name", true, func(l *LayerLoad) { l.Layer.Name = "" }, "layer", nil},
		{"empty period", true, func(l *LayerLoad) { l.Layer.Period = "" }, "period", nil},
		{"bad kind", true, func(l *LayerLoad) { l.Layer.Kind = "friendship" }, "kind", []string{`"friendship"`}},
		{"empty classification", true, func(l *LayerLoad) { l.Layer.Classification = "" }, "classification", nil},
		{"NaN threshold", true, func(l *LayerLoad) { l.Layer.Threshold = math.NaN() }, "threshold", []string{"finite"}},
		{"empty code", true, func(l *LayerLoad) { l.Links[1].To = "" }, "links", []string{"link 2"}},
		{"infinite value", true, func(l *LayerLoad) { l.Links[0].Value = math.Inf(-1) }, "links", []string{"link 1"}},
		{"NaN count", true, func(l *LayerLoad) { l.Links[2].Count = math.NaN() }, "links", []string{"link 3"}},
		{"pair twice", true, func(l *LayerLoad) { l.Links = append(l.Links, Link{From: "a", To: "c"}) },
			"links", []string{`the pair "a", "c" appears twice (links 2 and 4)`}},
		// Undirected: a→b after b→a is the same pair (b→a is link 1).
		{"both directions", false, func(l *LayerLoad) { l.Links = append(l.Links, Link{From: "a", To: "b"}) },
			"links", []string{`the pair "b", "a" appears in both directions of an undirected layer (links 1 and 4)`}},
		{"bad added industry", true, func(l *LayerLoad) { l.AddIndustries = []Industry{{Code: "x"}, {Name: "no code"}} },
			"add_industries", []string{"industry 2 has an empty code"}},
	}
	for _, c := range cases {
		l := flows(c.directed)
		c.edit(&l)
		t.Run(c.name, func(t *testing.T) { wantErr(t, l.Validate(), EINVALID, c.field, c.contains...) })
	}
	// On a directed layer a→b after b→a is another pair.
	l := flows(true)
	l.Links = append(l.Links, Link{From: "a", To: "b"})
	if err := l.Validate(); err != nil {
		t.Errorf("directed a→b and b→a: %v", err)
	}
}

func TestCanonicalLinks(t *testing.T) {
	l := flows(false)
	want := []Link{{From: "a", To: "b", Count: 1, Value: 1}, {From: "a", To: "c", Count: 2, Value: 2}, {From: "a", To: "a", Count: 3, Value: 3}}
	if got := l.CanonicalLinks(); !reflect.DeepEqual(got, want) {
		t.Errorf("undirected CanonicalLinks = %+v, want %+v", got, want)
	}
	if l.Links[0].From != "b" {
		t.Errorf("CanonicalLinks changed the load's links")
	}
	l = flows(true)
	if got := l.CanonicalLinks(); !reflect.DeepEqual(got, l.Links) {
		t.Errorf("directed CanonicalLinks = %+v, want the links unchanged", got)
	}
}

func TestLayerCheckCodes(t *testing.T) {
	l := flows(true)
	for _, c := range []string{"z7", "z3", "z1", "z6", "z2", "z5", "z4"} {
		l.Links = append(l.Links, Link{From: "a", To: c})
	}
	known := func(c string) bool { return c == "a" || c == "b" || c == "c" }
	// 7 unknown codes; the message names the 5 smallest.
	wantErr(t, l.CheckCodes(known), EINVALID, "links",
		`(7 codes): "z1", "z2", "z3", "z4", "z5" and 2 more`, `classification "FLAT"`)
	if err := flows(true).CheckCodes(known); err != nil {
		t.Errorf("known codes: %v", err)
	}
}

func regional() RegionalLoad {
	return RegionalLoad{Set: RegionalSet{Measure: MeasureEmployment, Classification: "FLAT", Period: "2015"},
		Regions: []Region{{ID: "r1", Name: "One"}, {ID: "r2", Name: "Two"}},
		Values:  []RegionalValue{{Region: "r1", Industry: "a", Value: 1}, {Region: "r2", Industry: "a", Value: 2}, {Region: "r3", Industry: "b"}}}
}

func TestRegionalLoadValidate(t *testing.T) {
	if err := regional().Validate(); err != nil {
		t.Fatalf("valid load: %v", err)
	}
	pubs := regional()
	pubs.Set.Measure = MeasurePublications
	if err := pubs.Validate(); err != nil {
		t.Fatalf("valid publications load: %v", err)
	}
	cases := []struct {
		name     string
		edit     func(l *RegionalLoad)
		field    string
		contains []string
	}{
		{"bad measure", func(l *RegionalLoad) { l.Set.Measure = "rainfall" }, "measure", []string{`"rainfall"`}},
		{"empty classification", func(l *RegionalLoad) { l.Set.Classification = "" }, "classification", nil},
		{"empty period", func(l *RegionalLoad) { l.Set.Period = "" }, "period", nil},
		{"empty region id", func(l *RegionalLoad) { l.Regions[1].ID = "" }, "regions", []string{`region 2 ("Two") has an empty id`}},
		{"region twice", func(l *RegionalLoad) { l.Regions[1].ID = "r1" }, "regions", []string{`"r1" appears twice`}},
		{"empty industry", func(l *RegionalLoad) { l.Values[2].Industry = "" }, "values", []string{"value 3"}},
		{"NaN value", func(l *RegionalLoad) { l.Values[1].Value = math.NaN() }, "values", []string{"value 2"}},
		{"negative publications", func(l *RegionalLoad) { l.Set.Measure = MeasurePublications; l.Values[0].Value = -3 },
			"values", []string{"value 1", "-3", "≥ 0"}},
		{"unknown measure names the three", func(l *RegionalLoad) { l.Set.Measure = "citations" }, "measure",
			[]string{`"citations"`, "employment, patents or publications"}},
		{"cell twice", func(l *RegionalLoad) { l.Values[1].Region = "r1" }, "values", []string{"appears twice (values 1 and 2)"}},
		{"bad added industry", func(l *RegionalLoad) { l.AddIndustries = []Industry{{Code: "x", Level: -2}} },
			"add_industries", []string{"negative level -2"}},
	}
	for _, c := range cases {
		l := regional()
		c.edit(&l)
		t.Run(c.name, func(t *testing.T) { wantErr(t, l.Validate(), EINVALID, c.field, c.contains...) })
	}
}

func TestRegionalCheckCodes(t *testing.T) {
	l := regional()
	stored := func(id string) bool { return id == "r3" }
	// r1, r2 are in the load, r3 is stored; b is not an industry.
	wantErr(t, l.CheckCodes(func(c string) bool { return c == "a" }, stored), EINVALID, "values", `(1 code): "b"`)
	// Industries first, then regions: with b known, r3 unknown is reported.
	wantErr(t, l.CheckCodes(func(string) bool { return true }, func(string) bool { return false }), EINVALID, "values",
		`neither in the load nor stored (1 region): "r3"`)
	if err := l.CheckCodes(func(string) bool { return true }, stored); err != nil {
		t.Errorf("all known: %v", err)
	}
}

func TestNewIndustries(t *testing.T) {
	l := flows(true)
	st := StoredClassification{Exists: false, Names: []string{"SIC", "NACE"}}
	_, err := l.NewIndustries(st)
	wantErr(t, err, EINVALID, "classification", `layer "flows@2020": unknown classification "FLAT" (classifications: NACE, SIC)`)

	// x is stored; y is added twice (the first wins); z's parent y is added.
	l.AddIndustries = []Industry{{Code: "x", Name: "X again"}, {Code: "y", Name: "Y"}, {Code: "z", Parent: "y", Level: 1}, {Code: "y", Name: "Y2"}}
	st = StoredClassification{Exists: true, Codes: map[string]bool{"x": true}}
	got, err := l.NewIndustries(st)
	want := []Industry{{Code: "y", Name: "Y"}, {Code: "z", Parent: "y", Level: 1}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("NewIndustries = %+v, %v; want %+v", got, err, want)
	}
	// A parent neither stored nor added.
	r := regional()
	r.AddIndustries = []Industry{{Code: "q", Parent: "p", Level: 1}}
	_, err = r.NewIndustries(st)
	wantErr(t, err, EINVALID, "add_industries", `regional set "employment:FLAT@2015": industry "q" of classification "FLAT" has parent "p"`)
}

func TestCheckRemovals(t *testing.T) {
	l := toy() // keeps 01, A, B
	uses := []IndustryUse{
		{Code: "A", User: `layer "x@1"`}, // kept: no conflict
		{Code: "05", User: `regional set "s"`},
		{Code: "07", User: `layer "y@1"`},
		{Code: "06", User: `layer "y@1"`},
		{Code: "06", User: `layer "y@2"`},
	}
	// Dropped codes 05, 06, 07 (3) used by layer y@1, y@2 and set s (3 users);
	// the first user by name is `layer "y@1"`, with codes 06 and 07.
	wantErr(t, l.CheckRemovals(uses), ECONFLICT, "industries",
		`(3 codes, by 3 layers or regional sets), e.g. layer "y@1" uses "06", "07"`)
	if err := l.CheckRemovals(uses[:1]); err != nil {
		t.Errorf("only kept codes in use: %v", err)
	}
}
