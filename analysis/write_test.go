package analysis_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// recordingWriter is a DomainWriter that keeps what it was given.
type recordingWriter struct {
	run     graphmodel.DomainRun
	domains []graphmodel.Domain
	members []graphmodel.Membership
}

func (w *recordingWriter) WriteDomains(_ context.Context, run graphmodel.DomainRun, d []graphmodel.Domain, m []graphmodel.Membership) error {
	w.run, w.domains, w.members = run, d, m
	return nil
}

// TestWriteDomains writes the domains of two triangles 01–10–11 and
// 21–72–86 (links 1) joined by 11–21 (0.5), as in ExampleAnalyzer_Domains.
func TestWriteDomains(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var inds []graphmodel.Industry
	for _, c := range []string{"01", "10", "11", "21", "72", "86"} {
		inds = append(inds, graphmodel.Industry{Classification: "toy", Code: c, Name: "industry " + c})
	}
	prov := graphmodel.Provenance{Source: "test"}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Provenance: prov, Classification: graphmodel.Classification{Name: "toy"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	links := []graphmodel.Link{{From: "01", To: "10", Value: 1}, {From: "01", To: "11", Value: 1}, {From: "10", To: "11", Value: 1},
		{From: "21", To: "72", Value: 1}, {From: "21", To: "86", Value: 1}, {From: "72", To: "86", Value: 1}, {From: "11", To: "21", Value: 0.5}}
	layer := graphmodel.Layer{Name: "labour", Period: "2020", Kind: graphmodel.KindRelatedness, Classification: "toy", Method: "given"}
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Provenance: prov, Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}

	an := analysis.NewAnalyzer(st)
	req := analysis.DomainsRequest{GraphRequest: analysis.GraphRequest{Layers: []string{"labour"}}, Resolution: 1, Seed: 7}
	res, err := an.Domains(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var w recordingWriter
	run, err := an.WriteDomains(ctx, &w, req, res, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "leiden labour@2020 γ=1 seed=7"; run.ID != want || w.run.ID != want {
		t.Errorf("run ID %q (written %q), want %q from the layers and parameters", run.ID, w.run.ID, want)
	}
	if run.Domains != 2 || run.Memberships != 6 || len(w.domains) != 2 || len(w.members) != 6 {
		t.Errorf("run %+v wrote %d domains, %d members; want 2 and 6", run, len(w.domains), len(w.members))
	}
	if w.run.Classification != "toy" || w.run.Params["seed"] != "7" || w.run.Params["resolution"] != "1" || w.run.Params["runs"] != "0" {
		t.Errorf("run %+v", w.run)
	}
	// Each triangle: all 3 pairs linked, 0.5 of its strength 6.5 leaves it.
	for _, d := range w.domains {
		if d.Scores["density"] != 1 || d.Scores["conductance"] != 0.5/6.5 {
			t.Errorf("domain %d scores %v, want density 1 and conductance 0.5/6.5", d.ID, d.Scores)
		}
	}
	// Betweenness with lengths 1/w (unnormalised, each pair once): the
	// shortest paths of the 6 pairs {01, 10} × {21, 72, 86} run through 11,
	// those of the 6 pairs {01, 10, 11} × {72, 86} through 21, none through 01.
	by := map[string]map[string]float64{}
	for _, m := range w.members {
		by[m.Code] = m.Scores
	}
	if by["01"]["betweenness"] != 0 || by["11"]["betweenness"] != 6 || by["21"]["betweenness"] != 6 {
		t.Errorf("betweenness 01 %v, 11 %v, 21 %v: want 0, 6, 6", by["01"]["betweenness"], by["11"]["betweenness"], by["21"]["betweenness"])
	}
	if by["11"]["strength_in_domain"] != 2 { // links 01 and 10, not the 0.5 to 21
		t.Errorf("strength of 11 in its domain %v, want 2", by["11"]["strength_in_domain"])
	}

	if _, err := an.WriteDomains(ctx, &w, req, res, "my run"); err != nil || w.run.ID != "my run" {
		t.Errorf("named run: ID %q, %v", w.run.ID, err)
	}
}
