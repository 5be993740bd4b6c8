package community

import (
	"fmt"
	"testing"
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
