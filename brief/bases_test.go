package brief

import (
	"fmt"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/specbases"
)

// TestBasesTable: one row per domain with its match, each basis's index to
// two decimals with its count, "*" on a thin cell, "–" for an undefined
// index, and the rule; the intro states the thresholds.
func TestBasesTable(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	b := &analysis.BasesResult{Params: specbases.Params{MinTotal: 500, MinCell: 10, MinJobs: 100, Strong: 1.5},
		Bases: []analysis.BasisInfo{
			{Basis: specbases.Basis{Measure: "employment", Index: "LQ"}, Period: "2015"},
			{Basis: specbases.Basis{Measure: "publications", Index: "RSA"}, Period: "2016"},
		},
		Units: []analysis.BasesUnit{
			{ID: "7", Label: "Life sciences", Row: specbases.Row{Match: specbases.Latent, Why: "strong in knowledge",
				Cells: []specbases.Cell{{Value: v(0.6612), Count: 50548}, {Value: v(1.5149), Count: 718}}}},
			{ID: "3", Label: "Tourism", Row: specbases.Row{Why: "neither",
				Cells: []specbases.Cell{{Value: v(0.9), Count: 51728}, {Count: 0, Thin: true}}}},
		}}
	tb := BasesTable(b)
	if got := strings.Join(tb.Columns, "|"); got != "domain|match|LQ (employment 2015)|RSA (publications 2016)|why" {
		t.Errorf("columns %q", got)
	}
	want := [][]string{
		{"7 Life sciences", "latent", "0.66 (50,548)", "1.51 (718)", "strong in knowledge"},
		{"3 Tourism", "", "0.90 (51,728)", "– (0)*", "neither"},
	}
	if fmt.Sprint(tb.Rows) != fmt.Sprint(want) {
		t.Errorf("rows %q, want %q", tb.Rows, want)
	}
	for _, w := range []string{"index ≥ 1.5 on at least 10 patents or publications, in a region with more than 500", "LQ ≥ 1.5 on at least 100 jobs"} {
		if !strings.Contains(tb.Intro, w) {
			t.Errorf("intro %q lacks %q", tb.Intro, w)
		}
	}
}
