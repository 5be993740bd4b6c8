// Package export writes graph views (analysis.GraphView) in the formats
// that visualisation tools read: node-link JSON, Cytoscape.js elements,
// graphology's serialised graph (sigma.js), GEXF 1.3 (Gephi), GraphML and
// CSV. Every writer is a pure function of the view, and every output carries
// the view's parameters and provenance.
package export

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

// Format is a graph export format.
type Format string

// The export formats. DOT, SVG and PNG are drawn by package viz.
const (
	JSON       Format = "json"
	Cytoscape  Format = "cytoscape"
	Graphology Format = "graphology"
	GEXF       Format = "gexf"
	GraphML    Format = "graphml"
	CSV        Format = "csv"
	DOT        Format = "dot"
	SVG        Format = "svg"
	PNG        Format = "png"
)

// Formats lists every format in the order documented.
var Formats = []Format{JSON, Cytoscape, Graphology, GEXF, GraphML, CSV, DOT, SVG, PNG}

// ParseFormat validates a format name given by a user.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", graphmodel.Errorf(graphmodel.EINVALID, "format %q: expected one of %s", s, strings.Join(names, ", "))
}

// ContentType is the media type of a format (CSV is a zip of several files).
func (f Format) ContentType() string {
	switch f {
	case GEXF:
		return "application/gexf+xml"
	case GraphML:
		return "application/graphml+xml"
	case CSV:
		return "application/zip"
	case DOT:
		return "text/vnd.graphviz; charset=utf-8"
	case SVG:
		return "image/svg+xml"
	case PNG:
		return "image/png"
	}
	return "application/json; charset=utf-8"
}

// Extension is the file name extension of a format.
func (f Format) Extension() string {
	switch f {
	case Cytoscape:
		return "cyjs"
	case Graphology:
		return "graphology.json"
	case CSV:
		return "zip"
	case DOT:
		return "gv"
	}
	return string(f)
}

// FormatForMediaType returns the format that answers an Accept media type,
// and false for media types no format answers.
func FormatForMediaType(mt string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(mt)) {
	case "application/json", "application/*", "*/*":
		return JSON, true
	case "application/vnd.cytoscape+json":
		return Cytoscape, true
	case "application/vnd.graphology+json":
		return Graphology, true
	case "application/gexf+xml":
		return GEXF, true
	case "application/graphml+xml":
		return GraphML, true
	case "application/zip", "text/csv":
		return CSV, true
	case "text/vnd.graphviz":
		return DOT, true
	case "image/svg+xml":
		return SVG, true
	case "image/png":
		return PNG, true
	}
	return "", false
}

// Options are the choices of a format beyond its name.
type Options struct {
	// GEXFVersion is the GEXF version: "" or "1.3" (the default), or "1.2"
	// (see GEXFXMLVersion). Other formats ignore it.
	GEXFVersion string
}

// Write encodes v in one of the formats of this package (not DOT, SVG or PNG)
// with the default options.
func Write(v *analysis.GraphView, f Format) ([]byte, error) { return WriteOptions(v, f, Options{}) }

// WriteOptions encodes v as Write does, with options.
func WriteOptions(v *analysis.GraphView, f Format, o Options) ([]byte, error) {
	switch f {
	case JSON:
		return NodeLink(v)
	case Cytoscape:
		return CytoscapeJSON(v)
	case Graphology:
		return GraphologyJSON(v)
	case GEXF:
		return GEXFXMLVersion(v, o.GEXFVersion)
	case GraphML:
		return GraphMLXML(v)
	case CSV:
		return CSVZip(v)
	}
	return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "export: format %q is not written by package export", f)
}

// Colors returns each node's colour as the diagrams of package viz draw
// it, so that an export and a diagram of the same view match: nodes are
// grouped by knowledge domain (by sector in a view of a single domain or
// without domains), the groups ranked by their number of nodes (ties in
// order of first appearance), and the first len(viz.Palette) groups take
// viz.Palette (Paul Tol's colour-blind-safe "light" scheme, Tol 2021,
// SRON/EPS/TN/09-002) in that order; nodes without a domain and further
// groups are viz.OtherColour (pale grey).
func Colors(v *analysis.GraphView) []string {
	doms := map[int]bool{}
	for _, n := range v.Nodes {
		doms[n.Domain] = true
	}
	byDomain := v.Domains != nil && len(doms) > 1
	key := func(n analysis.ViewNode) string {
		if byDomain {
			return strconv.Itoa(n.Domain)
		}
		return n.Sector
	}
	var keys []string
	count := map[string]int{}
	for _, n := range v.Nodes {
		k := key(n)
		if count[k] == 0 {
			keys = append(keys, k)
		}
		count[k]++
	}
	sort.SliceStable(keys, func(a, b int) bool { return count[keys[a]] > count[keys[b]] })
	colour := map[string]string{}
	for i, k := range keys {
		colour[k] = viz.OtherColour
		if i < len(viz.Palette) && k != "0" {
			colour[k] = viz.Palette[i]
		}
	}
	out := make([]string, len(v.Nodes))
	for i, n := range v.Nodes {
		out[i] = colour[key(n)]
	}
	return out
}

// rgb splits "#RRGGBB" into its components.
func rgb(hex string) (r, g, b int) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

// Size bounds of nodes in the exports, in the unit of each tool (pixels in
// sigma.js and Cytoscape.js, Gephi's size units).
const (
	MinNodeSize = 4.0
	MaxNodeSize = 20.0
)

// NodeSizes returns each node's display size,
//
//	size_i = MinNodeSize + (MaxNodeSize − MinNodeSize) · √(x_i / max_j x_j),
//
// so that the area grows with x: x is employment when any node of the view
// has it (nodes without get MinNodeSize), else strength. It also returns the
// name of the measure used ("employment" or "strength").
func NodeSizes(v *analysis.GraphView) ([]float64, string) {
	by := "strength"
	for _, n := range v.Nodes {
		if n.Employment != nil {
			by = "employment"
			break
		}
	}
	x := make([]float64, len(v.Nodes))
	top := 0.0
	for i, n := range v.Nodes {
		switch {
		case by == "strength":
			x[i] = n.Strength
		case n.Employment != nil:
			x[i] = *n.Employment
		}
		if !(x[i] > 0) || math.IsInf(x[i], 0) {
			x[i] = 0
		}
		top = math.Max(top, x[i])
	}
	out := make([]float64, len(x))
	for i := range x {
		out[i] = MinNodeSize
		if top > 0 {
			out[i] += (MaxNodeSize - MinNodeSize) * math.Sqrt(x[i]/top)
		}
		out[i] = math.Round(out[i]*100) / 100
	}
	return out, by
}

// Positions returns deterministic starting coordinates for tools that need
// them (sigma.js): nodes on a circle of radius 100, grouped by domain (in
// order of domain ID, nodes without a domain last) and, within a domain, in
// view order. It is a starting point for a layout run in the tool, not a
// layout.
func Positions(v *analysis.GraphView) [][2]float64 {
	idx := make([]int, len(v.Nodes))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) int {
		if d := v.Nodes[i].Domain; d > 0 {
			return d
		}
		return math.MaxInt
	}
	sort.SliceStable(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
	out := make([][2]float64, len(v.Nodes))
	n := float64(len(idx))
	for k, i := range idx {
		a := 2 * math.Pi * float64(k) / n
		out[i] = [2]float64{round2(100 * math.Cos(a)), round2(100 * math.Sin(a))}
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// multigraph reports whether two links join the same pair of nodes (views
// over several layers have one link per layer).
func multigraph(v *analysis.GraphView) bool {
	layers := map[string]bool{}
	for _, l := range v.Links {
		layers[l.Layer] = true
	}
	return len(layers) > 1
}

// linkID is a link's identity within a view: source, target and layer.
func linkID(l analysis.ViewLink) string {
	return l.Source + "|" + l.Target + "|" + l.Layer
}

// paramKeys returns the keys of the view's parameters in sorted order.
func paramKeys(v *analysis.GraphView) []string {
	keys := make([]string, 0, len(v.Params))
	for k := range v.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// layerKeys returns the keys ("name@period") of the provenance's layers.
func layerKeys(p analysis.Provenance) []string {
	out := make([]string, len(p.Layers))
	for i, l := range p.Layers {
		out[i] = l.Key()
	}
	return out
}

// ProvenanceText summarises a provenance in one line, for formats whose
// metadata is text (GEXF's description, GraphML's graph data, CSV).
func ProvenanceText(p analysis.Provenance) string {
	var parts []string
	for i, l := range p.Layers {
		t := l.Threshold
		if i < len(p.Thresholds) {
			t = p.Thresholds[i]
		}
		parts = append(parts, fmt.Sprintf("%s (%s, %s, threshold %s, dataset %d)", l.Key(), l.Kind, l.Method, fmtG(t), l.Dataset))
	}
	return fmt.Sprintf("store version %d; classification %s; layers %s", p.StoreVersion, p.Classification, strings.Join(parts, "; "))
}

// ParamsText writes the view's parameters as "k=v; k=v" in key order.
func ParamsText(v *analysis.GraphView) string {
	var parts []string
	for _, k := range paramKeys(v) {
		parts = append(parts, k+"="+v.Params[k])
	}
	return strings.Join(parts, "; ")
}

// fmtG writes a number plainly, in as few digits as read back to the same
// float64 and never with an exponent (1423000, not 1.423e+06), so that
// spreadsheets and CSV readers take it as the number it is.
func fmtG(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// fmtBool writes a boolean as every text format of this package does:
// "true" or "false".
func fmtBool(b bool) string { return strconv.FormatBool(b) }

// optFloat writes an optional number, "" when absent.
func optFloat(x *float64) string {
	if x == nil {
		return ""
	}
	return fmtG(*x)
}
