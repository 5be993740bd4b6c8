// Package complexity computes economic complexity on a location × activity
// matrix (regions × industries, or regions × technologies): revealed
// comparative advantage, the economic and product complexity indices
// (ECI/PCI; KCI/TCI for technologies) by the eigenvector method with the
// method of reflections as a check, product-space proximity, density,
// complexity outlook and outlook gain (COI/COG), and the relatedness-density
// × complexity quadrant of Balland, Boschma, Crespo & Rigby (2019).
//
// Matrices are dense [][]float64 with one row per location and one column
// per activity. The normalisations follow the Stata ecomplexity package of
// the Harvard Growth Lab and its Python port py-ecomplexity, whose Stata
// ground-truth fixtures the tests reproduce. It works on numbers only and
// never imports a store.
package complexity

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/domainscope/domainscope/graph"
)

// checkMatrix validates a location × activity matrix: at least one row and
// column, rectangular, finite entries >= 0.
func checkMatrix(name string, x [][]float64) (rows, cols int, err error) {
	if len(x) == 0 || len(x[0]) == 0 {
		return 0, 0, graph.Errorf("%s: expected a matrix with at least one location and one activity, found %d rows", name, len(x))
	}
	cols = len(x[0])
	for c, row := range x {
		if len(row) != cols {
			return 0, 0, graph.Errorf("%s: row %d has %d columns, row 0 has %d: expected a rectangular matrix", name, c, len(row), cols)
		}
		if p := firstBadEntry(row); p >= 0 {
			return 0, 0, graph.Errorf("%s: entry (%d, %d) must be a finite number >= 0, found %v", name, c, p, row[p])
		}
	}
	return len(x), cols, nil
}

// firstBadEntry returns the index of the first entry of row that is not a
// finite number >= 0, or -1 when all are.
func firstBadEntry(row []float64) int {
	for p, v := range row {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return p
		}
	}
	return -1
}

// RCA returns Balassa's revealed comparative advantage (Balassa 1965, The
// Manchester School 33(2)), the location quotient of employment data:
//
//	RCA_cp = (X_cp / Σ_p' X_cp') / (Σ_c' X_c'p / Σ_c'p' X_c'p')
//
// A location or activity with total 0 gets RCA 0. x must be a rectangular
// matrix of finite values >= 0 with a positive total; else EINVALID.
func RCA(x [][]float64) ([][]float64, error) {
	rows, cols, err := checkMatrix("RCA", x)
	if err != nil {
		return nil, err
	}
	rs := make([]float64, rows)
	cs := make([]float64, cols)
	var total float64
	for c := range x {
		for p, v := range x[c] {
			rs[c] += v
			cs[p] += v
			total += v
		}
	}
	if total == 0 {
		return nil, graph.Errorf("RCA: every entry is 0: expected a positive total")
	}
	out := make([][]float64, rows)
	for c := range x {
		out[c] = make([]float64, cols)
		for p, v := range x[c] {
			if rs[c] > 0 && cs[p] > 0 {
				out[c][p] = (v / rs[c]) / (cs[p] / total)
			}
		}
	}
	return out, nil
}

// Presence returns the binary matrix M_cp = 1 if rca_cp >= threshold, else 0
// (Hidalgo & Hausmann 2009 use threshold 1). threshold must be finite and > 0.
func Presence(rca [][]float64, threshold float64) ([][]float64, error) {
	if _, _, err := checkMatrix("Presence", rca); err != nil {
		return nil, err
	}
	if !(threshold > 0) || math.IsInf(threshold, 0) {
		return nil, graph.Errorf("Presence: threshold must be a finite number > 0, found %v", threshold)
	}
	out := make([][]float64, len(rca))
	for c, row := range rca {
		out[c] = make([]float64, len(row))
		for p, v := range row {
			if v >= threshold {
				out[c][p] = 1
			}
		}
	}
	return out, nil
}

// checkBinary validates a presence matrix: rectangular, entries 0 or 1.
func checkBinary(name string, m [][]float64) (rows, cols int, err error) {
	rows, cols, err = checkMatrix(name, m)
	if err != nil {
		return 0, 0, err
	}
	for c, row := range m {
		for p, v := range row {
			if v != 0 && v != 1 {
				return 0, 0, graph.Errorf("%s: presence (%d, %d) must be 0 or 1, found %v", name, c, p, v)
			}
		}
	}
	return rows, cols, nil
}

// degrees returns diversity k_c,0 = Σ_p M_cp and ubiquity k_p,0 = Σ_c M_cp.
func degrees(m [][]float64) (div, ubi []float64) {
	div = make([]float64, len(m))
	ubi = make([]float64, len(m[0]))
	for c, row := range m {
		for p, v := range row {
			div[c] += v
			ubi[p] += v
		}
	}
	return div, ubi
}

// panelMeanSD returns the mean and standard deviation of the non-NaN values
// of x as the Stata ecomplexity package computes them: over the rows of the
// rectangular location × activity panel, where each value appears repeat
// times, with the sample divisor N − 1 (N = n·repeat values).
func panelMeanSD(x []float64, repeat int) (mean, sd float64) {
	mean, sd = meanSD(x)
	var n float64
	for _, v := range x {
		if !math.IsNaN(v) {
			n++
		}
	}
	big := n * float64(repeat)
	if big > 1 {
		sd *= math.Sqrt(big / (big - 1))
	}
	return mean, sd
}

// meanSD returns the mean and population standard deviation (divisor n) of
// the non-NaN values of x.
func meanSD(x []float64) (mean, sd float64) {
	var n float64
	for _, v := range x {
		if !math.IsNaN(v) {
			mean += v
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	mean /= n
	for _, v := range x {
		if !math.IsNaN(v) {
			sd += (v - mean) * (v - mean)
		}
	}
	return mean, math.Sqrt(sd / n)
}

// correlation returns Pearson's correlation of x and y over the entries
// where both are numbers.
func correlation(x, y []float64) float64 {
	var mx, my, n float64
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			mx += x[i]
			my += y[i]
			n++
		}
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			sxy += (x[i] - mx) * (y[i] - my)
			sxx += (x[i] - mx) * (x[i] - mx)
			syy += (y[i] - my) * (y[i] - my)
		}
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Raw holds the unnormalised complexity eigenvectors of a presence matrix:
// KP is an eigenvector of M̃_pp' = Σ_c M_cp M_cp' / (k_p,0 k_c,0) for its
// second-largest eigenvalue and KC = D⁻¹ M KP (the mean KP of a location's
// activities), signed so that KC correlates positively with diversity.
// Locations with diversity 0 and activities with ubiquity 0 are NaN.
type Raw struct {
	KC, KP     []float64
	Eigenvalue float64 // λ₂, the second-largest eigenvalue of M̃
	Diversity  []float64
	Ubiquity   []float64
}

// Eigenvectors returns the complexity eigenvectors of the presence matrix m
// by the eigenvector method (Hidalgo & Hausmann 2009, PNAS 106(26); in the
// formulation of Mealy, Farmer & Teytelboym 2019, Science Advances 5(1):
// the second eigenvector of M̃ = D⁻¹ M U⁻¹ Mᵀ, D and U the diagonal matrices
// of diversity and ubiquity). M̃ is similar to the symmetric
// D^-½ M U⁻¹ Mᵀ D^-½ (or, on the activity side, U^-½ Mᵀ D⁻¹ M U^-½), which
// is diagonalised on the smaller side with gonum's EigenSym. At least two
// locations with diversity > 0 and two activities with ubiquity > 0 are
// needed; else EINVALID.
func Eigenvectors(m [][]float64) (*Raw, error) {
	rows, cols, err := checkBinary("ECI", m)
	if err != nil {
		return nil, err
	}
	div, ubi := degrees(m)
	var vc, vp []int // valid locations and activities
	for c := 0; c < rows; c++ {
		if div[c] > 0 {
			vc = append(vc, c)
		}
	}
	for p := 0; p < cols; p++ {
		if ubi[p] > 0 {
			vp = append(vp, p)
		}
	}
	if len(vc) < 2 || len(vp) < 2 {
		return nil, graph.Errorf("ECI: %d locations with a present activity and %d activities present somewhere: expected at least 2 of each", len(vc), len(vp))
	}
	nc, np := len(vc), len(vp)
	kp := make([]float64, np)
	var lambda float64
	if nc <= np {
		// S = D^-½ M U⁻¹ Mᵀ D^-½ (locations); kc = D^-½ w, kp = U⁻¹ Mᵀ kc.
		s := mat.NewSymDense(nc, nil)
		for a := 0; a < nc; a++ {
			for b := a; b < nc; b++ {
				var v float64
				for _, p := range vp {
					v += m[vc[a]][p] * m[vc[b]][p] / ubi[p]
				}
				s.SetSym(a, b, v/math.Sqrt(div[vc[a]]*div[vc[b]]))
			}
		}
		w, vals, err := secondEigen(s)
		if err != nil {
			return nil, err
		}
		lambda = vals
		kc := make([]float64, nc)
		for a := range kc {
			kc[a] = w[a] / math.Sqrt(div[vc[a]])
		}
		for b, p := range vp {
			for a, c := range vc {
				kp[b] += m[c][p] * kc[a]
			}
			kp[b] /= ubi[p]
		}
	} else {
		// S = U^-½ Mᵀ D⁻¹ M U^-½ (activities); kp = U^-½ w.
		s := mat.NewSymDense(np, nil)
		for a := 0; a < np; a++ {
			for b := a; b < np; b++ {
				var v float64
				for _, c := range vc {
					v += m[c][vp[a]] * m[c][vp[b]] / div[c]
				}
				s.SetSym(a, b, v/math.Sqrt(ubi[vp[a]]*ubi[vp[b]]))
			}
		}
		w, vals, err := secondEigen(s)
		if err != nil {
			return nil, err
		}
		lambda = vals
		for b := range kp {
			kp[b] = w[b] / math.Sqrt(ubi[vp[b]])
		}
	}
	r := &Raw{KC: nanSlice(rows), KP: nanSlice(cols), Eigenvalue: lambda, Diversity: div, Ubiquity: ubi}
	for b, p := range vp {
		r.KP[p] = kp[b]
	}
	for _, c := range vc {
		var v float64
		for _, p := range vp {
			v += m[c][p] * r.KP[p]
		}
		r.KC[c] = v / div[c]
	}
	if correlation(div, r.KC) < 0 {
		for i := range r.KC {
			r.KC[i] = -r.KC[i]
		}
		for i := range r.KP {
			r.KP[i] = -r.KP[i]
		}
	}
	return r, nil
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// secondEigen returns the eigenvector and eigenvalue of the second-largest
// eigenvalue of a symmetric matrix.
func secondEigen(s *mat.SymDense) ([]float64, float64, error) {
	var es mat.EigenSym
	if !es.Factorize(s, true) {
		return nil, 0, graph.Errorf("ECI: the eigen-decomposition did not converge")
	}
	vals := es.Values(nil) // ascending
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	k := len(vals) - 2
	return mat.Col(nil, k, &vecs), vals[k], nil
}

// Result is the economic complexity of a presence matrix in the
// normalisation of the Stata ecomplexity package (and py-ecomplexity).
type Result struct {
	// Diversity k_c,0 and Ubiquity k_p,0.
	Diversity, Ubiquity []float64
	// ECI = (KC − mean KC)/sd KC, mean and sd taken over the rows of the
	// location × activity panel as the Stata package does (sample sd over
	// N = locations·activities rows): mean 0, and sd √((N−1)/N) (≈ 1) over
	// locations.
	ECI []float64
	// PCI = (KP − mean KC)/sd KC, normalised with the ECI's mean and sd, so
	// that a location's ECI is the mean PCI of its activities.
	PCI []float64
	// Eigenvalue is λ₂ of M̃.
	Eigenvalue float64
	// Proximity φ, Density ω (see Proximity, Density).
	Proximity, Density [][]float64
	// COI, z-scored like the ECI, and COG (see Outlook), computed with
	// PCI + mean KC/sd KC, i.e. KP/sd KC, as the Stata package does.
	COI []float64
	COG [][]float64
}

// Complexity computes the ECI, PCI, proximity, density, COI and COG of the
// presence matrix m (see Eigenvectors, Proximity, Density and Outlook for
// the formulas) with the Stata ecomplexity normalisations. Locations with
// diversity 0 and activities with ubiquity 0 get NaN ECI/PCI.
func Complexity(m [][]float64) (*Result, error) {
	raw, err := Eigenvectors(m)
	if err != nil {
		return nil, err
	}
	cols := len(raw.KP)
	mean, sd := panelMeanSD(raw.KC, cols)
	res := &Result{Diversity: raw.Diversity, Ubiquity: raw.Ubiquity, Eigenvalue: raw.Eigenvalue,
		ECI: make([]float64, len(raw.KC)), PCI: make([]float64, len(raw.KP))}
	scaled := make([]float64, len(raw.KP)) // KP/sd KC
	for c, v := range raw.KC {
		res.ECI[c] = (v - mean) / sd
	}
	for p, v := range raw.KP {
		res.PCI[p] = (v - mean) / sd
		scaled[p] = v / sd
	}
	if res.Proximity, err = Proximity(m); err != nil {
		return nil, err
	}
	if res.Density, err = Density(m, res.Proximity); err != nil {
		return nil, err
	}
	coi, cog, err := Outlook(m, res.Proximity, scaled)
	if err != nil {
		return nil, err
	}
	cm, csd := panelMeanSD(coi, cols)
	for c := range coi {
		coi[c] = (coi[c] - cm) / csd
	}
	res.COI, res.COG = coi, cog
	return res, nil
}

// Reflections returns the ECI and PCI by the method of reflections (Hidalgo
// & Hausmann 2009): k_c,N = Σ_p M_cp k_p,N−1 / k_c,0 and k_p,N = Σ_c M_cp
// k_c,N−1 / k_p,0, from k_c,0 = diversity, run for iterations double steps
// (location → activity → location). Each step subtracts the mean of k_c,
// which removes only the leading, constant eigenvector of M̃ (Mealy et al.
// 2019), so k_c converges to the second eigenvector: the ECI. Returned
// normalised as Complexity's ECI and PCI. iterations must be >= 1.
func Reflections(m [][]float64, iterations int) (eci, pci []float64, err error) {
	rows, cols, err := checkBinary("reflections", m)
	if err != nil {
		return nil, nil, err
	}
	if iterations < 1 {
		return nil, nil, graph.Errorf("reflections: iterations must be >= 1, found %d", iterations)
	}
	div, ubi := degrees(m)
	kc := make([]float64, rows)
	kp := make([]float64, cols)
	for c := range kc {
		kc[c] = math.NaN()
		if div[c] > 0 {
			kc[c] = div[c]
		}
	}
	for p := range kp {
		if ubi[p] == 0 {
			kp[p] = math.NaN() // a product nowhere has no KP
		}
	}
	// reflect takes KP as the mean KC of its locations, then KC as the mean
	// KP of its products.
	reflect := func() {
		reflectMeans(kp, kc, ubi, func(p, c int) bool { return m[c][p] == 1 })
		reflectMeans(kc, kp, div, func(c, p int) bool { return m[c][p] == 1 })
	}
	step := func() {
		reflect()
		mean, sd := meanSD(kc)
		if sd == 0 || math.IsNaN(sd) {
			return
		}
		for c := range kc {
			kc[c] = (kc[c] - mean) / sd
		}
	}
	for range iterations {
		step()
	}
	// KP from the final KC, KC = D⁻¹ M KP, as in Eigenvectors.
	reflect()
	if correlation(div, kc) < 0 {
		for c := range kc {
			kc[c] = -kc[c]
		}
		for p := range kp {
			kp[p] = -kp[p]
		}
	}
	mean, sd := panelMeanSD(kc, cols)
	eci = make([]float64, rows)
	pci = make([]float64, cols)
	for c := range kc {
		eci[c] = (kc[c] - mean) / sd
	}
	for p := range kp {
		pci[p] = (kp[p] - mean) / sd
	}
	return eci, pci, nil
}

// reflectMeans sets dst[i] to the mean of src[j] over the j with has(i, j),
// that is Σ_{j: has(i,j)} src[j] / deg[i]; entries with deg[i] = 0 are left as they are.
func reflectMeans(dst, src, deg []float64, has func(i, j int) bool) {
	for i := range dst {
		if deg[i] == 0 {
			continue
		}
		var v float64
		for j := range src {
			if has(i, j) {
				v += src[j]
			}
		}
		dst[i] = v / deg[i]
	}
}
