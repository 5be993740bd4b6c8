package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
)

func (a *app) regionCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.RegionRequest
	var measure, format, minJobs string
	var minMoves float64
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
			if minJobs != "" {
				v, err := strconv.ParseFloat(minJobs, 64)
				if err != nil {
					return graphmodel.FieldErrorf(graphmodel.EINVALID, "min_jobs", "--min-jobs %q: expected a number", minJobs)
				}
				req.MinJobs = &v
			}
			if !(req.Alpha >= analysis.MinAlpha && req.Alpha < 1) {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "significance", "--significance %v: expected a level α from %g to below 1", req.Alpha, analysis.MinAlpha)
			}
			req.MinMoves = &minMoves
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
	cmd.Flags().IntVar(&req.MinRelated, "min-related", analysis.DefaultMinSupport, "opportunities need links to at least this many of the region's established specialisations")
	cmd.Flags().StringVar(&minJobs, "min-jobs", "", fmt.Sprintf("least jobs (patents with --measure patents) of an established specialisation; smaller cells with LQ ≥ 1 are flagged (default %d; 0 for patents)", analysis.DefaultMinJobs))
	cmd.Flags().Float64Var(&req.Alpha, "significance", analysis.DefaultAlpha, "one-sided level α of the Poisson test of LQ ≥ 1 and of the lower bound of density, from 1e-12 to below 1")
	cmd.Flags().Float64Var(&minMoves, "min-moves", analysis.DefaultMinMoves, "opportunities need at least this many moves (or co-patents) on their supporting links")
	cmd.Flags().StringVar(&req.RankBy, "rank-by", analysis.RankDensityLower, "order of the opportunities: density-lower (lower confidence bound of density) or density")
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per section")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (the opportunities)")
	return cmd
}
