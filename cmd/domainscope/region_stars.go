package main

import (
	"io"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/clusterstars"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

// regionStarsCommand is "region stars": Cluster Observatory star ratings.
func (a *app) regionStarsCommand() *cobra.Command {
	var f regionFlags
	var req analysis.StarsRequest
	var format string
	var top int
	def := clusterstars.Default()
	cmd := &cobra.Command{
		Use:   "stars [REGION]",
		Short: "Cluster strength of a region's domains or industry groups: 0–3 stars for size, specialisation and focus",
		Long: `Rate a region's knowledge domains (or, with --by level, its industry groups at a
classification level) as the European Cluster Observatory does: one star each for
size (jobs in the top 10 % of the category's regions), specialisation (location
quotient ≥ 2) and focus (share of the region's jobs in the top 10 % of all region ×
cluster cells), with the reason for each star. Thresholds: --size-top and
--focus-top in (0, 1], --min-lq in (0, 100].`,
		Example: `  domainscope region stars london --layers labour
  domainscope region stars "north east" --by level --level 1 --min-lq 1.5`,
		Args: cobra.RangeArgs(0, 1),
		RunE: runAnalysis(a, &format, &req, f.into(&req.RegionRequest), (*analysis.Analyzer).ClusterStars, report.StarsTable,
			func(w io.Writer, res *analysis.StarsResult) error { return report.Stars(w, res, top) }),
	}
	f.add(cmd)
	f.addRegions(cmd)
	cmd.Flags().StringVar(&req.By, "by", "domain", "clusters: domain (knowledge domains) or level (industry groups at --level)")
	cmd.Flags().IntVar(&req.Level, "level", 0, "classification level of the groups with --by level")
	cmd.Flags().Float64Var(&req.Thresholds.SizeTop, "size-top", def.SizeTop, "size star: the top fraction of the category's regions by jobs")
	cmd.Flags().Float64Var(&req.Thresholds.MinLQ, "min-lq", def.MinLQ, "specialisation star: least location quotient")
	cmd.Flags().Float64Var(&req.Thresholds.FocusTop, "focus-top", def.FocusTop, "focus star: the top fraction of all region × cluster cells by share of the region's jobs")
	cmd.Flags().IntVar(&top, "top", 15, "table: clusters to list (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per cluster)")
	return cmd
}
