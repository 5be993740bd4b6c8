package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

func newRenderer(t *testing.T, cfg RendererConfig) *Renderer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Executable == "" {
		cfg.Executable = testWorker(t)
	}
	r, err := NewRenderer(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// ringView is n industries in a ring with chords, in three domains.
func ringView(n int, title string) *analysis.GraphView {
	v := &analysis.GraphView{Title: title, Params: map[string]string{}}
	for i := 0; i < n; i++ {
		e := float64(1000 * (i + 1))
		v.Nodes = append(v.Nodes, analysis.ViewNode{ID: fmt.Sprintf("%04d", i), Label: fmt.Sprintf("Industry number %d of the ring", i),
			Domain: 1 + i%3, Strength: 1, Employment: &e})
	}
	for i := 0; i < n; i++ {
		for _, d := range []int{1, 5} {
			j := (i + d) % n
			if j == i {
				continue
			}
			a, b := min(i, j), max(i, j)
			v.Links = append(v.Links, analysis.ViewLink{Source: v.Nodes[a].ID, Target: v.Nodes[b].ID, Layer: "l@1",
				Weight: 0.1 + float64((i*7)%10)/10, CrossDomain: a%3 != b%3})
		}
	}
	v.Domains = []analysis.ViewDomain{{ID: 1, Label: "One"}, {ID: 2, Label: "Two"}, {ID: 3, Label: "Three"}}
	return v
}

// svgTexts parses an SVG as XML and returns the content of its <text>
// elements and the values of its xlink:title attributes (tooltips).
func svgTexts(t *testing.T, svg []byte) (texts, titles []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if tk.Name.Local == "text" {
				inText = true
				cur.Reset()
			}
			for _, a := range tk.Attr {
				if a.Name.Local == "title" {
					titles = append(titles, a.Value)
				}
			}
		case xml.EndElement:
			if tk.Name.Local == "text" {
				inText = false
				texts = append(texts, cur.String())
			}
		case xml.CharData:
			if inText {
				cur.Write(tk)
			}
		}
	}
	return texts, titles
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRenderSVGHasEveryLabel(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	v := trickyView()
	svg, err := r.Render(context.Background(), v, "svg", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	texts, titles := svgTexts(t, svg)
	for _, n := range v.Nodes {
		for _, line := range wrapLabel(n.Label, labelWidth, labelLines) {
			if !contains(texts, line) {
				t.Errorf("SVG has no text %q (node %s); texts: %q", line, n.ID, texts)
			}
		}
		found := false
		for _, tip := range titles {
			// A backslash in a tooltip is followed by a zero-width space (escapeText).
			found = found || strings.HasPrefix(strings.ReplaceAll(tip, "\u200b", ""), n.Label+" ("+n.ID+")")
		}
		if !found {
			t.Errorf("no tooltip starts with the full name %q", n.Label)
		}
	}
	if !contains(texts, v.Title) {
		t.Errorf("SVG lacks the title %q", v.Title)
	}
}

func TestRenderEveryLayout(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	v := ringView(30, "ring")
	for _, layout := range []string{"sfdp", "neato", "twopi", "dot", "fdp", StressLayout} {
		for _, clusters := range []bool{false, true} {
			if clusters && layout != "dot" && layout != "fdp" {
				continue
			}
			o := DefaultOptions()
			o.Layout, o.Clusters = layout, clusters
			svg, err := r.Render(context.Background(), v, "svg", o)
			if err != nil {
				t.Fatalf("%s clusters=%v: %v", layout, clusters, err)
			}
			texts, _ := svgTexts(t, svg)
			if got := bytes.Count(svg, []byte(`class="node"`)); got != 30 {
				t.Errorf("%s: %d nodes drawn, want 30", layout, got)
			}
			if !contains(texts, "Industry number 29 of") {
				t.Errorf("%s: label lines missing", layout)
			}
			if got := bytes.Count(svg, []byte(`class="cluster"`)); clusters && got != 3 {
				t.Errorf("%s: %d clusters, want one per domain (3)", layout, got)
			}
		}
	}
}

func TestRenderPNG(t *testing.T) {
	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert not found (Debian package librsvg2-bin): PNG cannot be tested")
	}
	r := newRenderer(t, RendererConfig{})
	v := trickyView()
	o := DefaultOptions()
	svg, err := r.Render(context.Background(), v, "svg", o)
	if err != nil {
		t.Fatal(err)
	}
	w, h, ok := svgSize(svg)
	if !ok {
		t.Fatalf("no size in the SVG header")
	}
	for _, scale := range []float64{1, 2} {
		o.Scale = scale
		data, err := r.Render(context.Background(), v, "png", o)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("PNG does not decode: %v", err)
		}
		// rsvg-convert at 72 dpi: one pixel per point, times the zoom.
		b := img.Bounds()
		if math.Abs(float64(b.Dx())-w*scale) > 1 || math.Abs(float64(b.Dy())-h*scale) > 1 {
			t.Errorf("scale %g: PNG is %dx%d, want %.0fx%.0f", scale, b.Dx(), b.Dy(), w*scale, h*scale)
		}
		nonWhite, palette := inkAndColour(img, Palette[0])
		if frac := float64(nonWhite) / float64(b.Dx()*b.Dy()); frac < 0.02 {
			t.Errorf("scale %g: PNG is nearly blank: %.3f of pixels are not white", scale, frac)
		}
		if palette < 100 {
			t.Errorf("scale %g: only %d pixels of the first domain colour %s", scale, palette, Palette[0])
		}
	}
}

func TestPNGPixelCap(t *testing.T) {
	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert not found (Debian package librsvg2-bin): PNG cannot be tested")
	}
	// 200,000 pixels at most: the zoom is reduced from 2 to √(200000/(w·h)).
	r := newRenderer(t, RendererConfig{MaxPNGPixels: 200_000})
	data, err := r.Render(context.Background(), trickyView(), "png", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx()*b.Dy() > 200_000*102/100 || b.Dx()*b.Dy() < 200_000*90/100 {
		t.Errorf("PNG is %dx%d = %d pixels, want about 200,000", b.Dx(), b.Dy(), b.Dx()*b.Dy())
	}
}

// inkAndColour counts pixels that are not white and pixels of exactly colour "#rrggbb".
func inkAndColour(img image.Image, colour string) (nonWhite, exact int) {
	var cr, cg, cb uint32
	fmt.Sscanf(colour, "#%02x%02x%02x", &cr, &cg, &cb)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 250 || g < 250 || bl < 250 {
				nonWhite++
			}
			if r == cr && g == cg && bl == cb {
				exact++
			}
		}
	}
	return nonWhite, exact
}

func TestRenderConcurrent(t *testing.T) {
	r := newRenderer(t, RendererConfig{CacheEntries: -1})
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	outs := make([][]byte, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			outs[i], errs[i] = r.Render(context.Background(), ringView(20+i, fmt.Sprintf("Concurrent view %d", i)), "svg", DefaultOptions())
		}(i)
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if errs[i] != nil {
			t.Errorf("render %d: %v", i, errs[i])
			continue
		}
		texts, _ := svgTexts(t, outs[i])
		if !contains(texts, fmt.Sprintf("Concurrent view %d", i)) {
			t.Errorf("render %d has another view's title", i)
		}
		if got := bytes.Count(outs[i], []byte(`class="node"`)); got != 20+i {
			t.Errorf("render %d: %d nodes, want %d", i, got, 20+i)
		}
	}
	if s := r.Stats(); s.Renders < n || s.Restarts != 0 {
		t.Errorf("stats %+v: want at least %d renders and no restart", s, n)
	}
}

// TestDeadModuleRecovery draws a graph on which Graphviz exits (a node with
// 10⁸ peripheries makes its allocation fail and the WebAssembly module
// closes with exit code 1, dead for the rest of that process); the next
// render must succeed in a new worker.
func TestDeadModuleRecovery(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	_, err := r.svg(context.Background(), "sfdp", []byte(`graph { a [peripheries=100000000]; a -- b }`))
	if graphmodel.ErrorCode(err) != graphmodel.EINTERNAL || !strings.Contains(err.Error(), "restarted") {
		t.Fatalf("poisoned graph: got %v, want EINTERNAL saying the worker was restarted", err)
	}
	svg, err := r.Render(context.Background(), trickyView(), "svg", DefaultOptions())
	if err != nil {
		t.Fatalf("render after the module died: %v", err)
	}
	if !bytes.Contains(svg, []byte("Z\u00fcrich")) {
		t.Error("render after recovery lacks a label")
	}
	if s := r.Stats(); s.Restarts != 1 {
		t.Errorf("restarts %d, want 1", s.Restarts)
	}
}

// slowDOT is a graph that circo does not lay out in minutes (issue 6: 200
// nodes, 1,000 links did not finish in 15 minutes).
func slowDOT() []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("graph {\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "n%d -- n%d;\n", rng.IntN(200), rng.IntN(200))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func TestTimeoutKillsAndRestarts(t *testing.T) {
	// 3 s: circo never finishes slowDOT, and the render after the restart
	// (a fresh worker on a loaded CI machine) must fit in the same limit.
	r := newRenderer(t, RendererConfig{Timeout: 3 * time.Second})
	start := time.Now()
	_, err := r.svg(context.Background(), "circo", slowDOT())
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "longer than the render limit of 3s") {
		t.Fatalf("got %v, want EUNAVAILABLE naming the 3s limit", err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("timeout took %v", el)
	}
	if _, err := r.Render(context.Background(), trickyView(), "svg", DefaultOptions()); err != nil {
		t.Fatalf("render after a timeout: %v", err)
	}
	if s := r.Stats(); s.Timeouts != 1 || s.Restarts != 1 {
		t.Errorf("stats %+v: want 1 timeout and 1 restart", s)
	}
}

func TestQueueFull(t *testing.T) {
	r := newRenderer(t, RendererConfig{QueueSize: 1, Timeout: 20 * time.Second})
	ctx := context.Background()
	done := make(chan error, 2)
	go func() { _, err := r.svg(ctx, "circo", slowDOT()); done <- err }()
	waitFor(t, func() bool { return r.Stats().Running == 1 })
	go func() { _, err := r.svg(ctx, "sfdp", []byte("graph{a--b}")); done <- err }()
	waitFor(t, func() bool { return r.Stats().Queued == 1 })
	_, err := r.svg(ctx, "sfdp", []byte("graph{a--b}"))
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "queue is full (1 diagrams waiting)") {
		t.Fatalf("third render: got %v, want EUNAVAILABLE for the full queue", err)
	}
	r.Close()
	for i := 0; i < 2; i++ {
		if err := <-done; graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "closed") {
			t.Errorf("render pending at Close: %v", err)
		}
	}
	if _, err := r.Render(ctx, trickyView(), "svg", DefaultOptions()); graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("render after Close: %v", err)
	}
	if s := r.Stats(); s.Rejected != 1 {
		t.Errorf("rejected %d, want 1", s.Rejected)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCancelledRender(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := r.svg(ctx, "circo", slowDOT())
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("got %v, want EUNAVAILABLE for a cancelled render", err)
	}
	if _, err := r.Render(context.Background(), trickyView(), "svg", DefaultOptions()); err != nil {
		t.Fatalf("render after a cancelled one: %v", err)
	}
}

func TestCapsAndLayoutLimits(t *testing.T) {
	ctx := context.Background()
	r := newRenderer(t, RendererConfig{MaxNodes: 3, MaxEdges: 2})
	_, err := r.Render(ctx, trickyView(), "svg", DefaultOptions())
	if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.Contains(err.Error(), "4 industries, over the render limit of 3 nodes") {
		t.Errorf("node cap: %v", err)
	}
	r = newRenderer(t, RendererConfig{MaxEdges: 2})
	o := DefaultOptions()
	o.Backbone = "none"
	if _, err = r.Render(ctx, trickyView(), "svg", o); graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.Contains(err.Error(), "3 links to draw, over the render limit of 2 links") {
		t.Errorf("link cap: %v", err)
	}
	// The DOT text is not capped.
	if dot, err := r.Render(ctx, trickyView(), "dot", o); err != nil || !bytes.HasPrefix(dot, []byte("graph ")) {
		t.Errorf("DOT over the caps: %v", err)
	}
	r = newRenderer(t, RendererConfig{})
	o = DefaultOptions()
	o.Layout = "dot"
	if _, err := r.Render(ctx, ringView(201, "big"), "svg", o); graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.Contains(err.Error(), "layout dot is limited to 200 nodes") {
		t.Errorf("dot limit: %v", err)
	}
	o.Layout = "fdp"
	if _, err := r.Render(ctx, ringView(81, "big"), "svg", o); graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.Contains(err.Error(), "layout fdp is limited to 80 nodes") {
		t.Errorf("fdp limit: %v", err)
	}
	if _, err := r.Render(ctx, trickyView(), "gif", DefaultOptions()); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("format gif: %v", err)
	}
}

func TestMissingRasteriser(t *testing.T) {
	r := newRenderer(t, RendererConfig{RSVGConvert: "/nonexistent/rsvg-convert"})
	_, err := r.Render(context.Background(), trickyView(), "png", DefaultOptions())
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "PNG needs rsvg-convert") || !strings.Contains(err.Error(), "librsvg2-bin") {
		t.Fatalf("got %v, want EUNAVAILABLE naming rsvg-convert and its package", err)
	}
	// SVG still works.
	if _, err := r.Render(context.Background(), trickyView(), "svg", DefaultOptions()); err != nil {
		t.Fatal(err)
	}
}

func TestCache(t *testing.T) {
	r := newRenderer(t, RendererConfig{})
	ctx := context.Background()
	a, err := r.Render(ctx, trickyView(), "svg", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	drawn := r.Stats().Renders // 1, or 2 when overlap=prism lost nodes and scale was used
	b, err := r.Render(ctx, trickyView(), "svg", DefaultOptions())
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("second render: %v (equal %v)", err, bytes.Equal(a, b))
	}
	if s := r.Stats(); s.Renders != drawn || s.CacheHits != 1 {
		t.Errorf("stats %+v: want %d renders and 1 cache hit", s, drawn)
	}
	// A new store version changes the DOT, so the cache is not used.
	v := trickyView()
	v.Provenance.StoreVersion++
	if _, err := r.Render(ctx, v, "svg", DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.Renders <= drawn || s.CacheHits != 1 {
		t.Errorf("stats %+v: want more than %d renders and 1 cache hit", s, drawn)
	}
}

func TestImageCacheBounds(t *testing.T) {
	c := newImageCache(2, 10)
	k := func(b byte) [32]byte { return [32]byte{b} }
	c.put(k(1), []byte("aaaa"))
	c.put(k(2), []byte("bbbb"))
	c.get(k(1)) // 1 is now the most recent
	c.put(k(3), []byte("cc"))
	if _, ok := c.get(k(2)); ok {
		t.Error("least recently used entry kept over the entry limit")
	}
	c.put(k(4), []byte("dddddddd")) // 4+2+8 > 10 bytes: 1 and 3 go
	if _, ok := c.get(k(1)); ok {
		t.Error("entry kept over the byte limit")
	}
	if _, ok := c.get(k(4)); !ok {
		t.Error("newest entry missing")
	}
	c.put(k(5), make([]byte, 11)) // larger than the whole cache: not stored
	if _, ok := c.get(k(5)); ok {
		t.Error("entry larger than the cache stored")
	}
}
