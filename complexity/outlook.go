package complexity

import (
	"math"

	"github.com/domainscope/domainscope/graph"
)

// Proximity returns the product-space proximity of activities (Hidalgo,
// Klinger, Barabási & Hausmann 2007, Science 317):
//
//	φ_pp' = Σ_c M_cp M_cp' / max(k_p,0, k_p',0)
//
// for p ≠ p', the minimum of the two conditional probabilities of
// co-presence. The diagonal is 0, as in the Stata ecomplexity package: an
// activity's own presence is not evidence of its density (Balland et al.
// 2019 also sum over p' ≠ p). m must be a 0/1 matrix; else EINVALID.
func Proximity(m [][]float64) ([][]float64, error) {
	rows, cols, err := checkBinary("proximity", m)
	if err != nil {
		return nil, err
	}
	_, ubi := degrees(m)
	phi := make([][]float64, cols)
	for p := range phi {
		phi[p] = make([]float64, cols)
	}
	for p := 0; p < cols; p++ {
		for q := p + 1; q < cols; q++ {
			var co float64
			for c := 0; c < rows; c++ {
				co += m[c][p] * m[c][q]
			}
			if d := math.Max(ubi[p], ubi[q]); d > 0 {
				phi[p][q] = co / d
				phi[q][p] = phi[p][q]
			}
		}
	}
	return phi, nil
}

// checkProximity validates an activity × activity proximity matrix for m.
func checkProximity(name string, m, phi [][]float64) (rows, cols int, err error) {
	rows, cols, err = checkMatrix(name, m)
	if err != nil {
		return 0, 0, err
	}
	if len(phi) != cols {
		return 0, 0, graph.Errorf("%s: proximity has %d rows, expected one per activity (%d)", name, len(phi), cols)
	}
	for p, row := range phi {
		if len(row) != cols {
			return 0, 0, graph.Errorf("%s: proximity row %d has %d columns, expected %d", name, p, len(row), cols)
		}
		if q := firstBadEntry(row); q >= 0 {
			return 0, 0, graph.Errorf("%s: proximity (%d, %d) must be a finite number >= 0, found %v", name, p, q, row[q])
		}
	}
	return rows, cols, nil
}

// Density returns the density of each activity around each location
// (Hidalgo et al. 2007; the relatedness density of Boschma, Balland & Kogler
// 2015 and Balland, Boschma, Crespo & Rigby 2019, there ×100):
//
//	ω_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp'
//
// the share of p's relatedness that the location already holds. φ is used
// as given, diagonal included if not 0 (Proximity's is 0, as in the Stata
// package and Balland et al.). m may be any non-negative matrix
// (the continuous variant uses RCA). An activity with Σ_p' φ_pp' = 0 gets
// density 0. Mismatched sizes or negative values are EINVALID.
func Density(m, phi [][]float64) ([][]float64, error) {
	rows, cols, err := checkProximity("density", m, phi)
	if err != nil {
		return nil, err
	}
	den := make([]float64, cols)
	for p := range phi {
		for _, v := range phi[p] {
			den[p] += v
		}
	}
	out := make([][]float64, rows)
	for c := range m {
		out[c] = make([]float64, cols)
		for p := 0; p < cols; p++ {
			if den[p] == 0 {
				continue
			}
			var v float64
			for q := 0; q < cols; q++ {
				v += m[c][q] * phi[p][q]
			}
			out[c][p] = v / den[p]
		}
	}
	return out, nil
}

// Outlook returns the complexity outlook index and outlook gain (Hausmann,
// Hidalgo et al. 2014, The Atlas of Economic Complexity, MIT Press; as
// computed by the Stata ecomplexity package):
//
//	COI_c  = Σ_p ω_cp (1 − M_cp) PCI_p
//	COG_cp = (1 − M_cp) Σ_p' (1 − M_cp') PCI_p' φ_p'p / Σ_p'' φ_p'p''
//
// with ω = Density(m, phi): how much complexity lies near a location's
// absent activities, and how much entering p would add to it. COI is
// returned raw; Complexity z-scores it. Activities with NaN PCI (present
// nowhere) are skipped. m must be 0/1 and pci one value per activity; else
// EINVALID.
func Outlook(m, phi [][]float64, pci []float64) (coi []float64, cog [][]float64, err error) {
	rows, cols, err := checkBinary("outlook", m)
	if err != nil {
		return nil, nil, err
	}
	if _, _, err := checkProximity("outlook", m, phi); err != nil {
		return nil, nil, err
	}
	if len(pci) != cols {
		return nil, nil, graph.Errorf("outlook: %d complexity values, expected one per activity (%d)", len(pci), cols)
	}
	dens, err := Density(m, phi)
	if err != nil {
		return nil, nil, err
	}
	w := make([]float64, cols) // PCI_p' / Σ_p'' φ_p'p''
	for q := 0; q < cols; q++ {
		var s float64
		for _, v := range phi[q] {
			s += v
		}
		if s > 0 && !math.IsNaN(pci[q]) {
			w[q] = pci[q] / s
		}
	}
	coi = make([]float64, rows)
	cog = make([][]float64, rows)
	for c := 0; c < rows; c++ {
		cog[c] = make([]float64, cols)
		for p := 0; p < cols; p++ {
			if m[c][p] == 1 {
				continue
			}
			if !math.IsNaN(pci[p]) {
				coi[c] += dens[c][p] * pci[p]
			}
			var g float64
			for q := 0; q < cols; q++ {
				if m[c][q] == 0 {
					g += phi[q][p] * w[q]
				}
			}
			cog[c][p] = g
		}
	}
	return coi, cog, nil
}
