package export

import (
	"encoding/json"
	"math"

	"github.com/domainscope/domainscope/analysis"
)

// Node is a view node with its display colour (Colors) and size
// (NodeSizes), as the JSON formats write it.
type Node struct {
	analysis.ViewNode
	Color string  `json:"color"`
	Size  float64 `json:"size"`
}

// nodes returns the view's nodes with their colours and sizes.
func nodes(v *analysis.GraphView) []Node {
	sizes, _ := NodeSizes(v)
	colors := Colors(v)
	out := make([]Node, len(v.Nodes))
	for i, n := range v.Nodes {
		out[i] = Node{ViewNode: n, Color: colors[i], Size: sizes[i]}
	}
	return out
}

// EdgeSizes returns each link's display width, 0.5 + 4.5 · w / max w (w the
// link's weight), so the strongest link is 5 units wide.
func EdgeSizes(v *analysis.GraphView) []float64 {
	top := 0.0
	for _, l := range v.Links {
		top = math.Max(top, l.Weight)
	}
	out := make([]float64, len(v.Links))
	for i, l := range v.Links {
		out[i] = 0.5
		if top > 0 && l.Weight > 0 {
			out[i] = round2(0.5 + 4.5*l.Weight/top)
		}
	}
	return out
}

// NodeLinkGraph is the node-link JSON document: the view with directed and
// multigraph flags (the shape of networkx's node_link_data and d3-force).
// The links are written twice, as "links" (networkx before 3.4, d3-force)
// and as "edges" (the default of networkx ≥ 3.6, and of 3.4 with
// edges="edges"), so that node_link_graph(data) reads it without
// arguments in every networkx version; graph holds the graph attributes
// networkx reads (name, parameters, provenance).
type NodeLinkGraph struct {
	Directed   bool                  `json:"directed"`
	Multigraph bool                  `json:"multigraph"`
	Graph      GraphData             `json:"graph"`
	Title      string                `json:"title"`
	Params     map[string]string     `json:"params"`
	Provenance analysis.Provenance   `json:"provenance"`
	Nodes      []Node                `json:"nodes"`
	Links      []analysis.ViewLink   `json:"links"`
	Edges      []analysis.ViewLink   `json:"edges"`
	Domains    []analysis.ViewDomain `json:"domains,omitempty"`
	Truncated  bool                  `json:"truncated"`
	// SizeBy names the measure behind the node sizes (employment or strength).
	SizeBy string `json:"size_by"`
}

// NodeLink writes the node-link JSON document of v.
func NodeLink(v *analysis.GraphView) ([]byte, error) {
	_, by := NodeSizes(v)
	links := v.Links
	if links == nil {
		links = []analysis.ViewLink{}
	}
	return json.Marshal(NodeLinkGraph{
		Multigraph: multigraph(v), Graph: graphData(v), Title: v.Title, Params: v.Params, Provenance: v.Provenance,
		Nodes: nodes(v), Links: links, Edges: links, Domains: v.Domains, Truncated: v.Truncated, SizeBy: by,
	})
}

// GraphData is the graph-level data every JSON format carries.
type GraphData struct {
	Name       string                `json:"name"`
	Params     map[string]string     `json:"params"`
	Provenance analysis.Provenance   `json:"provenance"`
	Domains    []analysis.ViewDomain `json:"domains,omitempty"`
	Truncated  bool                  `json:"truncated"`
	SizeBy     string                `json:"size_by"`
	// Layout is "stress" when the positions are a layout (Layout), absent
	// when they are Positions' starting circle.
	Layout string `json:"layout,omitempty"`
}

func graphData(v *analysis.GraphView) GraphData {
	_, by := NodeSizes(v)
	return GraphData{Name: v.Title, Params: v.Params, Provenance: v.Provenance, Domains: v.Domains, Truncated: v.Truncated, SizeBy: by}
}

// CytoscapeDoc is a Cytoscape.js document as cy.json() reads and writes it
// (and Cytoscape desktop's .cyjs): graph data and elements grouped into
// nodes and edges, each with its data object.
type CytoscapeDoc struct {
	FormatVersion string    `json:"format_version"`
	GeneratedBy   string    `json:"generated_by"`
	Target        string    `json:"target_cytoscapejs_version"`
	Data          GraphData `json:"data"`
	// Style is a Cytoscape.js stylesheet that draws the colours, sizes and
	// labels of the export: cytoscape({elements: doc.elements, style:
	// doc.style}) or cy.json(doc) shows them without further code.
	Style    []CytoscapeStyle `json:"style"`
	Elements struct {
		Nodes []CytoscapeNode `json:"nodes"`
		Edges []CytoscapeEdge `json:"edges"`
	} `json:"elements"`
}

// CytoscapeStyle is one rule of a Cytoscape.js stylesheet.
type CytoscapeStyle struct {
	Selector string         `json:"selector"`
	Style    map[string]any `json:"style"`
}

// CytoscapeStylesheet is the style block of the Cytoscape.js export: nodes
// take their data's color and size (Colors, NodeSizes) and are labelled,
// seeds get a dark 2 px border, edges take their data's size as width, and
// links across domains are dashed.
func CytoscapeStylesheet() []CytoscapeStyle {
	return []CytoscapeStyle{
		{"node", map[string]any{"background-color": "data(color)", "width": "data(size)", "height": "data(size)",
			"label": "data(label)", "font-size": 6, "text-valign": "bottom", "text-halign": "center", "border-width": 0.5, "border-color": "#555555"}},
		{"node[?seed]", map[string]any{"border-width": 2, "border-color": "#222222"}},
		{"edge", map[string]any{"width": "data(size)", "line-color": "#999999", "opacity": 0.7, "curve-style": "bezier"}},
		{"edge[?cross_domain]", map[string]any{"line-style": "dashed"}},
	}
}

// CytoscapeNode is one node element.
type CytoscapeNode struct {
	Data     Node `json:"data"`
	Position struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
	} `json:"position"`
}

// CytoscapeEdge is one edge element.
type CytoscapeEdge struct {
	Data EdgeData `json:"data"`
}

// EdgeData is a link with its identity and display width.
type EdgeData struct {
	ID string `json:"id"`
	analysis.ViewLink
	Size float64 `json:"size"`
}

// CytoscapeJSON writes v as a Cytoscape.js document, its nodes at the
// positions of Layout.
func CytoscapeJSON(v *analysis.GraphView) ([]byte, error) {
	doc := CytoscapeDoc{FormatVersion: "1.0", GeneratedBy: "domainscope", Target: "~3", Data: graphData(v), Style: CytoscapeStylesheet()}
	pos, laid := Layout(v)
	if laid {
		doc.Data.Layout = "stress"
	}
	doc.Elements.Nodes = make([]CytoscapeNode, len(v.Nodes))
	for i, n := range nodes(v) {
		doc.Elements.Nodes[i].Data = n
		doc.Elements.Nodes[i].Position.X, doc.Elements.Nodes[i].Position.Y = pos[i][0], pos[i][1]
	}
	sizes := EdgeSizes(v)
	doc.Elements.Edges = make([]CytoscapeEdge, len(v.Links))
	for i, l := range v.Links {
		doc.Elements.Edges[i].Data = EdgeData{ID: linkID(l), ViewLink: l, Size: sizes[i]}
	}
	return json.Marshal(doc)
}

// GraphologyDoc is graphology's serialised graph (graph.export() /
// graph.import(), what sigma.js draws): options, graph attributes, nodes by
// key and edges with source and target.
type GraphologyDoc struct {
	Options struct {
		Type           string `json:"type"`
		Multi          bool   `json:"multi"`
		AllowSelfLoops bool   `json:"allowSelfLoops"`
	} `json:"options"`
	Attributes GraphData        `json:"attributes"`
	Nodes      []GraphologyNode `json:"nodes"`
	Edges      []GraphologyEdge `json:"edges"`
}

// GraphologyNode is one serialised node; its attributes carry sigma.js's
// label, x, y, size and color.
type GraphologyNode struct {
	Key        string         `json:"key"`
	Attributes GraphologyAttr `json:"attributes"`
}

// GraphologyAttr are a node's attributes.
type GraphologyAttr struct {
	Node
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// GraphologyEdge is one serialised undirected edge.
type GraphologyEdge struct {
	Key        string   `json:"key"`
	Source     string   `json:"source"`
	Target     string   `json:"target"`
	Undirected bool     `json:"undirected"`
	Attributes EdgeData `json:"attributes"`
}

// GraphologyJSON writes v as graphology's serialised graph.
func GraphologyJSON(v *analysis.GraphView) ([]byte, error) {
	var doc GraphologyDoc
	doc.Options.Type = "undirected"
	doc.Options.Multi = multigraph(v)
	doc.Attributes = graphData(v)
	pos := Positions(v)
	doc.Nodes = make([]GraphologyNode, len(v.Nodes))
	for i, n := range nodes(v) {
		doc.Nodes[i] = GraphologyNode{Key: n.ID, Attributes: GraphologyAttr{Node: n, X: pos[i][0], Y: pos[i][1]}}
	}
	sizes := EdgeSizes(v)
	doc.Edges = make([]GraphologyEdge, len(v.Links))
	for i, l := range v.Links {
		id := linkID(l)
		doc.Edges[i] = GraphologyEdge{Key: id, Source: l.Source, Target: l.Target, Undirected: true,
			Attributes: EdgeData{ID: id, ViewLink: l, Size: sizes[i]}}
	}
	return json.Marshal(doc)
}
