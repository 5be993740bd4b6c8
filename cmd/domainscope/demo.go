package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
)

// demoStorePath is where the demo store lives unless --store is given, so the
// demo never mixes generated data into a user's own store.
func demoStorePath() (string, error) {
	p, err := sqlitestore.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "demo.db"), nil
}

func (a *app) demoCommand() *cobra.Command {
	var seed int64
	var dir string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a store from generated (SYNTHETIC) demo data and show what domainscope finds in it",
		Long: `Generate a realistic but SYNTHETIC economy — NACE Rev. 2 divisions, raw job spells,
patents and employment in 32 invented regions, with planted cross-sector domains
(food ↔ life sciences, machinery ↔ ICT, tourism ↔ culture) — load it through the
normal ingest path into the demo store, and print what domainscope finds.

The demo store is separate from your own store (see --store); use it afterwards with
'domainscope --demo COMMAND'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if dir == "" {
				d, err := os.MkdirTemp("", "domainscope-demo-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(d)
				dir = d
			}
			start := time.Now()
			files, err := demo.Write(dir, seed)
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, f := range files {
				if err := a.loadDemoFile(ctx, st, f); err != nil {
					return fmt.Errorf("demo file %s: %w", filepath.Base(f.Path), err)
				}
			}
			fmt.Fprintf(a.out, "\nSYNTHETIC demo store built in %.1fs: %s\n\n", time.Since(start).Seconds(), a.storePath)
			return a.demoReport(ctx, st)
		},
	}
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed of the generator: the same seed gives the same data")
	cmd.Flags().StringVar(&dir, "dir", "", "also keep the generated CSV files in this directory (default: a temporary one, removed)")
	return cmd
}

// loadDemoFile ingests one generated file through the same path as 'domainscope ingest'.
func (a *app) loadDemoFile(ctx context.Context, st graphmodel.Store, f demo.File) error {
	kn, err := known(ctx, st, f.Classification)
	if err != nil {
		return err
	}
	prov := func(p graphmodel.Provenance) graphmodel.Provenance {
		if p.Options == nil {
			p.Options = map[string]string{}
		}
		p.Options["synthetic"] = "true"
		return p
	}
	switch f.Kind {
	case "industries":
		load, err := ingest.ReadIndustries(f.Path, ingest.IndustriesOptions{Classification: f.Classification, LevelNames: []string{"section", "division"}})
		if err != nil {
			return err
		}
		load.Provenance = prov(load.Provenance)
		ds, err := st.LoadIndustries(ctx, load)
		if err != nil {
			return err
		}
		return a.reportLoad(ds)
	case "spells", "patents":
		kind := graphmodel.KindFlows
		if f.Kind == "patents" {
			kind = graphmodel.KindCoOccurrence
		}
		layer := graphmodel.Layer{Name: f.Layer, Period: f.Period, Kind: kind, Classification: f.Classification, Directed: kind.Directed()}
		var load graphmodel.LayerLoad
		if f.Kind == "spells" {
			load, err = ingest.ReadSpells(f.Path, ingest.SpellOptions{Layer: layer, Known: kn,
				FromPeriod: f.Options["from-period"], ToPeriod: f.Options["to-period"]})
		} else {
			frac, _ := strconv.ParseBool(f.Options["fractional"])
			load, err = ingest.ReadPatents(f.Path, ingest.PatentOptions{Layer: layer, Known: kn, Fractional: frac})
		}
		if err != nil {
			return err
		}
		load.Provenance = prov(load.Provenance)
		return a.storeLayer(ctx, st, load, relFlags{symmetrise: "mean"})
	case "employment-long", "patents-regional-long":
		m := graphmodel.MeasureEmployment
		if f.Kind == "patents-regional-long" {
			m = graphmodel.MeasurePatents
		}
		set := graphmodel.RegionalSet{Measure: m, Classification: f.Classification, Period: f.Period}
		load, err := ingest.ReadRegionalLong(f.Path, ingest.RegionalLongOptions{Set: set, Known: kn})
		if err != nil {
			return err
		}
		load.Provenance = prov(load.Provenance)
		ds, err := st.LoadRegional(ctx, load)
		if err != nil {
			return err
		}
		return a.reportLoad(ds)
	}
	return graphmodel.Errorf(graphmodel.EINTERNAL, "demo file of unknown kind %q", f.Kind)
}

// demoReport prints what a strategist would look at first in the demo store.
func (a *app) demoReport(ctx context.Context, st graphmodel.Store) error {
	in, err := readInfo(ctx, st)
	if err != nil {
		return err
	}
	in.Store = a.storePath
	if err := a.printInfo(in); err != nil {
		return err
	}
	for _, code := range []string{"10", "62"} {
		fmt.Fprintln(a.out)
		l, err := st.Layer(ctx, "labour", "")
		if err != nil {
			return err
		}
		focal, err := st.Industry(ctx, l.Classification, code)
		if err != nil {
			return err
		}
		ns, err := st.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: l.Name, Period: l.Period, Code: code, Top: 6})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.out, "Most related to %s %s by labour mobility (%s):\n", focal.Code, focal.Name, l.Period)
		t := table{header: []string{"CODE", "NAME", "RELATEDNESS", "MOVES"}}
		for _, n := range ns {
			t.rows = append(t.rows, []string{n.Code, shorten(n.Name, 60), fmt.Sprintf("%.3f", n.Value), fmtFloat(n.Count)})
		}
		if err := t.write(a.out, "table"); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.out, "\nNext: domainscope --demo neighbours 21 --layer copatent\n")
	return nil
}
