package viz

import (
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

func fptr(x float64) *float64 { return &x }

// trickyView has names that need escaping, two domains, a bridging node and
// a cross-domain link.
func trickyView() *analysis.GraphView {
	return &analysis.GraphView{
		Title:  `Tobacco & "friends" <test>`,
		Params: map[string]string{"seeds": "1200", "hops": "1"},
		Provenance: analysis.Provenance{StoreVersion: 7, Classification: "NACE2",
			Layers: []graphmodel.Layer{{Name: "labour", Period: "2015"}}},
		Nodes: []analysis.ViewNode{
			{ID: "1200", Label: "Manufacture of ‘Tobacco’ & <cigars>", Domain: 1, Strength: 3, Employment: fptr(900), Bridging: fptr(0.1), Seed: true},
			{ID: "5610", Label: "Zürich Bäckerei", Domain: 1, Strength: 2, Employment: fptr(100), Bridging: fptr(0.7), Hops: 1},
			{ID: "4711", Label: `Back\slash \N "quoted"`, Domain: 2, Strength: 1, Employment: fptr(400), Bridging: fptr(0), Hops: 1},
			{ID: "0111", Label: "漢字 industry", Domain: 2, Strength: 1, Hops: 1},
		},
		Links: []analysis.ViewLink{
			{Source: "1200", Target: "5610", Layer: "labour@2015", Weight: 0.9, Count: 120},
			{Source: "1200", Target: "4711", Layer: "labour@2015", Weight: 0.3, Count: 12, CrossDomain: true},
			{Source: "4711", Target: "0111", Layer: "labour@2015", Weight: 0.6, Count: 50},
		},
		Domains: []analysis.ViewDomain{{ID: 1, Label: "Food & drink", Size: 10}, {ID: 2, Label: "Retail <shops>", Size: 5}},
	}
}

func TestEscapeText(t *testing.T) {
	cases := map[string]string{
		// ‘ is U+2018 (8216), ’ U+2019 (8217).
		"Manufacture of ‘Tobacco’ & <cigars>": "Manufacture of &#8216;Tobacco&#8217; &amp; &lt;cigars&gt;",
		// ü is U+00FC (252), ä U+00E4 (228).
		"Zürich Bäckerei":   "Z&#252;rich B&#228;ckerei",
		`say "hi"`:          "say &quot;hi&quot;",
		`a\b \N`:            `a\\&#8203;b \\&#8203;N`,
		"line\nbreak\ttab":  "line break tab",
		"漢":                 "&#28450;",
		"bad \xff byte":     "bad &#xFFFD; byte",
		"plain ASCII 1-2_3": "plain ASCII 1-2_3",
	}
	for in, want := range cases {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := escapeHTML(`a\b & <c>`); got != `a\\b &amp; &lt;c&gt;` {
		t.Errorf("escapeHTML = %q", got)
	}
}

func TestWrapLabel(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Hospital activities", []string{"Hospital activities"}},
		// 22 characters per line: "Manufacture of other" (20) + " food" would be 25.
		{"Manufacture of other food products", []string{"Manufacture of other", "food products"}},
		// Four lines' worth is cut to three, the last ending in "…".
		{"Activities of households as employers of domestic personnel and undifferentiated goods", []string{"Activities of", "households as", "employers of domestic…"}},
		// A word longer than the width is cut with a hyphen (21 letters + "-").
		{"Pneumonoultramicroscopicsilicovolcanoconiosis", []string{"Pneumonoultramicrosco-", "picsilicovolcanoconio-", "sis"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := wrapLabel(c.in, 22, 3); !reflect.DeepEqual(got, c.want) {
			t.Errorf("wrapLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDOTEscapesAndEncodes(t *testing.T) {
	v := trickyView()
	o := DefaultOptions()
	o.NodeURL = "/industries/{code}?a=1&b=2"
	dot, err := DOT(v, o)
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	for _, want := range []string{
		"Manufacture of<BR/>&#8216;Tobacco&#8217; &amp; &lt;cigars&gt;", // HTML label wrapped at 22 characters ("Manufacture of ‘Tobacco’" has 24)
		"<B>Manufacture of",                                                // the seed is bold
		`Z&#252;rich B&#228;ckerei`,                                        // non-ASCII as references
		`Back\\slash \\N &quot;quoted&quot;`,                               // HTML label: backslash doubled
		`tooltip="Back\\&#8203;slash \\&#8203;N &quot;quoted&quot; (4711)`, // tooltip: doubled, then a zero-width space
		"&#28450;&#23383; industry",
		`URL="/industries/1200?a=1&amp;b=2"`,
		"Tobacco &amp; &quot;friends&quot; &lt;test&gt;", // the title
		`color="` + CrossColour + `"`,                    // the cross-domain link
		`color="black" penwidth=3.5`,                     // 5610 is bridging (0.7 ≥ 0.62)
		"#1 Food &amp; drink (2)",                        // legend with domain labels and node counts
		"#2 Retail &lt;shops&gt; (2)",
		"NACE2", "store version 7", "hops 1",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %q:\n%s", want, s)
		}
	}
	// Everything outside the ASCII printable range is a character reference.
	for i, r := range s {
		if r > 0x7e || (r < 0x20 && r != '\n') {
			t.Fatalf("raw character %q at byte %d of the DOT", r, i)
		}
	}
	// No raw special character may be left inside a quoted attribute value.
	for _, m := range regexp.MustCompile(`(?:label|tooltip|URL)="((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(s, -1) {
		if strings.ContainsAny(m[1], "<>&") && !regexp.MustCompile(`^(?:[^<>&]|&(?:amp|lt|gt|quot|#[0-9]+|#x[0-9A-F]+);)*$`).MatchString(m[1]) {
			t.Errorf("unescaped character in %q", m[1])
		}
	}
	// Colours: domains 1 and 2 have two nodes each; the first in order of
	// appearance takes the palette's first colour.
	if !strings.Contains(s, `"1200" [label=<<B>Manufacture`) || !strings.Contains(s, `fillcolor="`+Palette[0]+`"`) || !strings.Contains(s, `fillcolor="`+Palette[1]+`"`) {
		t.Errorf("palette colours missing:\n%s", s)
	}
	// Without a legend there are no domain rows.
	o.Legend = false
	dot, _ = DOT(v, o)
	if strings.Contains(string(dot), "BGCOLOR") {
		t.Error("legend drawn with Legend false")
	}
}

func TestDOTRegionAndSectorColouring(t *testing.T) {
	v := trickyView()
	v.Params[RegionViewParam] = "region"
	dot, err := DOT(v, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := string(dot)
	// Non-seeds are outlined (white fill, dashed); the seed keeps its colour and is not bold.
	if !strings.Contains(s, `"4711" [label=<Back\\slash \\N &quot;quoted&quot;> fontsize=`) || !strings.Contains(s, `fillcolor="white"`) || !strings.Contains(s, `style="rounded,filled,dashed"`) {
		t.Errorf("opportunities not outlined:\n%s", s)
	}
	if strings.Contains(s, "<B>Manufacture") {
		t.Error("specialisation drawn bold in a regional view")
	}
	if !strings.Contains(s, "jobs in the region") {
		t.Error("legend does not say the size is regional jobs")
	}
	// One domain only: colour by sector.
	v = trickyView()
	for k := range v.Nodes {
		v.Nodes[k].Domain = 1
		v.Nodes[k].Sector, v.Nodes[k].SectorName = "C", "Manufacturing"
	}
	v.Nodes[3].Sector, v.Nodes[3].SectorName = "A", "Agriculture"
	dot, _ = DOT(v, DefaultOptions())
	if s := string(dot); !strings.Contains(s, "Colour: sector") || !strings.Contains(s, "Manufacturing (3)") || !strings.Contains(s, "Agriculture (1)") {
		t.Errorf("single-domain view not coloured by sector:\n%s", s)
	}
}

func TestDOTDuplicateLabelsGetCodes(t *testing.T) {
	v := trickyView()
	v.Nodes[2].Label, v.Nodes[3].Label = "Elderly, disabled", "Elderly, disabled"
	dot, err := DOT(v, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Elderly, disabled<BR/>(4711)", "Elderly, disabled<BR/>(0111)"} {
		if !strings.Contains(string(dot), want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	v := trickyView()
	bad := []struct {
		o    Options
		want string
	}{
		{Options{Layout: "circo"}, "circo is refused"},
		{Options{Layout: "osage"}, `layout "osage": expected stress, sfdp, neato, twopi, dot or fdp`},
		{Options{Clusters: true}, "clusters need layout dot or fdp"},
		{Options{Backbone: "mst"}, `backbone "mst"`},
		{Options{Alpha: 1.5}, "alpha 1.5"},
		{Options{TopK: -1}, "topk -1"},
		{Options{Size: "area"}, `size "area"`},
		{Options{Scale: 100}, "scale 100"},
		{Options{NodeURL: "/x"}, "{code}"},
	}
	for _, c := range bad {
		_, err := DOT(v, c.o)
		if err == nil || graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want EINVALID containing %q", c.o, err, c.want)
		}
	}
	v.Links = append(v.Links, analysis.ViewLink{Source: "1200", Target: "9999"})
	if _, err := DOT(v, Options{}); err == nil || !strings.Contains(err.Error(), "not in the view") {
		t.Errorf("link to unknown node: %v", err)
	}
}

func TestParseOptions(t *testing.T) {
	o, err := ParseOptions(url.Values{})
	if err != nil || !reflect.DeepEqual(o, DefaultOptions()) {
		t.Fatalf("empty query: %+v, %v", o, err)
	}
	o, err = ParseOptions(url.Values{"layout": {"dot"}, "clusters": {"true"}, "backbone": {"topk"}, "topk": {"2"},
		"legend": {"false"}, "alpha": {"0.1"}, "size": {"strength"}, "scale": {"1.5"}, "title": {"T"}})
	want := Options{Layout: "dot", Clusters: true, Backbone: "topk", TopK: 2, Legend: false, Alpha: 0.1, Size: "strength", Scale: 1.5, Title: "T"}
	if err != nil || !reflect.DeepEqual(o, want) {
		t.Fatalf("got %+v, %v; want %+v", o, err, want)
	}
	for q, msg := range map[string]string{"clusters=maybe": "parameter clusters", "topk=x": "parameter topk", "alpha=a": "parameter alpha",
		"layout=circo": "circo", "alpha=2": "alpha 2"} {
		vals, _ := url.ParseQuery(q)
		if _, err := ParseOptions(vals); err == nil || graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want EINVALID with %q", q, err, msg)
		}
	}
}
