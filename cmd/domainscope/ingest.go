package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/relatedness"
)

// commonFlags are the flags every ingest subcommand shares.
type commonFlags struct {
	classification, delimiter, unknown string
	pad                                int
	keepPunct                          bool
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

// csv returns the CSV options, with a progress bar on a terminal; done ends the bar.
func (f *commonFlags) csv(a *app) (opt ingest.CSVOptions, done func(), err error) {
	if opt.Delimiter, err = ingest.ParseDelimiter(f.delimiter); err != nil {
		return opt, nil, err
	}
	done = func() {}
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
				bar = nil
			}
		}
	}
	return opt, done, nil
}

func (f *commonFlags) codes() ingest.CodeFormat {
	return ingest.CodeFormat{Pad: f.pad, KeepPunct: f.keepPunct}
}

// relFlags choose how relatedness is computed from counts.
type relFlags struct {
	method, symmetrise, threshold, shrink string
	diagonal                              bool
	floor, prior, alpha                   float64
}

func (f *relFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.method, "method", "", "relatedness method: ratio, association, cosine, jaccard, proximity, knowledgeflows (the Turing Knowledge Flows UK procedure; flows, needs --floor) (default: ratio for flows, association for co-occurrence)")
	cmd.Flags().Float64Var(&f.floor, "floor", 0, "disclosure floor of the counts: counts below it were not released, absent pairs are censored below it (10 for the UK flows; 0: none)")
	cmd.Flags().StringVar(&f.shrink, "shrink", "none", "ratio, association: none, or gamma-poisson (empirical-Bayes posterior mean of the ratio, pulling ratios on few counts towards 1)")
	cmd.Flags().Float64Var(&f.prior, "prior", 0, "gamma-poisson prior strength a (0: fitted to the data)")
	cmd.Flags().Float64Var(&f.alpha, "alpha", 0, "keep only links with a Benjamini–Hochberg q-value <= alpha, in (0, 1) (0: keep every link)")
	cmd.Flags().BoolVar(&f.diagonal, "diagonal", false, "ratio: include within-industry counts (the diagonal) in the totals")
	cmd.Flags().StringVar(&f.symmetrise, "symmetrise", "mean", "ratio on flows: mean (of both directions) or none")
	cmd.Flags().StringVar(&f.threshold, "threshold", "", "a link is related when its value is above this (default: the method's, 0 for the normalised ratio)")
}

func (f *relFlags) options() (ingest.RelatednessOptions, error) {
	thr, err := ingest.ParseThreshold(f.threshold)
	return ingest.RelatednessOptions{Method: relatedness.Method(f.method), Diagonal: f.diagonal, Symmetrise: f.symmetrise, Threshold: thr,
		Floor: f.floor, Shrinkage: f.shrink, Prior: f.prior, Alpha: f.alpha}, err
}

// parseThreshold reads a --threshold flag: nil when it is not given.
func parseThreshold(s string) (*float64, error) { return ingest.ParseThreshold(s) }

// layerFlags name the layer a links-producing command loads.
type layerFlags struct {
	layer, period, kind string
}

func (f *layerFlags) add(cmd *cobra.Command, withKind bool) {
	cmd.Flags().StringVar(&f.layer, "layer", "", "layer name, e.g. labour, copatent, io")
	cmd.Flags().StringVar(&f.period, "period", "", "period of the layer, e.g. 2009-2018")
	if withKind {
		cmd.Flags().StringVar(&f.kind, "kind", "flows", "layer kind: flows (directed counts), co-occurrence (undirected counts), relatedness (given values)")
	}
	_ = cmd.MarkFlagRequired("layer")
	_ = cmd.MarkFlagRequired("period")
}

func (f *layerFlags) of(classification string) graphmodel.Layer {
	return graphmodel.Layer{Name: f.layer, Period: f.period, Kind: graphmodel.LayerKind(f.kind), Classification: classification}
}

// load runs ingest.Load on path with the options that opt builds from the
// shared CSV options, in the store, and returns the new dataset.
func (a *app) load(ctx context.Context, path string, cf *commonFlags, opt func(ingest.CSVOptions) ingest.Options) (graphmodel.Dataset, error) {
	csvOpt, done, err := cf.csv(a)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	defer done()
	st, err := a.openStore(ctx)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	defer st.Close()
	ds, err := ingest.Load(ctx, st, path, opt(csvOpt))
	done()
	return ds, err
}

// loadAndReport loads and prints the new dataset.
func (a *app) loadAndReport(ctx context.Context, path string, cf *commonFlags, opt func(ingest.CSVOptions) ingest.Options) error {
	ds, err := a.load(ctx, path, cf, opt)
	if err != nil {
		return err
	}
	return a.reportLoad(ds)
}

func (a *app) ingestCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Load industries, links, raw records or regional values into the store",
		Long: `Load a CSV file (",", ";" or tab; gzip read transparently) into the store;
FILE "-" reads standard input. A load is all-or-nothing: a file with an error
anywhere loads nothing. Loading the same target again (classification; layer
and period; measure and period) replaces it. Limits: 1 MiB per field, 64 MiB
per record, 100,000 columns, 64 GiB of text after decompression.`,
	}
	cmd.AddCommand(a.ingestIndustries(), a.ingestLinks(), a.ingestSpells(), a.ingestPatents(), a.ingestRegional(), a.ingestRegionsGeo())
	return cmd
}

func (a *app) ingestIndustries() *cobra.Command {
	var cf commonFlags
	var o ingest.IndustriesOptions
	var levels, levelNames string
	cmd := &cobra.Command{
		Use:   "industries FILE",
		Short: "Load a classification's industries: code,name[,parent][,level] or a hierarchy file",
		Example: `  domainscope ingest industries nace.csv --classification NACE2
  domainscope ingest industries sic2007_structure.csv --classification SIC2007 \
      --code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.loadAndReport(cmd.Context(), args[0], &cf, func(c ingest.CSVOptions) ingest.Options {
				o.Classification, o.CSV, o.Codes = cf.classification, c, cf.codes()
				o.Levels, o.LevelNames = ingest.SplitList(levels), ingest.SplitList(levelNames)
				return o
			})
		},
	}
	cf.add(cmd, true)
	cmd.Flags().StringVar(&o.CodeCol, "code-col", "code", "column holding the industry code")
	cmd.Flags().StringVar(&o.NameCol, "name-col", "name", "column holding the industry name")
	cmd.Flags().StringVar(&o.ParentCol, "parent-col", "parent", "column holding the parent's code (optional)")
	cmd.Flags().StringVar(&o.LevelCol, "level-col", "level", "column holding the level (optional)")
	cmd.Flags().StringVar(&levels, "levels", "", "hierarchy file: name columns from the top level down; the last names the coded industry")
	cmd.Flags().StringVar(&levelNames, "level-names", "", "names of the levels from the top, e.g. section,division,group,class")
	cmd.Flags().StringVar(&o.EmptyGroup, "empty-group", "", "hierarchy file: name for an empty group cell (default: an empty cell is an error)")
	cmd.Flags().StringVar(&o.Duplicates, "duplicates", "error", "a code listed twice: error, first (keep the first row) or join (join the names)")
	cmd.Flags().Lookup("unknown").Hidden = true
	return cmd
}

func (a *app) ingestLinks() *cobra.Command {
	var o ingest.LinksOptions
	cmd := &cobra.Command{
		Use:   "links FILE",
		Short: "Load a layer of links: flows, co-occurrence counts or given relatedness (from,to,value)",
		Example: `  domainscope ingest links flows_sic2007_2009_2018.csv --classification SIC2007 --pad 4 \
      --layer labour --period 2009-2018 --kind flows
  domainscope ingest links skill_relatedness_nace3_2015_2017.csv --classification NACE2-3 --pad 3 \
      --layer skill --period 2015-2017 --kind relatedness --value-col sr_norm --unknown create`,
		Args: cobra.ExactArgs(1),
	}
	linkColumnFlags(cmd, &o, "count or value")
	cmd.Flags().StringVar(&o.Duplicates, "duplicates", "error", "a pair listed twice: error, sum (counts) or mean (relatedness)")
	return a.layerIngest(cmd, true, func(in layerInput) ingest.Options {
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = in.layer, in.csv, in.codes, in.unknown, in.rel
		return o
	})
}

// layerInput is what every layer ingest (links, spells, patents) takes from the shared flags.
type layerInput struct {
	layer   graphmodel.Layer
	csv     ingest.CSVOptions
	codes   ingest.CodeFormat
	unknown ingest.Unknown
	rel     ingest.RelatednessOptions
}

// layerIngest gives cmd the common, layer (with --kind when withKind) and
// relatedness flags, and a run that loads FILE with the options opts makes.
func (a *app) layerIngest(cmd *cobra.Command, withKind bool, opts func(layerInput) ingest.Options) *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	cf.add(cmd, true)
	lf.add(cmd, withKind)
	rf.add(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		rel, err := rf.options()
		if err != nil {
			return err
		}
		return a.loadAndReport(cmd.Context(), args[0], &cf, func(c ingest.CSVOptions) ingest.Options {
			return opts(layerInput{lf.of(cf.classification), c, cf.codes(), ingest.Unknown(cf.unknown), rel})
		})
	}
	return cmd
}

// linkColumnFlags are the column and self-loop flags of a links file.
func linkColumnFlags(cmd *cobra.Command, o *ingest.LinksOptions, value string) {
	cmd.Flags().StringVar(&o.FromCol, "from-col", "", "column of the source industry (default: the first)")
	cmd.Flags().StringVar(&o.ToCol, "to-col", "", "column of the target industry (default: the second)")
	cmd.Flags().StringVar(&o.ValueCol, "value-col", "", "column of the "+value+" (default: the third)")
	cmd.Flags().StringVar(&o.SelfLoops, "self-loops", "", "links from an industry to itself: keep, drop or error (default: keep for flows, error otherwise)")
}

func (a *app) ingestSpells() *cobra.Command {
	var o ingest.SpellOptions
	cmd := &cobra.Command{
		Use:   "spells FILE",
		Short: "Build a labour-flow layer from raw job spells: worker_id,period,industry[,region]",
		Long: `Build a directed flows layer from raw job spells. A move is a change of industry
between consecutive spells (by period) of the same worker. The file may be unsorted
and is streamed.`,
		Example: `  domainscope ingest spells spells.csv --classification NACE2 --layer labour \
      --period 2010-2014 --from-period 2010 --to-period 2014`,
		Args: cobra.ExactArgs(1),
	}
	cmd.Flags().StringVar(&o.FromPeriod, "from-period", "", "first period to use (inclusive)")
	cmd.Flags().StringVar(&o.ToPeriod, "to-period", "", "last period to use (inclusive)")
	cmd.Flags().BoolVar(&o.Stayers, "stayers", false, "count consecutive spells in the same industry on the diagonal")
	return a.layerIngest(cmd, false, func(in layerInput) ingest.Options {
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = in.layer, in.csv, in.codes, in.unknown, in.rel
		return o
	})
}

func (a *app) ingestPatents() *cobra.Command {
	var o ingest.PatentOptions
	cmd := &cobra.Command{
		Use:     "patents FILE",
		Short:   "Build a co-patenting layer from raw patent records: patent_id,industry",
		Example: `  domainscope ingest patents patents.csv --classification NACE2 --layer copatent --period 2010-2019`,
		Args:    cobra.ExactArgs(1),
	}
	cmd.Flags().BoolVar(&o.Fractional, "fractional", false, "fractional counting: each patent contributes 1 in total, split over its industry pairs")
	return a.layerIngest(cmd, false, func(in layerInput) ingest.Options {
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = in.layer, in.csv, in.codes, in.unknown, in.rel
		return o
	})
}

func (a *app) ingestRegional() *cobra.Command {
	var cf commonFlags
	var long ingest.RegionalLongOptions
	var measure, period, shape, industryCol, regionCols, exclude string
	cmd := &cobra.Command{
		Use:   "regional FILE",
		Short: "Load regional employment or patent counts (long: region,industry,value; or wide: one column per region)",
		Example: `  domainscope ingest regional employment.csv --classification NACE2 --period 2015
  domainscope ingest regional employment_2015_uk_regions_wide.csv --shape wide --classification SIC2007 \
      --period 2015 --industry-col SIC2007 --exclude Industry,Total,Description --unknown skip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if shape != "long" && shape != "wide" {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "shape", "--shape %q: expected long or wide", shape)
			}
			return a.loadAndReport(cmd.Context(), args[0], &cf, func(c ingest.CSVOptions) ingest.Options {
				set := graphmodel.RegionalSet{Measure: graphmodel.Measure(measure), Classification: cf.classification, Period: period}
				if shape == "wide" {
					return ingest.RegionalWideOptions{Set: set, CSV: c, Codes: cf.codes(), Unknown: ingest.Unknown(cf.unknown),
						IndustryCol: industryCol, RegionCols: ingest.SplitList(regionCols), Exclude: ingest.SplitList(exclude)}
				}
				long.Set, long.CSV, long.Codes, long.Unknown, long.IndustryCol = set, c, cf.codes(), ingest.Unknown(cf.unknown), industryCol
				return long
			})
		},
	}
	cf.add(cmd, true)
	cmd.Flags().StringVar(&measure, "measure", "employment", "what the values count: employment or patents")
	cmd.Flags().StringVar(&period, "period", "", "period of the values, e.g. 2015")
	_ = cmd.MarkFlagRequired("period")
	cmd.Flags().StringVar(&shape, "shape", "long", "long (region,industry,value) or wide (one column per region)")
	cmd.Flags().StringVar(&long.RegionCol, "region-col", "", "long: column of the region (default: region)")
	cmd.Flags().StringVar(&industryCol, "industry-col", "", "column of the industry code (default: industry)")
	cmd.Flags().StringVar(&long.ValueCol, "value-col", "", "long: column of the value (default: value)")
	cmd.Flags().StringVar(&regionCols, "region-cols", "", "wide: comma-separated region columns (default: all but the industry column and --exclude)")
	cmd.Flags().StringVar(&exclude, "exclude", "Total", "wide: comma-separated columns that are not regions")
	return cmd
}

func (a *app) concordCommand() *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	var o ingest.ConcordOptions
	var output, concDelim string
	cmd := &cobra.Command{
		Use:   "concord FILE",
		Short: "Load a counts layer given in an old classification, mapped through a concordance table",
		Long: `Read a links file (from,to,count) whose codes belong to an old classification, map its
counts to the new classification (--classification) through a concordance table
old_code,new_code[,weight], and load it as a layer like 'ingest links' does — or, with
--output, write the mapped links as CSV instead.

Weights split a count: a count between old codes a and b becomes w_aa'·w_bb'·count between
their new codes a' and b'. The weights of each old code must sum to 1 (within
--tolerance). Without a weight column, an old code listed with several new codes is an
error unless --split says how: equal (share equally) or first (keep the first row).
Codes of the links file that the concordance does not list are an error unless
--unmapped is drop or keep (keep the code unchanged).`,
		Example: `  domainscope concord flows_sic2003_1997_2008.csv --concordance sic2003_sic2007.csv \
      --classification SIC2007 --old-pad 4 --layer labour --period 1997-2008
  domainscope concord flows_old.csv --concordance conc.csv --split equal --output flows_new.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			if o.Table.CSV.Delimiter, err = ingest.ParseDelimiter(concDelim); err != nil {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "concordance_delimiter", "--concordance-delimiter %q: expected \",\", \";\" or \"tab\"", concDelim)
			}
			if o.Links.Relatedness, err = rf.options(); err != nil {
				return err
			}
			opt := func(c ingest.CSVOptions) ingest.Options {
				o.Links.Layer, o.Links.CSV, o.Links.Codes, o.Links.Unknown = lf.of(cf.classification), c, cf.codes(), ingest.Unknown(cf.unknown)
				return o
			}
			if output == "" {
				if cf.classification == "" {
					return graphmodel.FieldErrorf(graphmodel.EINVALID, "classification", "--classification: give the new classification the layer is loaded in (or --output FILE)")
				}
				ds, err := a.load(cmd.Context(), args[0], &cf, opt)
				if err != nil {
					return err
				}
				a.reportMapped(ds.Options)
				return a.reportLoad(ds)
			}
			csvOpt, done, err := cf.csv(a)
			if err != nil {
				return err
			}
			load, _, err := ingest.ReadConcorded(args[0], opt(csvOpt).(ingest.ConcordOptions))
			done()
			if err != nil {
				return err
			}
			a.reportMapped(load.Provenance.Options)
			return writeLinks(output, load.Links)
		},
	}
	cf.add(cmd, false)
	lf.add(cmd, true)
	rf.add(cmd)
	cmd.Flags().StringVar(&o.Concordance, "concordance", "", "concordance table: old_code,new_code[,weight]")
	cmd.Flags().StringVar(&o.Table.OldCol, "old-col", "", "concordance: column of the old code (default: the first)")
	cmd.Flags().StringVar(&o.Table.NewCol, "new-col", "", "concordance: column of the new code (default: the second)")
	cmd.Flags().StringVar(&o.Table.WeightCol, "weight-col", "", `concordance: column of the weight (default: the third if any; "none": no weights)`)
	cmd.Flags().IntVar(&o.Table.OldCodes.Pad, "old-pad", 0, "concordance: left-pad all-digit old codes to this width")
	cmd.Flags().IntVar(&o.Table.NewCodes.Pad, "new-pad", 0, "concordance: left-pad all-digit new codes to this width")
	cmd.Flags().StringVar(&concDelim, "concordance-delimiter", "", `concordance: field delimiter ",", ";" or "tab" (default: detected)`)
	cmd.Flags().StringVar(&o.Table.Split, "split", "error", "without weights, an old code with several new codes: error, equal or first")
	cmd.Flags().Float64Var(&o.Table.Tolerance, "tolerance", 0.001, "how far the weights of an old code may sum from 1")
	cmd.Flags().StringVar(&o.Unmapped, "unmapped", "error", "codes of FILE not in the concordance: error, drop or keep (unchanged)")
	cmd.Flags().StringVar(&output, "output", "", "write the mapped links to this CSV file instead of loading them")
	linkColumnFlags(cmd, &o.Links, "count")
	cmd.Flags().StringVar(&o.Links.Duplicates, "duplicates", "error", "a pair listed twice in FILE: error or sum")
	cmd.Flags().Lookup("pad").Usage = "left-pad all-digit codes of FILE (old codes) to this width"
	cmd.Flags().Lookup("unknown").Usage = "mapped codes not in --classification: error, create or skip"
	return cmd
}

// reportMapped prints what a concordance did, from the provenance options.
func (a *app) reportMapped(o map[string]string) {
	fmt.Fprintf(a.out, "mapped %s links through %s into %s links (%s split over several new codes",
		o["concordance_links_in"], o["concordance"], o["concordance_links_out"], o["concordance_split_links"])
	if codes := o["unmapped_codes"]; codes != "" {
		fmt.Fprintf(a.out, "; %d codes not in the concordance %s", len(strings.Split(codes, ",")), map[string]string{
			ingest.UnmappedDrop: "dropped", ingest.UnmappedKeep: "kept unchanged"}[o["unmapped"]])
	}
	fmt.Fprintln(a.out, ")")
}

// writeLinks writes mapped links as from,to,count.
func writeLinks(path string, links []graphmodel.Link) error {
	f, err := os.Create(path)
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "cannot write %s: %v", path, err)
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"from", "to", "count"})
	for _, l := range links {
		_ = w.Write([]string{l.From, l.To, strconv.FormatFloat(l.Count, 'g', -1, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing %s: %v", path, err)
	}
	return nil
}

func (a *app) reportLoad(ds graphmodel.Dataset) error {
	fmt.Fprintf(a.out, "loaded %s %s from %s: %d rows read, %d records stored (dataset %d, store version %d)\n",
		ds.Kind, ds.Target, ds.Source, ds.Rows, ds.Records, ds.ID, ds.Version)
	if n := ds.Options["skipped_rows"]; n != "" {
		fmt.Fprintf(a.out, "  skipped %s rows with codes not in the classification: %s\n", n, ds.Options["skipped_codes"])
	}
	return nil
}
