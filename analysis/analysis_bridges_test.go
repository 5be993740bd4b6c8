package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestBridgesHand ranks the two triangles of viewStore joined by c–d. With
// lengths 1/w every path between the triangles runs c–d and no path inside
// a triangle takes a detour (a–b 1/0.9 < a–c–b 1/0.8+1/0.7), so c lies on
// the 2·3 shortest paths from a, b to d, e, f and d on the 3·2 from a, b, c
// to e, f: betweenness 6 each, not normalised (normalised would be 6/10).
func TestBridgesHand(t *testing.T) {
	a := viewStore(t)
	ctx := context.Background()
	req := BridgesRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}, Resolution: 1, Seed: 1}}
	res, err := a.Bridges(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ranked != 6 || len(res.Sectors) != 6 || len(res.Domains().Domains) != 2 {
		t.Fatalf("ranked %d, %d sectors, %d domains", res.Ranked, len(res.Sectors), len(res.Domains().Domains))
	}
	for k, s := range res.Sectors {
		if s.Rank != k+1 {
			t.Errorf("sector %d (%s) has rank %d", k, s.Code, s.Rank)
		}
	}
	if top2 := res.Sectors[0].Code + res.Sectors[1].Code; top2 != "cd" && top2 != "dc" {
		t.Errorf("top two bridges %s, want c and d", top2)
	}
	c, ok := res.Industry("c")
	if !ok || c.Bridge == nil {
		t.Fatalf("c: %+v, %v", c, ok)
	}
	// c's links: a 0.8, b 0.7, d 0.2 → strength 1.7, participation
	// 1 − (1.5/1.7)² − (0.2/1.7)² = 0.2076…
	wantP := 1 - math.Pow(1.5/1.7, 2) - math.Pow(0.2/1.7, 2)
	if c.Bridge.Betweenness != 6 || math.Abs(c.Bridge.Participation-wantP) > 1e-12 || math.Abs(c.Strength-1.7) > 1e-12 {
		t.Errorf("c: betweenness %v (want 6), participation %v (want %v), strength %v (want 1.7)", c.Bridge.Betweenness, c.Bridge.Participation, wantP, c.Strength)
	}
	if c.Bridge.TopSector != "X" || c.Employment != nil || len(c.Layers) != 1 || c.Layers[0] != (LayerDegree{Layer: "rel@2020", Degree: 3, Strength: c.Strength}) {
		t.Errorf("c: top sector %q, employment %v, layers %+v", c.Bridge.TopSector, c.Employment, c.Layers)
	}
	d, _ := res.Industry("d")
	if d.Domain == c.Domain || d.Domain < 1 || d.Bridge.TopSector != "Y" || int(c.Bridge.Community) != c.Domain {
		t.Errorf("c in domain %d (community %d), d in %d (sector %q)", c.Domain, c.Bridge.Community, d.Domain, d.Bridge.TopSector)
	}
	if _, ok := res.Industry("zz"); ok {
		t.Error("an unknown code has metrics")
	}

	// With Top 1 the ranking is cut: other industries keep their measures, not their entry.
	req.Top = 1
	cut, err := a.Bridges(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := cut.Industry("a"); len(cut.Sectors) != 1 || cut.Ranked != 6 || m.Bridge != nil || m.Strength == 0 {
		t.Errorf("top 1: %d sectors of %d; a: %+v", len(cut.Sectors), cut.Ranked, m)
	}

	// At γ = 1000 every industry is its own domain: domain IDs run 1..6 and
	// the ranking still works (partition hands graph/bridging IDs 0..5).
	req.Top, req.Resolution = 0, 1000
	single, err := a.Bridges(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(single.Domains().Domains) != 6 {
		t.Fatalf("γ = 1000: %d domains, want 6", len(single.Domains().Domains))
	}
	for _, s := range single.Sectors {
		if m, _ := single.Industry(s.Code); int(s.Community) != m.Domain || m.Domain < 1 {
			t.Errorf("γ = 1000: %s in community %d, domain %d", s.Code, s.Community, m.Domain)
		}
		for _, c := range s.Connects {
			if c.Own || c.Community < 1 || c.Community > 6 {
				t.Errorf("γ = 1000: %s connects %+v", s.Code, c)
			}
		}
	}
	req.Resolution = 1

	for _, bad := range []struct {
		req   BridgesRequest
		field string
	}{
		{BridgesRequest{DomainsRequest: req.DomainsRequest, Top: -1}, "top"},
		{BridgesRequest{DomainsRequest: req.DomainsRequest, Samples: -1}, "samples"},
		{BridgesRequest{DomainsRequest: req.DomainsRequest, Distance: "euclid"}, "distance"},
	} {
		_, err := a.Bridges(ctx, bad.req)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != bad.field {
			t.Errorf("%+v: %v (field %q), want EINVALID on %s", bad.req, err, graphmodel.ErrorField(err), bad.field)
		}
	}
}

// TestNeighboursHand lists c's neighbours in viewStore: a 0.8, b 0.7, d 0.2.
func TestNeighboursHand(t *testing.T) {
	a := viewStore(t)
	ctx := context.Background()
	res, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel@2020", Code: "c", Top: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Layer.Key() != "rel@2020" || res.QualifiedName != "Industry c" || len(res.Neighbours) != 2 ||
		res.Neighbours[0].Code != "a" || res.Neighbours[0].Value != 0.8 || res.Neighbours[1].Code != "b" || res.Neighbours[1].Name != "Industry b" {
		t.Fatalf("%+v", res)
	}
	min := 0.5
	if res, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel", Code: "c", Min: &min}); err != nil || len(res.Neighbours) != 2 {
		t.Errorf("min 0.5: %v, %v", res, err)
	}
	// A period given apart and another after @ contradict each other; the same one twice is fine.
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel@2020", Period: "2019", Code: "c"}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("rel@2020 with period 2019: %v, want EINVALID", err)
	}
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel@2020", Period: "2020", Code: "c"}); err != nil {
		t.Errorf("rel@2020 with period 2020: %v", err)
	}
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel", Period: "2019", Code: "c"}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("period 2019: %v, want not found", err)
	}
	nan := math.NaN()
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel", Code: "c", Min: &nan}); graphmodel.ErrorField(err) != "min" {
		t.Errorf("min NaN: %v, want an error on min", err)
	}
}
