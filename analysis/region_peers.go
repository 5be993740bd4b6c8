package analysis

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/graphmodel"
)

// Peer compares a region's specialisation portfolio with another region's.
type Peer struct {
	Region graphmodel.Region `json:"region"`
	// Jaccard is |S_r ∩ S_q| / |S_r ∪ S_q| over the specialisation sets
	// S = {i : LQ_i ≥ 1} (Jaccard 1901); 0 when both are empty.
	Jaccard float64 `json:"jaccard"`
	// Shared is |S_r ∩ S_q|.
	Shared int `json:"shared"`
	// CosineLQ is Σ_i a_i b_i / (‖a‖ ‖b‖) over the LQ vectors (undefined LQs
	// as 0); CosineShare the same over the shares x_ri / x_r· (the
	// similarity index of Jaffe 1986, AER 76(5)). 0 for a zero vector.
	CosineLQ    float64 `json:"cosine_lq"`
	CosineShare float64 `json:"cosine_share"`
}

// Bandwagon cut-offs. A specialisation is common when at least
// CommonSpecialisation of the other regions share it; a portfolio follows the
// bandwagon when at least BandwagonShare of its specialisations are common,
// i.e. most of what the region is specialised in, most regions are too.
const (
	CommonSpecialisation = 0.5
	BandwagonShare       = 0.5
)

// SpecialisationCounts returns, for every column, how many regions are
// specialised in it (LQ ≥ 1); lqs[r] is region r's LQ vector.
func SpecialisationCounts(lqs [][]float64) []int {
	if len(lqs) == 0 {
		return nil
	}
	out := make([]int, len(lqs[0]))
	for _, lq := range lqs {
		for i, v := range lq {
			if v >= 1 {
				out[i]++
			}
		}
	}
	return out
}

// IsCommon reports whether a specialisation held by regions regions (the
// region itself included) out of total is common: held by at least
// CommonSpecialisation of the total−1 other regions. With no other region
// nothing is common.
func IsCommon(regions, total int) bool {
	others := total - 1
	return others > 0 && float64(regions-1) >= CommonSpecialisation*float64(others)
}

// PortfolioSimilarity compares region r with every other region of m, most
// similar (by Jaccard, then cosine of LQ, then ID) first. lqs[q] is region
// q's LQ (or RTA) vector over m's columns.
func PortfolioSimilarity(m *RegionalMatrix, lqs [][]float64, r int) []Peer {
	share := func(q int) []float64 {
		row := m.Row(q)
		out := make([]float64, len(row))
		if t := m.RegionTotal[q]; t > 0 {
			for i, x := range row {
				out[i] = x / t
			}
		}
		return out
	}
	sr := share(r)
	var peers []Peer
	for q := range m.Regions {
		if q == r {
			continue
		}
		p := Peer{Region: m.Regions[q]}
		var union int
		for i, a := range lqs[r] {
			b := lqs[q][i]
			if a >= 1 && b >= 1 {
				p.Shared++
			}
			if a >= 1 || b >= 1 {
				union++
			}
		}
		if union > 0 {
			p.Jaccard = float64(p.Shared) / float64(union)
		}
		p.CosineLQ = regionCosine(lqs[r], lqs[q])
		p.CosineShare = regionCosine(sr, share(q))
		peers = append(peers, p)
	}
	sort.Slice(peers, func(a, b int) bool {
		if peers[a].Jaccard != peers[b].Jaccard {
			return peers[a].Jaccard > peers[b].Jaccard
		}
		if peers[a].CosineLQ != peers[b].CosineLQ {
			return peers[a].CosineLQ > peers[b].CosineLQ
		}
		return peers[a].Region.ID < peers[b].Region.ID
	})
	return peers
}

// regionCosine is the cosine of two vectors, NaN entries as 0; 0 when either is zero.
func regionCosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i, x := range a {
		y := b[i]
		if math.IsNaN(x) {
			x = 0
		}
		if math.IsNaN(y) {
			y = 0
		}
		ab += x * y
		aa += x * x
		bb += y * y
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}
