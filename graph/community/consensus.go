package community

import (
	"context"

	"github.com/domainscope/domainscope/graph"
)

// ConsensusResult is the consensus partition of several partitions.
type ConsensusResult struct {
	// Community maps node → consensus community, numbered like
	// Partition.Community (by size, then smallest node).
	Community []int32 `json:"-"`
	K         int     `json:"communities"`
	// Iterations is the number of rounds of detection on the consensus
	// matrix; Converged is false when MaxConsensusIterations ran out before
	// the matrix became block-diagonal.
	Iterations int  `json:"iterations"`
	Converged  bool `json:"converged"`
}

// MaxConsensusIterations bounds the rounds of Consensus.
const MaxConsensusIterations = 20

// Consensus combines partitions of the same n nodes by consensus clustering
// (Lancichinetti & Fortunato 2012, Sci. Rep. 2:336): D_ij is the share of
// partitions that put i and j together; entries below tau are set to 0; if
// every remaining entry is 1 the partitions agree and the consensus is the
// connected components of D; otherwise Detect (opt) is run on D as a
// weighted graph once per input partition, with seeds opt.Seed+1, +2, …,
// and the new partitions replace the old, until D is block-diagonal or
// MaxConsensusIterations rounds have run (then the last round's D gives
// the result through its connected components at tau). tau must be in (0, 1].
func Consensus(ctx context.Context, n int, partitions [][]int32, tau float64, opt Options) (ConsensusResult, error) {
	if len(partitions) == 0 {
		return ConsensusResult{}, graph.Errorf("consensus: no partitions given")
	}
	if !(tau > 0 && tau <= 1) {
		return ConsensusResult{}, graph.Errorf("consensus: threshold %v, expected a number in (0, 1]", tau)
	}
	for k, p := range partitions {
		if len(p) != n {
			return ConsensusResult{}, graph.Errorf("consensus: partition %d has %d community ids, expected %d", k, len(p), n)
		}
	}
	parts := partitions
	res := ConsensusResult{}
	for round := 0; ; round++ {
		d, agree := coassignment(n, parts, tau)
		if agree || round == MaxConsensusIterations {
			res.Converged = agree
			res.Iterations = round
			res.Community, res.K = components(n, d)
			return res, nil
		}
		g, err := graph.NewGraph(n, d)
		if err != nil {
			return ConsensusResult{}, err
		}
		next := make([][]int32, len(parts))
		for r := range next {
			o := opt
			o.Seed = opt.Seed + int64(round*len(parts)+r) + 1
			p, err := Detect(ctx, []*graph.Graph{g}, nil, o)
			if err != nil {
				return ConsensusResult{}, err
			}
			next[r] = p.Community
		}
		parts = next
	}
}

// coassignment returns the pairs together in at least tau of the partitions,
// weighted by that share, and whether every such pair is together in all of them.
func coassignment(n int, parts [][]int32, tau float64) ([]graph.Edge, bool) {
	count := map[uint64]int{}
	for _, p := range parts {
		members := map[int32][]int32{}
		for i, c := range p {
			members[c] = append(members[c], int32(i))
		}
		for _, ms := range members {
			for a := 0; a < len(ms); a++ {
				for b := a + 1; b < len(ms); b++ {
					count[uint64(ms[a])<<32|uint64(ms[b])]++
				}
			}
		}
	}
	r := float64(len(parts))
	agree := true
	var edges []graph.Edge
	for key, c := range count {
		f := float64(c) / r
		if f < tau {
			continue
		}
		if c != len(parts) {
			agree = false
		}
		edges = append(edges, graph.Edge{I: int32(key >> 32), J: int32(uint32(key)), W: f})
	}
	return edges, agree
}

// components labels the connected components of the edges, numbered by
// size (largest first), then by smallest node.
func components(n int, edges []graph.Edge) ([]int32, int) {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		a, b := find(e.I), find(e.J)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	root := make([]int32, n)
	for i := range root {
		root[i] = find(int32(i))
	}
	c := canonicalIDs(root)
	k := 0
	for _, x := range c {
		k = max(k, int(x)+1)
	}
	return c, k
}
