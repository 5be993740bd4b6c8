package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/specbases"
)

// matchLabel is the plain name of a match in the table.
var matchLabel = map[specbases.Match]string{
	specbases.Latent:   "latent",
	specbases.JobsOnly: "jobs-only",
	specbases.Matched:  "matched",
	specbases.NoMatch:  "",
}

// Bases writes a region's three bases of specialisation: the bases used and
// missing, one row per domain or industry (top ≤ 0: all), and why each
// flagged unit is flagged.
func Bases(w io.Writer, res *analysis.BasesResult, top int) error {
	p := &printer{w: w}
	pr := res.Params
	p.printf("%s — three bases of specialisation by %s: jobs, technology, science\n", res.Region.Name, res.Request.By)
	for _, b := range res.Bases {
		p.printf("  %-10s %s %s %s: %s in the region of %s in %d regions\n", b.Kind, b.Index, b.Measure, b.Period,
			graphmodel.FormatCount(b.RegionTotal), graphmodel.FormatCount(b.ReferenceTotal), b.Regions)
		if b.Thin {
			p.printf("             thin: %s\n", b.Note)
		}
	}
	for _, m := range res.Missing {
		p.printf("  %-10s not loaded: %s; load them with 'domainscope ingest regional FILE --measure %s --period P'\n", m.Kind, m.Reason, m.Measure)
	}
	if len(res.Bases) == 1 {
		p.printf("Only jobs are loaded: technology and science need patent and publication counts by region and industry, so nothing can be latent or jobs-only.\n")
	}
	p.printf("Strong: index ≥ %g with at least %s patents or publications (%s jobs) in the cell and more than %s in the region (OECD 2012: more than %d patents); weak: index < 1.\n",
		pr.Strong, graphmodel.FormatCount(pr.MinCell), graphmodel.FormatCount(pr.MinJobs), graphmodel.FormatCount(pr.MinTotal), specbases.OECDMinPatents)
	p.printf("latent: strong in technology or science, weak in jobs; jobs-only: jobs without a knowledge base; matched: strong in both. Cells: index (count); * below a count rule.\n")
	p.printf("Counts: %d latent, %d jobs-only, %d matched, %d other.\n\n", res.Counts[specbases.Latent], res.Counts[specbases.JobsOnly], res.Counts[specbases.Matched], res.Counts[specbases.NoMatch])
	head := []string{"MATCH", strings.ToUpper(res.Request.By)}
	for _, b := range res.Bases {
		head = append(head, b.Index+" ("+b.Measure+")")
	}
	t := Table{Header: head}
	for k, u := range res.Units {
		if top > 0 && k == top {
			break
		}
		row := []string{matchLabel[u.Match], Shorten(u.ID+" "+u.Label, 60)}
		if res.Request.By == "industry" {
			row[1] = Shorten(u.Label, 60)
		}
		for _, c := range u.Cells {
			row = append(row, basesCell(c))
		}
		t.Add(row...)
	}
	p.table(t)
	if top > 0 && len(res.Units) > top {
		p.printf("(%d more; --top 0 lists all)\n", len(res.Units)-top)
	}
	first := true
	for _, u := range res.Units {
		if u.Match == specbases.NoMatch {
			continue
		}
		if first {
			p.printf("\nWhy:\n")
			first = false
		}
		p.printf("  %s %s: %s\n", matchLabel[u.Match], Shorten(u.Label, 60), u.Why)
	}
	return p.err
}

// basesCell formats one cell: "2.31 (45)", "*" when below a count rule, "–" undefined.
func basesCell(c specbases.Cell) string {
	v := "–"
	if c.Value != nil {
		v = fmt.Sprintf("%.2f", *c.Value)
	}
	s := v + " (" + graphmodel.FormatCount(c.Count) + ")"
	if c.Thin {
		s += "*"
	}
	return s
}

// BasesTable is one row per unit with each basis's index, count, level and thin flag.
func BasesTable(res *analysis.BasesResult) Table {
	t := Table{Header: []string{"id", "label", "industries", "match"}}
	for _, b := range res.Bases {
		k := b.Measure
		t.Header = append(t.Header, k+"_"+strings.ToLower(b.Index), k+"_count", k+"_level", k+"_thin")
	}
	t.Header = append(t.Header, "why")
	for _, u := range res.Units {
		row := []string{u.ID, u.Label, strconv.Itoa(u.Industries), string(u.Match)}
		for _, c := range u.Cells {
			v := ""
			if c.Value != nil {
				v = strconv.FormatFloat(*c.Value, 'g', 6, 64)
			}
			row = append(row, v, strconv.FormatFloat(c.Count, 'f', -1, 64), string(c.Level), strconv.FormatBool(c.Thin))
		}
		t.Add(append(row, u.Why)...)
	}
	return t
}
