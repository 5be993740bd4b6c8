package viz

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestParseGraphviz(t *testing.T) {
	for in, want := range map[string]string{"": "embedded", "embedded": "embedded", " Native ": "native", "AUTO": "auto"} {
		if got, err := ParseGraphviz("--graphviz", in); err != nil || got != want {
			t.Errorf("ParseGraphviz(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseGraphviz("--graphviz", "wasm")
	var ge *graphmodel.Error
	if !errors.As(err, &ge) || ge.Code != graphmodel.EINVALID || !strings.Contains(err.Error(), `--graphviz "wasm": expected embedded`) {
		t.Errorf("bad value: got %v, want EINVALID naming the flag and the choices", err)
	}
	t.Setenv(GraphvizEnv, "sometimes")
	if _, err := NewRenderer(context.Background(), RendererConfig{}); !errors.As(err, &ge) || ge.Code != graphmodel.EINVALID || !strings.Contains(err.Error(), GraphvizEnv) {
		t.Errorf("bad %s: got %v, want EINVALID naming the variable", GraphvizEnv, err)
	}
}

// fakeGraphviz puts a program called name on a PATH of its own that
// records its arguments and standard input in dir and prints svg.
func fakeGraphviz(t *testing.T, name, svg string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "out.svg"), []byte(svg), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Skip("no cat to build the fake Graphviz program")
	}
	script := "#!/bin/sh\necho \"$@\" > " + dir + "/args\n" + cat + " > " + dir + "/stdin\n" + cat + " " + dir + "/out.svg\n"
	writeScript(t, filepath.Join(dir, name), script)
	t.Setenv("PATH", dir)
	return dir
}

func writeScript(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestNativeGraphvizDrawsStressWithNeatoN2(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no /bin/sh to run the fake Graphviz program")
	}
	v := ringView(3, "ring")
	// The fake neato answers an SVG with the view's three nodes, so Render's check passes.
	svg := `<svg><g class="node">a</g><g class="node">b</g><g class="node">c</g></svg>`
	dir := fakeGraphviz(t, "neato", svg)
	r := newRenderer(t, RendererConfig{Graphviz: GraphvizNative})
	got, err := r.Render(context.Background(), v, "svg", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != svg {
		t.Errorf("SVG %q, want the program's output %q", got, svg)
	}
	args, _ := os.ReadFile(filepath.Join(dir, "args"))
	if strings.TrimSpace(string(args)) != "-n2 -Tsvg" {
		t.Errorf("neato ran with %q, want -n2 -Tsvg", args)
	}
	stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
	dot, _ := DOT(v, DefaultOptions())
	if !bytes.Equal(stdin, dot) {
		t.Errorf("neato read %d bytes, want the view's DOT text (%d bytes)", len(stdin), len(dot))
	}
	if st := r.Stats(); st.Renders != 1 || st.Running != 0 {
		t.Errorf("stats %+v, want 1 render and none running", st)
	}
}

func TestNativeGraphvizMissingAndAuto(t *testing.T) {
	v := ringView(5, "ring")
	t.Setenv("PATH", t.TempDir()) // no Graphviz programs
	r := newRenderer(t, RendererConfig{Graphviz: GraphvizNative})
	_, err := r.Render(context.Background(), v, "svg", DefaultOptions())
	var ge *graphmodel.Error
	if !errors.As(err, &ge) || ge.Code != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "neato was not found on PATH") {
		t.Errorf("native without neato: got %v, want EUNAVAILABLE naming the program", err)
	}
	// auto falls back to the embedded Graphviz in the worker.
	t.Setenv(GraphvizEnv, "auto")
	ra := newRenderer(t, RendererConfig{})
	svg, err := ra.Render(context.Background(), v, "svg", DefaultOptions())
	if err != nil {
		t.Fatalf("auto without native Graphviz: %v", err)
	}
	if got := bytes.Count(svg, []byte(`class="node"`)); got != 5 {
		t.Errorf("auto drew %d nodes, want 5", got)
	}
}

func TestNativeGraphvizFailureIsReported(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, filepath.Join(dir, "sfdp"), "#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n")
	t.Setenv("PATH", dir)
	r := newRenderer(t, RendererConfig{Graphviz: GraphvizNative})
	o := DefaultOptions()
	o.Layout = "sfdp"
	_, err := r.Render(context.Background(), ringView(4, "ring"), "svg", o)
	var ge *graphmodel.Error
	if !errors.As(err, &ge) || ge.Code != graphmodel.EINTERNAL || !strings.Contains(err.Error(), "syntax error in line 1") {
		t.Errorf("failing sfdp: got %v, want EINTERNAL with its message", err)
	}
}

func TestNativeGraphvizReal(t *testing.T) {
	// The installed Graphviz (Debian package graphviz), when there is one,
	// draws every node of the stress and the sfdp layouts.
	for _, prog := range []string{"neato", "sfdp"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Skipf("%s not installed (apt-get install graphviz): native Graphviz not tested", prog)
		}
	}
	r := newRenderer(t, RendererConfig{Graphviz: GraphvizNative})
	v := ringView(40, "ring")
	for _, layout := range []string{StressLayout, "sfdp"} {
		o := DefaultOptions()
		o.Layout = layout
		svg, err := r.Render(context.Background(), v, "svg", o)
		if err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		if got := bytes.Count(svg, []byte(`class="node"`)); got != 40 {
			t.Errorf("%s: %d nodes drawn, want 40", layout, got)
		}
		if texts, _ := svgTexts(t, svg); !contains(texts, "Industry number 39 of") {
			t.Errorf("%s: label lines missing", layout)
		}
		if p := overlapping(svgNodeBoxes(t, svg)); layout == StressLayout && len(p) > 0 {
			t.Errorf("native stress: boxes overlap: %v", p)
		}
	}
}
