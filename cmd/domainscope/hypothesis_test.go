package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// userStoreCLI loads NACE2 (A, C, 01, 10, 11, 21) and labour@2020 into a new store.
func userStoreCLI(t *testing.T) (store, dir string) {
	t.Helper()
	dir = t.TempDir()
	store = filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "industries.csv", industriesCSV), "--classification", "NACE2")
	links := writeFile(t, dir, "links.csv", "from,to,count\n01,10,40\n10,01,30\n10,11,25\n11,10,20\n10,21,5\n21,11,7\n21,10,9\n")
	mustRun(t, "--store", store, "ingest", "links", links, "--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows")
	return store, dir
}

func listHypotheses(t *testing.T, store string) []graphmodel.Hypothesis {
	t.Helper()
	var hs []graphmodel.Hypothesis
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "hypothesis", "list", "--format", "json")), &hs); err != nil {
		t.Fatal(err)
	}
	return hs
}

// TestHypothesisCommands: create, list, edit, show and delete a hypothesis;
// every bad input is an invalid-input error (exit status 2) that changes
// nothing in the store.
func TestHypothesisCommands(t *testing.T) {
	store, dir := userStoreCLI(t)
	s := func(args ...string) []string { return append([]string{"--store", store}, args...) }
	notes := writeFile(t, dir, "notes.md", "Food and pharma share chemists.\nAsk the cluster.\n")
	out := mustRun(t, s("hypothesis", "create", "Food & pharma", "--codes", "21,10,11", "--notes-file", notes, "--author", "Ana")...)
	for _, want := range []string{"Hypothesis 1: Food & pharma", "3 industries of NACE2 (from codes): 10, 11, 21", "Ana;", "    Ask the cluster."} {
		if !strings.Contains(out, want) {
			t.Errorf("create printed\n%s\nwithout %q", out, want)
		}
	}
	before := listHypotheses(t, store)
	if len(before) != 1 || !reflect.DeepEqual(before[0].Codes, []string{"10", "11", "21"}) || before[0].Classification != "NACE2" {
		t.Fatalf("list after create: %+v", before)
	}
	for _, bad := range []struct {
		args []string
		says string
	}{
		{[]string{"hypothesis", "create", "X", "--codes", "10,99"}, `"99"`},
		{[]string{"hypothesis", "create", "", "--codes", "10"}, "empty"},
		{[]string{"hypothesis", "create", "bell\a", "--codes", "10"}, "control character"},
		{[]string{"hypothesis", "create", "X", "--codes", "10", "--domain", "1"}, "not both"},
		{[]string{"hypothesis", "create", "X", "--codes", "10", "--classification", "SIC"}, `"SIC"`},
		{[]string{"hypothesis", "edit", "1", "--add", "99"}, `"99"`},
		{[]string{"hypothesis", "edit", "1", "--remove", "01"}, "no code"},
		{[]string{"hypothesis", "edit", "1", "--name", "tab\tname"}, "control character"},
		{[]string{"hypothesis", "edit", "1"}, "nothing to change"},
		{[]string{"hypothesis", "edit", "x"}, "whole number"},
	} {
		_, err := run(t, s(bad.args...)...)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || exitCode(err) != 2 || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("%v: %v (exit %d), want invalid input saying %q", bad.args, err, exitCode(err), bad.says)
		}
		if after := listHypotheses(t, store); !reflect.DeepEqual(after, before) {
			t.Fatalf("%v changed the store: %+v", bad.args, after)
		}
	}
	if _, err := run(t, s("hypothesis", "show", "7")...); exitCode(err) != 3 {
		t.Errorf("show 7: %v, want not found (exit 3)", err)
	}

	out = mustRun(t, s("hypothesis", "edit", "1", "--add", "01", "--remove", "11", "--notes", "narrower")...)
	if !strings.Contains(out, "01, 10, 21") || !strings.Contains(out, "version 2") {
		t.Errorf("edit printed\n%s", out)
	}
	var ev struct {
		Hypothesis struct{ ID int64 } `json:"hypothesis"`
		Cohesion   struct {
			Members       int `json:"members"`
			InternalLinks int `json:"internal_links"`
		} `json:"cohesion"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, s("hypothesis", "show", "1", "--format", "json")...)), &ev); err != nil {
		t.Fatal(err)
	}
	// 01, 10, 21 on labour@2020: the pairs 01–10 and 10–21 are linked (21–01 is not).
	if ev.Hypothesis.ID != 1 || ev.Cohesion.Members != 3 || ev.Cohesion.InternalLinks != 2 {
		t.Errorf("show --format json: %+v, want hypothesis 1 with 3 members and 2 links inside", ev)
	}
	text := mustRun(t, s("hypothesis", "show", "1")...)
	for _, want := range []string{"Evidence on labour@2020", "expected (configuration model)", "Bridges into it", "11 "} {
		if !strings.Contains(text, want) {
			t.Errorf("show printed\n%s\nwithout %q", text, want)
		}
	}
	if out := mustRun(t, s("hypothesis", "delete", "1")...); out != "deleted hypothesis 1\n" {
		t.Errorf("delete printed %q", out)
	}
	if hs := listHypotheses(t, store); len(hs) != 0 {
		t.Errorf("after delete: %+v", hs)
	}
	if _, err := run(t, s("hypothesis", "delete", "1")...); exitCode(err) != 3 {
		t.Errorf("second delete: %v, want exit 3", err)
	}
}

// TestDomainsRename: a domain named by ID carries the name in the next
// domains run; a hypothesis taken from that domain keeps its parameters;
// bad names change nothing.
func TestDomainsRename(t *testing.T) {
	store, _ := userStoreCLI(t)
	s := func(args ...string) []string { return append([]string{"--store", store}, args...) }
	names := func() string { return mustRun(t, s("domains", "names", "--format", "csv")...) }
	empty := names()
	for _, bad := range [][]string{{"domains", "rename", "1", ""}, {"domains", "rename", "1", "a\x1b[2Jb"}, {"domains", "rename", "1"},
		{"domains", "rename", "--codes", "10,99", "X"}} {
		if _, err := run(t, s(bad...)...); exitCode(err) != 2 {
			t.Errorf("%q: %v (exit %d), want exit 2", bad, err, exitCode(err))
		}
		if got := names(); got != empty {
			t.Fatalf("%q changed the names:\n%s", bad, got)
		}
	}
	if _, err := run(t, s("domains", "rename", "9", "X")...); exitCode(err) != 3 {
		t.Errorf("rename 9: %v, want exit 3", err)
	}
	mustRun(t, s("domains", "rename", "1", "Food system")...)
	out := mustRun(t, s("domains", "--runs", "0")...)
	if !strings.Contains(out, "#1 Food system") || !strings.Contains(out, "named by a user (Jaccard 1.00") {
		t.Errorf("domains after rename:\n%s", out)
	}
	// A hypothesis from domain 1 records where it came from.
	mustRun(t, s("hypothesis", "create", "From the domain", "--domain", "1")...)
	h := listHypotheses(t, store)[0]
	if h.Source != graphmodel.SourceDomain || !reflect.DeepEqual(h.Params.Layers, []string{"labour@2020"}) || h.Params.Domain == nil || *h.Params.Domain != 1 {
		t.Errorf("hypothesis from domain 1: %+v", h)
	}
	var list []graphmodel.DomainName
	if err := json.Unmarshal([]byte(mustRun(t, s("domains", "names", "--format", "json")...)), &list); err != nil || len(list) != 1 {
		t.Fatalf("names: %v %+v", err, list)
	}
	if !reflect.DeepEqual(list[0].Codes, h.Codes) {
		t.Errorf("named members %v, hypothesis codes %v: want the same domain", list[0].Codes, h.Codes)
	}
	mustRun(t, s("domains", "names", "--delete", list[0].Key)...)
	if got := names(); got != empty {
		t.Errorf("after --delete:\n%s", got)
	}
}

// TestHypothesisNeedsAStore: the user-data commands open an existing store
// only; a mistyped path is not found and creates nothing.
func TestHypothesisNeedsAStore(t *testing.T) {
	store := filepath.Join(t.TempDir(), "typo", "s.db")
	for _, args := range [][]string{{"hypothesis", "list"}, {"hypothesis", "create", "X", "--codes", "10"}, {"domains", "names"},
		{"domains", "rename", "1", "X"}} {
		if _, err := run(t, append([]string{"--store", store}, args...)...); exitCode(err) != 3 {
			t.Errorf("%v on a missing store: %v (exit %d), want 3", args, err, exitCode(err))
		}
	}
	if _, err := os.Stat(filepath.Dir(store)); !os.IsNotExist(err) {
		t.Errorf("a user-data command created the store's directory")
	}
}
