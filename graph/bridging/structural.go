package bridging

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"
)

// Constraint returns Burt's network constraint of every node of the weighted
// undirected graph g (Burt 1992, Structural Holes, Harvard Univ. Press, ch. 2):
//
//	c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠j} p_iq p_qj)²,   p_ij = w_ij / Σ_k w_ik
//
// Low constraint means i's contacts are not connected among themselves: i
// spans a structural hole. A node with a single contact has c = 1. Isolated
// nodes have no defined constraint and get NaN, as in networkx's constraint,
// whose weighted values this function reproduces.
func Constraint(g *graph.Graph) []float64 {
	if g == nil {
		return nil
	}
	s := structStrengths(g)
	// acc[j] = Σ_q p_iq p_qj for j ∈ N(i)
	return structEgo(g, s, true, func(i int, lo, hi int64, acc []float64) float64 {
		var ci float64
		for e := lo; e < hi; e++ {
			j := g.Adj[e]
			x := g.W[e]/s[i] + acc[j]
			ci += x * x
			acc[j] = 0
		}
		return ci
	})
}

// EffectiveSize returns Burt's effective size of every node's ego network in
// the weighted form of Borgatti (1997, Connections 20(1):35–38), as computed
// by networkx's effective_size:
//
//	e_i = n_i − Σ_{j∈N(i)} Σ_{q∈N(i)} p_iq m_jq,   p_iq = w_iq / Σ_k w_ik,  m_jq = w_jq / max_k w_jk
//
// where n_i = |N(i)|: the number of contacts less their redundancy. With unit
// weights it is n_i − 2t_i/n_i, t_i being the number of edges among i's
// contacts. Isolated nodes get NaN (undefined), as in networkx.
func EffectiveSize(g *graph.Graph) []float64 {
	if g == nil {
		return nil
	}
	n := g.Nodes()
	s := structStrengths(g)
	maxW := make([]float64, n)
	for i := 0; i < n; i++ {
		for _, w := range g.W[g.Off[i]:g.Off[i+1]] {
			maxW[i] = max(maxW[i], w)
		}
	}
	// acc[j] = Σ_q p_iq w_qj for j ∈ N(i)
	return structEgo(g, s, false, func(i int, lo, hi int64, acc []float64) float64 {
		var red float64
		for _, j := range g.Adj[lo:hi] {
			red += acc[j] / maxW[j]
			acc[j] = 0
		}
		return float64(hi-lo) - red
	})
}

// structEgo returns score(i, lo, hi, acc) for every node i with contacts
// (edges lo..hi-1) and NaN for isolated nodes, acc[j] holding structTwoStep's
// sums for i's contacts j; score must reset those acc[j] to 0.
func structEgo(g *graph.Graph, s []float64, perQ bool, score func(i int, lo, hi int64, acc []float64) float64) []float64 {
	n := g.Nodes()
	out := make([]float64, n)
	acc := make([]float64, n)
	mark := make([]int32, n) // mark[j] = i+1 when j ∈ N(i)
	for i := 0; i < n; i++ {
		lo, hi := g.Off[i], g.Off[i+1]
		if lo == hi {
			out[i] = math.NaN()
			continue
		}
		structTwoStep(g, s, i, mark, acc, perQ)
		out[i] = score(i, lo, hi, acc)
	}
	return out
}

// structTwoStep marks node i's contacts j with mark[j] = i+1 and adds
// Σ_q p_iq w_qj to acc[j] for each of them (q ranging over i's contacts,
// p_iq = w_iq / s_i); with perQ each term is divided by s_q, giving Σ_q p_iq p_qj.
func structTwoStep(g *graph.Graph, s []float64, i int, mark []int32, acc []float64, perQ bool) {
	lo, hi := g.Off[i], g.Off[i+1]
	for _, j := range g.Adj[lo:hi] {
		mark[j] = int32(i + 1)
	}
	for e := lo; e < hi; e++ {
		q := g.Adj[e]
		piq := g.W[e] / s[i]
		for f := g.Off[q]; f < g.Off[q+1]; f++ {
			if j := g.Adj[f]; mark[j] == int32(i+1) {
				if perQ {
					acc[j] += piq * g.W[f] / s[q]
				} else {
					acc[j] += piq * g.W[f]
				}
			}
		}
	}
}

// structStrengths returns Σ_j w_ij for every node.
func structStrengths(g *graph.Graph) []float64 {
	s := make([]float64, g.Nodes())
	for i := range s {
		s[i] = g.Strength(i)
	}
	return s
}

// Bridges returns the edges of g whose removal disconnects their endpoints,
// as pairs {i, j} with i < j, sorted. It uses Tarjan's low-link depth-first
// search (Tarjan 1974, Inf. Process. Lett. 2(6):160–161): tree edge (p, v)
// is a bridge iff low(v) > disc(p). The search is iterative, so deep graphs
// (long paths of 100k nodes and more) do not grow the goroutine stack.
func Bridges(g *graph.Graph) [][2]int32 {
	if g == nil {
		return nil
	}
	bridges, _ := structLowLink(g)
	return bridges
}

// ArticulationPoints returns the nodes of g whose removal increases the
// number of connected components, sorted. Hopcroft & Tarjan (1973, Commun.
// ACM 16(6):372–378): a non-root p is one iff some DFS child v has
// low(v) >= disc(p); a DFS root iff it has two or more children. Iterative,
// like Bridges.
func ArticulationPoints(g *graph.Graph) []int32 {
	if g == nil {
		return nil
	}
	_, cut := structLowLink(g)
	var out []int32
	for v, ok := range cut {
		if ok {
			out = append(out, int32(v))
		}
	}
	return out
}

// structLowLink runs one iterative depth-first search over all components and
// returns the bridges (sorted, i < j) and the articulation-point flags.
// g has no parallel edges (NewGraph merges them), so the edge back to the
// DFS parent is recognised by the parent's index.
func structLowLink(g *graph.Graph) ([][2]int32, []bool) {
	n := g.Nodes()
	disc := make([]int32, n)
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int64, n) // next arc of v to examine
	cut := make([]bool, n)
	for i := range disc {
		disc[i] = -1
	}
	var bridges [][2]int32
	var stack []int32
	var clock int32
	for root := int32(0); int(root) < n; root++ {
		if disc[root] >= 0 {
			continue
		}
		disc[root], low[root], parent[root] = clock, clock, -1
		clock++
		next[root] = g.Off[root]
		stack = append(stack[:0], root)
		rootChildren := 0
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if e := next[v]; e < g.Off[v+1] {
				next[v]++
				w := g.Adj[e]
				if disc[w] < 0 {
					disc[w], low[w], parent[w] = clock, clock, v
					clock++
					next[w] = g.Off[w]
					stack = append(stack, w)
					if v == root {
						rootChildren++
					}
				} else if w != parent[v] {
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			p := parent[v]
			if p < 0 {
				continue
			}
			low[p] = min(low[p], low[v])
			if low[v] > disc[p] {
				bridges = append(bridges, [2]int32{min(p, v), max(p, v)})
			}
			if p != root && low[v] >= disc[p] {
				cut[p] = true
			}
		}
		if rootChildren > 1 {
			cut[root] = true
		}
	}
	sort.Slice(bridges, func(a, b int) bool {
		if bridges[a][0] != bridges[b][0] {
			return bridges[a][0] < bridges[b][0]
		}
		return bridges[a][1] < bridges[b][1]
	})
	return bridges, cut
}
