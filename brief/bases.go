package brief

import (
	"context"
	"fmt"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// BasesTable lays out a region's three bases of specialisation
// (analysis.Analyzer.Bases): one row per knowledge domain with its match,
// each basis's index and count ("*" below a count rule) and the rule that
// flagged it.
func BasesTable(b *analysis.BasesResult) Table {
	pr := b.Params
	tb := Table{Name: "bases", Heading: "Three bases of specialisation",
		Intro: fmt.Sprintf("Jobs, technology and science of each knowledge domain with the same ratio (x_ru/x_r·)/(x_·u/x_··): LQ on employment, RTA on patents, RSA on publications. "+
			"Latent: strong in technology or science (index ≥ %s on at least %s patents or publications, in a region with more than %s; the OECD used 500 patents) but LQ < 1; "+
			"jobs-only: LQ ≥ %s on at least %s jobs with every knowledge basis below 1; matched: strong in both. Cells: index (count), * below a count rule.",
			num(pr.Strong), num(pr.MinCell), num(pr.MinTotal), num(pr.Strong), num(pr.MinJobs)),
		Columns: []string{"domain", "match"}, Numeric: []bool{false, false}}
	for _, x := range b.Bases {
		tb.Columns = append(tb.Columns, fmt.Sprintf("%s (%s %s)", x.Index, x.Measure, x.Period))
		tb.Numeric = append(tb.Numeric, true)
	}
	tb.Columns, tb.Numeric = append(tb.Columns, "why"), append(tb.Numeric, false)
	for _, u := range b.Units {
		row := []string{u.ID + " " + u.Label, string(u.Match)}
		for _, c := range u.Cells {
			v := "–"
			if c.Value != nil {
				v = fixed(*c.Value, 2)
			}
			v += " (" + num(c.Count) + ")"
			if c.Thin {
				v += "*"
			}
			row = append(row, v)
		}
		tb.Rows = append(tb.Rows, append(row, u.Why))
	}
	return tb
}

// addBases adds the region's three bases of specialisation to d when a
// technology or science basis is loaded; otherwise, or when the analysis
// cannot run, a caveat says why.
func (m *Maker) addBases(ctx context.Context, d *Document, req analysis.RegionRequest) {
	req.Measure = graphmodel.MeasureEmployment
	b, err := m.Analyzer.Bases(ctx, analysis.BasesRequest{RegionRequest: req})
	switch {
	case err != nil:
		d.Caveats = append(d.Caveats, "No comparison of jobs with technology and science: "+graphmodel.ErrorMessage(err))
	case len(b.Bases) < 2:
		var why []string
		for _, x := range b.Missing {
			why = append(why, x.Reason)
		}
		d.Caveats = append(d.Caveats, "No comparison of jobs with technology and science: "+strings.Join(why, "; ")+".")
	default:
		d.Tables = append(d.Tables, BasesTable(b))
	}
}
