package viz

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz/layout"
)

// Palette is Paul Tol's "light" qualitative scheme (Tol 2021, "Colour
// Schemes", SRON/EPS/TN/09-002, fig. 7), made for filled areas under black
// text and distinct for colour-blind readers. Groups beyond it share Other.
var Palette = []string{"#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"}

// Colours of the diagram besides the palette.
const (
	OtherColour  = "#DDDDDD" // groups beyond the palette (Tol's pale grey)
	CrossColour  = "#882255" // links across domains (Tol's muted wine)
	GainColour   = "#228833" // links gained or increased between periods (Tol's bright green)
	LossColour   = "#CC3311" // links lost or decreased between periods (Tol's vibrant red), dashed
	LinkColour   = "#8C8C8C" // links within a domain
	BorderColour = "#555555"
)

// RegionViewParam is the GraphView.Params key that marks a regional view:
// with value "region", seed nodes are the region's specialisations (filled)
// and the others its opportunities (outlined).
const RegionViewParam = "view"

// PrismMaxNodes is the largest view laid out with overlap=prism; larger
// views use overlap=scale. Measured on the UK domains (bench/viz): prism
// takes 0.25 s at 200 nodes and 198 links, 0.9 s at 1,166 links, and its
// drawings are 4 to 16 times smaller in area than scale's, which are
// unreadable from 200 nodes on. (go-graphviz's Graphviz has no
// triangulation library, so its "prism" is Voronoi-based; native prism is
// more compact still.)
const PrismMaxNodes = DefaultMaxNodes

// Node label wrapping and font sizes (points).
const (
	labelWidth = 22
	labelLines = 3
	minFont    = 12.0
	maxFont    = 26.0
)

// scene is a view prepared for drawing: options normalised, links filtered.
type scene struct {
	v          *analysis.GraphView
	o          Options
	links      []analysis.ViewLink
	backbone   string // what the backbone did, "" for nothing
	overlap    string // Graphviz overlap removal: prism or scale
	groups     []group
	groupOf    map[string]int // node ID -> index in groups
	byDomain   bool           // groups are knowledge domains (else sectors)
	names      map[string]string
	labelCount map[string]int
}

// group is a colour of the diagram: a domain, or a sector when the view has no domains.
type group struct {
	key    string
	label  string
	nodes  int
	colour string
}

// prepare normalises o and applies the backbone. Views with duplicate node
// IDs or links to unknown nodes are EINVALID.
func prepare(v *analysis.GraphView, o Options) (*scene, error) {
	if v == nil {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "no view to draw")
	}
	o, err := o.normalise()
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(v.Nodes))
	for k, n := range v.Nodes {
		if n.ID == "" {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "view node %d has an empty ID", k)
		}
		if seen[n.ID] {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "view node %d: ID %q is given twice", k, n.ID)
		}
		seen[n.ID] = true
	}
	for k, l := range v.Links {
		if !seen[l.Source] || !seen[l.Target] {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "view link %d (%s–%s) refers to a node that is not in the view", k, l.Source, l.Target)
		}
		if math.IsNaN(l.Weight) || math.IsInf(l.Weight, 0) {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "view link %d (%s–%s): weight %v is not a finite number", k, l.Source, l.Target, l.Weight)
		}
	}
	s := &scene{v: v, o: o, overlap: "scale"}
	if len(v.Nodes) <= PrismMaxNodes {
		s.overlap = "prism"
	}
	s.links, s.backbone = backbone(v, o)
	s.colourGroups()
	return s, nil
}

// colourGroups gives the palette's colours to the domains of the view (or
// to its sectors when it has none), most nodes first.
func (s *scene) colourGroups() {
	// Domains colour the nodes when there are several; a view of one
	// domain is coloured by sector, to show the sectors it spans.
	doms := map[int]bool{}
	for _, n := range s.v.Nodes {
		doms[n.Domain] = true
	}
	s.byDomain = s.v.Domains != nil && len(doms) > 1
	labels := map[string]string{}
	if s.byDomain {
		for _, d := range s.v.Domains {
			labels[strconv.Itoa(d.ID)] = d.Label
		}
	}
	at := map[string]int{}
	s.groupOf = map[string]int{}
	for _, n := range s.v.Nodes {
		key, label := n.Sector, n.SectorName
		if s.byDomain {
			key = strconv.Itoa(n.Domain)
			label = labels[key]
			if n.Domain == 0 {
				label = "no domain"
			}
		}
		if label == "" {
			label = key
		}
		g, ok := at[key]
		if !ok {
			g = len(s.groups)
			at[key] = g
			s.groups = append(s.groups, group{key: key, label: label})
		}
		s.groups[g].nodes++
	}
	order := make([]int, len(s.groups))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return s.groups[order[a]].nodes > s.groups[order[b]].nodes })
	sorted := make([]group, len(order))
	for k, i := range order {
		sorted[k] = s.groups[i]
		sorted[k].colour = OtherColour
		if k < len(Palette) && sorted[k].key != "0" {
			sorted[k].colour = Palette[k]
		}
	}
	s.groups = sorted
	for k, g := range sorted {
		at[g.key] = k
	}
	for _, n := range s.v.Nodes {
		key := n.Sector
		if s.byDomain {
			key = strconv.Itoa(n.Domain)
		}
		s.groupOf[n.ID] = at[key]
	}
}

// DOT writes a view as Graphviz DOT text: nodes coloured by domain (or
// sector), sized by employment, links filtered by the backbone and sized
// by weight, with the title, parameters and legend in the graph label.
// Caps and layout limits are checked by Render, not here.
func DOT(v *analysis.GraphView, opt Options) ([]byte, error) {
	s, err := prepare(v, opt)
	if err != nil {
		return nil, err
	}
	return s.dot(), nil
}

func (s *scene) regionView() bool { return s.v.Params[RegionViewParam] == "region" }

func (s *scene) dot() []byte {
	var b bytes.Buffer
	o := s.o
	fmt.Fprintf(&b, "graph \"domainscope\" {\n")
	fmt.Fprintf(&b, "  graph [layout=%s charset=\"UTF-8\" bgcolor=\"white\" pad=\"0.3\" outputorder=\"edgesfirst\" fontname=\"Arial\"", engine(o.Layout))
	b.WriteString(layoutAttrs(o.Layout, s.v, s.overlap))
	fmt.Fprintf(&b, "\n    labelloc=\"t\" labeljust=\"l\" label=<%s>];\n", s.heading())
	fmt.Fprintf(&b, "  node [shape=box style=\"rounded,filled\" fontname=\"Arial\" margin=\"0.10,0.05\" color=\"%s\" penwidth=1];\n", BorderColour)
	fmt.Fprintf(&b, "  edge [color=\"%s\"];\n", LinkColour)

	size := s.sizes()
	var pos []layout.Point
	if o.Layout == StressLayout {
		pos = s.positions(size)
	}
	writeNode := func(indent string, n analysis.ViewNode, i int) {
		g := s.groups[s.groupOf[n.ID]]
		lines := s.nodeLines(n)
		esc := make([]string, len(lines))
		for k, l := range lines {
			esc[k] = escapeHTML(l)
		}
		label := strings.Join(esc, "<BR/>")
		if n.Seed && !s.regionView() {
			label = "<B>" + label + "</B>"
		}
		fill, border, pen, style := g.colour, "", 0.0, ""
		if s.regionView() && !n.Seed {
			fill, border, pen, style = "white", darker(g.colour), 2.5, "rounded,filled,dashed"
		}
		if n.Bridging != nil && *n.Bridging >= BridgingThreshold {
			border, pen = "black", 3.5
		}
		fmt.Fprintf(&b, "%s\"%s\" [label=<%s> fontsize=%.1f fillcolor=\"%s\"", indent, escapeText(n.ID), label, size[i], fill)
		if pos != nil {
			fmt.Fprintf(&b, " pos=\"%.1f,%.1f!\"", pos[i].X, pos[i].Y)
		}
		if border != "" {
			fmt.Fprintf(&b, " color=\"%s\" penwidth=%g", border, pen)
		}
		if style != "" {
			fmt.Fprintf(&b, " style=\"%s\"", style)
		}
		fmt.Fprintf(&b, " tooltip=\"%s\" id=\"node-%s\"", escapeText(s.tooltip(n, g)), escapeText(n.ID))
		if o.NodeURL != "" {
			u := strings.ReplaceAll(o.NodeURL, "{code}", url.PathEscape(n.ID))
			fmt.Fprintf(&b, " URL=\"%s\" target=\"_top\"", escapeText(u))
		}
		b.WriteString("];\n")
	}
	if o.Clusters {
		for gi, g := range s.groups {
			fmt.Fprintf(&b, "  subgraph \"cluster_%d\" {\n    label=<<B>%s</B>> style=\"rounded\" color=\"%s\" penwidth=2 fontsize=14;\n",
				gi, escapeHTML(shortLabel(s.groupTitle(g), 60)), darker(g.colour))
			for i, n := range s.v.Nodes {
				if s.groupOf[n.ID] == gi {
					writeNode("    ", n, i)
				}
			}
			b.WriteString("  }\n")
		}
	} else {
		for i, n := range s.v.Nodes {
			writeNode("  ", n, i)
		}
	}

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range s.links {
		lo, hi = math.Min(lo, l.Weight), math.Max(hi, l.Weight)
	}
	layers := s.layerStyles()
	for _, l := range s.links {
		w := 2.0
		if hi > lo {
			w = 0.8 + 5.2*(l.Weight-lo)/(hi-lo)
		}
		tip := fmt.Sprintf("%s – %s on %s: relatedness %s", s.name(l.Source), s.name(l.Target), l.Layer, fmtNum(l.Weight))
		if l.Count > 0 {
			tip += fmt.Sprintf(" (count %s)", graphmodel.FormatCount(l.Count))
		}
		if l.Change != "" {
			tip += ": " + l.Change
		}
		fmt.Fprintf(&b, "  \"%s\" -- \"%s\" [penwidth=%.2f tooltip=\"%s\"", escapeText(l.Source), escapeText(l.Target), w, escapeText(tip))
		if st := layers[l.Layer]; st != "solid" {
			fmt.Fprintf(&b, " style=\"%s\"", st)
		}
		switch l.Change {
		case analysis.LinkGained, analysis.LinkIncreased:
			fmt.Fprintf(&b, " color=\"%s\"", GainColour)
		case analysis.LinkLost, analysis.LinkDecreased:
			fmt.Fprintf(&b, " color=\"%s\" style=\"dashed\"", LossColour)
		default:
			if l.CrossDomain {
				fmt.Fprintf(&b, " color=\"%s\"", CrossColour)
			}
		}
		b.WriteString("];\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// engine is the Graphviz layout engine that draws a layout: nop2 ("neato
// -n2": nodes at their pos, straight edges) for the stress layout, whose
// positions are computed in Go; the layout itself otherwise.
func engine(layout string) string {
	if layout == StressLayout {
		return "nop2"
	}
	return layout
}

// positions lays the view's nodes out in Go (package layout): each node's
// box estimated from its wrapped label at its font size (size), joined by
// the links drawn, with neighbourhood link lengths and long distances
// compressed (exponent 0.6 beyond 3 units: chosen by looking at a star, a
// backbone tree and a dense 200-industry view of the UK flows).
func (s *scene) positions(size []float64) []layout.Point {
	sizes := make([]layout.Size, len(s.v.Nodes))
	index := make(map[string]int, len(s.v.Nodes))
	for i, n := range s.v.Nodes {
		index[n.ID] = i
		sizes[i] = nodeSize(s.nodeLines(n), size[i], n.Seed && !s.regionView())
		// Graphviz measures some characters (typographic quotes, bold
		// text) a little wider than the estimate: keep 4 % more room.
		sizes[i].W *= 1.04
	}
	edges := make([][2]int, len(s.links))
	for k, l := range s.links {
		edges[k] = [2]int{index[l.Source], index[l.Target]}
	}
	return layout.Compute(sizes, edges, layout.Options{Gap: 6, Neighbourhood: true, Compress: 0.6})
}

// layoutAttrs are the graph attributes that make each layout readable and
// fast (measured in bench/viz): overlap removal for the force-directed
// layouts ("prism" packs tightly; "scale" spreads the drawing much more but
// never loses nodes, see Renderer.draw), sfdp's repulsive force lowered
// from 1 to 0.6 (drawings about half as large, closer to a slide's shape),
// and the network-simplex limits that let dot finish.
func layoutAttrs(layout string, v *analysis.GraphView, overlap string) string {
	switch layout {
	case StressLayout:
		return ` splines="false"`
	case "sfdp":
		return fmt.Sprintf(` overlap="%s" sep="+6" splines="false" K="1.2" repulsiveforce="0.6"`, overlap)
	case "neato":
		return fmt.Sprintf(` overlap="%s" sep="+6" splines="false" mode="major"`, overlap)
	case "fdp":
		return fmt.Sprintf(` overlap="%s" sep="+6" splines="false"`, overlap)
	case "twopi":
		root := ""
		for _, n := range v.Nodes {
			if n.Seed {
				root = fmt.Sprintf(` root="%s"`, escapeText(n.ID))
				break
			}
		}
		return fmt.Sprintf(` overlap="%s" sep="+6" splines="false" ranksep="1.6"`, overlap) + root
	case "dot":
		return ` rankdir="LR" nslimit="1" nslimit1="1" mclimit="0.1" splines="false" ranksep="0.8"`
	}
	return ""
}

// sizes returns each node's font size: minFont + (maxFont − minFont)·√(x/max x)
// of the size measure, so that the area of the text grows with it.
func (s *scene) sizes() []float64 {
	out := make([]float64, len(s.v.Nodes))
	x := make([]float64, len(s.v.Nodes))
	maxX := 0.0
	for i, n := range s.v.Nodes {
		switch s.o.Size {
		case "employment":
			if n.Employment != nil {
				x[i] = *n.Employment
			} else if !s.anyEmployment() {
				x[i] = n.Strength
			}
		case "strength":
			x[i] = n.Strength
		}
		if x[i] > 0 && !math.IsInf(x[i], 0) {
			maxX = math.Max(maxX, x[i])
		} else {
			x[i] = 0
		}
	}
	for i := range out {
		out[i] = minFont + 2
		if s.o.Size != "none" && maxX > 0 {
			out[i] = minFont + (maxFont-minFont)*math.Sqrt(x[i]/maxX)
		}
	}
	return out
}

func (s *scene) anyEmployment() bool {
	for _, n := range s.v.Nodes {
		if n.Employment != nil {
			return true
		}
	}
	return false
}

// sizeMeasure names what font size shows, for the legend.
func (s *scene) sizeMeasure() string {
	switch {
	case s.o.Size == "none":
		return ""
	case s.o.Size == "employment" && s.anyEmployment():
		if s.regionView() {
			return "jobs in the region"
		}
		return "employment"
	}
	return "strength (summed relatedness)"
}

func (s *scene) name(id string) string {
	if s.names == nil {
		s.names = make(map[string]string, len(s.v.Nodes))
		for _, n := range s.v.Nodes {
			s.names[n.ID] = n.Label
		}
	}
	return s.names[id]
}

// label is a node's label, with its code when another node of the view has the same label.
func (s *scene) label(n analysis.ViewNode) string {
	if s.labelCount == nil {
		s.labelCount = map[string]int{}
		for _, m := range s.v.Nodes {
			s.labelCount[m.Label]++
		}
	}
	if n.Label == "" {
		return n.ID
	}
	if s.labelCount[n.Label] > 1 {
		return n.Label + " (" + n.ID + ")"
	}
	return n.Label
}

func (s *scene) groupTitle(g group) string {
	if s.byDomain && g.key != "0" {
		return "#" + g.key + " " + g.label
	}
	return g.label
}

func (s *scene) tooltip(n analysis.ViewNode, g group) string {
	parts := []string{fmt.Sprintf("%s (%s)", n.Label, n.ID)}
	if s.byDomain {
		parts = append(parts, "domain "+s.groupTitle(g))
	}
	if n.SectorName != "" {
		parts = append(parts, "sector "+n.SectorName)
	}
	if n.Employment != nil {
		parts = append(parts, "employment "+graphmodel.FormatCount(*n.Employment))
	}
	parts = append(parts, "strength "+fmtNum(n.Strength))
	if n.Bridging != nil {
		parts = append(parts, "participation "+strconv.FormatFloat(*n.Bridging, 'f', 2, 64))
	}
	if n.Hops > 0 {
		parts = append(parts, fmt.Sprintf("%d hop%s from the seeds", n.Hops, map[bool]string{true: "", false: "s"}[n.Hops == 1]))
	}
	return strings.Join(parts, "; ")
}

// layerStyles gives each layer a line style: solid, dashed, dotted, in order.
func (s *scene) layerStyles() map[string]string {
	styles := []string{"solid", "dashed", "dotted"}
	out := map[string]string{}
	for _, l := range s.v.Links {
		if _, ok := out[l.Layer]; !ok {
			out[l.Layer] = styles[min(len(out), len(styles)-1)]
		}
	}
	return out
}

// heading is the HTML-like graph label: title, parameters and the legend.
func (s *scene) heading() string {
	var b strings.Builder
	title := s.v.Title
	if s.o.Title != "" {
		title = s.o.Title
	}
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">`)
	fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="24"><B>%s</B></FONT></TD></TR>`, escapeHTML(title))
	fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="13" COLOR="#444444">%s</FONT></TD></TR>`, escapeHTML(s.subtitle()))
	if s.v.Truncated {
		note := fmt.Sprintf("Only the first %d industries are shown: more qualified (max_nodes).", len(s.v.Nodes))
		if s.regionView() {
			note = "Specialisations shown: " + s.v.Params["specialisations"] + ", those that explain the opportunities first."
		}
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="13" COLOR="%s">%s</FONT></TD></TR>`, CrossColour, escapeHTML(note))
	}
	if s.o.Legend {
		shown := 0
		for k, g := range s.groups {
			if g.colour == OtherColour && k >= len(Palette) {
				break
			}
			if shown%2 == 0 {
				b.WriteString("<TR>")
			}
			fmt.Fprintf(&b, `<TD ALIGN="LEFT" BGCOLOR="%s"><FONT POINT-SIZE="13">%s (%d)</FONT></TD>`, g.colour, escapeHTML(shortLabel(s.groupTitle(g), 58)), g.nodes)
			shown++
			if shown%2 == 0 {
				b.WriteString("</TR>")
			}
		}
		if rest := len(s.groups) - shown; rest > 0 {
			if shown%2 == 0 {
				b.WriteString("<TR>")
			}
			n := 0
			for _, g := range s.groups[shown:] {
				n += g.nodes
			}
			fmt.Fprintf(&b, `<TD ALIGN="LEFT" BGCOLOR="%s"><FONT POINT-SIZE="13">%d other %s (%d)</FONT></TD>`, OtherColour, rest, map[bool]string{true: "domains", false: "sectors"}[s.byDomain], n)
			shown++
			if shown%2 == 0 {
				b.WriteString("</TR>")
			}
		}
		if shown%2 == 1 {
			b.WriteString("<TD></TD></TR>")
		}
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="13">%s</FONT></TD></TR>`, s.keyText())
	}
	b.WriteString("</TABLE>")
	return b.String()
}

// keyText explains the encodings (HTML).
func (s *scene) keyText() string {
	var parts []string
	if s.byDomain {
		parts = append(parts, "Colour: knowledge domain")
	} else {
		parts = append(parts, "Colour: sector")
	}
	if m := s.sizeMeasure(); m != "" {
		parts = append(parts, "text size: "+escapeHTML(m))
	}
	parts = append(parts, "line width: relatedness")
	cross, bridging, seeds, change := false, false, false, false
	for _, l := range s.links {
		cross = cross || (l.CrossDomain && l.Change == "")
		change = change || l.Change != ""
	}
	for _, n := range s.v.Nodes {
		bridging = bridging || (n.Bridging != nil && *n.Bridging >= BridgingThreshold)
		seeds = seeds || n.Seed
	}
	if cross {
		parts = append(parts, fmt.Sprintf(`<FONT COLOR="%s"><B>wine lines</B></FONT>: links across domains`, CrossColour))
	}
	if change {
		parts = append(parts, fmt.Sprintf(`<FONT COLOR="%s"><B>green lines</B></FONT>: links gained or significantly increased`, GainColour),
			fmt.Sprintf(`<FONT COLOR="%s"><B>red dashed lines</B></FONT>: links lost or significantly decreased`, LossColour),
			"grey: no change beyond noise")
	}
	if bridging {
		parts = append(parts, "<B>thick black outline</B>: bridging industry (participation ≥ "+fmtNum(BridgingThreshold)+")")
	}
	if s.regionView() {
		parts = append(parts, "filled: the region's specialisations (LQ ≥ 1)", "dashed outline: diversification opportunities")
	} else if seeds {
		parts = append(parts, "<B>bold</B>: the requested industries")
	}
	if styles := s.layerStyles(); len(styles) > 1 {
		var ls []string
		for _, l := range s.v.Links {
			if st, ok := styles[l.Layer]; ok {
				ls = append(ls, escapeHTML(l.Layer)+" "+st)
				delete(styles, l.Layer)
			}
		}
		parts = append(parts, "lines: "+strings.Join(ls, ", "))
	}
	return strings.ReplaceAll(strings.Join(parts, " &#183; "), "≥", "&#8805;")
}

// subtitle states the data and parameters the picture was drawn from.
func (s *scene) subtitle() string {
	p := s.v.Provenance
	var parts []string
	var layers []string
	for _, l := range p.Layers {
		layers = append(layers, l.Key())
	}
	if len(layers) > 0 {
		parts = append(parts, strings.Join(layers, " + "))
	}
	if p.Classification != "" {
		parts = append(parts, p.Classification)
	}
	var keys []string
	for k := range s.v.Params {
		if k != RegionViewParam {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "layers" || s.v.Params[k] == "" {
			continue
		}
		parts = append(parts, k+" "+s.v.Params[k])
	}
	if s.backbone != "" {
		parts = append(parts, fmt.Sprintf("backbone: %s (%d of %d links)", s.backbone, len(s.links), len(s.v.Links)))
	} else {
		parts = append(parts, fmt.Sprintf("%d links", len(s.links)))
	}
	if p.StoreVersion > 0 {
		parts = append(parts, fmt.Sprintf("store version %d", p.StoreVersion))
	}
	return strings.Join(parts, " · ")
}

func shortLabel(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimRight(string(r[:n-1]), " ,·") + "…"
	}
	return s
}

// darker returns a "#rrggbb" colour with each channel at 60%.
func darker(c string) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(c, "#"), 16, 32)
	if err != nil || len(c) != 7 {
		return BorderColour
	}
	r, g, b := v>>16&0xff, v>>8&0xff, v&0xff
	return fmt.Sprintf("#%02X%02X%02X", r*6/10, g*6/10, b*6/10)
}
