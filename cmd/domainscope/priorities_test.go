package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestPrioritiesDemoExamples runs the seeds' worked examples on a fresh demo
// store and checks the mappings that follow from the demo's planted
// structure (ingest/demo: labour mobility inside food 01/10/11 ↔ life
// sciences 21/72/75/86 and machinery 26–29 ↔ ICT 58/61/62/63).
func TestPrioritiesDemoExamples(t *testing.T) {
	store := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "--store", store, "demo")
	var res analysis.PrioritiesResult
	out := mustRun(t, "--store", store, "priorities", "compare", "--example", "piedmont", "--format", "json")
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Old) != 12 || len(res.New) != 7 {
		t.Fatalf("%d old and %d new groups, want Piedmont's 12 and 7", len(res.Old), len(res.New))
	}
	pair := func(o, n string) analysis.PriorityLink {
		for _, l := range res.Pairs {
			if l.Old == o && l.New == n {
				return l
			}
		}
		t.Fatalf("no pair %s → %s", o, n)
		return analysis.PriorityLink{}
	}
	main := func(o string) string {
		i := slices.IndexFunc(res.Old, func(g analysis.PriorityGroupResult) bool { return g.Name == o })
		return res.Old[i].Main
	}
	// Shared codes: an old cluster kept whole in a new priority goes there.
	for o, n := range map[string]string{"Agri-food": "Agri-food", "Biotechnology and biomedical": "Life Sciences",
		"ICT": "Information and Communication Technologies", "Mechatronics and advanced production systems": "Smart Products and Manufacturing",
		"Textile": "Textile"} {
		if got := main(o); got != n {
			t.Errorf("%s mostly maps into %q, want %q", o, got, n)
		}
		if l := pair(o, n); math.Abs(l.Carry-1) > 1e-9 {
			t.Errorf("%s → %s carries %v, want 1 (all its codes are in it)", o, n, l.Carry)
		}
	}
	// Planted food ↔ life sciences: related beyond the default ratio without a shared code,
	// and far more than food is to textiles (no planted link).
	for _, p := range [][2]string{{"Agri-food", "Life Sciences"}, {"Biotechnology and biomedical", "Agri-food"},
		// planted machinery ↔ ICT
		{"ICT", "Smart Products and Manufacturing"}, {"Mechatronics and advanced production systems", "Information and Communication Technologies"}} {
		if l := pair(p[0], p[1]); len(l.Shared) != 0 || !l.Maps || l.Ratio < analysis.DefaultMinRatio {
			t.Errorf("%s → %s: %+v, want a mapping by relatedness alone", p[0], p[1], l)
		}
	}
	if a, b := pair("Agri-food", "Life Sciences").Ratio, pair("Agri-food", "Textile").Ratio; a < 3*b {
		t.Errorf("ratio food → life sciences %v, food → textile %v: the planted domain should stand out", a, b)
	}
	if len(res.Unmapped) != 0 || len(res.NoPredecessor) != 0 {
		t.Errorf("unmapped %v, without predecessor %v: every 2009 cluster has a 2015 heir", res.Unmapped, res.NoPredecessor)
	}

	// innoBB on Tallis + Dunmore Flats (capital services and creative
	// industries; rural and energy): no profile of either holds transport
	// (29, 30, 49, 51, 52), the creative profile holds 59 and 90.
	res = analysis.PrioritiesResult{}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "priorities", "compare", "--example", "innobb", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Region == nil || res.Region.Name != "Tallis + Dunmore Flats" || len(res.New) != 5 {
		t.Fatalf("region %+v, %d priorities", res.Region, len(res.New))
	}
	if !slices.Contains(res.NoPredecessor, "Transport, mobility and logistics") {
		t.Errorf("priorities without a base %v, want transport among them", res.NoPredecessor)
	}
	if slices.Contains(res.NoPredecessor, "ICT/media/creative industry") {
		t.Errorf("the ICT/media/creative priority lacks a base in a creative capital: %v", res.NoPredecessor)
	}
	text := mustRun(t, "--store", store, "priorities", "compare", "--example", "innobb")
	if !strings.Contains(text, "Priorities that lack a base: ") {
		t.Errorf("table lacks the summary line:\n%s", text)
	}
}

// TestPrioritiesBadFiles: a bad line, an unknown code, an empty group name
// and a wrong number of files are EINVALID with the file, line and field,
// and the store is left as it was.
func TestPrioritiesBadFiles(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	ind := writeFile(t, dir, "industries.csv", industriesCSV)
	mustRun(t, "--store", store, "ingest", "industries", ind, "--classification", "NACE2")
	links := writeFile(t, dir, "links.csv", "from,to,count\n01,10,40\n10,01,30\n10,11,25\n11,10,20\n10,21,5\n21,11,7\n")
	mustRun(t, "--store", store, "ingest", "links", links, "--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows")
	before := mustRun(t, "--store", store, "info", "--format", "json")
	good := writeFile(t, dir, "new.csv", "group,code\nFood,10\nFood,11\nPharma,21\n")
	old := writeFile(t, dir, "old.csv", "# 2009\ngroup,code\nAgri,01\nAgri,10\n")
	if out := mustRun(t, "--store", store, "priorities", "compare", old, good); !strings.Contains(out, "Agri") {
		t.Errorf("good files:\n%s", out)
	}
	for _, tc := range []struct {
		name, text, field string
		want              []string
	}{
		{"bad line", "group,code\nAgri,01\nAgri,10,x\n", "", []string{"bad line.csv:3", "expected 2 fields"}},
		{"unknown code", "group,code\nAgri,01\nAgri,99\n", "old.groups[0].codes", []string{`code "99" is not an industry of classification NACE2`, "line 3"}},
		{"empty group", "group,code\nAgri,01\n,10\n", "", []string{"empty group.csv:3", `column "group"`}},
		{"duplicate group names", "group,code\nAgri,01\nagri,10\n", "", []string{"duplicate group names.csv:3", "one spelling per group name"}},
	} {
		bad := writeFile(t, dir, tc.name+".csv", tc.text)
		_, err := run(t, "--store", store, "priorities", "compare", bad, good)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != tc.field {
			t.Errorf("%s: %v (field %q), want EINVALID on %q", tc.name, err, graphmodel.ErrorField(err), tc.field)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
	if _, err := run(t, "--store", store, "priorities", "compare", good); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("one file without --region: %v", err)
	}
	if _, err := run(t, "--store", store, "priorities", "compare", "--example", "atlantis"); graphmodel.ErrorField(err) != "example" {
		t.Errorf("unknown example: %v", err)
	}
	if after := mustRun(t, "--store", store, "info", "--format", "json"); after != before {
		t.Errorf("the store changed:\n%s\n%s", before, after)
	}
}
