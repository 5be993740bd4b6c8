package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

func fp(x float64) *float64 { return &x }

// testView has labels that need escaping in every format, two layers (so a
// multigraph: a–b is linked on both), a node without employment and one
// without a domain.
func testView() *analysis.GraphView {
	return &analysis.GraphView{
		Title:  `Neighbours of "a" & <b>`,
		Params: map[string]string{"seeds": "a", "hops": "1", "layers": "labour,copatent"},
		Provenance: analysis.Provenance{StoreVersion: 7, Classification: "NACE2",
			Layers: []graphmodel.Layer{
				{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Method: "ratio", Threshold: 0, Dataset: 3, Version: 5},
				{Name: "copatent", Period: "2010", Kind: graphmodel.KindCoOccurrence, Method: "association", Threshold: 1, Dataset: 4, Version: 6},
			},
			Thresholds: []float64{0, 1}},
		Nodes: []analysis.ViewNode{
			{ID: "a", Label: "Manufacture of ‘Tobacco’ & <cigars>", Sector: "C", SectorName: "Manufacturing", Domain: 1, Strength: 3, Employment: fp(100), Bridging: fp(0.5), Seed: true},
			{ID: "b", Label: `Zürich "Bäckerei", bakery`, Sector: "C", SectorName: "Manufacturing", Domain: 2, Strength: 2, Employment: fp(25), Bridging: fp(0), Hops: 1},
			{ID: "c", Label: "Other", Sector: "G", Domain: 0, Strength: 1, Hops: 1},
		},
		Links: []analysis.ViewLink{
			{Source: "a", Target: "b", Layer: "labour@2009-2018", Weight: 2, Count: 40, QValue: fp(0.003), CrossDomain: true},
			{Source: "a", Target: "b", Layer: "copatent@2010", Weight: 1, Count: 3, CrossDomain: true},
			{Source: "a", Target: "c", Layer: "labour@2009-2018", Weight: 1, Count: 12},
		},
		Domains: []analysis.ViewDomain{{ID: 1, Label: "Tobacco", Size: 4}, {ID: 2, Label: "Bakery", Size: 9}},
	}
}

func TestNodeAndEdgeSizes(t *testing.T) {
	v := testView()
	sizes, by := NodeSizes(v)
	// employment 100 (the maximum) → 4 + 16·√1 = 20; 25 → 4 + 16·√0.25 = 12; none → 4.
	if want := []float64{20, 12, 4}; by != "employment" || !equalFloats(sizes, want) {
		t.Errorf("NodeSizes = %v by %s, want %v by employment", sizes, by, want)
	}
	v.Nodes[0].Employment, v.Nodes[1].Employment = nil, nil
	sizes, by = NodeSizes(v)
	// strengths 3, 2, 1 → 4 + 16·√(1, 2/3, 1/3) = 20, 17.06, 13.24 (rounded to 0.01).
	if want := []float64{20, 17.06, 13.24}; by != "strength" || !equalFloats(sizes, want) {
		t.Errorf("NodeSizes without employment = %v by %s, want %v by strength", sizes, by, want)
	}
	// weights 2, 1, 1 → 0.5 + 4.5·(1, 1/2, 1/2) = 5, 2.75, 2.75.
	if got, want := EdgeSizes(v), []float64{5, 2.75, 2.75}; !equalFloats(got, want) {
		t.Errorf("EdgeSizes = %v, want %v", got, want)
	}
}

func TestPositionsGroupByDomain(t *testing.T) {
	v := testView()
	v.Nodes[0].Domain, v.Nodes[1].Domain = 2, 1 // order on the circle: b (domain 1), a (2), c (none)
	p := Positions(v)
	// three nodes at angles 0, 2π/3, 4π/3 on a circle of radius 100.
	want := map[string][2]float64{"b": {100, 0}, "a": {-50, 86.6}, "c": {-50, -86.6}}
	for i, n := range v.Nodes {
		if math.Abs(p[i][0]-want[n.ID][0]) > 0.01 || math.Abs(p[i][1]-want[n.ID][1]) > 0.01 {
			t.Errorf("position of %s = %v, want %v", n.ID, p[i], want[n.ID])
		}
	}
}

func TestColors(t *testing.T) {
	v := testView()
	// Three domains of one node each, ranked in order of appearance:
	// domain 1 and 2 take the first two palette colours, no domain is grey.
	if got, want := Colors(v), []string{viz.Palette[0], viz.Palette[1], viz.OtherColour}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Colors = %v, want %v", got, want)
	}
	v.Nodes[2].Domain = 2 // domain 2 now has most nodes: it takes the first colour
	if got, want := Colors(v), []string{viz.Palette[1], viz.Palette[0], viz.Palette[0]}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Colors with domain 2 largest = %v, want %v", got, want)
	}
	v.Domains = nil // without domains: by sector (C twice, G once)
	if got, want := Colors(v), []string{viz.Palette[0], viz.Palette[0], viz.Palette[1]}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Colors by sector = %v, want %v", got, want)
	}
	if r, g, b := rgb("#CC6677"); r != 0xCC || g != 0x66 || b != 0x77 {
		t.Errorf("rgb(#CC6677) = %d,%d,%d", r, g, b)
	}
}

var dotFill = regexp.MustCompile(`(?m)^\s*"([^"]+)" \[label=.* fillcolor="(#[0-9A-Fa-f]{6})"`)

// TestColorsMatchDiagrams: a node has the same colour in the exports as in
// the diagram package viz draws of the same view.
func TestColorsMatchDiagrams(t *testing.T) {
	for _, v := range []*analysis.GraphView{testView(), func() *analysis.GraphView { v := testView(); v.Domains = nil; return v }()} {
		dot, err := viz.DOT(v, viz.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		fill := map[string]string{}
		for _, m := range dotFill.FindAllStringSubmatch(string(dot), -1) {
			fill[m[1]] = strings.ToUpper(m[2])
		}
		for i, c := range Colors(v) {
			if got := fill[v.Nodes[i].ID]; got != strings.ToUpper(c) {
				t.Errorf("node %s: export colour %s, diagram fill %q", v.Nodes[i].ID, c, got)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if g, err := ParseFormat(string(f)); err != nil || g != f {
			t.Errorf("ParseFormat(%s) = %s, %v", f, g, err)
		}
	}
	_, err := ParseFormat("xls")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "json, cytoscape, graphology, gexf, graphml, csv, dot, svg, png") {
		t.Errorf("ParseFormat(xls) = %v, want EINVALID listing the formats", err)
	}
	if f, ok := FormatForMediaType("application/gexf+xml"); !ok || f != GEXF {
		t.Errorf("FormatForMediaType(gexf) = %s, %v", f, ok)
	}
	if _, ok := FormatForMediaType("text/html"); ok {
		t.Error("text/html has a format")
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

// gexfRead is GEXF 1.3 as a reader sees it: elements in their namespaces.
type gexfRead struct {
	XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator     string `xml:"http://gexf.net/1.3 creator"`
		Description string `xml:"http://gexf.net/1.3 description"`
	} `xml:"http://gexf.net/1.3 meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Mode            string `xml:"mode,attr"`
		Attributes      []struct {
			Class     string `xml:"class,attr"`
			Attribute []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"http://gexf.net/1.3 attribute"`
		} `xml:"http://gexf.net/1.3 attributes"`
		Nodes []struct {
			ID        string `xml:"id,attr"`
			Label     string `xml:"label,attr"`
			AttValues []struct {
				For   string `xml:"for,attr"`
				Value string `xml:"value,attr"`
			} `xml:"http://gexf.net/1.3 attvalues>attvalue"`
			Color *struct {
				R   int    `xml:"r,attr"`
				G   int    `xml:"g,attr"`
				B   int    `xml:"b,attr"`
				Hex string `xml:"hex,attr"`
			} `xml:"http://gexf.net/1.3/viz color"`
			Size *struct {
				Value float64 `xml:"value,attr"`
			} `xml:"http://gexf.net/1.3/viz size"`
			Position *struct {
				X float64 `xml:"x,attr"`
				Y float64 `xml:"y,attr"`
			} `xml:"http://gexf.net/1.3/viz position"`
		} `xml:"http://gexf.net/1.3 nodes>node"`
		Edges []struct {
			ID     string  `xml:"id,attr"`
			Source string  `xml:"source,attr"`
			Target string  `xml:"target,attr"`
			Kind   string  `xml:"kind,attr"`
			Weight float64 `xml:"weight,attr"`
		} `xml:"http://gexf.net/1.3 edges>edge"`
	} `xml:"http://gexf.net/1.3 graph"`
}

func TestGEXF(t *testing.T) {
	v := testView()
	b, err := GEXFXML(v)
	if err != nil {
		t.Fatal(err)
	}
	var g gexfRead
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("GEXF does not parse: %v\n%s", err, b)
	}
	if g.Version != "1.3" || g.Graph.DefaultEdgeType != "undirected" || g.Graph.Mode != "static" {
		t.Errorf("gexf version %q, defaultedgetype %q, mode %q", g.Version, g.Graph.DefaultEdgeType, g.Graph.Mode)
	}
	for _, want := range []string{"seeds=a", "layers=labour,copatent", "store version 7", "labour@2009-2018 (flows, ratio, threshold 0, dataset 3)", v.Title} {
		if !strings.Contains(g.Meta.Description, want) {
			t.Errorf("description %q lacks %q", g.Meta.Description, want)
		}
	}
	declared := map[string]string{}
	for _, a := range g.Graph.Attributes {
		for _, at := range a.Attribute {
			declared[a.Class+":"+at.ID] = at.Type
		}
	}
	if len(g.Graph.Nodes) != 3 || len(g.Graph.Edges) != 3 {
		t.Fatalf("%d nodes and %d edges, want 3 and 3", len(g.Graph.Nodes), len(g.Graph.Edges))
	}
	sizes, _ := NodeSizes(v)
	for i, n := range g.Graph.Nodes {
		want := v.Nodes[i]
		if n.ID != want.ID || n.Label != want.Label {
			t.Errorf("node %d = %q %q, want %q %q", i, n.ID, n.Label, want.ID, want.Label)
		}
		if n.Color == nil || n.Size == nil || n.Position == nil {
			t.Fatalf("node %s lacks viz:color, viz:size or viz:position (in the viz namespace)", n.ID)
		}
		r, gr, bl := rgb(Colors(v)[i])
		if n.Color.R != r || n.Color.G != gr || n.Color.B != bl || n.Color.Hex != Colors(v)[i] {
			t.Errorf("node %s colour %+v, want %s", n.ID, *n.Color, Colors(v)[i])
		}
		if n.Size.Value != sizes[i] {
			t.Errorf("node %s size %v, want %v", n.ID, n.Size.Value, sizes[i])
		}
		vals := map[string]string{}
		for _, av := range n.AttValues {
			typ, ok := declared["node:"+av.For]
			if !ok {
				t.Errorf("node %s: attvalue for undeclared attribute %q", n.ID, av.For)
			}
			checkGEXFValue(t, typ, av.Value)
			vals[av.For] = av.Value
		}
		if vals["domain"] != strconv.Itoa(want.Domain) || vals["seed"] != strconv.FormatBool(want.Seed) {
			t.Errorf("node %s attvalues %v", n.ID, vals)
		}
		// Nodes in a domain of the view carry its label (a: Tobacco, b: Bakery; c: none).
		if wantLabel := map[string]string{"a": "Tobacco", "b": "Bakery"}[n.ID]; vals["domain_label"] != wantLabel {
			t.Errorf("node %s domain_label %q, want %q", n.ID, vals["domain_label"], wantLabel)
		}
		if _, has := vals["employment"]; has != (want.Employment != nil) {
			t.Errorf("node %s: employment attvalue present %v, want %v", n.ID, has, want.Employment != nil)
		}
	}
	ids := map[string]bool{}
	for i, e := range g.Graph.Edges {
		l := v.Links[i]
		if e.Source != l.Source || e.Target != l.Target || e.Weight != l.Weight || e.Kind != l.Layer {
			t.Errorf("edge %d = %+v, want %+v", i, e, l)
		}
		if ids[e.ID] {
			t.Errorf("edge id %q twice", e.ID)
		}
		ids[e.ID] = true
	}
}

func checkGEXFValue(t *testing.T, typ, val string) {
	t.Helper()
	var err error
	switch typ {
	case "integer":
		_, err = strconv.Atoi(val)
	case "double":
		_, err = strconv.ParseFloat(val, 64)
	case "boolean":
		_, err = strconv.ParseBool(val)
	}
	if err != nil {
		t.Errorf("value %q is not a %s", val, typ)
	}
}

type graphmlRead struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID       string `xml:"id,attr"`
		For      string `xml:"for,attr"`
		AttrName string `xml:"attr.name,attr"`
		AttrType string `xml:"attr.type,attr"`
	} `xml:"http://graphml.graphdrawing.org/xmlns key"`
	Graph struct {
		EdgeDefault string        `xml:"edgedefault,attr"`
		Data        []graphmlData `xml:"http://graphml.graphdrawing.org/xmlns data"`
		Nodes       []struct {
			ID   string        `xml:"id,attr"`
			Data []graphmlData `xml:"http://graphml.graphdrawing.org/xmlns data"`
		} `xml:"http://graphml.graphdrawing.org/xmlns node"`
		Edges []struct {
			ID     string        `xml:"id,attr"`
			Source string        `xml:"source,attr"`
			Target string        `xml:"target,attr"`
			Data   []graphmlData `xml:"http://graphml.graphdrawing.org/xmlns data"`
		} `xml:"http://graphml.graphdrawing.org/xmlns edge"`
	} `xml:"http://graphml.graphdrawing.org/xmlns graph"`
}

func TestGraphML(t *testing.T) {
	v := testView()
	b, err := GraphMLXML(v)
	if err != nil {
		t.Fatal(err)
	}
	// The schema requires every key before the graph.
	if strings.LastIndex(string(b), "<key ") > strings.Index(string(b), "<graph ") {
		t.Error("a key element follows the graph element")
	}
	var g graphmlRead
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("GraphML does not parse: %v\n%s", err, b)
	}
	keys := map[string]string{}
	types := map[string]string{}
	for _, k := range g.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Errorf("key %s declared twice", k.ID)
		}
		switch k.AttrType {
		case "boolean", "int", "long", "float", "double", "string":
		default:
			t.Errorf("key %s has attr.type %q", k.ID, k.AttrType)
		}
		keys[k.ID], types[k.ID] = k.For, k.AttrType
	}
	check := func(for_ string, data []graphmlData) map[string]string {
		out := map[string]string{}
		for _, d := range data {
			if keys[d.Key] != for_ {
				t.Errorf("data key %q on a %s is declared for %q", d.Key, for_, keys[d.Key])
			}
			checkGEXFValue(t, map[string]string{"int": "integer", "long": "integer", "double": "double", "boolean": "boolean"}[types[d.Key]], d.Value)
			out[d.Key] = d.Value
		}
		return out
	}
	gd := check("graph", g.Graph.Data)
	if gd["g_param_seeds"] != "a" || gd["g_store_version"] != "7" || gd["g_title"] != v.Title || gd["g_layers"] != "labour@2009-2018,copatent@2010" {
		t.Errorf("graph data %v", gd)
	}
	var prov analysis.Provenance
	if err := json.Unmarshal([]byte(gd["g_provenance"]), &prov); err != nil || prov.StoreVersion != 7 || len(prov.Layers) != 2 {
		t.Errorf("g_provenance %q: %v", gd["g_provenance"], err)
	}
	if g.Graph.EdgeDefault != "undirected" || len(g.Graph.Nodes) != 3 || len(g.Graph.Edges) != 3 {
		t.Fatalf("edgedefault %q, %d nodes, %d edges", g.Graph.EdgeDefault, len(g.Graph.Nodes), len(g.Graph.Edges))
	}
	nodes := map[string]bool{}
	for i, n := range g.Graph.Nodes {
		d := check("node", n.Data)
		if n.ID != v.Nodes[i].ID || d["n_label"] != v.Nodes[i].Label || d["n_color"] != Colors(v)[i] {
			t.Errorf("node %d = %s %v", i, n.ID, d)
		}
		nodes[n.ID] = true
	}
	for i, e := range g.Graph.Edges {
		d := check("edge", e.Data)
		if !nodes[e.Source] || !nodes[e.Target] || d["e_layer"] != v.Links[i].Layer || d["e_weight"] != fmtG(v.Links[i].Weight) {
			t.Errorf("edge %d = %+v %v", i, e, d)
		}
	}
}

// TestGraphMLIgraph reads the GraphML back with python-igraph, an
// independent reader, when it is installed.
// igraph reads numeric GraphML attributes (long included) as floats.
func TestGraphMLIgraph(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import igraph").Run(); err != nil {
		t.Skipf("python3 with igraph not available (%v): skipping the igraph cross-check", err)
	}
	b, err := GraphMLXML(testView())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "v.graphml")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `import igraph, sys
g = igraph.Graph.Read_GraphML(sys.argv[1])
print(g.vcount(), g.ecount(), g.is_directed(), g.vs[0]["label"], g.es[0]["weight"], g["param.seeds"], g["store_version"])`, p).CombinedOutput()
	if err != nil {
		t.Fatalf("igraph cannot read the GraphML: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "3 3 False Manufacture of ‘Tobacco’ & <cigars> 2.0 a 7.0"; got != want {
		t.Errorf("igraph read %q, want %q", got, want)
	}
}

func TestCytoscape(t *testing.T) {
	v := testView()
	b, err := CytoscapeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	// The shape cy.json() reads: elements.nodes[].data.id, elements.edges[].data.{id,source,target}.
	var doc struct {
		Data struct {
			Name       string            `json:"name"`
			Params     map[string]string `json:"params"`
			Provenance struct {
				StoreVersion int64 `json:"store_version"`
			} `json:"provenance"`
		} `json:"data"`
		Elements struct {
			Nodes []struct {
				Data     map[string]any     `json:"data"`
				Position map[string]float64 `json:"position"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Data.Name != v.Title || doc.Data.Params["seeds"] != "a" || doc.Data.Provenance.StoreVersion != 7 {
		t.Errorf("graph data %+v", doc.Data)
	}
	ids := map[string]bool{}
	for i, n := range doc.Elements.Nodes {
		id, _ := n.Data["id"].(string)
		if id != v.Nodes[i].ID || n.Data["label"] != v.Nodes[i].Label || n.Data["color"] != Colors(v)[i] {
			t.Errorf("node %d data %v", i, n.Data)
		}
		if _, ok := n.Position["x"]; !ok {
			t.Errorf("node %s has no position", id)
		}
		ids[id] = true
	}
	for i, e := range doc.Elements.Edges {
		id, _ := e.Data["id"].(string)
		src, _ := e.Data["source"].(string)
		tgt, _ := e.Data["target"].(string)
		if id == "" || ids[id] || !ids[src] || !ids[tgt] || e.Data["weight"] != v.Links[i].Weight {
			t.Errorf("edge %d data %v: ids must be unique across elements and ends must be nodes", i, e.Data)
		}
		ids[id] = true
	}
	if len(doc.Elements.Nodes) != 3 || len(doc.Elements.Edges) != 3 {
		t.Errorf("%d nodes, %d edges", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
}

func TestGraphology(t *testing.T) {
	v := testView()
	b, err := GraphologyJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Options struct {
			Type           string `json:"type"`
			Multi          bool   `json:"multi"`
			AllowSelfLoops bool   `json:"allowSelfLoops"`
		} `json:"options"`
		Attributes map[string]any `json:"attributes"`
		Nodes      []struct {
			Key        string         `json:"key"`
			Attributes map[string]any `json:"attributes"`
		} `json:"nodes"`
		Edges []struct {
			Key        string         `json:"key"`
			Source     string         `json:"source"`
			Target     string         `json:"target"`
			Undirected bool           `json:"undirected"`
			Attributes map[string]any `json:"attributes"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Options.Type != "undirected" || !doc.Options.Multi || doc.Options.AllowSelfLoops {
		t.Errorf("options %+v: want undirected multigraph without self-loops (two layers link a–b)", doc.Options)
	}
	if doc.Attributes["name"] != v.Title || doc.Attributes["params"] == nil || doc.Attributes["provenance"] == nil {
		t.Errorf("graph attributes %v", doc.Attributes)
	}
	keys := map[string]bool{}
	for i, n := range doc.Nodes {
		a := n.Attributes
		_, x := a["x"].(float64)
		_, y := a["y"].(float64)
		_, s := a["size"].(float64)
		if n.Key != v.Nodes[i].ID || a["label"] != v.Nodes[i].Label || !x || !y || !s || a["color"] != Colors(v)[i] {
			t.Errorf("node %d = %s %v: sigma.js needs label, x, y, size, color", i, n.Key, a)
		}
		keys[n.Key] = true
	}
	ekeys := map[string]bool{}
	for i, e := range doc.Edges {
		if !keys[e.Source] || !keys[e.Target] || !e.Undirected || ekeys[e.Key] || e.Attributes["layer"] != v.Links[i].Layer {
			t.Errorf("edge %d = %+v", i, e)
		}
		ekeys[e.Key] = true
	}
	// One layer only: not a multigraph.
	v.Links = v.Links[:1]
	v.Links[0].Layer = "labour@2009-2018"
	b, _ = GraphologyJSON(v)
	if !bytes.Contains(b, []byte(`"multi":false`)) {
		t.Error("a one-layer view is a multigraph")
	}
}

func TestNodeLink(t *testing.T) {
	v := testView()
	b, err := NodeLink(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Directed   bool                  `json:"directed"`
		Multigraph bool                  `json:"multigraph"`
		Params     map[string]string     `json:"params"`
		Provenance analysis.Provenance   `json:"provenance"`
		Nodes      []Node                `json:"nodes"`
		Links      []analysis.ViewLink   `json:"links"`
		Domains    []analysis.ViewDomain `json:"domains"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Directed || !doc.Multigraph || len(doc.Nodes) != 3 || len(doc.Links) != 3 || doc.Provenance.StoreVersion != 7 || doc.Params["hops"] != "1" || len(doc.Domains) != 2 {
		t.Errorf("node-link document %+v", doc)
	}
	if doc.Nodes[0].Label != v.Nodes[0].Label || *doc.Nodes[0].Employment != 100 || doc.Nodes[0].Color != viz.Palette[0] || doc.Nodes[0].Size != 20 {
		t.Errorf("node 0 = %+v", doc.Nodes[0])
	}
}

func TestCSV(t *testing.T) {
	v := testView()
	b, err := CSVZip(v)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := CSVZip(v)
	if !bytes.Equal(b, again) {
		t.Error("two CSV zips of the same view differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][][]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = rows
	}
	nodes, edges, params := files["nodes.csv"], files["edges.csv"], files["params.csv"]
	if len(nodes) != 4 || len(edges) != 4 || len(files) != 3 {
		t.Fatalf("zip holds %d files; nodes.csv %d rows, edges.csv %d rows (want 3 files, 4 and 4 rows with headers)", len(files), len(nodes), len(edges))
	}
	if last := slices.Index(NodeColumns, "domain_label"); nodes[1][last] != "Tobacco" || nodes[2][last] != "Bakery" || nodes[3][last] != "" {
		t.Errorf("domain_label column: %q, %q, %q; want Tobacco, Bakery and empty", nodes[1][last], nodes[2][last], nodes[3][last])
	}
	if strings.Join(nodes[0], ",") != strings.Join(NodeColumns, ",") || nodes[2][1] != v.Nodes[1].Label || nodes[3][6] != "" || nodes[1][6] != "100" {
		t.Errorf("nodes.csv = %q", nodes)
	}
	// The labour link has a q-value, the co-patenting one none (empty cell).
	if strings.Join(edges[1], ",") != "a,b,labour@2009-2018,2,40,0.003,true" || strings.Join(edges[2], ",") != "a,b,copatent@2010,1,3,,true" {
		t.Errorf("edges.csv row 1 = %q", edges[1])
	}
	kv := map[string]string{}
	for _, r := range params[1:] {
		kv[r[0]] = r[1]
	}
	if kv["param.seeds"] != "a" || kv["provenance.store_version"] != "7" || kv["provenance.layer.1"] != "copatent@2010" || kv["provenance.layer.1.threshold"] != "1" || kv["title"] != v.Title {
		t.Errorf("params.csv = %v", kv)
	}
	var one bytes.Buffer
	if err := CSVPart(&one, v, "edges"); err != nil || !strings.HasPrefix(one.String(), "source,target,layer") {
		t.Errorf("CSVPart(edges) = %q, %v", one.String(), err)
	}
	if err := CSVPart(&one, v, "links"); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("CSVPart(links) = %v, want EINVALID", err)
	}
}

func TestEmptyView(t *testing.T) {
	v := &analysis.GraphView{Title: "empty", Params: map[string]string{}}
	for _, f := range []Format{JSON, Cytoscape, Graphology, GEXF, GraphML, CSV} {
		if _, err := Write(v, f); err != nil {
			t.Errorf("%s of an empty view: %v", f, err)
		}
	}
	b, _ := NodeLink(v)
	if !bytes.Contains(b, []byte(`"links":[]`)) {
		t.Errorf("empty node-link has no links array: %s", b)
	}
}
