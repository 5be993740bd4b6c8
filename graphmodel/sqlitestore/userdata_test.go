package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestMigrateToUserData: a store written with schema 1 (no user-data
// tables) is migrated on Open, keeps its data and then keeps hypotheses.
func TestMigrateToUserData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	smallLoads(t, s)
	// Back to schema 1: the user-data tables did not exist.
	for _, q := range []string{`DROP TABLE hypotheses`, `DROP TABLE domain_names`, `UPDATE schema_version SET version = 1`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(schema 1): %v", err)
	}
	defer s.Close()
	var schema int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&schema); err != nil || schema != SchemaVersion {
		t.Fatalf("schema version %d (%v), want %d", schema, err, SchemaVersion)
	}
	if v2, err := s.Version(ctx); err != nil || v2 != v {
		t.Errorf("store version %d (%v) after the migration, want %d", v2, err, v)
	}
	inds, err := s.Industries(ctx, "C")
	if err != nil || len(inds) == 0 {
		t.Fatalf("industries after the migration: %v %v", inds, err)
	}
	h, err := s.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "after migration", Classification: "C", Codes: []string{inds[0].Code}})
	if err != nil || h.ID != 1 {
		t.Fatalf("CreateHypothesis after the migration: %+v %v", h, err)
	}
}
