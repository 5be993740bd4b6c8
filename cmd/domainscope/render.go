package main

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/ingest"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
	"github.com/domainscope/domainscope/viz"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func (a *app) renderCommand() *cobra.Command {
	var gf graphFlags
	var (
		seeds, from, to, region, output, format, measure string
		graphviz                                         string
		hops, domain, maxNodes                           int
		minWeight                                        float64
		noDomains, noLegend                              bool
		timeout                                          time.Duration
	)
	var resolution float64
	var seed int64
	var rv analysis.RegionViewRequest
	opt := viz.DefaultOptions()
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Draw a neighbourhood, domain, path or regional view as a Graphviz diagram (SVG, PNG, DOT)",
		Long: `Draw one view of the relatedness graph as a diagram for a slide or a report:

  --seeds CODES [--hops N]   the industries around some industries
  --domain ID                the members of one knowledge domain (IDs from 'domainscope domains')
  --from A --to B            the strongest path between two industries
  --region REGION            a region's specialisations (filled) and diversification opportunities (outlined)

Nodes are coloured by knowledge domain (a colour-blind-safe palette), their text
size grows with employment, line width with relatedness; links across domains and
bridging industries are highlighted, and a legend states the data and parameters.
Dense views are thinned to their backbone (disparity filter) unless --backbone none.

The format follows the extension of -o (.svg, .png, .dot) unless --format is given.
PNG is the SVG rasterised by rsvg-convert (Debian/Ubuntu package librsvg2-bin).
Layouts: stress (default: positions computed by domainscope, Graphviz only
draws), or Graphviz's sfdp, neato, twopi, dot (at most 200 nodes), fdp (at most
80 nodes); circo is refused because it does not finish on graphs of this size.`,
		Example: `  domainscope render --seeds 8610 --hops 1 -o health.svg
  domainscope render --domain 3 --layout neato -o domain3.png
  domainscope render --from 8610 --to 7211 -o path.svg
  domainscope render --region london -o london.png
  domainscope render --domain 3 --format dot > domain3.dot`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kinds := 0
			for _, set := range []bool{seeds != "", cmd.Flags().Changed("domain"), from != "" || to != "", region != ""} {
				if set {
					kinds++
				}
			}
			if kinds != 1 {
				return graphmodel.Errorf(graphmodel.EINVALID, "choose one view: --seeds CODES, --domain ID, --from A --to B, or --region REGION")
			}
			if (from == "") != (to == "") {
				return graphmodel.Errorf(graphmodel.EINVALID, "--from and --to go together: give both industries of the path")
			}
			f, err := outputFormat(format, output)
			if err != nil {
				return err
			}
			if f == "png" && output == "" {
				if fd, ok := a.out.(*os.File); ok && term.IsTerminal(int(fd.Fd())) {
					return graphmodel.Errorf(graphmodel.EINVALID, "PNG is binary: write it to a file with -o FILE.png")
				}
			}
			opt.Legend = !noLegend
			if err := opt.Validate(); err != nil {
				return err
			}
			if graphviz != "" {
				if _, err := viz.ParseGraphviz("--graphviz", graphviz); err != nil {
					return err
				}
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			vr := analysis.ViewRequest{GraphRequest: g, WithDomains: !noDomains, Resolution: resolution, Seed: seed, MaxNodes: maxNodes}
			ctx := cmd.Context()
			r, err := viz.NewRenderer(ctx, viz.RendererConfig{Timeout: timeout, CacheEntries: -1, Graphviz: graphviz, Logger: a.log})
			if err != nil {
				return err
			}
			defer r.Close()
			if f != "dot" {
				r.Warm() // the worker starts while the store is read and the view computed
			}
			st, err := a.openExistingStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			an := analysis.NewAnalyzer(st)
			var v *analysis.GraphView
			switch {
			case seeds != "":
				v, err = an.Neighbourhood(ctx, analysis.NeighbourhoodRequest{ViewRequest: vr, Seeds: ingest.SplitList(seeds), Hops: hops, Min: minWeight})
			case cmd.Flags().Changed("domain"):
				v, err = an.DomainView(ctx, vr, domain)
			case from != "":
				v, err = an.PathView(ctx, vr, from, to)
			default:
				rv.GraphRequest, rv.Resolution, rv.Seed = g, resolution, seed
				rv.Region, rv.Measure = region, graphmodel.Measure(measure)
				v, err = an.RegionView(ctx, rv)
			}
			if err != nil {
				return err
			}
			start := time.Now()
			img, err := r.Render(ctx, v, f, opt)
			if err != nil {
				return err
			}
			a.log.Info("rendered", "format", f, "layout", opt.Layout, "nodes", len(v.Nodes), "links", len(v.Links), "elapsed", time.Since(start))
			if output == "" || output == "-" {
				_, err = a.out.Write(img)
				return err
			}
			if err := os.WriteFile(output, img, 0o644); err != nil {
				return graphmodel.WrapError(graphmodel.EINVALID, err, "cannot write %s: %v", output, err)
			}
			_ = report.Rendered(a.errOut, output, f, v, region != "", vr.MaxNodes)
			return nil
		},
	}
	gf.add(cmd)
	fl := cmd.Flags()
	fl.StringVar(&seeds, "seeds", "", "view: comma-separated industry codes and their neighbourhood")
	fl.IntVar(&hops, "hops", 1, "with --seeds: links away from the seeds (1 to 3)")
	fl.Float64Var(&minWeight, "min", 0, "with --seeds: follow only links with relatedness above this")
	fl.IntVar(&domain, "domain", 0, "view: the members of this knowledge domain")
	fl.StringVar(&from, "from", "", "view: the strongest path from this industry (with --to)")
	fl.StringVar(&to, "to", "", "view: the strongest path to this industry (with --from)")
	fl.StringVar(&region, "region", "", "view: this region's specialisations and diversification opportunities")
	fl.StringVar(&measure, "measure", "employment", "with --region: employment (location quotients) or patents (RTA)")
	fl.StringVar(&rv.RegionalPeriod, "regional-period", "", "with --region: period of the regional values (default: the latest)")
	fl.IntVar(&rv.Specialisations, "specialisations", analysis.DefaultRegionSpecialisations, "with --region: most specialisations shown")
	fl.IntVar(&rv.Shown, "opportunities", analysis.DefaultRegionOpportunities, "with --region: opportunities shown")
	fl.IntVar(&rv.MinRelated, "min-related", 2, "with --region: opportunities need links to at least this many specialisations")
	fl.Float64Var(&rv.MinCount, "min-count", 0, "with --region --measure patents: minimum patents for RTA")
	fl.Float64Var(&resolution, "resolution", 1, "resolution of the knowledge domains that colour the nodes")
	fl.Int64Var(&seed, "seed", 1, "seed of the knowledge domains")
	fl.BoolVar(&noDomains, "no-domains", false, "colour by sector instead of knowledge domain (not with --domain or --region)")
	fl.IntVar(&maxNodes, "max-nodes", analysis.DefaultMaxNodes, "most industries in the view")
	fl.StringVarP(&output, "output", "o", "", "output file (default: standard output); its extension chooses the format")
	fl.StringVar(&format, "format", "", "svg, png or dot (default: from the extension of -o, else svg)")
	fl.StringVar(&opt.Layout, "layout", opt.Layout, "layout: stress (computed by domainscope, fastest), or Graphviz's sfdp, neato, twopi, dot or fdp")
	fl.BoolVar(&opt.Clusters, "clusters", false, "draw each domain as a labelled box (layouts dot and fdp)")
	fl.StringVar(&opt.Backbone, "backbone", opt.Backbone, "link filter: auto (disparity filter when a view has over 2 links per node), disparity, topk or none")
	fl.Float64Var(&opt.Alpha, "alpha", opt.Alpha, "significance level of the disparity filter (smaller keeps fewer links)")
	fl.IntVar(&opt.TopK, "topk", opt.TopK, "with --backbone topk: strongest links kept per industry")
	fl.StringVar(&opt.Size, "size", opt.Size, "node size by employment, strength or none")
	fl.StringVar(&opt.Title, "title", "", "title of the diagram (default: the view's)")
	fl.Float64Var(&opt.Scale, "scale", opt.Scale, "PNG zoom over 72 dpi")
	fl.StringVar(&opt.NodeURL, "node-url", "", "SVG: link of each node, {code} is replaced by its code")
	fl.BoolVar(&noLegend, "no-legend", false, "leave out the legend")
	fl.DurationVar(&timeout, "timeout", viz.DefaultTimeout, "stop a layout that takes longer than this")
	fl.StringVar(&graphviz, "graphviz", "", "which Graphviz draws SVG and PNG: embedded (go-graphviz, the default), native (the programs on PATH) or auto (native when installed) (env "+viz.GraphvizEnv+")")
	return cmd
}

// outputFormat picks svg, png or dot from --format or the extension of -o.
func outputFormat(format, output string) (string, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(output)), ".")
	if format == "" {
		switch ext {
		case "", "svg":
			return "svg", nil
		case "png", "dot":
			return ext, nil
		case "gv":
			return "dot", nil
		}
		return "", graphmodel.Errorf(graphmodel.EINVALID, "-o %s: cannot tell the format from the extension %q; name the file .svg, .png or .dot, or give --format", output, ext)
	}
	format = strings.ToLower(format)
	if format != "svg" && format != "png" && format != "dot" {
		return "", graphmodel.Errorf(graphmodel.EINVALID, "--format %q: expected svg, png or dot", format)
	}
	if ext != "" && ext != format && !(format == "dot" && ext == "gv") {
		return "", graphmodel.Errorf(graphmodel.EINVALID, "--format %s does not match the extension of -o %s", format, output)
	}
	return format, nil
}
