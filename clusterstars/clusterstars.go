// Package clusterstars rates regional clusters by the European Cluster
// Observatory's three criteria of "specialised critical mass" — size,
// specialisation and focus — as 0 to 3 stars, each star with its reason.
//
// Source: European Cluster Observatory, "Evaluation of regional cluster
// strength" (clusterobservatory.eu/index.php?id=49); Sölvell, Ketels and
// Lindqvist, "The European Cluster Observatory: EU cluster mapping and
// strengthening clusters in Europe" (Europe INNOVA paper 12, 2009).
// For the cell of region r and cluster category c with employment x_rc:
//
//   - Size: x_rc is in the top SizeTop (10 %) of the cells of category c,
//     ranked by employment across regions.
//   - Specialisation: LQ_rc = (x_rc / x_r·) / (x_·c / x_··) ≥ MinLQ (2).
//   - Focus: x_rc / x_r·, the cluster's share of its region's employment, is
//     in the top FocusTop (10 %) of all cells (every region and category).
//
// "Top p" means: fewer than p·n of the n cells with employment > 0 have a
// strictly larger value (so ties share a rank and n = 10, p = 0.1 gives the
// largest cell alone). Cells without employment get no star.
package clusterstars

import (
	"fmt"
	"math"

	"github.com/domainscope/domainscope/graph"
)

// Thresholds are the three criteria's cut-offs.
type Thresholds struct {
	SizeTop  float64 `json:"size_top"`  // fraction of a category's cells that get the size star
	MinLQ    float64 `json:"min_lq"`    // least location quotient for the specialisation star
	FocusTop float64 `json:"focus_top"` // fraction of all cells that get the focus star
}

// Default returns the Cluster Observatory's thresholds: top 10 %, LQ ≥ 2, top 10 %.
func Default() Thresholds { return Thresholds{SizeTop: 0.10, MinLQ: 2, FocusTop: 0.10} }

// Range is the accepted interval of one threshold: Min < value ≤ Max.
type Range struct {
	Field    string
	Min, Max float64
}

// Ranges are the accepted values of each threshold, by its JSON field name.
var Ranges = []Range{{"size_top", 0, 1}, {"min_lq", 0, 100}, {"focus_top", 0, 1}}

// Check returns the JSON name of the first threshold outside its range and an
// error saying what was expected, or "" and nil.
func (t Thresholds) Check() (field string, err error) {
	for i, v := range []float64{t.SizeTop, t.MinLQ, t.FocusTop} {
		r := Ranges[i]
		if math.IsNaN(v) || v <= r.Min || v > r.Max {
			return r.Field, graph.Errorf("%s: expected a number in (%g, %g], found %g", r.Field, r.Min, r.Max, v)
		}
	}
	return "", nil
}

// Input is employment by region and cluster category.
type Input struct {
	// Jobs[r][c] is x_rc ≥ 0.
	Jobs [][]float64
	// RegionTotal[r] is x_r·, the region's employment in every industry (at
	// least Σ_c x_rc: industries outside the categories count too).
	RegionTotal []float64
	// Reference[c] is x_·c and ReferenceTotal x_··; nil Reference takes the
	// sums over regions (Σ_r x_rc and Σ_r x_r·).
	Reference      []float64
	ReferenceTotal float64
}

// Rating is one cell's criteria and stars.
type Rating struct {
	Jobs  float64 `json:"jobs"`
	LQ    float64 `json:"lq"`    // 0 when the reference has no employment in the category
	Share float64 `json:"share"` // x_rc / x_r·
	// SizeRank is 1 + the number of cells of the category with more jobs, of
	// SizeOf cells with jobs; FocusRank likewise among all FocusOf cells by share.
	SizeRank       int      `json:"size_rank"`
	SizeOf         int      `json:"size_of"`
	FocusRank      int      `json:"focus_rank"`
	FocusOf        int      `json:"focus_of"`
	Size           bool     `json:"size"`
	Specialisation bool     `json:"specialisation"`
	Focus          bool     `json:"focus"`
	Stars          int      `json:"stars"`
	Reasons        []string `json:"reasons"` // one sentence per criterion, met or not
}

// Rate rates every cell of in: out[r][c]. It returns an *graph.ArgumentError
// for thresholds outside Ranges or a malformed input.
func Rate(in Input, t Thresholds) ([][]Rating, error) {
	if _, err := t.Check(); err != nil {
		return nil, err
	}
	R := len(in.Jobs)
	if R == 0 || len(in.RegionTotal) != R {
		return nil, graph.Errorf("cluster stars: %d rows of jobs and %d region totals; expected the same number, at least one", R, len(in.RegionTotal))
	}
	C := len(in.Jobs[0])
	for r, row := range in.Jobs {
		if len(row) != C {
			return nil, graph.Errorf("cluster stars: row %d has %d categories, expected %d", r, len(row), C)
		}
		var sum float64
		for c, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return nil, graph.Errorf("cluster stars: jobs[%d][%d] = %g, expected a finite number ≥ 0", r, c, x)
			}
			sum += x
		}
		if tot := in.RegionTotal[r]; math.IsNaN(tot) || tot < sum*(1-1e-9) {
			return nil, graph.Errorf("cluster stars: region %d total %g is below its clusters' sum %g", r, tot, sum)
		}
	}
	ref, refTotal := in.Reference, in.ReferenceTotal
	if ref == nil {
		ref = make([]float64, C)
		refTotal = 0
		for r, row := range in.Jobs {
			for c, x := range row {
				ref[c] += x
			}
			refTotal += in.RegionTotal[r]
		}
	} else if len(ref) != C {
		return nil, graph.Errorf("cluster stars: %d reference values for %d categories", len(ref), C)
	}
	out := make([][]Rating, R)
	var shares []float64
	for r, row := range in.Jobs {
		out[r] = make([]Rating, C)
		for c, x := range row {
			g := &out[r][c]
			g.Jobs = x
			if in.RegionTotal[r] > 0 {
				g.Share = x / in.RegionTotal[r]
			}
			g.LQ = 0
			if ref[c] > 0 && refTotal > 0 && in.RegionTotal[r] > 0 {
				g.LQ = g.Share / (ref[c] / refTotal)
			}
			if x > 0 {
				shares = append(shares, g.Share)
			}
		}
	}
	for c := 0; c < C; c++ {
		var col []float64
		for r := range in.Jobs {
			if in.Jobs[r][c] > 0 {
				col = append(col, in.Jobs[r][c])
			}
		}
		for r := range in.Jobs {
			g := &out[r][c]
			g.SizeOf, g.FocusOf = len(col), len(shares)
			if g.Jobs > 0 {
				g.SizeRank = 1 + above(col, g.Jobs)
				g.FocusRank = 1 + above(shares, g.Share)
				g.Size = float64(g.SizeRank-1) < t.SizeTop*float64(len(col))
				g.Focus = float64(g.FocusRank-1) < t.FocusTop*float64(len(shares))
			}
			g.Specialisation = g.Jobs > 0 && g.LQ >= t.MinLQ
			g.Reasons = reasons(g, t)
			for _, ok := range []bool{g.Size, g.Specialisation, g.Focus} {
				if ok {
					g.Stars++
				}
			}
		}
	}
	return out, nil
}

// above counts the values strictly larger than x.
func above(vals []float64, x float64) int {
	n := 0
	for _, v := range vals {
		if v > x {
			n++
		}
	}
	return n
}

func reasons(g *Rating, t Thresholds) []string {
	mark := func(ok bool) string {
		if ok {
			return "★"
		}
		return "–"
	}
	size := fmt.Sprintf("%s size: %.0f jobs, rank %d of %d regions with jobs in the category (star: top %g %%)", mark(g.Size), g.Jobs, g.SizeRank, g.SizeOf, 100*t.SizeTop)
	if g.Jobs == 0 {
		size = "– size: no jobs"
	}
	spec := fmt.Sprintf("%s specialisation: LQ %.2f (star: LQ ≥ %g)", mark(g.Specialisation), g.LQ, t.MinLQ)
	focus := fmt.Sprintf("%s focus: %.2f %% of the region's jobs, rank %d of %d clusters (star: top %g %%)", mark(g.Focus), 100*g.Share, g.FocusRank, g.FocusOf, 100*t.FocusTop)
	if g.Jobs == 0 {
		focus = "– focus: no jobs"
	}
	return []string{size, spec, focus}
}
