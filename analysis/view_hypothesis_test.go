package analysis

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// viewNodes lists a view's node codes (sorted), its seeds and its links as "a-b".
func viewNodes(v *GraphView) (nodes, seeds, links []string) {
	for _, n := range v.Nodes {
		nodes = append(nodes, n.ID)
		if n.Seed {
			seeds = append(seeds, n.ID)
		}
	}
	for _, l := range v.Links {
		links = append(links, l.Source+"-"+l.Target)
	}
	slices.Sort(nodes)
	slices.Sort(links)
	return nodes, seeds, links
}

// TestHypothesisView checks the network of S = {a1, a2, b1} on the toy
// graph of hypStore against the links listed there.
func TestHypothesisView(t *testing.T) {
	st, a := hypStore(t)
	ctx := context.Background()
	h, err := st.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "Agri-bio", Classification: "TOY", Codes: []string{"a1", "a2", "b1"},
		Params: graphmodel.HypothesisParams{Layers: []string{"rel@P2"}}})
	if err != nil {
		t.Fatal(err)
	}
	// rel@P1: the members and b2, the only outside industry linked into S
	// (b1–b2); the links among them are a1–a2, a1–b1, a2–b1, b1–b2 (not b2–c1).
	v, err := a.HypothesisView(ctx, HypothesisViewRequest{HypothesisRequest: HypothesisRequest{ID: h.ID, GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	nodes, seeds, links := viewNodes(v)
	if !reflect.DeepEqual(nodes, []string{"a1", "a2", "b1", "b2"}) || !reflect.DeepEqual(seeds, []string{"a1", "a2", "b1"}) ||
		!reflect.DeepEqual(links, []string{"a1-a2", "a1-b1", "a2-b1", "b1-b2"}) || v.Truncated {
		t.Errorf("on rel@P1: nodes %v, seeds %v, links %v, truncated %v", nodes, seeds, links, v.Truncated)
	}
	if v.Title != `hypothesis 1 "Agri-bio": 3 industries and the 1 linked most into it, on rel@P1` || v.Params["hypothesis"] != "1" || v.Params["bridges"] != "10" {
		t.Errorf("title %q, params %v", v.Title, v.Params)
	}
	// Without layers, its saved rel@P2: a1–a2, a2–b1; nothing outside links
	// into S (P2's only other link is b2–c1).
	v, err = a.HypothesisView(ctx, HypothesisViewRequest{HypothesisRequest: HypothesisRequest{ID: h.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if nodes, _, links := viewNodes(v); !reflect.DeepEqual(nodes, []string{"a1", "a2", "b1"}) || !reflect.DeepEqual(links, []string{"a1-a2", "a2-b1"}) || v.Provenance.Layers[0].Key() != "rel@P2" {
		t.Errorf("on its saved rel@P2: nodes %v, links %v, layers %v", nodes, links, v.Provenance.Layers)
	}
	// Codes, two nodes at most: the first two members only, truncated.
	v, err = a.HypothesisView(ctx, HypothesisViewRequest{HypothesisRequest: HypothesisRequest{Codes: []string{"b1", "a2", "a1"}, GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}},
		View: ViewRequest{MaxNodes: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if nodes, seeds, links := viewNodes(v); !reflect.DeepEqual(nodes, []string{"a1", "a2"}) || len(seeds) != 2 || !reflect.DeepEqual(links, []string{"a1-a2"}) || !v.Truncated || v.Params["codes"] != "a1,a2,b1" {
		t.Errorf("max 2 nodes: nodes %v, seeds %v, links %v, truncated %v, params %v", nodes, seeds, links, v.Truncated, v.Params)
	}
	// No industry of the set in the graph; an unknown hypothesis.
	if _, err := a.HypothesisView(ctx, HypothesisViewRequest{HypothesisRequest: HypothesisRequest{Codes: []string{"zz"}, GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}}}); graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "codes" {
		t.Errorf("codes without links: %v, want EINVALID on codes", err)
	}
	if _, err := a.HypothesisView(ctx, HypothesisViewRequest{HypothesisRequest: HypothesisRequest{ID: 99}}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("hypothesis 99: %v, want ENOTFOUND", err)
	}
}
