package demo

// Parameters of the co-patenting model (see the package comment).
const (
	numPatents  = 20000
	patentInDom = 0.7 // probability that a further industry of a patent comes from its technology domain
)

// patentSizes[k] is the probability that a patent has k+1 industries.
var patentSizes = []float64{0.45, 0.33, 0.15, 0.07}

// patentDomains are the planted technology domains.
var patentDomains = [][]string{
	{"21", "72", "26"},       // life sciences
	{"28", "29", "26", "62"}, // machinery ↔ ICT
	{"20", "22"},             // chemicals
}

// patentRow is one generated row: patent number and division index.
type patentRow struct {
	patent int32
	div    uint8
}

// genPatents draws numPatents patents. The first industry is drawn ∝ w_d·π_d
// (national employment weight times patent intensity). A patent has k
// industries with probability patentSizes[k-1]; each further industry comes,
// with probability patentInDom, from one technology domain of the first
// industry (chosen once per patent) ∝ w_d·π_d, otherwise from all divisions
// ∝ w_d·π_d. Duplicates are redrawn up to 20 times, then dropped.
func genPatents(r *rng) []patentRow {
	nd := len(divisions)
	pw := make([]float64, nd)
	for d, dv := range divisions {
		pw[d] = dv.weight * patentIntensity[dv.code]
	}
	all := newSampler(pw)
	domOf := make([][]int, nd) // indices of patentDomains containing each division
	domDraw := make([]sampler, len(patentDomains))
	domIdx := make([][]int, len(patentDomains))
	for k, dom := range patentDomains {
		domIdx[k] = idx(dom...)
		w := make([]float64, len(dom))
		for m, d := range domIdx[k] {
			w[m] = pw[d]
			domOf[d] = append(domOf[d], k)
		}
		domDraw[k] = newSampler(w)
	}
	size := newSampler(patentSizes)
	out := make([]patentRow, 0, numPatents*2)
	chosen := make([]int, 0, len(patentSizes))
	for p := range numPatents {
		first := all.draw(r)
		chosen = append(chosen[:0], first)
		dom := -1
		if ds := domOf[first]; len(ds) > 0 {
			dom = ds[r.intn(len(ds))]
		}
		k := size.draw(r) + 1
		for len(chosen) < k {
			added := false
			for range 20 {
				var d int
				if dom >= 0 && r.float64() < patentInDom {
					d = domIdx[dom][domDraw[dom].draw(r)]
				} else {
					d = all.draw(r)
				}
				if !contains(chosen, d) {
					chosen = append(chosen, d)
					added = true
					break
				}
			}
			if !added {
				break
			}
		}
		for _, d := range chosen {
			out = append(out, patentRow{patent: int32(p), div: uint8(d)})
		}
	}
	r.shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
