package analysis

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"

	"github.com/domainscope/domainscope/graphmodel"
)

// The hand example: 3 regions × 4 industries A–D.
//
//	      A   B   C   D | x_r·
//	R1   10  20  30  40 | 100
//	R2   30  10   0  10 |  50
//	R3   10  10  20  10 |  50
//	x_·i 50  40  50  60 | 200 = x_··
//
// LQ_ri = x_ri·x_·· / (x_r·· x_·i):
//
//	R1: A 10·200/(100·50) = 0.4   B 20·200/(100·40) = 1   C 30·200/(100·50) = 1.2  D 40·200/(100·60) = 4/3
//	R2: A 30·200/(50·50)  = 2.4   B 10·200/(50·40)  = 1   C 0                      D 10·200/(50·60)  = 2/3
//	R3: A 10·200/(50·50)  = 0.8   B 1                     C 20·200/(50·50)  = 1.6  D 2/3
//
// Graph φ (a 4-cycle, weights exact in binary): A–B 0.5, B–C 0.25, C–D 0.375, A–D 0.125.
var regHandRegions = []graphmodel.Region{{ID: "r1", Name: "R1"}, {ID: "r2", Name: "R2"}, {ID: "r3", Name: "R3"}}

var regHandCodes = []string{"A", "B", "C", "D"}

func regHandValues() []graphmodel.RegionalValue {
	rows := map[string][]float64{"r1": {10, 20, 30, 40}, "r2": {30, 10, 0, 10}, "r3": {10, 10, 20, 10}}
	var vs []graphmodel.RegionalValue
	for _, reg := range regHandRegions {
		for i, c := range regHandCodes {
			if x := rows[reg.ID][i]; x > 0 { // R2·C is absent, not 0
				vs = append(vs, graphmodel.RegionalValue{Region: reg.ID, Industry: c, Value: x})
			}
		}
	}
	return vs
}

func regHandMatrix(t testing.TB) *RegionalMatrix {
	t.Helper()
	m, err := NewRegionalMatrix(regHandValues(), regHandRegions, regHandCodes)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func regHandGraph(t testing.TB) *graph.Graph {
	t.Helper()
	g, err := graph.NewGraph(4, []graph.Edge{{I: 0, J: 1, W: 0.5}, {I: 1, J: 2, W: 0.25}, {I: 2, J: 3, W: 0.375}, {I: 0, J: 3, W: 0.125}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func regionNear(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func regionCheckVec(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d %v", what, len(got), got, len(want), want)
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || !math.IsNaN(want[i]) && !regionNear(got[i], want[i]) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestLocationQuotientHand(t *testing.T) {
	m := regHandMatrix(t)
	regionCheckVec(t, "RegionTotal", m.RegionTotal, []float64{100, 50, 50})
	regionCheckVec(t, "Reference", m.Reference, []float64{50, 40, 50, 60})
	if m.ReferenceTotal != 200 || m.Nodes != 4 || len(m.Codes) != 4 {
		t.Fatalf("x_·· = %v, nodes %d, codes %v", m.ReferenceTotal, m.Nodes, m.Codes)
	}
	want := [][]float64{{0.4, 1, 1.2, 4.0 / 3}, {2.4, 1, 0, 2.0 / 3}, {0.8, 1, 1.6, 2.0 / 3}}
	for r := range want {
		regionCheckVec(t, "LQ "+regHandRegions[r].ID, m.LQ(r), want[r])
	}
	// Identity: Σ_r (x_r·/x_··) LQ_ri = Σ_r x_ri / x_·i = 1, e.g. A: 0.5·0.4 + 0.25·2.4 + 0.25·0.8 = 1.
	for i := range regHandCodes {
		var s float64
		for r := range want {
			s += m.RegionTotal[r] / m.ReferenceTotal * m.LQ(r)[i]
		}
		if !regionNear(s, 1) {
			t.Errorf("weighted mean LQ of %s = %v, want 1", regHandCodes[i], s)
		}
	}
	spec := Specialised(m.LQ(0))
	if spec[0] || !spec[1] || !spec[2] || !spec[3] {
		t.Errorf("R1 specialised = %v, want [false true true true] (LQ ≥ 1, B exactly 1)", spec)
	}
	if r, err := m.RegionIndex("r3"); err != nil || r != 2 {
		t.Errorf("RegionIndex(r3) = %d, %v", r, err)
	}
	if _, err := m.RegionIndex("nowhere"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("RegionIndex(nowhere) error %v, want ENOTFOUND", err)
	}
}

func TestLocationQuotientReference(t *testing.T) {
	m := regHandMatrix(t)
	// A national reference: A 100, B 100, C 100, D 100, plus E 600 without a
	// column: x_·· = 1000. LQ_R1,A = 10·1000/(100·100) = 1, LQ_R1,D = 40·1000/(100·100) = 4.
	if err := m.SetReference(map[string]float64{"A": 100, "B": 100, "C": 100, "D": 100, "E": 600}); err != nil {
		t.Fatal(err)
	}
	regionCheckVec(t, "LQ r1", m.LQ(0), []float64{1, 2, 3, 4})
	// Missing reference: undefined LQ.
	if err := m.SetReference(map[string]float64{"A": 100}); err != nil {
		t.Fatal(err)
	}
	regionCheckVec(t, "LQ r1 (only A)", m.LQ(0), []float64{10 * 100 / (100.0 * 100), math.NaN(), math.NaN(), math.NaN()})
	for _, bad := range []map[string]float64{{"A": -1}, {"A": math.NaN()}, {}, {"A": 0}} {
		if err := m.SetReference(bad); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("SetReference(%v) error %v, want EINVALID", bad, err)
		}
	}
}

func TestRTAMinCount(t *testing.T) {
	m := regHandMatrix(t)
	// R1 has 100 patents ≥ 60: RTA = LQ; R2 and R3 have 50 < 60: undefined.
	regionCheckVec(t, "RTA r1", m.RTA(0, 60), []float64{0.4, 1, 1.2, 4.0 / 3})
	nan := math.NaN()
	regionCheckVec(t, "RTA r2", m.RTA(1, 60), []float64{nan, nan, nan, nan})
	regionCheckVec(t, "RTA r2 min 50", m.RTA(1, 50), []float64{2.4, 1, 0, 2.0 / 3})
}

func TestRegionalMatrixOutsideColumns(t *testing.T) {
	// Industry E has values but no node: it is an extra column after the
	// nodes and counts in the totals. x_r· = 100+20 = 120, 50, 50+80 = 130;
	// x_·· = 300; x_·A = 50.
	// LQ_R1,A = 10·300/(120·50) = 0.5; LQ_R1,E = 20·300/(120·100) = 0.5;
	// LQ_R3,E = 80·300/(130·100) = 24/13.
	vs := append(regHandValues(),
		graphmodel.RegionalValue{Region: "r3", Industry: "E", Value: 80},
		graphmodel.RegionalValue{Region: "r1", Industry: "E", Value: 20})
	m, err := NewRegionalMatrix(vs, regHandRegions, regHandCodes)
	if err != nil {
		t.Fatal(err)
	}
	if m.Nodes != 4 || len(m.Codes) != 5 || m.Codes[4] != "E" {
		t.Fatalf("nodes %d, codes %v: want 4 nodes then E", m.Nodes, m.Codes)
	}
	regionCheckVec(t, "RegionTotal", m.RegionTotal, []float64{120, 50, 130})
	lq := m.LQ(0)
	if !regionNear(lq[0], 0.5) || !regionNear(lq[4], 0.5) || !regionNear(m.LQ(2)[4], 24.0/13) {
		t.Errorf("LQ r1 = %v, r3 = %v", lq, m.LQ(2))
	}
	// The view refers to E as no node.
	v, err := NewRegionView(m, regHandGraph(t), 0, lq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ref := v.Ref(4); ref.Node != -1 || ref.Code != "E" || ref.Value != 20 {
		t.Errorf("Ref(E) = %+v", ref)
	}
}

func TestNewRegionalMatrixErrors(t *testing.T) {
	ok := []graphmodel.RegionalValue{{Region: "r1", Industry: "A", Value: 1}}
	cases := []struct {
		name    string
		values  []graphmodel.RegionalValue
		regions []graphmodel.Region
		codes   []string
		text    string
	}{
		{"no regions", ok, nil, regHandCodes, "no regions"},
		{"dup region", ok, []graphmodel.Region{{ID: "r1"}, {ID: "r1"}}, regHandCodes, `region ID "r1" is given twice`},
		{"dup code", ok, regHandRegions, []string{"A", "A"}, `"A" is given for two nodes`},
		{"unknown region", []graphmodel.RegionalValue{{Region: "r9", Industry: "A", Value: 1}}, regHandRegions, regHandCodes,
			`regional value 0 (industry "A"): region "r9" is not among the 3 regions given`},
		{"negative", []graphmodel.RegionalValue{{Region: "r1", Industry: "A", Value: -2}}, regHandRegions, regHandCodes,
			`regional value 0 (region "r1", industry "A"): expected a finite number >= 0, found -2`},
		{"NaN", []graphmodel.RegionalValue{{Region: "r1", Industry: "B", Value: math.NaN()}}, regHandRegions, regHandCodes, "found NaN"},
		{"duplicate", append(ok, graphmodel.RegionalValue{Region: "r1", Industry: "A", Value: 3}), regHandRegions, regHandCodes,
			`regional value 1: a second value for region "r1", industry "A"`},
		{"empty industry", []graphmodel.RegionalValue{{Region: "r1", Value: 1}}, regHandRegions, regHandCodes, "empty industry code"},
	}
	for _, c := range cases {
		_, err := NewRegionalMatrix(c.values, c.regions, c.codes)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: error %v, want EINVALID containing %q", c.name, err, c.text)
		}
	}
}

func TestRelatednessDensityHand(t *testing.T) {
	g := regHandGraph(t)
	m := regHandMatrix(t)
	// R1 is specialised in B, C, D (LQ 1, 1.2, 4/3).
	// RD_A = 100·(φ_AB + φ_AD)/(φ_AB + φ_AD) = 100
	// RD_B = 100·φ_BC/(φ_AB + φ_BC) = 100·0.25/0.75 = 33.3
	// RD_C = 100·(φ_BC + φ_CD)/(φ_BC + φ_CD) = 100
	// RD_D = 100·φ_CD/(φ_CD + φ_AD) = 100·0.375/0.5 = 75
	regionCheckVec(t, "RD r1", RelatednessDensity(g, Specialised(m.LQ(0))), []float64{100, 100.0 / 3, 100, 75})
	// R2 is specialised in A (2.4), B (1):
	// RD_A = 100·0.5/0.625 = 80, RD_B = 100·0.5/0.75 = 66.7, RD_C = 100·0.25/0.625 = 40, RD_D = 100·0.125/0.5 = 25.
	regionCheckVec(t, "RD r2", RelatednessDensity(g, Specialised(m.LQ(1))), []float64{80, 200.0 / 3, 40, 25})
	// An isolated node has density 0.
	g5, _ := graph.NewGraph(5, []graph.Edge{{I: 0, J: 1, W: 0.5}})
	regionCheckVec(t, "RD isolated", RelatednessDensity(g5, []bool{true, false, true, true, true}), []float64{0, 100, 0, 0, 0})
}

func TestOpportunitiesHand(t *testing.T) {
	g, m := regHandGraph(t), regHandMatrix(t)
	v, err := NewRegionView(m, g, 1, m.LQ(1), map[string]string{"A": "Alpha", "B": "Beta"})
	if err != nil {
		t.Fatal(err)
	}
	// R2: LQ < 1 in C (0) and D (2/3); RD_C = 40 > RD_D = 25 (see above).
	ops := v.Opportunities(0, 0)
	if len(ops) != 2 || ops[0].Code != "C" || ops[1].Code != "D" {
		t.Fatalf("R2 opportunities %+v, want C then D", ops)
	}
	c := ops[0]
	if !regionNear(c.Density, 40) || c.Support != 0.25 || c.LQ != 0 || c.Value != 0 || c.Node != 2 {
		t.Errorf("C = %+v", c)
	}
	// C is related to R2's specialisation B (φ 0.25, LQ 1, 10 jobs).
	if len(c.Related) != 1 || c.Related[0].Code != "B" || c.Related[0].Name != "Beta" || c.Related[0].Relatedness != 0.25 ||
		c.Related[0].LQ != 1 || c.Related[0].Value != 10 {
		t.Errorf("C related %+v", c.Related)
	}
	// D is related to A (φ 0.125, LQ 2.4, 30 jobs); its LQ is 2/3 with 10 jobs.
	d := ops[1]
	if !regionNear(d.LQ, 2.0/3) || d.Value != 10 || len(d.Related) != 1 || d.Related[0].Code != "A" || !regionNear(d.Related[0].LQ, 2.4) {
		t.Errorf("D = %+v", d)
	}
	// top = 1 keeps C only.
	if ops := v.Opportunities(1, 0); len(ops) != 1 || ops[0].Code != "C" {
		t.Errorf("top 1: %+v", ops)
	}
	// R1: only A (LQ 0.4, RD 100) with B (0.5) before D (0.125); explain 1 keeps B.
	v1, _ := NewRegionView(m, g, 0, m.LQ(0), nil)
	ops = v1.Opportunities(0, 0)
	if len(ops) != 1 || ops[0].Code != "A" || len(ops[0].Related) != 2 || ops[0].Related[0].Code != "B" || ops[0].Related[1].Code != "D" {
		t.Fatalf("R1 opportunities %+v", ops)
	}
	if ops = v1.Opportunities(0, 1); len(ops[0].Related) != 1 || ops[0].Related[0].Code != "B" {
		t.Errorf("explain 1: %+v", ops[0].Related)
	}
	// Ties in density are broken by support Σ_j M_j φ_ij: with C–A 0.25,
	// D–A 0.5, D–B 0.125 both of R2's candidates C and D have RD 100, and D
	// (support 0.625) comes before C (0.25) although C sorts first by code.
	gt, _ := graph.NewGraph(4, []graph.Edge{{I: 2, J: 0, W: 0.25}, {I: 3, J: 0, W: 0.5}, {I: 3, J: 1, W: 0.125}})
	vt, _ := NewRegionView(m, gt, 1, m.LQ(1), nil)
	ops = vt.Opportunities(0, 0)
	if len(ops) != 2 || ops[0].Code != "D" || ops[0].Density != 100 || ops[0].Support != 0.625 || ops[1].Code != "C" || ops[1].Support != 0.25 {
		t.Errorf("tie-break by support: %+v", ops)
	}
	if _, err := NewRegionView(m, g, 0, m.LQ(0)[:3], nil); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("short LQ: %v", err)
	}
	g3, _ := graph.NewGraph(3, nil)
	if _, err := NewRegionView(m, g3, 0, m.LQ(0), nil); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("graph of 3 nodes: %v", err)
	}
}

func TestCrossClusteringHand(t *testing.T) {
	g, m := regHandGraph(t), regHandMatrix(t)
	v, _ := NewRegionView(m, g, 0, m.LQ(0), nil)
	// Domains 7 = {A, B}, 3 = {C, D}. R1 is specialised in B (domain 7), C and D (domain 3).
	pairs, presence, err := v.CrossClustering([]int32{7, 7, 3, 3}, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Presence by domain ID: 3 has C, D (30 + 40 jobs, both specialised), 7 has A, B (10 + 20, B specialised).
	if len(presence) != 2 || presence[0] != (DomainPresence{3, 2, 2, 70}) || presence[1] != (DomainPresence{7, 2, 1, 30}) {
		t.Errorf("presence %+v", presence)
	}
	// One pair; links between specialised members: B–C 0.25 only (B–D has no link).
	if len(pairs) != 1 {
		t.Fatalf("pairs %+v", pairs)
	}
	p := pairs[0]
	if p.DomainA != 3 || p.DomainB != 7 || p.SpecialisedA != 2 || p.SpecialisedB != 1 || p.Relatedness != 0.25 || p.Links != 1 {
		t.Errorf("pair %+v", p)
	}
	if len(p.CrossLinks) != 1 || p.CrossLinks[0].A.Code != "C" || p.CrossLinks[0].B.Code != "B" {
		t.Errorf("cross links %+v", p.CrossLinks)
	}
	// Bridges: every node of the 4-cycle links into both domains.
	// weight into {C,D} (A) and {A,B} (B):
	//   A: φ_AD = 0.125, φ_AB = 0.5 → 0.625    B: φ_BC = 0.25,  φ_BA = 0.5   → 0.75
	//   C: φ_CD = 0.375, φ_CB = 0.25 → 0.625   D: φ_DC = 0.375, φ_DA = 0.125 → 0.5
	// ranked B 0.75, A 0.625, C 0.625 (tie by code), D 0.5.
	want := []struct {
		code   string
		wa, wb float64
		dom    int
	}{{"B", 0.25, 0.5, 7}, {"A", 0.125, 0.5, 7}, {"C", 0.375, 0.25, 3}, {"D", 0.375, 0.125, 3}}
	if len(p.Bridges) != len(want) {
		t.Fatalf("bridges %+v", p.Bridges)
	}
	for k, w := range want {
		b := p.Bridges[k]
		if b.Code != w.code || b.WeightA != w.wa || b.WeightB != w.wb || b.Weight != w.wa+w.wb || b.Domain != w.dom {
			t.Errorf("bridge %d = %+v, want %+v", k, b, w)
		}
	}
	// Limits.
	pairs, _, _ = v.CrossClustering([]int32{7, 7, 3, 3}, 1, 2, 1)
	if len(pairs[0].Bridges) != 2 || pairs[0].Bridges[1].Code != "A" {
		t.Errorf("2 bridges: %+v", pairs[0].Bridges)
	}
	// R2 (A, B specialised, both in domain 7): no pair.
	v2, _ := NewRegionView(m, g, 1, m.LQ(1), nil)
	if pairs, _, _ := v2.CrossClustering([]int32{7, 7, 3, 3}, 0, 0, 0); len(pairs) != 0 {
		t.Errorf("R2 pairs %+v", pairs)
	}
	if _, _, err := v.CrossClustering([]int32{1, 2}, 0, 0, 0); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("short partition: %v", err)
	}
}

func TestPortfolioSimilarityHand(t *testing.T) {
	m := regHandMatrix(t)
	lqs := [][]float64{m.LQ(0), m.LQ(1), m.LQ(2)}
	peers := PortfolioSimilarity(m, lqs, 0)
	// S_R1 = {B, C, D}, S_R2 = {A, B}, S_R3 = {B, C}.
	// Jaccard R1–R3 = |{B,C}| / |{B,C,D}| = 2/3; R1–R2 = |{B}| / |{A,B,C,D}| = 1/4.
	if len(peers) != 2 || peers[0].Region.ID != "r3" || peers[1].Region.ID != "r2" {
		t.Fatalf("peers %+v", peers)
	}
	if !regionNear(peers[0].Jaccard, 2.0/3) || peers[0].Shared != 2 || !regionNear(peers[1].Jaccard, 0.25) || peers[1].Shared != 1 {
		t.Errorf("jaccard %+v", peers)
	}
	// Cosine of LQ R1 = (2/5, 1, 6/5, 4/3), R3 = (4/5, 1, 8/5, 2/3), in 225ths:
	// a·b = 72 + 225 + 432 + 200 = 929; ‖a‖² = 36 + 225 + 324 + 400 = 985; ‖b‖² = 144 + 225 + 576 + 100 = 1045.
	if want := 929 / math.Sqrt(985*1045); !regionNear(peers[0].CosineLQ, want) {
		t.Errorf("cosine LQ R1–R3 = %v, want %v", peers[0].CosineLQ, want)
	}
	// Shares R1 = (.1, .2, .3, .4), R3 = (.2, .2, .4, .2): a·b = .02+.04+.12+.08 = .26,
	// ‖a‖² = .30, ‖b‖² = .28.
	if want := 0.26 / math.Sqrt(0.30*0.28); !regionNear(peers[0].CosineShare, want) {
		t.Errorf("cosine share R1–R3 = %v, want %v", peers[0].CosineShare, want)
	}
	// Regions specialised per industry: A 1 (R2), B 3, C 2 (R1, R3), D 1 (R1).
	counts := SpecialisationCounts(lqs)
	if counts[0] != 1 || counts[1] != 3 || counts[2] != 2 || counts[3] != 1 {
		t.Errorf("counts %v", counts)
	}
	// Common: held by ≥ half of the 2 other regions, i.e. by ≥ 2 regions in all.
	if IsCommon(1, 3) || !IsCommon(2, 3) || !IsCommon(3, 3) || IsCommon(1, 1) {
		t.Error("IsCommon with 3 regions: want true from 2 holders on, false with a single region")
	}
}

func TestRegionProfileHand(t *testing.T) {
	g, m := regHandGraph(t), regHandMatrix(t)
	p, err := RegionProfile(m, g, "r1", ProfileOptions{
		Measure: graphmodel.MeasureEmployment, Period: "2015",
		Groups: []string{"g1", "g1", "g2", "g2"}, GroupsBy: "pairs", Domains: []int32{7, 7, 3, 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Region.ID != "r1" || p.Total != 100 || p.Share != 0.5 || p.Industries != 4 || p.Quotient != "lq" {
		t.Errorf("header %+v", p)
	}
	// Specialisations by LQ: D 4/3, C 1.2, B 1. Holders: D 1 (rare), C 2, B 3 (common):
	// CommonShare = 2/3 ≥ 0.5 → bandwagon.
	if len(p.Specialisations) != 3 || p.Specialisations[0].Code != "D" || p.Specialisations[2].Code != "B" {
		t.Fatalf("specialisations %+v", p.Specialisations)
	}
	if s := p.Specialisations[0]; s.Common || s.Regions != 1 || s.Domain != 3 {
		t.Errorf("D %+v", s)
	}
	if !regionNear(p.CommonShare, 2.0/3) || !p.Bandwagon {
		t.Errorf("common share %v, bandwagon %v", p.CommonShare, p.Bandwagon)
	}
	// HHI = .1² + .2² + .3² + .4² = 0.30.
	if !regionNear(p.HHI, 0.30) {
		t.Errorf("HHI %v", p.HHI)
	}
	if p.VarietyGroups != "pairs" || p.Variety.Groups != 2 || p.Variety.Industries != 4 {
		t.Errorf("variety %+v by %s", p.Variety, p.VarietyGroups)
	}
	if len(p.Opportunities) != 1 || p.Opportunities[0].Code != "A" || len(p.CrossClustering) != 1 || len(p.Domains) != 2 {
		t.Errorf("opportunities %+v, cross %+v", p.Opportunities, p.CrossClustering)
	}
	if len(p.Peers) != 2 || p.Peers[0].Region.ID != "r3" || len(p.Warnings) != 0 {
		t.Errorf("peers %+v, warnings %v", p.Peers, p.Warnings)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Fatal(err)
	}

	// Patents: R2 has 50 < 60 → RTA undefined, warned, no specialisations,
	// no opportunities; the profile still encodes (no NaN leaks).
	p2, err := RegionProfile(m, g, "r2", ProfileOptions{Measure: graphmodel.MeasurePatents, MinCount: 60})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Quotient != "rta" || len(p2.Specialisations) != 0 || len(p2.Opportunities) != 0 || len(p2.Warnings) != 2 ||
		!strings.Contains(p2.Warnings[0], "50 patents in total, fewer than the minimum of 60") {
		t.Errorf("RTA profile %+v", p2)
	}
	if p2.VarietyGroups != "industry" || !regionNear(p2.Variety.Unrelated, p2.Variety.Entropy) || p2.Variety.Related != 0 {
		t.Errorf("ungrouped variety %+v", p2.Variety)
	}
	if _, err := json.Marshal(p2); err != nil {
		t.Fatal(err)
	}

	if _, err := RegionProfile(m, g, "r9", ProfileOptions{}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("unknown region: %v", err)
	}
	if _, err := RegionProfile(m, g, "r1", ProfileOptions{Domains: []int32{1}}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("short domains: %v", err)
	}
	if _, err := RegionProfile(m, g, "r1", ProfileOptions{Groups: []string{"x"}}); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("short groups: %v", err)
	}
	// Without a graph: no opportunities, a warning.
	p3, err := RegionProfile(m, nil, "r1", ProfileOptions{})
	if err != nil || len(p3.Opportunities) != 0 || len(p3.Specialisations) != 3 || len(p3.Warnings) != 2 {
		t.Errorf("no graph: %+v, %v", p3, err)
	}
}
