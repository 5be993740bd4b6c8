// Package viz turns graph views into Graphviz diagrams: DOT text, and SVG or
// PNG drawn by go-graphviz (Graphviz compiled to WebAssembly).
//
// Every Graphviz call runs in one render worker, a child process
// (domainscope-graphviz, package viz/gvworker), because go-graphviz is not
// safe for concurrent use, a Graphviz failure kills its WebAssembly module
// for the rest of the process, and linking go-graphviz costs every process
// its module compilation at start. viz itself does not link go-graphviz.
// PNG is the SVG rasterised by rsvg-convert.
package viz

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// Options choose how a view is drawn. The zero value draws no legend; start
// from DefaultOptions for the defaults of the CLI and the API.
type Options struct {
	Layout   string  // stress (default: positions computed in Go, drawn by Graphviz), or the Graphviz engines sfdp, neato, twopi, dot, fdp; circo is refused
	Clusters bool    // draw each knowledge domain as a labelled cluster box (dot and fdp only)
	Backbone string  // link filter for dense graphs: "auto" (default), "disparity", "topk" or "none"
	Alpha    float64 // disparity filter significance level (default 0.05)
	TopK     int     // links kept per node with Backbone "topk" (default 3)
	Legend   bool    // draw a legend
	// NodeURL is the link of each node, with {code} replaced by the industry code (SVG is clickable).
	NodeURL string

	// Size chooses what node size shows: "employment" (default; strength
	// for nodes without employment), "strength" or "none".
	Size string
	// Title replaces the view's title when not empty.
	Title string
	// Scale is the PNG zoom over Graphviz's 72 dpi (default 2: 144 dpi).
	Scale float64
}

// Defaults and limits of the options.
const (
	// StressLayout is the layout computed in Go (package viz/layout:
	// stress majorization and overlap removal) and only drawn by Graphviz,
	// with its nop2 engine: on 200 industries and 1,166 links about 5 times
	// faster than sfdp in the embedded (WebAssembly) Graphviz, and more
	// compact (bench/viz).
	StressLayout  = "stress"
	DefaultLayout = StressLayout
	DefaultAlpha  = 0.05
	DefaultTopK   = 3
	DefaultScale  = 2.0
	MaxScale      = 8.0
	// AutoBackboneDensity: with Backbone "auto" the disparity filter is
	// applied when a view has more than this many links per node.
	AutoBackboneDensity = 2.0
	// BridgingThreshold: a node is drawn as bridging when its participation
	// coefficient is at least this; 0.62 is the lower bound of the
	// "connector" roles of Guimerà & Amaral (2005, Nature 433, 895–900).
	BridgingThreshold = 0.62
)

// DefaultOptions returns the options the CLI and the API start from.
func DefaultOptions() Options {
	return Options{Layout: DefaultLayout, Backbone: "auto", Alpha: DefaultAlpha, TopK: DefaultTopK,
		Legend: true, Size: "employment", Scale: DefaultScale}
}

// layoutLimit is the largest view each layout is allowed to draw. The
// numbers are the measurements of bench/viz and issue 6 (200 nodes, 1,000
// links): dot only with nslimit/mclimit tuning (62–71 s untuned, about 1 s
// tuned), fdp 5–11 s at 200 nodes, circo not finishing in 15 minutes.
var layoutLimit = map[string]int{
	"sfdp":  0, // the renderer's node cap
	"neato": 0,
	"twopi": 0,
	"dot":   200,
	"fdp":   80,
	// O(n²) memory and time per sweep: about 0.2 s of CPU at 500 nodes.
	StressLayout: 0,
}

// Validate checks the options (EINVALID naming the bad one).
func (o Options) Validate() error {
	_, err := o.normalise()
	return err
}

// normalise fills defaults and validates o.
func (o Options) normalise() (Options, error) {
	if o.Layout == "" {
		o.Layout = DefaultLayout
	}
	o.Layout = strings.ToLower(o.Layout)
	if _, ok := layoutLimit[o.Layout]; !ok {
		if o.Layout == "circo" {
			return o, graphmodel.Errorf(graphmodel.EINVALID, "layout circo is refused: it did not finish in 15 minutes on 200 nodes; use stress, sfdp, neato, twopi, dot or fdp")
		}
		return o, graphmodel.Errorf(graphmodel.EINVALID, "layout %q: expected stress, sfdp, neato, twopi, dot or fdp", o.Layout)
	}
	if o.Clusters && o.Layout != "dot" && o.Layout != "fdp" {
		return o, graphmodel.Errorf(graphmodel.EINVALID, "clusters need layout dot or fdp (Graphviz's %s ignores clusters)", o.Layout)
	}
	switch o.Backbone {
	case "":
		o.Backbone = "auto"
	case "auto", "disparity", "topk", "none":
	default:
		return o, graphmodel.Errorf(graphmodel.EINVALID, "backbone %q: expected auto, disparity, topk or none", o.Backbone)
	}
	if o.Alpha == 0 {
		o.Alpha = DefaultAlpha
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return o, graphmodel.Errorf(graphmodel.EINVALID, "alpha %v: expected a significance level between 0 and 1", o.Alpha)
	}
	if o.TopK == 0 {
		o.TopK = DefaultTopK
	}
	if o.TopK < 1 || o.TopK > 100 {
		return o, graphmodel.Errorf(graphmodel.EINVALID, "topk %d: expected 1 to 100 links per node", o.TopK)
	}
	switch o.Size {
	case "":
		o.Size = "employment"
	case "employment", "strength", "none":
	default:
		return o, graphmodel.Errorf(graphmodel.EINVALID, "size %q: expected employment, strength or none", o.Size)
	}
	if o.Scale == 0 {
		o.Scale = DefaultScale
	}
	if !(o.Scale > 0 && o.Scale <= MaxScale) {
		return o, graphmodel.Errorf(graphmodel.EINVALID, "scale %v: expected a PNG zoom above 0 and at most %v", o.Scale, MaxScale)
	}
	if o.NodeURL != "" && !strings.Contains(o.NodeURL, "{code}") {
		return o, graphmodel.Errorf(graphmodel.EINVALID, "node URL %q: expected a template containing {code}", o.NodeURL)
	}
	return o, nil
}

// ParseOptions reads Options from query parameters (layout, clusters,
// backbone, alpha, topk, legend, size, title, scale), starting from
// DefaultOptions. A bad value is EINVALID naming the parameter.
func ParseOptions(q url.Values) (Options, error) {
	o := DefaultOptions()
	var err error
	boolean := func(name string, dst *bool) {
		if s := q.Get(name); s != "" && err == nil {
			v, e := strconv.ParseBool(s)
			if e != nil {
				err = graphmodel.Errorf(graphmodel.EINVALID, "parameter %s=%q: expected true or false", name, s)
			}
			*dst = v
		}
	}
	number := func(name string, dst *float64) {
		if s := q.Get(name); s != "" && err == nil {
			v, e := strconv.ParseFloat(s, 64)
			if e != nil {
				err = graphmodel.Errorf(graphmodel.EINVALID, "parameter %s=%q: expected a number", name, s)
			}
			*dst = v
		}
	}
	if s := q.Get("layout"); s != "" {
		o.Layout = s
	}
	if s := q.Get("backbone"); s != "" {
		o.Backbone = s
	}
	if s := q.Get("size"); s != "" {
		o.Size = s
	}
	o.Title = q.Get("title")
	boolean("clusters", &o.Clusters)
	boolean("legend", &o.Legend)
	number("alpha", &o.Alpha)
	number("scale", &o.Scale)
	if s := q.Get("topk"); s != "" && err == nil {
		v, e := strconv.Atoi(s)
		if e != nil {
			err = graphmodel.Errorf(graphmodel.EINVALID, "parameter topk=%q: expected a whole number of links per node", s)
		}
		o.TopK = v
	}
	if err != nil {
		return o, err
	}
	if _, err := o.normalise(); err != nil {
		return o, err
	}
	return o, nil
}
