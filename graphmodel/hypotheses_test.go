package graphmodel

import (
	"strings"
	"testing"
)

// TestMatchDomainName: the same key wins; otherwise the closest named
// membership of the same classification and layers with Jaccard >= 0.8.
func TestMatchDomainName(t *testing.T) {
	l := []string{"labour@2009-2018"}
	named := func(name string, layers []string, codes ...string) DomainName {
		return DomainName{Classification: "SIC", Layers: layers, Codes: codes, Name: name}.Normalised()
	}
	five := named("Five", l, "a", "b", "c", "d", "e")
	other := named("Other layers", []string{"copatent@2010"}, "a", "b", "c", "d", "e", "f")
	names := []DomainName{five, other}
	cases := []struct {
		codes []string
		want  string
		j     float64
	}{
		{[]string{"e", "d", "c", "b", "a"}, "Five", 1},            // same membership, any order
		{[]string{"a", "b", "c", "d", "e", "f"}, "Five", 5.0 / 6}, // 5 of 6
		{[]string{"a", "b", "c", "d"}, "Five", 4.0 / 5},           // 4 of 5: the boundary 0.8 applies
		{[]string{"a", "b", "c", "d", "x"}, "", 0},                // 4 of 6 = 0.67
		{[]string{"a", "b", "c"}, "", 0},                          // 3 of 5
	}
	for _, c := range cases {
		n, j, ok := MatchDomainName(names, "SIC", l, c.codes)
		if ok != (c.want != "") || n.Name != c.want || j != c.j {
			t.Errorf("%v: got %q (Jaccard %v, %v), want %q (%v)", c.codes, n.Name, j, ok, c.want, c.j)
		}
	}
	if _, _, ok := MatchDomainName(names, "NACE", l, five.Codes); ok {
		t.Error("a name applied to another classification")
	}
	// A closer name beats a farther one.
	six := named("Six", l, "a", "b", "c", "d", "e", "f")
	if n, _, _ := MatchDomainName([]DomainName{five, six}, "SIC", l, []string{"a", "b", "c", "d", "e", "f", "g"}); n.Name != "Six" {
		t.Errorf("7 codes matched %q, want Six (6/7 beats 5/7)", n.Name)
	}
}

func TestHypothesisValidateLimits(t *testing.T) {
	ok := Hypothesis{Name: strings.Repeat("n", MaxUserNameRunes), Classification: "C", Codes: []string{"a"},
		Notes: "line 1\nline 2\ttab\r\n"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid hypothesis refused: %v", err)
	}
	long := ok
	long.Notes = strings.Repeat("x", MaxNotesRunes+1)
	if ErrorField(long.Validate()) != "notes" {
		t.Errorf("notes over the limit: %v", long.Validate())
	}
	sep := ok
	sep.Name = "a\u2028b"
	if ErrorField(sep.Validate()) != "name" {
		t.Errorf("line separator in the name: %v", sep.Validate())
	}
}
