package api

import (
	"context"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestUKLabourFlows serves the real UK labour flows (SIC 2007 classes,
// 2009–2018) and checks the API against the store: neighbours, a 100-node
// two-hop subgraph with exactly the related pairs among its nodes, its GEXF
// export, bridges and an industry's employment.
func TestUKLabourFlows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "uk.db")
	buildUKStore(t, path) // skips when ../shared/data is absent
	st := openStore(t, path)
	h := New(st, Config{Logger: quietLogger()}).Handler()
	ctx := context.Background()

	want, err := st.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "labour", Code: "8610", Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	var nr NeighboursResult
	decode(t, get(t, h, "/api/v1/industries/8610/neighbours"), &nr)
	if len(nr.Neighbours) != 10 || nr.Industry.Name != "Hospital activities" {
		t.Fatalf("8610 neighbours: %d, industry %+v", len(nr.Neighbours), nr.Industry)
	}
	for i := range want {
		if nr.Neighbours[i].Code != want[i].Code || nr.Neighbours[i].Value != want[i].Value {
			t.Errorf("neighbour %d: %s %v, store %s %v", i, nr.Neighbours[i].Code, nr.Neighbours[i].Value, want[i].Code, want[i].Value)
		}
	}

	var g nodeLink
	decode(t, get(t, h, "/api/v1/subgraph?seeds=8610&hops=2&max_nodes=100"), &g)
	// 170 industries lie within two hops of 8610 on this layer: the view is cut to 100.
	if len(g.Nodes) != 100 || !g.Truncated || g.Nodes[0].ID != "8610" {
		t.Fatalf("two-hop subgraph: %d nodes, truncated %v", len(g.Nodes), g.Truncated)
	}
	in := map[string]bool{}
	for _, n := range g.Nodes {
		in[n.ID] = true
		if n.Hops > 2 {
			t.Errorf("%s at %d hops", n.ID, n.Hops)
		}
	}
	// Every related pair among the nodes (value above the layer's threshold
	// 0, both directions merged, as Store.Neighbours lists them) is a link.
	pairs := map[string]bool{}
	for _, n := range g.Nodes {
		ns, err := st.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "labour", Code: n.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ns {
			if in[m.Code] && n.ID < m.Code {
				pairs[n.ID+"-"+m.Code] = true
			}
		}
	}
	got := map[string]bool{}
	for _, l := range g.Links {
		a, b := l.Source, l.Target
		if a > b {
			a, b = b, a
		}
		got[a+"-"+b] = true
	}
	if len(got) != len(pairs) || len(g.Links) != len(pairs) {
		t.Errorf("subgraph has %d links (%d pairs); the store has %d related pairs among its nodes", len(g.Links), len(got), len(pairs))
	}
	for p := range pairs {
		if !got[p] {
			t.Errorf("related pair %s missing from the subgraph", p)
		}
	}

	w := get(t, h, "/api/v1/subgraph?seeds=8610&hops=2&max_nodes=100&format=gexf")
	var gx struct {
		Nodes []struct {
			ID    string `xml:"id,attr"`
			Label string `xml:"label,attr"`
		} `xml:"graph>nodes>node"`
		Edges []struct{} `xml:"graph>edges>edge"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &gx); err != nil || len(gx.Nodes) != 100 || len(gx.Edges) != len(g.Links) || gx.Nodes[0].Label != "Hospital activities" {
		t.Errorf("GEXF: %v, %d nodes, %d edges", err, len(gx.Nodes), len(gx.Edges))
	}

	var b BridgesResponse
	decode(t, get(t, h, "/api/v1/bridges?top=10"), &b)
	if len(b.Bridges) != 10 || b.Bridges[0].Of < 400 || !strings.Contains(b.Bridges[0].Explanation, "Ranked 1 of") {
		t.Errorf("UK bridges: %d, first %+v", len(b.Bridges), b.Bridges[0])
	}

	var d IndustryDetail
	decode(t, get(t, h, "/api/v1/industries/8610"), &d)
	vals, err := st.RegionalValues(ctx, graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "SIC2007", Period: "2015"})
	if err != nil {
		t.Fatal(err)
	}
	emp := 0.0
	for _, v := range vals {
		if v.Industry == "8610" {
			emp += v.Value
		}
	}
	if d.Metrics == nil || d.Metrics.Employment == nil || *d.Metrics.Employment != emp || emp == 0 || len(d.Ancestors) != 2 {
		t.Errorf("8610 detail: metrics %+v, %d ancestors; employment over the 2015 regions %v", d.Metrics, len(d.Ancestors), emp)
	}
}
