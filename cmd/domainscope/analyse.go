package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

// graphFlags select the graph an analysis runs on.
type graphFlags struct {
	layers    string
	weights   string
	period    string
	threshold string
}

func (f *graphFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.layers, "layers", "labour", "comma-separated layers (name or name@period); several layers give a multiplex analysis")
	cmd.Flags().StringVar(&f.weights, "weights", "", "comma-separated weight per layer for the multiplex quality (default: all 1)")
	cmd.Flags().StringVar(&f.period, "period", "", "period of the layers named without @ (default: each layer's pooled, longest period)")
	cmd.Flags().StringVar(&f.threshold, "threshold", "", "keep links with relatedness above this (default: each layer's threshold)")
}

func (f *graphFlags) request() (analysis.GraphRequest, error) {
	r := analysis.GraphRequest{Layers: ingest.SplitList(f.layers), Period: f.period}
	var err error
	if r.Weights, err = parseFloats(f.weights, "weights", ""); err != nil {
		return r, err
	}
	r.Threshold, err = ingest.ParseThreshold(f.threshold)
	return r, err
}

// into is the prepare step of runAnalysis for a request that takes only
// the graph flags: it fills in *g.
func (f *graphFlags) into(g *analysis.GraphRequest) func([]string) error {
	return func([]string) (err error) { *g, err = f.request(); return err }
}

// parseFloats parses the comma-separated numbers of --flag (nil for none);
// a bad one is EINVALID with field (none when field is "").
func parseFloats(list, flag, field string) ([]float64, error) {
	var out []float64
	for _, s := range ingest.SplitList(list) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "--%s: %q is not a number", flag, s)
		}
		out = append(out, v)
	}
	return out, nil
}

// parseMinJobs parses --min-jobs: nil when it is not given.
func parseMinJobs(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "min_jobs", "--min-jobs %q: expected a number", s)
	}
	return &v, nil
}

func (a *app) domainsCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.DomainsRequest
	var format string
	var candidates bool
	var members int
	var sweep, writeRun string
	var write bool
	cmd := &cobra.Command{
		Use:     "domains",
		Aliases: []string{"communities"},
		Short:   "Find knowledge domains: communities of related industries, with their stability",
		Long: `Find knowledge domains with Leiden (connected communities) on one layer, or on
several layers at once (multiplex), and describe each: the sectors it spans, its
cohesion (density, conductance), employment, significance against a null
model (internal weight vs the configuration model, z against degree-preserving
rewiring) and stability and consensus over other seeds. Each domain is labelled
by its dominant sectors and its most central members. Generic intermediaries
(industries linked evenly to many domains, such as temporary employment
agencies) are listed; --exclude-generic leaves them out of detection.
With --candidates, list the candidate cross-sector domains: cohesive domains that
span several traditional sectors, by candidate score.`,
		Example: `  domainscope domains --layers labour --runs 20
  domainscope domains --layers labour,copatent --weights 1,0.5 --candidates`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if err := gf.into(&req.GraphRequest)(args); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, err := a.openExistingStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			an := analysis.NewAnalyzer(st)
			if sweep != "" {
				return a.sweep(cmd, an, req, sweep, format)
			}
			res, err := an.Domains(ctx, req)
			if err != nil {
				return err
			}
			if write {
				w, ok := st.(graphmodel.DomainWriter)
				if !ok {
					return graphmodel.Errorf(graphmodel.EINVALID, "--write needs a Neo4j store (--store neo4j://…); the embedded store keeps no analysis results")
				}
				run, err := an.WriteDomains(ctx, w, req, res, writeRun)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "wrote domain run %q: %d domains, %d memberships\n", run.ID, run.Domains, run.Memberships)
			}
			opt := report.DomainsOptions{Candidates: candidates, Members: members}
			out := *res
			if candidates {
				out.Domains = res.Candidates()
			}
			return a.print(format, out, func() report.Table { return report.DomainMembers(out.Domains) },
				func(w io.Writer) error { return report.Domains(w, res, opt) })
		},
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ: larger gives more, smaller domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of Leiden's node order")
	cmd.Flags().IntVar(&req.Runs, "runs", 10, "extra seeds for the stability measures (0: none)")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector (0: top level, e.g. NACE sections)")
	cmd.Flags().BoolVar(&req.ExcludeGeneric, "exclude-generic", false, "leave the generic intermediaries (industries linked evenly to many domains) out of detection; they are listed")
	cmd.Flags().IntVar(&req.NullSamples, "null-samples", analysis.DefaultNullSamples, "degree-preserving rewirings of the significance test")
	cmd.Flags().BoolVar(&candidates, "candidates", false, "only candidate cross-sector domains, by candidate score")
	cmd.Flags().IntVar(&members, "members", 8, "table: members shown per domain (0: all)")
	cmd.Flags().BoolVar(&write, "write", false, "Neo4j store: write the domains back as (:Domain) nodes with [:IN_DOMAIN] memberships and bridging scores")
	cmd.Flags().StringVar(&writeRun, "write-run", "", "ID of the written run (default: from the layers and parameters; the same ID replaces a run)")
	cmd.Flags().StringVar(&sweep, "sweep", "", "resolution sweep instead: comma-separated γ values, e.g. 0.5,0.75,1,1.5,2,3")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv (one row per member)")
	return cmd
}

// sweep prints a resolution sweep so a user can choose the granularity of the domains.
func (a *app) sweep(cmd *cobra.Command, an *analysis.Analyzer, req analysis.DomainsRequest, list, format string) error {
	gammas, err := parseFloats(list, "sweep", "")
	if err != nil {
		return err
	}
	pts, err := an.ResolutionSweep(cmd.Context(), req, gammas)
	if err != nil {
		return err
	}
	return a.printTable(format, pts, report.Sweep(pts))
}

// withAnalyzer opens the store, runs one analysis on it and closes the store.
func withAnalyzer[Req, Res any](ctx context.Context, a *app, run func(*analysis.Analyzer, context.Context, Req) (Res, error), req Req) (Res, error) {
	st, err := a.openExistingStore(ctx)
	if err != nil {
		var zero Res
		return zero, err
	}
	defer st.Close()
	return run(analysis.NewAnalyzer(st), ctx, req)
}

// runAnalysis is the RunE of a command that runs one analysis: it checks
// --format, completes req from the flags and arguments (prepare), runs the
// analysis on the store and prints the result as JSON, CSV rows or text.
func runAnalysis[Req, Res any](a *app, format *string, req *Req, prepare func(args []string) error,
	run func(*analysis.Analyzer, context.Context, Req) (Res, error), rows func(Res) report.Table, text func(io.Writer, Res) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := checkFormat(*format); err != nil {
			return err
		}
		if err := prepare(args); err != nil {
			return err
		}
		res, err := withAnalyzer(cmd.Context(), a, run, *req)
		if err != nil {
			return err
		}
		return a.print(*format, res, func() report.Table { return rows(res) }, func(w io.Writer) error { return text(w, res) })
	}
}
