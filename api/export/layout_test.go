package export

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/domainscope/domainscope/analysis"
)

// TestLayoutPath: testView is the path b – a – c (a–b on two layers counts
// once). Stress majorization embeds a path exactly, every link 90 px:
// |ab| = |ac| = 90 and |bc| = 180, so a lies midway between b and c; the
// boxes (at most 6 + 1.4·20 + 24 = 58 px) do not overlap, so overlap
// removal moves nothing. The Cytoscape.js document carries these
// positions and says so (data.layout "stress"); the same view gives the
// same positions.
func TestLayoutPath(t *testing.T) {
	v := testView()
	p, laid := Layout(v)
	if !laid || len(p) != 3 {
		t.Fatalf("Layout of 3 nodes: %v, laid out %v", p, laid)
	}
	dist := func(i, j int) float64 { return math.Hypot(p[i][0]-p[j][0], p[i][1]-p[j][1]) }
	// nodes a, b, c are 0, 1, 2
	for _, c := range []struct {
		i, j int
		want float64
	}{{0, 1, 90}, {0, 2, 90}, {1, 2, 180}} {
		if got := dist(c.i, c.j); math.Abs(got-c.want) > 1 {
			t.Errorf("distance %s–%s = %.2f px, want %g", v.Nodes[c.i].ID, v.Nodes[c.j].ID, got, c.want)
		}
	}
	again, _ := Layout(testView())
	if fmt.Sprint(again) != fmt.Sprint(p) {
		t.Errorf("Layout is not deterministic: %v then %v", p, again)
	}
	b, err := CytoscapeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Data     struct{ Layout string }
		Elements struct {
			Nodes []struct{ Position struct{ X, Y float64 } }
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Data.Layout != "stress" || doc.Elements.Nodes[1].Position.X != p[1][0] || doc.Elements.Nodes[1].Position.Y != p[1][1] {
		t.Errorf("Cytoscape.js document: layout %q, node b at %+v; want stress at %v", doc.Data.Layout, doc.Elements.Nodes[1].Position, p[1])
	}
}

// TestLayoutLargeViewKeepsCircle: over MaxLaidOut nodes the positions are
// Positions' starting circle and the document does not claim a layout.
func TestLayoutLargeViewKeepsCircle(t *testing.T) {
	v := &analysis.GraphView{Params: map[string]string{}}
	for i := 0; i <= MaxLaidOut; i++ {
		v.Nodes = append(v.Nodes, analysis.ViewNode{ID: fmt.Sprint(i), Strength: 1})
		if i > 0 {
			v.Links = append(v.Links, analysis.ViewLink{Source: fmt.Sprint(i - 1), Target: fmt.Sprint(i), Layer: "l@1", Weight: 1})
		}
	}
	p, laid := Layout(v)
	if laid || fmt.Sprint(p) != fmt.Sprint(Positions(v)) {
		t.Errorf("%d nodes: laid out %v; want Positions' circle", len(v.Nodes), laid)
	}
	b, err := CytoscapeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Data map[string]any }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Data["layout"]; ok {
		t.Errorf("a view of %d nodes claims a layout: %v", len(v.Nodes), doc.Data["layout"])
	}
}
