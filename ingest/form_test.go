package ingest

import (
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestFormDefaults(t *testing.T) {
	f, err := NewForm("links")
	if err != nil {
		t.Fatal(err)
	}
	f.Set("classification", "SIC2007")
	f.Set("layer", "labour")
	f.Set("period", "2009-2018")
	f.Set("pad", "4")
	f.Set("threshold", "1.5")
	opt, err := f.Options()
	if err != nil {
		t.Fatal(err)
	}
	o := opt.(LinksOptions)
	// Defaults as the CLI's help states them.
	if o.Layer != (graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007"}) ||
		o.Codes.Pad != 4 || o.Duplicates != "error" || o.Unknown != "error" || o.Relatedness.Symmetrise != "mean" ||
		o.Relatedness.Shrinkage != "none" || o.Relatedness.Threshold == nil || *o.Relatedness.Threshold != 1.5 {
		t.Errorf("links options = %+v", o)
	}

	f, _ = NewForm("regional")
	f.Set("shape", "wide")
	f.Set("period", "2015")
	opt, err = f.Options()
	if err != nil {
		t.Fatal(err)
	}
	w := opt.(RegionalWideOptions)
	if w.Set.Measure != graphmodel.MeasureEmployment || w.Set.Period != "2015" || len(w.Exclude) != 1 || w.Exclude[0] != "Total" {
		t.Errorf("regional options = %+v", w)
	}

	f, _ = NewForm("concord")
	f.Set("duplicates", "sum")
	f.Set("from-col", "a")
	opt, err = f.Options()
	if err != nil {
		t.Fatal(err)
	}
	c := opt.(ConcordOptions)
	if c.Links.Duplicates != "sum" || c.Links.FromCol != "a" || c.Table.Tolerance != 0.001 || c.Table.Split != "error" || c.Links.Layer.Kind != graphmodel.KindFlows {
		t.Errorf("concord options = %+v", c)
	}
}

func TestFormErrors(t *testing.T) {
	if _, err := NewForm("rainfall"); graphmodel.ErrorField(err) != "ingest" {
		t.Errorf("NewForm(rainfall) = %v", err)
	}
	f, _ := NewForm("industries")
	if f.Set("unknown", "create") || f.Set("layer", "x") {
		t.Error("industries takes neither unknown nor layer")
	}
	for _, c := range []struct{ kind, name, value, field, msg string }{
		{"links", "pad", "four", "pad", `option pad "four": expected a whole number`},
		{"spells", "stayers", "maybe", "stayers", `option stayers "maybe": expected true or false`},
		{"links", "delimiter", "|", "delimiter", `expected ",", ";" or "tab"`},
		{"regional", "shape", "round", "shape", `option shape "round": expected long or wide`},
		{"concord", "concordance-delimiter", "|", "concordance_delimiter", `"|"`},
		{"relatedness", "floor", "ten", "floor", `"ten": expected a number`},
	} {
		f, _ := NewForm(c.kind)
		if !f.Set(c.name, c.value) {
			t.Fatalf("%s does not take %s", c.kind, c.name)
		}
		var err error
		if c.kind == "relatedness" {
			_, err = f.Relatedness()
		} else {
			_, err = f.Options()
		}
		if graphmodel.ErrorField(err) != c.field || !strings.Contains(graphmodel.ErrorMessage(err), c.msg) {
			t.Errorf("%s %s=%q: %v (field %q), want field %q and %q", c.kind, c.name, c.value, err, graphmodel.ErrorField(err), c.field, c.msg)
		}
	}
}

// Every kind lists each option once, and every option has help.
func TestFormFields(t *testing.T) {
	for _, kind := range FormKinds {
		seen := map[string]bool{}
		for _, fd := range Fields(kind) {
			if seen[fd.Name] || fd.Usage == "" {
				t.Errorf("%s: option %s listed twice or without help", kind, fd.Name)
			}
			seen[fd.Name] = true
		}
		if len(seen) == 0 {
			t.Errorf("%s takes no option", kind)
		}
	}
	if got := strings.Join(FieldNames("patents"), ","); !strings.Contains(got, "fractional") || strings.Contains(got, "stayers") {
		t.Errorf("patents options: %s", got)
	}
}
