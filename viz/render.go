package viz

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz/gvworker/protocol"
)

// RendererConfig bounds the render worker. Zero fields take the defaults.
type RendererConfig struct {
	// QueueSize is how many renders may wait for the worker (default 16);
	// a render that finds the queue full is EUNAVAILABLE.
	QueueSize int
	// Timeout bounds one layout and drawing (default 30 s); a render over
	// it is stopped (the worker is killed and restarted) and is EUNAVAILABLE.
	Timeout time.Duration
	// MaxNodes and MaxEdges cap what one render draws (defaults 500 nodes
	// and 3,000 links after the backbone); over a cap is ETOOLARGE.
	MaxNodes, MaxEdges int
	// CacheEntries and CacheBytes bound the cache of rendered images,
	// keyed by the DOT text (which holds the store version), layout, format
	// and scale (defaults 256 entries, 64 MiB; CacheEntries < 0 disables it).
	CacheEntries int
	CacheBytes   int64
	// RSVGConvert is the rsvg-convert program used for PNG ("" looks it up on PATH).
	RSVGConvert string
	// MaxPNGPixels caps a PNG's area (default 40 million); a larger
	// drawing is rasterised at a smaller zoom.
	MaxPNGPixels int
	// RecycleAfter restarts the worker after this many renders (default
	// 500), since WebAssembly memory only grows.
	RecycleAfter int
	// Executable is the program started as the diagram worker: a program
	// that imports package viz/gvworker, normally domainscope-graphviz. ""
	// finds it when a worker is first needed (FindWorker).
	Executable string
	// Graphviz chooses which Graphviz draws: GraphvizEmbedded (go-graphviz
	// in the worker), GraphvizNative (the programs on PATH) or GraphvizAuto
	// (native when installed). "" takes $DOMAINSCOPE_GRAPHVIZ_MODE, else embedded.
	Graphviz string
	Logger   *slog.Logger
}

// Defaults of RendererConfig.
const (
	DefaultQueueSize    = 16
	DefaultTimeout      = 30 * time.Second
	DefaultMaxNodes     = 500
	DefaultMaxEdges     = 3000
	DefaultCacheEntries = 256
	DefaultCacheBytes   = 64 << 20
	DefaultMaxPNGPixels = 40_000_000
	DefaultRecycleAfter = 500
)

func (c RendererConfig) withDefaults() RendererConfig {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.QueueSize, DefaultQueueSize)
	def(&c.MaxNodes, DefaultMaxNodes)
	def(&c.MaxEdges, DefaultMaxEdges)
	def(&c.CacheEntries, DefaultCacheEntries)
	def(&c.MaxPNGPixels, DefaultMaxPNGPixels)
	def(&c.RecycleAfter, DefaultRecycleAfter)
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.CacheBytes == 0 {
		c.CacheBytes = DefaultCacheBytes
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Renderer renders views to SVG or PNG through one worker. It is safe for
// concurrent use: renders queue for the worker, which starts on the first
// render (so that programs that never render never start Graphviz).
type Renderer struct {
	cfg    RendererConfig
	jobs   chan *job
	done   chan struct{}
	exited chan struct{}
	once   sync.Once
	pngSem chan struct{}
	// nativeSem bounds the native Graphviz processes running at once.
	nativeSem chan struct{}
	cache     *imageCache

	rsvgOnce sync.Once
	rsvgPath string
	rsvgErr  error

	// Owned by the worker goroutine.
	child  *child
	nextID uint64

	renders, hits, restarts, timeouts, rejected atomic.Int64
	running                                     atomic.Int32
}

type job struct {
	ctx    context.Context
	layout string
	dot    []byte
	reply  chan jobResult
}

type jobResult struct {
	svg []byte
	err error
}

// RendererStats counts what a Renderer did.
type RendererStats struct {
	Renders   int64 `json:"renders"`    // drawn by Graphviz
	CacheHits int64 `json:"cache_hits"` // answered from the cache
	Restarts  int64 `json:"restarts"`   // worker restarts after a failure or timeout
	Timeouts  int64 `json:"timeouts"`
	Rejected  int64 `json:"rejected"` // refused because the queue was full
	Queued    int   `json:"queued"`   // waiting now
	Running   int   `json:"running"`  // being drawn now (0 or 1)
}

// NewRenderer starts the render worker goroutine; the worker process
// itself starts on the first render (so a missing worker program is an
// error of that render, not of NewRenderer). The renderer stops when ctx
// ends or Close is called.
func NewRenderer(ctx context.Context, cfg RendererConfig) (*Renderer, error) {
	cfg = cfg.withDefaults()
	var err error
	if cfg.Graphviz == "" {
		cfg.Graphviz, err = graphvizFromEnv()
	} else {
		cfg.Graphviz, err = ParseGraphviz("RendererConfig.Graphviz", cfg.Graphviz)
	}
	if err != nil {
		return nil, err
	}
	if cfg.QueueSize < 0 || cfg.MaxNodes < 0 || cfg.MaxEdges < 0 || cfg.Timeout < 0 || cfg.MaxPNGPixels < 0 || cfg.RecycleAfter < 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "renderer limits must not be negative: %+v", cfg)
	}
	r := &Renderer{
		cfg:       cfg,
		jobs:      make(chan *job, cfg.QueueSize),
		done:      make(chan struct{}),
		exited:    make(chan struct{}),
		pngSem:    make(chan struct{}, 2),
		nativeSem: make(chan struct{}, 2),
		cache:     newImageCache(cfg.CacheEntries, cfg.CacheBytes),
	}
	go r.work()
	go func() {
		select {
		case <-ctx.Done():
			_ = r.Close()
		case <-r.done:
		}
	}()
	return r, nil
}

// Warm starts the worker process now, in the background, if the renderer
// draws with the embedded Graphviz and the queue has room, so that a
// program that will render (domainscope render) overlaps the worker's
// start (about 0.1 s) with its own work. It does not wait; a worker that
// cannot start is reported by the next Render.
func (r *Renderer) Warm() {
	if r.cfg.Graphviz != GraphvizEmbedded {
		return
	}
	select {
	case r.jobs <- &job{ctx: context.Background(), reply: make(chan jobResult, 1)}:
	default:
	}
}

// Close stops the worker; renders still queued fail with EUNAVAILABLE.
func (r *Renderer) Close() error {
	if r == nil {
		return nil
	}
	r.once.Do(func() { close(r.done) })
	<-r.exited
	return nil
}

// Stats returns the renderer's counters.
func (r *Renderer) Stats() RendererStats {
	return RendererStats{Renders: r.renders.Load(), CacheHits: r.hits.Load(), Restarts: r.restarts.Load(),
		Timeouts: r.timeouts.Load(), Rejected: r.rejected.Load(), Queued: len(r.jobs), Running: int(r.running.Load())}
}

// Limits returns the renderer's node and link caps.
func (r *Renderer) Limits() (maxNodes, maxEdges int) { return r.cfg.MaxNodes, r.cfg.MaxEdges }

// Check reports whether a view can be rendered with opt: the options are
// valid and the view is within the node, link and layout caps (ETOOLARGE
// naming the limit otherwise). Render runs it first.
func (r *Renderer) Check(v *analysis.GraphView, opt Options) error {
	_, err := r.check(v, opt)
	return err
}

func (r *Renderer) check(v *analysis.GraphView, opt Options) (*scene, error) {
	s, err := prepare(v, opt)
	if err != nil {
		return nil, err
	}
	n, e := len(s.v.Nodes), len(s.links)
	if n > r.cfg.MaxNodes {
		return nil, graphmodel.Errorf(graphmodel.ETOOLARGE,
			"the view has %d industries, over the render limit of %d nodes: ask for fewer nodes (max_nodes) or for DOT text", n, r.cfg.MaxNodes)
	}
	if e > r.cfg.MaxEdges {
		return nil, graphmodel.Errorf(graphmodel.ETOOLARGE,
			"the view has %d links to draw, over the render limit of %d links: use backbone=disparity with a smaller alpha or backbone=topk", e, r.cfg.MaxEdges)
	}
	if lim := layoutLimit[s.o.Layout]; lim > 0 && n > lim {
		return nil, graphmodel.Errorf(graphmodel.ETOOLARGE,
			"layout %s is limited to %d nodes (it may not finish on more); the view has %d: use layout stress, sfdp or neato", s.o.Layout, lim, n)
	}
	return s, nil
}

// Render draws a view as "svg", "png" or "dot" (the DOT text, unrendered
// and not subject to the caps).
// Errors: EINVALID for bad options or format, ETOOLARGE over a cap,
// EUNAVAILABLE when the queue is full, the render times out or the
// renderer is closed (or rsvg-convert is missing, for PNG), EINTERNAL
// when Graphviz fails.
func (r *Renderer) Render(ctx context.Context, v *analysis.GraphView, format string, opt Options) ([]byte, error) {
	if format != "svg" && format != "png" && format != "dot" {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "format %q: expected svg, png or dot", format)
	}
	if format == "dot" {
		return DOT(v, opt) // text: no node, link or layout caps
	}
	s, err := r.check(v, opt)
	if err != nil {
		return nil, err
	}
	dot := s.dot()
	key := cacheKey(format, s.o, dot)
	if img, ok := r.cache.get(key); ok {
		r.hits.Add(1)
		return img, nil
	}
	svgKey := cacheKey("svg", s.o, dot)
	svg, ok := r.cache.get(svgKey)
	if !ok {
		if svg, err = r.draw(ctx, s, dot); err != nil {
			return nil, err
		}
		r.cache.put(svgKey, svg)
	}
	if format == "svg" {
		return svg, nil
	}
	png, err := r.png(ctx, svg, s.o.Scale)
	if err != nil {
		return nil, err
	}
	r.cache.put(key, png)
	return png, nil
}

// draw renders the scene's DOT and checks that every node was drawn. With
// overlap=prism, Graphviz 12 (WebAssembly) sometimes computes a bounding
// box that leaves nodes out of the SVG; the view is then drawn again with
// overlap=scale.
func (r *Renderer) draw(ctx context.Context, s *scene, dot []byte) ([]byte, error) {
	svg, err := r.svg(ctx, engine(s.o.Layout), dot)
	if err != nil {
		return nil, err
	}
	if got := bytes.Count(svg, []byte(`class="node"`)); got != len(s.v.Nodes) {
		if s.overlap == "prism" {
			r.cfg.Logger.Info("Graphviz lost nodes with overlap=prism; drawing again with overlap=scale", "drawn", got, "nodes", len(s.v.Nodes))
			s.overlap = "scale"
			return r.draw(ctx, s, s.dot())
		}
		return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "Graphviz drew %d of the %d industries of the view with layout %s", got, len(s.v.Nodes), s.o.Layout)
	}
	return svg, nil
}

func cacheKey(format string, o Options, dot []byte) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%g\x00", format, o.Layout, o.Scale)
	h.Write(dot)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// svg draws DOT text with a native Graphviz program (RendererConfig.Graphviz),
// or queues it for the worker and waits for its SVG.
func (r *Renderer) svg(ctx context.Context, layout string, dot []byte) ([]byte, error) {
	select {
	case <-r.done:
		return nil, errClosed()
	default:
	}
	prog, args, err := r.nativeProgram(layout)
	if err != nil {
		return nil, err
	}
	if prog != "" {
		return r.nativeSVG(ctx, prog, args, dot)
	}
	j := &job{ctx: ctx, layout: layout, dot: dot, reply: make(chan jobResult, 1)}
	select {
	case r.jobs <- j:
	default:
		r.rejected.Add(1)
		return nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "the render queue is full (%d diagrams waiting): try again shortly", cap(r.jobs))
	}
	select {
	case res := <-j.reply:
		return res.svg, res.err
	case <-ctx.Done():
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, ctx.Err(), "the render was cancelled while waiting: %v", ctx.Err())
	case <-r.exited:
		return nil, errClosed()
	}
}

func errClosed() error {
	return graphmodel.Errorf(graphmodel.EUNAVAILABLE, "the renderer is closed")
}

// work is the worker goroutine: it owns the worker process and runs one job at a time.
func (r *Renderer) work() {
	defer close(r.exited)
	defer func() {
		r.stopChild()
		for {
			select {
			case j := <-r.jobs:
				j.reply <- jobResult{err: errClosed()}
			default:
				return
			}
		}
	}()
	for {
		select {
		case <-r.done:
			return
		case j := <-r.jobs:
			r.running.Add(1)
			svg, err := r.run(j)
			r.running.Add(-1)
			j.reply <- jobResult{svg, err}
		}
	}
}

// run sends one job to the worker process, starting it when needed, and
// waits for the answer, the timeout, the caller's cancellation or Close.
func (r *Renderer) run(j *job) ([]byte, error) {
	if err := j.ctx.Err(); err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "the render was cancelled while waiting: %v", err)
	}
	if r.child == nil {
		exe := r.cfg.Executable
		if exe == "" {
			var err error
			if exe, err = FindWorker(); err != nil {
				return nil, err
			}
		}
		c, err := startChild(exe)
		if err != nil {
			return nil, err
		}
		r.child = c
		r.cfg.Logger.Debug("render worker started", "pid", c.cmd.Process.Pid)
	}
	if j.dot == nil { // Warm: the worker is started, nothing to draw
		return nil, nil
	}
	c := r.child
	r.nextID++
	if err := c.enc.Encode(&protocol.Request{ID: r.nextID, Layout: j.layout, DOT: j.dot}); err != nil {
		r.killChild("cannot send a request")
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "the render worker stopped (%s); it will be restarted: try again", c.stderr.tail())
	}
	timer := time.NewTimer(r.cfg.Timeout)
	defer timer.Stop()
	select {
	case resp, ok := <-c.resp:
		if !ok {
			tail := c.stderr.tail()
			r.killChild("exited")
			return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "Graphviz stopped while drawing this diagram (%s); the render worker was restarted", tail)
		}
		c.renders++
		r.renders.Add(1)
		if resp.Dead {
			r.killChild("Graphviz module died")
			return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "Graphviz failed on this diagram and stopped (%s); the render worker was restarted", resp.Err)
		}
		if resp.Err != "" {
			return nil, graphmodel.Errorf(graphmodel.EINTERNAL, "Graphviz could not draw the diagram: %s", resp.Err)
		}
		if c.renders >= r.cfg.RecycleAfter {
			r.stopChild()
		}
		return resp.SVG, nil
	case <-timer.C:
		r.timeouts.Add(1)
		r.killChild("timeout")
		return nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE,
			"the %s layout took longer than the render limit of %s and was stopped: draw fewer industries, filter more links or use layout stress", j.layout, r.cfg.Timeout)
	case <-j.ctx.Done():
		r.killChild("cancelled")
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, j.ctx.Err(), "the render was cancelled: %v", j.ctx.Err())
	case <-r.done:
		r.killChild("renderer closed")
		return nil, errClosed()
	}
}

// killChild stops a failed worker process; the next render starts a new one.
func (r *Renderer) killChild(why string) {
	if r.child == nil {
		return
	}
	r.restarts.Add(1)
	r.cfg.Logger.Warn("render worker stopped", "reason", why, "stderr", r.child.stderr.tail())
	r.child.kill()
	r.child = nil
}

// stopChild ends a healthy worker process by closing its requests.
func (r *Renderer) stopChild() {
	if r.child == nil {
		return
	}
	r.child.stop()
	r.child = nil
}

// WorkerName is the diagram worker's program name.
const WorkerName = "domainscope-graphviz"

// WorkerPathEnv names the environment variable that gives the diagram worker's path.
const WorkerPathEnv = "DOMAINSCOPE_GRAPHVIZ"

// FindWorker returns the path of the diagram worker: $DOMAINSCOPE_GRAPHVIZ
// if set, else domainscope-graphviz in the directory of this program's
// executable or in bin/ beside it, else domainscope-graphviz on PATH. Not found is EUNAVAILABLE
// saying how to build it.
func FindWorker() (string, error) {
	self, _ := os.Executable()
	return findWorker(os.Getenv(WorkerPathEnv), self)
}

// findWorker is FindWorker with the environment variable's value and this
// program's executable ("" if unknown) given.
func findWorker(envPath, self string) (string, error) {
	if envPath != "" {
		p, err := exec.LookPath(envPath)
		if err != nil {
			return "", graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
				"diagram worker: %s=%s is not an executable program (%v): build it with 'go build -o DIR ./cmd/%s' and set %s to its path",
				WorkerPathEnv, envPath, err, WorkerName, WorkerPathEnv)
		}
		return p, nil
	}
	dir := "DIR"
	if self != "" {
		dir = filepath.Dir(self)
		// Next to the program, or in bin/ beside it: the README builds both with
		// 'go build -o bin/ ./cmd/...' and may run ./domainscope from the checkout.
		for _, p := range []string{filepath.Join(dir, WorkerName), filepath.Join(dir, "bin", WorkerName)} {
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0 {
				return p, nil
			}
		}
	}
	p, err := exec.LookPath(WorkerName)
	if err == nil {
		return p, nil
	}
	return "", graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
		"diagram worker %s not found: build it with 'go build -o %s ./cmd/%s' next to domainscope, or set %s to its path (looked in %s, %s and on PATH; DOT output works without it)",
		WorkerName, dir+string(filepath.Separator), WorkerName, WorkerPathEnv, dir, filepath.Join(dir, "bin"))
}

// child is a running worker process.
type child struct {
	cmd    *exec.Cmd
	reqW   *os.File
	enc    *gob.Encoder
	resp   chan protocol.Response
	waited chan struct{}
	stderr *tailBuffer
	// renders counts the answers of this process.
	renders int
}

func startChild(exe string) (*child, error) {
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot start the render worker: %v", err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot start the render worker: %v", err)
	}
	c := &child{reqW: reqW, enc: gob.NewEncoder(reqW), resp: make(chan protocol.Response, 1), waited: make(chan struct{}), stderr: &tailBuffer{}}
	c.cmd = exec.Command(exe)
	c.cmd.Env = append(os.Environ(), protocol.Env+"=1")
	c.cmd.ExtraFiles = []*os.File{reqR, respW}
	c.cmd.Stderr = c.stderr
	err = c.cmd.Start()
	reqR.Close()
	respW.Close()
	if err != nil {
		reqW.Close()
		respR.Close()
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot start the render worker %s: %v", exe, err)
	}
	go func() {
		defer close(c.resp)
		defer respR.Close()
		dec := gob.NewDecoder(respR)
		for {
			var resp protocol.Response
			if err := dec.Decode(&resp); err != nil {
				return
			}
			c.resp <- resp
		}
	}()
	go func() {
		_ = c.cmd.Wait()
		close(c.waited)
	}()
	return c, nil
}

func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	c.reqW.Close()
	<-c.waited
}

func (c *child) stop() {
	c.reqW.Close()
	select {
	case <-c.waited:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.waited
	}
}

// tailBuffer keeps the last 2 KiB written to it (the worker's stderr).
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2048 {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-2048:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) tail() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(bytes.TrimSpace(t.buf))
	if s == "" {
		return "no message"
	}
	return s
}

// png rasterises an SVG with rsvg-convert at scale × 72 dpi, reduced to
// stay within MaxPNGPixels.
func (r *Renderer) png(ctx context.Context, svg []byte, scale float64) ([]byte, error) {
	prog, err := r.rasteriser()
	if err != nil {
		return nil, err
	}
	if w, h, ok := svgSize(svg); ok && w*h*scale*scale > float64(r.cfg.MaxPNGPixels) {
		scale = sqrtRatio(float64(r.cfg.MaxPNGPixels), w*h)
	}
	select {
	case r.pngSem <- struct{}{}:
		defer func() { <-r.pngSem }()
	case <-ctx.Done():
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, ctx.Err(), "the render was cancelled: %v", ctx.Err())
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	z := strconv.FormatFloat(scale, 'f', 4, 64)
	cmd := exec.CommandContext(ctx, prog, "--format", "png", "--dpi-x", "72", "--dpi-y", "72", "--zoom", z, "--background-color", "white")
	cmd.Stdin = bytes.NewReader(svg)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "rsvg-convert took longer than %s and was stopped", r.cfg.Timeout)
		}
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "rsvg-convert could not rasterise the SVG: %v: %s", err, bytes.TrimSpace(errb.Bytes()))
	}
	return out.Bytes(), nil
}

// rasteriser finds rsvg-convert once.
func (r *Renderer) rasteriser() (string, error) {
	r.rsvgOnce.Do(func() {
		name := r.cfg.RSVGConvert
		if name == "" {
			name = "rsvg-convert"
		}
		p, err := exec.LookPath(name)
		if err != nil {
			r.rsvgErr = graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
				"PNG needs rsvg-convert, which was not found (%s); install it (Debian/Ubuntu: apt-get install librsvg2-bin) or ask for SVG", name)
			return
		}
		r.rsvgPath = p
	})
	return r.rsvgPath, r.rsvgErr
}
