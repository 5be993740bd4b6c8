package main

import (
	"context"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
)

func (a *app) infoCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Summarise the store: classifications, layers, periods, regions and provenance",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return graphmodel.Errorf(graphmodel.EINVALID, "--format %q: expected table or json", format)
			}
			c, err := withAnalyzer(cmd.Context(), a, func(an *analysis.Analyzer, ctx context.Context, _ struct{}) (*analysis.Contents, error) {
				return an.Contents(ctx)
			}, struct{}{})
			if err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(a.out, report.Summary(a.storePath, c))
			}
			return report.Contents(a.out, a.storePath, c)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table or json")
	return cmd
}

func (a *app) neighboursCommand() *cobra.Command {
	var layer, period, format, min string
	var top int
	cmd := &cobra.Command{
		Use:     "neighbours CODE",
		Aliases: []string{"neighbors"},
		Short:   "List the industries most related to CODE on a layer",
		Example: `  domainscope neighbours 8610 --layer labour --top 10`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			req := analysis.NeighboursRequest{Layer: layer, Period: period, Code: args[0], Top: top}
			if min != "" {
				v, err := strconv.ParseFloat(min, 64)
				if err != nil {
					return graphmodel.Errorf(graphmodel.EINVALID, "--min %q: expected a number", min)
				}
				req.Min = &v
			}
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).Neighbours, req)
			if err != nil {
				return err
			}
			return a.print(format, res.Neighbours, func() report.Table { return report.NeighbourRows(res) },
				func(w io.Writer) error { return report.Neighbours(w, res) })
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "labour", "layer name or name@period")
	cmd.Flags().StringVar(&period, "period", "", "period (default: the layer's pooled, longest period)")
	cmd.Flags().StringVar(&min, "min", "", "only links with a value above this (default: the layer's threshold)")
	cmd.Flags().IntVar(&top, "top", 10, "at most this many (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) relatednessCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "relatedness",
		Short:   "Recompute a counts layer's relatedness with another method or options",
		Example: `  domainscope relatedness --layer labour --period 2009-2018 --method ratio --diagonal`,
		Args:    cobra.NoArgs,
	}
	form := formFlags(cmd, "relatedness")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		rel, err := form.Relatedness()
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		st, err := a.openExistingStore(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		ds, err := ingest.Recompute(ctx, st, form.Value("layer"), form.Value("period"), rel)
		if err != nil {
			return err
		}
		return report.Load(a.out, ds)
	}
	return cmd
}
