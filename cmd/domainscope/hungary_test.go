package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"
)

// TestHungaryMultiplexRecipe runs the README's Hungarian recipe on the real
// data: NACE Rev. 2 names and hierarchy, the skill and input–output layers
// padded to three-digit groups, and multiplex domains over both. Before the
// NACE structure was loaded the domains were labelled by bare codes
// ("431 · 421 · 081") and every sector mix was 1.00; now the members carry
// their official names and the sector mixes differ.
func TestHungaryMultiplexRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real Hungarian layers (skipped with -short)")
	}
	store := filepath.Join(t.TempDir(), "hu.db")
	nace := realdata.Path(t, "nace-rev2", "nace_rev2_structure.csv")
	mustRun(t, "--store", store, "ingest", "industries", nace, "--classification", "NACE2", "--level-names", "section,division,group,class")
	for _, l := range [][3]string{{"skill", "skill_relatedness_nace3_2015_2017.csv", "sr_norm"}, {"io", "io_relatedness_nace3_2015_2017.csv", "io_norm"}} {
		out := mustRun(t, "--store", store, "ingest", "links", realdata.Path(t, "hungary-relatedness", l[1]), "--classification", "NACE2", "--pad", "3",
			"--layer", l[0], "--period", "2015-2017", "--kind", "relatedness", "--value-col", l[2])
		// 268 groups, all pairs in both directions: 71,556 rows, 35,778 undirected links.
		if !strings.Contains(out, "71556 rows read, 35778 records stored") {
			t.Errorf("%s: %s", l[0], out)
		}
	}
	out := mustRun(t, "--store", store, "domains", "--layers", "skill,io")
	// 431 is NACE group 43.1 "Demolition and site preparation" (nace_rev2_structure.csv).
	for _, want := range []string{"skill@2015-2017", "io@2015-2017", "431    Demolition and site preparation", "Manufacture of structural metal products"} {
		if !strings.Contains(out, want) {
			t.Errorf("domains output lacks %q", want)
		}
	}
	mixes := map[string]bool{}
	for _, m := range regexp.MustCompile(`sector mix ([0-9.]+)`).FindAllStringSubmatch(out, -1) {
		mixes[m[1]] = true
	}
	if len(mixes) < 2 || (len(mixes) == 1 && mixes["1.00"]) {
		t.Errorf("sector mixes %v: want several values (the NACE sections are loaded)", mixes)
	}
}
