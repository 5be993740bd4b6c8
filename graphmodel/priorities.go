package graphmodel

import (
	"fmt"
	"strings"
)

// MaxPriorityGroups bounds the groups of one PrioritySet.
const MaxPriorityGroups = 500

// PriorityGroup is a named group of industry codes: one of a region's
// clusters or one of its smart-specialisation (S3) priorities.
type PriorityGroup struct {
	Name  string   `json:"name"`
	Codes []string `json:"codes"`
	// Lines are the input lines of Codes when the group was read from a
	// file (for messages); nil otherwise.
	Lines []int `json:"-"`
}

// PrioritySet is a named list of priority groups, e.g. a region's clusters
// of 2009 or its S3 priorities of 2015. A code may belong to several groups.
type PrioritySet struct {
	Name   string          `json:"name"`
	Groups []PriorityGroup `json:"groups"`
	// Source names the file the set was read from ("" when given directly).
	Source string `json:"source,omitempty"`
}

// Check validates a set on its own, without stored data: 1 to
// MaxPriorityGroups groups, each with a name ValidUserName accepts, no two
// names equal ignoring case, and 1 to MaxSetCodes codes, each 1 to
// MaxCodeBytes bytes of text and listed once in its group. The set's name
// may be empty. Errors are EINVALID with Field naming the place under
// field: "old.groups[2].name", "old.groups[2].codes".
func (s PrioritySet) Check(field string) error {
	if s.Name != "" {
		if err := checkText(field+".name", "set name", s.Name, MaxUserNameRunes, false); err != nil {
			return err
		}
	}
	if len(s.Groups) == 0 {
		return FieldErrorf(EINVALID, field+".groups", "%s has no groups: give 1 to %d named groups of industry codes", s.Label(field), MaxPriorityGroups)
	}
	if len(s.Groups) > MaxPriorityGroups {
		return FieldErrorf(EINVALID, field+".groups", "%s has %d groups: at most %d", s.Label(field), len(s.Groups), MaxPriorityGroups)
	}
	seen := make(map[string]int, len(s.Groups))
	for k, g := range s.Groups {
		at := fmt.Sprintf("%s.groups[%d]", field, k)
		if err := ValidUserName(at+".name", fmt.Sprintf("%s: group %d's name", s.Label(field), k+1), g.Name); err != nil {
			return err
		}
		key := strings.ToLower(strings.TrimSpace(g.Name))
		if j, dup := seen[key]; dup {
			return FieldErrorf(EINVALID, at+".name", "%s: group %d is named %q, as group %d (%q) is: expected distinct group names",
				s.Label(field), k+1, g.Name, j+1, s.Groups[j].Name)
		}
		seen[key] = k
		what := fmt.Sprintf("%s: group %q", s.Label(field), g.Name)
		if len(g.Codes) == 0 {
			return FieldErrorf(EINVALID, at+".codes", "%s has no industry codes: give 1 to %d", what, MaxSetCodes)
		}
		if len(g.Codes) > MaxSetCodes {
			return FieldErrorf(EINVALID, at+".codes", "%s has %d industry codes: at most %d", what, len(g.Codes), MaxSetCodes)
		}
		first := make(map[string]int, len(g.Codes))
		for i, c := range g.Codes {
			if c == "" || len(c) > MaxCodeBytes {
				return FieldErrorf(EINVALID, at+".codes", "%s: code %d has %d bytes: expected 1 to %d", what, i+1, len(c), MaxCodeBytes)
			}
			if err := checkText(at+".codes", fmt.Sprintf("%s: code %d", what, i+1), c, MaxCodeBytes, false); err != nil {
				return err
			}
			if j, dup := first[c]; dup {
				return FieldErrorf(EINVALID, at+".codes", "%s lists code %q twice (codes %d and %d): expected each code once per group", what, c, j+1, i+1)
			}
			first[c] = i
		}
	}
	return nil
}

// Label names the set in messages: its source file, its name or the field.
func (s PrioritySet) Label(field string) string {
	switch {
	case s.Source != "":
		return s.Source
	case s.Name != "":
		return fmt.Sprintf("%s set %q", field, s.Name)
	}
	return field + " set"
}

// Where says where code number i of group g came from: " (FILE line N)"
// when the set was read from a file, "" otherwise.
func (s PrioritySet) Where(g, i int) string {
	if s.Source == "" || g < 0 || g >= len(s.Groups) || i < 0 || i >= len(s.Groups[g].Lines) {
		return ""
	}
	return fmt.Sprintf(" (%s line %d)", s.Source, s.Groups[g].Lines[i])
}
