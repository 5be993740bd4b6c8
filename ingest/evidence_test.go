package ingest

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/relatedness"
)

// evidenceFlows: A→B 6, B→A 2, A→C 1, C→B 1. Without the diagonal the row
// sums are A 7, B 2, C 1, the column sums A 2, B 7, C 1, the total 10.
const evidenceFlows = "from,to,n\nA,B,6\nB,A,2\nA,C,1\nC,B,1\n"

// poissonTail is P(X ≥ k) for X ~ Poisson(lam), summed term by term.
func poissonTail(k int, lam float64) float64 {
	term, below := math.Exp(-lam), 0.0
	for i := 0; i < k; i++ {
		below += term
		term *= lam / float64(i+1)
	}
	return 1 - below
}

// TestLoadLinkEvidence: Load gives every link of a flows layer its p- and
// q-value (symmetrised ratio: one test per pair), keeps only the links with
// q <= alpha, and records every relatedness option in the provenance.
func TestLoadLinkEvidence(t *testing.T) {
	ld := &fakeLoader{codes: []string{"A", "B", "C"}}
	p := writeFile(t, "f.csv", evidenceFlows)
	layer := graphmodel.Layer{Name: "l", Period: "2020", Kind: graphmodel.KindFlows, Classification: "T"}
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer}); err != nil {
		t.Fatal(err)
	}
	// Pair A–B: count 6 + 2 = 8, λ = 7·7/10 + 2·2/10 = 5.3, p = P(X ≥ 8 | 5.3) = 0.16652.
	// Pairs A–C and B–C: count 1, λ = 0.7 + 0.2 = 0.9, p = 1 − e^−0.9 = 0.59343.
	// BH over the m = 3 pairs of A, B, C: q_AB = min(3·0.16652/1, q_2) = 0.49957,
	// q_AC = q_BC = min(3·0.59343/2, 3·0.59343/3) = 0.59343.
	pAB, pAC := poissonTail(8, 5.3), poissonTail(1, 0.9)
	want := map[[2]string][2]float64{
		{"A", "B"}: {pAB, 3 * pAB}, {"B", "A"}: {pAB, 3 * pAB},
		{"A", "C"}: {pAC, pAC}, {"C", "B"}: {pAC, pAC},
	}
	got := ld.layers[0]
	if err := got.Validate(); err != nil {
		t.Fatalf("the load is not valid: %v", err)
	}
	if !got.Layer.Evidence || len(got.Links) != 4 {
		t.Fatalf("layer %+v with %d links, want evidence on 4 links", got.Layer, len(got.Links))
	}
	for _, l := range got.Links {
		w := want[[2]string{l.From, l.To}]
		if math.Abs(l.PValue-w[0]) > 1e-12 || math.Abs(l.QValue-w[1]) > 1e-12 {
			t.Errorf("link %s→%s: p %v, q %v, want %v and %v", l.From, l.To, l.PValue, l.QValue, w[0], w[1])
		}
	}
	po := got.Provenance.Options
	for k, v := range map[string]string{"method": "ratio", "symmetrise": "mean", "floor": "0", "shrink": "none", "alpha": "0", "tests": "3"} {
		if po[k] != v {
			t.Errorf("provenance option %s = %q, want %q (options %v)", k, po[k], v, po)
		}
	}
	if _, ok := po["prior"]; ok {
		t.Errorf("provenance records a prior without shrinkage: %v", po)
	}

	// α = 0.5 keeps the pair A–B (q 0.4996) only, both directions.
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Alpha: 0.5}}); err != nil {
		t.Fatal(err)
	}
	kept := ld.layers[1]
	if len(kept.Links) != 2 || kept.Links[0].From != "A" || kept.Links[0].To != "B" || kept.Links[1].From != "B" || kept.Links[1].To != "A" {
		t.Errorf("alpha 0.5 kept %+v, want A→B and B→A", kept.Links)
	}
	if kept.Provenance.Options["alpha"] != "0.5" {
		t.Errorf("provenance alpha %q, want 0.5", kept.Provenance.Options["alpha"])
	}

	// Shrinkage with a given prior a = 1: A→B's ratio R = 6/4.9 becomes
	// (6 + 1)/(4.9 + 1) and B→A's 2/0.4 becomes (2 + 1)/(0.4 + 1); the pair's
	// value is that of their mean, ((7/5.9 + 3/1.4)/2 − 1)/((7/5.9 + 3/1.4)/2 + 1).
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer,
		Relatedness: RelatednessOptions{Shrinkage: "gamma-poisson", Prior: 1, Floor: 1}}); err != nil {
		t.Fatal(err)
	}
	sh := ld.layers[2]
	r := (7/5.9 + 3/1.4) / 2
	if v := sh.Links[0].Value; sh.Links[0].To != "B" || math.Abs(v-(r-1)/(r+1)) > 1e-12 {
		t.Errorf("shrunk A→B: %+v, want value %v", sh.Links[0], (r-1)/(r+1))
	}
	for k, v := range map[string]string{"shrink": "gamma-poisson", "prior": "1", "prior_source": "given", "floor": "1"} {
		if sh.Provenance.Options[k] != v {
			t.Errorf("provenance option %s = %q, want %q (options %v)", k, sh.Provenance.Options[k], v, sh.Provenance.Options)
		}
	}
	// A fitted prior is recorded with its value.
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Shrinkage: "gamma-poisson"}}); err != nil {
		t.Fatal(err)
	}
	if po := ld.layers[3].Provenance.Options; po["prior_source"] != "fitted" || po["prior"] == "" {
		t.Errorf("fitted prior: options %v, want prior and prior_source fitted", po)
	}
}

// TestLoadKnowledgeFlows: method knowledgeflows with floor 10 imputes the
// missing reverse flow at 10, keeps the diagonal in the totals and one
// value per direction, and gives every link its evidence.
func TestLoadKnowledgeFlows(t *testing.T) {
	ld := &fakeLoader{codes: []string{"A", "B"}}
	p := writeFile(t, "f.csv", "from,to,n\nA,A,30\nA,B,20\nB,B,40\n")
	layer := graphmodel.Layer{Name: "l", Period: "2020", Kind: graphmodel.KindFlows, Classification: "T"}
	if _, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer,
		Relatedness: RelatednessOptions{Method: relatedness.MethodKnowledgeFlows, Floor: 10}}); err != nil {
		t.Fatal(err)
	}
	got := ld.layers[0]
	if err := got.Validate(); err != nil {
		t.Fatalf("the load is not valid: %v", err)
	}
	// T: A→A 30, A→B 20, B→A 10 (imputed), B→B 40; rows A 50, B 50; columns
	// A 40, B 60; total 100. SR_AB = 20/(50·60/100) = 2/3 → (2/3 − 1)/(2/3 + 1) = −0.2;
	// SR_BA = 10/(50·40/100) = 1/2 → −1/3; self-links 1.
	want := map[[2]string][2]float64{{"A", "A"}: {30, 1}, {"A", "B"}: {20, -0.2}, {"B", "A"}: {10, -1.0 / 3}, {"B", "B"}: {40, 1}}
	if !got.Layer.Directed || !got.Layer.Evidence || got.Layer.Method != "knowledgeflows" || len(got.Links) != 4 {
		t.Fatalf("layer %+v, %d links", got.Layer, len(got.Links))
	}
	for _, l := range got.Links {
		w := want[[2]string{l.From, l.To}]
		if l.Count != w[0] || math.Abs(l.Value-w[1]) > 1e-12 {
			t.Errorf("link %s→%s: count %v value %v, want %v and %v", l.From, l.To, l.Count, l.Value, w[0], w[1])
		}
	}
	// A→B: 20 moves where 30 are expected: p = P(X ≥ 20 | 30).
	if l := got.Links[1]; math.Abs(l.PValue-poissonTail(20, 30)) > 1e-12 {
		t.Errorf("A→B p-value %v, want %v", l.PValue, poissonTail(20, 30))
	}
	po := got.Provenance.Options
	if po["method"] != "knowledgeflows" || po["floor"] != "10" || po["symmetrise"] != "none" || po["diagonal"] != "true" {
		t.Errorf("provenance options %v", po)
	}
}

// TestLoadEvidenceOptionErrors: α outside (0, 1), a negative or non-finite
// floor, an unknown shrinkage, a prior without shrinkage, knowledgeflows
// without a floor or on co-occurrence: EINVALID naming the option, nothing
// loaded.
func TestLoadEvidenceOptionErrors(t *testing.T) {
	ld := &fakeLoader{codes: []string{"A", "B", "C"}}
	p := writeFile(t, "f.csv", evidenceFlows)
	layer := graphmodel.Layer{Name: "l", Period: "2020", Kind: graphmodel.KindFlows, Classification: "T"}
	co := layer
	co.Kind = graphmodel.KindCoOccurrence
	for _, c := range []struct {
		layer graphmodel.Layer
		rel   RelatednessOptions
		field string
		want  string
	}{
		{layer, RelatednessOptions{Alpha: 1}, "alpha", `option alpha "1": expected a false discovery rate in (0, 1)`},
		{layer, RelatednessOptions{Alpha: 1.5}, "alpha", `option alpha "1.5"`},
		{layer, RelatednessOptions{Alpha: -0.05}, "alpha", `option alpha "-0.05"`},
		{layer, RelatednessOptions{Alpha: math.NaN()}, "alpha", `option alpha "NaN"`},
		{layer, RelatednessOptions{Floor: -10}, "floor", `option floor "-10": expected the disclosure floor`},
		{layer, RelatednessOptions{Floor: math.Inf(1)}, "floor", `option floor "+Inf"`},
		{layer, RelatednessOptions{Shrinkage: "bayes"}, "shrink", `option shrink "bayes": expected none or gamma-poisson`},
		{layer, RelatednessOptions{Prior: 2}, "prior", `option prior "2": expected no prior without shrink gamma-poisson`},
		{layer, RelatednessOptions{Shrinkage: "gamma-poisson", Prior: -1}, "prior", `option prior "-1"`},
		{layer, RelatednessOptions{Method: "cosine", Shrinkage: "gamma-poisson"}, "shrink", "gamma-poisson shrinks the ratio and association methods, not cosine"},
		{layer, RelatednessOptions{Method: "knowledgeflows"}, "floor", "with method knowledgeflows"},
		{co, RelatednessOptions{Method: "knowledgeflows", Floor: 10}, "method", "knowledgeflows applies to flows"},
	} {
		_, err := Load(context.Background(), ld, p, LinksOptions{Layer: c.layer, Relatedness: c.rel})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != c.field || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v (field %q), want EINVALID on field %q containing %q", c.rel, err, graphmodel.ErrorField(err), c.field, c.want)
		}
	}
	// A count below the floor contradicts it: EINVALID, nothing loaded.
	_, err := Load(context.Background(), ld, p, LinksOptions{Layer: layer, Relatedness: RelatednessOptions{Floor: 10}})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || err == nil || !strings.Contains(err.Error(), "below the disclosure floor 10") {
		t.Errorf("counts below floor 10: got %v, want EINVALID naming the floor", err)
	}
	if len(ld.layers) != 0 {
		t.Errorf("bad options loaded %d layers", len(ld.layers))
	}
}

// TestRecomputeRefusesFilteredLayers: a layer loaded with a significance
// filter or with knowledgeflows does not store the file's counts (links
// dropped, reverse flows imputed), so Recompute refuses it and changes
// nothing.
func TestRecomputeRefusesFilteredLayers(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inds := []graphmodel.Industry{{Classification: "T", Code: "A", Name: "a"}, {Classification: "T", Code: "B", Name: "b"}, {Classification: "T", Code: "C", Name: "c"}}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "T"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, "f.csv", "from,to,n\nA,B,60\nB,A,20\nA,C,10\nC,B,10\n")
	for i, rel := range []RelatednessOptions{{Alpha: 0.5}, {Method: relatedness.MethodKnowledgeFlows, Floor: 10}} {
		layer := graphmodel.Layer{Name: "labour", Period: strconv.Itoa(2020 + i), Kind: graphmodel.KindFlows, Classification: "T"}
		if _, err := Load(ctx, st, p, LinksOptions{Layer: layer, Relatedness: rel}); err != nil {
			t.Fatal(err)
		}
		v, _ := st.Version(ctx)
		_, err := Recompute(ctx, st, "labour", layer.Period, RelatednessOptions{})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "load it again from its file") {
			t.Errorf("recomputing a layer loaded with %+v: %v, want EINVALID", rel, err)
		}
		if after, _ := st.Version(ctx); after != v {
			t.Errorf("a refused recompute changed the store version from %d to %d", v, after)
		}
	}
}
