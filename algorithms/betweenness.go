package algorithms

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/domainscope/domainscope/graphmodel"
)

// DistanceTransform says how an edge weight (a strength: larger is closer)
// becomes a path length for shortest paths.
type DistanceTransform string

const (
	// DistanceInverse: length 1/w. The default.
	DistanceInverse DistanceTransform = "inverse"
	// DistanceNegLog: length −log(w / (2·max w)) = ln 2 − log(w / max w),
	// max over all edges: with weights read as probabilities, a path's
	// length is −log of the product of its weights. The ln 2 keeps every
	// length > 0: with −log(w / max w) the strongest edges would have length
	// 0, and shortest-path counts through zero-length edges are not well
	// defined (Brandes' counting would depend on node order).
	DistanceNegLog DistanceTransform = "neglog"
	// DistanceNone: every edge has length 1 (hop count); weights are ignored.
	DistanceNone DistanceTransform = "none"
)

// ParseDistanceTransform validates a distance transform given by a user;
// "" means DistanceInverse.
func ParseDistanceTransform(s string) (DistanceTransform, error) {
	switch DistanceTransform(s) {
	case "":
		return DistanceInverse, nil
	case DistanceInverse, DistanceNegLog, DistanceNone:
		return DistanceTransform(s), nil
	}
	return "", graphmodel.Errorf(graphmodel.EINVALID,
		"unknown distance transform %q: expected one of inverse, neglog, none", s)
}

// BetweennessOptions configures Betweenness. The zero value is exact,
// unnormalised betweenness with inverse-weight lengths on GOMAXPROCS workers.
type BetweennessOptions struct {
	Distance DistanceTransform `json:"distance"` // "" means DistanceInverse
	// Normalised divides by (n−1)(n−2)/2, the number of pairs not
	// containing the node, so values are in [0, 1].
	Normalised bool `json:"normalised"`
	// Samples > 0 estimates betweenness from that many distinct sources drawn
	// uniformly at random with Seed (Brandes & Pich 2007); 0, or a value >= n,
	// computes it exactly from every source.
	Samples int    `json:"samples,omitempty"`
	Seed    uint64 `json:"seed,omitempty"`
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Workers int `json:"-"`
}

// pathEpsilon is the relative tolerance under which two weighted path lengths
// are equal: a and b tie when |a−b| <= pathEpsilon·max(a, b). It is igraph's
// choice (igraph_cmp_epsilon, 1e-10) and makes paths whose lengths differ only
// by rounding, such as 0.1+0.2 and 0.3, count as equally short.
const pathEpsilon = 1e-10

// Betweenness returns the shortest-path betweenness centrality of every node
// of g, the conventional undirected value in which each unordered pair {s,t}
// is counted once:
//
//	C_B(v) = Σ_{s<t, s≠v≠t} σ_st(v) / σ_st
//
// where σ_st is the number of shortest s–t paths and σ_st(v) the number of
// those through v. It uses Brandes' algorithm (Brandes 2001, J. Math. Sociol.
// 25(2):163–177): one single-source search per source (breadth-first for
// DistanceNone, Dijkstra with a binary heap otherwise) and the dependency
// recursion δ_s(v) = Σ_{w: v∈P_s(w)} σ_sv/σ_sw (1 + δ_s(w)); C_B(v) =
// ½ Σ_s δ_s(v). gonum's network.Betweenness and igraph's directed=TRUE sum
// over ordered pairs and return twice this value.
//
// Path lengths come from the weights as set by opt.Distance. Two lengths a, b
// tie when |a−b| <= 1e-10·max(a,b) (see pathEpsilon).
//
// With opt.Samples = k (0 < k < n), the sum over sources is estimated from k
// distinct random sources S and scaled: Ĉ_B(v) = (n/k) · ½ Σ_{s∈S} δ_s(v)
// (Brandes & Pich 2007, Int. J. Bifurc. Chaos 17(7):2303–2318). Its error is
// bounded by SampledBetweennessError.
//
// Sources are split among opt.Workers goroutines, source s going to worker
// s mod W, each with its own accumulator; the accumulators are added at the
// end, so results are reproducible for a given W and differ between values
// of W only by floating-point rounding. ctx is checked before every source;
// on cancellation ctx.Err() is returned.
func Betweenness(ctx context.Context, g *Graph, opt BetweennessOptions) ([]float64, error) {
	if g == nil {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "betweenness: graph is nil")
	}
	dist, err := ParseDistanceTransform(string(opt.Distance))
	if err != nil {
		return nil, err
	}
	if opt.Samples < 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID,
			"betweenness: samples must be >= 0 (0 = exact), got %d", opt.Samples)
	}
	if opt.Workers < 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID,
			"betweenness: workers must be >= 0 (0 = GOMAXPROCS), got %d", opt.Workers)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := g.Nodes()
	bc := make([]float64, n)
	if n < 3 {
		return bc, nil
	}

	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	scale := 0.5 // each unordered pair is reached from both ends
	if k := opt.Samples; k > 0 && k < n {
		// Partial Fisher–Yates: the first k entries are a uniform sample
		// without replacement.
		rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
		for i := 0; i < k; i++ {
			j := i + rng.IntN(n-i)
			sources[i], sources[j] = sources[j], sources[i]
		}
		sources = sources[:k]
		scale *= float64(n) / float64(k)
	}

	var length []float64
	if dist != DistanceNone {
		length = bwLengths(g, dist)
	}

	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(sources))
	acc := make([][]float64, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			b := newBrandesWorker(g, length)
			for i := w; i < len(sources); i += workers {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				if length == nil {
					b.bfs(sources[i])
				} else {
					b.dijkstra(sources[i])
				}
			}
			acc[w] = b.bc
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, a := range acc {
		for v, x := range a {
			bc[v] += x
		}
	}
	if opt.Normalised {
		scale /= float64(n-1) * float64(n-2) / 2
	}
	for v := range bc {
		bc[v] *= scale
	}
	return bc, nil
}

// SampledBetweennessError returns ε such that, with probability at least
// 1−delta, every node's estimate from Betweenness with Samples = k on a graph
// of n nodes is within ε of its exact (unnormalised) value. Each source's
// dependency δ_s(v) lies in [0, n−2], and the mean of k sources drawn without
// replacement obeys Hoeffding's inequality (Hoeffding 1963, J. Amer. Statist.
// Assoc. 58:13–30, Thm 1 and §6); a union bound over the n nodes gives
//
//	ε = (n/2) · (n−2) · sqrt(ln(2n/delta) / (2k)).
//
// Divide by (n−1)(n−2)/2 for the bound on normalised values. This is the
// bound of Brandes & Pich 2007 (after Eppstein & Wang 2004); Riondato &
// Kornaropoulos 2016 give tighter sample sizes in terms of vertex diameter.
func SampledBetweennessError(n, k int, delta float64) float64 {
	if k <= 0 || n < 3 || !(delta > 0 && delta < 1) {
		return math.Inf(1)
	}
	if k >= n {
		return 0
	}
	fn := float64(n)
	return fn / 2 * (fn - 2) * math.Sqrt(math.Log(2*fn/delta)/(2*float64(k)))
}

// bwLengths returns the length of every arc of g under transform t.
func bwLengths(g *Graph, t DistanceTransform) []float64 {
	l := make([]float64, len(g.W))
	switch t {
	case DistanceNegLog:
		var maxW float64
		for _, w := range g.W {
			maxW = max(maxW, w)
		}
		for e, w := range g.W {
			l[e] = -math.Log(w / (2 * maxW))
		}
	default:
		for e, w := range g.W {
			l[e] = 1 / w
		}
	}
	return l
}

// brandesWorker holds one goroutine's per-source state on flat arrays; only
// the nodes reached from a source are reset after it.
type brandesWorker struct {
	g      *Graph
	length []float64 // arc lengths; nil for breadth-first search
	bc     []float64 // accumulated Σ_s δ_s(v)

	sigma []float64 // number of shortest paths from the source
	delta []float64 // dependency of the source on the node
	hops  []int32   // BFS distance, −1 when unreached
	dist  []float64 // Dijkstra distance
	state []uint8   // Dijkstra: 0 unreached, 1 in heap, 2 settled
	order []int32   // nodes in order of non-decreasing distance
	// Dijkstra predecessors of v are pred[g.Off[v] : g.Off[v]+npred[v]]: a
	// node's predecessors are among its neighbours, so its CSR row has room.
	pred  []int32
	npred []int32
	heap  bwHeap
}

func newBrandesWorker(g *Graph, length []float64) *brandesWorker {
	n := g.Nodes()
	b := &brandesWorker{
		g:      g,
		length: length,
		bc:     make([]float64, n),
		sigma:  make([]float64, n),
		delta:  make([]float64, n),
		order:  make([]int32, 0, n),
	}
	if length == nil {
		b.hops = make([]int32, n)
		for i := range b.hops {
			b.hops[i] = -1
		}
	} else {
		b.dist = make([]float64, n)
		b.state = make([]uint8, n)
		b.pred = make([]int32, len(g.Adj))
		b.npred = make([]int32, n)
		b.heap = bwHeap{dist: b.dist, pos: make([]int32, n), items: make([]int32, 0, n)}
	}
	return b
}

// bfs adds δ_s(v) for every v to b.bc, for unit lengths. Predecessors are not
// stored: v precedes w exactly when they are adjacent and hops[v] = hops[w]−1.
func (b *brandesWorker) bfs(s int32) {
	off, adj := b.g.Off, b.g.Adj
	hops, sigma, delta := b.hops, b.sigma, b.delta
	order := b.order[:0]
	hops[s], sigma[s] = 0, 1
	order = append(order, s)
	for head := 0; head < len(order); head++ {
		v := order[head]
		hv, sv := hops[v], sigma[v]
		for _, w := range adj[off[v]:off[v+1]] {
			switch hops[w] {
			case -1:
				hops[w] = hv + 1
				sigma[w] = sv
				order = append(order, w)
			case hv + 1:
				sigma[w] += sv
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		hw := hops[w] - 1
		c := (1 + delta[w]) / sigma[w]
		for _, v := range adj[off[w]:off[w+1]] {
			if hops[v] == hw {
				delta[v] += sigma[v] * c
			}
		}
		b.bc[w] += delta[w]
	}
	for _, v := range order {
		hops[v], sigma[v], delta[v] = -1, 0, 0
	}
	b.order = order
}

// dijkstra adds δ_s(v) for every v to b.bc, for the lengths in b.length.
func (b *brandesWorker) dijkstra(s int32) {
	off, adj, length := b.g.Off, b.g.Adj, b.length
	dist, sigma, delta, state := b.dist, b.sigma, b.delta, b.state
	pred, npred := b.pred, b.npred
	h := &b.heap
	order := b.order[:0]
	dist[s], sigma[s], state[s] = 0, 1, 1
	h.push(s)
	for len(h.items) > 0 {
		v := h.pop()
		state[v] = 2
		order = append(order, v)
		dv, sv := dist[v], sigma[v]
		for e := off[v]; e < off[v+1]; e++ {
			w := adj[e]
			switch state[w] {
			case 2:
				continue
			case 0:
				dist[w], sigma[w], state[w] = dv+length[e], sv, 1
				pred[off[w]], npred[w] = v, 1
				h.push(w)
			default:
				d, dw := dv+length[e], dist[w]
				tol := pathEpsilon * max(d, dw)
				if d < dw-tol {
					dist[w], sigma[w] = d, sv
					pred[off[w]], npred[w] = v, 1
					h.up(h.pos[w])
				} else if d <= dw+tol {
					sigma[w] += sv
					pred[off[w]+int64(npred[w])] = v
					npred[w]++
				}
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		c := (1 + delta[w]) / sigma[w]
		p := off[w]
		for _, v := range pred[p : p+int64(npred[w])] {
			delta[v] += sigma[v] * c
		}
		b.bc[w] += delta[w]
	}
	for _, v := range order {
		sigma[v], delta[v], state[v], npred[v] = 0, 0, 0, 0
	}
	b.order = order
}

// bwHeap is a binary min-heap of nodes keyed by dist (ties by node index),
// with pos[v] the index of v in items so a key can be decreased in place.
type bwHeap struct {
	dist  []float64
	pos   []int32
	items []int32
}

func (h *bwHeap) less(a, b int32) bool {
	da, db := h.dist[a], h.dist[b]
	return da < db || da == db && a < b
}

func (h *bwHeap) push(v int32) {
	h.items = append(h.items, v)
	h.pos[v] = int32(len(h.items) - 1)
	h.up(h.pos[v])
}

func (h *bwHeap) pop() int32 {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.pos[h.items[0]] = 0
	h.items = h.items[:last]
	if last > 0 {
		h.down(0)
	}
	return top
}

func (h *bwHeap) up(i int32) {
	items, pos := h.items, h.pos
	v := items[i]
	for i > 0 {
		p := (i - 1) / 2
		u := items[p]
		if !h.less(v, u) {
			break
		}
		items[i], pos[u] = u, i
		i = p
	}
	items[i], pos[v] = v, i
}

func (h *bwHeap) down(i int32) {
	items, pos := h.items, h.pos
	n := int32(len(items))
	v := items[i]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && h.less(items[r], items[c]) {
			c = r
		}
		u := items[c]
		if !h.less(u, v) {
			break
		}
		items[i], pos[u] = u, i
		i = c
	}
	items[i], pos[v] = v, i
}
