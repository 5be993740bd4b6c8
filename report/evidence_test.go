package report

import (
	"bytes"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestNeighboursEvidence: on a layer with evidence the table has the column
// Q (two significant digits) and the heading names the shrinkage, the floor
// and the significance filter recorded in the provenance.
func TestNeighboursEvidence(t *testing.T) {
	q1, q2 := 0.0, 0.008642
	res := &analysis.NeighboursResult{
		Industry: graphmodel.Industry{Code: "8610", Name: "Hospital activities"},
		Layer:    graphmodel.Layer{Name: "labour", Period: "2009-2018", Method: "ratio", Evidence: true},
		Neighbours: []graphmodel.Neighbour{
			{Industry: graphmodel.Industry{Code: "8690", Name: "Human health activities: Other"}, Value: 0.8024, Count: 2763, QValue: &q1, Direction: "both"},
			{Industry: graphmodel.Industry{Code: "4779", Name: "Second-hand goods"}, Value: 0.51, Count: 17, QValue: &q2, Direction: "in"},
		},
		Relatedness: map[string]string{"method": "ratio", "shrink": "gamma-poisson", "prior": "0.02071", "prior_source": "fitted",
			"floor": "10", "alpha": "0.05", "tests": "96141"},
	}
	var b bytes.Buffer
	if err := Neighbours(&b, res); err != nil {
		t.Fatal(err)
	}
	want := "8610 Hospital activities — neighbours on labour 2009-2018 (ratio, gamma-poisson a = 0.02071 (fitted), floor 10, links with q ≤ 0.05, related when value > 0)\n" +
		"COUNT: both directions; Q: Benjamini–Hochberg q-value of the count against the margins (Poisson), over 96141 tests\n\n" +
		"CODE  NAME                            VALUE  COUNT  DIRECTION  Q\n" +
		"8690  Human health activities: Other  0.802  2763   both       <1e-300\n" +
		"4779  Second-hand goods               0.510  17     in         0.0086\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if rows := NeighbourRows(res); len(rows.Header) != 6 || rows.Header[5] != "Q" || rows.Rows[1][5] != "0.0086" {
		t.Errorf("CSV rows %v %v, want the column Q", rows.Header, rows.Rows)
	}
}
