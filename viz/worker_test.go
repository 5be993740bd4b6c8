package viz

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	// This test binary is its own diagram worker: started with
	// DOMAINSCOPE_VIZ_WORKER=1, gvworker's init serves renders and exits.
	_ "github.com/domainscope/domainscope/viz/gvworker"
)

// testWorker is the worker program of the render tests: this test binary.
func testWorker(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("cannot find the test binary to start it as the diagram worker: %v", err)
	}
	return exe
}

// writeProgram creates an empty executable file.
func writeProgram(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestFindWorker(t *testing.T) {
	selfDir, pathDir, emptyDir := t.TempDir(), t.TempDir(), t.TempDir()
	self := filepath.Join(selfDir, "domainscope")
	writeProgram(t, self)
	onPath := filepath.Join(pathDir, WorkerName)
	writeProgram(t, onPath)

	// Not next to the program: found on PATH.
	t.Setenv("PATH", pathDir)
	if got, err := findWorker("", self); err != nil || got != onPath {
		t.Errorf("on PATH: got %q, %v; want %q", got, err, onPath)
	}
	// In bin/ beside the program (./domainscope with both built into ./bin): preferred to PATH.
	inBin := filepath.Join(selfDir, "bin", WorkerName)
	if err := os.Mkdir(filepath.Dir(inBin), 0o755); err != nil {
		t.Fatal(err)
	}
	writeProgram(t, inBin)
	if got, err := findWorker("", self); err != nil || got != inBin {
		t.Errorf("in bin/: got %q, %v; want %q", got, err, inBin)
	}
	// Next to the program: preferred to bin/ and PATH.
	sibling := filepath.Join(selfDir, WorkerName)
	writeProgram(t, sibling)
	if got, err := findWorker("", self); err != nil || got != sibling {
		t.Errorf("next to the program: got %q, %v; want %q", got, err, sibling)
	}
	// The environment variable wins over both.
	if got, err := findWorker(onPath, self); err != nil || got != onPath {
		t.Errorf("from %s: got %q, %v; want %q", WorkerPathEnv, got, err, onPath)
	}
	// The environment variable naming a missing file is an error naming it.
	missing := filepath.Join(emptyDir, "nope")
	if _, err := findWorker(missing, self); graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE ||
		!strings.Contains(err.Error(), WorkerPathEnv+"="+missing+" is not an executable program") {
		t.Errorf("%s=%s: got %v, want EUNAVAILABLE naming the path", WorkerPathEnv, missing, err)
	}
	// A non-executable file next to the program does not count.
	if err := os.Chmod(sibling, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(inBin); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", emptyDir)
	_, err := findWorker("", self)
	want := "diagram worker domainscope-graphviz not found: build it with 'go build -o " + selfDir + "/ ./cmd/domainscope-graphviz' next to domainscope, or set DOMAINSCOPE_GRAPHVIZ"
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("nowhere: got %v\nwant EUNAVAILABLE starting %q", err, want)
	}
}

// TestRenderWithoutWorker: with no worker program, NewRenderer still
// succeeds, DOT is drawn, and SVG and PNG fail with EUNAVAILABLE saying how
// to build the worker.
func TestRenderWithoutWorker(t *testing.T) {
	t.Setenv(WorkerPathEnv, "")
	t.Setenv("PATH", t.TempDir())
	if p, err := FindWorker(); err == nil {
		t.Skipf("a diagram worker is installed next to the test binary (%s)", p)
	}
	r, err := NewRenderer(context.Background(), RendererConfig{})
	if err != nil {
		t.Fatalf("NewRenderer without a worker: %v", err)
	}
	defer r.Close()
	v := ringView(6, "no worker")
	dot, err := r.Render(context.Background(), v, "dot", DefaultOptions())
	if err != nil || !strings.Contains(string(dot), "no worker") {
		t.Errorf("DOT without a worker: %v, %.100s", err, dot)
	}
	for _, format := range []string{"svg", "png"} {
		_, err := r.Render(context.Background(), v, format, DefaultOptions())
		if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "diagram worker domainscope-graphviz not found: build it with 'go build -o ") ||
			!strings.Contains(err.Error(), "or set DOMAINSCOPE_GRAPHVIZ") {
			t.Errorf("%s without a worker: got %v, want EUNAVAILABLE saying how to build the worker", format, err)
		}
	}
}

func TestWarmStartsTheWorker(t *testing.T) {
	// A stand-in worker that marks its start and waits for its requests to end.
	dir := t.TempDir()
	exe := filepath.Join(dir, "worker")
	marker := filepath.Join(dir, "started")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n: > "+marker+"\nexec 0<&3\nwhile read -r _; do :; done\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := newRenderer(t, RendererConfig{Executable: exe, Graphviz: GraphvizEmbedded})
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the worker started before anything asked for it")
	}
	r.Warm()
	waitFor(t, func() bool { _, err := os.Stat(marker); return err == nil })
	if st := r.Stats(); st.Renders != 0 || st.Restarts != 0 {
		t.Errorf("stats after Warm %+v, want no render and no restart", st)
	}
	// Native Graphviz needs no worker: Warm starts nothing.
	nexe := filepath.Join(dir, "native-worker")
	nmarker := filepath.Join(dir, "native-started")
	if err := os.WriteFile(nexe, []byte("#!/bin/sh\n: > "+nmarker+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	rn := newRenderer(t, RendererConfig{Executable: nexe, Graphviz: GraphvizNative})
	rn.Warm()
	rn.Close()
	if _, err := os.Stat(nmarker); err == nil {
		t.Error("Warm started the worker of a renderer that draws with native Graphviz")
	}
}
