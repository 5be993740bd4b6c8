package analysis

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/complexity"
	"github.com/domainscope/domainscope/graph"
)

// maxOutlookNodes bounds the graph size for which COI and COG, which need a
// dense industry × industry matrix, are computed.
const maxOutlookNodes = 3000

// ComplexitySign states the sign convention of the ECI and PCI.
const ComplexitySign = "ECI is signed to correlate positively with diversity (Hidalgo & Hausmann 2009); " +
	"with few regions it mostly separates the regions' portfolios and may rank a metropolitan service economy low"

// RegionComplexity is the economic complexity of a region among the regions
// of its regional set, computed on the presence matrix of established
// specialisations (Evidence), and the cuts of its opportunity quadrants.
type RegionComplexity struct {
	// ECI of the region (eigenvector method, Stata ecomplexity
	// normalisation; complexity.Complexity) and its rank (1 = highest) of Regions.
	ECI     float64 `json:"eci"`
	ECIRank int     `json:"eci_rank"`
	Regions int     `json:"regions"`
	// Eigenvalue is λ₂ of the complexity matrix.
	Eigenvalue float64 `json:"eigenvalue"`
	// COI is the region's complexity outlook, z-scored over the regions,
	// with the relatedness graph as φ (complexity.Outlook); nil when the
	// graph is absent or too large.
	COI *float64 `json:"coi,omitempty"`
	// DensityCut and ComplexityCut split the quadrants (Balland et al. 2019,
	// Figure 1): the mean density over the industries the region lacks and
	// the mean PCI over the graph's industries.
	DensityCut    float64 `json:"density_cut"`
	ComplexityCut float64 `json:"complexity_cut"`
	Sign          string  `json:"sign"`
}

// QuadrantPoint is one industry the region lacks in the relatedness-density
// × complexity plane: the data of the quadrant scatter plot.
type QuadrantPoint struct {
	IndustryRef
	Density      float64 `json:"density"`
	DensityLower float64 `json:"density_lower"`
	PCI          float64 `json:"pci"`
	// COG is the outlook gain of entering it (0 when not computed).
	COG      float64 `json:"cog"`
	Quadrant string  `json:"quadrant"`
	// Supporting and Moves are its evidence as an opportunity; Ranked says
	// whether it meets the minimum support and so may be ranked.
	Supporting int     `json:"supporting"`
	Moves      float64 `json:"moves"`
	Ranked     bool    `json:"ranked"`
}

// presence returns est as the 0/1 matrix complexity.Complexity takes.
func presence(est [][]bool) [][]float64 {
	pres := make([][]float64, len(est))
	for q, row := range est {
		pres[q] = make([]float64, len(row))
		for i, ok := range row {
			if ok {
				pres[q][i] = 1
			}
		}
	}
	return pres
}

// regionComplexity computes the complexity of every region from the
// presence matrix est (regions × columns) and, for region r of view v, its
// quadrant points. pci is per matrix column (NaN where undefined); cog per
// node of region r (nil without outlook).
func regionComplexity(v *RegionView, est [][]bool, minSupport int, minMoves float64) (*RegionComplexity, []float64, []QuadrantPoint, map[int]float64, error) {
	m := v.M
	pres := presence(est)
	res, err := complexity.Complexity(pres)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	r := v.R
	rc := &RegionComplexity{ECI: res.ECI[r], Regions: len(est), Eigenvalue: res.Eigenvalue, Sign: ComplexitySign, ECIRank: 1}
	for q, e := range res.ECI {
		if q != r && e > rc.ECI {
			rc.ECIRank++
		}
	}
	if v.G == nil {
		return rc, res.PCI, nil, nil, nil
	}
	n := m.Nodes
	pciNodes := res.PCI[:n]
	var cog map[int]float64
	if n <= maxOutlookNodes {
		phi := denseGraph(v.G)
		nodesPres := make([][]float64, len(pres))
		for q := range pres {
			nodesPres[q] = pres[q][:n]
		}
		coi, cogs, err := complexity.Outlook(nodesPres, phi, pciNodes)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		mean, sd := meanSDSample(coi)
		if sd > 0 {
			z := (coi[r] - mean) / sd
			rc.COI = &z
		}
		cog = make(map[int]float64)
		for i, g := range cogs[r] {
			cog[i] = g
		}
	}
	dens := [][]float64{v.Density}
	row := [][]float64{pres[r][:n]}
	opps, err := complexity.Opportunities(row, dens, pciNodes)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var sumD, cnt, sumC, cntC float64
	for _, o := range opps[0] {
		sumD += o.Density
		cnt++
	}
	for _, p := range pciNodes {
		if !math.IsNaN(p) {
			sumC += p
			cntC++
		}
	}
	if cnt > 0 {
		rc.DensityCut = sumD / cnt
	}
	if cntC > 0 {
		rc.ComplexityCut = sumC / cntC
	}
	alpha := v.Alpha
	if alpha == 0 {
		alpha = DefaultAlpha
	}
	var points []QuadrantPoint
	for _, o := range opps[0] {
		i := o.Activity
		if math.IsNaN(v.LQ[i]) {
			continue
		}
		sup := v.support(i)
		pt := QuadrantPoint{IndustryRef: sup.IndustryRef, Density: o.Density, PCI: o.Complexity, Quadrant: string(o.Quadrant),
			Supporting: sup.Supporting, Moves: sup.Moves,
			Ranked: o.Density > 0 && sup.Supporting >= minSupport && (!sup.HasCounts || sup.Moves >= minMoves)}
		pt.DensityLower, _ = densityLower(v.G, i, o.Density, alpha)
		if cog != nil {
			pt.COG = cog[i]
		}
		points = append(points, pt)
	}
	sort.SliceStable(points, func(a, b int) bool { return points[a].Code < points[b].Code })
	return rc, res.PCI, points, cog, nil
}

// denseGraph returns g's weights divided by the largest as a dense
// symmetric matrix (density and outlook gain are scale-free in φ; the
// division keeps tiny weights from underflowing).
func denseGraph(g *graph.Graph) [][]float64 {
	n := g.Nodes()
	var top float64
	for _, w := range g.W {
		top = math.Max(top, w)
	}
	phi := make([][]float64, n)
	for i := range phi {
		phi[i] = make([]float64, n)
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			phi[i][g.Adj[k]] = g.W[k] / top
		}
	}
	return phi
}

// meanSDSample returns the mean and the sample standard deviation (n − 1).
func meanSDSample(x []float64) (mean, sd float64) {
	if len(x) < 2 {
		return 0, 0
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}
