package viz

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
)

// The render worker is this same executable started again with workerEnv
// set: the package's init function sees it and serves layout requests on
// file descriptors 3 (requests) and 4 (responses) instead of running the
// program. A child process gives what go-graphviz v0.2.10 cannot give in
// process: its WebAssembly module is created once, at package init, and
// once Graphviz exits (e.g. `module closed with exit_code(1)` after a
// fatal allocation) it stays dead for the life of the process; and a layout
// that runs too long cannot be interrupted. Killing and restarting the
// child handles both. Every Graphviz call of the child runs on one
// goroutine, one request at a time.
const workerEnv = "DOMAINSCOPE_VIZ_WORKER"

func init() {
	if os.Getenv(workerEnv) != "1" {
		return
	}
	os.Unsetenv(workerEnv)
	req, resp := os.NewFile(3, "viz-requests"), os.NewFile(4, "viz-responses")
	if req == nil || resp == nil {
		fmt.Fprintln(os.Stderr, "viz worker: file descriptors 3 and 4 are not open")
		os.Exit(2)
	}
	os.Exit(serveWorker(req, resp))
}

// workRequest asks the worker to lay out and draw one DOT graph as SVG.
type workRequest struct {
	ID     uint64
	Layout string
	DOT    []byte
}

// workResponse answers a workRequest.
type workResponse struct {
	ID  uint64
	SVG []byte
	Err string
	// Dead is set when Graphviz's module died; the worker exits after sending it.
	Dead    bool
	Elapsed time.Duration
}

// serveWorker answers requests until the request stream ends; its result is the exit status.
func serveWorker(in io.Reader, out io.Writer) int {
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	ctx := context.Background()
	var gv *graphviz.Graphviz
	for {
		var req workRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintln(os.Stderr, "viz worker: reading a request:", err)
			return 2
		}
		start := time.Now()
		var resp workResponse
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
			fmt.Fprintln(os.Stderr, "viz worker: writing a response:", err)
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
