package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
	"github.com/domainscope/domainscope/specbases"
)

// regionBasesCommand is "region bases": jobs, technology and science side by side.
func (a *app) regionBasesCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.BasesRequest
	var knowledge, format string
	var top int
	params := specbases.Default()
	cmd := &cobra.Command{
		Use:   "bases REGION",
		Short: "Three bases of specialisation: employment LQ, patent RTA and publication RSA by domain or industry; latent and jobs-only flagged",
		Long: `Compare a region's specialisation in jobs (employment location quotient), technology
(revealed technological advantage from patent counts) and science (revealed scientific
advantage from publication counts), by knowledge domain or by industry, all with the same
ratio (x_ru/x_r·)/(x_·u/x_··). A domain is "latent" when it is strong in technology or
science (index ≥ --strong with enough counts) but weak in jobs (LQ < 1), and "jobs-only"
(jobs without a knowledge base) when it is strong in jobs and weak in every knowledge basis.
Technology and science need patent and publication counts loaded with
'ingest regional --measure patents|publications'; the command says which are loaded.
A region's technology or science counts only with more than --min-total in all (the OECD
kept economies with more than 500 patents); a cell needs --min-cell counts (--min-jobs jobs)
to be strong. Thin cells keep their values, marked *.`,
		Example: `  domainscope --demo region bases "Kingsbridge Metro"
  domainscope region bases london --by industry --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: runAnalysis(a, &format, &req, func(args []string) (err error) {
			req.Region = args[0]
			req.Knowledge = nil
			for _, k := range ingest.SplitList(knowledge) {
				req.Knowledge = append(req.Knowledge, graphmodel.Measure(k))
			}
			req.Params = &params
			req.GraphRequest, err = gf.request()
			return err
		}, (*analysis.Analyzer).Bases, report.BasesTable,
			func(w io.Writer, res *analysis.BasesResult) error { return report.Bases(w, res, top) }),
	}
	gf.add(cmd)
	fl := cmd.Flags()
	fl.Float64Var(&req.Resolution, "resolution", 1, "resolution of the knowledge domains")
	fl.Int64Var(&req.Seed, "seed", 1, "seed of the knowledge domains")
	fl.StringVar(&req.RegionalPeriod, "regional-period", "", "period of the employment values (default: the latest)")
	fl.StringVar(&req.KnowledgePeriod, "knowledge-period", "", "period of the patent and publication counts (default: each one's latest)")
	fl.StringVar(&req.By, "by", "domain", "units: domain (knowledge domains) or industry")
	fl.StringVar(&knowledge, "knowledge", "patents,publications", "knowledge bases to compare with jobs: patents, publications or both")
	fl.Float64Var(&params.MinTotal, "min-total", params.MinTotal, "technology and science count for a region only with more than this many patents (publications) in all; OECD: 500")
	fl.Float64Var(&params.MinCell, "min-cell", params.MinCell, "least patents (publications) in a cell for its RTA (RSA) to be strong")
	fl.Float64Var(&params.MinJobs, "min-jobs", params.MinJobs, "least jobs in a cell for its LQ to be strong")
	fl.Float64Var(&params.Strong, "strong", params.Strong, "an index at least this (from 1 to 100) is strong; below 1 is weak")
	fl.IntVar(&top, "top", 20, "table: rows to list (0: all)")
	fl.StringVar(&format, "format", "table", "output: table, json, or csv (one row per domain or industry)")
	return cmd
}
