package community

import (
	"fmt"
	"sort"
	"sync"

	"github.com/domainscope/domainscope/graph"
)

// Modularity returns the modularity of the partition community (node ->
// community id, any non-negative ids) of g at resolution γ:
//
//	Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j/(2m)] δ(c_i,c_j)
//
// (Newman & Girvan 2004, Phys. Rev. E 69:026113; the resolution γ is that of
// Reichardt & Bornholdt 2006, Phys. Rev. E 74:016110), where k_i is node i's
// strength and 2m = Σ_i k_i. It is evaluated per community as
// Q = Σ_c [in_c/(2m) − γ (tot_c/(2m))²], in_c being the weight of the edges
// inside c counted in both directions and tot_c the summed strength of c.
// A graph without edges has Q = 0 by convention. Large graphs are summed by
// two goroutines (rounding may differ from one in the last bits).
//
// Modularity panics if len(community) != g.Nodes() or an id is negative:
// those are programming errors, not bad user input.
func Modularity(g *graph.Graph, community []int32, resolution float64) float64 {
	n := g.Nodes()
	if len(community) != n {
		panic(fmt.Sprintf("community.Modularity: %d community ids for %d nodes", len(community), n))
	}
	ids, k := denseIDs(community)
	in := make([]float64, k)
	tot := make([]float64, k)
	var m2 float64
	if len(g.Adj) < parallelMinEdges {
		m2 = inAndTot(g, ids, 0, n, in, tot)
	} else {
		// Two goroutines sum the nodes before and after the middle edge;
		// the halves are added in a fixed order, so the result is
		// deterministic.
		mid := sort.Search(n, func(i int) bool { return 2*g.Off[i] >= g.Off[n] })
		in1, tot1 := make([]float64, k), make([]float64, k)
		var m21 float64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); m21 = inAndTot(g, ids, mid, n, in1, tot1) }()
		m2 = inAndTot(g, ids, 0, mid, in, tot)
		wg.Wait()
		for c := range in {
			in[c] += in1[c]
			tot[c] += tot1[c]
		}
		m2 += m21
	}
	if m2 == 0 {
		return 0
	}
	var q float64
	for c := range in {
		t := tot[c] / m2
		q += in[c]/m2 - resolution*t*t
	}
	return q
}

// inAndTot adds, for the nodes lo..hi-1 of g, the weight of their edges
// inside their community (ids) to in and their strength to tot, and returns
// their total strength.
func inAndTot(g *graph.Graph, ids []int32, lo, hi int, in, tot []float64) float64 {
	var m2 float64
	for i := lo; i < hi; i++ {
		ci := ids[i]
		var s, sin float64
		lo, hi := g.Off[i], g.Off[i+1]
		ws := g.W[lo:hi]
		for e, j := range g.Adj[lo:hi] {
			w := ws[e]
			s += w
			if ids[j] == ci {
				sin += w
			}
		}
		in[ci] += sin
		tot[ci] += s
		m2 += s
	}
	return m2
}

// denseIDs maps arbitrary non-negative community ids to 0..k-1 (in order of
// first appearance) and returns the mapped ids and k.
func denseIDs(community []int32) ([]int32, int) {
	var maxID int32 = -1
	for i, c := range community {
		if c < 0 {
			panic(fmt.Sprintf("community: node %d has negative community id %d", i, c))
		}
		maxID = max(maxID, c)
	}
	ids := make([]int32, len(community))
	if int(maxID) < 4*len(community)+1024 {
		return ids, compactIDsBelow(community, ids, int(maxID)+1)
	}
	remap := make(map[int32]int32)
	for i, c := range community {
		d, ok := remap[c]
		if !ok {
			d = int32(len(remap))
			remap[c] = d
		}
		ids[i] = d
	}
	return ids, len(remap)
}

// multiplexModularity returns Σ_l ω_l Q_l(γ) over the layers, Q_l being
// Modularity of layer l (Mucha et al. 2010, Science 328:876, with the
// inter-layer coupling set to zero and every layer sharing one partition).
func multiplexModularity(layers []*graph.Graph, weights []float64, community []int32, resolution float64) float64 {
	var q float64
	for l, g := range layers {
		if weights[l] == 0 {
			continue
		}
		q += weights[l] * Modularity(g, community, resolution)
	}
	return q
}
