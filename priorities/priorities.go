// Package priorities compares two sets of groups of nodes on a relatedness
// graph: how much of one group's link weight goes into another, and how
// that compares with chance. It answers "which of the old clusters map into
// which new priority" for the realignment of a region's clusters into its
// smart-specialisation priorities (Piedmont's 12 innovation clusters of
// 2009 into 7 S3 priorities in 2015 is the seeds' example).
//
// For an undirected weighted graph with weights w_ij (no self-loops),
// strengths k_i = Σ_j w_ij and total 2m = Σ_i k_i, and groups A and B of
// nodes (they may overlap):
//
//	vol(A)    = Σ_{i∈A} k_i
//	W(A,B)    = Σ_{i∈A} Σ_{j∈B, j≠i} w_ij
//	share     = W(A,B) / vol(A)            the part of A's link weight that ends in B
//	carry     = (Σ_{i∈A∩B} k_i + Σ_{i∈A∖B} Σ_{j∈B} w_ij) / vol(A)
//	ratio     = W(A,B) · 2m / (vol(A)·vol(B))
//
// carry is the part of A that B takes over: a member of both goes whole
// (all its link weight), a member of A only brings its links into B. It is
// 1 when A ⊆ B and equals share when A and B share no node; the reverse
// carry (B's part that comes from A) swaps A and B.
//
// ratio is the weight observed between A and B over the weight the
// configuration model (a random graph with the same strengths, the null
// model of modularity; Newman 2006, Modularity and community structure in
// networks, PNAS 103(23)) expects, vol(A)·vol(B)/2m: above 1 the groups are
// more related than chance. It is symmetric, and for A = B it is the
// cohesion ratio W_in/(vol²/4m) of a set (W(A,A) = 2·W_in). A pair of
// nodes both in A ∩ B is counted from each side, as in vol.
//
// The package is pure arithmetic on graph.Graph: no store, no codes.
package priorities

import (
	"math"
	"slices"

	"github.com/domainscope/domainscope/graph"
)

// Pair is how an old group A relates to a new group B.
type Pair struct {
	Weight       float64 `json:"weight"`        // W(A,B)
	Share        float64 `json:"share"`         // W(A,B)/vol(A); 0 when vol(A) = 0
	Carry        float64 `json:"carry"`         // A's part taken over by B; 0 when vol(A) = 0
	ReverseCarry float64 `json:"reverse_carry"` // B's part that comes from A; 0 when vol(B) = 0
	Ratio        float64 `json:"ratio"`         // W(A,B)·2m/(vol(A)·vol(B)); 0 when either volume is 0
}

// Comparison holds the volumes of the groups and the pair measures,
// Pairs[a][b] for old group a and new group b.
type Comparison struct {
	Total     float64   // 2m
	OldVolume []float64 // vol of each old group
	NewVolume []float64 // vol of each new group
	Pairs     [][]Pair
}

// Compare computes the pair measures of every old group with every new
// group on g. Groups are lists of node indices; a node may be in several
// groups. A node index outside g or listed twice in one group is an
// *graph.ArgumentError. Cost: O(Σ_{i∈old groups} deg(i) · groups of the
// neighbour).
func Compare(g *graph.Graph, old, new [][]int32) (*Comparison, error) {
	if g == nil {
		return nil, graph.Errorf("priorities: no graph")
	}
	n := g.Nodes()
	if err := checkGroups(n, "old", old); err != nil {
		return nil, err
	}
	if err := checkGroups(n, "new", new); err != nil {
		return nil, err
	}
	c := &Comparison{OldVolume: make([]float64, len(old)), NewVolume: make([]float64, len(new)), Pairs: make([][]Pair, len(old))}
	for _, w := range g.W {
		c.Total += w
	}
	// inNew[j] lists the new groups holding node j.
	inNew := make([][]int32, n)
	for b, grp := range new {
		for _, j := range grp {
			inNew[j] = append(inNew[j], int32(b))
			c.NewVolume[b] += g.Strength(int(j))
		}
	}
	for a, grp := range old {
		row := make([]Pair, len(new))
		for _, i := range grp {
			for p := g.Off[i]; p < g.Off[i+1]; p++ {
				w := g.W[p]
				c.OldVolume[a] += w
				for _, b := range inNew[g.Adj[p]] {
					row[b].Weight += w
				}
			}
		}
		for b := range row {
			row[b] = measures(row[b].Weight, c.OldVolume[a], c.NewVolume[b], c.Total)
		}
		c.Pairs[a] = row
	}
	fwd, back := carried(g, old, new), carried(g, new, old)
	for a := range old {
		for b := range new {
			if v := c.OldVolume[a]; v > 0 {
				c.Pairs[a][b].Carry = fwd[a][b] / v
			}
			if v := c.NewVolume[b]; v > 0 {
				c.Pairs[a][b].ReverseCarry = back[b][a] / v
			}
		}
	}
	return c, nil
}

// carried returns, for each group A of from and B of to, the weight of A
// that B takes over: Σ_{i∈A∩B} k_i + Σ_{i∈A∖B} Σ_{j∈B} w_ij.
func carried(g *graph.Graph, from, to [][]int32) [][]float64 {
	inTo := make([][]int32, g.Nodes())
	for b, grp := range to {
		for _, j := range grp {
			inTo[j] = append(inTo[j], int32(b))
		}
	}
	out := make([][]float64, len(from))
	for a, grp := range from {
		row := make([]float64, len(to))
		for _, i := range grp {
			mine := inTo[i]
			k := g.Strength(int(i))
			for _, b := range mine {
				row[b] += k
			}
			for p := g.Off[i]; p < g.Off[i+1]; p++ {
				for _, b := range inTo[g.Adj[p]] {
					if !slices.Contains(mine, b) {
						row[b] += g.W[p]
					}
				}
			}
		}
		out[a] = row
	}
	return out
}

// measures fills a Pair from W(A,B), vol(A), vol(B) and 2m.
func measures(w, va, vb, total float64) Pair {
	p := Pair{Weight: w}
	if va > 0 {
		p.Share = w / va
	}
	if va > 0 && vb > 0 {
		p.Ratio = w * total / (va * vb)
	}
	return p
}

func checkGroups(n int, which string, groups [][]int32) error {
	for k, grp := range groups {
		seen := make(map[int32]bool, len(grp))
		for _, i := range grp {
			if i < 0 || int(i) >= n {
				return graph.Errorf("priorities: %s group %d: node %d outside the graph's %d nodes", which, k, i, n)
			}
			if seen[i] {
				return graph.Errorf("priorities: %s group %d lists node %d twice", which, k, i)
			}
			seen[i] = true
		}
	}
	return nil
}

// Maps is the mapping rule: an old group maps into a new group when they
// share at least one code, or when their ratio is at least minRatio (and
// finite).
func Maps(shared int, p Pair, minRatio float64) bool {
	return shared > 0 || (p.Ratio >= minRatio && !math.IsInf(p.Ratio, 0))
}
