package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/relatedness"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// commonFlags are the flags every ingest subcommand shares.
type commonFlags struct {
	classification string
	delimiter      string
	pad            int
	keepPunct      bool
	unknown        string
}

func (f *commonFlags) add(cmd *cobra.Command, needClassification bool) {
	cmd.Flags().StringVar(&f.classification, "classification", "", "classification of the codes, e.g. SIC2007, NACE2")
	if needClassification {
		_ = cmd.MarkFlagRequired("classification")
	}
	cmd.Flags().StringVar(&f.delimiter, "delimiter", "", `field delimiter: ",", ";", "tab" (default: detected from the header)`)
	cmd.Flags().IntVar(&f.pad, "pad", 0, "left-pad all-digit codes with zeros to this width (\"111\" → \"0111\" with --pad 4)")
	cmd.Flags().BoolVar(&f.keepPunct, "keep-punct", false, "keep '.', '-', '/' and spaces inside codes (default: removed, \"01.11\" → \"0111\")")
	cmd.Flags().StringVar(&f.unknown, "unknown", "error", "codes not in the classification: error, create (auto-create the industry) or skip (drop the row)")
}

func (f *commonFlags) csv(a *app) (ingest.CSVOptions, func(), error) {
	var opt ingest.CSVOptions
	switch f.delimiter {
	case "":
	case ",", ";":
		opt.Delimiter = rune(f.delimiter[0])
	case "tab", "\\t", "\t":
		opt.Delimiter = '\t'
	default:
		return opt, nil, graphmodel.Errorf(graphmodel.EINVALID, "--delimiter %q: expected \",\", \";\" or \"tab\"", f.delimiter)
	}
	done := func() {}
	if a.stderrIsTerminal() {
		var bar *progressbar.ProgressBar
		opt.OnProgress = func(read, total int64) {
			if bar == nil {
				bar = progressbar.DefaultBytes(total, "reading")
			}
			_ = bar.Set64(read)
		}
		done = func() {
			if bar != nil {
				_ = bar.Finish()
				fmt.Fprintln(a.errOut)
			}
		}
	}
	return opt, done, nil
}

func (f *commonFlags) codes() ingest.CodeFormat {
	return ingest.CodeFormat{Pad: f.pad, KeepPunct: f.keepPunct}
}

func (f *commonFlags) unknownPolicy() (ingest.Unknown, error) {
	switch f.unknown {
	case "error", "create", "skip":
		return ingest.Unknown(f.unknown), nil
	}
	return "", graphmodel.Errorf(graphmodel.EINVALID, "--unknown %q: expected error, create or skip", f.unknown)
}

// known returns the codes already stored for a classification (empty if it is new).
func known(ctx context.Context, st graphmodel.Store, classification string) (ingest.Known, error) {
	inds, err := st.Industries(ctx, classification)
	if graphmodel.ErrorCode(err) == graphmodel.ENOTFOUND {
		return ingest.Known{}, nil
	}
	if err != nil {
		return nil, err
	}
	k := make(ingest.Known, len(inds))
	for _, in := range inds {
		k[in.Code] = true
	}
	return k, nil
}

// relFlags choose how relatedness is computed from counts.
type relFlags struct {
	method     string
	diagonal   bool
	symmetrise string
	threshold  string
}

func (f *relFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.method, "method", "", "relatedness method: ratio, association, cosine, jaccard, proximity (default: ratio for flows, association for co-occurrence)")
	cmd.Flags().BoolVar(&f.diagonal, "diagonal", false, "ratio: include within-industry counts (the diagonal) in the totals")
	cmd.Flags().StringVar(&f.symmetrise, "symmetrise", "mean", "ratio on flows: mean (of both directions) or none")
	cmd.Flags().StringVar(&f.threshold, "threshold", "", "a link is related when its value is above this (default: the method's, 0 for the normalised ratio)")
}

func (f *relFlags) options(kind graphmodel.LayerKind) (relatedness.Options, error) {
	opt := relatedness.Default(relatedness.Kind(kind))
	if f.method != "" {
		m, err := relatedness.ParseMethod(f.method)
		if err != nil {
			return opt, err
		}
		opt.Method = m
	}
	opt.Diagonal = f.diagonal
	switch f.symmetrise {
	case "mean", "none":
		opt.Symmetrise = f.symmetrise
	default:
		return opt, graphmodel.Errorf(graphmodel.EINVALID, "--symmetrise %q: expected mean or none", f.symmetrise)
	}
	return opt, nil
}

func parseThreshold(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "--threshold %q: expected a number", s)
	}
	return &v, nil
}

// withRelatedness computes relatedness values on a counts layer (or keeps the
// given values of a relatedness layer) and records how in the provenance.
func withRelatedness(load graphmodel.LayerLoad, rf relFlags) (graphmodel.LayerLoad, error) {
	thr, err := parseThreshold(rf.threshold)
	if err != nil {
		return load, err
	}
	if load.Provenance.Options == nil {
		load.Provenance.Options = map[string]string{}
	}
	if !load.Layer.Kind.HasCounts() {
		load.Layer.Method = "given"
		load.Layer.Threshold = 0
		if thr != nil {
			load.Layer.Threshold = *thr
		}
		load.Provenance.Options["threshold"] = report.Float(load.Layer.Threshold)
		return load, nil
	}
	opt, err := rf.options(load.Layer.Kind)
	if err != nil {
		return load, err
	}
	links, directed, threshold, err := ingest.Relatedness(load.Layer.Kind, load.Links, opt)
	if err != nil {
		return load, err
	}
	load.Links = links
	load.Layer.Directed = directed
	load.Layer.Method = string(opt.Method)
	load.Layer.Threshold = threshold
	if thr != nil {
		load.Layer.Threshold = *thr
	}
	load.Provenance.Options["method"] = string(opt.Method)
	load.Provenance.Options["diagonal"] = strconv.FormatBool(opt.Diagonal)
	load.Provenance.Options["symmetrise"] = opt.Symmetrise
	load.Provenance.Options["threshold"] = report.Float(load.Layer.Threshold)
	return load, nil
}

func (a *app) ingestCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Load industries, links, raw records or regional values into the store",
		Long: `Load a CSV file (",", ";" or tab; gzip read transparently) into the store.
A load is all-or-nothing: a file with an error anywhere loads nothing. Loading
the same target again (classification; layer and period; measure and period)
replaces it.`,
	}
	cmd.AddCommand(a.ingestIndustries(), a.ingestLinks(), a.ingestSpells(), a.ingestPatents(), a.ingestRegional())
	return cmd
}

func (a *app) ingestIndustries() *cobra.Command {
	var cf commonFlags
	var codeCol, nameCol, parentCol, levelCol, levels, levelNames, emptyGroup, dups string
	cmd := &cobra.Command{
		Use:   "industries FILE",
		Short: "Load a classification's industries: code,name[,parent][,level] or a hierarchy file",
		Example: `  domainscope ingest industries nace.csv --classification NACE2
  domainscope ingest industries sic2007_structure.csv --classification SIC2007 \
      --code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			csvOpt, done, err := cf.csv(a)
			if err != nil {
				return err
			}
			opt := ingest.IndustriesOptions{
				Classification: cf.classification, CSV: csvOpt, Codes: cf.codes(),
				CodeCol: codeCol, NameCol: nameCol, ParentCol: parentCol, LevelCol: levelCol,
				Levels: splitList(levels), LevelNames: splitList(levelNames),
				EmptyGroup: emptyGroup, Duplicates: dups,
			}
			load, err := ingest.ReadIndustries(args[0], opt)
			done()
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := st.LoadIndustries(ctx, load)
			if err != nil {
				return err
			}
			return a.reportLoad(ds)
		},
	}
	cf.add(cmd, true)
	cmd.Flags().StringVar(&codeCol, "code-col", "code", "column holding the industry code")
	cmd.Flags().StringVar(&nameCol, "name-col", "name", "column holding the industry name")
	cmd.Flags().StringVar(&parentCol, "parent-col", "parent", "column holding the parent's code (optional)")
	cmd.Flags().StringVar(&levelCol, "level-col", "level", "column holding the level (optional)")
	cmd.Flags().StringVar(&levels, "levels", "", "hierarchy file: name columns from the top level down; the last names the coded industry")
	cmd.Flags().StringVar(&levelNames, "level-names", "", "names of the levels from the top, e.g. section,division,group,class")
	cmd.Flags().StringVar(&emptyGroup, "empty-group", "", "hierarchy file: name for an empty group cell (default: an empty cell is an error)")
	cmd.Flags().StringVar(&dups, "duplicates", "error", "a code listed twice: error, first (keep the first row) or join (join the names)")
	cmd.Flags().Lookup("unknown").Hidden = true
	return cmd
}

// layerFlags name the layer a links-producing command loads.
type layerFlags struct {
	layer, period, kind string
}

func (f *layerFlags) add(cmd *cobra.Command, defKind string) {
	cmd.Flags().StringVar(&f.layer, "layer", "", "layer name, e.g. labour, copatent, io")
	cmd.Flags().StringVar(&f.period, "period", "", "period of the layer, e.g. 2009-2018")
	if defKind == "" {
		cmd.Flags().StringVar(&f.kind, "kind", "flows", "layer kind: flows (directed counts), co-occurrence (undirected counts), relatedness (given values)")
	} else {
		f.kind = defKind
	}
	_ = cmd.MarkFlagRequired("layer")
	_ = cmd.MarkFlagRequired("period")
}

func (f *layerFlags) layerOf(classification string) (graphmodel.Layer, error) {
	kind, err := graphmodel.ParseLayerKind(f.kind)
	if err != nil {
		return graphmodel.Layer{}, err
	}
	if strings.ContainsAny(f.layer, "@/ ") || f.layer == "" {
		return graphmodel.Layer{}, graphmodel.Errorf(graphmodel.EINVALID, "--layer %q: expected a name without '@', '/' or spaces", f.layer)
	}
	return graphmodel.Layer{Name: f.layer, Period: f.period, Kind: kind, Classification: classification, Directed: kind.Directed()}, nil
}

// layerInput is what a layer reader gets from the shared ingest flags.
type layerInput struct {
	layer   graphmodel.Layer
	csv     ingest.CSVOptions
	codes   ingest.CodeFormat
	unknown ingest.Unknown
	known   ingest.Known
}

// runLayerIngest is the body of every command that reads a file into a layer:
// check the flags, read the file with read, compute relatedness and load it.
func (a *app) runLayerIngest(cmd *cobra.Command, path string, cf *commonFlags, lf *layerFlags, rf relFlags,
	read func(path string, in layerInput) (graphmodel.LayerLoad, error)) error {
	ctx := cmd.Context()
	layer, err := lf.layerOf(cf.classification)
	if err != nil {
		return err
	}
	unk, err := cf.unknownPolicy()
	if err != nil {
		return err
	}
	csvOpt, done, err := cf.csv(a)
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	kn, err := known(ctx, st, cf.classification)
	if err != nil {
		return err
	}
	load, err := read(path, layerInput{layer: layer, csv: csvOpt, codes: cf.codes(), unknown: unk, known: kn})
	done()
	if err != nil {
		return err
	}
	return a.storeLayer(ctx, st, load, rf)
}

func (a *app) ingestLinks() *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	var fromCol, toCol, valueCol, dups, selfLoops string
	cmd := &cobra.Command{
		Use:   "links FILE",
		Short: "Load a layer of links: flows, co-occurrence counts or given relatedness (from,to,value)",
		Example: `  domainscope ingest links flows_sic2007_2009_2018.csv --classification SIC2007 --pad 4 \
      --layer labour --period 2009-2018 --kind flows
  domainscope ingest links skill_relatedness_nace3_2015_2017.csv --classification NACE2-3 --pad 3 \
      --layer skill --period 2015-2017 --kind relatedness --value-col sr_norm --unknown create`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLayerIngest(cmd, args[0], &cf, &lf, rf, func(path string, in layerInput) (graphmodel.LayerLoad, error) {
				return ingest.ReadLinks(path, ingest.LinksOptions{
					Layer: in.layer, CSV: in.csv, Codes: in.codes,
					FromCol: fromCol, ToCol: toCol, ValueCol: valueCol,
					Duplicates: dups, SelfLoops: selfLoops, Unknown: in.unknown, Known: in.known,
				})
			})
		},
	}
	cf.add(cmd, true)
	lf.add(cmd, "")
	rf.add(cmd)
	cmd.Flags().StringVar(&fromCol, "from-col", "", "column of the source industry (default: the first)")
	cmd.Flags().StringVar(&toCol, "to-col", "", "column of the target industry (default: the second)")
	cmd.Flags().StringVar(&valueCol, "value-col", "", "column of the count or value (default: the third)")
	cmd.Flags().StringVar(&dups, "duplicates", "error", "a pair listed twice: error, sum (counts) or mean (relatedness)")
	cmd.Flags().StringVar(&selfLoops, "self-loops", "", "links from an industry to itself: keep, drop or error (default: keep for flows, error otherwise)")
	return cmd
}

func (a *app) ingestSpells() *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	var fromPeriod, toPeriod string
	var stayers bool
	cmd := &cobra.Command{
		Use:   "spells FILE",
		Short: "Build a labour-flow layer from raw job spells: worker_id,period,industry[,region]",
		Long: `Build a directed flows layer from raw job spells. A move is a change of industry
between consecutive spells (by period) of the same worker. The file may be unsorted
and is streamed.`,
		Example: `  domainscope ingest spells spells.csv --classification NACE2 --layer labour \
      --period 2010-2014 --from-period 2010 --to-period 2014`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLayerIngest(cmd, args[0], &cf, &lf, rf, func(path string, in layerInput) (graphmodel.LayerLoad, error) {
				return ingest.ReadSpells(path, ingest.SpellOptions{
					Layer: in.layer, CSV: in.csv, Codes: in.codes, Unknown: in.unknown, Known: in.known,
					FromPeriod: fromPeriod, ToPeriod: toPeriod, Stayers: stayers,
				})
			})
		},
	}
	cf.add(cmd, true)
	lf.add(cmd, string(graphmodel.KindFlows))
	rf.add(cmd)
	cmd.Flags().StringVar(&fromPeriod, "from-period", "", "first period to use (inclusive)")
	cmd.Flags().StringVar(&toPeriod, "to-period", "", "last period to use (inclusive)")
	cmd.Flags().BoolVar(&stayers, "stayers", false, "count consecutive spells in the same industry on the diagonal")
	return cmd
}

func (a *app) ingestPatents() *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	var fractional bool
	cmd := &cobra.Command{
		Use:     "patents FILE",
		Short:   "Build a co-patenting layer from raw patent records: patent_id,industry",
		Example: `  domainscope ingest patents patents.csv --classification NACE2 --layer copatent --period 2010-2019`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLayerIngest(cmd, args[0], &cf, &lf, rf, func(path string, in layerInput) (graphmodel.LayerLoad, error) {
				return ingest.ReadPatents(path, ingest.PatentOptions{
					Layer: in.layer, CSV: in.csv, Codes: in.codes, Unknown: in.unknown, Known: in.known, Fractional: fractional,
				})
			})
		},
	}
	cf.add(cmd, true)
	lf.add(cmd, string(graphmodel.KindCoOccurrence))
	rf.add(cmd)
	cmd.Flags().BoolVar(&fractional, "fractional", false, "fractional counting: each patent contributes 1 in total, split over its industry pairs")
	return cmd
}

func (a *app) ingestRegional() *cobra.Command {
	var cf commonFlags
	var measure, period, shape, regionCol, industryCol, valueCol, regionCols, exclude string
	cmd := &cobra.Command{
		Use:   "regional FILE",
		Short: "Load regional employment or patent counts (long: region,industry,value; or wide: one column per region)",
		Example: `  domainscope ingest regional employment.csv --classification NACE2 --period 2015
  domainscope ingest regional employment_2015_uk_regions_wide.csv --shape wide --classification SIC2007 \
      --period 2015 --industry-col SIC2007 --exclude Industry,Total,Description --unknown skip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			m, err := graphmodel.ParseMeasure(measure)
			if err != nil {
				return err
			}
			unk, err := cf.unknownPolicy()
			if err != nil {
				return err
			}
			csvOpt, done, err := cf.csv(a)
			if err != nil {
				return err
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			kn, err := known(ctx, st, cf.classification)
			if err != nil {
				return err
			}
			set := graphmodel.RegionalSet{Measure: m, Classification: cf.classification, Period: period}
			var load graphmodel.RegionalLoad
			switch shape {
			case "long":
				load, err = ingest.ReadRegionalLong(args[0], ingest.RegionalLongOptions{
					Set: set, CSV: csvOpt, Codes: cf.codes(), Unknown: unk, Known: kn,
					RegionCol: regionCol, IndustryCol: industryCol, ValueCol: valueCol,
				})
			case "wide":
				load, err = ingest.ReadRegionalWide(args[0], ingest.RegionalWideOptions{
					Set: set, CSV: csvOpt, Codes: cf.codes(), Unknown: unk, Known: kn,
					IndustryCol: industryCol, RegionCols: splitList(regionCols), Exclude: splitList(exclude),
				})
			default:
				err = graphmodel.Errorf(graphmodel.EINVALID, "--shape %q: expected long or wide", shape)
			}
			done()
			if err != nil {
				return err
			}
			ds, err := st.LoadRegional(ctx, load)
			if err != nil {
				return err
			}
			return a.reportLoad(ds)
		},
	}
	cf.add(cmd, true)
	cmd.Flags().StringVar(&measure, "measure", "employment", "what the values count: employment or patents")
	cmd.Flags().StringVar(&period, "period", "", "period of the values, e.g. 2015")
	_ = cmd.MarkFlagRequired("period")
	cmd.Flags().StringVar(&shape, "shape", "long", "long (region,industry,value) or wide (one column per region)")
	cmd.Flags().StringVar(&regionCol, "region-col", "", "long: column of the region (default: region)")
	cmd.Flags().StringVar(&industryCol, "industry-col", "", "column of the industry code (default: industry)")
	cmd.Flags().StringVar(&valueCol, "value-col", "", "long: column of the value (default: value)")
	cmd.Flags().StringVar(&regionCols, "region-cols", "", "wide: comma-separated region columns (default: all but the industry column and --exclude)")
	cmd.Flags().StringVar(&exclude, "exclude", "Total", "wide: comma-separated columns that are not regions")
	return cmd
}

// storeLayer computes relatedness for the parsed layer and loads it.
func (a *app) storeLayer(ctx context.Context, st graphmodel.Store, load graphmodel.LayerLoad, rf relFlags) error {
	load, err := withRelatedness(load, rf)
	if err != nil {
		return err
	}
	ds, err := st.LoadLayer(ctx, load)
	if err != nil {
		return err
	}
	return a.reportLoad(ds)
}

func (a *app) reportLoad(ds graphmodel.Dataset) error {
	fmt.Fprintf(a.out, "loaded %s %s from %s: %d rows read, %d records stored (dataset %d, store version %d)\n",
		ds.Kind, ds.Target, ds.Source, ds.Rows, ds.Records, ds.ID, ds.Version)
	if n := ds.Options["skipped_rows"]; n != "" {
		fmt.Fprintf(a.out, "  skipped %s rows with codes not in the classification: %s\n", n, ds.Options["skipped_codes"])
	}
	return nil
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
