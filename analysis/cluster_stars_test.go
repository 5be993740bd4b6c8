package analysis

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/domainscope/domainscope/clusterstars"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// tirolStore is a small European table consistent with the seed's Tirol
// example (../shared/docs/seeds/001_c99655e39aa7d777.txt, lines 1607–1613,
// the Cluster Observatory box of the clusters-and-S3 report; digest
// domain-digest.md line 258): "the Tirol region (in 2009) had about 32,000
// employees in the Tourism and Hospitality sector … a location quotient of
// 8"; "some 500 employees" in textiles, "a location quotient of about 0.5".
//
// Ten regions, 25,600,000 jobs: Tirol 320,000, rest of Austria 3,680,000 and
// eight others of 2,700,000. Tourism (551 + 561) is 320,000 jobs = 1.25 % of
// all, textiles (131 + 139) 80,000 = 0.3125 %; so Tirol's LQs are
// (32,000/320,000)/0.0125 = 8 and (500/320,000)/0.003125 = 0.5. Every other
// job is in 999, an industry outside both domains.
func tirolStore(t *testing.T) *Analyzer {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "tirol.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	inds := []graphmodel.Industry{
		{Classification: "N", Code: "551", Name: "Hotels and similar accommodation", Level: 0},
		{Classification: "N", Code: "561", Name: "Restaurants", Level: 0},
		{Classification: "N", Code: "131", Name: "Spinning of textile fibres", Level: 0},
		{Classification: "N", Code: "139", Name: "Manufacture of other textiles", Level: 0},
		{Classification: "N", Code: "999", Name: "Everything else", Level: 0},
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "N"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	layer := graphmodel.Layer{Name: "rel", Period: "2009", Kind: graphmodel.KindRelatedness, Classification: "N", Method: "given"}
	links := []graphmodel.Link{{From: "551", To: "561", Value: 1}, {From: "131", To: "139", Value: 1}}
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, name         string
		total, tour, tex float64
	}
	rows := []row{
		{"at33", "Tirol", 320000, 32000, 500},
		{"at-rest", "Rest of Austria", 3680000, 48000, 7500},
		{"e1", "Region 1", 2700000, 40000, 20000},
		{"e2", "Region 2", 2700000, 35000, 12000},
		{"e3", "Region 3", 2700000, 30000, 10000},
		{"e4", "Region 4", 2700000, 30000, 8000},
		{"e5", "Region 5", 2700000, 30000, 8000},
		{"e6", "Region 6", 2700000, 25000, 6000},
		{"e7", "Region 7", 2700000, 25000, 4000},
		{"e8", "Region 8", 2700000, 25000, 4000},
	}
	var regions []graphmodel.Region
	var values []graphmodel.RegionalValue
	for _, r := range rows {
		regions = append(regions, graphmodel.Region{ID: r.id, Name: r.name})
		// Tourism split 5/8 hotels, 3/8 restaurants; textiles 3/5 and 2/5.
		for code, v := range map[string]float64{"551": r.tour * 5 / 8, "561": r.tour * 3 / 8, "131": r.tex * 3 / 5, "139": r.tex * 2 / 5, "999": r.total - r.tour - r.tex} {
			values = append(values, graphmodel.RegionalValue{Region: r.id, Industry: code, Value: v})
		}
	}
	if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{
		Set:     graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "N", Period: "2009"},
		Regions: regions, Values: values,
	}); err != nil {
		t.Fatal(err)
	}
	return NewAnalyzer(st)
}

func tirolRequest() StarsRequest {
	return StarsRequest{RegionRequest: RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}}, Region: "Tirol"}}
}

// TestClusterStarsTirol runs the seed's Tirol example through ClusterStars.
//
//	tourism: LQ 8 → specialisation star; share 32,000/320,000 = 10 %, the
//	largest of the 20 region × domain shares (next: Region 1, 40,000/2.7M =
//	1.48 %) → focus star (top 10 % of 20 = ranks 1–2); jobs rank 4 of 10
//	(48,000, 40,000, 35,000 are larger) → no size star (top 10 % = rank 1). 2 stars.
//	textiles: LQ 0.5, share 0.16 %, rank 10 of 10 by jobs → 0 stars.
//
// With size_top 0.4 (ranks 1–4) tourism gains the size star: 3 stars.
func TestClusterStarsTirol(t *testing.T) {
	a := tirolStore(t)
	ctx := context.Background()
	res, err := a.ClusterStars(ctx, tirolRequest())
	if err != nil {
		t.Fatal(err)
	}
	if res.Region.ID != "at33" || res.Regions != 10 || len(res.Clusters) != 2 {
		t.Fatalf("region %+v of %d, clusters %+v", res.Region, res.Regions, res.Clusters)
	}
	tour, tex := res.Clusters[0], res.Clusters[1]
	if tour.Jobs != 32000 || tex.Jobs != 500 {
		t.Fatalf("jobs %g and %g, want 32000 (tourism first) and 500", tour.Jobs, tex.Jobs)
	}
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	if !near(tour.LQ, 8) || !near(tex.LQ, 0.5) {
		t.Errorf("LQ tourism %g textiles %g, want 8 and 0.5", tour.LQ, tex.LQ)
	}
	if tour.Stars != 2 || tour.Size || !tour.Specialisation || !tour.Focus || tour.SizeRank != 4 || tour.FocusRank != 1 || tour.FocusOf != 20 {
		t.Errorf("tourism %+v, want 2 stars (specialisation, focus), size rank 4, focus rank 1 of 20", tour.Rating)
	}
	if tex.Stars != 0 || tex.SizeRank != 10 {
		t.Errorf("textiles %+v, want 0 stars, size rank 10", tex.Rating)
	}
	req := tirolRequest()
	req.Thresholds.SizeTop = 0.4
	if res, err = a.ClusterStars(ctx, req); err != nil {
		t.Fatal(err)
	}
	if c := res.Clusters[0]; c.Stars != 3 || !c.Size {
		t.Errorf("size_top 0.4: tourism %+v, want 3 stars", c.Rating)
	}
	if res.Request.Thresholds != (clusterstars.Thresholds{SizeTop: 0.4, MinLQ: 2, FocusTop: 0.1}) {
		t.Errorf("thresholds %+v: defaults not filled in", res.Request.Thresholds)
	}
}

func TestClusterStarsInvalid(t *testing.T) {
	a := tirolStore(t)
	ctx := context.Background()
	for _, c := range []struct {
		mod         func(*StarsRequest)
		code, field string
	}{
		{func(r *StarsRequest) { r.Thresholds.SizeTop = 1.5 }, graphmodel.EINVALID, "size_top"},
		{func(r *StarsRequest) { r.Thresholds.MinLQ = -2 }, graphmodel.EINVALID, "min_lq"},
		{func(r *StarsRequest) { r.Thresholds.FocusTop = 7 }, graphmodel.EINVALID, "focus_top"},
		{func(r *StarsRequest) { r.By = "colour" }, graphmodel.EINVALID, "by"},
		{func(r *StarsRequest) { r.Region = "" }, graphmodel.EINVALID, "region"},
		{func(r *StarsRequest) { r.Region = "Atlantis" }, graphmodel.ENOTFOUND, ""},
	} {
		req := tirolRequest()
		c.mod(&req)
		_, err := a.ClusterStars(ctx, req)
		if graphmodel.ErrorCode(err) != c.code || graphmodel.ErrorField(err) != c.field {
			t.Errorf("%+v: %v (field %q), want %s on %q", req, err, graphmodel.ErrorField(err), c.code, c.field)
		}
	}
}

// TestClusterStarsLevel rates groups of a classification level: with every
// industry at level 0 each industry is its own group, so 551 alone holds
// 20,000 of Tirol's jobs: LQ (20,000/320,000)/(200,000/25.6M) = 8.
func TestClusterStarsLevel(t *testing.T) {
	a := tirolStore(t)
	req := tirolRequest()
	req.By = "level"
	res, err := a.ClusterStars(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Clusters {
		if c.ID == "551" {
			if c.Jobs != 20000 || math.Abs(c.LQ-8) > 1e-9 || c.Label != "551 Hotels and similar accommodation" {
				t.Errorf("551: %+v", c)
			}
			return
		}
	}
	t.Errorf("no group 551 in %+v", res.Clusters)
}
