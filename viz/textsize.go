package viz

import (
	"math"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/viz/layout"
)

// Advance widths of the printable ASCII characters (space to '~') in
// Arial, in thousandths of the font size: the widths of Liberation Sans
// 2 (metric-compatible with Arial and Helvetica), read from its
// LiberationSans-Regular.ttf and -Bold.ttf. Graphviz without fonts
// estimates text with the same metrics.
var (
	arialWidths = [95]uint16{
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
		1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
		333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
		556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584}
	arialBoldWidths = [95]uint16{
		278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
		975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
		333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
		611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584}
)

// Box geometry of the DOT text's nodes (points): margin="0.10,0.05"
// inches around the label, Graphviz's default minimum node size of
// 0.75 × 0.5 inches, and its line spacing of 1.2 times the font size.
const (
	nodeMarginX   = 0.10 * 72
	nodeMarginY   = 0.05 * 72
	nodeMinWidth  = 0.75 * 72
	nodeMinHeight = 0.5 * 72
	lineSpacing   = 1.2
)

// textWidth estimates the width in points of s in Arial at size points:
// the sum of the characters' advance widths (other characters count as a
// digit, 0.556 of the size, and CJK and other wide scripts from U+2E80 on
// as a full em).
func textWidth(s string, size float64, bold bool) float64 {
	widths := &arialWidths
	if bold {
		widths = &arialBoldWidths
	}
	w := 0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			w += int(widths[r-' '])
		case r >= 0x2E80:
			w += 1000
		default:
			w += 556
		}
	}
	return float64(w) / 1000 * size
}

// nodeSize estimates the box Graphviz draws for a node whose label has
// these lines at font size points: the widest line and the lines' height
// plus the margins, at least the minimum node size. Rounded up to whole
// points, as Graphviz's own sizes are.
func nodeSize(lines []string, size float64, bold bool) layout.Size {
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, textWidth(l, size, bold))
	}
	h := float64(max(len(lines), 1)) * size * lineSpacing
	return layout.Size{
		W: math.Ceil(math.Max(w+2*nodeMarginX, nodeMinWidth)),
		H: math.Ceil(math.Max(h+2*nodeMarginY, nodeMinHeight)),
	}
}

// nodeLines is the wrapped label of a node, as written in the DOT text.
func (s *scene) nodeLines(n analysis.ViewNode) []string {
	lines := wrapLabel(s.label(n), labelWidth, labelLines)
	if len(lines) == 0 {
		lines = []string{n.ID}
	}
	return lines
}
