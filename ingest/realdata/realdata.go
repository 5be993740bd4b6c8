// Package realdata locates the published data sets that tests and benchmarks
// use: ../shared/data beside the repository (see its README). They are not
// part of the repository and may be absent, in which case tests skip.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of ../shared/data relative to the directory
// holding go.mod, or skips the test with a clear message when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("../shared/data not found: no go.mod above the test directory; skipping the real-data test")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(data); err != nil {
		t.Skipf("../shared/data not found (%v): skipping the real-data test", err)
	}
	return data
}

// Path returns a file under ../shared/data (see Dir), skipping the test when
// the file is absent.
func Path(t testing.TB, rel ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{Dir(t)}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found (%v): skipping the real-data test", p, err)
	}
	return p
}
