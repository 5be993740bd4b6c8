package report

import (
	"fmt"
	"io"
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
