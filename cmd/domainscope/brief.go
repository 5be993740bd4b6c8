package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/brief"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

// briefCommand is 'domainscope brief region|domain|hypothesis'.
func (a *app) briefCommand() *cobra.Command {
	var (
		output, csvPath string
		noDiagram       bool
		timeout         time.Duration
		rf              regionFlags
		dreq            analysis.DomainsRequest
		hreq            analysis.HypothesisRequest
	)
	cmd := &cobra.Command{
		Use:   "brief region REGION | domain ID | hypothesis ID",
		Short: "Write a workshop handout (one self-contained HTML file for A4 print) and a CSV bundle of its tables",
		Long: `Write a brief for a workshop: one HTML file with no external reference (inline CSS
and SVG diagram) that prints cleanly to A4, with the key numbers, the diagram, the
tables with their evidence, the parameters, the provenance of the data and the
caveats. --csv writes every table as CSV into a zip. Without the Graphviz worker
(domainscope-graphviz) the brief says so in place of the diagram.`,
		Example: `  domainscope brief region London -o london.html --csv london.zip
  domainscope brief domain 3 -o domain3.html
  domainscope brief hypothesis 2 -o hypothesis2.html`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output == "" {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "output", "-o FILE.html: name the file to write the brief to")
			}
			ctx := cmd.Context()
			kind, arg := args[0], args[1]
			var build func(m *brief.Maker) (*brief.Document, error)
			switch kind {
			case "region":
				if err := rf.request([]string{arg}); err != nil {
					return err
				}
				build = func(m *brief.Maker) (*brief.Document, error) { return m.Region(ctx, rf.req) }
			case "domain", "hypothesis":
				id, err := strconv.ParseInt(arg, 10, 64)
				if err != nil || id < 1 {
					return graphmodel.FieldErrorf(graphmodel.EINVALID, "id", "%s %q: expected a positive whole number", kind, arg)
				}
				g, err := rf.gf.request()
				if err != nil {
					return err
				}
				if kind == "domain" {
					dreq.GraphRequest, dreq.Resolution, dreq.Seed = g, rf.req.Resolution, rf.req.Seed
					build = func(m *brief.Maker) (*brief.Document, error) { return m.Domain(ctx, dreq, int(id)) }
				} else {
					hreq.GraphRequest, hreq.ID = g, id
					build = func(m *brief.Maker) (*brief.Document, error) { return m.Hypothesis(ctx, hreq) }
				}
			default:
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "kind", "brief %q: expected region, domain or hypothesis", kind)
			}
			st, err := a.openExistingStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			m := &brief.Maker{Analyzer: analysis.NewAnalyzer(st)}
			if !noDiagram {
				if r := a.briefRenderer(ctx, timeout); r != nil {
					defer r.Close()
					m.Renderer = r
				}
			}
			doc, err := build(m)
			if err != nil {
				return err
			}
			if err := writeWith(output, doc.WriteHTML); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "wrote %s (%d tables)\n", output, len(doc.Tables))
			if csvPath != "" {
				if err := writeWith(csvPath, doc.WriteZip); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "wrote %s\n", csvPath)
			}
			return nil
		},
	}
	rf.add(cmd)
	fl := cmd.Flags()
	fl.StringVarP(&output, "output", "o", "", "the HTML file to write")
	fl.StringVar(&csvPath, "csv", "", "also write every table as CSV into this zip")
	fl.BoolVar(&noDiagram, "no-diagram", false, "leave out the diagram")
	fl.DurationVar(&timeout, "timeout", viz.DefaultTimeout, "stop a diagram layout that takes longer than this")
	fl.IntVar(&hreq.Bridges, "bridges", 10, "domain, hypothesis: bridging industries to list")
	return cmd
}

// briefRenderer starts the diagram renderer, or returns nil (with a
// warning) when the Graphviz worker is not installed.
func (a *app) briefRenderer(ctx context.Context, timeout time.Duration) *viz.Renderer {
	if _, err := viz.FindWorker(); err != nil {
		a.log.Warn("no diagram in the brief", "reason", err)
		return nil
	}
	r, err := viz.NewRenderer(ctx, viz.RendererConfig{Timeout: timeout, CacheEntries: -1, Logger: a.log})
	if err != nil {
		a.log.Warn("no diagram in the brief", "reason", err)
		return nil
	}
	r.Warm() // the worker starts while the brief's analyses run
	return r
}

// writeWith writes a file through write, leaving no partial file on failure.
func writeWith(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".brief-*")
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "cannot write %s: %v", path, err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "cannot write %s: %v", path, err)
	}
	return nil
}
