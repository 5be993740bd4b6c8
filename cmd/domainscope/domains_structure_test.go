package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestDomainsOverlapAndHierarchyDemo: the CLI prints the overlap and the
// hierarchy of the demo's domains, JSON that agrees with the table, and
// refuses bad parameters with EINVALID naming them.
func TestDomainsOverlapAndHierarchyDemo(t *testing.T) {
	store := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "--store", store, "demo")
	var ov struct {
		Request struct {
			Seeds         int     `json:"seeds"`
			MinMembership float64 `json:"min_membership"`
		} `json:"request"`
		MultiDomain int `json:"multi_domain"`
		Industries  []struct {
			Code        string `json:"code"`
			Memberships []struct {
				Domain int  `json:"domain"`
				Runs   int  `json:"runs"`
				Home   bool `json:"home"`
			} `json:"memberships"`
		} `json:"industries"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "domains", "overlap", "--seeds", "10", "--min-membership", "0.3", "--format", "json")), &ov); err != nil {
		t.Fatal(err)
	}
	if ov.Request.Seeds != 10 || ov.Request.MinMembership != 0.3 || ov.MultiDomain == 0 || len(ov.Industries) == 0 {
		t.Fatalf("overlap: seeds %d, minimum %v, %d multi-domain of %d", ov.Request.Seeds, ov.Request.MinMembership, ov.MultiDomain, len(ov.Industries))
	}
	first := ov.Industries[0]
	if len(first.Memberships) < 2 || !first.Memberships[0].Home || first.Memberships[1].Runs < 3 {
		t.Errorf("first industry %+v: want its home and another domain with at least 3 of 10 runs", first)
	}
	table := mustRun(t, "--store", store, "domains", "overlap", "--seeds", "10", "--min-membership", "0.3")
	if !strings.Contains(table, first.Code) || !strings.Contains(table, "/10)") {
		t.Errorf("table lacks %s or the runs:\n%s", first.Code, table)
	}
	csv := mustRun(t, "--store", store, "domains", "overlap", "--seeds", "10", "--format", "csv")
	if !strings.HasPrefix(csv, "code,name,domain,label,home,runs,seeds,share\n") {
		t.Errorf("csv header: %q", strings.SplitN(csv, "\n", 2)[0])
	}

	var h struct {
		Levels []struct {
			Resolution float64 `json:"resolution"`
			Domains    []struct {
				ID, Parent, Shared, Size int
			} `json:"domains"`
		} `json:"levels"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "domains", "hierarchy", "--resolutions", "0.5,1,2", "--format", "json")), &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Levels) != 3 || h.Levels[2].Resolution != 2 {
		t.Fatalf("%d levels", len(h.Levels))
	}
	for _, d := range h.Levels[1].Domains {
		if d.Parent < 1 || d.Parent > len(h.Levels[0].Domains) || d.Shared > d.Size {
			t.Errorf("γ 1 domain %+v: parent out of range", d)
		}
	}
	tree := mustRun(t, "--store", store, "domains", "hierarchy", "--resolutions", "0.5,1,2")
	if !strings.Contains(tree, "\n  γ 1 #") || !strings.Contains(tree, "\n    γ 2 #") {
		t.Errorf("tree not indented by level:\n%s", tree)
	}

	for _, c := range []struct {
		args  []string
		field string
	}{
		{[]string{"overlap", "--seeds", "0"}, "seeds"},
		{[]string{"overlap", "--seeds", "1000"}, "seeds"},
		{[]string{"overlap", "--min-membership", "1.5"}, "min_membership"},
		{[]string{"hierarchy", "--resolutions", "2,1"}, "resolutions"},
		{[]string{"hierarchy", "--resolutions", "0.5,x"}, "resolutions"},
		{[]string{"hierarchy", "--resolutions", "1,2,3,4,5,6,7,8,9"}, "resolutions"},
	} {
		_, err := run(t, append([]string{"--store", store, "domains"}, c.args...)...)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != c.field || exitCode(err) != 2 {
			t.Errorf("%v: %v (field %q, exit %d), want EINVALID on %s", c.args, err, graphmodel.ErrorField(err), exitCode(err), c.field)
		}
	}
}
