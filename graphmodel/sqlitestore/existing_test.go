package sqlitestore

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo", "store.db")
	_, err := OpenExisting(ctx, missing)
	if graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND || err.Error() != "store "+missing+" does not exist" {
		t.Fatalf("missing store: %s %v", graphmodel.ErrorCode(err), err)
	}
	// Nothing was created, not even the directory.
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("the missing store's directory exists: %v", err)
	}
	if _, err := OpenExisting(ctx, dir); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("directory: %v", err)
	}
	// A store made by Open opens, with its version.
	p := filepath.Join(dir, "s.db")
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Version(ctx)
	s.Close()
	s, err = OpenExisting(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Version(ctx); err != nil || v != want {
		t.Fatalf("version %d %v, want %d", v, err, want)
	}
}
