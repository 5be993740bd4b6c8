package analysis

import (
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestGroupsAtLevel(t *testing.T) {
	inds := []graphmodel.Industry{
		{Code: "C", Level: 0}, {Code: "10", Parent: "C", Level: 1}, {Code: "101", Parent: "10", Level: 2},
		{Code: "1011", Parent: "101", Level: 3}, {Code: "1012", Parent: "101", Level: 3}, {Code: "11", Parent: "C", Level: 1},
		{Code: "1107", Parent: "110", Level: 3}, // broken chain: parent 110 is unknown
	}
	groups, unknown := GroupsAtLevel([]string{"1011", "1012", "11", "C", "9999", "1107"}, inds, 1)
	want := []string{"10", "10", "11", "C", "9999", "1107"}
	for i := range want {
		if groups[i] != want[i] {
			t.Errorf("GroupsAtLevel = %v, want %v", groups, want)
			break
		}
	}
	if len(unknown) != 2 || unknown[0] != "9999" || unknown[1] != "1107" {
		t.Errorf("unknown %v, want [9999 1107]", unknown)
	}
}
