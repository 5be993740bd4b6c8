package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestMigrateToUserData: a file written with schema 1 (before user data) is
// migrated on Open, keeps its industries and then keeps hypotheses.
func TestMigrateToUserData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0],
		`CREATE TABLE schema_version (version INTEGER NOT NULL)`, `INSERT INTO schema_version (version) VALUES (1)`,
		`INSERT INTO classifications (id, name, levels) VALUES (1, 'C', '[]')`,
		`INSERT INTO industries (classification_id, code, name, parent, level) VALUES (1, '1', 'one', '', 0), (1, '2', 'two', '', 0)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("writing a schema-1 store: %v", err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(schema 1): %v", err)
	}
	defer s.Close()
	var schema int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&schema); err != nil || schema != SchemaVersion {
		t.Fatalf("schema version %d (%v), want %d", schema, err, SchemaVersion)
	}
	if inds, err := s.Industries(ctx, "C"); err != nil || len(inds) != 2 {
		t.Fatalf("industries after the migration: %v %v", inds, err)
	}
	h, err := s.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "after migration", Classification: "C", Codes: []string{"2", "1"}})
	if err != nil || h.ID != 1 {
		t.Fatalf("CreateHypothesis after the migration: %+v %v", h, err)
	}
	if _, err := s.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: "x", Classification: "C", Codes: []string{"3"}}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("unknown code after the migration: %v, want EINVALID", err)
	}
}
