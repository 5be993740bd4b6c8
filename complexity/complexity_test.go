package complexity

import (
	"encoding/csv"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/ingest/realdata"
)

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func wantInvalid(t *testing.T, err error, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", text)
	}
	if _, ok := err.(*graph.ArgumentError); !ok {
		t.Errorf("error %T (%v), want *graph.ArgumentError (EINVALID)", err, err)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not contain %q", err, text)
	}
}

func TestRCAAndPresence(t *testing.T) {
	// Rows 4, 4; columns 3, 5; total 8: RCA_11 = (2/4)/(3/8) = 4/3, RCA_12 = (2/4)/(5/8) = 4/5,
	// RCA_21 = (1/4)/(3/8) = 2/3, RCA_22 = (3/4)/(5/8) = 6/5.
	rca, err := RCA([][]float64{{2, 2}, {1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{4.0 / 3, 0.8}, {2.0 / 3, 1.2}}
	for c := range want {
		for p := range want[c] {
			if !approx(rca[c][p], want[c][p]) {
				t.Errorf("RCA(%d,%d) = %v, want %v", c, p, rca[c][p], want[c][p])
			}
		}
	}
	m, err := Presence(rca, 1)
	if err != nil || m[0][0] != 1 || m[0][1] != 0 || m[1][0] != 0 || m[1][1] != 1 {
		t.Errorf("Presence = %v, %v; want [[1 0] [0 1]]", m, err)
	}
	_, err = RCA([][]float64{{1, 2}, {3}})
	wantInvalid(t, err, "row 1 has 1 columns, row 0 has 2")
	_, err = RCA([][]float64{{1, -2}})
	wantInvalid(t, err, "entry (0, 1) must be a finite number >= 0, found -2")
	_, err = RCA([][]float64{{0, 0}})
	wantInvalid(t, err, "every entry is 0")
	_, err = RCA(nil)
	wantInvalid(t, err, "at least one location and one activity")
	_, err = Presence(rca, 0)
	wantInvalid(t, err, "threshold must be a finite number > 0, found 0")
}

// nested is the perfectly nested 3 × 3 presence matrix used by the hand
// computations below.
var nested = [][]float64{{1, 1, 1}, {1, 1, 0}, {1, 0, 0}}

func TestComplexityNested(t *testing.T) {
	// Diversity = ubiquity = (3, 2, 1). M U⁻¹ Mᵀ = [[11/6, 5/6, 1/3], [5/6, 5/6, 1/3], [1/3, 1/3, 1/3]];
	// M̃ = D⁻¹ M U⁻¹ Mᵀ has trace 49/36 and determinant (det M)²/(det U · det D) = 1/36, so besides 1 its
	// eigenvalues solve λ² − 13/36 λ + 1/36 = 0: λ₂ = 1/4, λ₃ = 1/9. (M̃ − I/4)x = 0 gives x ∝ (2, −1, −4)
	// (signed to correlate with diversity); KP = U⁻¹ Mᵀ x = (−1, 1/2, 2); KC = D⁻¹ M KP = (1/2, −1/4, −1).
	// Stata normalisation: mean KC −1/4, sd over the 9 panel rows √(3/8 · 9/8) = √0.421875, so
	// ECI = (3/4, 0, −3/4)/√0.421875 = (2/√3, 0, −2/√3) and PCI = (KP + 1/4)/√0.421875 = (−2/√3, 2/√3, 2√3).
	res, err := Complexity(nested)
	if err != nil {
		t.Fatal(err)
	}
	r3 := math.Sqrt(3)
	wantECI := []float64{2 / r3, 0, -2 / r3}
	wantPCI := []float64{-2 / r3, 2 / r3, 2 * r3}
	for i := range wantECI {
		if !approx(res.ECI[i], wantECI[i]) || !approx(res.PCI[i], wantPCI[i]) {
			t.Errorf("ECI %v PCI %v, want %v and %v", res.ECI, res.PCI, wantECI, wantPCI)
			break
		}
	}
	if !approx(res.Eigenvalue, 0.25) {
		t.Errorf("λ₂ = %v, want 1/4", res.Eigenvalue)
	}
	eci, pci, err := Reflections(nested, 100) // converges as (λ₃/λ₂)^N = (4/9)^N
	if err != nil {
		t.Fatal(err)
	}
	for i := range eci {
		if math.Abs(eci[i]-wantECI[i]) > 1e-9 || math.Abs(pci[i]-wantPCI[i]) > 1e-9 {
			t.Errorf("reflections ECI %v PCI %v, want %v and %v", eci, pci, wantECI, wantPCI)
			break
		}
	}

	// Proximity: co-presence p1p2 = 2 (max ubiquity 3) → 2/3, p1p3 = 1/3, p2p3 = 1/max(2, 1) = 1/2; diagonal 0.
	phi, err := Proximity(nested)
	if err != nil {
		t.Fatal(err)
	}
	wantPhi := [][]float64{{0, 2.0 / 3, 1.0 / 3}, {2.0 / 3, 0, 0.5}, {1.0 / 3, 0.5, 0}}
	for p := range wantPhi {
		for q := range wantPhi[p] {
			if !approx(phi[p][q], wantPhi[p][q]) {
				t.Errorf("φ(%d,%d) = %v, want %v", p, q, phi[p][q], wantPhi[p][q])
			}
		}
	}
	// Density of row 3 (holds p1 only): ω(p2) = φ21/(φ21 + φ23) = (2/3)/(7/6) = 4/7,
	// ω(p3) = φ31/(φ31 + φ32) = (1/3)/(5/6) = 2/5; row 2 holds p1 and p2: ω(p3) = 1.
	d, err := Density(nested, phi)
	if err != nil {
		t.Fatal(err)
	}
	if !approx(d[2][1], 4.0/7) || !approx(d[2][2], 0.4) || !approx(d[1][2], 1) {
		t.Errorf("density %v, want ω(3,2) = 4/7, ω(3,3) = 2/5, ω(2,3) = 1", d)
	}
	// Outlook with PCI (−1, 1, 2): COI_3 = 4/7·1 + 2/5·2 = 48/35, COI_2 = 1·2 = 2, COI_1 = 0.
	// COG_3,p2 = φ32·PCI_3/(φ31 + φ32) = (1/2)·2/(5/6) = 6/5; COG_3,p3 = φ23·PCI_2/(φ21 + φ23) = (1/2)/(7/6) = 3/7;
	// COG_2,p3 = φ33·… = 0 (no other absent activity); COG = 0 where M = 1.
	coi, cog, err := Outlook(nested, phi, []float64{-1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if !approx(coi[0], 0) || !approx(coi[1], 2) || !approx(coi[2], 48.0/35) {
		t.Errorf("COI %v, want (0, 2, 48/35)", coi)
	}
	if !approx(cog[2][1], 6.0/5) || !approx(cog[2][2], 3.0/7) || cog[1][2] != 0 || cog[0][0] != 0 {
		t.Errorf("COG %v, want COG(3,2) = 6/5, COG(3,3) = 3/7, 0 elsewhere", cog)
	}
}

func TestComplexityZeroRowsAndErrors(t *testing.T) {
	// A location with nothing and an activity nowhere get NaN; the rest is the nested case.
	m := [][]float64{{1, 1, 1, 0}, {1, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}}
	res, err := Complexity(m)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(res.ECI[3]) || !math.IsNaN(res.PCI[3]) {
		t.Errorf("empty location ECI %v, absent activity PCI %v: want NaN", res.ECI[3], res.PCI[3])
	}
	// With 4 activities the panel has 3·4 = 12 rows: sd √(3/8 · 12/11).
	if w := 0.75 / math.Sqrt(0.375*12/11); !approx(res.ECI[0], w) {
		t.Errorf("ECI[0] = %v, want %v", res.ECI[0], w)
	}
	_, err = Complexity([][]float64{{1, 0.5}, {0, 1}})
	wantInvalid(t, err, "presence (0, 1) must be 0 or 1, found 0.5")
	_, err = Complexity([][]float64{{1, 1}, {0, 0}})
	wantInvalid(t, err, "1 locations with a present activity and 2 activities present somewhere: expected at least 2 of each")
	_, _, err = Reflections(nested, 0)
	wantInvalid(t, err, "iterations must be >= 1, found 0")
	_, err = Density(nested, [][]float64{{0, 1}, {1, 0}})
	wantInvalid(t, err, "proximity has 2 rows, expected one per activity (3)")
	_, _, err = Outlook(nested, [][]float64{{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}, []float64{1, 2})
	wantInvalid(t, err, "2 complexity values, expected one per activity (3)")
}

func TestOpportunitiesQuadrants(t *testing.T) {
	if q := Classify(0.5, 1, 0.5, 0); q != HighDensityHighComplexity {
		t.Errorf("at both cuts: %s, want %s", q, HighDensityHighComplexity)
	}
	if q := Classify(0.1, -1, 0.5, 0); q != LowDensityLowComplexity {
		t.Errorf("below both: %s", q)
	}
	// Nested case, PCI (−1, 1, 2) (mean 2/3): row 3 lacks p2 (ω 4/7, PCI 1) and p3 (ω 2/5, PCI 2);
	// its density cut is (4/7 + 2/5)/2 = 17/35, so p2 is high density, p3 low; both are high complexity.
	phi, _ := Proximity(nested)
	d, _ := Density(nested, phi)
	ops, err := Opportunities(nested, d, []float64{-1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops[0]) != 0 || len(ops[1]) != 1 || len(ops[2]) != 2 {
		t.Fatalf("opportunities %v: want 0, 1 and 2 per row", ops)
	}
	if ops[2][0].Activity != 1 || ops[2][0].Quadrant != HighDensityHighComplexity ||
		ops[2][1].Activity != 2 || ops[2][1].Quadrant != LowDensityHighComplexity {
		t.Errorf("row 3: %+v", ops[2])
	}
	_, err = Opportunities(nested, d[:2], []float64{1, 2, 3})
	wantInvalid(t, err, "density has 2 rows, expected one per location (3)")
}

// readUKEmployment reads employment_2015_uk_regions_wide.csv of
// ../shared/data: the 11 region names, the SIC 2007 codes and the
// employment matrix, one row per region.
func readUKEmployment(t *testing.T) (regions, codes []string, x [][]float64) {
	t.Helper()
	path := realdata.Path(t, "uk-labour-flows", "employment_2015_uk_regions_wide.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	regions = header[1:12] // East … Yorkshire and The Humber; then Total, SIC2007, Description
	if header[12] != "Total" || header[13] != "SIC2007" {
		t.Fatalf("%s: header %v, want 11 regions then Total, SIC2007", path, header)
	}
	x = make([][]float64, len(regions))
	for _, rec := range recs[1:] {
		codes = append(codes, rec[13])
		for r := range regions {
			v, err := strconv.ParseFloat(rec[1+r], 64)
			if err != nil {
				t.Fatalf("%s: %s %s: %v", path, rec[13], regions[r], err)
			}
			x[r] = append(x[r], v)
		}
	}
	return regions, codes, x
}

// TestComplexityUKRegions runs on the UK employment 2015 (BRES, 11 regions ×
// SIC 2007 classes): presence is LQ >= 1.
func TestComplexityUKRegions(t *testing.T) {
	regions, codes, x := readUKEmployment(t)
	rca, err := RCA(x)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Presence(rca, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Complexity(m)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Eigenvectors(m)
	if err != nil {
		t.Fatal(err)
	}
	// KC is an eigenvector of M̃ = D⁻¹ M U⁻¹ Mᵀ with eigenvalue λ₂: (M̃ KC)_c = λ₂ KC_c.
	for c := range m {
		var v float64
		for p := range m[c] {
			if m[c][p] == 0 {
				continue
			}
			var s float64
			for c2 := range m {
				s += m[c2][p] * raw.KC[c2]
			}
			v += s / raw.Ubiquity[p]
		}
		v /= raw.Diversity[c]
		if math.Abs(v-raw.Eigenvalue*raw.KC[c]) > 1e-9*math.Max(1, math.Abs(raw.KC[c])) {
			t.Errorf("%s: (M̃ KC) = %v, λ₂ KC = %v", regions[c], v, raw.Eigenvalue*raw.KC[c])
		}
	}
	// A region's ECI is the mean PCI of its specialisations (the normalisation keeps this).
	for c := range m {
		var s float64
		for p := range m[c] {
			s += m[c][p] * res.PCI[p]
		}
		if mean := s / res.Diversity[c]; math.Abs(mean-res.ECI[c]) > 1e-9 {
			t.Errorf("%s: ECI %v, mean PCI of its specialisations %v", regions[c], res.ECI[c], mean)
		}
	}
	// The method of reflections agrees.
	eci, _, err := Reflections(m, 500)
	if err != nil {
		t.Fatal(err)
	}
	order := make([]int, len(regions))
	for c := range order {
		order[c] = c
		if math.Abs(eci[c]-res.ECI[c]) > 1e-6 {
			t.Errorf("%s: reflections ECI %v, eigenvector %v", regions[c], eci[c], res.ECI[c])
		}
	}
	sort.Slice(order, func(a, b int) bool { return res.ECI[order[a]] > res.ECI[order[b]] })
	var b strings.Builder
	for _, c := range order {
		b.WriteString(regions[c] + " " + strconv.FormatFloat(res.ECI[c], 'f', 2, 64) + " (" + strconv.Itoa(int(res.Diversity[c])) + "); ")
	}
	t.Logf("UK 2015, %d classes, λ₂ = %.4f; ECI (diversity): %s", len(codes), res.Eigenvalue, b.String())
}
