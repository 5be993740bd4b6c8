package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// Pathways writes a region's development pathway for each domain, then the
// top industries by reach.
func Pathways(w io.Writer, res *analysis.PathwaysResult, top int) error {
	p := &printer{w: w}
	p.printf("%s — development pathways of the knowledge domains (descriptive; median density of what the region lacks %.1f)\n", res.Region.Name, res.MedianDensity)
	rules(p, res.Rules)
	t := Table{Header: []string{"DOMAIN", "PATHWAY", "SIZE", "BASE", "WHY", "LABEL"}}
	for _, x := range res.Pathways {
		var base []string
		for _, b := range x.Base {
			base = append(base, b.Code)
		}
		t.Add(strconv.Itoa(x.Domain), x.Pathway, strconv.Itoa(x.Size), strings.Join(base, " "), x.Why, x.Label)
	}
	p.table(t)
	r := Table{Header: []string{"CODE", "NAME", "DOMAIN", "DOMAINS TOUCHED", "PARTICIPATION", "DEGREE", "GENERIC"}}
	for i, x := range res.Reach {
		if i >= top {
			break
		}
		g := ""
		if x.Generic {
			g = "yes"
		}
		r.Add(x.Code, x.Name, strconv.Itoa(x.Domain), strconv.Itoa(x.Domains), fmt.Sprintf("%.2f", x.Participation), strconv.Itoa(x.Degree), g)
	}
	p.printf("\nReach (most domains touched first)\n")
	p.table(r)
	return p.err
}

// PathwaysRows is one row per domain.
func PathwaysRows(res *analysis.PathwaysResult) Table {
	t := Table{Header: []string{"domain", "label", "pathway", "size", "base", "gaps", "hubs", "mean_gap_density", "why"}}
	for _, x := range res.Pathways {
		var base, hubs []string
		for _, b := range x.Base {
			base = append(base, b.Code)
		}
		for _, h := range x.Hubs {
			hubs = append(hubs, h.Code)
		}
		t.Add(strconv.Itoa(x.Domain), x.Label, x.Pathway, strconv.Itoa(x.Size), strings.Join(base, " "), strconv.Itoa(x.Gaps),
			strings.Join(hubs, " "), strconv.FormatFloat(x.MeanGapDensity, 'g', 6, 64), x.Why)
	}
	return t
}
