package analysis_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// The knowledge domains of a small store: six industries in two sectors, and
// a layer of given relatedness with two triangles (01–10–11 and 21–72–86,
// every link 1) joined by one weaker link 11–21 (0.5). The domains are the
// two triangles. With total weight m = 6.5, each triangle holds weight 3 and
// a strength sum of 6.5, so Q = 2 × (3/6.5 − (6.5/13)²) = 0.423; each has
// all 3 of its pairs linked (density 1) and conductance 0.5/6.5 = 0.077 (the
// weight leaving it over its strength sum). Labels name the dominant sector
// and the most central members.
func ExampleAnalyzer_Domains() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "domainscope-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "example.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	ind := func(code, name, parent string, level int) graphmodel.Industry {
		return graphmodel.Industry{Classification: "toy", Code: code, Name: name, Parent: parent, Level: level}
	}
	_, err = st.LoadIndustries(ctx, graphmodel.IndustriesLoad{
		Provenance:     graphmodel.Provenance{Source: "example"},
		Classification: graphmodel.Classification{Name: "toy", Levels: []string{"sector", "industry"}},
		Industries: []graphmodel.Industry{
			ind("F", "Food and farming", "", 0), ind("H", "Health", "", 0),
			ind("01", "Farming", "F", 1), ind("10", "Food", "F", 1), ind("11", "Beverages", "F", 1),
			ind("21", "Pharmaceuticals", "H", 1), ind("72", "Research", "H", 1), ind("86", "Hospitals", "H", 1),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = st.LoadLayer(ctx, graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: "example"},
		Layer: graphmodel.Layer{Name: "labour", Period: "2020", Kind: graphmodel.KindRelatedness,
			Classification: "toy", Method: "given", Threshold: 0},
		Links: []graphmodel.Link{
			{From: "01", To: "10", Value: 1}, {From: "01", To: "11", Value: 1}, {From: "10", To: "11", Value: 1},
			{From: "21", To: "72", Value: 1}, {From: "21", To: "86", Value: 1}, {From: "72", To: "86", Value: 1},
			{From: "11", To: "21", Value: 0.5},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	res, err := analysis.NewAnalyzer(st).Domains(ctx, analysis.DomainsRequest{
		GraphRequest: analysis.GraphRequest{Layers: []string{"labour"}}, Resolution: 1, Seed: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d domains, modularity %.3f\n", len(res.Domains), res.Modularity)
	for _, d := range res.Domains {
		var codes []string
		for _, m := range d.Members {
			codes = append(codes, m.Code)
		}
		fmt.Printf("#%d %s: density %.2f, conductance %.3f\n   %s\n", d.ID, strings.Join(codes, " "), d.Density, d.Conductance, d.Label)
	}
	// Output:
	// 2 domains, modularity 0.423
	// #1 01 10 11: density 1.00, conductance 0.077
	//    Food and farming: farming, food, beverages
	// #2 21 72 86: density 1.00, conductance 0.077
	//    Health: pharmaceuticals, research, hospitals
}
