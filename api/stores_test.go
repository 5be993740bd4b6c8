package api

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/ingest/realdata"
	"github.com/domainscope/domainscope/relatedness"
)

// known returns the codes stored for a classification.
func known(ctx context.Context, st graphmodel.Store, class string) (ingest.Known, error) {
	inds, err := st.Industries(ctx, class)
	if graphmodel.ErrorCode(err) == graphmodel.ENOTFOUND {
		return ingest.Known{}, nil
	}
	if err != nil {
		return nil, err
	}
	k := ingest.Known{}
	for _, in := range inds {
		k[in.Code] = true
	}
	return k, nil
}

// loadCounts computes the default relatedness of a counts layer (as
// 'domainscope ingest' does: ratio with symmetrised flows for flows,
// association for co-occurrence) and loads it.
func loadCounts(ctx context.Context, st graphmodel.Store, load graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	opt := relatedness.Default(relatedness.Kind(load.Layer.Kind))
	opt.Symmetrise = "mean"
	links, directed, thr, err := ingest.Relatedness(load.Layer.Kind, load.Links, opt)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	load.Links, load.Layer.Directed, load.Layer.Method, load.Layer.Threshold = links, directed, string(opt.Method), thr
	return st.LoadLayer(ctx, load)
}

// buildDemoStore writes the synthetic demo data and loads it into a new
// store at path with ingest.Load, as the CLI's demo command does (with the
// methods' own thresholds).
func buildDemoStore(ctx context.Context, path string) error {
	dir, err := os.MkdirTemp("", "domainscope-api-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := demo.Write(dir, 1)
	if err != nil {
		return err
	}
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, f := range files {
		if _, err := ingest.Load(ctx, st, f.Path, f.LoadOptions(ingest.RelatednessOptions{})); err != nil {
			return err
		}
	}
	return nil
}

// buildUKStore loads the UK labour flows 2009–2018 with the SIC 2007
// structure and 2015 regional employment, as README.md's "Working with real
// data" does with the CLI.
func buildUKStore(t testing.TB, path string) {
	t.Helper()
	d := filepath.Dir(realdata.Path(t, "uk-labour-flows", "flows_sic2007_2009_2018.csv"))
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ind, err := ingest.ReadIndustries(filepath.Join(d, "sic2007_structure.csv"), ingest.IndustriesOptions{Classification: "SIC2007",
		CodeCol: "SIC2007", Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadIndustries(ctx, ind); err != nil {
		t.Fatal(err)
	}
	kn, err := known(ctx, st, "SIC2007")
	if err != nil {
		t.Fatal(err)
	}
	layer := graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007", Directed: true}
	links, err := ingest.ReadLinks(filepath.Join(d, "flows_sic2007_2009_2018.csv"), ingest.LinksOptions{Layer: layer,
		Codes: ingest.CodeFormat{Pad: 4}, Known: kn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadCounts(ctx, st, links); err != nil {
		t.Fatal(err)
	}
	emp, err := ingest.ReadRegionalWide(filepath.Join(d, "employment_2015_uk_regions_wide.csv"), ingest.RegionalWideOptions{
		Set:         graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "SIC2007", Period: "2015"},
		IndustryCol: "SIC2007", Exclude: []string{"Industry", "Total", "Description"}, Unknown: ingest.Unknown("skip"), Known: kn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadRegional(ctx, emp); err != nil {
		t.Fatal(err)
	}
}
