package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
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
	cmd.Flags().StringVar(&f.period, "period", "", "period of the layers (default: each layer's latest)")
	cmd.Flags().StringVar(&f.threshold, "threshold", "", "keep links with relatedness above this (default: each layer's threshold)")
}

func (f *graphFlags) request() (analysis.GraphRequest, error) {
	r := analysis.GraphRequest{Layers: splitList(f.layers), Period: f.period}
	for _, w := range splitList(f.weights) {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return r, graphmodel.Errorf(graphmodel.EINVALID, "--weights: %q is not a number", w)
		}
		r.Weights = append(r.Weights, v)
	}
	t, err := parseThreshold(f.threshold)
	r.Threshold = t
	return r, err
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
		Long: `Find knowledge domains with Louvain (connected communities) on one layer, or on
several layers at once (multiplex), and describe each: the sectors it spans, its
cohesion (density, conductance), employment and stability over other seeds.
With --candidates, list the candidate cross-sector domains: cohesive domains that
span several traditional sectors, by candidate score.`,
		Example: `  domainscope domains --layers labour --runs 20
  domainscope domains --layers labour,copatent --weights 1,0.5 --candidates`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			req.GraphRequest = g
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if sweep != "" {
				return a.sweep(cmd, analysis.NewAnalyzer(st), req, sweep, format)
			}
			an := analysis.NewAnalyzer(st)
			res, err := an.Domains(ctx, req)
			if err != nil {
				return err
			}
			if write {
				if err := a.writeDomains(ctx, st, an, req, res, writeRun); err != nil {
					return err
				}
			}
			doms := res.Domains
			if candidates {
				doms = res.Candidates()
			}
			switch format {
			case "json":
				out := *res
				out.Domains = doms
				return table{value: out}.write(a.out, "json")
			case "csv":
				t := table{header: []string{"domain", "label", "code", "name", "sector", "strength", "stability"}}
				for _, d := range doms {
					for _, m := range d.Members {
						t.rows = append(t.rows, []string{strconv.Itoa(d.ID), d.Label, m.Code, m.Name, m.Sector, fmtFloat(m.Strength), optFloat(m.Stability)})
					}
				}
				return t.write(a.out, "csv")
			}
			a.printDomains(res, doms, candidates, members)
			return nil
		},
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ: larger gives more, smaller domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of Louvain's node order")
	cmd.Flags().IntVar(&req.Runs, "runs", 10, "extra seeds for the stability measures (0: none)")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector (0: top level, e.g. NACE sections)")
	cmd.Flags().BoolVar(&candidates, "candidates", false, "only candidate cross-sector domains, by candidate score")
	cmd.Flags().IntVar(&members, "members", 8, "table: members shown per domain (0: all)")
	cmd.Flags().BoolVar(&write, "write", false, "Neo4j store: write the domains back as (:Domain) nodes with [:IN_DOMAIN] memberships and bridging scores")
	cmd.Flags().StringVar(&writeRun, "write-run", "", "ID of the written run (default: from the layers and parameters; the same ID replaces a run)")
	cmd.Flags().StringVar(&sweep, "sweep", "", "resolution sweep instead: comma-separated γ values, e.g. 0.5,0.75,1,1.5,2,3")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv (one row per member)")
	return cmd
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%.3f", *p)
}

func (a *app) printDomains(res *analysis.DomainsResult, doms []analysis.Domain, candidates bool, members int) {
	w := a.out
	var keys []string
	for _, l := range res.Provenance.Layers {
		keys = append(keys, l.Key())
	}
	fmt.Fprintf(w, "Knowledge domains on %s (%s), resolution %g, seed %d: %d domains, modularity %.3f",
		strings.Join(keys, " + "), res.Provenance.Classification, res.Request.Resolution, res.Request.Seed, len(res.Domains), res.Modularity)
	if res.Stability != nil {
		fmt.Fprintf(w, " (over %d other seeds: mean %.3f, min %.3f)", res.Stability.Runs, res.Stability.MeanModularity, res.Stability.MinModularity)
	}
	fmt.Fprintln(w)
	if res.Isolated > 0 {
		fmt.Fprintf(w, "%d industries have no link above the threshold and are left out.\n", res.Isolated)
	}
	if candidates {
		fmt.Fprintf(w, "Candidate cross-sector domains (score = sector mix × (1 − conductance) × √density):\n")
	}
	for _, d := range doms {
		fmt.Fprintf(w, "\n#%d %s — %d industries", d.ID, d.Label, d.Size)
		if d.Employment != nil {
			fmt.Fprintf(w, ", %s jobs", fmtCount(*d.Employment))
		}
		fmt.Fprintf(w, "\n   density %.2f, avg relatedness %.2f, conductance %.2f, sector mix %.2f, candidate score %.3f",
			d.Density, d.AvgRelatedness, d.Conductance, d.SectorMix, d.CandidateScore)
		if d.Stability != nil {
			fmt.Fprintf(w, ", stability %.2f", *d.Stability)
		}
		fmt.Fprintln(w)
		var secs []string
		for _, s := range d.Sectors {
			secs = append(secs, fmt.Sprintf("%s %d", shorten(nameOr(d.SectorNames[s.Sector], s.Sector), 40), s.Members))
		}
		fmt.Fprintf(w, "   sectors: %s\n", strings.Join(secs, "; "))
		n := len(d.Members)
		if members > 0 && members < n {
			n = members
		}
		for _, m := range d.Members[:n] {
			fmt.Fprintf(w, "   %-6s %s\n", m.Code, shorten(m.Name, 70))
		}
		if n < len(d.Members) {
			fmt.Fprintf(w, "   … and %d more\n", len(d.Members)-n)
		}
	}
}

func nameOr(name, code string) string {
	if name == "" {
		return code
	}
	return name
}

// sweep prints a resolution sweep so a user can choose the granularity of the domains.
func (a *app) sweep(cmd *cobra.Command, an *analysis.Analyzer, req analysis.DomainsRequest, list, format string) error {
	var gammas []float64
	for _, s := range splitList(list) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return graphmodel.Errorf(graphmodel.EINVALID, "--sweep: %q is not a number", s)
		}
		gammas = append(gammas, v)
	}
	pts, err := an.ResolutionSweep(cmd.Context(), req, gammas)
	if err != nil {
		return err
	}
	t := table{header: []string{"RESOLUTION", "DOMAINS", "DOMAINS≥3", "LARGEST", "MODULARITY"}, value: pts}
	for _, p := range pts {
		t.rows = append(t.rows, []string{fmtG(p.Resolution), strconv.Itoa(p.Communities), strconv.Itoa(p.NonTrivial), strconv.Itoa(p.Largest), fmt.Sprintf("%.4f", p.Modularity)})
	}
	return t.write(a.out, format)
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// withAnalyzer opens the store, runs one analysis on it and closes the store.
func withAnalyzer[Req, Res any](ctx context.Context, a *app, run func(*analysis.Analyzer, context.Context, Req) (Res, error), req Req) (Res, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		var zero Res
		return zero, err
	}
	defer st.Close()
	return run(analysis.NewAnalyzer(st), ctx, req)
}
