package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestVersionFlag(t *testing.T) {
	out := mustRun(t, "--version")
	if out != "domainscope version "+versionText()+"\n" || !strings.Contains(out, "(go1.") {
		t.Errorf("--version printed %q", out)
	}
	old := version
	defer func() { version = old }()
	version = "v1.2.3"
	if v := versionText(); !strings.HasPrefix(v, "v1.2.3 (go") {
		t.Errorf("release version text %q", v)
	}
}

// TestReadCommandsNeedAStore runs every command that only reads (or
// recomputes what is loaded) on a mistyped store path: each says the store
// does not exist (exit status 3) and creates neither the file nor its
// directory.
func TestReadCommandsNeedAStore(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "typo", "s.db")
	for _, args := range [][]string{
		{"info"},
		{"neighbours", "10", "--layer", "labour"},
		{"domains"},
		{"bridges"},
		{"region", "London"},
		{"relatedness", "--layer", "labour", "--period", "2020"},
		{"compare", "--layer", "labour", "--from", "2010", "--to", "2020"},
		{"render", "--seeds", "10", "-o", filepath.Join(dir, "x.svg")},
	} {
		_, err := run(t, append([]string{"--store", store}, args...)...)
		var ae *graphmodel.Error
		if !errors.As(err, &ae) || ae.Code != graphmodel.ENOTFOUND || exitCode(err) != 3 ||
			!strings.Contains(err.Error(), "store "+store+" does not exist: check --store") {
			t.Errorf("%v on a missing store: %v (exit %d)", args, err, exitCode(err))
		}
		if _, err := os.Stat(filepath.Dir(store)); !os.IsNotExist(err) {
			t.Fatalf("%v created the store's directory", args)
		}
	}
	// Loading creates the store; then the same commands read it.
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "i.csv", industriesCSV), "--classification", "NACE2")
	if out := mustRun(t, "--store", store, "info"); !strings.Contains(out, "NACE2") {
		t.Errorf("info after a load:\n%s", out)
	}
}

// TestIngestFromStdin loads files given as "-" from a pipe in a child
// process; the provenance names standard input.
func TestIngestFromStdin(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	_, stderr, code, _ := childRun(t, strings.NewReader(industriesCSV), "--store", store, "ingest", "industries", "-", "--classification", "NACE2")
	if code != 0 {
		t.Fatalf("industries from standard input: exit %d: %s", code, stderr)
	}
	_, stderr, code, _ = childRun(t, strings.NewReader("from,to,count\n01,10,40\n10,11,25\n11,21,3\n"), "--store", store,
		"ingest", "links", "-", "--classification", "NACE2", "--layer", "labour", "--period", "2020")
	if code != 0 {
		t.Fatalf("links from standard input: exit %d: %s", code, stderr)
	}
	info := mustRun(t, "--store", store, "info", "--format", "json")
	if strings.Count(info, `"source": "standard input"`)+strings.Count(info, `"source":"standard input"`) != 2 {
		t.Errorf("info does not name standard input as the source of both loads:\n%s", info)
	}
	out := mustRun(t, "--store", store, "neighbours", "10", "--layer", "labour", "--format", "csv", "--min", "-2")
	// 10's links: 01→10 (40), 10→11 (25).
	if !strings.Contains(out, "01,") || !strings.Contains(out, "11,") {
		t.Errorf("neighbours of 10 loaded from standard input:\n%s", out)
	}
	// A bad file on standard input is named so.
	_, stderr, code, _ = childRun(t, strings.NewReader("from,to,count\n01,10,x\n"), "--store", store,
		"ingest", "links", "-", "--classification", "NACE2", "--layer", "labour", "--period", "2021")
	if code != 2 || !strings.Contains(stderr, `standard input:2: column "count"`) {
		t.Errorf("bad file on standard input: exit %d: %s", code, stderr)
	}
}
