package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"

	"github.com/domainscope/domainscope/graph"
)

// dcsbm returns a degree-corrected stochastic block model graph (Karrer &
// Newman 2011, Phys. Rev. E 83:016107) with n nodes in `blocks` blocks of
// equal size (±1) and m edge draws. Node i has the propensity θ_i, drawn
// from a Pareto distribution with tail exponent 2.5 (so degrees are
// heavy-tailed, capped at 1000× the minimum). Each draw is, with probability
// 1−μ, a pair inside a block (the block chosen ∝ its Σθ, both ends ∝ θ
// inside it), else a pair across blocks (both ends ∝ θ over all nodes,
// redrawn while they share a block). Self-pairs are redrawn; repeated pairs
// add up to weights > 1. The same arguments give the same graph.
func dcsbm(n, blocks, m int, mu float64, seed uint64) (*graph.Graph, error) {
	rng := rand.New(rand.NewPCG(seed, 0xda3e39cb94b95bdb))
	perm := rng.Perm(n)
	block := make([]int32, n)
	start := make([]int, blocks+1)
	for b := range blocks {
		start[b+1] = start[b] + n/blocks
		if b < n%blocks {
			start[b+1]++
		}
	}
	// members[start[b]:start[b+1]] are block b's nodes; cum is the running
	// sum of θ over members, so a block's nodes are sampled by bisection in
	// its own slice and all nodes by bisection in the whole.
	members := make([]int32, n)
	cum := make([]float64, n)
	var s float64
	for b := range blocks {
		for p := start[b]; p < start[b+1]; p++ {
			v := perm[p]
			members[p] = int32(v)
			block[v] = int32(b)
			theta := math.Min(math.Pow(1-rng.Float64(), -1/1.5), 1000)
			s += theta
			cum[p] = s
		}
	}
	pick := func(lo, hi int) int32 {
		base := 0.0
		if lo > 0 {
			base = cum[lo-1]
		}
		x := base + rng.Float64()*(cum[hi-1]-base)
		p, _ := slices.BinarySearch(cum[lo:hi], x)
		return members[lo+min(p, hi-lo-1)]
	}
	blockTheta := make([]float64, blocks)
	for b := range blocks {
		blockTheta[b] = cum[start[b+1]-1]
	}
	edges := make([]graph.Edge, 0, m)
	for len(edges) < m {
		var u, v int32
		if rng.Float64() >= mu {
			p, _ := slices.BinarySearch(blockTheta, rng.Float64()*s)
			b := min(p, blocks-1)
			u, v = pick(start[b], start[b+1]), pick(start[b], start[b+1])
		} else {
			u = pick(0, n)
			for v = pick(0, n); block[v] == block[u]; v = pick(0, n) {
			}
		}
		if u != v {
			edges = append(edges, graph.Edge{I: u, J: v, W: 1})
		}
	}
	return graph.NewGraph(n, edges)
}

func dcsbmMain(args []string) {
	fs := flag.NewFlagSet("dcsbm", flag.ExitOnError)
	n := fs.Int("n", 1_000_000, "nodes")
	blocks := fs.Int("blocks", 1000, "blocks")
	m := fs.Int("m", 10_000_000, "edge draws")
	mu := fs.Float64("mu", 0.5, "fraction of draws across blocks")
	seed := fs.Uint64("seed", 1, "generator seed")
	out := fs.String("o", "", "edge list to write (required)")
	fs.Parse(args)
	if *out == "" || *n < 2 || *blocks < 2 || *blocks > *n/2 || *m < 0 || !(*mu >= 0 && *mu <= 1) {
		fmt.Fprintln(os.Stderr, "communities dcsbm: need -o, n >= 2, 2 <= blocks <= n/2, m >= 0, 0 <= mu <= 1")
		os.Exit(2)
	}
	g, err := dcsbm(*n, *blocks, *m, *mu, *seed)
	if err == nil {
		err = writeEdges(*out, g)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "communities dcsbm:", err)
		os.Exit(1)
	}
}

// readEdges reads "i j [w]" lines (w defaults to 1; lines starting with #
// or % are skipped) into a graph whose node count is the largest id + 1.
func readEdges(path string) (*graph.Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var edges []graph.Edge
	n := 0
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(b) == 0 || b[0] == '#' || b[0] == '%' {
			continue
		}
		var f [3]float64
		k := 0
		for i := 0; i < len(b) && k < 3; {
			for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
				i++
			}
			j := i
			for j < len(b) && b[j] != ' ' && b[j] != '\t' {
				j++
			}
			if j > i {
				x, err := strconv.ParseFloat(string(b[i:j]), 64)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %v", path, line, err)
				}
				f[k] = x
				k++
			}
			i = j
		}
		if k < 2 {
			return nil, fmt.Errorf("%s:%d: expected \"i j [w]\", found %q", path, line, b)
		}
		if k == 2 {
			f[2] = 1
		}
		edges = append(edges, graph.Edge{I: int32(f[0]), J: int32(f[1]), W: f[2]})
		n = max(n, int(f[0])+1, int(f[1])+1)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return graph.NewGraph(n, edges)
}
