package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestOutputFormat(t *testing.T) {
	for _, c := range []struct{ format, output, want string }{
		{"", "", "svg"}, {"", "a.svg", "svg"}, {"", "A.PNG", "png"}, {"", "x.dot", "dot"}, {"", "x.gv", "dot"},
		{"png", "", "png"}, {"dot", "x.gv", "dot"}, {"SVG", "x.svg", "svg"},
	} {
		if got, err := outputFormat(c.format, c.output); err != nil || got != c.want {
			t.Errorf("outputFormat(%q, %q) = %q, %v; want %q", c.format, c.output, got, err, c.want)
		}
	}
	for _, c := range []struct{ format, output, msg string }{
		{"", "x.pdf", `cannot tell the format from the extension "pdf"`},
		{"gif", "", `--format "gif"`},
		{"png", "x.svg", "does not match"},
	} {
		if _, err := outputFormat(c.format, c.output); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("outputFormat(%q, %q): %v, want %q", c.format, c.output, err, c.msg)
		}
	}
}

// TestRenderUK draws the real UK labour flows: the 1-hop neighbourhood of
// hospital activities (8610), its knowledge domain, a path and the London
// regional view, as SVG, PNG and DOT.
func TestRenderUK(t *testing.T) {
	store := ukStore(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }

	mustRun(t, "--store", store, "render", "--seeds", "8610", "--hops", "1", "-o", out("h.svg"))
	svg, err := os.ReadFile(out("h.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hospital activities", "General medical", "<svg", "backbone: disparity filter"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("8610 neighbourhood SVG lacks %q", want)
		}
	}

	dot := mustRun(t, "--store", store, "render", "--domain", "1", "--format", "dot", "--backbone", "none")
	if !strings.HasPrefix(dot, `graph "domainscope" {`) || !strings.Contains(dot, "Knowledge domain 1") {
		t.Errorf("domain DOT: %.200s", dot)
	}

	mustRun(t, "--store", store, "render", "--from", "8610", "--to", "6201", "-o", out("p.dot"))
	if b, _ := os.ReadFile(out("p.dot")); !bytes.Contains(b, []byte("Strongest path from 8610 to 6201")) {
		t.Errorf("path DOT lacks its title")
	}

	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert not found (Debian package librsvg2-bin): skipping the PNG part")
	}
	mustRun(t, "--store", store, "render", "--region", "london", "--scale", "1", "-o", out("london.png"))
	f, err := os.Open(out("london.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("London PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("London PNG is only %dx%d", b.Dx(), b.Dy())
	}
}

func TestRenderErrors(t *testing.T) {
	store := filepath.Join(t.TempDir(), "s.db")
	for _, c := range []struct {
		args []string
		code string
		msg  string
	}{
		{[]string{"render"}, graphmodel.EINVALID, "choose one view"},
		{[]string{"render", "--seeds", "1", "--domain", "2"}, graphmodel.EINVALID, "choose one view"},
		{[]string{"render", "--from", "1"}, graphmodel.EINVALID, "--from and --to go together"},
		{[]string{"render", "--seeds", "1", "-o", "x.jpg"}, graphmodel.EINVALID, "cannot tell the format"},
		{[]string{"render", "--seeds", "1", "--layout", "circo"}, graphmodel.EINVALID, "circo is refused"},
		{[]string{"render", "--domain", "1", "--clusters"}, graphmodel.EINVALID, "clusters need layout dot or fdp"},
		{[]string{"render", "--domain", "1", "--graphviz", "wasm"}, graphmodel.EINVALID, `--graphviz "wasm": expected embedded`},
	} {
		_, err := run(t, append([]string{"--store", store}, c.args...)...)
		if graphmodel.ErrorCode(err) != c.code || !strings.Contains(errorText(err), c.msg) {
			t.Errorf("%v: got %v (%s), want %s with %q", c.args, err, graphmodel.ErrorCode(err), c.code, c.msg)
		}
	}
}
