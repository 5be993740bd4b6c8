package sqlitestore

import (
	"context"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestSaveSnapshotWhileLoading: a save that meets another process's load (a
// second Store on the same file, inside the load's transaction) keeps
// nothing, returns nil, and leaves its connection with the normal busy
// timeout; after the load, a save for the new version is kept.
func TestSaveSnapshotWhileLoading(t *testing.T) {
	ctx := context.Background()
	loader := openTemp(t)
	defer loader.Close()
	smallLoads(t, loader)
	other, err := Open(ctx, loader.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.db.SetMaxOpenConns(1) // so that the timeout checked below is the save's connection's
	v, err := other.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var saveErr error
	loader.testHookLinks = func() { saveErr = other.SaveSnapshot(ctx, "k", v, []byte("x")) }
	if _, err := loader.LoadLayer(ctx, bigLoad("l", 1000)); err != nil {
		t.Fatal(err)
	}
	if saveErr != nil {
		t.Fatalf("save during another process's load: %v, want nil (skipped)", saveErr)
	}
	var timeout int
	if err := other.db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil || timeout != busyTimeoutMS {
		t.Errorf("busy_timeout after the save = %d (%v), want %d", timeout, err, busyTimeoutMS)
	}
	var n int
	if err := other.db.QueryRowContext(ctx, `SELECT count(*) FROM snapshots`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d blobs kept (%v), want 0", n, err)
	}
	if err := other.SaveSnapshot(ctx, "k", v+1, []byte("y")); err != nil {
		t.Fatal(err)
	}
	if got, gv, err := loader.Snapshot(ctx, "k"); err != nil || string(got) != "y" || gv != v+1 {
		t.Errorf("Snapshot(k) = %q, %d, %v; want y, %d", got, gv, err, v+1)
	}
}

// TestMigrateSnapshots: a store written before persisted snapshots (schema
// 4) opens, has none, and takes a load and a save.
func TestMigrateSnapshots(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	path := s.Path()
	smallLoads(t, s)
	for _, q := range []string{`DROP TABLE snapshots`, `UPDATE schema_version SET version = 4`} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(store before snapshots): %v", err)
	}
	defer s.Close()
	if _, _, err := s.Snapshot(ctx, "k"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Fatalf("Snapshot on the migrated store: %v, want ENOTFOUND", err)
	}
	ds, err := s.LoadLayer(ctx, bigLoad("l", 10))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSnapshot(ctx, "k", ds.Version, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Snapshot(ctx, "k"); err != nil || string(got) != "x" {
		t.Errorf("Snapshot(k) = %q, %v; want x", got, err)
	}
}
