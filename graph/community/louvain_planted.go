package community

import (
	"math/rand/v2"

	"github.com/domainscope/domainscope/graph"
)

// PlantedPartition returns a synthetic graph with known communities, for
// testing and benchmarking community detection, and the planted group of
// every node. The n nodes are shuffled into `groups` groups of equal size
// (±1). Each of `edges` draws picks a uniform node u and, with probability
// 1−mixing, a uniform other node of u's group, else a uniform node outside
// it (the mixing parameter μ of Lancichinetti, Fortunato & Radicchi 2008,
// Phys. Rev. E 78:046110, with Poisson rather than power-law degrees).
// Repeated draws of one pair add up to an edge of weight > 1. The same
// arguments always give the same graph.
func PlantedPartition(n, groups, edges int, mixing float64, seed uint64) (*graph.Graph, []int32, error) {
	if n < 2 || groups < 1 || groups > n/2 || edges < 0 || !(mixing >= 0 && mixing <= 1) || (groups == 1 && mixing > 0) {
		return nil, nil, graph.Errorf("planted partition: got n=%d groups=%d edges=%d mixing=%v, expected n >= 2, 1 <= groups <= n/2, edges >= 0, 0 <= mixing <= 1 (0 with one group)",
			n, groups, edges, mixing)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	perm := rng.Perm(n)
	// members[start[g]:start[g+1]] are the nodes of group g.
	start := make([]int, groups+1)
	for g := range groups {
		start[g+1] = start[g] + n/groups
		if g < n%groups {
			start[g+1]++
		}
	}
	members := make([]int32, n)
	group := make([]int32, n)
	for g := range groups {
		for p := start[g]; p < start[g+1]; p++ {
			members[p] = int32(perm[p])
			group[perm[p]] = int32(g)
		}
	}
	pos := make([]int, n) // position of node v in members
	for p, v := range members {
		pos[v] = p
	}
	list := make([]graph.Edge, 0, edges)
	for range edges {
		u := int32(rng.IntN(n))
		g := group[u]
		lo, hi := start[g], start[g+1]
		var v int32
		if rng.Float64() >= mixing {
			// A uniform other member of u's group.
			p := lo + rng.IntN(hi-lo-1)
			if p >= pos[u] {
				p++
			}
			v = members[p]
		} else {
			// A uniform node outside u's group.
			p := rng.IntN(n - (hi - lo))
			if p >= lo {
				p += hi - lo
			}
			v = members[p]
		}
		list = append(list, graph.Edge{I: u, J: v, W: 1})
	}
	gr, err := graph.NewGraph(n, list)
	if err != nil {
		return nil, nil, err
	}
	return gr, group, nil
}
