package complexity

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"
	"github.com/domainscope/domainscope/relatedness"
)

func TestRelatednessMatrix(t *testing.T) {
	// Directed: A→B 0.6 and B→A 0.2 average to 0.4; A→C 0.5 alone gives 0.25; a negative
	// value (B→C) and a self-link add nothing; X is not among the codes.
	links := []relatedness.Link{
		{From: "A", To: "B", Value: 0.6}, {From: "B", To: "A", Value: 0.2}, {From: "A", To: "C", Value: 0.5},
		{From: "B", To: "C", Value: -0.3}, {From: "A", To: "A", Value: 1}, {From: "A", To: "X", Value: 0.9},
	}
	phi, skipped, err := RelatednessMatrix([]string{"A", "B", "C"}, links, true)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{0, 0.4, 0.25}, {0.4, 0, 0}, {0.25, 0, 0}}
	for i := range want {
		for j := range want[i] {
			if !approx(phi[i][j], want[i][j]) {
				t.Errorf("φ(%d,%d) = %v, want %v", i, j, phi[i][j], want[i][j])
			}
		}
	}
	if skipped != 1 {
		t.Errorf("skipped %d, want 1 (A→X)", skipped)
	}
	// Undirected: the value itself.
	phi, _, _ = RelatednessMatrix([]string{"A", "C"}, []relatedness.Link{{From: "A", To: "C", Value: 0.5}}, false)
	if phi[0][1] != 0.5 || phi[1][0] != 0.5 {
		t.Errorf("undirected φ %v, want 0.5 both ways", phi)
	}
	_, _, err = RelatednessMatrix([]string{"A", "A"}, nil, false)
	wantInvalid(t, err, "code \"A\" appears twice")
	_, _, err = RelatednessMatrix([]string{"A", "B"}, []relatedness.Link{{From: "A", To: "B", Value: math.NaN()}}, false)
	wantInvalid(t, err, "link 0 (A→B) has value NaN, expected a finite number")
}

// TestQuadrantsUK puts every UK region's missing industries in the Balland et
// al. (2019) quadrants: labour-flow relatedness (ratio, 2009–2018) for the
// density, PCI from the regions' employment (LQ >= 1) for the complexity.
func TestQuadrantsUK(t *testing.T) {
	regions, codes, x := readUKEmployment(t)
	path := realdata.Path(t, "uk-labour-flows", "flows_sic2007_2009_2018.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	var flows []relatedness.Link
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		c, _ := strconv.ParseFloat(rec[2], 64)
		pad := func(s string) string { return strings.Repeat("0", max(0, 4-len(s))) + s }
		flows = append(flows, relatedness.Link{From: pad(rec[0]), To: pad(rec[1]), Count: c})
	}
	rel, directed, _, err := relatedness.Compute(relatedness.Flows, flows, relatedness.Options{})
	if err != nil {
		t.Fatal(err)
	}
	phi, skipped, err := RelatednessMatrix(codes, rel, directed)
	if err != nil {
		t.Fatal(err)
	}
	rca, _ := RCA(x)
	m, _ := Presence(rca, 1)
	res, err := Complexity(m)
	if err != nil {
		t.Fatal(err)
	}
	dens, err := Density(m, phi)
	if err != nil {
		t.Fatal(err)
	}
	ops, err := Opportunities(m, dens, res.PCI)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for p, c := range codes {
		col[c] = p
	}
	// One density recomputed from the links themselves: London, 6419 (monetary intermediation).
	lon, p := -1, col["6419"]
	for i, name := range regions {
		if name == "London" {
			lon = i
		}
	}
	var num, den float64
	for _, l := range rel {
		if l.From == l.To || l.Value <= 0 || (l.From != "6419" && l.To != "6419") {
			continue
		}
		other := l.To
		if other == "6419" {
			other = l.From
		}
		den += l.Value / 2
		num += l.Value / 2 * m[lon][col[other]]
	}
	if !approx(dens[lon][p], num/den) {
		t.Errorf("London 6419 density %v, recomputed from the links %v", dens[lon][p], num/den)
	}
	for c, name := range regions {
		count := map[Quadrant]int{}
		for _, o := range ops[c] {
			if o.Density < 0 || o.Density > 1 {
				t.Errorf("%s %s: density %v outside [0, 1]", name, codes[o.Activity], o.Density)
			}
			count[o.Quadrant]++
		}
		if name != "London" && name != "North East" {
			continue
		}
		best := append([]Opportunity(nil), ops[c]...)
		sort.Slice(best, func(a, b int) bool { return best[a].Density > best[b].Density })
		var top []string
		for _, o := range best {
			if o.Quadrant == HighDensityHighComplexity && len(top) < 5 {
				top = append(top, fmt.Sprintf("%s (ω %.2f, PCI %.2f)", codes[o.Activity], o.Density, o.Complexity))
			}
		}
		t.Logf("%s: %d missing industries: %d high-high, %d low-high, %d high-low, %d low-low; densest high-high: %s",
			name, len(ops[c]), count[HighDensityHighComplexity], count[LowDensityHighComplexity],
			count[HighDensityLowComplexity], count[LowDensityLowComplexity], strings.Join(top, ", "))
	}
	t.Logf("%d relatedness links name an industry missing from the employment file", skipped)
}
