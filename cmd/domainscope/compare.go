package main

import (
	"fmt"
	"io"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/ingest"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

func (a *app) compareCommand() *cobra.Command {
	var req analysis.CompareRequest
	var format, threshold string
	var floor float64
	var top int
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Compare two periods of a layer: links gained and lost, relatedness change, changed neighbourhoods",
		Long: `Compare two periods of one layer (same classification): every pair of industries
released in either period with its counts, relatedness values and status, the count
changes beyond Poisson noise, and the industries whose strongest related neighbours
changed most.

Counts below the disclosure floor (--floor, 10 for the UK flows) were not released: a
pair missing in one period is missing, not zero. It is called lost (or gained) only
when its count in the other period is at least --loss-factor × floor; otherwise it is
"not observed" (or "appeared").`,
		Example: `  domainscope compare --layer labour --from 2009-2013 --to 2014-2018
  domainscope --demo compare --layer labour --from 2010-2014 --to 2015-2019 --format json`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, func([]string) (err error) {
			req.Threshold, err = ingest.ParseThreshold(threshold)
			req.Floor = &floor
			return err
		}, (*analysis.Analyzer).CompareLayers, report.ComparePairs,
			func(w io.Writer, res *analysis.CompareResult) error { return report.Compare(w, res, top) }),
	}
	cmd.Flags().StringVar(&req.Layer, "layer", "labour", "layer name")
	cmd.Flags().StringVar(&req.From, "from", "", "earlier period, e.g. 2009-2013")
	cmd.Flags().StringVar(&req.To, "to", "", "later period, e.g. 2014-2018")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	cmd.Flags().StringVar(&threshold, "threshold", "", "a pair is related when its value is above this (default: each layer's threshold)")
	cmd.Flags().Float64Var(&floor, "floor", 10, "disclosure floor: counts below it were not released (0: all were)")
	cmd.Flags().Float64Var(&req.LossFactor, "loss-factor", 3, "a missing pair is lost (gained) only when its other count is at least this × floor")
	cmd.Flags().IntVar(&req.TopK, "top-k", 10, "strongest related neighbours compared per industry")
	cmd.Flags().IntVar(&req.MinLinks, "min-links", 0, "industries need this many related links in both periods (default: --top-k)")
	cmd.Flags().Float64Var(&req.Z, "z", 3, "critical |z| of a count change (after the overdispersion correction)")
	cmd.Flags().IntVar(&req.Resamples, "resamples", 20, "pairs of periods simulated with no change for the neighbourhood noise level (-1: none)")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the resamples")
	cmd.Flags().IntVar(&top, "top", 15, "table: rows per section")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per pair)")
	return cmd
}

// withEvolution adds the 'evolution' subcommand to the domains command.
func (a *app) withEvolution(domains *cobra.Command) *cobra.Command {
	domains.AddCommand(a.evolutionCommand())
	return domains
}

func (a *app) evolutionCommand() *cobra.Command {
	var req analysis.EvolutionRequest
	var periods, threshold, format string
	var members int
	cmd := &cobra.Command{
		Use:   "evolution",
		Short: "Track knowledge domains across periods: continuation, growth, contraction, merge, split, birth, death",
		Long: `Find the knowledge domains of one layer in each period and match the domains of
consecutive periods by member overlap (Jaccard ≥ --theta, after Greene, Doyle &
Cunningham 2010), labelling each event. Each period is rerun with --runs other seeds:
an event is "beyond noise" only when the domains involved match across periods less
well than they match themselves across reruns of the same period.`,
		Example: `  domainscope domains evolution --layer labour --periods 2009-2013,2014-2018
  domainscope --demo domains evolution --layer labour --periods 2010-2014,2015-2019 --format json`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, func([]string) (err error) {
			req.Threshold, err = ingest.ParseThreshold(threshold)
			req.Periods = ingest.SplitList(periods)
			return err
		}, (*analysis.Analyzer).DomainEvolution, report.EvolutionEvents,
			func(w io.Writer, res *analysis.EvolutionResult) error { return report.Evolution(w, res, members) }),
	}
	cmd.Flags().StringVar(&req.Layer, "layer", "labour", "layer name")
	cmd.Flags().StringVar(&periods, "periods", "", "comma-separated periods in time order, e.g. 2009-2013,2014-2018")
	_ = cmd.MarkFlagRequired("periods")
	cmd.Flags().StringVar(&threshold, "threshold", "", "keep links with relatedness above this (default: each layer's threshold)")
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ of the domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of Leiden's node order")
	cmd.Flags().IntVar(&req.Runs, "runs", 10, "reruns per period with other seeds for the noise level (-1: none)")
	cmd.Flags().Float64Var(&req.Theta, "theta", 0.3, "domains match when their Jaccard overlap is at least this")
	cmd.Flags().Float64Var(&req.Growth, "growth", 0.2, "growth (contraction) when a matched domain is at least 1+this times as large (small)")
	cmd.Flags().IntVar(&req.MinSize, "min-size", 3, "events need a domain of at least this many industries")
	cmd.Flags().Float64Var(&req.NoiseQuantile, "noise-quantile", 0.1, "quantile of the reruns' self-match Jaccard that an event must fall below")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector")
	cmd.Flags().IntVar(&members, "members", 6, "table: industries listed per event side (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per event)")
	return cmd
}

func (a *app) regionChangeCommand() *cobra.Command {
	var req analysis.RegionChangeRequest
	var measure, format string
	var top int
	cmd := &cobra.Command{
		Use:   "region-change REGION",
		Short: "How a region's specialisations changed between two periods, with a descriptive life-cycle stage",
		Long: `Compare a region's location quotients (RTA with --measure patents) between two periods
of regional values: the change of every industry's LQ, new and lost specialisations, and
a life-cycle stage for each specialisation (emerging, growing, mature, declining). The
stages describe what happened between the periods; they are not a forecast.`,
		Example: `  domainscope --demo region-change eastvale --from 2015 --to 2020
  domainscope region-change london --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: runAnalysis(a, &format, &req, func(args []string) error {
			req.Region, req.Measure = args[0], graphmodel.Measure(measure)
			return nil
		}, (*analysis.Analyzer).RegionChange, report.RegionChangeRows,
			func(w io.Writer, res *analysis.RegionChangeResult) error { return report.RegionChange(w, res, top) }),
	}
	cmd.Flags().StringVar(&measure, "measure", "employment", "employment (location quotients) or patents (revealed technological advantage)")
	cmd.Flags().StringVar(&req.Classification, "classification", "", "classification of the regional values (default: the only one with two periods)")
	cmd.Flags().StringVar(&req.From, "from", "", "earlier period (default: the earliest)")
	cmd.Flags().StringVar(&req.To, "to", "", "later period (default: the latest)")
	cmd.Flags().Float64Var(&req.Tolerance, "tolerance", 0.05, "employment change below which a kept specialisation is neither growing nor declining")
	cmd.Flags().Float64Var(&req.MinCount, "min-count", 0, "patents: RTA is undefined for a region with fewer patents than this")
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per stage")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per industry)")
	return cmd
}

func (a *app) dynamicsCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.DynamicsRequest
	var measure, minJobs, format string
	var top int
	cmd := &cobra.Command{
		Use:   "dynamics",
		Short: "Entries and exits of regional specialisations between two periods; did relatedness density predict entry?",
		Long: `Mark every region × industry cell as an established specialisation or not in two periods
of regional values (LQ ≥ 1 with the value floor and Poisson test of 'region'). Over the
cells not established at the start, an entry is a cell established at the end. The test:
the AUC of the start relatedness density for entry (Mann–Whitney) and a logistic
regression of entry on density with its standard error. With fewer than --min-entries
entries the counts are shown with "too few entries to test"; one period of regional
values is an error.`,
		Example: `  domainscope --demo dynamics
  domainscope dynamics --layers labour@2010-2014 --from 2015 --to 2020 --format json`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, func([]string) error {
			req.Measure, req.Top = graphmodel.Measure(measure), -1
			var err error
			if req.MinJobs, err = parseMinJobs(minJobs); err != nil {
				return err
			}
			req.GraphRequest, err = gf.request()
			return err
		}, (*analysis.Analyzer).Dynamics, report.DynamicsRows,
			func(w io.Writer, res *analysis.DynamicsResult) error { return report.Dynamics(w, res, top) }),
	}
	gf.add(cmd)
	cmd.Flags().StringVar(&measure, "measure", "employment", "employment (location quotients) or patents (revealed technological advantage)")
	cmd.Flags().StringVar(&req.From, "from", "", "earlier period of the regional values (default: the earliest)")
	cmd.Flags().StringVar(&req.To, "to", "", "later period (default: the latest)")
	cmd.Flags().Float64Var(&req.MinCount, "min-count", 0, "patents: RTA is undefined for a region with fewer patents than this")
	cmd.Flags().StringVar(&minJobs, "min-jobs", "", fmt.Sprintf("least jobs (patents with --measure patents) of an established specialisation (default %d; 0 for patents)", analysis.DefaultMinJobs))
	cmd.Flags().Float64Var(&req.Alpha, "significance", analysis.DefaultAlpha, "one-sided level α of the Poisson test of LQ ≥ 1, from 1e-12 to below 1")
	cmd.Flags().IntVar(&req.MinEntries, "min-entries", analysis.DefaultMinEntries, "least number of entries to run the test")
	cmd.Flags().IntVar(&top, "top", 10, "table: entries and exits listed")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per entry or exit)")
	return cmd
}
