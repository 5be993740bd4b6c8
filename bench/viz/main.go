// Command viz times diagram rendering on the real UK labour flows: a 50-node
// and a 200-node knowledge-domain diagram, laid out by go-graphviz
// (Graphviz 12 in WebAssembly) through viz.Renderer and directly in process,
// and by the native Graphviz programs (Debian graphviz) on the same DOT text.
// It prints one row per diagram and layout with median times and the ratio
// of go-graphviz to native. Run it with bench/viz/run.sh.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/viz"
	"github.com/goccy/go-graphviz"

	// This program is its own diagram worker (it links go-graphviz anyway).
	_ "github.com/domainscope/domainscope/viz/gvworker"
)

func main() {
	store := flag.String("store", "", "store with the UK labour layer (see run.sh)")
	reps := flag.Int("reps", 5, "runs per measurement (the median is reported)")
	dir := flag.String("dir", os.TempDir(), "directory for the DOT files")
	flag.Parse()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, *store)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	an := analysis.NewAnalyzer(st)
	graph := analysis.GraphRequest{Layers: []string{"labour"}}
	views := []struct {
		name       string
		resolution float64
		max        int
		backbone   string
	}{
		{"domain-50", 1, 50, "auto"},
		{"domain-200", 0.2, 200, "auto"},
		{"domain-200-all-links", 0.2, 200, "none"},
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	r, err := viz.NewRenderer(ctx, viz.RendererConfig{CacheEntries: -1, Timeout: 5 * time.Minute, Executable: self})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()

	// The first render starts the worker process.
	v0, err := an.DomainView(ctx, analysis.ViewRequest{GraphRequest: graph, MaxNodes: 50, Resolution: 1, Seed: 1}, 1)
	if err != nil {
		log.Fatal(err)
	}
	t0 := time.Now()
	if _, err := r.Render(ctx, v0, "svg", viz.DefaultOptions()); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("# first render (starts the worker process): %.3f s\n", time.Since(t0).Seconds())

	gv, err := graphviz.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer gv.Close()

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "view\tnodes\tlinks\tlayout\trenderer_s\tgo-graphviz_s\tnative_s\trenderer/native\tgo-graphviz/native")
	for _, vw := range views {
		v, err := an.DomainView(ctx, analysis.ViewRequest{GraphRequest: graph, MaxNodes: vw.max, Resolution: vw.resolution, Seed: 1}, 1)
		if err != nil {
			log.Fatal(err)
		}
		layouts := []string{viz.StressLayout, "sfdp", "neato", "twopi", "dot", "fdp"}
		for _, layout := range layouts {
			if layout == "fdp" && len(v.Nodes) > 80 {
				continue
			}
			o := viz.DefaultOptions()
			o.Layout, o.Backbone = layout, vw.backbone
			dot, err := viz.DOT(v, o)
			if err != nil {
				log.Fatal(err)
			}
			links := strings.Count(string(dot), " -- ")
			file := filepath.Join(*dir, fmt.Sprintf("%s-%s.dot", vw.name, layout))
			if err := os.WriteFile(file, dot, 0o644); err != nil {
				log.Fatal(err)
			}
			rend := median(*reps, func() error { _, err := r.Render(ctx, v, "svg", o); return err })
			engine := layout
			if layout == viz.StressLayout {
				engine = "nop2"
			}
			direct := median(*reps, func() error { return inProcess(ctx, gv, engine, dot) })
			prog, args := layout, []string{"-Tsvg"}
			if layout == viz.StressLayout { // positions in the DOT: Graphviz only draws
				prog, args = "neato", []string{"-n2", "-Tsvg"}
			}
			native := median(*reps, func() error { return exec.Command(prog, append(args, "-o", os.DevNull, file)...).Run() })
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\n", vw.name, len(v.Nodes), links, layout, rend, direct, native, rend/native, direct/native)
		}
		// overlap=scale instead of prism, for comparison.
		o := viz.DefaultOptions()
		o.Backbone = vw.backbone
		dot, _ := viz.DOT(v, o)
		dot = bytes.Replace(dot, []byte(`overlap="prism"`), []byte(`overlap="scale"`), 1)
		file := filepath.Join(*dir, vw.name+"-sfdp-scale.dot")
		if err := os.WriteFile(file, dot, 0o644); err != nil {
			log.Fatal(err)
		}
		direct := median(*reps, func() error { return inProcess(ctx, gv, "sfdp", dot) })
		native := median(*reps, func() error { return exec.Command("sfdp", "-Tsvg", "-o", os.DevNull, file).Run() })
		fmt.Fprintf(tw, "%s\t%d\t%d\tsfdp+scale\t-\t%.3f\t%.3f\t-\t%.2f\n", vw.name, len(v.Nodes), strings.Count(string(dot), " -- "), direct, native, direct/native)
	}
	tw.Flush()

	// PNG: the SVG rasterised by rsvg-convert (cache off, so layout included).
	o := viz.DefaultOptions()
	pngT := median(*reps, func() error { _, err := r.Render(ctx, v0, "png", o); return err })
	svgT := median(*reps, func() error { _, err := r.Render(ctx, v0, "svg", o); return err })
	fmt.Printf("# domain-50 PNG (scale %g): %.3f s, of which SVG %.3f s\n", o.Scale, pngT, svgT)

	// Cached renders: the view is built again each time (as the API does), the image comes from the cache.
	rc, err := viz.NewRenderer(ctx, viz.RendererConfig{Executable: self})
	if err != nil {
		log.Fatal(err)
	}
	defer rc.Close()
	req := analysis.ViewRequest{GraphRequest: graph, MaxNodes: 50, Resolution: 1, Seed: 1}
	if _, err := rc.Render(ctx, v0, "png", o); err != nil { // fill the cache
		log.Fatal(err)
	}
	n, start := 0, time.Now()
	for time.Since(start) < 2*time.Second {
		v, err := an.DomainView(ctx, req, 1)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := rc.Render(ctx, v, "png", o); err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Printf("# cached PNG renders of domain-50 with the view rebuilt each time (Louvain included): %.0f/s\n", float64(n)/time.Since(start).Seconds())
	n, start = 0, time.Now()
	for time.Since(start) < time.Second {
		if _, err := rc.Render(ctx, v0, "png", o); err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Printf("# cached PNG renders of domain-50, view given (DOT text and its hash): %.0f/s; stats %+v\n", float64(n)/time.Since(start).Seconds(), rc.Stats())
}

func inProcess(ctx context.Context, gv *graphviz.Graphviz, layout string, dot []byte) error {
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return err
	}
	defer g.Close()
	gv.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	return gv.Render(ctx, g, graphviz.SVG, &buf)
}

// median runs f reps times and returns the median wall time in seconds.
func median(reps int, f func() error) float64 {
	ts := make([]float64, reps)
	for i := range ts {
		t := time.Now()
		if err := f(); err != nil {
			log.Fatal(err)
		}
		ts[i] = time.Since(t).Seconds()
	}
	sort.Float64s(ts)
	return ts[reps/2]
}
