package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// GEXF 1.3, GEXF 1.2draft and GraphML namespaces.
const (
	GEXFNamespace      = "http://gexf.net/1.3"
	GEXFVizNamespace   = "http://gexf.net/1.3/viz"
	GEXF12Namespace    = "http://www.gexf.net/1.2draft"
	GEXF12VizNamespace = "http://www.gexf.net/1.2draft/viz"
	GraphMLNamespace   = "http://graphml.graphdrawing.org/xmlns"
	xsiNamespace       = "http://www.w3.org/2001/XMLSchema-instance"
)

type gexfDoc struct {
	XMLName        xml.Name  `xml:"gexf"`
	XMLNS          string    `xml:"xmlns,attr"`
	XMLNSViz       string    `xml:"xmlns:viz,attr"`
	XMLNSXsi       string    `xml:"xmlns:xsi,attr"`
	SchemaLocation string    `xml:"xsi:schemaLocation,attr"`
	Version        string    `xml:"version,attr"`
	Meta           gexfMeta  `xml:"meta"`
	Graph          gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Keywords    string `xml:"keywords"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	Mode            string           `xml:"mode,attr"`
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	IDType          string           `xml:"idtype,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           struct {
		Count int        `xml:"count,attr"`
		Node  []gexfNode `xml:"node"`
	} `xml:"nodes"`
	Edges struct {
		Count int        `xml:"count,attr"`
		Edge  []gexfEdge `xml:"edge"`
	} `xml:"edges"`
}

type gexfAttributes struct {
	Class     string          `xml:"class,attr"`
	Mode      string          `xml:"mode,attr"`
	Attribute []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID        string         `xml:"id,attr"`
	Label     string         `xml:"label,attr"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
	Color     gexfColor      `xml:"viz:color"`
	Position  gexfPosition   `xml:"viz:position"`
	Size      gexfValue      `xml:"viz:size"`
}

type gexfColor struct {
	R   int    `xml:"r,attr"`
	G   int    `xml:"g,attr"`
	B   int    `xml:"b,attr"`
	Hex string `xml:"hex,attr,omitempty"` // GEXF 1.3 only
}

type gexfPosition struct {
	X float64 `xml:"x,attr"`
	Y float64 `xml:"y,attr"`
	Z float64 `xml:"z,attr"`
}

type gexfValue struct {
	Value float64 `xml:"value,attr"`
}

type gexfEdge struct {
	ID        string         `xml:"id,attr"`
	Source    string         `xml:"source,attr"`
	Target    string         `xml:"target,attr"`
	Kind      string         `xml:"kind,attr"`
	Label     string         `xml:"label,attr"`
	Weight    float64        `xml:"weight,attr"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
	Thickness gexfValue      `xml:"viz:thickness"`
}

// GEXF node and edge attributes: id, type.
var (
	gexfNodeAttrs = [][2]string{{"sector", "string"}, {"sector_name", "string"}, {"domain", "integer"}, {"domain_label", "string"},
		{"strength", "double"}, {"employment", "double"}, {"bridging", "double"}, {"seed", "boolean"}, {"hops", "integer"},
		{"region_role", "string"}, {"lq", "double"}, {"density", "double"}}
	gexfEdgeAttrs = [][2]string{{"layer", "string"}, {"count", "double"}, {"q_value", "double"}, {"cross_domain", "boolean"}}
)

func attrDecl(class string, attrs [][2]string) gexfAttributes {
	a := gexfAttributes{Class: class, Mode: "static"}
	for _, x := range attrs {
		a.Attribute = append(a.Attribute, gexfAttribute{ID: x[0], Title: x[0], Type: x[1]})
	}
	return a
}

// GEXF versions written by GEXFXMLVersion.
const (
	GEXF12 = "1.2"
	GEXF13 = "1.3"
)

// ParseGEXFVersion checks a GEXF version asked for by a user: "" (the
// default, 1.3), "1.3" or "1.2".
func ParseGEXFVersion(s string) (string, error) {
	switch s {
	case "", GEXF13:
		return GEXF13, nil
	case GEXF12:
		return GEXF12, nil
	}
	return "", graphmodel.FieldErrorf(graphmodel.EINVALID, "version", "GEXF version %q: expected 1.3 (the default) or 1.2", s)
}

// GEXFXML writes v as GEXF 1.3 (opens in Gephi): node attributes, domain
// colours (viz:color), sizes (viz:size, see NodeSizes), starting positions
// (see Positions) and link widths (viz:thickness, see EdgeSizes); links are
// undirected, one per layer with the layer key as their kind; colours are
// those of the diagrams (Colors). The
// parameters and provenance are in the meta description.
func GEXFXML(v *analysis.GraphView) ([]byte, error) { return GEXFXMLVersion(v, GEXF13) }

// GEXFXMLVersion writes v as GEXFXML does in GEXF version 1.3 or 1.2
// (1.2draft: its namespaces, and colours as r, g, b without hex), which
// networkx before 3.0 (read_gexf knows 1.1draft and 1.2draft only) and
// Gephi before 0.10 read.
func GEXFXMLVersion(v *analysis.GraphView, version string) ([]byte, error) {
	version, err := ParseGEXFVersion(version)
	if err != nil {
		return nil, err
	}
	doc := gexfDoc{
		XMLNS: GEXFNamespace, XMLNSViz: GEXFVizNamespace, XMLNSXsi: xsiNamespace,
		SchemaLocation: GEXFNamespace + " http://gexf.net/1.3/gexf.xsd", Version: GEXF13,
		Meta: gexfMeta{Creator: "domainscope", Keywords: "industry relatedness, knowledge domains",
			Description: fmt.Sprintf("%s. Parameters: %s. Provenance: %s.", v.Title, ParamsText(v), ProvenanceText(v.Provenance))},
	}
	if version == GEXF12 {
		doc.XMLNS, doc.XMLNSViz, doc.Version = GEXF12Namespace, GEXF12VizNamespace, GEXF12
		doc.SchemaLocation = GEXF12Namespace + " http://www.gexf.net/1.2draft/gexf.xsd"
	}
	g := &doc.Graph
	g.Mode, g.DefaultEdgeType, g.IDType = "static", "undirected", "string"
	g.Attributes = []gexfAttributes{attrDecl("node", gexfNodeAttrs), attrDecl("edge", gexfEdgeAttrs)}
	sizes, _ := NodeSizes(v)
	pos := Positions(v)
	colors := Colors(v)
	labels := domainLabels(v)
	for i, n := range v.Nodes {
		r, gr, b := rgb(colors[i])
		node := gexfNode{ID: n.ID, Label: n.Label,
			Color:    gexfColor{R: r, G: gr, B: b},
			Position: gexfPosition{X: pos[i][0], Y: pos[i][1]},
			Size:     gexfValue{sizes[i]},
		}
		if version == GEXF13 {
			node.Color.Hex = colors[i]
		}
		add := func(k, val string) { node.AttValues = append(node.AttValues, gexfAttValue{k, val}) }
		add("sector", n.Sector)
		add("sector_name", n.SectorName)
		add("domain", strconv.Itoa(n.Domain))
		if l, ok := labels[n.Domain]; ok {
			add("domain_label", l)
		}
		add("strength", fmtG(n.Strength))
		if n.Employment != nil {
			add("employment", fmtG(*n.Employment))
		}
		if n.Bridging != nil {
			add("bridging", fmtG(*n.Bridging))
		}
		add("seed", fmtBool(n.Seed))
		add("hops", strconv.Itoa(n.Hops))
		if n.RegionRole != "" {
			add("region_role", n.RegionRole)
		}
		if n.LQ != nil {
			add("lq", fmtG(*n.LQ))
		}
		if n.Density != nil {
			add("density", fmtG(*n.Density))
		}
		g.Nodes.Node = append(g.Nodes.Node, node)
	}
	widths := EdgeSizes(v)
	for i, l := range v.Links {
		att := []gexfAttValue{{"layer", l.Layer}, {"count", fmtG(l.Count)}}
		if l.QValue != nil {
			att = append(att, gexfAttValue{"q_value", optFloat(l.QValue)})
		}
		att = append(att, gexfAttValue{"cross_domain", fmtBool(l.CrossDomain)})
		g.Edges.Edge = append(g.Edges.Edge, gexfEdge{ID: linkID(l), Source: l.Source, Target: l.Target,
			Kind: l.Layer, Label: l.Layer, Weight: l.Weight, Thickness: gexfValue{widths[i]}, AttValues: att})
	}
	g.Nodes.Count, g.Edges.Count = len(g.Nodes.Node), len(g.Edges.Edge)
	return marshalXML(doc)
}

func marshalXML(doc any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

type graphmlDoc struct {
	XMLName        xml.Name     `xml:"graphml"`
	XMLNS          string       `xml:"xmlns,attr"`
	XMLNSXsi       string       `xml:"xmlns:xsi,attr"`
	SchemaLocation string       `xml:"xsi:schemaLocation,attr"`
	Keys           []graphmlKey `xml:"key"`
	Graph          graphmlGraph `xml:"graph"`
}

type graphmlKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Data        []graphmlData `xml:"data"`
	Nodes       []graphmlNode `xml:"node"`
	Edges       []graphmlEdge `xml:"edge"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

// GraphML keys of the graph, nodes and edges: id, attr.type. A key's
// attr.name is its id without the "g_", "n_" or "e_" prefix; every view
// parameter k is a graph key "g_param_k" named "param.k".
var (
	graphmlGraphKeys = [][2]string{{"g_title", "string"}, {"g_params", "string"}, {"g_provenance", "string"},
		{"g_store_version", "long"}, {"g_classification", "string"}, {"g_layers", "string"}, {"g_truncated", "boolean"}}
	graphmlNodeKeys = [][2]string{{"n_label", "string"}, {"n_sector", "string"}, {"n_sector_name", "string"},
		{"n_domain", "int"}, {"n_domain_label", "string"}, {"n_strength", "double"}, {"n_employment", "double"}, {"n_bridging", "double"},
		{"n_seed", "boolean"}, {"n_hops", "int"}, {"n_color", "string"}, {"n_size", "double"},
		{"n_region_role", "string"}, {"n_lq", "double"}, {"n_density", "double"}}
	graphmlEdgeKeys = [][2]string{{"e_layer", "string"}, {"e_weight", "double"}, {"e_count", "double"}, {"e_q_value", "double"}, {"e_cross_domain", "boolean"}}
)

// GraphMLXML writes v as GraphML with a key declaration for every
// attribute: graph data (title, parameters one key each, provenance as
// JSON, store version, classification, layers), node attributes with colour
// and size, and undirected edges e0, e1, … (one per layer and pair).
func GraphMLXML(v *analysis.GraphView) ([]byte, error) {
	prov, err := json.Marshal(v.Provenance)
	if err != nil {
		return nil, err
	}
	doc := graphmlDoc{XMLNS: GraphMLNamespace, XMLNSXsi: xsiNamespace,
		SchemaLocation: GraphMLNamespace + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"}
	declare := func(for_ string, keys [][2]string, prefix int) {
		for _, k := range keys {
			doc.Keys = append(doc.Keys, graphmlKey{ID: k[0], For: for_, AttrName: k[0][prefix:], AttrType: k[1]})
		}
	}
	declare("graph", graphmlGraphKeys, 2)
	params := paramKeys(v)
	for _, p := range params {
		doc.Keys = append(doc.Keys, graphmlKey{ID: "g_param_" + p, For: "graph", AttrName: "param." + p, AttrType: "string"})
	}
	declare("node", graphmlNodeKeys, 2)
	declare("edge", graphmlEdgeKeys, 2)

	g := &doc.Graph
	g.ID, g.EdgeDefault = "G", "undirected"
	g.Data = []graphmlData{{"g_title", v.Title}, {"g_params", ParamsText(v)}, {"g_provenance", string(prov)},
		{"g_store_version", strconv.FormatInt(v.Provenance.StoreVersion, 10)}, {"g_classification", v.Provenance.Classification},
		{"g_layers", joinComma(layerKeys(v.Provenance))}, {"g_truncated", fmtBool(v.Truncated)}}
	for _, p := range params {
		g.Data = append(g.Data, graphmlData{"g_param_" + p, v.Params[p]})
	}
	sizes, _ := NodeSizes(v)
	colors := Colors(v)
	labels := domainLabels(v)
	for i, n := range v.Nodes {
		d := []graphmlData{{"n_label", n.Label}, {"n_sector", n.Sector}, {"n_sector_name", n.SectorName},
			{"n_domain", strconv.Itoa(n.Domain)}}
		if l, ok := labels[n.Domain]; ok {
			d = append(d, graphmlData{"n_domain_label", l})
		}
		d = append(d, graphmlData{"n_strength", fmtG(n.Strength)})
		if n.Employment != nil {
			d = append(d, graphmlData{"n_employment", fmtG(*n.Employment)})
		}
		if n.Bridging != nil {
			d = append(d, graphmlData{"n_bridging", fmtG(*n.Bridging)})
		}
		d = append(d, graphmlData{"n_seed", fmtBool(n.Seed)}, graphmlData{"n_hops", strconv.Itoa(n.Hops)},
			graphmlData{"n_color", colors[i]}, graphmlData{"n_size", fmtG(sizes[i])})
		if n.RegionRole != "" {
			d = append(d, graphmlData{"n_region_role", n.RegionRole})
		}
		if n.LQ != nil {
			d = append(d, graphmlData{"n_lq", fmtG(*n.LQ)})
		}
		if n.Density != nil {
			d = append(d, graphmlData{"n_density", fmtG(*n.Density)})
		}
		g.Nodes = append(g.Nodes, graphmlNode{ID: n.ID, Data: d})
	}
	for i, l := range v.Links {
		d := []graphmlData{{"e_layer", l.Layer}, {"e_weight", fmtG(l.Weight)}, {"e_count", fmtG(l.Count)}}
		if l.QValue != nil {
			d = append(d, graphmlData{"e_q_value", optFloat(l.QValue)})
		}
		d = append(d, graphmlData{"e_cross_domain", fmtBool(l.CrossDomain)})
		g.Edges = append(g.Edges, graphmlEdge{ID: "e" + strconv.Itoa(i), Source: l.Source, Target: l.Target, Data: d})
	}
	return marshalXML(doc)
}

func joinComma(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(x)
	}
	return b.String()
}

// domainLabels maps the domain IDs of v to their labels.
func domainLabels(v *analysis.GraphView) map[int]string {
	m := make(map[int]string, len(v.Domains))
	for _, d := range v.Domains {
		m[d.ID] = d.Label
	}
	return m
}
