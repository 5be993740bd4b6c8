package centrality

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/domainscope/domainscope/graph"
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
	return "", graph.Errorf("unknown distance transform %q: expected one of inverse, neglog, none", s)
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
// are equal: a candidate d ties with the current d_w when |d − d_w| <=
// pathEpsilon·d. It is igraph's
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
// Path lengths come from the weights as set by opt.Distance. Two lengths
// tie when they differ by at most 1e-10 of the new candidate's length (see
// pathEpsilon). Path counts σ are float64: they overflow only beyond 1e308
// paths between a pair (very large lattices).
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
// on cancellation ctx.Err() is returned. Each worker holds O(n) state (37
// bytes a node, its accumulator included, for breadth-first search; for
// Dijkstra 61 bytes a node plus 4 bytes an arc for the predecessor lists)
// besides the shared graph and, for weighted lengths, 8 bytes an arc of
// lengths. Time is O(k·m) for BFS and O(k·m log n) for Dijkstra with k
// sources: on a random graph of 10⁶ nodes and 10⁷ links one unweighted
// source costs about 1 s of CPU (bench/centrality).
func Betweenness(ctx context.Context, g *graph.Graph, opt BetweennessOptions) ([]float64, error) {
	if g == nil {
		return nil, graph.Errorf("betweenness: graph is nil")
	}
	dist, err := ParseDistanceTransform(string(opt.Distance))
	if err != nil {
		return nil, err
	}
	if opt.Samples < 0 {
		return nil, graph.Errorf("betweenness: samples must be >= 0 (0 = exact), got %d", opt.Samples)
	}
	if opt.Workers < 0 {
		return nil, graph.Errorf("betweenness: workers must be >= 0 (0 = GOMAXPROCS), got %d", opt.Workers)
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
// dependency δ_s(v) lies in [0, n−2] and the estimate is (n/2) times the mean
// of k of them drawn without replacement, which obeys Hoeffding's inequality
// (Hoeffding 1963, J. Amer. Statist. Assoc. 58:13–30, Thm 1 and §6: sampling
// without replacement is at least as concentrated); a union bound over the
// n nodes gives
//
//	ε = (n/2) · (n−2) · sqrt(ln(2n/delta) / (2k)),
//
// and on normalised values (divided by (n−1)(n−2)/2)
//
//	ε_norm = n/(n−1) · sqrt(ln(2n/delta) / (2k)).
//
// This is the source-sampling ("pivots") estimator of Brandes & Pich 2007
// with the Hoeffding argument of Eppstein & Wang 2004 (J. Graph Algorithms
// Appl. 8(1):39–45). It does not shrink with the size of the values: on a
// graph of a million nodes, ε_norm = 0.01 at delta = 0.1 needs about 84,000
// sources (see SampledBetweennessSources), so for large graphs it is a
// worst-case guarantee and the error measured against exact values is far
// smaller (bench/centrality). Path sampling (Riondato & Kornaropoulos 2016,
// Data Min. Knowl. Disc. 30:438–475) needs a number of samples that depends
// on the vertex diameter instead of n; it is not implemented here.
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

// SampledBetweennessSources returns the number of sources k for which
// SampledBetweennessError bounds the normalised error by eps with
// probability 1−delta: the smallest k >= (n/(n−1))² · ln(2n/delta) / (2 eps²),
// capped at n (exact). It is n for n < 3 or eps or delta outside (0, 1).
func SampledBetweennessSources(n int, eps, delta float64) int {
	if n < 3 || !(eps > 0 && eps < 1) || !(delta > 0 && delta < 1) {
		return max(n, 0)
	}
	fn := float64(n)
	k := math.Ceil(fn * fn / ((fn - 1) * (fn - 1)) * math.Log(2*fn/delta) / (2 * eps * eps))
	if k >= fn {
		return n
	}
	return int(k)
}

// bwLengths returns the length of every arc of g under transform t.
func bwLengths(g *graph.Graph, t DistanceTransform) []float64 {
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
	g      *graph.Graph
	length []float64 // arc lengths; nil for breadth-first search
	bc     []float64 // accumulated Σ_s δ_s(v)

	sigma []float64 // number of shortest paths from the source
	delta []float64 // dependency of the source on the node
	order []int32   // nodes in order of non-decreasing distance

	// Breadth-first search.
	seen   []bool
	r      []float64 // per-level values pulled by the next level, else 0
	levels []int     // order[levels[L]:levels[L+1]] is BFS level L

	// Dijkstra. The predecessors of v are pred[g.Off[v] : g.Off[v]+npred[v]]:
	// they are among v's neighbours, so v's CSR row has room for them.
	dist    []float64 // +Inf when unreached
	settled []bool
	pred    []int32
	npred   []int32
	heap    bwHeap
}

func newBrandesWorker(g *graph.Graph, length []float64) *brandesWorker {
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
		b.seen = make([]bool, n)
		b.r = make([]float64, n)
		return b
	}
	b.dist = make([]float64, n)
	for i := range b.dist {
		b.dist[i] = math.Inf(1)
	}
	b.settled = make([]bool, n)
	b.pred = make([]int32, len(g.Adj))
	b.npred = make([]int32, n)
	b.heap = bwHeap{pos: make([]int32, n), items: make([]bwItem, 0, n)}
	return b
}

// bfs adds δ_s(v) for every v to b.bc, for unit lengths, level by level and
// without branches on the distance: in a BFS, neighbours of a node at level L
// are at levels L−1, L or L+1, so a sum over all neighbours of a per-node
// value that is non-zero only on one adjacent level picks exactly the
// predecessors (forward) or successors (backward).
//
// Forward: σ(w) = Σ_{x ~ w} r(x), r = σ on level L−1 and 0 elsewhere.
// Backward: δ(w) = σ(w) Σ_{x ~ w} r(x), r = (1+δ)/σ on level L+1, else 0.
func (b *brandesWorker) bfs(s int32) {
	off, adj := b.g.Off, b.g.Adj
	seen, sigma, delta, r := b.seen, b.sigma, b.delta, b.r
	order := append(b.order[:0], s)
	levels := append(b.levels[:0], 0, 1)
	seen[s], sigma[s] = true, 1
	for _, x := range adj[off[s]:off[s+1]] {
		seen[x] = true
		order = append(order, x)
	}
	r[s] = 1
	for lo, hi := 1, len(order); lo < hi; lo, hi = hi, len(order) {
		levels = append(levels, hi)
		for _, w := range order[lo:hi] {
			var sum float64
			for _, x := range adj[off[w]:off[w+1]] {
				sum += r[x]
				if !seen[x] {
					seen[x] = true
					order = append(order, x)
				}
			}
			sigma[w] = sum
		}
		for _, v := range order[levels[len(levels)-3]:lo] {
			r[v] = 0
		}
		for _, w := range order[lo:hi] {
			r[w] = sigma[w]
		}
	}
	// levels[L] starts level L for L <= top, and levels[top+1] = len(order).
	// r holds σ on level top; the farthest level has no successors, δ = 0,
	// so r = (1+δ)/σ = 1/σ there.
	top := len(levels) - 2
	for _, w := range order[levels[top]:] {
		r[w] = 1 / sigma[w]
	}
	for L := top - 1; L >= 1; L-- {
		lv := order[levels[L]:levels[L+1]]
		for _, w := range lv {
			var sum float64
			for _, x := range adj[off[w]:off[w+1]] {
				sum += r[x]
			}
			delta[w] = sigma[w] * sum
		}
		for _, w := range lv {
			b.bc[w] += delta[w]
			r[w] = (1 + delta[w]) / sigma[w]
		}
	}
	for _, v := range order {
		seen[v], sigma[v], r[v] = false, 0, 0
	}
	b.order, b.levels = order, levels
}

// dijkstra adds δ_s(v) for every v to b.bc, for the lengths in b.length.
// A candidate length d ties with the current dist(w) when |d − dist(w)| <=
// pathEpsilon·d.
func (b *brandesWorker) dijkstra(s int32) {
	off, adj, length := b.g.Off, b.g.Adj, b.length
	dist, sigma, delta, settled := b.dist, b.sigma, b.delta, b.settled
	pred, npred := b.pred, b.npred
	h := &b.heap
	order := b.order[:0]
	dist[s], sigma[s] = 0, 1
	h.push(s, 0)
	for len(h.items) > 0 {
		v := h.pop()
		settled[v] = true
		order = append(order, v)
		dv, sv := dist[v], sigma[v]
		for e := off[v]; e < off[v+1]; e++ {
			w := adj[e]
			d := dv + length[e]
			dw := dist[w]
			tol := pathEpsilon * d
			if d < dw-tol {
				// Shorter: a settled w has dw <= dv < d, so w is not settled.
				sigma[w] = sv
				pred[off[w]], npred[w] = v, 1
				if math.IsInf(dw, 1) {
					dist[w] = d
					h.push(w, d)
				} else {
					dist[w] = d
					h.decrease(w, d)
				}
			} else if d <= dw+tol && !settled[w] {
				sigma[w] += sv
				pred[off[w]+int64(npred[w])] = v
				npred[w]++
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
		dist[v], sigma[v], delta[v], settled[v], npred[v] = math.Inf(1), 0, 0, false, 0
	}
	b.order = order
}

// bwHeap is a binary min-heap of nodes by key with pos[v] the index of v in
// items, so that a key can be decreased in place.
type bwHeap struct {
	pos   []int32
	items []bwItem
}

type bwItem struct {
	key float64
	v   int32
}

func (h *bwHeap) push(v int32, key float64) {
	h.items = append(h.items, bwItem{key, v})
	h.up(int32(len(h.items)-1), bwItem{key, v})
}

func (h *bwHeap) decrease(v int32, key float64) {
	h.up(h.pos[v], bwItem{key, v})
}

// pop removes and returns the node with the smallest key. The hole left at
// the root is moved down to a leaf along the smaller children, then the last
// item is sifted up from there (Floyd's bottom-up variant: about log n
// comparisons instead of 2 log n).
func (h *bwHeap) pop() int32 {
	items, pos := h.items, h.pos
	top := items[0].v
	last := int32(len(items) - 1)
	x := items[last]
	items = items[:last]
	h.items = items
	if last == 0 {
		return top
	}
	i := int32(0)
	for {
		c := 2*i + 1
		if c >= last {
			break
		}
		if c+1 < last && items[c+1].key < items[c].key {
			c++
		}
		items[i] = items[c]
		pos[items[i].v] = i
		i = c
	}
	h.up(i, x)
	return top
}

// up places it at index i or above, moving larger parents down.
func (h *bwHeap) up(i int32, it bwItem) {
	items, pos := h.items, h.pos
	for i > 0 {
		p := (i - 1) / 2
		if items[p].key <= it.key {
			break
		}
		items[i] = items[p]
		pos[items[i].v] = i
		i = p
	}
	items[i] = it
	pos[it.v] = i
}
