package viz

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgBox is a node's box as drawn: the bounding box of its outline path.
type svgBox struct {
	id                     string
	minX, minY, maxX, maxY float64
}

var (
	nodeGroupRE = regexp.MustCompile(`(?s)<g id="node&#45;([^"]+)" class="node">.*?<path [^>]*d="([^"]+)"`)
	numberRE    = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)
)

// svgNodeBoxes returns the box of every node of a Graphviz SVG.
func svgNodeBoxes(t *testing.T, svg []byte) []svgBox {
	t.Helper()
	var out []svgBox
	for _, m := range nodeGroupRE.FindAllSubmatch(svg, -1) {
		b := svgBox{id: string(m[1]), minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
		nums := numberRE.FindAll(m[2], -1)
		for k := 0; k+1 < len(nums); k += 2 {
			x, _ := strconv.ParseFloat(string(nums[k]), 64)
			y, _ := strconv.ParseFloat(string(nums[k+1]), 64)
			b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
			b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
		}
		out = append(out, b)
	}
	return out
}

func TestStressLayoutDOT(t *testing.T) {
	// The stress layout's DOT is drawn by nop2 with every node at a pinned position.
	o := DefaultOptions()
	o.Layout = StressLayout
	dot, err := DOT(ringView(12, "ring"), o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dot, []byte("graph [layout=nop2 ")) {
		t.Errorf("DOT does not ask for the nop2 engine: %.200s", dot)
	}
	if got := len(regexp.MustCompile(` pos="-?[0-9.]+,-?[0-9.]+!"`).FindAll(dot, -1)); got != 12 {
		t.Errorf("%d pinned positions, want one per node (12)", got)
	}
	if bytes.Contains(dot, []byte("overlap=")) {
		t.Error("the stress layout's DOT asks Graphviz to remove overlaps, which it has done itself")
	}
}

// overlapping reports the pairs of drawn node boxes that overlap.
func overlapping(boxes []svgBox) (pairs []string) {
	for i, b := range boxes {
		for _, c := range boxes[:i] {
			if b.minX < c.maxX && c.minX < b.maxX && b.minY < c.maxY && c.minY < b.maxY {
				pairs = append(pairs, c.id+"–"+b.id)
			}
		}
	}
	return pairs
}

func TestStressLayoutDrawsEveryNodeWithoutOverlaps(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	// Bold, quoted, accented and CJK labels, which the size estimate
	// knows least well, must not overlap either.
	o := DefaultOptions()
	o.Layout = StressLayout
	svg, err := r.Render(context.Background(), trickyView(), "svg", o)
	if err != nil {
		t.Fatal(err)
	}
	if p := overlapping(svgNodeBoxes(t, svg)); len(p) > 0 {
		t.Errorf("tricky labels: boxes overlap: %v", p)
	}
	// 60 industries with long labels in a ring with chords: at the ideal
	// link length their boxes overlap, so overlap removal has work to do.
	v := ringView(60, "ring")
	svg, err = r.Render(context.Background(), v, "svg", o)
	if err != nil {
		t.Fatal(err)
	}
	texts, _ := svgTexts(t, svg)
	if !contains(texts, "Industry number 59 of") {
		t.Error("label lines missing")
	}
	boxes := svgNodeBoxes(t, svg)
	if len(boxes) != 60 {
		t.Fatalf("%d node boxes drawn, want 60", len(boxes))
	}
	s, err := prepare(v, o)
	if err != nil {
		t.Fatal(err)
	}
	size := s.sizes()
	for i, b := range boxes {
		// Graphviz sizes each box from its label; ours (nodeSize, from
		// Arial's widths) must agree within 5 %, or boxes could overlap.
		n := v.Nodes[i]
		if b.id != n.ID {
			t.Fatalf("box %d is node %s, want %s (DOT order)", i, b.id, n.ID)
		}
		est := nodeSize(s.nodeLines(n), size[i], false)
		if w := b.maxX - b.minX; math.Abs(w-est.W) > 0.05*est.W {
			t.Errorf("node %s: drawn %.1f wide, estimated %.1f", n.ID, w, est.W)
		}
		if h := b.maxY - b.minY; math.Abs(h-est.H) > 0.05*est.H {
			t.Errorf("node %s: drawn %.1f high, estimated %.1f", n.ID, h, est.H)
		}
	}
	if p := overlapping(boxes); len(p) > 0 {
		t.Errorf("boxes overlap: %v", p)
	}
	if t.Failed() {
		t.Logf("SVG starts: %s", strings.Join(strings.SplitN(string(svg), "\n", 12), "\n"))
	}
}
