package export

import (
	"math"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/viz/layout"
)

// MaxLaidOut is the most nodes Layout lays out in Go; larger views keep
// the circle of Positions (stress majorization needs n² distances).
const MaxLaidOut = 250

// Layout returns the view's node positions laid out in Go and true: stress
// majorization on shortest-path lengths, every link 90 px long (Gansner,
// Koren & North 2004), then overlaps removed (viz/layout.Compute), for
// boxes the size of the web page's discs (6 + 1.4·size px, NodeSizes) with
// 24 px of room around each for its label; y points down, as on a screen.
// (Links lengthened by their ends' neighbourhoods crowd the dense core of a
// domain and push its periphery far out, so they are off.) A view of more
// than MaxLaidOut nodes gets Positions' circle and false. The result is
// deterministic, so a cached answer draws the same picture.
func Layout(v *analysis.GraphView) ([][2]float64, bool) {
	n := len(v.Nodes)
	if n == 0 || n > MaxLaidOut {
		return Positions(v), false
	}
	sizes, _ := NodeSizes(v)
	boxes := make([]layout.Size, n)
	index := make(map[string]int, n)
	for i, node := range v.Nodes {
		d := 6 + 1.4*sizes[i] + 24
		boxes[i] = layout.Size{W: d, H: d}
		index[node.ID] = i
	}
	var edges [][2]int
	for _, l := range v.Links {
		a, okA := index[l.Source]
		b, okB := index[l.Target]
		if okA && okB && a != b {
			edges = append(edges, [2]int{a, b})
		}
	}
	pos := layout.Compute(boxes, edges, layout.Options{Gap: 6, Unit: 90, Neighbourhood: false})
	out := make([][2]float64, n)
	for i, p := range pos {
		out[i] = [2]float64{round2(p.X), round2(-p.Y)}
		if math.IsNaN(out[i][0]) || math.IsNaN(out[i][1]) {
			return Positions(v), false
		}
	}
	return out, true
}
