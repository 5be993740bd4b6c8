package main

import (
	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/report"
)

func (a *app) bridgesCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.BridgesRequest
	var format string
	cmd := &cobra.Command{
		Use:   "bridges",
		Short: "Rank bridging sectors: industries that connect knowledge domains, with what they connect",
		Long: `Rank industries as bridges between knowledge domains. The score is the mean of
three percentile ranks: weighted betweenness (distance 1/relatedness), participation
coefficient across domains, and brokerage (1 − Burt's constraint). Each industry is
explained by the domains its links go to and its strongest links into each.
Generic intermediaries (participation ≥ 0.62, links into at least half of the
domains of 3 or more industries, degree above 90% of industries) are flagged
and listed apart: their links spread evenly, so they say little about shared
knowledge.`,
		Example: `  domainscope bridges --layers labour --top 15
  domainscope bridges --layers labour,copatent --format json`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, gf.into(&req.GraphRequest),
			(*analysis.Analyzer).Bridges, report.BridgesRows, report.Bridges),
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ of the knowledge domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the knowledge domains (and of sampled betweenness)")
	cmd.Flags().IntVar(&req.Top, "top", 15, "sectors to list (0: all)")
	cmd.Flags().BoolVar(&req.ExcludeGeneric, "exclude-generic", false, "find the knowledge domains without the generic intermediaries (they stay in the ranking, flagged)")
	cmd.Flags().StringVar(&req.Distance, "distance", "inverse", "relatedness to path length for betweenness: inverse (1/w), neglog (−log(w/2max w)) or none (hops)")
	cmd.Flags().IntVar(&req.Samples, "samples", 0, "estimate betweenness from this many random sources (0: exact)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}
