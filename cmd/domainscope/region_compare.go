package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/report"
)

func (a *app) regionCompareCommand() *cobra.Command {
	var f regionFlags
	var req analysis.RegionCompareRequest
	var format string
	var top int
	cmd := &cobra.Command{
		Use:   "compare REGION REGION [REGION [REGION]]",
		Short: "Two to four regions side by side: shared and unique specialisations, strong domains, opportunities, variety, complexity",
		Long: fmt.Sprintf(`Compare two to %d regions (IDs or names) on the same relatedness graph, domains and
regional values: their size, related and unrelated variety, concentration and
complexity (ECI), the established specialisations all of them share, those each
alone holds, the knowledge domains where each is strong and its top opportunities.`, analysis.MaxCompare),
		Example: `  domainscope region compare london "south east"
  domainscope --demo region compare eastvale northmoor --format json`,
		Args: cobra.ArbitraryArgs,
		RunE: runAnalysis(a, &format, &req, func(args []string) error {
			if err := f.options(); err != nil {
				return err
			}
			req.RegionRequest, req.Compare = f.req, args
			return nil
		}, (*analysis.Analyzer).CompareRegions, report.RegionCompareTable,
			func(w io.Writer, res *analysis.RegionCompareResult) error { return report.RegionCompare(w, res, top) }),
	}
	f.add(cmd)
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per list")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per region)")
	return cmd
}

func (a *app) regionPartnersCommand() *cobra.Command {
	var f regionFlags
	var req analysis.PartnersRequest
	var format string
	cmd := &cobra.Command{
		Use:   "partners [REGION]",
		Short: "Partner regions by complementarity: strong where this region is related but not yet specialised",
		Long: `Rank the other regions as partners for co-investment by complementarity,

  ` + analysis.ComplementarityFormula + `

(M: established specialisations, RD: relatedness density), each with the industries
behind its score, and list the most similar portfolios (peers) beside them. Repeat
--region to take several regions together as one.`,
		Example: `  domainscope region partners london
  domainscope region partners --region london --region "south east" --top 5`,
		Args: cobra.RangeArgs(0, 1),
		RunE: runAnalysis(a, &format, &req, f.into(&req.RegionRequest), (*analysis.Analyzer).Partners, report.PartnersTable, report.Partners),
	}
	f.add(cmd)
	f.addRegions(cmd)
	cmd.Flags().IntVar(&req.Top, "top", 10, "partners to list (0: all)")
	cmd.Flags().IntVar(&req.Explain, "explain", 5, "industries explaining each partner")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per partner)")
	return cmd
}

func (a *app) regionPathwaysCommand() *cobra.Command {
	var f regionFlags
	var req analysis.PathwaysRequest
	var format string
	var top int
	cmd := &cobra.Command{
		Use:   "pathways [REGION]",
		Short: "Reach of every industry (domains touched, participation, degree) and each domain's development pathway for the region",
		Long: `Label each knowledge domain with a descriptive development pathway for the region
(after the seeds: modernisation by a generic technology, diversification into related
fields, radical change), by the rule printed with the result, and list the industries by
reach (domains touched, participation coefficient, degree; generic intermediaries flagged).`,
		Example: `  domainscope --demo region pathways eastvale
  domainscope region pathways london --domain 3 --format json`,
		Args: cobra.RangeArgs(0, 1),
		RunE: runAnalysis(a, &format, &req, f.into(&req.RegionRequest), (*analysis.Analyzer).Pathways, report.PathwaysRows,
			func(w io.Writer, res *analysis.PathwaysResult) error { return report.Pathways(w, res, top) }),
	}
	f.add(cmd)
	f.addRegions(cmd)
	cmd.Flags().IntVar(&req.Domain, "domain", 0, "one domain by ID (default: all)")
	cmd.Flags().IntVar(&top, "top", 15, "table: industries listed by reach")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per domain)")
	return cmd
}
