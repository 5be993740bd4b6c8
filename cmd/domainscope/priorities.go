package main

import (
	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

// prioritiesCommand is "priorities compare": two priority sets (or a
// region's specialisations and a priority set) compared by relatedness.
func (a *app) prioritiesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "priorities",
		Short: "Priority sets: named groups of industries (a region's clusters, its S3 priorities) compared by relatedness",
		Args:  cobra.NoArgs,
	}
	var f regionFlags
	var req analysis.PrioritiesRequest
	var format, example string
	compare := &cobra.Command{
		Use:   "compare [OLD.csv] NEW.csv",
		Short: "Which old groups map into which new ones, by shared codes and relatedness",
		Long: `Compare two priority sets, each a CSV file of group,code[,name] rows (lines starting
with # are comments): for every old and new group the codes they share, the share of
the old group's link weight that goes into the new group, and the ratio of that weight
to what the configuration model expects. An old group maps into a new one when they
share a code or the ratio is at least --min-ratio; old groups that map nowhere and new
groups without a predecessor are listed.
With --region (repeat it to sum regions) only NEW.csv is given: the old set is the
region's established specialisations grouped by knowledge domain, and a priority
without a predecessor lacks a base in the region.
--example piedmont or --example innobb runs the seeds' worked examples on the demo
store (with --demo).`,
		Example: `  domainscope priorities compare clusters_2009.csv s3_2015.csv --layers labour
  domainscope priorities compare --region london s3.csv
  domainscope --demo priorities compare --example piedmont`,
		Args: cobra.RangeArgs(0, 2),
		RunE: runAnalysis(a, &format, &req, func(args []string) error {
			return f.priorities(&req, example, args)
		}, (*analysis.Analyzer).ComparePriorities, report.PrioritiesRows, report.Priorities),
	}
	f.add(compare)
	f.addRegions(compare)
	compare.Flags().StringVar(&example, "example", "", "a worked example on the demo data instead of files: piedmont or innobb")
	compare.Flags().Float64Var(&req.MinRatio, "min-ratio", analysis.DefaultMinRatio, "least ratio of observed to expected link weight for a mapping without a shared code")
	compare.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per old × new pair)")
	cmd.AddCommand(compare)
	return cmd
}

// priorities completes req from the flags and the files (or the example).
func (f *regionFlags) priorities(req *analysis.PrioritiesRequest, example string, args []string) error {
	if err := f.options(); err != nil {
		return err
	}
	regions, files := f.regions, args
	var old *graphmodel.PrioritySet
	var err error
	if example != "" {
		if len(args) > 0 {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, "example", "--example takes no files: give either --example or the files")
		}
		ex, err := demo.FindPriorityExample(example)
		if err != nil {
			return err
		}
		if old, req.New, err = ex.Sets(); err != nil {
			return err
		}
		if len(regions) == 0 {
			regions = ex.Regions
		}
		files = nil
	}
	want := 2
	if len(regions) > 0 {
		want = 1
	}
	if example == "" && len(files) != want {
		return graphmodel.Errorf(graphmodel.EINVALID, "expected %d priority-set files (group,code[,name]), got %d: give OLD.csv NEW.csv, or --region and NEW.csv", want, len(files))
	}
	if example == "" {
		if want == 2 {
			s, err := ingest.ReadPrioritySet(files[0], ingest.CodeFormat{})
			if err != nil {
				return err
			}
			old = &s
		}
		if req.New, err = ingest.ReadPrioritySet(files[want-1], ingest.CodeFormat{}); err != nil {
			return err
		}
	}
	req.GraphRequest = f.req.GraphRequest
	req.Old, req.Region = graphmodel.PrioritySet{}, nil
	if len(regions) > 0 {
		rreq := f.req
		if len(regions) == 1 {
			rreq.Region = regions[0] // one region, not a sum
		} else {
			rreq.Regions = regions
		}
		req.Region = &rreq
	} else if old != nil {
		req.Old = *old
	}
	return nil
}
