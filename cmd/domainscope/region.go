package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
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
		RunE: runAnalysis(a, &format, &req, func(args []string) (err error) {
			req.Region, req.Measure = args[0], graphmodel.Measure(measure)
			req.GraphRequest, err = gf.request()
			return err
		}, (*analysis.Analyzer).Region, report.RegionOpportunities,
			func(w io.Writer, res *analysis.RegionResult) error { return report.Region(w, res, top) }),
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
