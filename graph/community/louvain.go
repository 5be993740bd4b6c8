package community

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/domainscope/domainscope/graph"
)

// Algorithm selects the community detection method of Detect.
type Algorithm int

const (
	// AlgorithmLeiden is Louvain local moving with Leiden refinement (Traag,
	// Waltman & van Eck 2019): every community is connected. The default.
	AlgorithmLeiden Algorithm = iota
	// AlgorithmLouvain is plain Louvain (Blondel et al. 2008), whose
	// communities can be internally disconnected.
	AlgorithmLouvain
)

func (a Algorithm) String() string {
	if a == AlgorithmLouvain {
		return "louvain"
	}
	return "leiden"
}

// Options configures Detect, Leiden and Louvain.
type Options struct {
	Resolution float64 // γ; 0 means 1. Larger values give more, smaller communities.
	Seed       int64   // node order is shuffled with this seed: same seed → same result
	MaxLevels  int     // aggregation levels to run; 0: until no improvement
	// Algorithm is used by Detect, PartitionStability and ResolutionSweep;
	// Leiden and Louvain set it themselves. The zero value is Leiden.
	Algorithm Algorithm
}

// DefaultOptions returns γ = 1, seed 0, no level limit and Leiden.
func DefaultOptions() Options {
	return Options{Resolution: 1, Algorithm: AlgorithmLeiden}
}

// Partition is a division of a graph's nodes into communities.
type Partition struct {
	// Community maps node -> community id in 0..K-1; ids are ordered by
	// community size (descending), then by smallest node.
	Community []int32
	K         int
	// Modularity is the quality of Community on the original graph at the
	// resolution used: Q for Leiden and Louvain, Σ_l ω_l Q_l for Detect
	// (equal to Modularity of Community up to rounding, ~1e-15).
	Modularity float64
	// Levels is the hierarchy: Levels[h][v] is node v's community at
	// aggregation level h, numbered like Community; each level's communities
	// are unions of the previous level's, and the last level equals
	// Community. With Leiden the levels below the last are Leiden's refined
	// sub-communities, the nodes of the next aggregated graph.
	Levels [][]int32
}

// Leiden partitions g into communities by maximising the modularity
//
//	Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j/(2m)] δ(c_i,c_j)
//
// (Newman & Girvan 2004; γ: Reichardt & Bornholdt 2006) with the Louvain
// method (Blondel, Guillaume, Lambiotte & Lefebvre 2008, J. Stat. Mech.
// P10008): nodes move greedily to the neighbouring community with the
// largest gain, then communities are aggregated into nodes, until no move
// improves Q. Local moving uses the queue of Traag, Waltman & van Eck 2019
// (Sci. Rep. 9:5233): after a pass over all nodes in random order, only
// neighbours of moved nodes are revisited.
//
// Louvain alone can return internally disconnected communities (Traag et
// al. 2019), so Leiden refines communities into connected sub-communities
// before aggregation (the Leiden algorithm), and repeats the whole from its
// result while Q rises by more than a relative 1e-4 (at most 10 times;
// twice on graphs of 2^19 edges or more, where a third run adds little).
// A repeat refines only the communities that its first
// local moving left different from every community of the previous one's;
// the others are aggregated whole, since refining them again gains little
// (measured on the LFR graph of bench/communities: the same Q, 2.8 times
// fewer aggregated nodes). Every returned community is connected.
// opt.Algorithm is ignored.
//
// On graphs of 8192 nodes or more local moving decides the moves of chunks
// of nodes on two goroutines (see moveChunked); the result depends on the
// seed only.
//
// ctx is checked between levels and every few thousand node visits; on
// cancellation ctx.Err() is returned.
func Leiden(ctx context.Context, g *graph.Graph, opt Options) (Partition, error) {
	if g == nil {
		return Partition{}, graph.Errorf("louvain: graph is nil")
	}
	opt.Algorithm = AlgorithmLeiden
	return louvain(ctx, []*graph.Graph{g}, []float64{1}, opt)
}

// Louvain partitions g like Leiden but with plain Louvain (Blondel et al.
// 2008): no refinement, so a community can be internally disconnected. It is
// kept for comparison with other tools. opt.Algorithm is ignored.
func Louvain(ctx context.Context, g *graph.Graph, opt Options) (Partition, error) {
	if g == nil {
		return Partition{}, graph.Errorf("louvain: graph is nil")
	}
	opt.Algorithm = AlgorithmLouvain
	return louvain(ctx, []*graph.Graph{g}, []float64{1}, opt)
}

// Detect partitions the common node set of layers (one Graph per
// layer, all with the same number of nodes) by maximising the multiplex
// quality
//
//	Q_mux = Σ_l ω_l Q_l,  Q_l = 1/(2m_l) Σ_ij [A^l_ij − γ k^l_i k^l_j/(2m_l)] δ(c_i,c_j)
//
// the multislice modularity of Mucha, Richardson, Macon, Porter & Onnela
// 2010 (Science 328:876) with one partition shared by all layers (no
// inter-layer coupling). Gonum's community.ModularizeMultiplex uses the same
// sum with each layer term not divided by 2m_l (see its QMultiplex doc); here
// each layer is normalised so that a layer's weight does not depend on its
// total edge weight. weights nil means ω_l = 1; weights must be finite and
// ≥ 0. Layers with ω_l = 0 or without edges do not contribute.
//
// opt.Algorithm selects Leiden (the default) or Louvain; see those functions.
// One layer with weights nil gives the same partition as Leiden or Louvain.
// Partition.Modularity is Q_mux. With Leiden every community is connected in
// the union graph of the contributing layers.
func Detect(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options) (Partition, error) {
	if len(layers) == 0 {
		return Partition{}, graph.Errorf("community detection: no layers given")
	}
	for l, g := range layers {
		if g == nil {
			return Partition{}, graph.Errorf("community detection: layer %d is nil", l)
		}
		if g.Nodes() != layers[0].Nodes() {
			return Partition{}, graph.Errorf("community detection: layer %d has %d nodes, expected %d like layer 0", l, g.Nodes(), layers[0].Nodes())
		}
	}
	if weights == nil {
		weights = make([]float64, len(layers))
		for l := range weights {
			weights[l] = 1
		}
	}
	if len(weights) != len(layers) {
		return Partition{}, graph.Errorf("community detection: %d layer weights for %d layers", len(weights), len(layers))
	}
	for l, w := range weights {
		if !(w >= 0) || math.IsInf(w, 1) {
			return Partition{}, graph.Errorf("community detection: weight of layer %d is %v, expected a finite number >= 0", l, w)
		}
	}
	return louvain(ctx, layers, weights, opt)
}

// Leiden iterations stop after maxLeidenIterations, when the partition no
// longer changes, or when Q rises by less than leidenMinGain·|Q|: measured on
// 100k-node planted graphs, later iterations add about 1e-5 to Q at the
// cost of a full Louvain pass each. Graphs with at least leidenLargeEdges
// CSR entries (edges counted in both directions) get at most
// maxLargeLeidenIterations: on the LFR graph of bench/communities (100k
// nodes, 2M edges) the second iteration adds 4.7e-5 to Q = 0.4912 for 45%
// more CPU time, on its degree-corrected SBM (1M nodes, 9.5M edges) 5.7e-5
// to Q = 0.4973 for 15% more, and the third 2e-6 (one iteration falls 1e-5
// short of networkit's PLM there). On small graphs such as the karate club
// later iterations matter and cost little.
//
// leidenTheta is the randomness θ of the refinement (Traag et al. 2019 and
// igraph use 0.01), here times the mean edge weight so that it does not
// depend on the unit of the weights.
const (
	maxLeidenIterations      = 10
	leidenLargeEdges         = 1 << 20
	maxLargeLeidenIterations = 2
	leidenMinGain            = 1e-4
	leidenTheta              = 0.01
)

func louvain(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options) (Partition, error) {
	gamma := opt.Resolution
	if gamma == 0 {
		gamma = 1
	}
	if !(gamma > 0) || math.IsInf(gamma, 1) {
		return Partition{}, graph.Errorf("louvain: resolution is %v, expected a finite number > 0", opt.Resolution)
	}
	if opt.MaxLevels < 0 {
		return Partition{}, graph.Errorf("louvain: max levels is %d, expected >= 0 (0: no limit)", opt.MaxLevels)
	}
	if err := ctx.Err(); err != nil {
		return Partition{}, err
	}
	base, coef := combineLayers(layers, weights, gamma)
	var r *louvainRun
	quality := func(c []int32) float64 {
		if len(layers) == 1 {
			if r.final != nil && weights[0] > 0 {
				// One layer: its Q read off the last aggregated graph,
				// whose nodes are the communities c.
				return levelModularity(r.final, r.coef[0])
			}
			return Modularity(layers[0], c, gamma)
		}
		return multiplexModularity(layers, weights, c, gamma)
	}
	r = newLouvainRun(base, coef, opt.Seed)
	levels, err := r.run(ctx, base, opt, nil)
	if err != nil {
		return Partition{}, err
	}
	q := quality(levels[len(levels)-1])
	if opt.Algorithm == AlgorithmLeiden {
		// Leiden iterations (Traag et al. 2019): start again from the result
		// while it changes and Q rises by at least leidenMinGain (relative).
		iterations := maxLeidenIterations
		if len(base.adj) >= leidenLargeEdges {
			iterations = maxLargeLeidenIterations
		}
		for it := 1; it < iterations; it++ {
			prev := levels[len(levels)-1]
			next, err := r.run(ctx, base, opt, prev)
			if err != nil {
				return Partition{}, err
			}
			last := next[len(next)-1]
			if slices.Equal(prev, last) {
				break
			}
			qn := quality(last)
			if !(qn > q) {
				break
			}
			gain := qn - q
			levels, q = next, qn
			if gain < leidenMinGain*math.Abs(q) {
				break
			}
		}
	}
	p := Partition{Levels: levels, Modularity: q}
	p.Community = slices.Clone(levels[len(levels)-1])
	for _, c := range p.Community {
		p.K = max(p.K, int(c)+1)
	}
	return p, nil
}

// level is a (possibly aggregated) graph in CSR form for local moving. The
// edge weights are combined over layers; self[i] is the weight of the edges
// inside aggregated node i counted in both directions (nil: all zero).
type level struct {
	n    int
	off  []int64
	adj  []int32
	w    []float64
	self []float64
	k    []float64 // per-layer strengths, node i layer l at [i*L+l]
	kc   []float64 // combined strength Σ_j w_ij + self_i
}

// combineLayers builds the level-0 graph and the null-model coefficients.
//
// With x_l = ω_l/(2m_l), a_l = x_l/Σ_l x_l and c_l = a_l γ/(2m_l), the
// quality Q_mux = Σ_l ω_l Q_l equals (Σ_l x_l) · Σ_c [Σ_{i,j∈c} Ã_ij −
// Σ_l c_l (tot^l_c)²] with Ã = Σ_l a_l A^l, so moving node i into community
// C gains, up to terms that do not depend on C, Ã_iC − Σ_l c_l k^l_i tot^l_C.
// For one layer a = 1, c = γ/(2m): the usual Louvain gain (Blondel et al. 2008).
func combineLayers(layers []*graph.Graph, weights []float64, gamma float64) (*level, []float64) {
	n := layers[0].Nodes()
	type active struct {
		g     *graph.Graph
		x, m2 float64
		stren []float64
	}
	var act []active
	var sx float64
	for l, g := range layers {
		if weights[l] == 0 {
			continue
		}
		s := make([]float64, n)
		var m2 float64
		for i := 0; i < n; i++ {
			s[i] = g.Strength(i)
			m2 += s[i]
		}
		if m2 == 0 {
			continue
		}
		x := weights[l] / m2
		sx += x
		act = append(act, active{g: g, x: x, m2: m2, stren: s})
	}
	L := max(len(act), 1)
	coef := make([]float64, L)
	lv := &level{n: n, k: make([]float64, n*L), kc: make([]float64, n)}
	switch len(act) {
	case 0:
		lv.off = make([]int64, n+1)
		return lv, coef
	case 1:
		a := act[0]
		lv.off, lv.adj, lv.w = a.g.Off, a.g.Adj, a.g.W
		coef[0] = gamma / a.m2
		copy(lv.k, a.stren)
		copy(lv.kc, a.stren)
		return lv, coef
	}
	al := make([]float64, L)
	for l, a := range act {
		al[l] = a.x / sx
		coef[l] = al[l] * gamma / a.m2
		for i := 0; i < n; i++ {
			lv.k[i*L+l] = a.stren[i]
		}
	}
	acc := make([]float64, n)
	var touched []int32
	lv.off = make([]int64, n+1)
	for i := 0; i < n; i++ {
		touched = touched[:0]
		for l, a := range act {
			g := a.g
			for e := g.Off[i]; e < g.Off[i+1]; e++ {
				j := g.Adj[e]
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += al[l] * g.W[e]
			}
		}
		var s float64
		for _, j := range touched {
			lv.adj = append(lv.adj, j)
			lv.w = append(lv.w, acc[j])
			s += acc[j]
			acc[j] = 0
		}
		lv.kc[i] = s
		lv.off[i+1] = int64(len(lv.adj))
	}
	return lv, coef
}

// louvainRun holds the scratch space of one Louvain run, sized for the
// original graph and reused at every level.
type louvainRun struct {
	L       int
	coef    []float64
	rng     *rand.Rand
	comm    []int32
	size    []int32
	tot     []float64
	acc     []float64
	touched []int32
	queue   []int32
	inQ     []bool
	empty   []int32
	ci      []float64
	theta   float64 // randomness of the refinement, see leidenTheta

	// byComm is refine's list of nodes by community.
	byComm []int32

	// final is the last graph of the last run when its nodes are the
	// result (nil: not known).
	final *level

	// p0 is the level-0 local-moving partition of the last run.
	p0 []int32

	// moveChunked's state: stamp[i] is the last chunk in which a neighbour
	// of i moved; acc2 the second goroutine's accumulator.
	stamp []uint32
	epoch uint32
	acc2  []float64
	chunk []int32
	dec   []moveDecision
}

// newLouvainRun returns the scratch space for runs on base with the
// null-model coefficients coef (one per layer).
func newLouvainRun(base *level, coef []float64, seed int64) *louvainRun {
	n, L := base.n, len(coef)
	theta := leidenTheta
	if len(base.w) > 0 {
		var sw float64
		for _, w := range base.w {
			sw += w
		}
		theta *= sw / float64(len(base.w))
	}
	return &louvainRun{
		theta: theta,
		L:     L,
		coef:  coef,
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		comm:  make([]int32, n),
		size:  make([]int32, n),
		tot:   make([]float64, n*L),
		acc:   make([]float64, n),
		queue: make([]int32, n),
		inQ:   make([]bool, n),
		ci:    make([]float64, L),
	}
}

// run performs local moving and aggregation, starting from the partition
// init of g (nil: singletons), until no level merges anything, and returns
// the levels (see Partition.Levels).
//
// Without (opt.Algorithm == AlgorithmLeiden) this is Louvain: every level starts from singletons
// and aggregates its local-moving partition P. With (opt.Algorithm == AlgorithmLeiden) it is Leiden
// (Traag, Waltman & van Eck 2019): P is refined into connected
// sub-communities R ⊆ P (refine), the graph is aggregated by R and the next
// level starts from P, so that parts of a community can still move apart.
// The levels recorded are then the R, which are nested and connected, and
// the last level is the final P. When init is given, the communities of the
// first level's P that equal a community of the previous run's first-level
// P (r.p0) are kept whole in R (see Leiden).
func (r *louvainRun) run(ctx context.Context, g *level, opt Options, init []int32) ([][]int32, error) {
	memb := make([]int32, g.n) // original node -> node of g
	for v := range memb {
		memb[v] = int32(v)
	}
	var levels [][]int32
	r.final = nil
	for h := 0; ; h++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.move(ctx, g, init); err != nil {
			return nil, err
		}
		p := make([]int32, g.n)
		kp := compactIDs(r.comm[:g.n], p)
		if kp == g.n {
			// Every node of g is alone: the nodes of g are the result.
			if len(levels) == 0 {
				levels = append(levels, canonicalIDs(memb))
			}
			r.final = g
			break
		}
		if opt.MaxLevels > 0 && h+1 >= opt.MaxLevels {
			if opt.Algorithm == AlgorithmLeiden {
				r.splitComponents(g, slices.Clone(p), p)
			}
			levels = append(levels, canonicalIDs(composeIDs(memb, p)))
			break
		}
		agg, ka := p, kp
		if opt.Algorithm == AlgorithmLeiden {
			agg = make([]int32, g.n)
			var whole []bool
			if h == 0 && init != nil && r.p0 != nil && len(r.p0) == g.n {
				whole = unchangedCommunities(p, kp, r.p0)
			}
			if h == 0 {
				r.p0 = slices.Clone(p)
			}
			ka = r.refine(g, p, kp, agg, whole)
			if ka == g.n {
				// Nothing merged in refinement: aggregate by the connected
				// components of P instead.
				ka = r.splitComponents(g, p, agg)
				if ka == g.n {
					levels = append(levels, canonicalIDs(memb))
					break
				}
			}
		}
		memb = composeIDs(memb, agg)
		levels = append(levels, canonicalIDs(memb))
		next := r.aggregate(g, agg, ka)
		if opt.Algorithm == AlgorithmLeiden {
			init = make([]int32, ka)
			for i, a := range agg {
				init[a] = p[i]
			}
		}
		g = next
	}
	if len(levels) > 1 && slices.Equal(levels[len(levels)-1], levels[len(levels)-2]) {
		levels = levels[:len(levels)-1]
	}
	return levels, nil
}

// levelModularity returns the modularity of the partition of the original
// graph into the nodes of its aggregate g, for one layer with the null-model
// coefficient coef = γ/(2m): Σ_i [self_i/(2m) − γ (k_i/(2m))²], the
// per-community form of Modularity, in O(g.n) instead of a pass over the
// original edges.
func levelModularity(g *level, coef float64) float64 {
	var m2, in, sq float64
	for i, k := range g.kc {
		m2 += k
		sq += k * k
		if g.self != nil {
			in += g.self[i]
		}
	}
	if m2 == 0 {
		return 0
	}
	return in/m2 - coef*sq/m2
}

// composeIDs returns c[memb[v]] for every v.
func composeIDs(memb, c []int32) []int32 {
	out := make([]int32, len(memb))
	for v, m := range memb {
		out[v] = c[m]
	}
	return out
}

// refine is the refinement phase of Leiden (Traag, Waltman & van Eck 2019,
// Algorithm A.2, MergeNodesSubset): within every community C of p, starting
// from singletons, each node v (in random order) that is still alone and
// well connected to C, E(v, C−v) ≥ Σ_l c_l k^l_v (tot^l_C − k^l_v), joins a
// neighbouring sub-community T ⊆ C that is well connected to C,
// E(T, C−T) ≥ Σ_l c_l tot^l_T (tot^l_C − tot^l_T), and whose gain
// ΔH = Ã_vT − Σ_l c_l k^l_v tot^l_T is ≥ 0, chosen with probability
// ∝ exp(ΔH/θ), or stays alone (ΔH = 0). Sub-communities grow along edges,
// so each is connected. A community c with whole[c] (whole may be nil) is
// not refined but kept as one sub-community. It writes the sub-communities,
// numbered 0..K-1, into out and returns K.
//
// Communities do not interact, so on large graphs two goroutines claim runs
// of communities in turn, each community's nodes visited in the one random
// order: the result is the same as with one.
func (r *louvainRun) refine(g *level, p []int32, kp int, out []int32, whole []bool) int {
	n, L := g.n, r.L
	rf := &refiner{
		g: g, p: p, L: L, coef: r.coef,
		ctot:  make([]float64, kp*L),
		rc:    r.comm[:n],
		rsize: r.size[:n],
		rtot:  r.tot[:n*L],
		ext:   make([]float64, n),
		extOK: make([]bool, n),
		acc:   [2][]float64{r.acc[:n]},
		order: r.queue[:n],
		theta: r.theta,
		seed:  r.rng.Uint64(),
	}
	for i, c := range p {
		for l := range L {
			rf.ctot[int(c)*L+l] += g.k[i*L+l]
		}
	}
	copy(rf.rtot, g.k)
	for i := range rf.order {
		rf.order[i] = int32(i)
	}
	r.rng.Shuffle(n, func(a, b int) { rf.order[a], rf.order[b] = rf.order[b], rf.order[a] })
	// The nodes of each community, in the shuffled order, at
	// byComm[start[c]:start[c+1]]; units of consecutive communities with
	// about refineUnitEdges edges each are the work claimed by goroutines.
	start := make([]int32, kp+1)
	cw := make([]int64, kp)
	for i, c := range p {
		start[c+1]++
		cw[c] += g.off[i+1] - g.off[i]
	}
	for c := range kp {
		start[c+1] += start[c]
	}
	if len(r.byComm) < n {
		r.byComm = make([]int32, len(r.comm))
	}
	byComm := r.byComm[:n]
	pos := slices.Clone(start[:kp])
	for _, v := range rf.order {
		c := p[v]
		byComm[pos[c]] = v
		pos[c]++
	}
	units := []int32{0}
	var sum int64
	for c, w := range cw {
		if sum += w; sum >= refineUnitEdges {
			units = append(units, int32(c+1))
			sum = 0
		}
	}
	if units[len(units)-1] != int32(kp) {
		units = append(units, int32(kp))
	}
	var next atomic.Int32
	work := func(worker int) {
		for {
			u := next.Add(1) - 1
			if int(u) >= len(units)-1 {
				return
			}
			for c := units[u]; c < units[u+1]; c++ {
				if whole != nil && whole[c] {
					continue
				}
				nodes := byComm[start[c]:start[c+1]]
				rf.init(nodes)
				rf.merge(nodes, worker)
			}
		}
	}
	sequential := len(g.adj) < parallelMinEdges || len(units) < 3
	if sequential {
		work(0)
	} else {
		if len(r.acc2) < n {
			r.acc2 = make([]float64, len(r.comm))
		}
		rf.acc[1] = r.acc2[:n]
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); work(1) }()
		work(0)
		wg.Wait()
	}
	rf.keepWhole(whole)
	return compactIDs(rf.rc, out)
}

// refineUnitEdges is the number of edges (CSR entries) of the communities
// a goroutine of refine claims at a time.
const refineUnitEdges = 1 << 15

// keepWhole puts all nodes of each community c with whole[c] into one
// sub-community, named by its first node.
func (rf *refiner) keepWhole(whole []bool) {
	if whole == nil {
		return
	}
	rep := make([]int32, len(whole))
	for i := range rep {
		rep[i] = -1
	}
	for i, c := range rf.p {
		if whole[c] {
			if rep[c] < 0 {
				rep[c] = int32(i)
			}
			rf.rc[i] = rep[c]
		}
	}
}

// unchangedCommunities reports for each community of p (ids 0..kp-1)
// whether it has exactly the nodes of one community of p0.
func unchangedCommunities(p []int32, kp int, p0 []int32) []bool {
	label := make([]int32, kp)
	for i := range label {
		label[i] = -1
	}
	same := make([]bool, kp)
	size := make([]int32, kp)
	var k0 int32
	for _, c := range p0 {
		k0 = max(k0, c+1)
	}
	size0 := make([]int32, k0)
	for i, c := range p {
		size[c]++
		size0[p0[i]]++
		if label[c] < 0 {
			label[c] = p0[i]
			same[c] = true
		} else if label[c] != p0[i] {
			same[c] = false
		}
	}
	for c := range same {
		same[c] = same[c] && size[c] == size0[label[c]]
	}
	return same
}

// refiner is the state of refine. Everything is indexed by node (a
// sub-community is named by a node), so workers on disjoint communities
// touch disjoint entries.
type refiner struct {
	g     *level
	p     []int32
	L     int
	coef  []float64
	ctot  []float64    // tot^l_C of community C at [C*L+l]
	rc    []int32      // sub-community of each node
	rsize []int32      // nodes in sub-community
	rtot  []float64    // tot^l_T of sub-community T at [T*L+l]
	ext   []float64    // E(T, C−T) of sub-community T
	extOK []bool       // ext[T] is known (computed when first needed)
	acc   [2][]float64 // per goroutine, indexed by sub-community
	order []int32
	tmp   [2][]int32
	cands [2][]refineCand
	theta float64 // randomness θ of the choice of sub-community
	seed  uint64
}

type refineCand struct {
	t       int32
	gain, w float64 // gain of joining T and E(v, T)
	p       float64 // exp((gain − max gain)/θ)
}

// uniform returns a number in [0, 1) drawn for node v: a hash of the seed
// and v (SplitMix64, Steele, Lea & Flood 2014), so that it does not depend
// on which goroutine refines v.
func (rf *refiner) uniform(v int32) float64 {
	z := rf.seed + uint64(v+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// init resets nodes (all of one community) to singletons. E(v, C−v) of a
// singleton v is computed when first needed: by merge's pass over v's
// edges, or by singletonExt when v is a candidate before its turn, so that
// most nodes' edges are read once instead of twice.
func (rf *refiner) init(nodes []int32) {
	for _, i := range nodes {
		rf.rc[i] = i
		rf.rsize[i] = 1
		rf.extOK[i] = false
	}
}

// wellConnectedSingleton is wellConnected, first computing E(t, C−t) if t
// is a singleton whose E is not known yet.
func (rf *refiner) wellConnectedSingleton(t, c int32) bool {
	if !rf.extOK[t] {
		rf.singletonExt(t)
	}
	return rf.wellConnected(t, c)
}

// singletonExt sets ext[i] = E(i, C−i) for the singleton i of community C,
// summed in edge order like merge's pass.
func (rf *refiner) singletonExt(i int32) {
	g, p := rf.g, rf.p
	c := p[i]
	var e float64
	lo, hi := g.off[i], g.off[i+1]
	ws := g.w[lo:hi]
	for k, j := range g.adj[lo:hi] {
		if p[j] == c {
			e += ws[k]
		}
	}
	rf.ext[i], rf.extOK[i] = e, true
}

// wellConnected reports whether E(T, C−T) ≥ Σ_l c_l x^l (tot^l_C − x^l)
// for the sub-community T = t of community c (x = tot_T).
func (rf *refiner) wellConnected(t, c int32) bool {
	return rf.atLeastNull(rf.ext[t], t, c)
}

// atLeastNull reports whether e ≥ Σ_l c_l x^l (tot^l_C − x^l) for the
// sub-community T = t of community c (x = tot_T).
func (rf *refiner) atLeastNull(e float64, t, c int32) bool {
	L := rf.L
	if L == 1 {
		x := rf.rtot[t]
		return e >= rf.coef[0]*x*(rf.ctot[c]-x)
	}
	var null float64
	for l := range L {
		x := rf.rtot[int(t)*L+l]
		null += rf.coef[l] * x * (rf.ctot[int(c)*L+l] - x)
	}
	return e >= null
}

// merge runs MergeNodesSubset for nodes, all of one community, in their
// order; worker selects the scratch lists.
func (rf *refiner) merge(nodes []int32, worker int) {
	g, p, L := rf.g, rf.p, rf.L
	acc, rc, rtot := rf.acc[worker], rf.rc, rf.rtot
	touched := rf.tmp[worker][:0]
	for _, v := range nodes {
		c := p[v]
		if rf.rsize[v] != 1 || rc[v] != v || g.kc[v] == 0 {
			continue
		}
		touched = touched[:0]
		lo, hi := g.off[v], g.off[v+1]
		ws := g.w[lo:hi]
		var ev float64 // E(v, C−v)
		for e, u := range g.adj[lo:hi] {
			if p[u] != c {
				continue
			}
			ev += ws[e]
			t := rc[u]
			if acc[t] == 0 {
				touched = append(touched, t)
			}
			acc[t] += ws[e]
		}
		rf.ext[v], rf.extOK[v] = ev, true
		if !rf.wellConnected(v, c) {
			for _, t := range touched {
				acc[t] = 0
			}
			continue
		}
		// Candidates: well-connected sub-communities T with gain ≥ 0.
		cands := rf.cands[worker][:0]
		var maxGain float64 // staying alone gains 0
		kv := g.k[int(v)*L : int(v)*L+L]
		for _, t := range touched {
			a := acc[t]
			acc[t] = 0
			if t == v {
				continue
			}
			var null float64
			if L == 1 {
				null = (rf.coef[0] * kv[0]) * rtot[t]
			} else {
				for l := range L {
					null += (rf.coef[l] * kv[l]) * rtot[int(t)*L+l]
				}
			}
			gain := a - null
			if gain < 0 {
				continue
			}
			// A singleton t not yet visited has E(t, C−t) ≥ E(v, t) = a,
			// which on most graphs already shows it well connected;
			// otherwise its E(t, C−t) is computed.
			if !rf.extOK[t] && rf.atLeastNull(a, t, c) || rf.wellConnectedSingleton(t, c) {
				cands = append(cands, refineCand{t: t, gain: gain, w: a})
				maxGain = max(maxGain, gain)
			}
		}
		rf.cands[worker] = cands
		if len(cands) == 0 {
			continue
		}
		// Choose T with probability ∝ exp(gain/θ), staying alone included.
		// Weights below e^−40 of the largest (< 5e-18) are taken as 0, so
		// that the usual case, one sub-community far ahead, needs neither
		// exp nor a random number.
		pStay := expAbove(-maxGain / rf.theta)
		total, live := pStay, 0
		best := int32(-1)
		var bestW float64
		for i := range cands {
			cands[i].p = expAbove((cands[i].gain - maxGain) / rf.theta)
			if cands[i].p > 0 {
				total += cands[i].p
				live++
				best, bestW = cands[i].t, cands[i].w
			}
		}
		if live > 1 || pStay > 0 {
			u := rf.uniform(v)*total - pStay
			best = -1
			for _, cd := range cands {
				if u < 0 {
					break
				}
				if cd.p > 0 {
					best, bestW = cd.t, cd.w
					u -= cd.p
				}
			}
		}
		if best < 0 {
			continue
		}
		// E(T+v, C−T−v) = E(T, C−T) + E(v, C−v) − 2 E(v, T).
		if !rf.extOK[best] {
			rf.singletonExt(best)
		}
		rf.ext[best] += rf.ext[v] - 2*bestW
		rc[v] = best
		rf.rsize[v]--
		rf.rsize[best]++
		for l := range L {
			rtot[int(best)*L+l] += kv[l]
		}
	}
	rf.tmp[worker] = touched
}

// expAbove returns e^x, or 0 when x < −40.
func expAbove(x float64) float64 {
	if x < -40 {
		return 0
	}
	return math.Exp(x)
}

// parallelMinEdges is the CSR length from which refine and aggregate use
// two goroutines. Measured on the 100k-node / 2M-edge planted graphs
// (level 0, best of 10 on 2 cores): refine 126 → 61 ms, aggregate 88 →
// 52 ms. A variable so that tests can compare both paths.
var parallelMinEdges = 1 << 16

// move runs local moving on g from the partition init (nil: singletons,
// else ids in 0..g.n-1) and leaves the result in r.comm[:g.n]. A node moves only when its gain exceeds that of staying by
// more than a relative 1e-13 of its strength, so every move raises the
// quality and the loop ends.
func (r *louvainRun) move(ctx context.Context, g *level, init []int32) error {
	n, L := g.n, r.L
	comm, size, acc := r.comm[:n], r.size[:n], r.acc[:n]
	tot, queue, inQ := r.tot[:n*L], r.queue[:n], r.inQ[:n]
	empty := r.empty[:0]
	for i := range n {
		inQ[i] = true
		queue[i] = int32(i)
	}
	if init == nil {
		for i := range n {
			comm[i] = int32(i)
			size[i] = 1
		}
		copy(tot, g.k)
	} else {
		copy(comm, init)
		clear(size)
		clear(tot)
		for i, c := range init {
			size[c]++
			for l := range L {
				tot[int(c)*L+l] += g.k[i*L+l]
			}
		}
		for c := n - 1; c >= 0; c-- {
			if size[c] == 0 {
				empty = append(empty, int32(c))
			}
		}
	}
	r.rng.Shuffle(n, func(a, b int) { queue[a], queue[b] = queue[b], queue[a] })
	if n >= chunkedMoveMinNodes {
		r.empty = empty
		return r.moveChunked(ctx, g)
	}
	touched := r.touched[:0]
	ci := r.ci
	coef0 := r.coef[0]
	off, adj, w := g.off, g.adj, g.w
	head, count := 0, n
	for steps := 0; count > 0; steps++ {
		if steps&0x3fff == 0x3fff {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		i := queue[head]
		head++
		if head == n {
			head = 0
		}
		count--
		inQ[i] = false
		if g.kc[i] == 0 {
			continue
		}
		own := comm[i]
		touched = gatherComms(touched[:0], acc, comm, adj[off[i]:off[i+1]], w[off[i]:off[i+1]])
		// Take i out of its community.
		var stay float64
		if L == 1 {
			ci[0] = coef0 * g.k[i]
			tot[own] -= g.k[i]
			stay = acc[own] - ci[0]*tot[own]
		} else {
			var null float64
			for l := range L {
				ci[l] = r.coef[l] * g.k[int(i)*L+l]
				tot[int(own)*L+l] -= g.k[int(i)*L+l]
				null += ci[l] * tot[int(own)*L+l]
			}
			stay = acc[own] - null
		}
		size[own]--
		if size[own] == 0 {
			for l := range L {
				tot[int(own)*L+l] = 0
			}
		}
		best, bestGain := own, stay
		for _, c := range touched {
			if c != own {
				if gain := acc[c] - nullTo(ci, tot, c, L); gain > bestGain {
					best, bestGain = c, gain
				}
			}
			acc[c] = 0
		}
		const alone = -1
		if size[own] > 0 && bestGain < 0 {
			// Being alone gains 0.
			best, bestGain = alone, 0
		}
		if best != own && !(bestGain-stay > 1e-13*g.kc[i]) {
			best = own
		}
		if best == alone {
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		if L == 1 {
			tot[best] += g.k[i]
		} else {
			for l := range L {
				tot[int(best)*L+l] += g.k[int(i)*L+l]
			}
		}
		size[best]++
		if best == own {
			continue
		}
		comm[i] = best
		if size[own] == 0 {
			empty = append(empty, own)
		}
		for e := off[i]; e < off[i+1]; e++ {
			j := adj[e]
			if !inQ[j] && comm[j] != best {
				count = pushQueue(queue, inQ, head, count, j)
			}
		}
	}
	r.empty, r.touched = empty, touched
	return nil
}

// splitComponents writes into out the connected components of the
// communities comm of g (nodes joined by an edge of g and in the same
// community), numbered 0..K-1 by smallest node, and returns K.
//
// Splitting never lowers the quality: if community C is the union of A and
// B with no edge between them, then in_C = in_A + in_B while, per layer,
// tot_C² = tot_A² + tot_B² + 2 tot_A tot_B ≥ tot_A² + tot_B², so Q rises by
// Σ_l c_l·2 tot^l_A tot^l_B ≥ 0 (Traag, Waltman & van Eck 2019 make the
// same argument for the Leiden refinement).
func (r *louvainRun) splitComponents(g *level, comm, out []int32) int {
	for i := range out {
		out[i] = -1
	}
	stack := r.queue[:0]
	var k int32
	for s := range g.n {
		if out[s] >= 0 {
			continue
		}
		c := comm[s]
		out[s] = k
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for e := g.off[i]; e < g.off[i+1]; e++ {
				j := g.adj[e]
				if out[j] < 0 && comm[j] == c {
					out[j] = k
					stack = append(stack, j)
				}
			}
		}
		k++
	}
	return int(k)
}

// gatherComms adds the weight w[e] of each edge to acc of the community
// comm[adj[e]] of its end, appending each community first reached (acc 0)
// to touched, and returns touched.
func gatherComms(touched []int32, acc []float64, comm, adj []int32, w []float64) []int32 {
	for e, j := range adj {
		c := comm[j]
		if acc[c] == 0 {
			touched = append(touched, c)
		}
		acc[c] += w[e]
	}
	return touched
}

// nullTo returns Σ_l ci[l] tot[c·L+l], the null-model term of moving a node
// with ci[l] = c_l k_il into community c (its own strength already taken out).
func nullTo(ci, tot []float64, c int32, L int) float64 {
	if L == 1 {
		return ci[0] * tot[c]
	}
	var null float64
	for l := range L {
		null += ci[l] * tot[int(c)*L+l]
	}
	return null
}

// pushQueue puts node j at the tail of the ring buffer queue (its first
// entry at head, count entries), marks it in inQ and returns the new count.
func pushQueue(queue []int32, inQ []bool, head, count int, j int32) int {
	inQ[j] = true
	t := head + count
	if t >= len(queue) {
		t -= len(queue)
	}
	queue[t] = j
	return count + 1
}

// compactIDs renumbers comm (ids in 0..len-1) into out as 0..K-1 in order of
// first appearance and returns K.
func compactIDs(comm, out []int32) int {
	return compactIDsBelow(comm, out, len(comm))
}

// compactIDsBelow is compactIDs for ids in 0..n-1.
func compactIDsBelow(comm, out []int32, n int) int {
	remap := make([]int32, n)
	for i := range remap {
		remap[i] = -1
	}
	var k int32
	for i, c := range comm {
		if remap[c] < 0 {
			remap[c] = k
			k++
		}
		out[i] = remap[c]
	}
	return int(k)
}

// canonicalIDs returns memb (ids 0..K-1) renumbered so that ids are ordered
// by community size, descending, then by smallest node.
func canonicalIDs(memb []int32) []int32 {
	var k int32
	for _, c := range memb {
		k = max(k, c+1)
	}
	size := make([]int32, k)
	first := make([]int32, k)
	for i := range first {
		first[i] = -1
	}
	for v, c := range memb {
		size[c]++
		if first[c] < 0 {
			first[c] = int32(v)
		}
	}
	order := make([]int32, k)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if size[a] != size[b] {
			return int(size[b]) - int(size[a])
		}
		return int(first[a]) - int(first[b])
	})
	rank := make([]int32, k)
	for r, c := range order {
		rank[c] = int32(r)
	}
	out := make([]int32, len(memb))
	for v, c := range memb {
		out[v] = rank[c]
	}
	return out
}

// aggregate returns the graph whose nodes are the k communities comm of g:
// edge weights between communities are summed, edges inside a community
// become its self weight, strengths are summed per layer. On large graphs
// two goroutines build the rows of runs of communities claimed in turn; the
// rows are the same either way.
func (r *louvainRun) aggregate(g *level, comm []int32, k int) *level {
	L := r.L
	start := make([]int32, k+1)
	for _, c := range comm {
		start[c+1]++
	}
	for c := range k {
		start[c+1] += start[c]
	}
	members := make([]int32, g.n)
	pos := slices.Clone(start[:k])
	for i, c := range comm {
		members[pos[c]] = int32(i)
		pos[c]++
	}
	ng := &level{
		n:    k,
		off:  make([]int64, k+1),
		self: make([]float64, k),
		k:    make([]float64, k*L),
		kc:   make([]float64, k),
	}
	a := aggregator{g: g, ng: ng, comm: comm, members: members, start: start, L: L}
	if len(g.adj) < parallelMinEdges {
		ng.adj, ng.w = a.rows(0, k, r.acc[:k], r.touched[:0])
		return ng
	}
	// Units of consecutive communities with about aggregateUnitEdges
	// edges each, claimed by two goroutines in turn; their rows are joined
	// in community order.
	units := []int{0}
	var sum int64
	for c := range k {
		for _, i := range members[start[c]:start[c+1]] {
			sum += g.off[i+1] - g.off[i]
		}
		if sum >= aggregateUnitEdges {
			units = append(units, c+1)
			sum = 0
		}
	}
	if units[len(units)-1] != k {
		units = append(units, k)
	}
	nu := len(units) - 1
	adjs := make([][]int32, nu)
	ws := make([][]float64, nu)
	var next atomic.Int32
	work := func(acc []float64, touched []int32) {
		for {
			u := int(next.Add(1) - 1)
			if u >= nu {
				return
			}
			adjs[u], ws[u] = a.rows(units[u], units[u+1], acc, touched[:0])
		}
	}
	acc1 := r.acc2
	if len(acc1) < k {
		acc1 = make([]float64, k)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); work(acc1[:k], nil) }()
	work(r.acc[:k], r.touched[:0])
	wg.Wait()
	var total int64
	for u := range nu {
		total += int64(len(adjs[u]))
	}
	ng.adj = make([]int32, 0, total)
	ng.w = make([]float64, 0, total)
	for u := range nu {
		shift := int64(len(ng.adj))
		for c := units[u] + 1; c <= units[u+1]; c++ {
			ng.off[c] += shift
		}
		ng.adj = append(ng.adj, adjs[u]...)
		ng.w = append(ng.w, ws[u]...)
	}
	return ng
}

// aggregateUnitEdges is the number of edges (CSR entries) of the
// communities a goroutine of aggregate claims at a time.
const aggregateUnitEdges = 1 << 16

// aggregator builds rows of the aggregated graph ng from g.
type aggregator struct {
	g, ng   *level
	comm    []int32
	members []int32
	start   []int32
	L       int
}

// rows fills self, k, kc and off[c+1] (relative to the first row) for the
// communities lo..hi-1 and returns their neighbour and weight lists.
func (a *aggregator) rows(lo, hi int, acc []float64, touched []int32) ([]int32, []float64) {
	g, ng, L, comm := a.g, a.ng, a.L, a.comm
	var bound int64
	for _, i := range a.members[a.start[lo]:a.start[hi]] {
		bound += g.off[i+1] - g.off[i]
	}
	adj := make([]int32, 0, bound)
	w := make([]float64, 0, bound)
	for c := lo; c < hi; c++ {
		var self float64
		for _, i := range a.members[a.start[c]:a.start[c+1]] {
			if g.self != nil {
				self += g.self[i]
			}
			for l := range L {
				ng.k[c*L+l] += g.k[int(i)*L+l]
			}
			rlo, rhi := g.off[i], g.off[i+1]
			ws := g.w[rlo:rhi]
			for e, j := range g.adj[rlo:rhi] {
				d := comm[j]
				if int(d) == c {
					self += ws[e]
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += ws[e]
			}
		}
		s := self
		for _, d := range touched {
			adj = append(adj, d)
			w = append(w, acc[d])
			s += acc[d]
			acc[d] = 0
		}
		touched = touched[:0]
		ng.self[c] = self
		ng.kc[c] = s
		ng.off[c+1] = int64(len(adj))
	}
	return adj, w
}

// chunkedMoveMinNodes is the node count from which move decides the moves
// of chunks of nodes at once (moveChunked). A variable so that tests can
// reach both paths on small graphs.
var chunkedMoveMinNodes = 8192

// moveDecision is the move chosen for one node of a chunk from the state
// before the chunk: best is the target community (the node's own: stay;
// -1: alone), accOwn and accBest its edge weights to its own community and
// to best.
type moveDecision struct {
	best            int32
	accOwn, accBest float64
}

// moveChunked is the local moving of move on large graphs, in the style of
// the parallel Louvain method of Staudt & Meyerhenke 2016 (IEEE TPDS
// 27:171) but deterministic: the queue is taken in chunks; the best move
// of every node of a chunk is chosen from the state before the chunk, by
// several goroutines, and the moves are then applied one by one in queue
// order. A node with a neighbour that moved earlier in its chunk has
// out-of-date edge weights: it is not moved but put back on the queue.
// Every other move is applied only if, with the community totals of that
// moment, it still gains more than staying (the same 1e-13 margin as move),
// so every applied move raises the quality and the loop ends. The result
// depends on the seed only, not on the number of goroutines.
func (r *louvainRun) moveChunked(ctx context.Context, g *level) error {
	n, L := g.n, r.L
	comm, size, tot := r.comm[:n], r.size[:n], r.tot[:n*L]
	queue, inQ := r.queue[:n], r.inQ[:n]
	empty := r.empty
	if r.stamp == nil {
		r.stamp = make([]uint32, len(r.comm))
		r.acc2 = make([]float64, len(r.comm))
	}
	stamp := r.stamp[:n]
	// Chunks of about n/(10·mean degree) nodes: a node then has on average
	// about 0.05 neighbours earlier in its chunk.
	chunk := n * n / max(10*len(g.adj), 1)
	chunk = min(max(chunk, 64), 2048)
	if len(r.chunk) < chunk {
		r.chunk = make([]int32, chunk)
		r.dec = make([]moveDecision, chunk)
	}
	nodes, dec := r.chunk[:chunk], r.dec[:chunk]
	workers := 1
	if len(g.adj) >= parallelMinEdges && runtime.GOMAXPROCS(0) > 1 {
		workers = 2
	}
	w0 := &moveWorker{acc: r.acc[:n], touched: r.touched[:0]}
	var sh *sharedDecide
	if workers == 2 {
		sh = &sharedDecide{r: r, g: g, nodes: nodes, dec: dec, wake: make(chan struct{}, 1), finished: make(chan struct{}, 1)}
		defer close(sh.wake)
		go sh.help(&moveWorker{acc: r.acc2[:n]})
	}
	head, count := 0, n
	for chunks := 0; count > 0; chunks++ {
		if chunks&0x3f == 0x3f {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b := min(chunk, count)
		for t := range b {
			i := queue[head]
			if head++; head == n {
				head = 0
			}
			nodes[t] = i
			inQ[i] = false
		}
		count -= b
		if sh != nil {
			sh.run(b, w0)
		} else {
			r.decide(g, nodes[:b], dec[:b], w0)
		}
		r.epoch++
		epoch := r.epoch
		for t, i := range nodes[:b] {
			if stamp[i] == epoch {
				// A neighbour moved after the decision: decide again later.
				if !inQ[i] {
					count = pushQueue(queue, inQ, head, count, i)
				}
				continue
			}
			d := dec[t]
			own := comm[i]
			if d.best == own {
				continue
			}
			// The gains of staying and of d.best with today's totals; the
			// edge weights are still exact (no neighbour moved).
			target := d.best
			var stay, gain float64
			for l := range L {
				ki := g.k[int(i)*L+l]
				stay -= r.coef[l] * ki * (tot[int(own)*L+l] - ki)
				if target >= 0 {
					gain -= r.coef[l] * ki * tot[int(target)*L+l]
				}
			}
			stay += d.accOwn
			if target >= 0 {
				gain += d.accBest
			} else if size[own] == 1 {
				continue // already alone
			}
			if !(gain-stay > 1e-13*g.kc[i]) {
				continue
			}
			if target < 0 {
				target = empty[len(empty)-1]
				empty = empty[:len(empty)-1]
			}
			for l := range L {
				ki := g.k[int(i)*L+l]
				tot[int(own)*L+l] -= ki
				tot[int(target)*L+l] += ki
			}
			if size[own]--; size[own] == 0 {
				for l := range L {
					tot[int(own)*L+l] = 0
				}
				empty = append(empty, own)
			}
			size[target]++
			comm[i] = target
			for e := g.off[i]; e < g.off[i+1]; e++ {
				j := g.adj[e]
				stamp[j] = epoch
				if !inQ[j] && comm[j] != target {
					count = pushQueue(queue, inQ, head, count, j)
				}
			}
		}
	}
	r.empty, r.touched = empty, w0.touched
	return nil
}

// moveWorker is the scratch space of one goroutine of moveChunked.
type moveWorker struct {
	acc     []float64
	touched []int32
	ci      [8]float64
}

// decide chooses the move of every node of nodes into dec from the current
// state, reading it only, with the rule of move: the neighbouring community
// (or being alone) of largest gain, if it beats staying by the margin.
func (r *louvainRun) decide(g *level, nodes []int32, dec []moveDecision, ws *moveWorker) {
	L := r.L
	comm, size, tot := r.comm, r.size, r.tot
	off, adj, w := g.off, g.adj, g.w
	acc := ws.acc
	touched := ws.touched[:0]
	var ciBuf []float64
	if L <= len(ws.ci) {
		ciBuf = ws.ci[:L]
	} else {
		ciBuf = make([]float64, L)
	}
	coef0 := r.coef[0]
	for t, i := range nodes {
		own := comm[i]
		dec[t] = moveDecision{best: own}
		if g.kc[i] == 0 {
			continue
		}
		touched = gatherComms(touched[:0], acc, comm, adj[off[i]:off[i+1]], w[off[i]:off[i+1]])
		accOwn := acc[own]
		var stay float64
		if L == 1 {
			ciBuf[0] = coef0 * g.k[i]
			stay = accOwn - ciBuf[0]*(tot[own]-g.k[i])
		} else {
			var null float64
			for l := range L {
				ki := g.k[int(i)*L+l]
				ciBuf[l] = r.coef[l] * ki
				null += ciBuf[l] * (tot[int(own)*L+l] - ki)
			}
			stay = accOwn - null
		}
		best, bestGain, bestAcc := own, stay, accOwn
		for _, c := range touched {
			a := acc[c]
			acc[c] = 0
			if c == own {
				continue
			}
			if gain := a - nullTo(ciBuf, tot, c, L); gain > bestGain {
				best, bestGain, bestAcc = c, gain, a
			}
		}
		if size[own] > 1 && bestGain < 0 {
			best, bestGain, bestAcc = -1, 0, 0 // being alone gains 0
		}
		if best != own && !(bestGain-stay > 1e-13*g.kc[i]) {
			best = own
		}
		dec[t] = moveDecision{best: best, accOwn: accOwn, accBest: bestAcc}
	}
	ws.touched = touched
}

// decideBlock is the number of nodes a goroutine of sharedDecide claims at
// a time.
const decideBlock = 16

// sharedDecide shares the decisions of a chunk between the calling
// goroutine and a helper that joins when the scheduler lets it: blocks of
// decideBlock nodes are claimed through one atomic cursor (the chunk's
// generation in the high 32 bits, the next block in the low), so on a busy
// machine the caller does the whole chunk itself instead of waiting for the
// helper to be scheduled. Each node's decision depends only on the state
// before the chunk, so who decides it does not matter.
type sharedDecide struct {
	r      *louvainRun
	g      *level
	nodes  []int32
	dec    []moveDecision
	cursor atomic.Uint64 // generation<<32 | next block
	length atomic.Uint64 // generation<<32 | nodes in the chunk
	done   atomic.Int64  // blocks decided in this generation
	gen    uint64
	wake   chan struct{}
	// finished signals a decided block while the caller waits (waiting).
	finished chan struct{}
	waiting  atomic.Bool
}

// run decides nodes[:b] and returns when all of them are decided.
func (s *sharedDecide) run(b int, ws *moveWorker) {
	s.gen++
	nb := uint64((b + decideBlock - 1) / decideBlock)
	s.done.Store(0)
	s.length.Store(s.gen<<32 | uint64(b))
	s.cursor.Store(s.gen << 32)
	select {
	case s.wake <- struct{}{}:
	default:
	}
	s.work(ws)
	// Wait for the helper's last block: spin briefly, then sleep until it
	// signals (it does after every block while waiting is set).
	for range 256 {
		if s.done.Load() == int64(nb) {
			return
		}
	}
	for {
		select {
		case <-s.finished: // a stale signal
			continue
		default:
		}
		break
	}
	s.waiting.Store(true)
	for s.done.Load() != int64(nb) {
		<-s.finished
	}
	s.waiting.Store(false)
}

// help is the helper goroutine: it decides blocks whenever woken, until
// wake is closed.
func (s *sharedDecide) help(ws *moveWorker) {
	for range s.wake {
		s.work(ws)
	}
}

// work claims and decides blocks of the current chunk until none is left.
func (s *sharedDecide) work(ws *moveWorker) {
	for {
		c := s.cursor.Load()
		ln := s.length.Load()
		b := int(ln & 0xffffffff)
		lo := int(c&0xffffffff) * decideBlock
		if ln>>32 != c>>32 || lo >= b {
			return // between chunks, or nothing left to claim
		}
		if !s.cursor.CompareAndSwap(c, c+1) {
			continue
		}
		hi := min(lo+decideBlock, b)
		s.r.decide(s.g, s.nodes[lo:hi], s.dec[lo:hi], ws)
		s.done.Add(1)
		if s.waiting.Load() {
			select {
			case s.finished <- struct{}{}:
			default:
			}
		}
	}
}
