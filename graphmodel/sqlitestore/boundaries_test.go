package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestMigrateBoundaries: a store written before the boundaries migration
// (schema 3) opens, has no boundaries, and takes a boundaries load.
func TestMigrateBoundaries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadRegional(ctx, graphmodel.RegionalLoad{Set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "C", Period: "p"},
		Regions: []graphmodel.Region{{ID: "r", Name: "R"}}, AddIndustries: []graphmodel.Industry{{Code: "a"}},
		Values: []graphmodel.RegionalValue{{Region: "r", Industry: "a", Value: 1}}}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE region_shapes`, `DROP TABLE snapshots`, `UPDATE schema_version SET version = 3`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatalf("Open(store before boundaries): %v", err)
	}
	defer s.Close()
	if got, err := s.Boundaries(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Boundaries = %v, %v; want none", got, err)
	}
	sq := []byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`)
	if _, err := s.LoadBoundaries(ctx, graphmodel.BoundariesLoad{Shapes: []graphmodel.RegionShape{{Region: "r", Geometry: sq}}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Boundaries(ctx); len(got) != 1 || string(got[0].Geometry) != string(sq) {
		t.Errorf("Boundaries = %v", got)
	}
}
