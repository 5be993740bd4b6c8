// Package viz turns graph views into Graphviz diagrams: DOT text, and SVG or
// PNG rendered in-process.
package viz

import (
	"context"
	"errors"
	"net/url"

	"github.com/domainscope/domainscope/algorithms"
)

// Options choose how a view is drawn.
type Options struct {
	Layout   string  // Graphviz engine: sfdp (default), neato, twopi, dot, fdp, circo
	Clusters bool    // draw each knowledge domain as a labelled cluster box
	Backbone string  // link filter for dense graphs: "disparity", "topk" or "none"
	Alpha    float64 // disparity filter significance level
	TopK     int     // links kept per node with Backbone "topk"
	Legend   bool    // draw a legend
	// NodeURL is the link of each node, with {code} replaced by the industry code (SVG is clickable).
	NodeURL string
}

// ParseOptions reads Options from query parameters (layout, clusters, backbone, alpha, topk, legend).
func ParseOptions(q url.Values) (Options, error) {
	return Options{}, errors.New("viz: not implemented yet")
}

// DOT writes a view as Graphviz DOT text.
func DOT(v *algorithms.GraphView, opt Options) ([]byte, error) {
	return nil, errors.New("viz: not implemented yet")
}

// RendererConfig bounds the render worker.
type RendererConfig struct{}

// Renderer renders DOT to SVG or PNG through one worker.
type Renderer struct{}

// NewRenderer starts the render worker.
func NewRenderer(ctx context.Context, cfg RendererConfig) (*Renderer, error) {
	return nil, errors.New("viz: not implemented yet")
}

// Render draws a view as "svg" or "png".
func (r *Renderer) Render(ctx context.Context, v *algorithms.GraphView, format string, opt Options) ([]byte, error) {
	return nil, errors.New("viz: not implemented yet")
}

// Close stops the worker.
func (r *Renderer) Close() error { return nil }
