package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/viz"
)

const goGraphviz = "github.com/goccy/go-graphviz"

// deps lists the packages a package links (go list -deps, without tests),
// offline.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not on PATH: cannot list dependencies")
	}
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Env = append(os.Environ(), "GOPROXY=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v: %s", pkg, err, stderr.Bytes())
	}
	return strings.Fields(string(out))
}

func linksGraphviz(list []string) bool {
	for _, p := range list {
		if p == goGraphviz || strings.HasPrefix(p, goGraphviz+"/") {
			return true
		}
	}
	return false
}

// TestOnlyTheWorkerLinksGraphviz: go-graphviz compiles its WebAssembly
// module at start in every process that links it, so domainscope, viz and
// api must not link it, and the worker must.
func TestOnlyTheWorkerLinksGraphviz(t *testing.T) {
	const mod = "github.com/domainscope/domainscope/"
	for _, pkg := range []string{mod + "cmd/domainscope", mod + "viz", mod + "api", mod + "viz/gvworker/protocol"} {
		if linksGraphviz(deps(t, pkg)) {
			t.Errorf("%s links %s", pkg, goGraphviz)
		}
	}
	for _, pkg := range []string{mod + "cmd/domainscope-graphviz", mod + "viz/gvworker"} {
		if !linksGraphviz(deps(t, pkg)) {
			t.Errorf("%s does not link %s", pkg, goGraphviz)
		}
	}
}

func TestUsage(t *testing.T) {
	var b bytes.Buffer
	if code := usage(&b); code != 2 || !strings.Contains(b.String(), "domainscope's diagram worker") || strings.Count(b.String(), "\n") != 1 {
		t.Errorf("usage: status %d, %q; want 2 and one line naming the diagram worker", code, b.String())
	}
}

// TestBuiltWorker builds domainscope-graphviz, runs it by hand (usage,
// status 2) and renders an SVG through it, found by DOMAINSCOPE_GRAPHVIZ.
func TestBuiltWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the worker build")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not on PATH: cannot build the worker")
	}
	exe := filepath.Join(t.TempDir(), viz.WorkerName)
	build := exec.Command("go", "build", "-o", exe, ".")
	build.Env = append(os.Environ(), "GOPROXY=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v: %s", err, out)
	}

	var stderr bytes.Buffer
	byHand := exec.Command(exe)
	byHand.Stderr = &stderr
	var ee *exec.ExitError
	if err := byHand.Run(); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(stderr.String(), "diagram worker") {
		t.Errorf("started by hand: %v, stderr %q; want status 2 and the usage line", err, stderr.String())
	}

	t.Setenv(viz.WorkerPathEnv, exe)
	r, err := viz.NewRenderer(context.Background(), viz.RendererConfig{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v := &analysis.GraphView{Title: "worker check", Params: map[string]string{},
		Nodes: []analysis.ViewNode{{ID: "01", Label: "Crop production", Domain: 1, Strength: 1}, {ID: "10", Label: "Food products", Domain: 1, Strength: 1}},
		Links: []analysis.ViewLink{{Source: "01", Target: "10", Layer: "l@1", Weight: 1}}}
	svg, err := r.Render(context.Background(), v, "svg", viz.DefaultOptions())
	if err != nil {
		t.Fatalf("render through the built worker: %v", err)
	}
	for _, want := range []string{"<svg", "Crop production", "Food products", "worker check"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}
