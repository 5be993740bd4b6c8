package graph

import (
	"fmt"
	"sort"
)

// Graph is an immutable undirected weighted graph in CSR form. Node i's
// neighbours are Adj[Off[i]:Off[i+1]] with weights W[Off[i]:Off[i+1]], sorted
// by neighbour index. Every undirected edge {i,j} with i != j appears twice,
// once in each row; there are no self-loops and all weights are > 0.
type Graph struct {
	Off []int64
	Adj []int32
	W   []float64
}

// Edge is an undirected weighted edge between node indices.
type Edge struct {
	I, J int32
	W    float64
}

// NewGraph builds a Graph with n nodes from edges. Self-loops and edges with
// weight <= 0 are dropped; parallel edges are merged by summing their weights.
func NewGraph(n int, edges []Edge) (*Graph, error) {
	if n < 0 {
		return nil, fmt.Errorf("negative number of nodes %d", n)
	}
	deg := make([]int64, n+1)
	for _, e := range edges {
		if e.I < 0 || e.J < 0 || int(e.I) >= n || int(e.J) >= n {
			return nil, fmt.Errorf("edge (%d,%d) out of range for %d nodes", e.I, e.J, n)
		}
		if e.I == e.J || !(e.W > 0) {
			continue
		}
		deg[e.I+1]++
		deg[e.J+1]++
	}
	for i := 0; i < n; i++ {
		deg[i+1] += deg[i]
	}
	adj := make([]int32, deg[n])
	w := make([]float64, deg[n])
	pos := make([]int64, n)
	copy(pos, deg[:n])
	for _, e := range edges {
		if e.I == e.J || !(e.W > 0) {
			continue
		}
		adj[pos[e.I]], w[pos[e.I]] = e.J, e.W
		pos[e.I]++
		adj[pos[e.J]], w[pos[e.J]] = e.I, e.W
		pos[e.J]++
	}
	// Sort each row by neighbour and merge parallel edges.
	off := make([]int64, n+1)
	var out int64
	for i := 0; i < n; i++ {
		lo, hi := deg[i], deg[i+1]
		row := rowSorter{adj[lo:hi], w[lo:hi]}
		if !sort.IsSorted(row) {
			sort.Sort(row)
		}
		off[i] = out
		for k := lo; k < hi; k++ {
			if out > off[i] && adj[out-1] == adj[k] {
				w[out-1] += w[k]
				continue
			}
			adj[out], w[out] = adj[k], w[k]
			out++
		}
	}
	off[n] = out
	return &Graph{Off: off, Adj: adj[:out:out], W: w[:out:out]}, nil
}

type rowSorter struct {
	adj []int32
	w   []float64
}

func (r rowSorter) Len() int           { return len(r.adj) }
func (r rowSorter) Less(a, b int) bool { return r.adj[a] < r.adj[b] }
func (r rowSorter) Swap(a, b int) {
	r.adj[a], r.adj[b] = r.adj[b], r.adj[a]
	r.w[a], r.w[b] = r.w[b], r.w[a]
}

// Nodes returns the number of nodes.
func (g *Graph) Nodes() int { return len(g.Off) - 1 }

// Edges returns the number of undirected edges.
func (g *Graph) Edges() int { return len(g.Adj) / 2 }

// Strength returns the sum of the weights of node i's edges.
func (g *Graph) Strength(i int) float64 {
	var s float64
	for _, x := range g.W[g.Off[i]:g.Off[i+1]] {
		s += x
	}
	return s
}

// Weight returns the weight of edge {i,j}, or 0 if there is none.
func (g *Graph) Weight(i, j int) float64 {
	row := g.Adj[g.Off[i]:g.Off[i+1]]
	k := sort.Search(len(row), func(k int) bool { return row[k] >= int32(j) })
	if k < len(row) && row[k] == int32(j) {
		return g.W[g.Off[i]+int64(k)]
	}
	return 0
}
