package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
)

// formFlags gives cmd a flag for every option of an ingest form of kind
// (ingest.Fields: the upload endpoint takes the same as form fields).
func formFlags(cmd *cobra.Command, kind string) *ingest.Form {
	form, err := ingest.NewForm(kind)
	if err != nil {
		panic(err) // a kind of this file's commands
	}
	for _, fd := range ingest.Fields(kind) {
		fl := cmd.Flags().VarPF(formValue{form, fd}, fd.Name, "", fd.Usage)
		if fd.Type == "bool" {
			fl.NoOptDefVal = "true"
		}
		if fd.Required {
			_ = cmd.MarkFlagRequired(fd.Name)
		}
	}
	return form
}

// formValue is one form option as a pflag.Value: Set keeps the text, the
// form parses it when the command runs (so errors name the flag).
type formValue struct {
	form *ingest.Form
	fd   ingest.Field
}

func (v formValue) String() string     { return v.form.Value(v.fd.Name) }
func (v formValue) Set(s string) error { v.form.Set(v.fd.Name, s); return nil }
func (v formValue) Type() string {
	if v.fd.Type == "" {
		return "string"
	}
	return v.fd.Type
}

// load runs ingest.Load on path with the form's options, with a progress
// bar on a terminal, and returns the new dataset.
func (a *app) load(ctx context.Context, path string, form *ingest.Form) (graphmodel.Dataset, error) {
	done := a.progress(form)
	defer done()
	opt, err := form.Options()
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	defer st.Close()
	return ingest.Load(ctx, st, path, opt)
}

// progress draws a progress bar of the form's reading on a terminal; done ends it.
func (a *app) progress(form *ingest.Form) (done func()) {
	if !a.stderrIsTerminal() {
		return func() {}
	}
	var bar *progressbar.ProgressBar
	form.OnProgress = func(read, total int64) {
		if bar == nil {
			bar = progressbar.DefaultBytes(total, "reading")
		}
		_ = bar.Set64(read)
	}
	return func() {
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(a.errOut)
			bar = nil
		}
	}
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
	for _, c := range ingestCommands() {
		cmd.AddCommand(a.ingestKind(c))
	}
	return cmd
}

// ingestKind is 'domainscope ingest KIND FILE': the form's flags, a load, its report.
func (a *app) ingestKind(c *cobra.Command) *cobra.Command {
	kind, _, _ := strings.Cut(c.Use, " ")
	form := formFlags(c, kind)
	c.Args = cobra.ExactArgs(1)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		ds, err := a.load(cmd.Context(), args[0], form)
		if err != nil {
			return err
		}
		return report.Load(a.out, ds)
	}
	return c
}

// ingestCommands are the help of the ingest subcommands; Use starts with the kind.
func ingestCommands() []*cobra.Command {
	return []*cobra.Command{{
		Use:   "industries FILE",
		Short: "Load a classification's industries: code,name[,parent][,level] or a hierarchy file",
		Example: `  domainscope ingest industries nace.csv --classification NACE2
  domainscope ingest industries sic2007_structure.csv --classification SIC2007 \
      --code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity`,
	}, {
		Use:   "links FILE",
		Short: "Load a layer of links: flows, co-occurrence counts or given relatedness (from,to,value)",
		Example: `  domainscope ingest links flows_sic2007_2009_2018.csv --classification SIC2007 --pad 4 \
      --layer labour --period 2009-2018 --kind flows
  domainscope ingest links skill_relatedness_nace3_2015_2017.csv --classification NACE2-3 --pad 3 \
      --layer skill --period 2015-2017 --kind relatedness --value-col sr_norm --unknown create`,
	}, {
		Use:   "spells FILE",
		Short: "Build a labour-flow layer from raw job spells: worker_id,period,industry[,region]",
		Long: `Build a directed flows layer from raw job spells. A move is a change of industry
between consecutive spells (by period) of the same worker. The file may be unsorted
and is streamed.`,
		Example: `  domainscope ingest spells spells.csv --classification NACE2 --layer labour \
      --period 2010-2014 --from-period 2010 --to-period 2014`,
	}, {
		Use:     "patents FILE",
		Short:   "Build a co-patenting layer from raw patent records: patent_id,industry",
		Example: `  domainscope ingest patents patents.csv --classification NACE2 --layer copatent --period 2010-2019`,
	}, {
		Use:   "regional FILE",
		Short: "Load regional employment, patent or publication counts (long: region,industry,value; or wide: one column per region)",
		Example: `  domainscope ingest regional employment.csv --classification NACE2 --period 2015
  domainscope ingest regional employment_2015_uk_regions_wide.csv --shape wide --classification SIC2007 \
      --period 2015 --industry-col SIC2007 --exclude Industry,Total,Description --unknown skip`,
	}, {
		Use:   "regions-geo FILE",
		Short: "Load region boundaries for the map: a GeoJSON FeatureCollection of Polygons or MultiPolygons",
		Long: fmt.Sprintf(`Load the outlines of the regions from a GeoJSON FeatureCollection (RFC 7946).
--id-property names the feature property that holds each region's ID or name; it is
matched to the stored regions by ID, by name (ignoring case) or by the ID made from
the name. Features that match no region are left out, regions that no feature matches
are drawn as tiles; both are listed. A file that is not GeoJSON, or in which no
feature matches a region, loads nothing. A load replaces the boundaries loaded before.
Limits: %d MiB of GeoJSON, %d vertices in all, %d regions (simplify detailed
boundaries first, e.g. mapshaper -simplify 5%%). Coordinates are drawn as given
(longitude/latitude, or projected metres).`, ingest.MaxGeoJSONBytes>>20, graphmodel.MaxBoundaryVertices, graphmodel.MaxBoundaryShapes),
		Example: `  domainscope ingest regions-geo uk_regions.geojson --id-property rgn_name`,
	}}
}

func (a *app) concordCommand() *cobra.Command {
	var output string
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
	}
	form := formFlags(cmd, "concord")
	cmd.Flags().StringVar(&output, "output", "", "write the mapped links to this CSV file instead of loading them")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if output == "" {
			if form.Value("classification") == "" {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "classification", "--classification: give the new classification the layer is loaded in (or --output FILE)")
			}
			ds, err := a.load(cmd.Context(), args[0], form)
			if err != nil {
				return err
			}
			_ = report.Mapped(a.out, ds.Options)
			return report.Load(a.out, ds)
		}
		done := a.progress(form)
		defer done()
		opt, err := form.Options()
		if err != nil {
			return err
		}
		load, _, err := ingest.ReadConcorded(args[0], opt.(ingest.ConcordOptions))
		done()
		if err != nil {
			return err
		}
		_ = report.Mapped(a.out, load.Provenance.Options)
		return writeLinks(output, load.Links)
	}
	return cmd
}

// writeLinks writes mapped links as from,to,count.
func writeLinks(path string, links []graphmodel.Link) error {
	f, err := os.Create(path)
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "cannot write %s: %v", path, err)
	}
	if err := report.LinkCounts(links).WriteCSV(f); err != nil {
		f.Close()
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing %s: %v", path, err)
	}
	return nil
}
