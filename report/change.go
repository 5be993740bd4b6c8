package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// Compare writes a comparison of two periods of a layer: the summary and
// its rules, the strongest significant count changes, the gained and lost
// pairs, and the industries whose related neighbours changed most. top is
// the most rows per table.
func Compare(w io.Writer, res *analysis.CompareResult, top int) error {
	p := &printer{w: w}
	s := res.Summary
	p.printf("%s → %s (%s, %s): %d and %d industries with links, %d in both\n", res.From.Key(), res.To.Key(),
		res.From.Classification, res.From.Kind, s.IndustriesFrom, s.IndustriesTo, s.IndustriesBoth)
	p.printf("Pairs: %d kept, %d gained, %d appeared, %d lost, %d not observed; kept pairs: %d became related, %d no longer related\n",
		s.Kept, s.Gained, s.Appeared, s.Lost, s.NotObserved, s.BecameRelated, s.NoLongerRelated)
	rules(p, res.Rules)
	pairTable := func(title string, keep func(analysis.PairChange) bool) {
		t := Table{Header: []string{"A", "B", "STATUS", "COUNT", "VALUE", "Z"}}
		for _, c := range res.Pairs {
			if len(t.Rows) >= top {
				break
			}
			if keep(c) {
				t.Add(c.A.Code+" "+Shorten(c.A.Name, 32), c.B.Code+" "+Shorten(c.B.Name, 32), c.Status,
					optional(c.CountFrom, "%.0f", "-")+" → "+optional(c.CountTo, "%.0f", "-"),
					optional(c.ValueFrom, "%.2f", "-")+" → "+optional(c.ValueTo, "%.2f", "-"), optional(c.ZAdjusted, "%+.1f", "-"))
			}
		}
		if len(t.Rows) > 0 {
			p.printf("\n%s:\n", title)
			p.table(t)
		}
	}
	pairTable("Strongest significant increases (kept pairs)", func(c analysis.PairChange) bool {
		return c.Status == analysis.PairKept && c.Significant && *c.ZAdjusted > 0
	})
	pairTable("Strongest significant decreases (kept pairs)", func(c analysis.PairChange) bool {
		return c.Status == analysis.PairKept && c.Significant && *c.ZAdjusted < 0
	})
	pairTable("Gained pairs (missing before, now well above the floor)", func(c analysis.PairChange) bool { return c.Status == analysis.PairGained })
	pairTable("Lost pairs (well above the floor before, now missing)", func(c analysis.PairChange) bool { return c.Status == analysis.PairLost })

	if len(res.Neighbourhoods) > 0 {
		p.printf("\nIndustries whose top-%d related neighbours changed most:\n", res.Request.TopK)
		t := Table{Header: []string{"CODE", "NAME", "JACCARD", "NOISE", "LEFT", "JOINED"}}
		for _, n := range res.Neighbourhoods[:min(top, len(res.Neighbourhoods))] {
			noise := "-"
			if n.NoiseJaccard != nil {
				noise = fmt.Sprintf("%.2f (≥%.2f)", *n.NoiseJaccard, *n.NoiseLow)
				if n.BeyondNoise {
					noise += " *"
				}
			}
			t.Add(n.Code, Shorten(n.Name, 40), fmt.Sprintf("%.2f", n.Jaccard), noise, names(n.Left, 3), names(n.Joined, 3))
		}
		p.table(t)
		p.printf("NOISE: mean Jaccard of two periods simulated with no change (5th percentile); * changed beyond noise\n")
	}
	return p.err
}

// ComparePairs is one row per pair of industries released in either period.
func ComparePairs(res *analysis.CompareResult) Table {
	t := Table{Header: []string{"a", "a_name", "b", "b_name", "status", "count_from", "count_to", "value_from", "value_to",
		"related_from", "related_to", "delta_value", "z_adjusted", "significant"}}
	for _, c := range res.Pairs {
		t.Add(c.A.Code, c.A.Name, c.B.Code, c.B.Name, c.Status, number(c.CountFrom), number(c.CountTo),
			number(c.ValueFrom), number(c.ValueTo), strconv.FormatBool(c.RelatedFrom), strconv.FormatBool(c.RelatedTo),
			number(c.DeltaValue), number(c.ZAdjusted), strconv.FormatBool(c.Significant))
	}
	return t
}

// Evolution writes how knowledge domains changed across periods: the
// domains per period, then per pair of consecutive periods the counts of
// events and each event with its overlaps and the industries that joined or
// left. members is the most industries listed per side (0: all).
func Evolution(w io.Writer, res *analysis.EvolutionResult, members int) error {
	p := &printer{w: w}
	for _, per := range res.Periods {
		p.printf("%s: %d domains, modularity %.3f, %d industries without links above the threshold\n",
			per.Period, len(per.Domains), per.Modularity, per.Isolated)
	}
	rules(p, res.Rules)
	for _, s := range res.Steps {
		p.printf("\n%s → %s: %d industries in both periods (%d only before, %d only after)\n", s.From, s.To, s.Common, len(s.OnlyFrom), len(s.OnlyTo))
		var counts []string
		for _, t := range []string{analysis.EventDeath, analysis.EventBirth, analysis.EventSplit, analysis.EventMerge,
			analysis.EventContraction, analysis.EventGrowth, analysis.EventContinuation} {
			if n := s.Counts[t]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s (%d beyond noise)", n, t, s.BeyondNoise[t]))
			}
		}
		p.printf("Events: %s\n", strings.Join(counts, ", "))
		for _, e := range s.Events {
			mark := " "
			if e.BeyondNoise {
				mark = "*"
			}
			p.printf("%s %s\n", mark, e.Text)
			noise := ""
			if e.Noise != nil {
				noise = fmt.Sprintf(", reruns reach %.2f", *e.Noise)
			}
			var ms []string
			for _, m := range e.Matches {
				ms = append(ms, fmt.Sprintf("#%d→#%d %.2f (%d shared)", m.From, m.To, m.Jaccard, m.Shared))
			}
			p.printf("    Jaccard %.2f%s; overlaps: %s\n", e.Jaccard, noise, strings.Join(ms, ", "))
			if len(e.Joined) > 0 {
				p.printf("    joined: %s\n", names(e.Joined, listed(members, len(e.Joined))))
			}
			if len(e.Left) > 0 {
				p.printf("    left:   %s\n", names(e.Left, listed(members, len(e.Left))))
			}
		}
	}
	p.printf("\n* beyond Louvain noise\n")
	return p.err
}

// EvolutionEvents is one row per event between consecutive periods.
func EvolutionEvents(res *analysis.EvolutionResult) Table {
	t := Table{Header: []string{"from", "to", "type", "beyond_noise", "jaccard", "noise", "from_domains", "to_domains", "text"}}
	for _, s := range res.Steps {
		for _, e := range s.Events {
			t.Add(s.From, s.To, e.Type, strconv.FormatBool(e.BeyondNoise), fmt.Sprintf("%.3f", e.Jaccard),
				number(e.Noise), domainIDs(e.From), domainIDs(e.To), e.Text)
		}
	}
	return t
}

// RegionChange writes how a region's specialisations changed between two
// periods: totals, counts of kept, new and lost specialisations, the rules,
// and one table per life-cycle stage. top is the most rows per stage.
func RegionChange(w io.Writer, res *analysis.RegionChangeResult, top int) error {
	p := &printer{w: w}
	q := "LQ"
	if res.Request.Measure == graphmodel.MeasurePatents {
		q = "RTA"
	}
	p.printf("%s — %s %s → %s: %s → %s (%+.1f%%)\n", res.Region.Name, res.From.Measure, res.From.Period, res.To.Period,
		graphmodel.FormatCount(res.TotalFrom), graphmodel.FormatCount(res.TotalTo), 100*res.RegionGrowth)
	p.printf("Specialisations (%s ≥ 1): %d kept, %d new, %d lost\n", q, res.Kept, res.New, res.Lost)
	rules(p, res.Rules)
	for _, warn := range res.Warnings {
		p.printf("warning: %s\n", warn)
	}
	for _, stage := range []string{analysis.StageEmerging, analysis.StageGrowing, analysis.StageMature, analysis.StageDeclining} {
		t := Table{Header: []string{"CODE", "NAME", q + " FROM", q + " TO", "CHANGE", "VALUE FROM", "VALUE TO", "GROWTH"}}
		n := 0
		for _, c := range res.Industries {
			if c.Stage != stage {
				continue
			}
			n++
			if len(t.Rows) < top {
				growth := "-"
				if c.Growth != nil {
					growth = fmt.Sprintf("%+.1f%%", 100**c.Growth)
				}
				t.Add(c.Code, Shorten(c.Name, 45), optional(c.LQFrom, "%.2f", "-"), optional(c.LQTo, "%.2f", "-"), optional(c.DeltaLQ, "%+.2f", "-"),
					graphmodel.FormatCount(c.ValueFrom), graphmodel.FormatCount(c.ValueTo), growth)
			}
		}
		if n == 0 {
			continue
		}
		p.printf("\n%s (%d):\n", stage, n)
		p.table(t)
	}
	return p.err
}

// RegionChangeRows is one row per industry of a region's change.
func RegionChangeRows(res *analysis.RegionChangeResult) Table {
	t := Table{Header: []string{"code", "name", "lq_from", "lq_to", "delta_lq", "value_from", "value_to", "growth", "status", "stage"}}
	for _, c := range res.Industries {
		t.Add(c.Code, c.Name, number(c.LQFrom), number(c.LQTo), number(c.DeltaLQ),
			strconv.FormatFloat(c.ValueFrom, 'g', -1, 64), strconv.FormatFloat(c.ValueTo, 'g', -1, 64), number(c.Growth), c.Status, c.Stage)
	}
	return t
}

// rules writes the rules a result was computed with, one bullet each.
func rules(p *printer, rs []string) {
	for _, r := range rs {
		p.printf("  • %s\n", r)
	}
}

// number writes *x with 6 significant digits for CSV, "" when x is nil.
func number(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'g', 6, 64)
}

// names lists the first n industries as "code name", and how many more.
func names(xs []analysis.IndustryName, n int) string {
	var out []string
	for _, x := range xs[:min(n, len(xs))] {
		out = append(out, x.Code+" "+Shorten(x.Name, 22))
	}
	if len(xs) > n {
		out = append(out, fmt.Sprintf("+%d", len(xs)-n))
	}
	return strings.Join(out, "; ")
}

// listed is how many of n items to list under limit (0: all).
func listed(limit, n int) int {
	if limit <= 0 {
		return n
	}
	return limit
}

func domainIDs(ds []analysis.DomainRef) string {
	var s []string
	for _, d := range ds {
		s = append(s, strconv.Itoa(d.ID))
	}
	return strings.Join(s, " ")
}
