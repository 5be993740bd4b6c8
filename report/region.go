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
	p.printf("Relatedness from %s; variety groups: %s\n", layers(res.Provenance), res.VarietyGroups)
	for _, warn := range res.Warnings {
		p.printf("warning: %s\n", warn)
	}
	p.printf("\nVariety: entropy %.2f bits = unrelated %.2f + related %.2f; concentration (HHI) %.3f\n",
		res.Variety.Entropy, res.Variety.Unrelated, res.Variety.Related, res.HHI)
	p.printf("%d specialisations (%s ≥ 1); %.0f%% of them are shared by at least half of the other regions",
		len(res.Specialisations), q, 100*res.CommonShare)
	if res.Bandwagon {
		p.printf(" — a bandwagon portfolio")
	}
	p.printf("\n")

	p.printf("\nStrongest specialisations:\n")
	t := Table{Header: []string{"CODE", "NAME", q, strings.ToUpper(unit), "REGIONS", "DOMAIN"}}
	for _, s := range res.Specialisations[:min(top, len(res.Specialisations))] {
		t.Add(s.Code, Shorten(s.Name, 50), fmt.Sprintf("%.2f", s.LQ), graphmodel.FormatCount(s.Value), fmt.Sprint(s.Regions), domainRef(res, s.Domain))
	}
	p.table(t)

	p.printf("\nDiversification opportunities (not yet specialised, by relatedness density to current specialisations):\n")
	for i, o := range res.Opportunities[:min(top, len(res.Opportunities))] {
		p.printf("%2d. %s %s — density %.1f, %s %.2f, %s %s\n", i+1, o.Code, Shorten(o.Name, 55), o.Density,
			q, o.LQ, graphmodel.FormatCount(o.Value), unit)
		var why []string
		for _, r := range o.Related[:min(3, len(o.Related))] {
			why = append(why, fmt.Sprintf("%s %s (%s %.1f, relatedness %.2f)", r.Code, Shorten(r.Name, 35), q, r.LQ, r.Relatedness))
		}
		if len(why) > 0 {
			p.printf("    related to: %s\n", strings.Join(why, "; "))
		}
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
// region, with the codes of the specialisations it is related to.
func RegionOpportunities(res *analysis.RegionResult) Table {
	t := Table{Header: []string{"rank", "code", "name", "density", "lq", "value", "related_specialisations"}}
	for i, o := range res.Opportunities {
		var rel []string
		for _, r := range o.Related {
			rel = append(rel, r.Code)
		}
		t.Add(fmt.Sprint(i+1), o.Code, o.Name, fmt.Sprintf("%.1f", o.Density), fmt.Sprintf("%.2f", o.LQ), Float(o.Value), strings.Join(rel, " "))
	}
	return t
}

// domainRef names domain id of a region's result, "-" for none.
func domainRef(res *analysis.RegionResult, id int) string {
	if id <= 0 {
		return "-"
	}
	return fmt.Sprintf("#%d %s", id, Shorten(res.DomainLabels[id], 50))
}
