package viz

import (
	"reflect"
	"sort"
	"testing"

	"github.com/domainscope/domainscope/analysis"
)

// backboneView: A–B 8, A–C 1, A–D 1, B–C 1, C–D 1 on one layer.
//
// Disparity α_ij = (1 − w/s_i)^(k_i − 1) at each end (Serrano et al. 2009, eq. 2):
//
//	A: k=3, s=10: A–B (1 − 0.8)² = 0.04, A–C and A–D (1 − 0.1)² = 0.81
//	B: k=2, s=9:  B–A (1 − 8/9)¹ = 0.111, B–C (1 − 1/9)¹ = 0.889
//	C: k=3, s=3:  every link (1 − 1/3)² = 0.444
//	D: k=2, s=2:  every link (1 − 1/2)¹ = 0.5
func backboneView() *analysis.GraphView {
	l := func(a, b string, w float64) analysis.ViewLink {
		return analysis.ViewLink{Source: a, Target: b, Layer: "x@1", Weight: w}
	}
	return &analysis.GraphView{
		Nodes: []analysis.ViewNode{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}},
		Links: []analysis.ViewLink{l("A", "B", 8), l("A", "C", 1), l("A", "D", 1), l("B", "C", 1), l("C", "D", 1)},
	}
}

func keptPairs(links []analysis.ViewLink) []string {
	var out []string
	for _, l := range links {
		out = append(out, l.Source+l.Target)
	}
	sort.Strings(out)
	return out
}

func marked(links []analysis.ViewLink, keep []bool) []string {
	var out []analysis.ViewLink
	for q, k := range keep {
		if k {
			out = append(out, links[q])
		}
	}
	return keptPairs(out)
}

func TestDisparityFilter(t *testing.T) {
	v := backboneView()
	// α = 0.05: only A–B (0.04 at A) is significant.
	if got := marked(v.Links, disparityKeep(v.Links, 0.05)); !reflect.DeepEqual(got, []string{"AB"}) {
		t.Errorf("α=0.05: kept %v, want [AB]", got)
	}
	// α = 0.45: also every link of C (0.444); A–D stays out (0.81 at A, 0.5 at D).
	if got := marked(v.Links, disparityKeep(v.Links, 0.45)); !reflect.DeepEqual(got, []string{"AB", "AC", "BC", "CD"}) {
		t.Errorf("α=0.45: kept %v, want [AB AC BC CD]", got)
	}
	// With the skeleton (maximum spanning forest: A–B 8, then A–C and A–D
	// by order among the ties of weight 1), α = 0.05 keeps A–B, A–C, A–D.
	o := DefaultOptions()
	o.Backbone = "disparity"
	links, what := backbone(v, o)
	if got := keptPairs(links); !reflect.DeepEqual(got, []string{"AB", "AC", "AD"}) || what != "disparity filter α=0.05" {
		t.Errorf("backbone: %v (%q), want [AB AC AD]", got, what)
	}
}

func TestDisparityLayersAreSeparate(t *testing.T) {
	// The same pair on a second layer with a single link: its own degree 1
	// gives α = 1 at both ends, so only the skeleton can keep it.
	v := backboneView()
	v.Links = append(v.Links, analysis.ViewLink{Source: "C", Target: "D", Layer: "y@1", Weight: 5})
	keep := disparityKeep(v.Links, 0.05)
	if keep[5] {
		t.Error("a layer's only link passed the disparity test")
	}
	if !keep[0] {
		t.Error("A–B on layer x lost its significance when layer y was added")
	}
}

func TestTopKAndHopSkeleton(t *testing.T) {
	v := backboneView()
	// Top 1 per node: A's strongest is A–B; B's A–B; C's first among ties A–C; D's A–D.
	if got := marked(v.Links, topKKeep(v.Links, 1)); !reflect.DeepEqual(got, []string{"AB", "AC", "AD"}) {
		t.Errorf("top 1: %v", got)
	}
	// Around a seed C (hops: C 0, A B D 1), the skeleton keeps each node's
	// strongest link towards C: A–C, B–C, C–D; the filter adds A–B.
	v.Nodes = []analysis.ViewNode{{ID: "C", Seed: true}, {ID: "A", Hops: 1}, {ID: "B", Hops: 1}, {ID: "D", Hops: 1}}
	o := DefaultOptions()
	o.Backbone = "disparity"
	links, _ := backbone(v, o)
	if got := keptPairs(links); !reflect.DeepEqual(got, []string{"AB", "AC", "BC", "CD"}) {
		t.Errorf("hop skeleton: %v, want [AB AC BC CD]", got)
	}
}

func TestAutoBackbone(t *testing.T) {
	// 5 links on 4 nodes is 1.25 per node, under AutoBackboneDensity: nothing is filtered.
	v := backboneView()
	links, what := backbone(v, DefaultOptions())
	if len(links) != 5 || what != "" {
		t.Errorf("auto on a sparse view: %d links, %q", len(links), what)
	}
	// A complete graph on 6 nodes has 15 links, 2.5 per node: filtered.
	v = &analysis.GraphView{}
	ids := []string{"a", "b", "c", "d", "e", "f"}
	for i, a := range ids {
		v.Nodes = append(v.Nodes, analysis.ViewNode{ID: a})
		for _, b := range ids[i+1:] {
			v.Links = append(v.Links, analysis.ViewLink{Source: a, Target: b, Layer: "x", Weight: 1})
		}
	}
	links, what = backbone(v, DefaultOptions())
	// Equal weights: α = (1 − 1/5)^4 = 0.41 everywhere, nothing passes; the spanning tree (5 links) stays.
	if len(links) != 5 || what != "disparity filter α=0.05" {
		t.Errorf("auto on a dense view: %d links, %q", len(links), what)
	}
}
