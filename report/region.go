package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// Region writes a region's profile for a strategist: its size and variety,
// its strongest specialisations, its diversification opportunities (each
// with the specialisations that make it related), its cross-clustering
// opportunities and the most similar regions. top is the most rows per
// section (the peers are at most 5).
func Region(w io.Writer, res *analysis.RegionResult, top int) error {
	p := &printer{w: w}
	unit := "jobs"
	if res.Quotient == "rta" {
		unit = "patents"
	}
	q := strings.ToUpper(res.Quotient)
	p.printf("%s — %s %s: %s %s (%.1f%% of all regions), %d industries\n", res.Region.Name, res.Measure, res.Period,
		graphmodel.FormatCount(res.Total), unit, 100*res.Share, res.Industries)
	p.printf("Relatedness from %s (links above %s); variety groups: %s\n", layers(res.Provenance), thresholds(res.Provenance), res.VarietyGroups)
	ev := res.Evidence
	p.printf("Evidence: a specialisation needs %s ≥ 1, at least %s %s and a Poisson p ≤ %g; an opportunity needs %d of them with %s moves on its links, ranked by %s\n",
		q, graphmodel.FormatCount(ev.MinValue), unit, ev.Alpha, ev.MinSupport, graphmodel.FormatCount(ev.MinMoves), rankName(ev))
	if c := res.Complexity; c != nil {
		p.printf("Complexity: ECI %.2f (rank %d of %d regions)", c.ECI, c.ECIRank, c.Regions)
		if c.COI != nil {
			p.printf(", complexity outlook %.2f", *c.COI)
		}
		p.printf(" (ECI signed to correlate with diversity; %d-region PCI, see the JSON's complexity.sign)\n", c.Regions)
	}
	for _, warn := range res.Warnings {
		p.printf("warning: %s\n", warn)
	}
	p.printf("\nVariety: entropy %.2f bits = unrelated %.2f + related %.2f; concentration (HHI) %.3f\n",
		res.Variety.Entropy, res.Variety.Unrelated, res.Variety.Related, res.HHI)
	p.printf("%d established specialisations (%s ≥ 1 with the evidence above; %d more flagged); %.0f%% of them are shared by at least half of the other regions",
		res.Established, q, res.Flagged, 100*res.CommonShare)
	if res.Bandwagon {
		p.printf(" — a bandwagon portfolio")
	}
	p.printf("\n")

	p.printf("\nStrongest specialisations:\n")
	t := Table{Header: []string{"CODE", "NAME", q, q + " LOW", strings.ToUpper(unit), "EXPECTED", "P", "REGIONS", "PCI", "DOMAIN"}}
	var flagged []analysis.Specialisation
	shown := 0
	for _, s := range res.Specialisations {
		if !s.Established {
			flagged = append(flagged, s)
			continue
		}
		if shown < top {
			t.Add(s.Code, Shorten(s.Name, 45), fmt.Sprintf("%.2f", s.LQ), fmt.Sprintf("%.2f", s.LQLower), graphmodel.FormatCount(s.Value),
				graphmodel.FormatCount(s.Expected), pValue(s.PValue), fmt.Sprint(s.Regions), optional(s.PCI, "%.2f", "-"), domainRef(res, s.Domain))
			shown++
		}
	}
	p.table(t)
	if len(flagged) > 0 {
		p.printf("Flagged, not ranked (%d):", len(flagged))
		for _, s := range flagged[:min(top, len(flagged))] {
			p.printf(" %s %s (%s %.1f; %s);", s.Code, Shorten(s.Name, 30), q, s.LQ, s.Flag)
		}
		p.printf("\n")
	}

	p.printf("\nDiversification opportunities (not yet specialised, by %s; %d more with too little support left out):\n", rankName(ev), res.ThinOpportunities)
	for i, o := range res.Opportunities[:min(top, len(res.Opportunities))] {
		p.printf("%2d. %s %s — density %.1f (lower bound %.1f), %s %.2f, %s %s", i+1, o.Code, Shorten(o.Name, 55), o.Density, o.DensityLower,
			q, o.LQ, graphmodel.FormatCount(o.Value), unit)
		if o.PCI != nil {
			p.printf(", PCI %.2f", *o.PCI)
		}
		if o.Quadrant != "" {
			p.printf(", %s", o.Quadrant)
		}
		p.printf("\n    why: %s", evidenceLine(o))
		var why []string
		for _, r := range o.Related[:min(3, len(o.Related))] {
			w := fmt.Sprintf("%s %s (%s %.1f, relatedness %.2f", r.Code, Shorten(r.Name, 35), q, r.LQ, r.Relatedness)
			if o.HasCounts {
				w += ", " + movesText(r.Count)
			}
			why = append(why, w+")")
		}
		if len(why) > 0 {
			p.printf(": %s", strings.Join(why, "; "))
		}
		p.printf("\n")
	}

	p.printf("\nCross-clustering opportunities (pairs of the region's domains with related specialisations):\n")
	for i, c := range res.CrossClustering[:min(top, len(res.CrossClustering))] {
		p.printf("%2d. %s  ×  %s — %d links, summed relatedness %.2f\n", i+1,
			domainRef(res, c.DomainA), domainRef(res, c.DomainB), c.Links, c.Relatedness)
		var links []string
		for _, l := range c.CrossLinks[:min(3, len(c.CrossLinks))] {
			links = append(links, fmt.Sprintf("%s %s – %s %s (%.2f)", l.A.Code, Shorten(l.A.Name, 30), l.B.Code, Shorten(l.B.Name, 30), l.Relatedness))
		}
		if len(links) > 0 {
			p.printf("    strongest links: %s\n", strings.Join(links, "; "))
		}
		var br []string
		for _, b := range c.Bridges[:min(3, len(c.Bridges))] {
			br = append(br, fmt.Sprintf("%s %s", b.Code, Shorten(b.Name, 35)))
		}
		if len(br) > 0 {
			p.printf("    bridging industries: %s\n", strings.Join(br, "; "))
		}
	}

	p.printf("\nMost similar regions (specialisation portfolios):\n")
	t = Table{Header: []string{"REGION", "JACCARD", "SHARED", "COSINE(LQ)"}}
	for _, peer := range res.Peers[:min(5, len(res.Peers))] {
		t.Add(peer.Region.Name, fmt.Sprintf("%.2f", peer.Jaccard), fmt.Sprint(peer.Shared), fmt.Sprintf("%.2f", peer.CosineLQ))
	}
	p.table(t)
	return p.err
}

// RegionOpportunities is one row per diversification opportunity of a
// region, with its evidence (supporting specialisations, links, moves, the
// lower bound of density), complexity and the codes of the specialisations
// it is related to; the last columns name the layers and thresholds used.
func RegionOpportunities(res *analysis.RegionResult) Table {
	t := Table{Header: []string{"rank", "code", "name", "density", "density_lower", "lq", "value", "supporting", "links", "moves",
		"pci", "cog", "quadrant", "related_specialisations", "layers", "evidence"}}
	ev := res.Evidence
	evs := fmt.Sprintf("min_jobs=%g alpha=%g min_related=%d min_moves=%g rank_by=%s", ev.MinValue, ev.Alpha, ev.MinSupport, ev.MinMoves, ev.RankBy)
	for i, o := range res.Opportunities {
		var rel []string
		for _, r := range o.Related {
			rel = append(rel, r.Code)
		}
		t.Add(fmt.Sprint(i+1), o.Code, o.Name, fmt.Sprintf("%.1f", o.Density), fmt.Sprintf("%.1f", o.DensityLower), fmt.Sprintf("%.2f", o.LQ), Float(o.Value),
			fmt.Sprint(o.Supporting), fmt.Sprint(o.Links), Float(o.Moves), optional(o.PCI, "%.3f", ""), optional(o.COG, "%.3f", ""), o.Quadrant,
			strings.Join(rel, " "), layers(res.Provenance), evs)
	}
	return t
}

// evidenceLine states what an opportunity rests on: "4 specialisations,
// 1,260 moves (of 9 links)".
func evidenceLine(o analysis.Opportunity) string {
	s := fmt.Sprintf("%d specialisation%s", o.Supporting, plural(o.Supporting))
	if o.HasCounts {
		s += ", " + movesText(o.Moves)
	}
	return s + fmt.Sprintf(" (of %d link%s)", o.Links, plural(o.Links))
}

// movesText is "1 move" or "1,260 moves".
func movesText(n float64) string {
	if n == 1 {
		return "1 move"
	}
	return graphmodel.FormatCount(n) + " moves"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// rankName says how opportunities are ordered.
func rankName(ev analysis.Evidence) string {
	if ev.RankBy == analysis.RankDensity {
		return "relatedness density"
	}
	return fmt.Sprintf("the %g%% lower bound of relatedness density", 100*(1-ev.Alpha))
}

// pValue formats a p-value: "<1e-9" below it.
func pValue(p float64) string {
	if p < 1e-9 {
		return "<1e-9"
	}
	return fmt.Sprintf("%.2g", p)
}

// thresholds lists the link thresholds of a provenance, one per layer.
func thresholds(p analysis.Provenance) string {
	var out []string
	for _, t := range p.Thresholds {
		out = append(out, fmt.Sprintf("%g", t))
	}
	return strings.Join(out, ", ")
}

// domainRef names domain id of a region's result, "-" for none.
func domainRef(res *analysis.RegionResult, id int) string {
	if id <= 0 {
		return "-"
	}
	return fmt.Sprintf("#%d %s", id, res.DomainLabels[id])
}

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
