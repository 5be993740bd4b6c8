package analysis

import (
	"context"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestMapHand maps regionViewStore's two regions (see TestCompareRegions for
// their LQs) by every measure with a hand-computed answer:
//
//	lq of a: r1 2.25, r2 (10/100)/(40/150) = 0.375
//	domain-lq of {a, b, c} (80 of 150 jobs): r1 (40/50)/(80/150) = 1.5, r2 (40/100)/(80/150) = 0.75
//	density of c (links a 0.8, b 0.7, d 0.2): r1 holds a, b: 100·1.5/1.7; r2 holds d: 100·0.2/1.7
//	specialisations: r1 2 (a, b), r2 4 (c, d, e, f)
//
// and the tile grid (2 regions: 2 columns, by name) and boundaries.
func TestMapHand(t *testing.T) {
	a := regionViewStore(t)
	ctx := context.Background()
	check := func(req MapRequest, want ...float64) *MapResult {
		t.Helper()
		req.RegionRequest = relaxedRegion()
		res, err := a.Map(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", req.Value, err)
		}
		if len(res.Regions) != 2 || res.Regions[0].Region.ID != "r1" {
			t.Fatalf("%s: regions %+v", req.Value, res.Regions)
		}
		for k, w := range want {
			if v := res.Regions[k].Value; v == nil || !regionNear(*v, w) {
				t.Errorf("%s of %s = %v, want %v", req.Value, res.Regions[k].Region.ID, v, w)
			}
		}
		return res
	}
	res := check(MapRequest{Value: MapLQ, Industry: "a"}, 2.25, 0.375)
	if res.Min != 0.375 || res.Max != 2.25 || res.Neutral == nil || *res.Neutral != 1 || res.Label != "LQ of a Industry a" {
		t.Errorf("min %v max %v neutral %v label %q", res.Min, res.Max, res.Neutral, res.Label)
	}
	if res.Layout != "tiles" || res.TileLayout != "grid" || res.Regions[0].Col != 0 || res.Regions[1].Col != 1 || res.Regions[1].Row != 0 {
		t.Errorf("layout %s/%s, tiles %+v", res.Layout, res.TileLayout, res.Regions)
	}
	// The domain of a (and b, c: a triangle apart from d, e, f).
	prof, err := a.Region(ctx, func() RegionRequest { r := relaxedRegion(); r.Region = "r1"; return r }())
	if err != nil {
		t.Fatal(err)
	}
	d := prof.Specialisations[0].Domain
	check(MapRequest{Value: MapDomainLQ, Domain: &d}, 1.5, 0.75)
	check(MapRequest{Value: MapDensity, Industry: "c"}, 150/1.7, 20/1.7)
	check(MapRequest{Value: MapSpecialisations}, 2, 4)

	// Boundaries for r1 only: a mixed layout naming r2.
	sq := []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`)
	if _, err := a.Store.(graphmodel.BoundaryStore).LoadBoundaries(ctx, graphmodel.BoundariesLoad{Shapes: []graphmodel.RegionShape{{Region: "r1", Geometry: sq}}}); err != nil {
		t.Fatal(err)
	}
	res = check(MapRequest{Value: MapSpecialisations}, 2, 4)
	if res.Layout != "mixed" || strings.Join(res.WithoutBoundary, ",") != "r2" || string(res.Regions[0].Geometry) != string(sq) || res.Regions[1].Geometry != nil {
		t.Errorf("layout %s, without %v, geometry %s", res.Layout, res.WithoutBoundary, res.Regions[0].Geometry)
	}

	for _, bad := range []struct {
		req  MapRequest
		code string
	}{
		{MapRequest{Value: "colour"}, graphmodel.EINVALID},
		{MapRequest{Value: MapLQ}, graphmodel.EINVALID},
		{MapRequest{Value: MapLQ, Industry: "zz"}, graphmodel.ENOTFOUND},
		{MapRequest{Value: MapDomainLQ}, graphmodel.EINVALID},
		{MapRequest{Value: MapDomainLQ, Domain: new(int)}, graphmodel.EINVALID}, // domain 0: isolated industries, no domain
	} {
		bad.req.RegionRequest = relaxedRegion()
		if _, err := a.Map(ctx, bad.req); graphmodel.ErrorCode(err) != bad.code {
			t.Errorf("%+v: error %v, want %s", bad.req, err, bad.code)
		}
	}
}

// TestTileGrid: the UK's regions get the UK layout, others a square grid.
func TestTileGrid(t *testing.T) {
	var uk []graphmodel.Region
	for _, n := range []string{"East", "East Midlands", "London", "North East", "North West", "Scotland", "South East", "South West", "Wales", "West Midlands", "Yorkshire and The Humber"} {
		uk = append(uk, graphmodel.Region{ID: graphmodel.Slug(n), Name: n})
	}
	cols, rows, layout := TileGrid(uk)
	if layout != "uk" || cols[2] != 3 || rows[2] != 4 || cols[5] != 2 || rows[5] != 0 { // London (3, 4), Scotland (2, 0)
		t.Errorf("layout %s, London (%d, %d), Scotland (%d, %d)", layout, cols[2], rows[2], cols[5], rows[5])
	}
	// Five regions, one not British: ⌈√5⌉ = 3 columns, by name.
	five := []graphmodel.Region{{ID: "e", Name: "Eo"}, {ID: "a", Name: "Ab"}, {ID: "d", Name: "Do"}, {ID: "c", Name: "Ca"}, {ID: "london", Name: "London"}}
	cols, rows, layout = TileGrid(five)
	want := [][2]int{{0, 1}, {0, 0}, {2, 0}, {1, 0}, {1, 1}} // Ab, Ca, Do / Eo, London
	for q := range five {
		if cols[q] != want[q][0] || rows[q] != want[q][1] {
			t.Errorf("%s at (%d, %d), want %v", five[q].Name, cols[q], rows[q], want[q])
		}
	}
	if layout != "grid" {
		t.Errorf("layout %s", layout)
	}
}
