package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
)

// regionFlags are the flags of a regional analysis (region, region compare,
// region partners).
type regionFlags struct {
	gf               graphFlags
	req              analysis.RegionRequest
	measure, minJobs string
	minMoves         float64
	regions          []string
}

func (f *regionFlags) add(cmd *cobra.Command) {
	f.gf.add(cmd)
	req := &f.req
	cmd.Flags().StringVar(&f.measure, "measure", "employment", "employment (location quotients) or patents (revealed technological advantage)")
	cmd.Flags().StringVar(&req.RegionalPeriod, "regional-period", "", "period of the regional values (default: the latest)")
	cmd.Flags().Float64Var(&req.MinCount, "min-count", 0, "patents: RTA is undefined for a region with fewer patents than this (the OECD used 500)")
	cmd.Flags().IntVar(&req.VarietyLevel, "variety-level", 0, "classification level whose groups separate related from unrelated variety (-1: the knowledge domains)")
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution of the knowledge domains used for cross-clustering")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the knowledge domains")
	cmd.Flags().IntVar(&req.Opportunities, "opportunities", 20, "diversification opportunities to list")
	cmd.Flags().IntVar(&req.MinRelated, "min-related", analysis.DefaultMinSupport, "opportunities need links to at least this many of the region's established specialisations")
	cmd.Flags().StringVar(&f.minJobs, "min-jobs", "", fmt.Sprintf("least jobs (patents with --measure patents) of an established specialisation; smaller cells with LQ ≥ 1 are flagged (default %d; 0 for patents)", analysis.DefaultMinJobs))
	cmd.Flags().Float64Var(&req.Alpha, "significance", analysis.DefaultAlpha, "one-sided level α of the Poisson test of LQ ≥ 1 and of the lower bound of density, from 1e-12 to below 1")
	cmd.Flags().Float64Var(&f.minMoves, "min-moves", analysis.DefaultMinMoves, "opportunities need at least this many moves (or co-patents) on their supporting links")
	cmd.Flags().StringVar(&req.RankBy, "rank-by", analysis.RankDensityLower, "order of the opportunities: density-lower (lower confidence bound of density) or density")
}

// addRegions adds the repeated --region flag: the regions summed into one.
func (f *regionFlags) addRegions(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.regions, "region", nil, "a region to sum with the others into one functional or cross-border region (repeat the flag)")
}

// request fills in the request from the flags and the arguments (at most
// one region); without any region (argument or --region) it is EINVALID.
func (f *regionFlags) request(args []string) (err error) {
	req := &f.req
	req.Region, req.Measure, req.Regions = "", graphmodel.Measure(f.measure), f.regions
	if len(args) == 1 {
		req.Region = args[0]
	}
	if req.Region == "" && len(f.regions) == 0 {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "no region: give one as the argument or several with --region")
	}
	return f.options()
}

// into is the prepare step of runAnalysis for a request that embeds the
// region request: the flags and arguments read, *dst filled in.
func (f *regionFlags) into(dst *analysis.RegionRequest) func([]string) error {
	return func(args []string) error {
		err := f.request(args)
		*dst = f.req
		return err
	}
}

// options reads the flags other than the regions.
func (f *regionFlags) options() (err error) {
	req := &f.req
	req.Measure = graphmodel.Measure(f.measure)
	if req.MinJobs, err = parseMinJobs(f.minJobs); err != nil {
		return err
	}
	if !(req.Alpha >= analysis.MinAlpha && req.Alpha < 1) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "significance", "--significance %v: expected a level α from %g to below 1", req.Alpha, analysis.MinAlpha)
	}
	req.MinMoves = &f.minMoves
	req.GraphRequest, err = f.gf.request()
	return err
}

func (a *app) regionCommand() *cobra.Command {
	var f regionFlags
	var format string
	var top int
	cmd := &cobra.Command{
		Use:   "region REGION",
		Short: "A region's profile: specialisations, variety, diversification and cross-clustering opportunities, peers",
		Long: `Profile one region (by ID or name) for a strategist: its specialisations (location
quotient ≥ 1, or revealed technological advantage with --measure patents), related and
unrelated variety, the industries it could diversify into (ranked by relatedness
density, each explained by the specialisations that make it related), pairs of its
knowledge domains that could be cross-clustered, and the regions most alike.
Repeat --region to sum several regions into one functional or cross-border region
(with or without the argument, which then counts as one of them).`,
		Example: `  domainscope region london --layers labour
  domainscope --demo region eastvale --format json
  domainscope region --region london --region "south east"`,
		Args: cobra.RangeArgs(0, 1),
		RunE: runAnalysis(a, &format, &f.req, f.request, (*analysis.Analyzer).Region, report.RegionOpportunities,
			func(w io.Writer, res *analysis.RegionResult) error { return report.Region(w, res, top) }),
	}
	f.add(cmd)
	f.addRegions(cmd)
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per section")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (the opportunities)")
	cmd.AddCommand(a.regionCompareCommand(), a.regionPartnersCommand(), a.regionStarsCommand(), a.regionPathwaysCommand(), a.regionBasesCommand())
	return cmd
}
