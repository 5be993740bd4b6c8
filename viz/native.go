package viz

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// Which Graphviz draws (RendererConfig.Graphviz).
const (
	// GraphvizEmbedded is go-graphviz (Graphviz 12 in WebAssembly) in the
	// render worker: no system Graphviz needed. The default.
	GraphvizEmbedded = "embedded"
	// GraphvizNative runs the Graphviz programs on PATH (sfdp, neato, …),
	// one process per render; a missing program is EUNAVAILABLE.
	GraphvizNative = "native"
	// GraphvizAuto runs the native program when it is on PATH and the
	// embedded Graphviz otherwise.
	GraphvizAuto = "auto"
)

// GraphvizEnv names the environment variable that chooses the Graphviz of
// renderers whose RendererConfig.Graphviz is empty.
const GraphvizEnv = "DOMAINSCOPE_GRAPHVIZ_MODE"

// ParseGraphviz checks a choice of Graphviz: embedded, native or auto ("" is
// embedded). A bad value is EINVALID naming what, the flag or variable, was wrong.
func ParseGraphviz(what, s string) (string, error) {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "":
		return GraphvizEmbedded, nil
	case GraphvizEmbedded, GraphvizNative, GraphvizAuto:
		return s, nil
	}
	return "", graphmodel.Errorf(graphmodel.EINVALID, "%s %q: expected embedded (go-graphviz, the default), native (the Graphviz programs on PATH) or auto (native when installed)", what, s)
}

// nativeProgram returns the native Graphviz program and its arguments
// that draw an engine's DOT as SVG, or "" when the renderer draws with the
// embedded Graphviz (mode embedded, or auto without the program on PATH).
// nop2 (the stress layout) is drawn by neato -n2.
func (r *Renderer) nativeProgram(engine string) (string, []string, error) {
	if r.cfg.Graphviz == GraphvizEmbedded {
		return "", nil, nil
	}
	name, args := engine, []string{"-Tsvg"}
	if engine == "nop2" {
		name, args = "neato", []string{"-n2", "-Tsvg"}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		if r.cfg.Graphviz == GraphvizAuto {
			return "", nil, nil
		}
		return "", nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"native Graphviz was asked for (%s=native or --graphviz native) but %s was not found on PATH: install Graphviz (Debian/Ubuntu: apt-get install graphviz) or use the embedded one", GraphvizEnv, name)
	}
	return p, args, nil
}

// nativeSVG draws DOT text with a native Graphviz program, within the
// renderer's timeout; at most two run at once.
func (r *Renderer) nativeSVG(ctx context.Context, prog string, args []string, dot []byte) ([]byte, error) {
	select {
	case r.nativeSem <- struct{}{}:
		defer func() { <-r.nativeSem }()
	case <-ctx.Done():
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, ctx.Err(), "the render was cancelled while waiting: %v", ctx.Err())
	case <-r.done:
		return nil, errClosed()
	}
	r.running.Add(1)
	defer r.running.Add(-1)
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdin = bytes.NewReader(dot)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r.renders.Add(1)
	if ctx.Err() == context.DeadlineExceeded {
		r.timeouts.Add(1)
		return nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE,
			"%s took longer than the render limit of %s and was stopped: draw fewer industries, filter more links or use layout stress", prog, r.cfg.Timeout)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, ctx.Err(), "the render was cancelled: %v", ctx.Err())
		}
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "Graphviz (%s) could not draw the diagram: %v: %s", prog, err, bytes.TrimSpace(errb.Bytes()))
	}
	if out.Len() == 0 {
		return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "Graphviz (%s) returned no SVG: %s", prog, bytes.TrimSpace(errb.Bytes()))
	}
	return out.Bytes(), nil
}

// graphvizFromEnv is $DOMAINSCOPE_GRAPHVIZ_MODE checked, embedded when unset.
func graphvizFromEnv() (string, error) {
	return ParseGraphviz(GraphvizEnv, os.Getenv(GraphvizEnv))
}
