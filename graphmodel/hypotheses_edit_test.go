package graphmodel

import (
	"slices"
	"testing"
)

func TestHypothesisEdit(t *testing.T) {
	name := "Health tech (narrow)"
	h := Hypothesis{ID: 3, Name: "Health tech", Codes: []string{"2660", "8610", "8621"}, Source: SourceDomain}
	if err := (HypothesisEdit{Name: &name, Add: []string{"7490"}, Remove: []string{"8621"}}).Apply(&h); err != nil {
		t.Fatal(err)
	}
	// Added 7490, removed 8621; a changed domain becomes a selection.
	if h.Name != name || !slices.Equal(h.Codes, []string{"2660", "8610", "7490"}) || h.Source != SourceSelection {
		t.Errorf("after the edit: %+v", h)
	}
	before := h
	for _, e := range []HypothesisEdit{{}, {Remove: []string{"9999"}}} {
		if err := e.Apply(&h); ErrorCode(err) != EINVALID || !slices.Equal(h.Codes, before.Codes) || h.Name != before.Name {
			t.Errorf("%+v: %v, hypothesis %+v", e, err, h)
		}
	}
	notes := "from the workshop"
	h2 := Hypothesis{Codes: []string{"1"}, Source: SourceDomain}
	if err := (HypothesisEdit{Notes: &notes}).Apply(&h2); err != nil || h2.Notes != notes || h2.Source != SourceDomain {
		t.Errorf("notes only: %v %+v", err, h2)
	}
}
