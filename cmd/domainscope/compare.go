package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

func (a *app) compareCommand() *cobra.Command {
	var req analysis.CompareRequest
	var format, threshold string
	var floor float64
	var top int
	cmd := &cobra.Command{
		Use:   "compare",
		Short: "Compare two periods of a layer: links gained and lost, relatedness change, changed neighbourhoods",
		Long: `Compare two periods of one layer (same classification): every pair of industries
released in either period with its counts, relatedness values and status, the count
changes beyond Poisson noise, and the industries whose strongest related neighbours
changed most.

Counts below the disclosure floor (--floor, 10 for the UK flows) were not released: a
pair missing in one period is missing, not zero. It is called lost (or gained) only
when its count in the other period is at least --loss-factor × floor; otherwise it is
"not observed" (or "appeared").`,
		Example: `  domainscope compare --layer labour --from 2009-2013 --to 2014-2018
  domainscope --demo compare --layer labour --from 2010-2014 --to 2015-2019 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			t, err := parseThreshold(threshold)
			if err != nil {
				return err
			}
			req.Threshold, req.Floor = t, &floor
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).CompareLayers, req)
			if err != nil {
				return err
			}
			return a.print(format, res, func() report.Table { return report.ComparePairs(res) },
				func(w io.Writer) error { return report.Compare(w, res, top) })
		},
	}
	cmd.Flags().StringVar(&req.Layer, "layer", "labour", "layer name")
	cmd.Flags().StringVar(&req.From, "from", "", "earlier period, e.g. 2009-2013")
	cmd.Flags().StringVar(&req.To, "to", "", "later period, e.g. 2014-2018")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	cmd.Flags().StringVar(&threshold, "threshold", "", "a pair is related when its value is above this (default: each layer's threshold)")
	cmd.Flags().Float64Var(&floor, "floor", 10, "disclosure floor: counts below it were not released (0: all were)")
	cmd.Flags().Float64Var(&req.LossFactor, "loss-factor", 3, "a missing pair is lost (gained) only when its other count is at least this × floor")
	cmd.Flags().IntVar(&req.TopK, "top-k", 10, "strongest related neighbours compared per industry")
	cmd.Flags().IntVar(&req.MinLinks, "min-links", 0, "industries need this many related links in both periods (default: --top-k)")
	cmd.Flags().Float64Var(&req.Z, "z", 3, "critical |z| of a count change (after the overdispersion correction)")
	cmd.Flags().IntVar(&req.Resamples, "resamples", 20, "pairs of periods simulated with no change for the neighbourhood noise level (-1: none)")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the resamples")
	cmd.Flags().IntVar(&top, "top", 15, "table: rows per section")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per pair)")
	return cmd
}

// withEvolution adds the 'evolution' subcommand to the domains command.
func (a *app) withEvolution(domains *cobra.Command) *cobra.Command {
	domains.AddCommand(a.evolutionCommand())
	return domains
}

func (a *app) evolutionCommand() *cobra.Command {
	var req analysis.EvolutionRequest
	var periods, threshold, format string
	var members int
	cmd := &cobra.Command{
		Use:   "evolution",
		Short: "Track knowledge domains across periods: continuation, growth, contraction, merge, split, birth, death",
		Long: `Find the knowledge domains of one layer in each period and match the domains of
consecutive periods by member overlap (Jaccard ≥ --theta, after Greene, Doyle &
Cunningham 2010), labelling each event. Each period is rerun with --runs other seeds:
an event is "beyond noise" only when the domains involved match across periods less
well than they match themselves across reruns of the same period.`,
		Example: `  domainscope domains evolution --layer labour --periods 2009-2013,2014-2018
  domainscope --demo domains evolution --layer labour --periods 2010-2014,2015-2019 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			t, err := parseThreshold(threshold)
			if err != nil {
				return err
			}
			req.Threshold, req.Periods = t, splitList(periods)
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).DomainEvolution, req)
			if err != nil {
				return err
			}
			return a.print(format, res, func() report.Table { return report.EvolutionEvents(res) },
				func(w io.Writer) error { return report.Evolution(w, res, members) })
		},
	}
	cmd.Flags().StringVar(&req.Layer, "layer", "labour", "layer name")
	cmd.Flags().StringVar(&periods, "periods", "", "comma-separated periods in time order, e.g. 2009-2013,2014-2018")
	_ = cmd.MarkFlagRequired("periods")
	cmd.Flags().StringVar(&threshold, "threshold", "", "keep links with relatedness above this (default: each layer's threshold)")
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ of the domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of Louvain's node order")
	cmd.Flags().IntVar(&req.Runs, "runs", 10, "reruns per period with other seeds for the noise level (-1: none)")
	cmd.Flags().Float64Var(&req.Theta, "theta", 0.3, "domains match when their Jaccard overlap is at least this")
	cmd.Flags().Float64Var(&req.Growth, "growth", 0.2, "growth (contraction) when a matched domain is at least 1+this times as large (small)")
	cmd.Flags().IntVar(&req.MinSize, "min-size", 3, "events need a domain of at least this many industries")
	cmd.Flags().Float64Var(&req.NoiseQuantile, "noise-quantile", 0.1, "quantile of the reruns' self-match Jaccard that an event must fall below")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a traditional sector")
	cmd.Flags().IntVar(&members, "members", 6, "table: industries listed per event side (0: all)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per event)")
	return cmd
}

func (a *app) regionChangeCommand() *cobra.Command {
	var req analysis.RegionChangeRequest
	var measure, format string
	var top int
	cmd := &cobra.Command{
		Use:   "region-change REGION",
		Short: "How a region's specialisations changed between two periods, with a descriptive life-cycle stage",
		Long: `Compare a region's location quotients (RTA with --measure patents) between two periods
of regional values: the change of every industry's LQ, new and lost specialisations, and
a life-cycle stage for each specialisation (emerging, growing, mature, declining). The
stages describe what happened between the periods; they are not a forecast.`,
		Example: `  domainscope --demo region-change eastvale --from 2015 --to 2020
  domainscope region-change london --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			req.Region, req.Measure = args[0], graphmodel.Measure(measure)
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).RegionChange, req)
			if err != nil {
				return err
			}
			return a.print(format, res, func() report.Table { return report.RegionChangeRows(res) },
				func(w io.Writer) error { return report.RegionChange(w, res, top) })
		},
	}
	cmd.Flags().StringVar(&measure, "measure", "employment", "employment (location quotients) or patents (revealed technological advantage)")
	cmd.Flags().StringVar(&req.Classification, "classification", "", "classification of the regional values (default: the only one with two periods)")
	cmd.Flags().StringVar(&req.From, "from", "", "earlier period (default: the earliest)")
	cmd.Flags().StringVar(&req.To, "to", "", "later period (default: the latest)")
	cmd.Flags().Float64Var(&req.Tolerance, "tolerance", 0.05, "employment change below which a kept specialisation is neither growing nor declining")
	cmd.Flags().Float64Var(&req.MinCount, "min-count", 0, "patents: RTA is undefined for a region with fewer patents than this")
	cmd.Flags().IntVar(&top, "top", 10, "table: rows per stage")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json, or csv (one row per industry)")
	return cmd
}

func (a *app) concordCommand() *cobra.Command {
	var cf commonFlags
	var lf layerFlags
	var rf relFlags
	var conc ingest.ConcordanceOptions
	var concFile, fromCol, toCol, valueCol, dups, selfLoops, unmapped, output, concDelim string
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if concFile == "" {
				return graphmodel.Errorf(graphmodel.EINVALID, "--concordance: give the concordance table (old_code,new_code[,weight])")
			}
			d, err := delimiterOf(concDelim)
			if err != nil {
				return err
			}
			conc.CSV.Delimiter = d
			c, err := ingest.ReadConcordance(concFile, conc)
			if err != nil {
				return err
			}
			// read parses the old-classification links (codes unchecked) and maps them.
			read := func(path string, in layerInput) (graphmodel.LayerLoad, error) {
				if !in.layer.Kind.HasCounts() {
					return graphmodel.LayerLoad{}, graphmodel.Errorf(graphmodel.EINVALID,
						"--kind %s: only counts (flows, co-occurrence) can be mapped through a concordance; relatedness values are not additive", in.layer.Kind)
				}
				load, err := ingest.ReadLinks(path, ingest.LinksOptions{
					Layer: in.layer, CSV: in.csv, Codes: in.codes,
					FromCol: fromCol, ToCol: toCol, ValueCol: valueCol, Duplicates: dups, SelfLoops: selfLoops,
				})
				if err != nil {
					return load, err
				}
				links, rep, err := c.MapLinks(load.Links, load.Layer.Directed, unmapped)
				if err != nil {
					return load, err
				}
				load.Links, load.AddIndustries = links, nil
				if in.known != nil {
					if load, err = checkMapped(load, c, in); err != nil {
						return load, err
					}
				}
				o := load.Provenance.Options
				o["concordance"] = c.Provenance.Source
				o["concordance_sha256"] = c.Provenance.SHA256
				o["concordance_split_links"] = strconv.Itoa(rep.Split)
				o["unmapped"] = unmapped
				if len(rep.Unmapped) > 0 {
					var codes []string
					for _, u := range rep.Unmapped {
						codes = append(codes, u.Code)
					}
					o["unmapped_codes"] = strings.Join(codes, ",")
				}
				fmt.Fprintf(a.out, "mapped %d links through %s into %d links (%d split over several new codes", rep.In, c.Provenance.Source, rep.Out, rep.Split)
				if len(rep.Unmapped) > 0 {
					fmt.Fprintf(a.out, "; %d codes not in the concordance %s", len(rep.Unmapped), map[string]string{
						ingest.UnmappedDrop: "dropped", ingest.UnmappedKeep: "kept unchanged"}[unmapped])
				}
				fmt.Fprintln(a.out, ")")
				return load, nil
			}
			if output == "" {
				if cf.classification == "" {
					return graphmodel.Errorf(graphmodel.EINVALID, "--classification: give the new classification the layer is loaded in (or --output FILE)")
				}
				return a.runLayerIngest(cmd, args[0], &cf, &lf, rf, read)
			}
			layer, err := lf.layerOf(cf.classification)
			if err != nil {
				return err
			}
			csvOpt, done, err := cf.csv(a)
			if err != nil {
				return err
			}
			load, err := read(args[0], layerInput{layer: layer, csv: csvOpt, codes: cf.codes()})
			done()
			if err != nil {
				return err
			}
			return writeLinks(output, load.Links)
		},
	}
	cf.add(cmd, false)
	lf.add(cmd, "")
	rf.add(cmd)
	cmd.Flags().StringVar(&concFile, "concordance", "", "concordance table: old_code,new_code[,weight]")
	cmd.Flags().StringVar(&conc.OldCol, "old-col", "", "concordance: column of the old code (default: the first)")
	cmd.Flags().StringVar(&conc.NewCol, "new-col", "", "concordance: column of the new code (default: the second)")
	cmd.Flags().StringVar(&conc.WeightCol, "weight-col", "", `concordance: column of the weight (default: the third if any; "none": no weights)`)
	cmd.Flags().IntVar(&conc.OldCodes.Pad, "old-pad", 0, "concordance: left-pad all-digit old codes to this width")
	cmd.Flags().IntVar(&conc.NewCodes.Pad, "new-pad", 0, "concordance: left-pad all-digit new codes to this width")
	cmd.Flags().StringVar(&concDelim, "concordance-delimiter", "", `concordance: field delimiter ",", ";" or "tab" (default: detected)`)
	cmd.Flags().StringVar(&conc.Split, "split", "error", "without weights, an old code with several new codes: error, equal or first")
	cmd.Flags().Float64Var(&conc.Tolerance, "tolerance", 0.001, "how far the weights of an old code may sum from 1")
	cmd.Flags().StringVar(&unmapped, "unmapped", "error", "codes of FILE not in the concordance: error, drop or keep (unchanged)")
	cmd.Flags().StringVar(&output, "output", "", "write the mapped links to this CSV file instead of loading them")
	cmd.Flags().StringVar(&fromCol, "from-col", "", "column of the source industry (default: the first)")
	cmd.Flags().StringVar(&toCol, "to-col", "", "column of the target industry (default: the second)")
	cmd.Flags().StringVar(&valueCol, "value-col", "", "column of the count (default: the third)")
	cmd.Flags().StringVar(&dups, "duplicates", "error", "a pair listed twice in FILE: error or sum")
	cmd.Flags().StringVar(&selfLoops, "self-loops", "", "links from an industry to itself: keep, drop or error (default: keep for flows, error otherwise)")
	cmd.Flags().Lookup("pad").Usage = "left-pad all-digit codes of FILE (old codes) to this width"
	cmd.Flags().Lookup("unknown").Usage = "mapped codes not in --classification: error, create or skip"
	return cmd
}

func delimiterOf(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case ",", ";":
		return rune(s[0]), nil
	case "tab", "\\t", "\t":
		return '\t', nil
	}
	return 0, graphmodel.Errorf(graphmodel.EINVALID, "--concordance-delimiter %q: expected \",\", \";\" or \"tab\"", s)
}

// checkMapped applies the unknown-code policy to the new codes of mapped links.
func checkMapped(load graphmodel.LayerLoad, c ingest.Concordance, in layerInput) (graphmodel.LayerLoad, error) {
	missing := map[string]bool{}
	for _, l := range load.Links {
		for _, code := range []string{l.From, l.To} {
			if !in.known[code] {
				missing[code] = true
			}
		}
	}
	if len(missing) == 0 {
		return load, nil
	}
	codes := make([]string, 0, len(missing))
	for code := range missing {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	switch in.unknown {
	case ingest.UnknownCreate:
		for _, code := range codes {
			load.AddIndustries = append(load.AddIndustries, graphmodel.Industry{Classification: in.layer.Classification, Code: code, Name: code})
		}
		load.Provenance.Options["created_industries"] = strconv.Itoa(len(codes))
	case ingest.UnknownSkip:
		kept := load.Links[:0]
		for _, l := range load.Links {
			if !missing[l.From] && !missing[l.To] {
				kept = append(kept, l)
			}
		}
		load.Provenance.Options["skipped_rows"] = strconv.Itoa(len(load.Links) - len(kept))
		load.Provenance.Options["skipped_codes"] = strings.Join(codes, ",")
		load.Links = kept
	default:
		shown := codes[:min(10, len(codes))]
		return load, graphmodel.Errorf(graphmodel.EINVALID,
			"concordance %s maps to %d code(s) that are not in classification %s: %s; load the classification first, or use --unknown create or skip",
			c.Provenance.Source, len(codes), in.layer.Classification, strings.Join(shown, ", "))
	}
	return load, nil
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
