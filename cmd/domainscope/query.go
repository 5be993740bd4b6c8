package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
)

// storeInfo is what 'domainscope info' reports.
type storeInfo struct {
	Store           string                      `json:"store"`
	Version         int64                       `json:"version"`
	Classifications []graphmodel.Classification `json:"classifications"`
	Layers          []graphmodel.Layer          `json:"layers"`
	RegionalSets    []graphmodel.RegionalSet    `json:"regional_sets"`
	Regions         int                         `json:"regions"`
	Datasets        []graphmodel.Dataset        `json:"datasets"`
}

func readInfo(ctx context.Context, st graphmodel.Store) (storeInfo, error) {
	var in storeInfo
	var err error
	if in.Version, err = st.Version(ctx); err != nil {
		return in, err
	}
	if in.Classifications, err = st.Classifications(ctx); err != nil {
		return in, err
	}
	if in.Layers, err = st.Layers(ctx); err != nil {
		return in, err
	}
	if in.RegionalSets, err = st.RegionalSets(ctx); err != nil {
		return in, err
	}
	regions, err := st.Regions(ctx)
	if err != nil {
		return in, err
	}
	in.Regions = len(regions)
	in.Datasets, err = st.Datasets(ctx)
	return in, err
}

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
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			in, err := readInfo(ctx, st)
			if err != nil {
				return err
			}
			in.Store = a.storePath
			if format == "json" {
				return writeJSON(a.out, in)
			}
			return a.printInfo(in)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table or json")
	return cmd
}

func (a *app) printInfo(in storeInfo) error {
	w := a.out
	fmt.Fprintf(w, "store %s (version %d)\n\n", in.Store, in.Version)
	t := report.Table{Header: []string{"CLASSIFICATION", "INDUSTRIES", "LEVELS"}}
	for _, c := range in.Classifications {
		t.Add(c.Name, strconv.Itoa(c.Industries), strings.Join(c.Levels, " > "))
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = report.Table{Header: []string{"LAYER", "PERIOD", "KIND", "CLASSIFICATION", "METHOD", "THRESHOLD", "NODES", "LINKS"}}
	for _, l := range in.Layers {
		t.Add(l.Name, l.Period, string(l.Kind), l.Classification, l.Method,
			report.Float(l.Threshold), strconv.Itoa(l.Nodes), strconv.Itoa(l.Links))
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = report.Table{Header: []string{"MEASURE", "CLASSIFICATION", "PERIOD"}}
	for _, s := range in.RegionalSets {
		t.Add(string(s.Measure), s.Classification, s.Period)
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d regions\n\n", in.Regions)
	t = report.Table{Header: []string{"DATASET", "KIND", "TARGET", "SOURCE", "ROWS", "RECORDS", "SHA256", "LOADED"}}
	ds := append([]graphmodel.Dataset(nil), in.Datasets...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
	for _, d := range ds {
		t.Add(strconv.FormatInt(d.ID, 10), d.Kind, d.Target, report.Shorten(d.Source, 40),
			strconv.FormatInt(d.Rows, 10), strconv.FormatInt(d.Records, 10), report.Shorten(d.SHA256, 13),
			d.LoadedAt.Format("2006-01-02 15:04"))
	}
	return t.WriteText(w)
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
			focal, l, ns := res.Industry, res.Layer, res.Neighbours
			if format == "table" {
				fmt.Fprintf(a.out, "%s %s — neighbours on %s %s (%s, related when value > %s)\n\n",
					focal.Code, focal.Name, l.Name, l.Period, l.Method, report.Float(l.Threshold))
			}
			t := report.Table{Header: []string{"CODE", "NAME", "VALUE", "COUNT", "DIRECTION"}}
			for _, n := range ns {
				name := n.Name
				if format == "table" {
					name = report.Shorten(name, 60)
				}
				t.Add(n.Code, name, fmt.Sprintf("%.3f", n.Value), report.Float(n.Count), n.Direction)
			}
			return a.printTable(format, ns, t)
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "labour", "layer name")
	cmd.Flags().StringVar(&period, "period", "", "period (default: the layer's latest)")
	cmd.Flags().StringVar(&min, "min", "", "only links with a value above this (default: the layer's threshold)")
	cmd.Flags().IntVar(&top, "top", 10, "at most this many (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) relatednessCommand() *cobra.Command {
	var layer, period string
	var rf relFlags
	cmd := &cobra.Command{
		Use:     "relatedness",
		Short:   "Recompute a counts layer's relatedness with another method or options",
		Example: `  domainscope relatedness --layer labour --period 2009-2018 --method ratio --diagonal`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			l, err := st.Layer(ctx, layer, period)
			if err != nil {
				return err
			}
			if !l.Kind.HasCounts() {
				return graphmodel.Errorf(graphmodel.EINVALID, "layer %s holds given relatedness values, not counts: nothing to recompute", l.Key())
			}
			if l.Kind == graphmodel.KindFlows && !l.Directed {
				return graphmodel.Errorf(graphmodel.EINVALID, "layer %s stores flows merged over both directions (method %s): reload it from its file with 'domainscope ingest' to change the method", l.Key(), l.Method)
			}
			var links []graphmodel.Link
			err = st.Links(ctx, l.Name, l.Period, func(k graphmodel.Link) error {
				links = append(links, graphmodel.Link{From: k.From, To: k.To, Count: k.Count})
				return nil
			})
			if err != nil {
				return err
			}
			dss, err := st.Datasets(ctx)
			if err != nil {
				return err
			}
			var prov graphmodel.Provenance
			for _, d := range dss {
				if d.ID == l.Dataset {
					prov = d.Provenance
				}
			}
			load := graphmodel.LayerLoad{Provenance: prov, Layer: l, Links: links}
			load.Layer.Directed = l.Kind.Directed()
			return a.storeLayer(ctx, st, load, rf)
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "", "layer name")
	cmd.Flags().StringVar(&period, "period", "", "period (default: the layer's latest)")
	_ = cmd.MarkFlagRequired("layer")
	rf.add(cmd)
	return cmd
}
