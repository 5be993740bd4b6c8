// Package gvworker is the process that owns Graphviz: it serves
// viz.Renderer's layout requests (package protocol) with go-graphviz
// (Graphviz 12 compiled to WebAssembly).
//
// Importing it, even as _, makes a program a worker when it is started
// with protocol.Env=1: the package's init function then serves requests on
// file descriptors 3 and 4 and exits instead of running the program.
// Only the worker binary (cmd/domainscope-graphviz) and test binaries that
// render import it, because go-graphviz compiles its WebAssembly module
// when it is initialised, in every process that links it (about 0.05 s and
// 15 MB at every start, more the first time on a machine).
//
// A child process gives what go-graphviz v0.2.10 cannot give in process:
// once Graphviz exits (e.g. `module closed with exit_code(1)` after a
// fatal allocation) its module stays dead for the life of the process, and
// a layout that runs too long cannot be interrupted. viz.Renderer kills and
// restarts the worker in both cases. Every Graphviz call of the worker runs
// on one goroutine, one request at a time.
package gvworker

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/goccy/go-graphviz"

	"github.com/domainscope/domainscope/viz/gvworker/protocol"
)

func init() {
	if os.Getenv(protocol.Env) != "1" {
		return
	}
	os.Unsetenv(protocol.Env)
	req, resp := os.NewFile(protocol.RequestFD, "viz-requests"), os.NewFile(protocol.ResponseFD, "viz-responses")
	if req == nil || resp == nil {
		fmt.Fprintln(os.Stderr, "diagram worker: file descriptors 3 and 4 are not open")
		os.Exit(2)
	}
	os.Exit(serveWorker(req, resp))
}

// serveWorker answers requests until the request stream ends; its result is the exit status.
func serveWorker(in io.Reader, out io.Writer) int {
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	ctx := context.Background()
	var gv *graphviz.Graphviz
	for {
		var req protocol.Request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintln(os.Stderr, "diagram worker: reading a request:", err)
			return 2
		}
		start := time.Now()
		var resp protocol.Response
		if gv == nil {
			g, err := newGraphviz(ctx)
			if err != nil {
				resp.Err, resp.Dead = "starting Graphviz: "+err.Error(), true
			}
			gv = g
		}
		if gv != nil {
			svg, err := drawSVG(ctx, gv, req.Layout, req.DOT)
			resp.SVG = svg
			if err != nil {
				resp.Err = err.Error()
				resp.Dead = moduleDead(err)
				// After any failure the Graphviz context may be inconsistent: start a new one.
				closeGraphviz(gv)
				gv = nil
			}
		}
		resp.ID, resp.Elapsed = req.ID, time.Since(start)
		if err := enc.Encode(&resp); err != nil {
			fmt.Fprintln(os.Stderr, "diagram worker: writing a response:", err)
			return 2
		}
		if resp.Dead {
			return 1
		}
	}
}

// moduleDead reports whether err says that Graphviz's WebAssembly module has exited.
func moduleDead(err error) bool {
	s := err.Error()
	return strings.Contains(s, "module closed") || strings.Contains(s, "exit_code")
}

func newGraphviz(ctx context.Context) (g *graphviz.Graphviz, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graphviz panicked: %v", r)
		}
	}()
	return graphviz.New(ctx)
}

func closeGraphviz(g *graphviz.Graphviz) {
	defer func() { _ = recover() }()
	_ = g.Close()
}

// drawSVG parses, lays out and renders one graph; panics of go-graphviz become errors.
func drawSVG(ctx context.Context, gv *graphviz.Graphviz, layout string, dot []byte) (svg []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			svg, err = nil, fmt.Errorf("graphviz panicked: %v", r)
		}
	}()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parsing DOT: %w", err)
	}
	defer func() {
		if cerr := g.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	gv.SetLayout(graphviz.Layout(layout))
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("%s layout: %w", layout, err)
	}
	if buf.Len() == 0 {
		return nil, fmt.Errorf("%s layout: Graphviz returned no SVG", layout)
	}
	return buf.Bytes(), nil
}
