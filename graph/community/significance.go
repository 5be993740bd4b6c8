package community

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/domainscope/domainscope/graph"
)

// Significance says whether one community holds more of its weight inside
// than a random graph with the same degrees would.
type Significance struct {
	// InternalWeight is W_in, the summed weight of the links inside (each once).
	InternalWeight float64 `json:"internal_weight"`
	// Expected is the configuration-model expectation of W_in,
	// Σ_{i<j∈S} k_i k_j / 2m ≈ vol(S)²/4m with vol(S) = Σ_{i∈S} k_i and m the
	// total weight (the null model of modularity, Newman 2006, PNAS 103:8577).
	Expected float64 `json:"expected"`
	// Ratio is InternalWeight / Expected (0 when nothing is expected).
	Ratio float64 `json:"ratio"`
	// NullMean and NullSD are the mean and standard deviation of W_in of the
	// same node set over Samples degree-preserving rewirings of the graph.
	NullMean float64 `json:"null_mean"`
	NullSD   float64 `json:"null_sd"`
	// Z is (InternalWeight − NullMean) / NullSD; nil when NullSD is 0 (no
	// rewiring changed W_in: then P alone says how often the null reached it).
	Z *float64 `json:"z"`
	// P is the one-sided empirical p-value (1 + #{null W_in ≥ W_in}) / (Samples + 1)
	// (Davison & Hinkley 1997): its smallest value is 1/(Samples+1).
	P       float64 `json:"p"`
	Samples int     `json:"samples"`
}

// MaxSignificanceSamples caps the rewired graphs of CommunitySignificance.
const MaxSignificanceSamples = 10000

// CommunitySignificance tests every community of comm on g (indexed like
// DescribeDomains: dense IDs in order of first appearance) against two
// nulls. The analytic one is the configuration model of modularity:
// E[W_in] = vol(S)²/4m. The sampled one is degree-preserving rewiring
// (Maslov & Sneppen 2002, Science 296:910): double edge swaps
// (a–b, c–d → a–d, c–b, or a–c, b–d) that never make a self-loop or a
// parallel link, each new link taking the weight of the link it replaces,
// so every node keeps its degree and the graph its weights (strengths are
// kept only approximately). After a burn-in of 10·m swap attempts the
// chain is sampled every m attempts, samples times, from seed; the result
// depends only on g, comm, samples and seed. Communities keep their
// members in every sample, so W_in of each is compared with its own null
// distribution. samples must be 1 to MaxSignificanceSamples.
func CommunitySignificance(ctx context.Context, g *graph.Graph, comm []int32, samples int, seed int64) ([]Significance, error) {
	if g == nil || len(comm) != g.Nodes() {
		return nil, graph.Errorf("significance: partition has %d community ids, expected one per node", len(comm))
	}
	if samples < 1 || samples > MaxSignificanceSamples {
		return nil, graph.Errorf("significance: samples %d, expected 1 to %d", samples, MaxSignificanceSamples)
	}
	ids, k := denseIDs(comm)
	type edge struct {
		i, j int32
		w    float64
	}
	var edges []edge
	vol := make([]float64, k)
	var total float64 // 2m
	for i := 0; i < g.Nodes(); i++ {
		for p := g.Off[i]; p < g.Off[i+1]; p++ {
			vol[ids[i]] += g.W[p]
			total += g.W[p]
			if j := g.Adj[p]; int(j) > i {
				edges = append(edges, edge{int32(i), j, g.W[p]})
			}
		}
	}
	out := make([]Significance, k)
	internal := func(es []edge, acc []float64) {
		for c := range acc {
			acc[c] = 0
		}
		for _, e := range es {
			if ids[e.i] == ids[e.j] {
				acc[ids[e.i]] += e.w
			}
		}
	}
	obs := make([]float64, k)
	internal(edges, obs)
	for c := range out {
		out[c].InternalWeight = obs[c]
		out[c].Samples = samples
		if total > 0 {
			out[c].Expected = vol[c] * vol[c] / (2 * total)
		}
		if out[c].Expected > 0 {
			out[c].Ratio = obs[c] / out[c].Expected
		}
	}
	m := len(edges)
	if m < 2 {
		for c := range out {
			out[c].P = 1
		}
		return out, nil
	}
	key := func(a, b int32) uint64 {
		if a > b {
			a, b = b, a
		}
		return uint64(a)<<32 | uint64(uint32(b))
	}
	present := newEdgeSet(m)
	for _, e := range edges {
		present.add(key(e.i, e.j))
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5167a1f1ca))
	swap := func() {
		x, y := rng.IntN(m), rng.IntN(m)
		if x == y {
			return
		}
		a, b := edges[x].i, edges[x].j
		c, d := edges[y].i, edges[y].j
		if rng.IntN(2) == 1 {
			c, d = d, c
		}
		// a–b, c–d → a–d, c–b
		if a == d || c == b {
			return
		}
		if present.has(key(a, d)) || present.has(key(c, b)) {
			return
		}
		present.remove(key(a, b))
		present.remove(key(c, d))
		present.add(key(a, d))
		present.add(key(c, b))
		edges[x].i, edges[x].j = a, d
		edges[y].i, edges[y].j = c, b
	}
	for t := 0; t < 10*m; t++ {
		swap()
	}
	sum := make([]float64, k)
	sum2 := make([]float64, k)
	ge := make([]int, k)
	acc := make([]float64, k)
	for s := 0; s < samples; s++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for t := 0; t < m; t++ {
			swap()
		}
		internal(edges, acc)
		for c, w := range acc {
			sum[c] += w
			sum2[c] += w * w
			// A null value equal to the observed one up to rounding counts as ≥.
			if w >= obs[c]-1e-9*math.Max(1, obs[c]) {
				ge[c]++
			}
		}
	}
	r := float64(samples)
	for c := range out {
		mean := sum[c] / r
		sd := math.Sqrt(math.Max(0, sum2[c]/r-mean*mean))
		out[c].NullMean, out[c].NullSD = mean, sd
		if sd > 1e-12*math.Max(1, mean) {
			z := (obs[c] - mean) / sd
			out[c].Z = &z
		}
		out[c].P = float64(1+ge[c]) / (r + 1)
	}
	return out, nil
}

// edgeSet is a set of edge keys (lo<<32 | hi, node ids < 2³¹) in one array
// with linear probing, at most half full, and backward-shift deletion
// (Knuth, TAOCP vol. 3, §6.4, Algorithm R), so that the constant churn of
// rewiring leaves no tombstones: Go's maps slowed down about 10× under it.
type edgeSet struct {
	slots []uint64 // emptySlot or a key
	shift uint     // home slot: the top bits of key × 2⁶⁴/φ
}

const emptySlot = ^uint64(0) // not a key: hi < 2³¹

func newEdgeSet(n int) *edgeSet {
	bits := uint(1)
	for 1<<bits < 2*n {
		bits++
	}
	s := &edgeSet{slots: make([]uint64, 1<<bits), shift: 64 - bits}
	for i := range s.slots {
		s.slots[i] = emptySlot
	}
	return s
}

func (s *edgeSet) home(k uint64) int { return int((k * 0x9e3779b97f4a7c15) >> s.shift) }

func (s *edgeSet) has(k uint64) bool {
	mask := len(s.slots) - 1
	for i := s.home(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case emptySlot:
			return false
		}
	}
}

// add inserts k, which must not be in the set.
func (s *edgeSet) add(k uint64) {
	mask := len(s.slots) - 1
	i := s.home(k)
	for s.slots[i] != emptySlot {
		i = (i + 1) & mask
	}
	s.slots[i] = k
}

// remove deletes k, which must be in the set, and moves later keys of its
// probe run back so that every key stays reachable from its home slot.
func (s *edgeSet) remove(k uint64) {
	mask := len(s.slots) - 1
	i := s.home(k)
	for s.slots[i] != k {
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; s.slots[j] != emptySlot; j = (j + 1) & mask {
		// The key at j may move to the hole at i unless its home lies
		// cyclically in (i, j].
		if h := s.home(s.slots[j]); (j-h)&mask >= (j-i)&mask {
			s.slots[i] = s.slots[j]
			i = j
		}
	}
	s.slots[i] = emptySlot
}
