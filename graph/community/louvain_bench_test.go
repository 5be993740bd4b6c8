package community

import (
	"context"
	"fmt"
	"math"
	"syscall"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// lvBenchGraphs are the planted-partition graphs of bench/communities (same
// arguments, so the same graphs): 10k nodes / 200k edge draws and 100k
// nodes / 2M edge draws, groups of 100, mixing μ 0.3 (clear) and 0.6 (weak).
var lvBenchGraphs = []struct {
	name          string
	n, groups, m  int
	mixing        float64
	generatorSeed uint64
}{
	{"10k-200k-mu0.3", 10_000, 100, 200_000, 0.3, 1},
	{"10k-200k-mu0.6", 10_000, 100, 200_000, 0.6, 2},
	{"100k-2M-mu0.3", 100_000, 1000, 2_000_000, 0.3, 3},
	{"100k-2M-mu0.6", 100_000, 1000, 2_000_000, 0.6, 4},
}

func BenchmarkLouvain(b *testing.B) {
	for _, s := range lvBenchGraphs {
		g, _ := lvPlanted(b, s.n, s.groups, s.m, s.mixing, s.generatorSeed)
		for _, refine := range []bool{true, false} {
			name := s.name + "/leiden"
			if !refine {
				name = s.name + "/louvain"
			}
			b.Run(name, func(b *testing.B) {
				var q float64
				seed := int64(0)
				for b.Loop() {
					seed++
					p := lvRun(b, g, Options{Seed: seed, Algorithm: algorithmOf(refine)})
					q += p.Modularity
				}
				b.ReportMetric(q/float64(seed), "Q")
			})
		}
	}
}

func BenchmarkModularity(b *testing.B) {
	s := lvBenchGraphs[2]
	g, group := lvPlanted(b, s.n, s.groups, s.m, s.mixing, s.generatorSeed)
	b.Run(fmt.Sprintf("%s/planted", s.name), func(b *testing.B) {
		for b.Loop() {
			Modularity(g, group, 1)
		}
	})
}

// benchLevel0 returns the level-0 graph of the 100k-node, μ 0.6 planted
// graph, a Louvain run on it, its local-moving partition p (kp
// communities) and the refinement of p (ka sub-communities).
func benchLevel0(b *testing.B) (r *louvainRun, g *level, p []int32, kp int, agg []int32, ka int) {
	b.Helper()
	s := lvBenchGraphs[3]
	gr, _ := lvPlanted(b, s.n, s.groups, s.m, s.mixing, s.generatorSeed)
	g, coef := combineLayers([]*graph.Graph{gr}, []float64{1}, 1)
	r = newLouvainRun(g, coef, 1)
	if err := r.move(context.Background(), g, nil); err != nil {
		b.Fatal(err)
	}
	p = make([]int32, g.n)
	kp = compactIDs(r.comm[:g.n], p)
	agg = make([]int32, g.n)
	ka = r.refine(g, p, kp, agg, nil)
	return r, g, p, kp, agg, ka
}

// BenchmarkLocalMoving times local moving from singletons on the level-0
// graph: the queue of move (sequential) and the chunks of moveChunked.
func BenchmarkLocalMoving(b *testing.B) {
	r, g, _, _, _, _ := benchLevel0(b)
	saved := chunkedMoveMinNodes
	defer func() { chunkedMoveMinNodes = saved }()
	for _, c := range []struct {
		name     string
		minNodes int
	}{{"sequential", math.MaxInt}, {"chunked", 0}} {
		b.Run(c.name, func(b *testing.B) {
			chunkedMoveMinNodes = c.minNodes
			for b.Loop() {
				if err := r.move(context.Background(), g, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRefine times Leiden's refinement of the level-0 partition.
func BenchmarkRefine(b *testing.B) {
	r, g, p, kp, agg, _ := benchLevel0(b)
	defer reportCPU(b)()
	for b.Loop() {
		r.refine(g, p, kp, agg, nil)
	}
}

// reportCPU returns a function that reports the process's CPU time (user
// and system, all goroutines) per iteration since reportCPU was called, as
// cpu-ns/op: on a machine shared with other work it moves much less than
// the wall time.
func reportCPU(b *testing.B) func() {
	t0 := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-t0)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkAggregate times the aggregation of the level-0 graph by the
// refined partition.
func BenchmarkAggregate(b *testing.B) {
	r, g, _, _, agg, ka := benchLevel0(b)
	defer reportCPU(b)()
	for b.Loop() {
		r.aggregate(g, agg, ka)
	}
}
