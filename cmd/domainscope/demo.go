package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
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
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := a.buildDemo(ctx, st, dir, seed); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "\nSYNTHETIC demo store built in %.1fs: %s\n", time.Since(start).Seconds(), a.storePath)
			fmt.Fprintf(a.out, "The data are generated (ingest/demo): invented regions and a planted structure, not real statistics.\n\n")
			return a.demoReport(ctx, st)
		},
	}
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed of the generator: the same seed gives the same data")
	cmd.Flags().StringVar(&dir, "dir", "", "also keep the generated CSV files in this directory (default: a temporary one, removed)")
	return cmd
}

// buildDemo writes the demo data of seed into dir and loads every file,
// printing each load.
func (a *app) buildDemo(ctx context.Context, st graphmodel.Store, dir string, seed int64) error {
	return demo.Build(ctx, st, dir, seed, func(ds graphmodel.Dataset) error { return report.Load(a.out, ds) })
}

// demoReport prints the demo store's overview (analysis.DemoOverview, report.Demo).
func (a *app) demoReport(ctx context.Context, st graphmodel.Store) error {
	ov, err := analysis.NewAnalyzer(st).DemoOverview(ctx)
	if err != nil {
		return err
	}
	return report.Demo(a.out, ov, progName())
}

// progName is how the user started this program, for the commands it suggests.
func progName() string {
	exe, _ := os.Executable()
	return progNameOf(exe)
}

// progNameOf is "go run ./cmd/domainscope" for an executable that go run
// built (named domainscope in Go's temporary go-build directory), else "domainscope".
func progNameOf(exe string) string {
	if filepath.Base(exe) == "domainscope" && strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/domainscope"
	}
	return "domainscope"
}
