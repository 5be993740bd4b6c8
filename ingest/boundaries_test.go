package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// squaresGeoJSON is a FeatureCollection of unit squares in a row, the k-th
// at x = k, with property "name" = names[k].
func squaresGeoJSON(names ...string) string {
	var feats []string
	for k, n := range names {
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"name":%q,"pop":%d},"geometry":{"type":"Polygon","coordinates":[[[%d,0],[%d,0],[%d,1],[%d,1],[%d,0]]]}}`,
			n, k, k, k+1, k+1, k, k))
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `]}`
}

// geoStore holds regions r1 "North" and r2 "South West" and nothing else.
func geoStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "T"},
		Industries: []graphmodel.Industry{{Code: "a", Name: "A"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{
		Set:     graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "T", Period: "2020"},
		Regions: []graphmodel.Region{{ID: "r1", Name: "North"}, {ID: "south-west", Name: "South West"}},
		Values:  []graphmodel.RegionalValue{{Region: "r1", Industry: "a", Value: 1}, {Region: "south-west", Industry: "a", Value: 2}},
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestLoadBoundaries matches features by ID ("r1"), by name ignoring case
// ("NORTH" would also do) and by slug ("South West" → south-west), reports
// the feature that matches nothing, and refuses bad files without changing
// the store.
func TestLoadBoundaries(t *testing.T) {
	ctx := context.Background()
	st := geoStore(t)
	path := writeFile(t, "r.geojson", squaresGeoJSON("r1", "South West", "Atlantis"))
	load, m, err := ReadBoundaries(path, BoundariesOptions{IDProperty: "name"}, []graphmodel.Region{{ID: "r1", Name: "North"}, {ID: "south-west", Name: "South West"}, {ID: "r3"}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Matched != 2 || strings.Join(m.UnmatchedFeatures, ",") != "Atlantis" || strings.Join(m.RegionsWithout, ",") != "r3" {
		t.Errorf("match %+v: want 2 matched, Atlantis unmatched, r3 without a shape", m)
	}
	if len(load.Shapes) != 2 || load.Shapes[1].Region != "south-west" ||
		string(load.Shapes[1].Geometry) != `{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}` {
		t.Errorf("shapes %+v", load.Shapes)
	}
	ds, err := Load(ctx, st, path, BoundariesOptions{IDProperty: "name"})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Kind != graphmodel.DatasetBoundaries || ds.Records != 2 || ds.Options["unmatched_features"] != "1: Atlantis" || ds.Options["regions_without_shape"] != "0" {
		t.Errorf("dataset %+v", ds)
	}
	v, _ := st.Version(ctx)
	for _, bad := range []struct {
		file, prop, code string
		msg              []string
	}{
		{`{"type":"Feature"}`, "name", graphmodel.EINVALID, []string{"expected a GeoJSON FeatureCollection", `"Feature"`}},
		{`name,geometry`, "name", graphmodel.EINVALID, []string{"not JSON"}},
		{squaresGeoJSON("Atlantis", "Lyonesse"), "name", graphmodel.EINVALID, []string{"none of the 2 features matches a region", `"Atlantis"`, `"r1"`}},
		{squaresGeoJSON("r1"), "rgn", graphmodel.EINVALID, []string{`no property "rgn"`, "name, pop"}},
		{squaresGeoJSON("r1", "North"), "name", graphmodel.EINVALID, []string{"both match region \"r1\""}},
		{strings.Replace(squaresGeoJSON("r1"), `"Polygon"`, `"LineString"`, 1), "name", graphmodel.EINVALID, []string{"Polygon or MultiPolygon"}},
		{squaresGeoJSON("r1"), "", graphmodel.EINVALID, []string{"no id property"}},
	} {
		_, err := Load(ctx, st, writeFile(t, "bad.geojson", bad.file), BoundariesOptions{IDProperty: bad.prop})
		if graphmodel.ErrorCode(err) != bad.code {
			t.Errorf("%.40s: error %v, want %s", bad.file, err, bad.code)
			continue
		}
		for _, s := range bad.msg {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%.40s: message %q lacks %q", bad.file, err, s)
			}
		}
	}
	if v2, _ := st.Version(ctx); v2 != v {
		t.Errorf("version %d after bad files, want %d", v2, v)
	}
	if shapes, _ := st.Boundaries(ctx); len(shapes) != 2 {
		t.Errorf("%d shapes after bad files, want the 2 loaded", len(shapes))
	}
}
