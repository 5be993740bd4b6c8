package relatedness

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/ingest/realdata"
)

const relTol = 1e-12

func relValues(links []Link) map[string]float64 {
	m := make(map[string]float64, len(links))
	for _, l := range links {
		m[l.From+"→"+l.To] = l.Value
	}
	return m
}

func checkRelValues(t *testing.T, got []Link, want map[string]float64) {
	t.Helper()
	g := relValues(got)
	if len(g) != len(want) || len(got) != len(want) {
		t.Fatalf("got %d links %v, want %d %v", len(got), g, len(want), want)
	}
	for k, w := range want {
		v, ok := g[k]
		if !ok {
			t.Errorf("link %s missing; got %v", k, g)
			continue
		}
		if math.Abs(v-w) > relTol {
			t.Errorf("link %s: value %.15g, want %.15g", k, v, w)
		}
	}
}

func runRelatedness(t *testing.T, kind Kind, links []Link, opt Options) ([]Link, bool) {
	t.Helper()
	in := append([]Link(nil), links...)
	out, directed, threshold, err := Compute(kind, links, opt)
	if err != nil {
		t.Fatalf("Compute(%s, %+v): %v", kind, opt, err)
	}
	if threshold != 0 {
		t.Errorf("threshold %v, want 0", threshold)
	}
	if !reflect.DeepEqual(in, links) {
		t.Errorf("input links were modified: %v, was %v", links, in)
	}
	for k := 1; k < len(out); k++ {
		a, b := out[k-1], out[k]
		if a.From > b.From || a.From == b.From && a.To >= b.To {
			t.Errorf("output not sorted by From, To at %d: %v then %v", k, a, b)
		}
	}
	return out, directed
}

// flows3 is a 3×3 flow matrix with one within-industry count.
var flows3 = []Link{
	{From: "A", To: "B", Count: 10},
	{From: "B", To: "A", Count: 5},
	{From: "A", To: "C", Count: 5},
	{From: "C", To: "B", Count: 10},
	{From: "A", To: "A", Count: 100},
}

func TestRelatednessRatioFlows(t *testing.T) {
	// Diagonal excluded: rows A=15, B=5, C=10; columns A=5, B=20, C=5; F·· = 30.
	// R_AB = 10·30/(15·20) = 1, R_BA = 5·30/(5·5) = 6, R_AC = 5·30/(15·5) = 2,
	// R_CB = 10·30/(10·20) = 1.5, R_AA = 100·30/(15·5) = 40.
	t.Run("none", func(t *testing.T) {
		out, directed := runRelatedness(t, Flows, flows3, Options{Method: MethodRatio, Symmetrise: "none"})
		if !directed {
			t.Error("ratio on flows must be directed")
		}
		// (R−1)/(R+1): 0, 5/7, 1/3, 0.5/2.5, 39/41.
		checkRelValues(t, out, map[string]float64{"A→B": 0, "B→A": 5.0 / 7, "A→C": 1.0 / 3, "C→B": 0.2, "A→A": 39.0 / 41})
		for _, l := range out {
			for _, in := range flows3 {
				if in.From == l.From && in.To == l.To && in.Count != l.Count {
					t.Errorf("%s→%s: count %v, want the input's %v", l.From, l.To, l.Count, in.Count)
				}
			}
		}
	})
	t.Run("mean", func(t *testing.T) {
		out, directed := runRelatedness(t, Flows, flows3, Options{})
		if !directed {
			t.Error("ratio on flows must be directed")
		}
		// AB: (1+6)/2 = 3.5 → 2.5/4.5 = 5/9 on both directions.
		// AC: (2+0)/2 = 1 → 0 (C→A missing counts as R = 0).
		// CB: (1.5+0)/2 = 0.75 → −0.25/1.75 = −1/7. AA: its own R_AA = 40 → 39/41.
		checkRelValues(t, out, map[string]float64{"A→B": 5.0 / 9, "B→A": 5.0 / 9, "A→C": 0, "C→B": -1.0 / 7, "A→A": 39.0 / 41})
	})
	t.Run("diagonal", func(t *testing.T) {
		out, _ := runRelatedness(t, Flows, flows3, Options{Method: MethodRatio, Symmetrise: "none", Diagonal: true})
		// Diagonal included: row A = 115, column A = 105, F·· = 130.
		// R_BA = 5·130/(5·105) = 26/21 → (5/21)/(47/21) = 5/47.
		// R_AB = 10·130/(115·20) = 13/23 → (−10/23)/(36/23) = −5/18.
		// R_AA = 100·130/(115·105) = 520/483 → 37/1003.
		// R_AC = 5·130/(115·5) = 26/23 → 3/49. R_CB = 10·130/(10·20) = 6.5 → 5.5/7.5 = 11/15.
		checkRelValues(t, out, map[string]float64{"A→B": -5.0 / 18, "B→A": 5.0 / 47, "A→C": 3.0 / 49, "C→B": 11.0 / 15, "A→A": 37.0 / 1003})
	})
}

// cooc4 is a 4×4 co-occurrence matrix; the D–D self-link is given as D→D.
var cooc4 = []Link{
	{From: "A", To: "B", Count: 4},
	{From: "C", To: "A", Count: 2}, // given in reverse order on purpose
	{From: "B", To: "C", Count: 2},
	{From: "C", To: "D", Count: 1},
	{From: "D", To: "D", Count: 3},
}

func TestRelatednessCoOccurrence(t *testing.T) {
	// Diagonal excluded: s_A = 4+2 = 6, s_B = 4+2 = 6, s_C = 2+2+1 = 5, s_D = 1; S = 18.
	// AS_AB = 4·18/36 = 2 → 1/3; AS_AC = AS_BC = 2·18/30 = 1.2 → 0.2/2.2 = 1/11;
	// AS_CD = 1·18/5 = 3.6 → 2.6/4.6 = 13/23; AS_DD = 3·18/1 = 54 → 53/55.
	assoc := map[string]float64{"A→B": 1.0 / 3, "A→C": 1.0 / 11, "B→C": 1.0 / 11, "C→D": 13.0 / 23, "D→D": 53.0 / 55}
	cases := []struct {
		opt  Options
		want map[string]float64
	}{
		{Options{}, assoc},
		{Options{Method: MethodAssociation}, assoc},
		// On a symmetric matrix the ratio is association strength.
		{Options{Method: MethodRatio}, assoc},
		// cosine: AB = 4/√36, AC = BC = 2/√30, CD = 1/√5; self-link 1.
		{Options{Method: MethodCosine}, map[string]float64{"A→B": 4.0 / 6, "A→C": 2 / math.Sqrt(30), "B→C": 2 / math.Sqrt(30), "C→D": 1 / math.Sqrt(5), "D→D": 1}},
		// jaccard: AB = 4/(6+6−4) = 1/2, AC = BC = 2/(6+5−2) = 2/9, CD = 1/(5+1−1) = 1/5.
		{Options{Method: MethodJaccard}, map[string]float64{"A→B": 0.5, "A→C": 2.0 / 9, "B→C": 2.0 / 9, "C→D": 0.2, "D→D": 1}},
		// proximity with s_i = Σ_{j≠i} C_ij: AB = 4/6, AC = BC = 2/6, CD = 1/5.
		{Options{Method: MethodProximity}, map[string]float64{"A→B": 4.0 / 6, "A→C": 2.0 / 6, "B→C": 2.0 / 6, "C→D": 0.2, "D→D": 1}},
		// association with the diagonal: s_D = 1+3 = 4, S = 21; AS_CD = 1·21/(5·4) = 1.05 → 0.05/2.05 = 1/41;
		// AS_AB = 4·21/36 = 7/3 → (4/3)/(10/3) = 2/5; AS_AC = 2·21/30 = 1.4 → 0.4/2.4 = 1/6;
		// AS_DD = 3·21/16 = 63/16 → 47/79.
		{Options{Method: MethodAssociation, Diagonal: true}, map[string]float64{"A→B": 0.4, "A→C": 1.0 / 6, "B→C": 1.0 / 6, "C→D": 1.0 / 41, "D→D": 47.0 / 79}},
	}
	for _, c := range cases {
		t.Run(string(c.opt.Method)+strconv.FormatBool(c.opt.Diagonal), func(t *testing.T) {
			out, directed := runRelatedness(t, CoOccurrence, cooc4, c.opt)
			if directed {
				t.Error("co-occurrence result must be undirected")
			}
			checkRelValues(t, out, c.want)
			for _, l := range out {
				if l.From == "A" && l.To == "C" && l.Count != 2 {
					t.Errorf("A–C count %v, want 2", l.Count)
				}
			}
		})
	}
}

func TestRelatednessProximityDiagonal(t *testing.T) {
	// The diagonal holds the units (patents) containing each industry: s_A = 10, s_B = 8, s_C = 5, s_D = 3.
	// φ_AB = 4/max(10,8) = 0.4, φ_AC = 2/10, φ_BC = 2/8, φ_CD = 1/max(5,3) = 0.2; self-links 1.
	links := append([]Link{{From: "A", To: "A", Count: 10}, {From: "B", To: "B", Count: 8}, {From: "C", To: "C", Count: 5}}, cooc4...)
	out, _ := runRelatedness(t, CoOccurrence, links, Options{Method: MethodProximity, Diagonal: true})
	checkRelValues(t, out, map[string]float64{"A→A": 1, "B→B": 1, "C→C": 1, "D→D": 1, "A→B": 0.4, "A→C": 0.2, "B→C": 0.25, "C→D": 0.2})

	// Without C's diagonal the formula has no s_C.
	noC := []Link{links[0], links[1], links[3], links[4]} // A–A, B–B, A–B, C–A
	_, _, _, err := Compute(CoOccurrence, noC, Options{Method: MethodProximity, Diagonal: true})
	wantRelError(t, err, "invalid", "industry C has links but no self-link")
	// A pair count above a diagonal is inconsistent: 4 patents with A and B but only 3 with A.
	bad := []Link{{From: "A", To: "A", Count: 3}, {From: "B", To: "B", Count: 8}, {From: "A", To: "B", Count: 4}}
	_, _, _, err = Compute(CoOccurrence, bad, Options{Method: MethodProximity, Diagonal: true})
	wantRelError(t, err, "invalid", "more than the 3 units containing A")
}

func TestRelatednessFlowsSymmetrised(t *testing.T) {
	// Non-ratio methods on flows use C_ij = F_ij + F_ji: C_AB = 3+1 = 4, C_BC = 2.
	// s_A = 4, s_B = 6, s_C = 2: cosine AB = 4/√24, BC = 2/√12; jaccard AB = 4/(4+6−4) = 2/3, BC = 2/(6+2−2) = 1/3.
	flows := []Link{{From: "A", To: "B", Count: 3}, {From: "B", To: "A", Count: 1}, {From: "C", To: "B", Count: 2}}
	out, directed := runRelatedness(t, Flows, flows, Options{Method: MethodCosine})
	if directed {
		t.Error("cosine on flows must be undirected")
	}
	checkRelValues(t, out, map[string]float64{"A→B": 4 / math.Sqrt(24), "B→C": 2 / math.Sqrt(12)})
	if out[0].Count != 4 || out[1].Count != 2 {
		t.Errorf("counts %v and %v, want 4 and 2", out[0].Count, out[1].Count)
	}
	out, _ = runRelatedness(t, Flows, flows, Options{Method: MethodJaccard})
	checkRelValues(t, out, map[string]float64{"A→B": 2.0 / 3, "B→C": 1.0 / 3})
	// association: S = 12; AS_AB = 4·12/24 = 2 → 1/3; AS_BC = 2·12/12 = 2 → 1/3.
	out, _ = runRelatedness(t, Flows, flows, Options{Method: MethodAssociation})
	checkRelValues(t, out, map[string]float64{"A→B": 1.0 / 3, "B→C": 1.0 / 3})
}

func TestRelatednessEdgeCases(t *testing.T) {
	out, _ := runRelatedness(t, Flows, nil, Options{})
	if len(out) != 0 {
		t.Errorf("no links: got %v", out)
	}
	// Single flow: row A = column B = F·· = 7, R = 7·7/49 = 1; mean with missing B→A: 0.5 → −1/3.
	out, _ = runRelatedness(t, Flows, []Link{{From: "A", To: "B", Count: 7}}, Options{})
	checkRelValues(t, out, map[string]float64{"A→B": -1.0 / 3})
	out, _ = runRelatedness(t, Flows, []Link{{From: "A", To: "B", Count: 7}}, Options{Symmetrise: "none"})
	checkRelValues(t, out, map[string]float64{"A→B": 0})
	// Single co-occurrence: s_A = s_B = 5, S = 10, AS = 5·10/25 = 2 → 1/3.
	out, _ = runRelatedness(t, CoOccurrence, []Link{{From: "B", To: "A", Count: 5}}, Options{})
	checkRelValues(t, out, map[string]float64{"A→B": 1.0 / 3})

	// Zero row: column B sums to 0, so R_AB has a zero denominator and is taken as 0 → −1.
	// R_AC = 4·4/(4·4) = 1 → mean with missing C→A 0.5 → −1/3.
	out, _ = runRelatedness(t, Flows, []Link{{From: "A", To: "B", Count: 0}, {From: "A", To: "C", Count: 4}}, Options{})
	checkRelValues(t, out, map[string]float64{"A→B": -1, "A→C": -1.0 / 3})
	out, _ = runRelatedness(t, CoOccurrence, []Link{{From: "A", To: "B", Count: 0}, {From: "A", To: "C", Count: 4}}, Options{Method: MethodCosine})
	// s_B = 0: cosine A–B has a zero denominator → 0; A–C = 4/√(4·4) = 1.
	checkRelValues(t, out, map[string]float64{"A→B": 0, "A→C": 1})

	// All on the diagonal: with the diagonal excluded every total is 0 → −1.
	diag := []Link{{From: "A", To: "A", Count: 5}, {From: "B", To: "B", Count: 3}}
	out, _ = runRelatedness(t, Flows, diag, Options{})
	checkRelValues(t, out, map[string]float64{"A→A": -1, "B→B": -1})
	// Included: F·· = 8, R_AA = 5·8/25 = 1.6 → 0.6/2.6 = 3/13; R_BB = 3·8/9 = 8/3 → 5/11.
	out, _ = runRelatedness(t, Flows, diag, Options{Diagonal: true})
	checkRelValues(t, out, map[string]float64{"A→A": 3.0 / 13, "B→B": 5.0 / 11})
}

func wantRelError(t *testing.T, err error, code, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s containing %q", code, text)
	}
	if _, ok := err.(*graph.ArgumentError); !ok || code != "invalid" {
		c := fmt.Sprintf("%T", err)
		t.Errorf("error code %s, want %s (%v)", c, code, err)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not contain %q", err, text)
	}
}

func TestRelatednessErrors(t *testing.T) {
	l := func(from, to string, c float64) Link { return Link{From: from, To: to, Count: c} }
	cases := []struct {
		name  string
		kind  Kind
		links []Link
		opt   Options
		want  string
	}{
		{"negative", Flows, []Link{l("A", "B", 1), l("B", "C", -3)}, Options{}, "link 1 (B→C): count must be a finite number >= 0, found -3"},
		{"nan", CoOccurrence, []Link{l("A", "B", math.NaN())}, Options{}, "found NaN"},
		{"inf", CoOccurrence, []Link{l("A", "B", math.Inf(1))}, Options{}, "found +Inf"},
		{"empty code", Flows, []Link{l("A", "", 1)}, Options{}, "link 0 (\"A\"→\"\"): industry code is empty"},
		{"duplicate flow", Flows, []Link{l("A", "B", 1), l("B", "A", 1), l("A", "B", 2)}, Options{}, "link 2 (A→B): duplicate flow, first given as link 0"},
		{"duplicate flow cosine", Flows, []Link{l("A", "B", 1), l("A", "B", 2)}, Options{Method: MethodCosine}, "link 1 (A→B): duplicate flow, first given as link 0"},
		{"duplicate pair", CoOccurrence, []Link{l("A", "B", 1), l("C", "A", 1), l("B", "A", 2)}, Options{}, "link 2 (B–A): duplicate pair, first given as link 0"},
		{"relatedness kind", Kind("relatedness"), []Link{l("A", "B", 1)}, Options{}, "not to a relatedness layer"},
		{"unknown kind", "weights", nil, Options{}, "not to a weights layer"},
		{"unknown method", Flows, nil, Options{Method: "lift"}, "unknown relatedness method \"lift\": expected one of ratio, association, cosine, jaccard, proximity"},
		{"unknown symmetrise", Flows, nil, Options{Symmetrise: "max"}, "unknown symmetrisation \"max\": expected mean or none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, _, _, err := Compute(c.kind, c.links, c.opt)
			wantRelError(t, err, "invalid", c.want)
			if out != nil {
				t.Errorf("output %v with an error", out)
			}
		})
	}
}

func TestParseMethod(t *testing.T) {
	for _, s := range []string{"ratio", "association", "cosine", "jaccard", "proximity"} {
		m, err := ParseMethod(s)
		if err != nil || string(m) != s {
			t.Errorf("ParseMethod(%q) = %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"", "Ratio", "pmi"} {
		_, err := ParseMethod(s)
		wantRelError(t, err, "invalid", "expected one of ratio, association")
	}
	if d := Default(Flows); d.Method != MethodRatio || d.Symmetrise != SymmetriseMean || d.Diagonal {
		t.Errorf("flows default %+v", d)
	}
	if d := Default(CoOccurrence); d.Method != MethodAssociation || d.Diagonal {
		t.Errorf("co-occurrence default %+v", d)
	}
	if d := Default(Kind("relatedness")); d.Method != "" {
		t.Errorf("relatedness default %+v", d)
	}
}

func TestRelatednessUKLabourFlows(t *testing.T) {
	pad := func(s string) string { return strings.Repeat("0", max(0, 4-len(s))) + s }
	var links []Link
	for _, f := range realdata.UKFlows(t, "flows_sic2007_2009_2018.csv") {
		links = append(links, Link{From: pad(f.From), To: pad(f.To), Count: f.Count})
	}
	out, directed := runRelatedness(t, Flows, links, Options{})
	if !directed || len(out) != len(links) {
		t.Fatalf("directed %v, %d links, want directed and %d", directed, len(out), len(links))
	}
	for _, l := range out {
		if !(l.Value >= -1 && l.Value < 1) {
			t.Fatalf("%s→%s: value %v outside [−1, 1)", l.From, l.To, l.Value)
		}
	}
	// Computed independently with pandas (/usr/bin/python3), diagonal excluded:
	// F·· = 129524, row 8610 = 5779, column 8690 = 3219, row 8690 = 2870, column 8610 = 7284;
	// R(8610→8690) = 1403·129524/(5779·3219) = 9.768643212849645,
	// R(8690→8610) = 1360·129524/(2870·7284) = 8.426307863925897,
	// mean 9.09747553838777 → (m−1)/(m+1) = 0.8019306912508418.
	v := relValues(out)
	for _, k := range []string{"8610→8690", "8690→8610"} {
		if math.Abs(v[k]-0.8019306912508418) > 1e-12 {
			t.Errorf("%s: value %.16g, want 0.8019306912508418", k, v[k])
		}
	}
	// Codes were left-padded: 0111 (given as 111) is present.
	if _, ok := v["0111→0111"]; !ok {
		t.Error("0111→0111 missing: codes not padded")
	}
}
