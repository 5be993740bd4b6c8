package complexity

import (
	"math"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/relatedness"
)

// Quadrant places a diversification opportunity in the relatedness-density ×
// complexity plane of Balland, Boschma, Crespo & Rigby (2019, "Smart
// specialization policy in the European Union: relatedness, knowledge
// complexity and regional diversification", Regional Studies 53(9),
// Figure 1): density measures how feasible (low-risk) entering an activity
// is, complexity how valuable it is.
type Quadrant string

// The four quadrants; "high" means at or above the cut.
const (
	// HighDensityHighComplexity: low risk, high benefit, the ideal case.
	HighDensityHighComplexity Quadrant = "high-density-high-complexity"
	// LowDensityHighComplexity: high risk, high benefit (a leap).
	LowDensityHighComplexity Quadrant = "low-density-high-complexity"
	// HighDensityLowComplexity: low risk, low benefit (the next small step).
	HighDensityLowComplexity Quadrant = "high-density-low-complexity"
	// LowDensityLowComplexity: high risk, low benefit, the least attractive.
	LowDensityLowComplexity Quadrant = "low-density-low-complexity"
)

// Classify returns the quadrant of a point: density >= densityCut is high
// density, complexity >= complexityCut is high complexity.
func Classify(density, complexity, densityCut, complexityCut float64) Quadrant {
	switch hd, hc := density >= densityCut, complexity >= complexityCut; {
	case hd && hc:
		return HighDensityHighComplexity
	case hc:
		return LowDensityHighComplexity
	case hd:
		return HighDensityLowComplexity
	}
	return LowDensityLowComplexity
}

// Opportunity is an activity a location does not yet have (M_cp = 0) with
// its density, complexity and quadrant.
type Opportunity struct {
	Activity   int      `json:"activity"` // column of the matrix
	Density    float64  `json:"density"`
	Complexity float64  `json:"complexity"`
	Quadrant   Quadrant `json:"quadrant"`
}

// Opportunities returns, for each location (row of m), the activities it
// lacks (M_cp = 0 and a defined complexity) placed in the Balland et al.
// (2019) quadrants. The cuts are the location's mean density over those
// activities and the mean complexity over all activities with a defined
// complexity (Balland et al. split their Figure 1 at the averages).
// density is Density(m, φ) for any relatedness φ; complexity is one value
// per activity (PCI, or TCI for technologies), NaN when undefined.
// Mismatched sizes are EINVALID.
func Opportunities(m, density [][]float64, complexity []float64) ([][]Opportunity, error) {
	rows, cols, err := checkBinary("opportunities", m)
	if err != nil {
		return nil, err
	}
	if len(density) != rows {
		return nil, graph.Errorf("opportunities: density has %d rows, expected one per location (%d)", len(density), rows)
	}
	for c := range density {
		if len(density[c]) != cols {
			return nil, graph.Errorf("opportunities: density row %d has %d columns, expected %d", c, len(density[c]), cols)
		}
	}
	if len(complexity) != cols {
		return nil, graph.Errorf("opportunities: %d complexity values, expected one per activity (%d)", len(complexity), cols)
	}
	cc, _ := meanSD(complexity)
	out := make([][]Opportunity, rows)
	for c := 0; c < rows; c++ {
		var sum, n float64
		for p := 0; p < cols; p++ {
			if m[c][p] == 0 && !math.IsNaN(complexity[p]) {
				sum += density[c][p]
				n++
			}
		}
		dc := sum / n
		for p := 0; p < cols; p++ {
			if m[c][p] == 0 && !math.IsNaN(complexity[p]) {
				out[c] = append(out[c], Opportunity{Activity: p, Density: density[c][p], Complexity: complexity[p],
					Quadrant: Classify(density[c][p], complexity[p], dc, cc)})
			}
		}
	}
	return out, nil
}

// RelatednessMatrix returns the activity × activity matrix φ for Density
// from the links of a relatedness layer, in the order of codes: φ_ij =
// max(0, value) (only related pairs count, as in Balland et al. 2019's
// relatedness density), the mean of both directions when a layer is
// directed (a missing direction counts 0), and 0 on the diagonal. Links with
// a code not in codes are skipped and counted in skipped. Duplicate codes,
// or a value that is not a finite number, are EINVALID.
func RelatednessMatrix(codes []string, links []relatedness.Link, directed bool) (phi [][]float64, skipped int, err error) {
	idx := make(map[string]int, len(codes))
	for i, c := range codes {
		if _, dup := idx[c]; dup {
			return nil, 0, graph.Errorf("relatedness matrix: code %q appears twice", c)
		}
		idx[c] = i
	}
	phi = make([][]float64, len(codes))
	for i := range phi {
		phi[i] = make([]float64, len(codes))
	}
	for k, l := range links {
		if math.IsNaN(l.Value) || math.IsInf(l.Value, 0) {
			return nil, 0, graph.Errorf("relatedness matrix: link %d (%s→%s) has value %v, expected a finite number", k, l.From, l.To, l.Value)
		}
		i, ok1 := idx[l.From]
		j, ok2 := idx[l.To]
		if !ok1 || !ok2 {
			skipped++
			continue
		}
		if i == j || l.Value <= 0 {
			continue
		}
		if directed {
			phi[i][j] += l.Value / 2
			phi[j][i] += l.Value / 2
		} else {
			phi[i][j], phi[j][i] = l.Value, l.Value
		}
	}
	return phi, skipped, nil
}
