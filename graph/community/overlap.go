package community

import (
	"context"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/domainscope/domainscope/graph"
)

// Overlapping communities by soft membership over seeds, and the hierarchy
// of communities across resolutions.

// Membership is one node's membership in one community.
type Membership struct {
	Node      int32 `json:"node"`
	Community int32 `json:"community"`
	// Runs is the number of partitions in which the node sits with the
	// community's core (see SoftMembership); Share is Runs over the number
	// of partitions.
	Runs  int     `json:"runs"`
	Share float64 `json:"share"`
	// Home is true for the node's own community in the reference partition.
	Home bool `json:"home"`
}

// SoftMembership gives every node its memberships in the communities of
// ref, a reference partition of the same n nodes (ids 0..K−1, e.g. the
// consensus of the partitions), from partitions P_1..P_S (each node →
// community). In partition r the host of community D, host_r(D), is the
// community of P_r holding most of D's nodes (ties: the smallest id): where
// D's core sits in that run. A node's share of its own community h = ref[i]
// counts the runs in which it sits with h's core; its share of another
// community D counts the runs in which it sits with D's core and not with
// h's:
//
//	m_i(h) = #{r : P_r(i) = host_r(h)} / S
//	m_i(D) = #{r : P_r(i) = host_r(D) ≠ host_r(h)} / S,  D ≠ h
//
// so a run in which h and D merge whole is no evidence that the node left
// h. The partitions are those whose co-assignment matrix gives the
// consensus (Lancichinetti & Fortunato 2012, Sci. Rep. 2:336), and the
// shares are co-assignment frequencies between a node and a community's
// core: a bridging node that Leiden puts with D's core in 7 of 20 seeds and
// with its own in 13 has m = 0.35 and 0.65. The shares of a node add up to
// at most 1 unless several other communities merge around it in a run.
//
// Node i belongs to its own community ref[i] (Home) whatever its share, and
// to every other community with m_i(D) ≥ threshold, threshold in (0, 1].
// Out[i] lists node i's memberships, home first, then by share (highest
// first) and community id.
func SoftMembership(ref []int32, partitions [][]int32, threshold float64) ([][]Membership, error) {
	n := len(ref)
	if len(partitions) == 0 {
		return nil, graph.Errorf("soft membership: no partitions given")
	}
	if !(threshold > 0 && threshold <= 1) {
		return nil, graph.Errorf("soft membership: threshold %v, expected a number above 0 and at most 1", threshold)
	}
	k := int32(0)
	for i, c := range ref {
		if c < 0 || int(c) >= n {
			return nil, graph.Errorf("soft membership: node %d has community %d, expected 0 to %d", i, c, n-1)
		}
		k = max(k, c+1)
	}
	for r, p := range partitions {
		if len(p) != n {
			return nil, graph.Errorf("soft membership: partition %d has %d community ids, expected %d", r, len(p), n)
		}
		for i, c := range p {
			if c < 0 || int(c) >= n {
				return nil, graph.Errorf("soft membership: partition %d puts node %d in community %d, expected 0 to %d", r, i, c, n-1)
			}
		}
	}
	members := make([][]int32, k)
	for i, d := range ref {
		members[d] = append(members[d], int32(i))
	}
	runs := make([]map[int32]int, n) // node → community of ref → runs
	for i := range runs {
		runs[i] = map[int32]int{}
	}
	count := make([]int, n) // members of D per community of P_r, reused
	host := make([]int32, k)
	for _, p := range partitions {
		hosted := map[int32][]int32{} // community of P_r → the D it hosts
		for d, ms := range members {
			if len(ms) == 0 {
				continue
			}
			best := int32(-1)
			for _, i := range ms {
				q := p[i]
				count[q]++
				if best < 0 || count[q] > count[best] || (count[q] == count[best] && q < best) {
					best = q
				}
			}
			for _, i := range ms {
				count[p[i]] = 0
			}
			host[d] = best
			hosted[best] = append(hosted[best], int32(d))
		}
		for i, q := range p {
			h := ref[i]
			if host[h] == q {
				runs[i][h]++
				continue
			}
			for _, d := range hosted[q] {
				runs[i][d]++
			}
		}
	}
	s := float64(len(partitions))
	out := make([][]Membership, n)
	for i := range out {
		home := ref[i]
		out[i] = append(out[i], Membership{Node: int32(i), Community: home, Runs: runs[i][home], Share: float64(runs[i][home]) / s, Home: true})
		var others []Membership
		for d, c := range runs[i] {
			if d != home && float64(c)/s >= threshold {
				others = append(others, Membership{Node: int32(i), Community: d, Runs: c, Share: float64(c) / s})
			}
		}
		sort.Slice(others, func(a, b int) bool {
			if others[a].Runs != others[b].Runs {
				return others[a].Runs > others[b].Runs
			}
			return others[a].Community < others[b].Community
		})
		out[i] = append(out[i], others...)
	}
	return out, nil
}

// Overlap is a cover of the nodes by overlapping communities.
type Overlap struct {
	// Seeds is the number of partitions S; Threshold the least share of a
	// membership beyond a node's home.
	Seeds     int     `json:"seeds"`
	Threshold float64 `json:"threshold"`
	// Consensus is the consensus partition whose communities are covered.
	Consensus ConsensusResult `json:"consensus"`
	// Node[i] are node i's memberships (see SoftMembership).
	Node [][]Membership `json:"-"`
}

// MaxOverlapSeeds bounds the seeds of Overlapping.
const MaxOverlapSeeds = 200

// Overlapping finds overlapping communities: Detect (opt) is run with the
// seeds opt.Seed, opt.Seed+1, …, opt.Seed+seeds−1; their consensus
// partition at tau (Consensus, Lancichinetti & Fortunato 2012) gives the
// communities, and SoftMembership over the same partitions the share of
// seeds in which each node sits with each community. seeds must be 1 to
// MaxOverlapSeeds (one seed gives no overlap); tau and threshold are in (0, 1].
func Overlapping(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options, seeds int, tau, threshold float64) (Overlap, error) {
	if seeds < 1 || seeds > MaxOverlapSeeds {
		return Overlap{}, graph.Errorf("overlap: %d seeds, expected 1 to %d", seeds, MaxOverlapSeeds)
	}
	if !(threshold > 0 && threshold <= 1) {
		return Overlap{}, graph.Errorf("overlap: threshold %v, expected a number above 0 and at most 1", threshold)
	}
	parts, err := detectSeeds(ctx, layers, weights, opt, opt.Seed, seeds)
	if err != nil {
		return Overlap{}, err
	}
	comms := make([][]int32, len(parts))
	for r, p := range parts {
		comms[r] = p.Community
	}
	n := layers[0].Nodes()
	cons, err := Consensus(ctx, n, comms, tau, opt)
	if err != nil {
		return Overlap{}, err
	}
	node, err := SoftMembership(cons.Community, comms, threshold)
	if err != nil {
		return Overlap{}, err
	}
	return Overlap{Seeds: seeds, Threshold: threshold, Consensus: cons, Node: node}, nil
}

// detectSeeds runs Detect with the seeds first, first+1, …, first+runs−1 on
// all cores; the result does not depend on their scheduling.
func detectSeeds(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options, first int64, runs int) ([]Partition, error) {
	parts := make([]Partition, runs)
	errs := make([]error, runs)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for r := 0; r < runs; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o := opt
			o.Seed = first + int64(r)
			parts[r], errs[r] = Detect(ctx, layers, weights, o)
		}(r)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// ParentLink links a community of a finer partition (Child) to the
// community of the coarser one (Parent) that holds the largest share of its
// weight.
type ParentLink struct {
	Child  int32 `json:"child"`
	Parent int32 `json:"parent"`
	// Size is the child's number of members; Shared how many of them are in
	// the parent; MemberShare = Shared/Size.
	Size        int     `json:"size"`
	Shared      int     `json:"shared"`
	MemberShare float64 `json:"member_share"`
	// WeightShare = Σ_{i ∈ C∩P} s_i / Σ_{i ∈ C} s_i with s_i the node's
	// strength (the member share when the child's strength is 0).
	WeightShare float64 `json:"weight_share"`
}

// LinkLevels links every community C of fine (ids 0..K−1) to its parent P
// in coarse: the community of coarse with the largest weight share
// Σ_{i∈C∩P} s_i / Σ_{i∈C} s_i (s: node strengths), ties broken by more
// shared members, then the smaller id. Out[c] is community c's link. When
// the fine partition refines the coarse one every share is 1; a share below
// 1 shows a split that is not nested (the child takes members from several
// coarse communities).
func LinkLevels(strength []float64, coarse, fine []int32) ([]ParentLink, error) {
	n := len(strength)
	if len(coarse) != n || len(fine) != n {
		return nil, graph.Errorf("hierarchy: partitions of %d and %d nodes for %d strengths", len(coarse), len(fine), n)
	}
	k := int32(0)
	for i := range fine {
		if fine[i] < 0 || coarse[i] < 0 {
			return nil, graph.Errorf("hierarchy: node %d has a negative community id", i)
		}
		if !(strength[i] >= 0) || math.IsInf(strength[i], 1) {
			return nil, graph.Errorf("hierarchy: node %d has strength %v, expected a finite number >= 0", i, strength[i])
		}
		k = max(k, fine[i]+1)
	}
	type cell struct {
		members int
		weight  float64
	}
	cells := make([]map[int32]*cell, k)
	size := make([]int, k)
	total := make([]float64, k)
	for i, c := range fine {
		if cells[c] == nil {
			cells[c] = map[int32]*cell{}
		}
		x := cells[c][coarse[i]]
		if x == nil {
			x = &cell{}
			cells[c][coarse[i]] = x
		}
		x.members++
		x.weight += strength[i]
		size[c]++
		total[c] += strength[i]
	}
	out := make([]ParentLink, 0, k)
	for c := int32(0); c < k; c++ {
		if size[c] == 0 {
			continue
		}
		share := func(x *cell) float64 {
			if total[c] > 0 {
				return x.weight / total[c]
			}
			return float64(x.members) / float64(size[c])
		}
		best := int32(-1)
		for p, x := range cells[c] {
			if best < 0 {
				best = p
				continue
			}
			b := cells[c][best]
			if sx, sb := share(x), share(b); sx > sb || (sx == sb && (x.members > b.members || (x.members == b.members && p < best))) {
				best = p
			}
		}
		x := cells[c][best]
		out = append(out, ParentLink{Child: c, Parent: best, Size: size[c], Shared: x.members,
			MemberShare: float64(x.members) / float64(size[c]), WeightShare: share(x)})
	}
	return out, nil
}

// MaxHierarchyLevels bounds the resolutions of ResolutionHierarchy.
const MaxHierarchyLevels = 8

// Hierarchy is the communities at increasing resolutions and the links of
// each level's communities to the level before.
type Hierarchy struct {
	Resolutions []float64   `json:"resolutions"`
	Levels      []Partition `json:"-"`
	// Links[k] links the communities of level k to those of level k−1
	// (Links[0] is empty).
	Links [][]ParentLink `json:"links"`
}

// ResolutionHierarchy runs Detect (opt, with opt.Seed) at each resolution
// γ_1 < γ_2 < … (Reichardt & Bornholdt 2006: larger γ, smaller
// communities) and links every community at γ_k to the community at γ_k−1
// holding most of its strength (LinkLevels), with the strength
// s_i = Σ_l ω_l Σ_j A^l_ij of the combined layers. Modularity optima at
// different γ need not be nested, so a community can take members from
// several coarser ones: its share then is below 1. resolutions must be
// positive, finite, strictly increasing and at most MaxHierarchyLevels.
func ResolutionHierarchy(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options, resolutions []float64) (Hierarchy, error) {
	if len(resolutions) == 0 || len(resolutions) > MaxHierarchyLevels {
		return Hierarchy{}, graph.Errorf("hierarchy: %d resolutions, expected 1 to %d", len(resolutions), MaxHierarchyLevels)
	}
	for k, g := range resolutions {
		if !(g > 0) || math.IsInf(g, 0) {
			return Hierarchy{}, graph.Errorf("hierarchy: resolution %v, expected a positive number", g)
		}
		if k > 0 && !(g > resolutions[k-1]) {
			return Hierarchy{}, graph.Errorf("hierarchy: resolutions %v then %v, expected them in increasing order without repeats", resolutions[k-1], g)
		}
	}
	if len(layers) == 0 {
		return Hierarchy{}, graph.Errorf("hierarchy: no layers given")
	}
	strength := make([]float64, layers[0].Nodes())
	for l, g := range layers {
		w := 1.0
		if weights != nil && l < len(weights) {
			w = weights[l]
		}
		if g == nil || g.Nodes() != len(strength) {
			continue // Detect reports it
		}
		for i := range strength {
			strength[i] += w * g.Strength(i)
		}
	}
	h := Hierarchy{Resolutions: resolutions, Links: make([][]ParentLink, len(resolutions))}
	for k, gamma := range resolutions {
		o := opt
		o.Resolution = gamma
		p, err := Detect(ctx, layers, weights, o)
		if err != nil {
			return Hierarchy{}, err
		}
		h.Levels = append(h.Levels, p)
		if k > 0 {
			if h.Links[k], err = LinkLevels(strength, h.Levels[k-1].Community, p.Community); err != nil {
				return Hierarchy{}, err
			}
		}
	}
	h.Links[0] = []ParentLink{}
	return h, nil
}
