package analysis_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// TestContents loads industries, a layer and a regional set into an empty
// store (three loads: version 3) and reads them back.
func TestContents(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	an := analysis.NewAnalyzer(st)
	empty, err := an.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if empty.Version != 0 || len(empty.Classifications)+len(empty.Layers)+len(empty.RegionalSets)+len(empty.Regions)+len(empty.Datasets) != 0 {
		t.Fatalf("empty store: %+v", empty)
	}

	prov := graphmodel.Provenance{Source: "test"}
	inds := []graphmodel.Industry{{Classification: "toy", Code: "10", Name: "Food"}, {Classification: "toy", Code: "11", Name: "Drinks"}, {Classification: "toy", Code: "21", Name: "Pharma"}}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Provenance: prov, Classification: graphmodel.Classification{Name: "toy", Levels: []string{"industry"}}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	layer := graphmodel.Layer{Name: "labour", Period: "2020", Kind: graphmodel.KindRelatedness, Classification: "toy", Method: "given"}
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Provenance: prov, Layer: layer, Links: []graphmodel.Link{{From: "10", To: "11", Value: 0.5}}}); err != nil {
		t.Fatal(err)
	}
	set := graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "toy", Period: "2020"}
	if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{Provenance: prov, Set: set,
		Regions: []graphmodel.Region{{ID: "n", Name: "North"}, {ID: "s", Name: "South"}},
		Values:  []graphmodel.RegionalValue{{Region: "n", Industry: "10", Value: 5}, {Region: "s", Industry: "21", Value: 7}}}); err != nil {
		t.Fatal(err)
	}

	c, err := an.Contents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 3 {
		t.Errorf("version %d, want 3 (one per load)", c.Version)
	}
	if len(c.Classifications) != 1 || c.Classifications[0].Name != "toy" || c.Classifications[0].Industries != 3 {
		t.Errorf("classifications %+v, want toy with 3 industries", c.Classifications)
	}
	// One link between two of the three industries: 1 link, 2 nodes.
	if len(c.Layers) != 1 || c.Layers[0].Key() != "labour@2020" || c.Layers[0].Links != 1 || c.Layers[0].Nodes != 2 {
		t.Errorf("layers %+v, want labour@2020 with 1 link and 2 nodes", c.Layers)
	}
	if len(c.RegionalSets) != 1 || c.RegionalSets[0] != set {
		t.Errorf("regional sets %+v, want %+v", c.RegionalSets, set)
	}
	if len(c.Regions) != 2 {
		t.Errorf("regions %+v, want North and South", c.Regions)
	}
	if len(c.Datasets) != 3 {
		t.Errorf("%d datasets, want 3", len(c.Datasets))
	}
	kinds := map[string]bool{}
	for _, d := range c.Datasets {
		kinds[d.Kind] = true
	}
	if !kinds["industries"] || !kinds["layer"] || !kinds["regional"] {
		t.Errorf("dataset kinds %v, want industries, layer and regional", kinds)
	}
}
