package analysis

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// viewStore holds two triangles {a,b,c} (sector X) and {d,e,f} (sector Y)
// joined by the weak link c–d, as a given-relatedness layer "rel@2020".
func viewStore(t *testing.T) *Analyzer {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	inds := []graphmodel.Industry{
		{Classification: "T", Code: "X", Name: "Sector X", Level: 0},
		{Classification: "T", Code: "Y", Name: "Sector Y", Level: 0},
	}
	for _, c := range []string{"a", "b", "c"} {
		inds = append(inds, graphmodel.Industry{Classification: "T", Code: c, Name: "Industry " + c, Parent: "X", Level: 1})
	}
	for _, c := range []string{"d", "e", "f"} {
		inds = append(inds, graphmodel.Industry{Classification: "T", Code: c, Name: "Industry " + c, Parent: "Y", Level: 1})
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "T"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	links := []graphmodel.Link{
		{From: "a", To: "b", Value: 0.9}, {From: "a", To: "c", Value: 0.8}, {From: "b", To: "c", Value: 0.7},
		{From: "d", To: "e", Value: 0.9}, {From: "d", To: "f", Value: 0.8}, {From: "e", To: "f", Value: 0.7},
		{From: "c", To: "d", Value: 0.2},
	}
	layer := graphmodel.Layer{Name: "rel", Period: "2020", Kind: graphmodel.KindRelatedness, Classification: "T", Method: "given"}
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}
	return NewAnalyzer(st)
}

func viewCodes(v *GraphView) []string {
	var out []string
	for _, n := range v.Nodes {
		out = append(out, n.ID)
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNeighbourhood(t *testing.T) {
	a := viewStore(t)
	ctx := context.Background()
	req := NeighbourhoodRequest{ViewRequest: ViewRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}}, Seeds: []string{"a"}, Hops: 1}
	v, err := a.Neighbourhood(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	// One hop from a: b (0.9) before c (0.8); links a–b, a–c, b–c.
	if got := viewCodes(v); !sameStrings(got, []string{"a", "b", "c"}) || len(v.Links) != 3 || v.Truncated {
		t.Fatalf("1 hop: nodes %v, %d links, truncated %v", got, len(v.Links), v.Truncated)
	}
	if !v.Nodes[0].Seed || v.Nodes[1].Hops != 1 || v.Nodes[0].SectorName != "Sector X" {
		t.Errorf("node attributes: %+v", v.Nodes[:2])
	}
	// Strength of a = 0.9 + 0.8.
	if !near(v.Nodes[0].Strength, 1.7) {
		t.Errorf("strength of a = %v, want 1.7", v.Nodes[0].Strength)
	}
	req.Hops = 2
	if v, _ = a.Neighbourhood(ctx, req); !sameStrings(viewCodes(v), []string{"a", "b", "c", "d"}) {
		t.Errorf("2 hops: %v, want a b c d", viewCodes(v))
	}
	req.MaxNodes = 3
	if v, _ = a.Neighbourhood(ctx, req); !v.Truncated || len(v.Nodes) != 3 {
		t.Errorf("max_nodes 3: %v truncated %v", viewCodes(v), v.Truncated)
	}
	req.MaxNodes, req.Min = 0, 0.5 // c–d (0.2) is not followed
	if v, _ = a.Neighbourhood(ctx, req); len(v.Nodes) != 3 {
		t.Errorf("min 0.5: %v, want a b c", viewCodes(v))
	}
	for _, bad := range []NeighbourhoodRequest{
		{ViewRequest: req.ViewRequest, Seeds: []string{"zz"}},
		{ViewRequest: req.ViewRequest, Seeds: []string{"a"}, Hops: 9},
		{ViewRequest: req.ViewRequest},
		{ViewRequest: ViewRequest{GraphRequest: req.GraphRequest, MaxNodes: MaxNodesLimit + 1}, Seeds: []string{"a"}},
	} {
		if _, err := a.Neighbourhood(ctx, bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	if _, err := a.Neighbourhood(ctx, NeighbourhoodRequest{ViewRequest: ViewRequest{GraphRequest: req.GraphRequest, MaxNodes: MaxNodesLimit + 1}, Seeds: []string{"a"}}); graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE {
		t.Errorf("max_nodes over the cap: %v, want too_large", err)
	}
}

func TestDomainAndPathViews(t *testing.T) {
	a := viewStore(t)
	ctx := context.Background()
	vr := ViewRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}, Resolution: 1, Seed: 1}
	v, err := a.DomainView(ctx, vr, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Nodes) != 3 || len(v.Links) != 3 || len(v.Domains) != 1 {
		t.Fatalf("domain 1: %v, %d links, domains %+v", viewCodes(v), len(v.Links), v.Domains)
	}
	// Neighbourhood with domains marks c–d as the only cross-domain link, and c's
	// participation: its links 0.8 + 0.7 stay, 0.2 leaves: P = 1 − (1.5/1.7)² − (0.2/1.7)².
	nv, err := a.Neighbourhood(ctx, NeighbourhoodRequest{ViewRequest: ViewRequest{GraphRequest: vr.GraphRequest, WithDomains: true, Resolution: 1}, Seeds: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	cross := 0
	for _, l := range nv.Links {
		if l.CrossDomain {
			cross++
			if l.Source != "c" || l.Target != "d" {
				t.Errorf("cross link %s–%s, want c–d", l.Source, l.Target)
			}
		}
	}
	if cross != 1 {
		t.Errorf("%d cross-domain links, want 1", cross)
	}
	wantP := 1 - (1.5/1.7)*(1.5/1.7) - (0.2/1.7)*(0.2/1.7)
	if nv.Nodes[0].ID != "c" || nv.Nodes[0].Bridging == nil || !near(*nv.Nodes[0].Bridging, wantP) {
		t.Errorf("bridging of c: %+v, want %v", nv.Nodes[0], wantP)
	}
	if _, err := a.DomainView(ctx, vr, 9); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("unknown domain: %v", err)
	}
	// Strongest path a→f with lengths 1/w: a–c–d–f = 1.25 + 5 + 1.25 = 7.5
	// beats a–b–c–d–f = 1.11 + 1.43 + 5 + 1.25 = 8.79.
	p, err := a.PathView(ctx, vr, "a", "f")
	if err != nil {
		t.Fatal(err)
	}
	if got := viewCodes(p); !sameStrings(got, []string{"a", "c", "d", "f"}) {
		t.Errorf("path %v, want a c d f", got)
	}
}
func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
