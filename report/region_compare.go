package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// RegionCompare writes two to four regions side by side: size, variety,
// complexity, specialisations they share, what each alone holds, its strong
// domains and top opportunities. top is the most rows per list.
func RegionCompare(w io.Writer, res *analysis.RegionCompareResult, top int) error {
	p := &printer{w: w}
	var names []string
	for _, r := range res.Regions {
		names = append(names, r.Region.Name)
	}
	p.printf("%s — %s %s; relatedness from %s (links above %s)\n", strings.Join(names, " vs "), res.Regional.Measure, res.Regional.Period,
		layers(res.Provenance), thresholds(res.Provenance))
	t := Table{Header: []string{"REGION", "TOTAL", "SHARE", "INDUSTRIES", "ESTABLISHED", "UNIQUE", "ENTROPY", "RELATED", "UNRELATED", "HHI", "ECI"}}
	for _, r := range res.Regions {
		eci := "-"
		if r.ECI != nil {
			eci = fmt.Sprintf("%.2f (#%d)", *r.ECI, r.ECIRank)
		}
		t.Add(r.Region.Name, graphmodel.FormatCount(r.Total), fmt.Sprintf("%.1f%%", 100*r.Share), fmt.Sprint(r.Industries), fmt.Sprint(r.Established),
			fmt.Sprint(len(r.Unique)), fmt.Sprintf("%.2f", r.Variety.Entropy), fmt.Sprintf("%.2f", r.Variety.Related), fmt.Sprintf("%.2f", r.Variety.Unrelated),
			fmt.Sprintf("%.3f", r.HHI), eci)
	}
	p.table(t)
	if len(res.Regions) > 1 {
		p.printf("\nSimilarity of the established specialisations (Jaccard):\n")
		j := Table{Header: append([]string{""}, names...)}
		for a, row := range res.Jaccard {
			cells := []string{names[a]}
			for _, x := range row {
				cells = append(cells, fmt.Sprintf("%.2f", x))
			}
			j.Add(cells...)
		}
		p.table(j)
	}
	p.printf("\nShared specialisations (established in all %d): %d\n", len(res.Regions), len(res.Shared))
	if len(res.Shared) > 0 {
		s := Table{Header: append([]string{"CODE", "NAME"}, names...)}
		for k, x := range res.Shared {
			if k == top {
				break
			}
			cells := []string{x.Code, Shorten(x.Name, 40)}
			for _, lq := range x.LQ {
				cells = append(cells, fmt.Sprintf("%.2f", lq))
			}
			s.Add(cells...)
		}
		p.table(s)
	}
	for _, r := range res.Regions {
		p.printf("\n%s alone: %d established specialisations", r.Region.Name, len(r.Unique))
		var u []string
		for k, s := range r.Unique {
			if k == top {
				u = append(u, "…")
				break
			}
			u = append(u, fmt.Sprintf("%s %s (%.2f)", s.Code, Shorten(s.Name, 30), s.LQ))
		}
		if len(u) > 0 {
			p.printf(": %s", strings.Join(u, "; "))
		}
		p.printf("\n  strong domains: ")
		var d []string
		for k, x := range r.Domains {
			if k == top {
				break
			}
			label := res.DomainLabels[x.Domain]
			if label == "" {
				label = fmt.Sprint(x.Domain)
			}
			d = append(d, fmt.Sprintf("%s (%d of %d specialised)", Shorten(label, 50), x.Specialised, x.Members))
		}
		p.printf("%s\n  opportunities: ", orNone(d))
		var o []string
		for k, x := range r.Opportunities {
			if k == top {
				break
			}
			o = append(o, fmt.Sprintf("%s %s (density %.0f)", x.Code, Shorten(x.Name, 30), x.Density))
		}
		p.printf("%s\n", orNone(o))
	}
	return p.err
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, "; ")
}

// RegionCompareTable is the comparison's summary, one row per region.
func RegionCompareTable(res *analysis.RegionCompareResult) Table {
	t := Table{Header: []string{"region", "name", "total", "share", "industries", "established", "unique", "entropy", "related_variety", "unrelated_variety", "hhi", "eci"}}
	for _, r := range res.Regions {
		eci := ""
		if r.ECI != nil {
			eci = fmt.Sprint(*r.ECI)
		}
		t.Add(r.Region.ID, r.Region.Name, fmt.Sprint(r.Total), fmt.Sprint(r.Share), fmt.Sprint(r.Industries), fmt.Sprint(r.Established), fmt.Sprint(len(r.Unique)),
			fmt.Sprint(r.Variety.Entropy), fmt.Sprint(r.Variety.Related), fmt.Sprint(r.Variety.Unrelated), fmt.Sprint(r.HHI), eci)
	}
	return t
}

// Partners writes a region's partner regions by complementarity, each with
// its explanation, and its most similar peers beside them.
func Partners(w io.Writer, res *analysis.PartnersResult) error {
	p := &printer{w: w}
	p.printf("%s — partner regions by complementarity (%s %s)\n", res.Region.Name, res.Regional.Measure, res.Regional.Period)
	p.printf("Score: %s\n\n", res.Formula)
	t := Table{Header: []string{"REGION", "COMPLEMENTARITY", "COVERED", "OPPORTUNITIES", "JACCARD"}}
	for _, x := range res.Partners {
		t.Add(x.Region.Name, fmt.Sprintf("%.1f", x.Complementarity), fmt.Sprint(x.Covered), fmt.Sprint(x.Opportunities), fmt.Sprintf("%.2f", x.Jaccard))
	}
	p.table(t)
	for _, x := range res.Partners {
		p.printf("\n%s: %s\n", x.Region.Name, x.Why)
	}
	p.printf("\nMost similar portfolios (peers, by Jaccard): ")
	var peers []string
	for k, x := range res.Peers {
		if k == 5 {
			break
		}
		peers = append(peers, fmt.Sprintf("%s %.2f", x.Region.Name, x.Jaccard))
	}
	p.printf("%s\n", orNone(peers))
	return p.err
}

// PartnersTable is one row per partner.
func PartnersTable(res *analysis.PartnersResult) Table {
	t := Table{Header: []string{"region", "name", "complementarity", "covered", "opportunities", "jaccard", "why"}}
	for _, x := range res.Partners {
		t.Add(x.Region.ID, x.Region.Name, fmt.Sprint(x.Complementarity), fmt.Sprint(x.Covered), fmt.Sprint(x.Opportunities), fmt.Sprint(x.Jaccard), x.Why)
	}
	return t
}
