package layout

import (
	"math/rand/v2"
	"testing"
)

// benchGraph is a random graph of n boxes of label-like sizes with m edges.
func benchGraph(n, m int) ([]Size, [][2]int) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := make([]Size, n)
	for i := range sizes {
		sizes[i] = Size{W: 80 + 120*r.Float64(), H: 36 + 40*r.Float64()}
	}
	edges := make([][2]int, 0, m)
	for i := 1; i < n; i++ { // a spanning tree keeps it connected
		edges = append(edges, [2]int{r.IntN(i), i})
	}
	for len(edges) < m {
		edges = append(edges, [2]int{r.IntN(n), r.IntN(n)})
	}
	return sizes, edges
}

// BenchmarkCompute200 is the size of the issue-16 diagram: 200 industries, 1,166 links.
func BenchmarkCompute200(b *testing.B) {
	sizes, edges := benchGraph(200, 1166)
	for b.Loop() {
		Compute(sizes, edges, Options{Neighbourhood: true, Compress: 0.6})
	}
}

func BenchmarkStress200(b *testing.B) {
	sizes, edges := benchGraph(200, 1166)
	d := distances(200, edges, 100, true)
	for b.Loop() {
		p := classicalMDS(200, d)
		stress(200, d, p, 300)
	}
	_ = sizes
}

// BenchmarkCompute500 is the renderer's node cap: 500 industries, 3,000 links.
func BenchmarkCompute500(b *testing.B) {
	sizes, edges := benchGraph(500, 3000)
	for b.Loop() {
		Compute(sizes, edges, Options{Neighbourhood: true, Compress: 0.6})
	}
}
