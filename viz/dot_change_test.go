package viz

import (
	"regexp"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// A change view: gained and increased links are green, lost and decreased
// ones red and dashed, unchanged ones keep the grey default, and the legend
// says so.
func TestDOTChangeColours(t *testing.T) {
	v := &analysis.GraphView{
		Title:      "How the links of c changed",
		Params:     map[string]string{"layer": "labour", "from": "p1", "to": "p2"},
		Provenance: analysis.Provenance{Classification: "T", Layers: []graphmodel.Layer{{Name: "labour", Period: "p1"}, {Name: "labour", Period: "p2"}}},
		Nodes: []analysis.ViewNode{
			{ID: "c", Label: "Industry c", Seed: true}, {ID: "a", Label: "Industry a"}, {ID: "b", Label: "Industry b"},
			{ID: "d", Label: "Industry d"}, {ID: "e", Label: "Industry e"},
		},
		Links: []analysis.ViewLink{
			{Source: "c", Target: "a", Layer: "labour@p1→p2", Weight: 0.5, Count: 40, Change: analysis.LinkLost},
			{Source: "c", Target: "b", Layer: "labour@p1→p2", Weight: 0.4, Count: 35, Change: analysis.LinkGained},
			{Source: "c", Target: "d", Layer: "labour@p1→p2", Weight: 0.3, Count: 15},
			{Source: "c", Target: "e", Layer: "labour@p1→p2", Weight: 0.2, Count: 90, Change: analysis.LinkDecreased, CrossDomain: true},
		},
	}
	out, err := DOT(v, Options{Legend: true})
	if err != nil {
		t.Fatal(err)
	}
	dot := string(out)
	edge := func(to string) string {
		m := regexp.MustCompile(`"c" -- "` + to + `" \[[^\n]*`).FindString(dot)
		if m == "" {
			t.Fatalf("no edge c -- %s in\n%s", to, dot)
		}
		return m
	}
	for _, to := range []string{"a", "e"} {
		if e := edge(to); !strings.Contains(e, `color="`+LossColour+`"`) || !strings.Contains(e, `style="dashed"`) {
			t.Errorf("lost/decreased edge c–%s: %s; want %s dashed", to, e, LossColour)
		}
	}
	if e := edge("b"); !strings.Contains(e, `color="`+GainColour+`"`) || strings.Contains(e, "dashed") {
		t.Errorf("gained edge: %s; want %s solid", e, GainColour)
	}
	if e := edge("d"); strings.Contains(e, "color=") || strings.Contains(e, "dashed") {
		t.Errorf("unchanged edge: %s; want the default grey", e)
	}
	for _, want := range []string{"green lines", "red dashed lines", "links lost or significantly decreased"} {
		if !strings.Contains(dot, want) {
			t.Errorf("legend lacks %q", want)
		}
	}
	if strings.Contains(dot, "wine lines") {
		t.Error("the legend explains wine cross-domain lines, but the only cross-domain link is drawn as a change")
	}
}
