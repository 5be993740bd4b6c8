package storetest

import (
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// The boundaries part of the suite: the outcomes graphmodel.BoundaryStore lists.

func boundaryStore(t *testing.T, s graphmodel.Store) graphmodel.BoundaryStore {
	return capability[graphmodel.BoundaryStore](t, s)
}

// square is the unit square at (x, y), as GeoJSON with spaces the load removes.
func square(x, y int) []byte {
	return []byte(`{ "type": "Polygon", "coordinates": [ [ [` + itoa(x) + `, ` + itoa(y) + `], [` + itoa(x+1) + `, ` + itoa(y) + `], [` +
		itoa(x+1) + `, ` + itoa(y+1) + `], [` + itoa(x) + `, ` + itoa(y+1) + `], [` + itoa(x) + `, ` + itoa(y) + `] ] ] }`)
}

func itoa(n int) string { return string(rune('0' + n)) }

func testBoundaries(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	bs := boundaryStore(t, s)
	if got := get(bs.Boundaries(ctx)).ok(t); len(got) != 0 {
		t.Fatalf("empty store: Boundaries = %+v, want none", got)
	}
	loadInd(t, s, flatLoad())
	loadRegional(t, s, regionalLoad()) // regions UKC, UKD
	v0 := get(s.Version(ctx)).ok(t)
	ds := get(bs.LoadBoundaries(ctx, graphmodel.BoundariesLoad{Provenance: prov("regions.geojson"),
		Shapes: []graphmodel.RegionShape{{Region: "UKD", Geometry: square(1, 0)}, {Region: "UKC", Geometry: square(0, 0)}}})).ok(t)
	if ds.Kind != graphmodel.DatasetBoundaries || ds.Target != graphmodel.BoundariesTarget || ds.Records != 2 || ds.Version != v0+1 {
		t.Errorf("dataset %+v, want kind boundaries, target regions, 2 records, version %d", ds, v0+1)
	}
	want := []graphmodel.RegionShape{ // by region, compact
		{Region: "UKC", Geometry: []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`)},
		{Region: "UKD", Geometry: []byte(`{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}`)},
	}
	if got := get(bs.Boundaries(ctx)).ok(t); !reflect.DeepEqual(shapeText(got), shapeText(want)) {
		t.Errorf("Boundaries = %v, want %v", shapeText(got), shapeText(want))
	}

	// Bad loads change nothing: an unknown region, a geometry that is not a
	// polygon, a ring that is not closed, none at all.
	v1 := get(s.Version(ctx)).ok(t)
	for _, bad := range []struct {
		shapes []graphmodel.RegionShape
		field  string
		msg    string
	}{
		{[]graphmodel.RegionShape{{Region: "UKC", Geometry: square(0, 0)}, {Region: "ZZZ", Geometry: square(2, 0)}}, "regions", `"ZZZ"`},
		{[]graphmodel.RegionShape{{Region: "UKC", Geometry: []byte(`{"type":"Point","coordinates":[0,0]}`)}}, "geometry", "Polygon or MultiPolygon"},
		{[]graphmodel.RegionShape{{Region: "UKC", Geometry: []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`)}}, "geometry", "not closed"},
		{nil, "regions", "no region shapes"},
	} {
		_, err := bs.LoadBoundaries(ctx, graphmodel.BoundariesLoad{Shapes: bad.shapes})
		wantCode(t, err, graphmodel.EINVALID, bad.msg)
		wantField(t, err, bad.field)
	}
	if v := get(s.Version(ctx)).ok(t); v != v1 {
		t.Errorf("version %d after bad loads, want %d", v, v1)
	}
	if got := get(bs.Boundaries(ctx)).ok(t); len(got) != 2 {
		t.Errorf("after bad loads: %d shapes, want the 2 loaded", len(got))
	}

	// A new load replaces every shape: UKC alone, as a MultiPolygon.
	multi := []byte(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[3,3],[4,3],[4,4],[3,3]]]]}`)
	get(bs.LoadBoundaries(ctx, graphmodel.BoundariesLoad{Shapes: []graphmodel.RegionShape{{Region: "UKC", Geometry: multi}}})).ok(t)
	got := get(bs.Boundaries(ctx)).ok(t)
	if len(got) != 1 || got[0].Region != "UKC" || string(got[0].Geometry) != string(multi) {
		t.Errorf("after reload: %v, want UKC's MultiPolygon only", shapeText(got))
	}
	n := 0
	for _, d := range get(s.Datasets(ctx)).ok(t) {
		if d.Kind == graphmodel.DatasetBoundaries {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d boundaries datasets, want 1 (a reload replaces)", n)
	}
}

func shapeText(s []graphmodel.RegionShape) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Region+" "+string(x.Geometry))
	}
	return out
}
