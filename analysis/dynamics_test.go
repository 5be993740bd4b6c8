package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// dynamicsStore is regionChangeStore (two regions, A–D, 2015 and 2020) with
// a given relatedness layer A–B 2, B–C 1, C–D 1, A–D 1, B–D 3.
func dynamicsStore(t *testing.T) *Analyzer {
	an := regionChangeStore(t)
	chGiven(t, an.Store.(graphmodel.Store), "T", "rel", "p", []graphmodel.Link{{From: "A", To: "B", Value: 2}, {From: "B", To: "C", Value: 1},
		{From: "C", To: "D", Value: 1}, {From: "A", To: "D", Value: 1}, {From: "B", To: "D", Value: 3}})
	return an
}

// TestDynamicsHand: LQs of r1 as in regionChangeStore (2015 A 1.65, B 0.825,
// C 0.275, D 1.833; 2020 A 1.676, B 1.054, C 0.245, D 0.897). r2 (210 of
// 330 in 2015, 220 of 350 in 2020): 2015 A 40/210/(100/330) = 0.629, B 1.1,
// C 1.414, D 10/210/(30/330) = 0.524; 2020 A 0.600, B 70/220/(115/350) =
// 0.968, C 1.446, D 20/220/(30/350) = 1.061. With no value floor and α
// near 1 every LQ ≥ 1 cell is established: entries r1·B and r2·D, exits
// r1·D and r2·B, kept r1·A and r2·C; at risk r1·B, r1·C, r2·A, r2·D.
// Densities at the start (r1 has A, D; r2 has B, C): r1·B (A 2 + D 3)/6 =
// 83.33, r1·C D 1/2 = 50, r2·A B 2/3 = 66.67, r2·D (C 1 + B 3)/5 = 80. Both
// entries outrank both non-entries: AUC 1, and the logit does not exist
// (perfect separation), which the result says.
func TestDynamicsHand(t *testing.T) {
	an := dynamicsStore(t)
	zero := 0.0
	req := DynamicsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}, MinJobs: &zero, Alpha: 0.999999, MinEntries: 2}
	res, err := an.Dynamics(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.From.Period != "2015" || res.To.Period != "2020" || res.AtRisk != 4 || res.Entries != 2 || res.Exits != 2 || res.Kept != 2 {
		t.Fatalf("periods %s→%s, at risk %d, entries %d, exits %d, kept %d; want 2015→2020, 4, 2, 2, 2",
			res.From.Period, res.To.Period, res.AtRisk, res.Entries, res.Exits, res.Kept)
	}
	got := map[string]float64{}
	for _, c := range res.EntryList {
		got[c.Region+"·"+c.Code] = c.DensityFrom
	}
	if len(got) != 2 || !chNear(got["r1·B"], 500.0/6, 1e-9) || !chNear(got["r2·D"], 80, 1e-9) {
		t.Fatalf("entries %v; want r1·B 83.33 and r2·D 80", got)
	}
	if !chNear(res.MeanDensityEntries, (500.0/6+80)/2, 1e-9) || !chNear(res.MeanDensityOthers, (50+200.0/3)/2, 1e-9) {
		t.Fatalf("mean densities %v / %v", res.MeanDensityEntries, res.MeanDensityOthers)
	}
	if !res.Tested || res.AUC == nil || *res.AUC != 1 || res.Logit != nil || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "separates") {
		t.Fatalf("tested %v, AUC %v, logit %v, warnings %v; want AUC 1 and a separation warning", res.Tested, res.AUC, res.Logit, res.Warnings)
	}
	// Three entries needed: no test, and the reason.
	req.MinEntries = 3
	res, err = an.Dynamics(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Tested || res.AUC != nil || !strings.HasPrefix(res.Verdict, "too few entries to test") {
		t.Fatalf("tested %v, AUC %v, verdict %q; want too few entries", res.Tested, res.AUC, res.Verdict)
	}
}

// TestDynamicsErrors: one period of values and bad parameters are EINVALID.
func TestDynamicsErrors(t *testing.T) {
	st := chStore(t)
	chIndustries(t, st, "T", "A", "B")
	chGiven(t, st, "T", "rel", "p", []graphmodel.Link{{From: "A", To: "B", Value: 1}})
	regions := []graphmodel.Region{{ID: "r1"}, {ID: "r2"}}
	set := graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "T", Period: "2015"}
	vals := []graphmodel.RegionalValue{{Region: "r1", Industry: "A", Value: 10}, {Region: "r2", Industry: "B", Value: 10}}
	if _, err := st.LoadRegional(context.Background(), graphmodel.RegionalLoad{Set: set, Regions: regions, Values: vals}); err != nil {
		t.Fatal(err)
	}
	an := NewAnalyzer(st)
	g := GraphRequest{Layers: []string{"rel"}}
	_, err := an.Dynamics(context.Background(), DynamicsRequest{GraphRequest: g})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "dynamics needs two periods of regional values") {
		t.Fatalf("one period: %v; want EINVALID 'dynamics needs two periods of regional values'", err)
	}
	an = dynamicsStore(t)
	for name, req := range map[string]DynamicsRequest{
		"min_entries": {GraphRequest: g, MinEntries: 1},
		"top":         {GraphRequest: g, Top: -2},
		"alpha":       {GraphRequest: g, Alpha: 1.5},
		"reversed":    {GraphRequest: g, From: "2020", To: "2015"},
	} {
		req.GraphRequest = GraphRequest{Layers: []string{"rel"}}
		if _, err := an.Dynamics(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%s: %v; want EINVALID", name, err)
		}
	}
}

// TestDynamicsDemo: the demo plants entries where the 2015 density is high
// (ingest/demo genRegional), so density must predict entry there.
func TestDynamicsDemo(t *testing.T) {
	an := NewAnalyzer(chDemo(t))
	res, err := an.Dynamics(context.Background(), DynamicsRequest{GraphRequest: GraphRequest{Layers: []string{DemoLayer}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo: %d regions, at risk %d, entries %d, exits %d, kept %d; %s", res.Regions, res.AtRisk, res.Entries, res.Exits, res.Kept, res.Verdict)
	if !res.Tested || res.AUC == nil || res.Logit == nil {
		t.Fatalf("not tested: %s %v", res.Verdict, res.Warnings)
	}
	if *res.AUC < 0.6 || res.Logit.Slope <= 0 || res.Logit.P > 0.01 {
		t.Fatalf("AUC %.3f, slope %.4f (p %.3g): the planted effect is not found", *res.AUC, res.Logit.Slope, res.Logit.P)
	}
	if math.IsNaN(res.Logit.SlopeSE) || res.Logit.SlopeSE <= 0 {
		t.Fatalf("slope SE %v", res.Logit.SlopeSE)
	}
}
