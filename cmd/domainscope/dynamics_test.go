package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDynamicsCommand: one period of regional values is refused; with two,
// the hand-made regions each gain one specialisation (r1: 21, LQ
// (10/60)/(40/140) = 0.583 → (30/85)/(40/145) = 1.279; r2: 10, LQ
// (50/80)/(100/140) = 0.875 → (50/60)/(105/145) = 1.151) and lose one, so
// there are 2 entries among 2 cells at risk: too few to test.
func TestDynamicsCommand(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "i.csv", industriesCSV), "--classification", "NACE2")
	mustRun(t, "--store", store, "ingest", "links", writeFile(t, dir, "rel.csv", "a,b,v\n01,10,0.9\n10,21,0.5\n01,21,0.9\n"),
		"--classification", "NACE2", "--layer", "skill", "--period", "p", "--kind", "relatedness")
	mustRun(t, "--store", store, "ingest", "regional", writeFile(t, dir, "e2015.csv", "region,industry,value\nr1,10,50\nr1,21,10\nr2,10,50\nr2,21,30\n"),
		"--classification", "NACE2", "--period", "2015")
	_, err := run(t, "--store", store, "dynamics", "--layers", "skill")
	checkBad(t, err, []string{"dynamics needs two periods of regional values"})
	mustRun(t, "--store", store, "ingest", "regional", writeFile(t, dir, "e2020.csv", "region,industry,value\nr1,10,55\nr1,21,30\nr2,10,50\nr2,21,10\n"),
		"--classification", "NACE2", "--period", "2020")
	out := mustRun(t, "--store", store, "dynamics", "--layers", "skill", "--min-jobs", "0", "--significance", "0.999")
	for _, want := range []string{"2015 → 2020 over 2 regions", "Cells at risk 2: 2 entries", "2 exits", "too few entries to test", "r1  ", "21"} {
		if !strings.Contains(out, want) {
			t.Errorf("dynamics output lacks %q:\n%s", want, out)
		}
	}
	_, err = run(t, "--store", store, "dynamics", "--layers", "skill", "--min-entries", "1")
	checkBad(t, err, []string{"min_entries"})
}

// TestRegionPathwaysCommand: the demo's food region labels the food ↔ life
// sciences domain, where it holds 4 of 7 members, as diversification.
func TestRegionPathwaysCommand(t *testing.T) {
	store := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "--store", store, "demo")
	out := mustRun(t, "--store", store, "region", "pathways", "eastvale")
	for _, want := range []string{"development pathways", "modernisation: the region", "established in 4 of 7 members", "Reach (most domains touched first)", "DOMAINS TOUCHED"} {
		if !strings.Contains(out, want) {
			t.Errorf("pathways output lacks %q:\n%s", want, out)
		}
	}
	if _, err := run(t, "--store", store, "region", "pathways", "eastvale", "--domain", "99"); err == nil || !strings.Contains(err.Error(), "not among the") {
		t.Errorf("domain 99: %v; want not among the domains", err)
	}
}
