package main

import (
	"fmt"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/spf13/cobra"
)

func (a *app) regionCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.RegionRequest
	var measure, format string
	var top int
	cmd := &cobra.Command{
		Use:   "region REGION",
		Short: "A region's profile: specialisations, variety, diversification and cross-clustering opportunities, peers",
		Long: `Profile one region (by ID or name) for a strategist: its specialisations (location
quotient ≥ 1, or revealed technological advantage with --measure patents), related and
unrelated variety, the industries it could diversify into (ranked by relatedness
density, each explained by the specialisations that make it related), pairs of its
knowledge domains that could be cross-clustered, and the regions most alike.`,
		Example: `  domainscope region london --layers labour
  domainscope --demo region eastvale --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			req.GraphRequest = g
			req.Region = args[0]
			req.Measure = graphmodel.Measure(measure)
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).Region, req)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return table{value: res}.write(a.out, "json")
			case "csv":
				t := table{header: []string{"rank", "code", "name", "density", "lq", "value", "related_specialisations"}}
				for i, o := range res.Opportunities {
					var rel []string
					for _, r := range o.Related {
						rel = append(rel, r.Code)
					}
					t.rows = append(t.rows, []string{fmt.Sprint(i + 1), o.Code, o.Name, fmt.Sprintf("%.1f", o.Density), fmt.Sprintf("%.2f", o.LQ), fmtFloat(o.Value), strings.Join(rel, " ")})
				}
				return t.write(a.out, "csv")
			}
			a.printRegion(res, top)
			return nil
		},
	}
	gf.add(cmd)
	cmd.Flags().StringVar(&measure, "measure", "employment", "employment (location quotients) or patents (revealed technological advantage)")
	cmd.Flags().StringVar(&req.RegionalPeriod, "regional-period", "", "period of the regional values (default: the latest)")
	cmd.Flags().Float64Var(&req.MinCount, "min-count", 0, "patents: RTA is undefined for a region with fewer patents than this (the OECD used 500)")
	cmd.Flags().IntVar(&req.VarietyLevel, "variety-level", 0, "classification level whose groups separate related from unrelated variety (-1: the knowledge domains)")
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution of the knowledge domains used for cross-clustering")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the knowledge domains")
	cmd.Flags().IntVar(&req.Opportunities, "opportunities", 20, "diversification opportunities to list")
	cmd.Flags().IntVar(&req.MinRelated, "min-related", 2, "opportunities need links to at least this many of the region's specialisations")
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per section")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (the opportunities)")
	return cmd
}

func (a *app) printRegion(res *analysis.RegionResult, top int) {
	w := a.out
	unit := "jobs"
	if res.Quotient == "rta" {
		unit = "patents"
	}
	fmt.Fprintf(w, "%s — %s %s: %s %s (%.1f%% of all regions), %d industries\n", res.Region.Name, res.Measure, res.Period,
		fmtCount(res.Total), unit, 100*res.Share, res.Industries)
	fmt.Fprintf(w, "Relatedness from %s; variety groups: %s\n", provLayers(res.Provenance), res.VarietyGroups)
	for _, warn := range res.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	fmt.Fprintf(w, "\nVariety: entropy %.2f bits = unrelated %.2f + related %.2f; concentration (HHI) %.3f\n",
		res.Variety.Entropy, res.Variety.Unrelated, res.Variety.Related, res.HHI)
	fmt.Fprintf(w, "%d specialisations (%s ≥ 1); %.0f%% of them are shared by at least half of the other regions",
		len(res.Specialisations), strings.ToUpper(res.Quotient), 100*res.CommonShare)
	if res.Bandwagon {
		fmt.Fprint(w, " — a bandwagon portfolio")
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "\nStrongest specialisations:\n")
	t := table{header: []string{"CODE", "NAME", strings.ToUpper(res.Quotient), strings.ToUpper(unit), "REGIONS", "DOMAIN"}}
	for _, s := range res.Specialisations[:min(top, len(res.Specialisations))] {
		t.rows = append(t.rows, []string{s.Code, shorten(s.Name, 50), fmt.Sprintf("%.2f", s.LQ), fmtCount(s.Value), fmt.Sprint(s.Regions), domainRef(res, s.Domain)})
	}
	_ = t.write(w, "table")

	fmt.Fprintf(w, "\nDiversification opportunities (not yet specialised, by relatedness density to current specialisations):\n")
	for i, o := range res.Opportunities[:min(top, len(res.Opportunities))] {
		fmt.Fprintf(w, "%2d. %s %s — density %.1f, %s %.2f, %s %s\n", i+1, o.Code, shorten(o.Name, 55), o.Density,
			strings.ToUpper(res.Quotient), o.LQ, fmtCount(o.Value), unit)
		var why []string
		for _, r := range o.Related[:min(3, len(o.Related))] {
			why = append(why, fmt.Sprintf("%s %s (%s %.1f, relatedness %.2f)", r.Code, shorten(r.Name, 35), strings.ToUpper(res.Quotient), r.LQ, r.Relatedness))
		}
		if len(why) > 0 {
			fmt.Fprintf(w, "    related to: %s\n", strings.Join(why, "; "))
		}
	}

	fmt.Fprintf(w, "\nCross-clustering opportunities (pairs of the region's domains with related specialisations):\n")
	for i, c := range res.CrossClustering[:min(top, len(res.CrossClustering))] {
		fmt.Fprintf(w, "%2d. %s  ×  %s — %d links, summed relatedness %.2f\n", i+1,
			domainRef(res, c.DomainA), domainRef(res, c.DomainB), c.Links, c.Relatedness)
		var links []string
		for _, l := range c.CrossLinks[:min(3, len(c.CrossLinks))] {
			links = append(links, fmt.Sprintf("%s %s – %s %s (%.2f)", l.A.Code, shorten(l.A.Name, 30), l.B.Code, shorten(l.B.Name, 30), l.Relatedness))
		}
		if len(links) > 0 {
			fmt.Fprintf(w, "    strongest links: %s\n", strings.Join(links, "; "))
		}
		var br []string
		for _, b := range c.Bridges[:min(3, len(c.Bridges))] {
			br = append(br, fmt.Sprintf("%s %s", b.Code, shorten(b.Name, 35)))
		}
		if len(br) > 0 {
			fmt.Fprintf(w, "    bridging industries: %s\n", strings.Join(br, "; "))
		}
	}

	fmt.Fprintf(w, "\nMost similar regions (specialisation portfolios):\n")
	t = table{header: []string{"REGION", "JACCARD", "SHARED", "COSINE(LQ)"}}
	for _, p := range res.Peers[:min(5, len(res.Peers))] {
		t.rows = append(t.rows, []string{p.Region.Name, fmt.Sprintf("%.2f", p.Jaccard), fmt.Sprint(p.Shared), fmt.Sprintf("%.2f", p.CosineLQ)})
	}
	_ = t.write(w, "table")
}

func domainRef(res *analysis.RegionResult, id int) string {
	if id <= 0 {
		return "-"
	}
	return fmt.Sprintf("#%d %s", id, shorten(res.DomainLabels[id], 50))
}

func provLayers(p analysis.Provenance) string {
	var keys []string
	for _, l := range p.Layers {
		keys = append(keys, l.Key())
	}
	return strings.Join(keys, " + ")
}
