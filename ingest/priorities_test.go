package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestReadPrioritySet(t *testing.T) {
	// A BOM, comments before and between rows, a blank line, dotted codes and a name column.
	text := "\xef\xbb\xbf# clusters of 2009\n# assumption: see README\ngroup,code,name\nAgri-food,01,Crop\nAgri-food,10.0,Food\n\n# next group\nICT,62,Programming\nAgri-food,11,Beverages\n"
	dir := t.TempDir()
	path := filepath.Join(dir, "old_2009.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := ReadPrioritySet(path, CodeFormat{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "old_2009" || set.Source != path {
		t.Errorf("name %q source %q, want old_2009 and the path", set.Name, set.Source)
	}
	want := []graphmodel.PriorityGroup{
		{Name: "Agri-food", Codes: []string{"01", "100", "11"}, Lines: []int{4, 5, 9}},
		{Name: "ICT", Codes: []string{"62"}, Lines: []int{8}},
	}
	if !reflect.DeepEqual(set.Groups, want) {
		t.Errorf("groups %+v, want %+v", set.Groups, want)
	}
}

func TestReadPrioritySetErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // in the message
	}{
		{"empty group", "group,code\nA,01\n,02\n", []string{"p.csv:3", `column "group"`, "expected a group name"}},
		{"empty code", "group,code\nA,01\nA, \n", []string{"p.csv:3", `column "code"`, "expected an industry code"}},
		{"code twice", "group,code\nA,01\nB,01\nA,01\n", []string{"p.csv:4", "each code once per group", "first on line 2"}},
		{"case clash", "group,code\nICT,62\nict,63\n", []string{"p.csv:3", "one spelling per group name", `line 2 spells it "ICT"`}},
		{"one column", "group\nA\n", []string{"p.csv:1", "at least 2 columns"}},
		{"bad line", "group,code\nA,01\nB,02,x,y\n", []string{"p.csv:3", "expected 2 fields"}},
		{"no rows", "# only a comment\ngroup,code\n", []string{"data rows after the header", "got none"}},
		{"control character", "group,code\nA\x01B,01\n", []string{"p.csv:2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadPrioritySetFrom("p.csv", "p", strings.NewReader(tc.text), CodeFormat{})
			if err == nil {
				t.Fatal("no error")
			}
			if c := graphmodel.ErrorCode(err); c != graphmodel.EINVALID {
				t.Errorf("code %s, want EINVALID: %v", c, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestPrioritySetCheck(t *testing.T) {
	g := func(name string, codes ...string) graphmodel.PriorityGroup {
		return graphmodel.PriorityGroup{Name: name, Codes: codes}
	}
	for _, tc := range []struct {
		set   graphmodel.PrioritySet
		field string
	}{
		{graphmodel.PrioritySet{}, "new.groups"},
		{graphmodel.PrioritySet{Groups: []graphmodel.PriorityGroup{g("A", "01"), g(" ", "02")}}, "new.groups[1].name"},
		{graphmodel.PrioritySet{Groups: []graphmodel.PriorityGroup{g("A", "01"), g("a", "02")}}, "new.groups[1].name"},
		{graphmodel.PrioritySet{Groups: []graphmodel.PriorityGroup{g("A")}}, "new.groups[0].codes"},
		{graphmodel.PrioritySet{Groups: []graphmodel.PriorityGroup{g("A", "01", "01")}}, "new.groups[0].codes"},
		{graphmodel.PrioritySet{Groups: []graphmodel.PriorityGroup{g("A", "")}}, "new.groups[0].codes"},
	} {
		err := tc.set.Check("new")
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != tc.field {
			t.Errorf("Check(%+v) = %v (field %q), want EINVALID on %s", tc.set, err, graphmodel.ErrorField(err), tc.field)
		}
	}
	ok := graphmodel.PrioritySet{Name: "s3", Groups: []graphmodel.PriorityGroup{g("A", "01", "02"), g("B", "02")}}
	if err := ok.Check("new"); err != nil {
		t.Errorf("a valid set: %v", err)
	}
}
