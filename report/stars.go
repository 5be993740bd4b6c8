package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// Stars writes a region's cluster star ratings: one row per cluster, then the
// reasons of the top clusters' stars (top ≤ 0: every cluster).
func Stars(w io.Writer, res *analysis.StarsResult, top int) error {
	p := &printer{w: w}
	th := res.Request.Thresholds
	p.printf("%s — cluster strength by %s (%s %s, against %d regions)\n", res.Region.Name, res.Request.By, res.Regional.Measure, res.Regional.Period, res.Regions)
	p.printf("Stars: size top %g %%, specialisation LQ ≥ %g, focus top %g %%. %s\n\n", 100*th.SizeTop, th.MinLQ, 100*th.FocusTop, res.Method)
	t := Table{Header: []string{"STARS", "CLUSTER", "JOBS", "LQ", "SHARE %", "SIZE RANK", "FOCUS RANK"}}
	for k, c := range res.Clusters {
		if top > 0 && k == top {
			break
		}
		t.Add(strings.Repeat("★", c.Stars)+strings.Repeat("·", 3-c.Stars), c.Label, fmt.Sprintf("%.0f", c.Jobs), fmt.Sprintf("%.2f", c.LQ),
			fmt.Sprintf("%.2f", 100*c.Share), fmt.Sprintf("%d/%d", c.SizeRank, c.SizeOf), fmt.Sprintf("%d/%d", c.FocusRank, c.FocusOf))
	}
	p.table(t)
	for k, c := range res.Clusters {
		if (top > 0 && k == top) || c.Stars == 0 {
			break
		}
		p.printf("\n%s (%d stars):\n  %s\n", c.Label, c.Stars, strings.Join(c.Reasons, "\n  "))
	}
	return p.err
}

// StarsTable is one row per cluster with its criteria.
func StarsTable(res *analysis.StarsResult) Table {
	t := Table{Header: []string{"id", "label", "industries", "jobs", "lq", "share", "size_rank", "size_of", "focus_rank", "focus_of", "size", "specialisation", "focus", "stars"}}
	for _, c := range res.Clusters {
		t.Add(c.ID, c.Label, fmt.Sprint(c.Industries), fmt.Sprint(c.Jobs), fmt.Sprint(c.LQ), fmt.Sprint(c.Share), fmt.Sprint(c.SizeRank), fmt.Sprint(c.SizeOf),
			fmt.Sprint(c.FocusRank), fmt.Sprint(c.FocusOf), fmt.Sprint(c.Size), fmt.Sprint(c.Specialisation), fmt.Sprint(c.Focus), fmt.Sprint(c.Stars))
	}
	return t
}
