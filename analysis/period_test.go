package analysis

import (
	"context"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestDefaultPeriod(t *testing.T) {
	for _, c := range []struct {
		periods []string
		want    string
	}{
		{[]string{"2014-2018", "2009-2018"}, "2009-2018"},                 // 10 years over 5, although "2014-2018" sorts last
		{[]string{"2009-2013", "2014-2018"}, "2014-2018"},                 // equal spans: the later end
		{[]string{"2015", "2010-2014"}, "2010-2014"},                      // 5 years over 1
		{[]string{"2020", "draft", "2019"}, "2020"},                       // text periods count as the shortest
		{[]string{"b", "a"}, "b"},                                         // no years at all: the greatest by text
		{[]string{"2009-2018", "2009 - 2018x", "1997-2008"}, "1997-2008"}, // 12 years over 10; "2018x" is not a year
	} {
		got, ok := DefaultPeriod(c.periods)
		if !ok || got != c.want {
			t.Errorf("DefaultPeriod(%v) = %q, %v; want %q", c.periods, got, ok, c.want)
		}
	}
	if _, ok := DefaultPeriod(nil); ok {
		t.Error("no periods: want ok false")
	}
	for _, p := range []string{"2018-2009", "20x0", "", "2009-"} {
		if _, _, ok := PeriodSpan(p); ok {
			t.Errorf("PeriodSpan(%q) ok, want not a period of years", p)
		}
	}
}

// TestSnapshotDefaultPeriod: a layer loaded for 2009-2018 and then for the
// sub-period 2014-2018 is analysed at 2009-2018 when no period is named;
// name@period and --period select the other; an unknown period is ENOTFOUND
// and nothing is cached for it.
func TestSnapshotDefaultPeriod(t *testing.T) {
	a := viewStore(t) // "rel" 2020
	ctx := context.Background()
	load := func(period string, links []graphmodel.Link) {
		l := graphmodel.Layer{Name: "rel", Period: period, Kind: graphmodel.KindRelatedness, Classification: "T", Method: "given"}
		if _, err := a.Store.(graphmodel.Loader).LoadLayer(ctx, graphmodel.LayerLoad{Layer: l, Links: links}); err != nil {
			t.Fatal(err)
		}
	}
	load("2009-2018", []graphmodel.Link{{From: "a", To: "b", Value: 0.5}, {From: "b", To: "c", Value: 0.5}})
	load("2014-2018", []graphmodel.Link{{From: "a", To: "b", Value: 0.5}})
	key := func(req GraphRequest) string {
		s, err := a.Snapshot(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return s.Layers[0].Layer.Key()
	}
	if got := key(GraphRequest{Layers: []string{"rel"}}); got != "rel@2009-2018" {
		t.Errorf("no period: %s, want rel@2009-2018 (the longest), not the last loaded", got)
	}
	if got := key(GraphRequest{Layers: []string{"rel@2014-2018"}}); got != "rel@2014-2018" {
		t.Errorf("rel@2014-2018: %s", got)
	}
	if got := key(GraphRequest{Layers: []string{"rel"}, Period: "2020"}); got != "rel@2020" {
		t.Errorf("period 2020: %s", got)
	}
	n := a.Snapshots.Len()
	if _, err := a.Snapshot(ctx, GraphRequest{Layers: []string{"rel@1999"}}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("rel@1999: %v, want ENOTFOUND", err)
	}
	if a.Snapshots.Len() != n {
		t.Errorf("a failed snapshot was cached: %d entries, want %d", a.Snapshots.Len(), n)
	}

	// Neighbours takes name@period the same way, and refuses two different periods.
	res, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel", Code: "b"})
	if err != nil || res.Layer.Period != "2009-2018" || len(res.Neighbours) != 2 {
		t.Fatalf("neighbours of b on rel: %+v, %v; want 2009-2018 with a and c", res, err)
	}
	res, err = a.Neighbours(ctx, NeighboursRequest{Layer: "rel@2014-2018", Code: "b"})
	if err != nil || res.Layer.Period != "2014-2018" || len(res.Neighbours) != 1 {
		t.Fatalf("neighbours of b on rel@2014-2018: %+v, %v", res, err)
	}
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel@2014-2018", Period: "2009-2018", Code: "b"}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("two periods: %v, want EINVALID", err)
	}
	if _, err := a.Neighbours(ctx, NeighboursRequest{Layer: "rel@1999", Code: "b"}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("rel@1999: %v, want ENOTFOUND", err)
	}
}

func TestFirstClassification(t *testing.T) {
	a := viewStore(t) // layer "rel" 2020 in classification "T"
	ctx := context.Background()
	for _, g := range []GraphRequest{{Layers: []string{"rel"}}, {Layers: []string{"rel@2020"}}, {Layers: []string{"rel", "other"}, Period: "2020"}} {
		if c, err := g.FirstClassification(ctx, a.Store); err != nil || c != "T" {
			t.Errorf("%v: %q, %v; want T", g.Layers, c, err)
		}
	}
	if _, err := (GraphRequest{Layers: []string{"rel"}, Period: "1999"}).FirstClassification(ctx, a.Store); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("rel at 1999: %v, want ENOTFOUND", err)
	}
}
