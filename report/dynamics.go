package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
)

// Dynamics writes the entries and exits of specialisations between two
// periods and the test of relatedness density as a predictor of entry; at
// most top entries and exits are listed.
func Dynamics(w io.Writer, res *analysis.DynamicsResult, top int) error {
	p := &printer{w: w}
	p.printf("Dynamics of %s specialisations %s → %s over %d regions\n", res.From.Measure, res.From.Period, res.To.Period, res.Regions)
	p.printf("Cells at risk %d: %d entries (%.1f%%); %d exits, %d kept\n", res.AtRisk, res.Entries, 100*res.EntryRate, res.Exits, res.Kept)
	p.printf("Mean start density: entries %.1f, others %.1f\n", res.MeanDensityEntries, res.MeanDensityOthers)
	if res.AUC != nil {
		p.printf("AUC %.3f (0.5: no prediction)\n", *res.AUC)
	}
	if l := res.Logit; l != nil {
		p.printf("Logit of entry on density: slope %.4f per point (SE %.4f, z %.2f, p %.3g), intercept %.3f (SE %.3f)\n",
			l.Slope, l.SlopeSE, l.Z, l.P, l.Intercept, l.InterceptSE)
	}
	p.printf("Verdict: %s\n", res.Verdict)
	rules(p, res.Rules)
	for _, warn := range res.Warnings {
		p.printf("warning: %s\n", warn)
	}
	for _, part := range []struct {
		title string
		cells []analysis.DynamicsCell
	}{{"Entries (highest start density first)", res.EntryList}, {"Exits (highest start LQ first)", res.ExitList}} {
		t := Table{Header: []string{"REGION", "CODE", "NAME", "DENSITY FROM", "LQ FROM", "LQ TO"}}
		for i, c := range part.cells {
			if i >= top {
				break
			}
			t.Add(c.Region, c.Code, c.Name, fmt.Sprintf("%.1f", c.DensityFrom), fmt.Sprintf("%.2f", c.LQFrom), fmt.Sprintf("%.2f", c.LQTo))
		}
		p.printf("\n%s\n", part.title)
		p.table(t)
	}
	return p.err
}

// DynamicsRows is one row per listed entry or exit.
func DynamicsRows(res *analysis.DynamicsResult) Table {
	t := Table{Header: []string{"change", "region", "code", "name", "density_from", "lq_from", "lq_to"}}
	for _, part := range []struct {
		kind  string
		cells []analysis.DynamicsCell
	}{{"entry", res.EntryList}, {"exit", res.ExitList}} {
		for _, c := range part.cells {
			t.Add(part.kind, c.Region, c.Code, c.Name, strconv.FormatFloat(c.DensityFrom, 'g', 6, 64),
				strconv.FormatFloat(c.LQFrom, 'g', 6, 64), strconv.FormatFloat(c.LQTo, 'g', 6, 64))
		}
	}
	return t
}
