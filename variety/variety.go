package variety

import (
	"fmt"
	"math"

	"github.com/domainscope/domainscope/graph"
)

// Variety is the entropy decomposition of a region's industry mix into
// unrelated and related variety (Frenken, Van Oort & Verburg 2007, Regional
// Studies 41(5)). All entropies are in bits (log base 2).
type Variety struct {
	// Entropy is H = Σ_i p_i log2(1/p_i), p_i the share of industry i.
	Entropy float64 `json:"entropy"`
	// Unrelated is UV = Σ_g P_g log2(1/P_g), P_g = Σ_{i∈g} p_i.
	Unrelated float64 `json:"unrelated"`
	// Related is RV = Σ_g P_g H_g, H_g = Σ_{i∈g} (p_i/P_g) log2(P_g/p_i).
	// H = UV + RV holds exactly (the entropy decomposition theorem, Theil 1972).
	Related float64 `json:"related"`
	// Industries and Groups count those with a share > 0.
	Industries int `json:"industries"`
	Groups     int `json:"groups"`
}

// EntropyDecomposition computes Variety for values x (finite, ≥ 0) with
// group[i] the group label of x[i]. Industries with an empty label are left
// out, and shares are taken over the rest. A zero total gives a zero Variety.
// len(group) must equal len(x) (EINVALID).
func EntropyDecomposition(x []float64, group []string) (Variety, error) {
	if len(group) != len(x) {
		return Variety{}, graph.Errorf("entropy decomposition: %d group labels for %d values", len(group), len(x))
	}
	var total float64
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return Variety{}, graph.Errorf("entropy decomposition: value %d: expected a finite number >= 0, found %v", i, v)
		}
		if group[i] != "" {
			total += v
		}
	}
	var out Variety
	if !(total > 0) {
		return out, nil
	}
	// Group sums first: P_g.
	gid := make(map[string]int)
	var P []float64
	for i, v := range x {
		if group[i] == "" || v == 0 {
			continue
		}
		g, ok := gid[group[i]]
		if !ok {
			g = len(P)
			gid[group[i]] = g
			P = append(P, 0)
		}
		P[g] += v / total
	}
	Hg := make([]float64, len(P))
	for i, v := range x {
		if group[i] == "" || v == 0 {
			continue
		}
		p := v / total
		out.Entropy += p * math.Log2(1/p)
		g := gid[group[i]]
		q := p / P[g]
		Hg[g] += q * math.Log2(1/q)
		out.Industries++
	}
	for g, pg := range P {
		out.Unrelated += pg * math.Log2(1/pg)
		out.Related += pg * Hg[g]
	}
	out.Groups = len(P)
	return out, nil
}

// HHI is the Herfindahl–Hirschman concentration index of values x,
// HHI = Σ_i p_i², p_i = x_i / Σ_j x_j (Hirschman 1945; Herfindahl 1950):
// 1/n for n equal industries, 1 for a single one; 0 for a zero total.
func HHI(x []float64) float64 {
	var total, s float64
	for _, v := range x {
		total += v
	}
	if !(total > 0) {
		return 0
	}
	for _, v := range x {
		p := v / total
		s += p * p
	}
	return s
}

// GroupsByPrefix labels each code with its first n characters (the whole code
// when shorter), e.g. n = 2 groups 4-digit SIC/NACE classes by division.
func GroupsByPrefix(codes []string, n int) []string {
	groups := make([]string, len(codes))
	for i, c := range codes {
		if len(c) > n {
			c = c[:n]
		}
		groups[i] = c
	}
	return groups
}

// GroupsByDomain labels the first len(community) columns of a matrix with
// their domain ("d<id>") and the remaining columns of the ncols with ""
// (industries without a node have no domain and are left out of variety).
func GroupsByDomain(community []int32, ncols int) []string {
	groups := make([]string, ncols)
	for i, c := range community {
		if i < ncols && c >= 0 {
			groups[i] = fmt.Sprintf("d%d", c)
		}
	}
	return groups
}
