package api

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/viz"
)

// TestRealRenderer draws through viz's Graphviz worker (this test binary
// started again as the worker): SVG that parses as XML and names the seed,
// a PNG that decodes when rsvg-convert is installed, and the render metrics.
func TestRealRenderer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping Graphviz rendering")
	}
	r, err := viz.NewRenderer(context.Background(), viz.RendererConfig{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h := newDemoServer(t, Config{Renderer: r}).Handler()
	w := get(t, h, "/api/v1/subgraph?seeds=10&max_nodes=15&format=svg")
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("svg: %d %s %.300s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	dec := xml.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	for {
		if _, err := dec.Token(); err != nil {
			if err != io.EOF {
				t.Fatalf("SVG is not well-formed XML: %v", err)
			}
			break
		}
	}
	if !strings.Contains(w.Body.String(), "Manufacture of food") || !strings.Contains(w.Body.String(), "/api/v1/industries/10") {
		t.Errorf("SVG lacks the seed's label or its link")
	}
	if _, err := exec.LookPath("rsvg-convert"); err == nil {
		w = get(t, h, "/api/v1/subgraph?seeds=10&max_nodes=15&format=png")
		img, err := png.Decode(bytes.NewReader(w.Body.Bytes()))
		if w.Code != 200 || err != nil || img.Bounds().Dx() < 100 {
			t.Errorf("png: %d, %v", w.Code, err)
		}
	} else {
		t.Log("rsvg-convert not installed: PNG not checked")
	}
	if m := get(t, h, "/metrics").Body.String(); !strings.Contains(m, `domainscope_renders_total{format="svg",outcome="ok"} 1`) || !strings.Contains(m, "domainscope_render_queue 0") {
		t.Errorf("render metrics:\n%s", grepLines(m, "render"))
	}
}
