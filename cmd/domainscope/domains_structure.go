package main

import (
	"io"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

// withStructure adds 'overlap' and 'hierarchy' to the domains command.
func (a *app) withStructure(domains *cobra.Command) *cobra.Command {
	domains.AddCommand(a.domainsOverlapCommand(), a.domainsHierarchyCommand())
	return domains
}

// domainsOverlapCommand is "domains overlap": industries in several domains.
func (a *app) domainsOverlapCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.OverlapRequest
	var format string
	var top int
	cmd := &cobra.Command{
		Use:   "overlap",
		Short: "Overlapping knowledge domains: industries that belong to several, with the share of seeds behind each membership",
		Long: `Run Leiden with --seeds seeds (--seed, --seed+1, …), take the consensus partition of the
runs as the domains, and give every industry its membership in each domain: the share
of the runs in which it sits with the domain's core (the community of the run holding
most of the domain's members) and, for a domain other than its own, away from its own
domain's core. An industry belongs to its own domain and to every other with
membership ≥ --min-membership, so bridging industries appear in several domains.
Limits: --seeds 1 to ` + strconv.Itoa(community.MaxOverlapSeeds) + `, --min-membership above 0 and at most 1.`,
		Example: `  domainscope domains overlap --layers labour
  domainscope domains overlap --seeds 50 --min-membership 0.3 --format csv`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, func([]string) error {
			err := gf.into(&req.GraphRequest)(nil)
			// 0 means the default to the analysis; here it is out of range.
			if err == nil && req.Seeds == 0 {
				err = graphmodel.FieldErrorf(graphmodel.EINVALID, "seeds", "seeds 0: expected 1 to %d", community.MaxOverlapSeeds)
			}
			if err == nil && req.MinMembership == 0 {
				err = graphmodel.FieldErrorf(graphmodel.EINVALID, "min_membership", "min_membership 0: expected a share above 0 and at most 1")
			}
			return err
		}, (*analysis.Analyzer).DomainOverlap, report.OverlapRows,
			func(w io.Writer, res *analysis.OverlapResult) error { return report.Overlap(w, res, top) }),
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ: larger gives more, smaller domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "first seed of Leiden's node order")
	cmd.Flags().IntVar(&req.Seeds, "seeds", analysis.DefaultOverlapSeeds, "number of seeds (runs) the memberships are counted over")
	cmd.Flags().Float64Var(&req.MinMembership, "min-membership", analysis.DefaultMinMembership, "least share of the runs for a membership beyond an industry's own domain")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector in the labels (0: top level)")
	cmd.Flags().IntVar(&top, "top", 30, "table: industries in several domains to list (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per membership)")
	return cmd
}

// domainsHierarchyCommand is "domains hierarchy": which domains split into which as γ grows.
func (a *app) domainsHierarchyCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.HierarchyRequest
	var format, resolutions string
	cmd := &cobra.Command{
		Use:   "hierarchy",
		Short: "Domains across resolutions: which domains split into which as γ grows",
		Long: `Detect the domains at each resolution of --resolutions (increasing) with the same seed and
link each domain to the domain at the previous resolution holding the largest share of its
members' strength, printed as a tree with the shared members and the weight share. A
share below 1 (marked *) is a split that is not nested: the domain takes members from
several coarser ones. Limits: 1 to ` + strconv.Itoa(community.MaxHierarchyLevels) + ` resolutions, each above 0 and at most ` + analysis.FormatLimit(analysis.MaxResolution) + `.`,
		Example: `  domainscope domains hierarchy --resolutions 0.5,1,2
  domainscope domains hierarchy --layers labour --format csv`,
		Args: cobra.NoArgs,
		RunE: runAnalysis(a, &format, &req, func([]string) error {
			if err := gf.into(&req.GraphRequest)(nil); err != nil {
				return err
			}
			var err error
			req.Resolutions, err = parseFloats(resolutions, "resolutions", "resolutions")
			req.Resolutions = append([]float64{}, req.Resolutions...)
			return err
		}, (*analysis.Analyzer).DomainHierarchy, report.HierarchyRows, report.Hierarchy),
	}
	gf.add(cmd)
	cmd.Flags().StringVar(&resolutions, "resolutions", "0.5,1,2,4", "comma-separated resolutions γ, increasing")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of Leiden's node order at every resolution")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector in the labels (0: top level)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per domain and resolution)")
	return cmd
}
