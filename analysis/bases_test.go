package analysis

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/specbases"
)

// basesStore holds four industries in two domains, {a, b} and {c, d} (one
// given link each), and two regions:
//
//	employment  r1: a 100, b 100, c 300, d 500 (1000)   r2: a 400, b 400, c 100, d 100 (1000)
//	patents     r1: a 300, b 300, c 10,  d 10  (620)    r2: a 100, b 100, c 200, d 200 (600)
func basesStore(t *testing.T) (*Analyzer, graphmodel.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "bases.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var inds []graphmodel.Industry
	for _, c := range []string{"a", "b", "c", "d"} {
		inds = append(inds, graphmodel.Industry{Classification: "N", Code: c, Name: "Industry " + strings.ToUpper(c)})
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "N"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	layer := graphmodel.Layer{Name: "rel", Period: "2015", Kind: graphmodel.KindRelatedness, Classification: "N", Method: "given"}
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Layer: layer, Links: []graphmodel.Link{{From: "a", To: "b", Value: 1}, {From: "c", To: "d", Value: 1}}}); err != nil {
		t.Fatal(err)
	}
	regions := []graphmodel.Region{{ID: "r1", Name: "Region One"}, {ID: "r2", Name: "Region Two"}}
	loadBasesSet(t, st, graphmodel.MeasureEmployment, regions, [2][4]float64{{100, 100, 300, 500}, {400, 400, 100, 100}})
	loadBasesSet(t, st, graphmodel.MeasurePatents, regions, [2][4]float64{{300, 300, 10, 10}, {100, 100, 200, 200}})
	return NewAnalyzer(st), st
}

func loadBasesSet(t *testing.T, st graphmodel.Store, m graphmodel.Measure, regions []graphmodel.Region, x [2][4]float64) {
	t.Helper()
	var vals []graphmodel.RegionalValue
	for r, row := range x {
		for i, v := range row {
			vals = append(vals, graphmodel.RegionalValue{Region: regions[r].ID, Industry: string(rune('a' + i)), Value: v})
		}
	}
	set := graphmodel.RegionalSet{Measure: m, Classification: "N", Period: "2015"}
	if _, err := st.LoadRegional(context.Background(), graphmodel.RegionalLoad{Set: set, Regions: regions, Values: vals}); err != nil {
		t.Fatal(err)
	}
}

func basesReq(region, by string) BasesRequest {
	return BasesRequest{RegionRequest: RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{"rel"}}, Resolution: 1, Seed: 1}, Region: region}, By: by}
}

// unitOf returns the unit whose codes start with code.
func unitOf(t *testing.T, res *BasesResult, code string) BasesUnit {
	t.Helper()
	for _, u := range res.Units {
		if slices.Contains(u.Codes, code) {
			return u
		}
	}
	t.Fatalf("no unit holds %s: %+v", code, res.Units)
	return BasesUnit{}
}

func nearCell(t *testing.T, what string, c specbases.Cell, want float64) {
	t.Helper()
	if c.Value == nil || math.Abs(*c.Value-want) > 1e-9 {
		t.Errorf("%s = %v, want %.6g", what, c.Value, want)
	}
}

func TestBasesHand(t *testing.T) {
	a, st := basesStore(t)
	ctx := context.Background()
	res, err := a.Bases(ctx, basesReq("Region One", "domain"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bases) != 2 || res.Bases[1].Measure != "patents" || res.Bases[1].RegionTotal != 620 || res.Bases[1].Thin {
		t.Fatalf("bases = %+v, want jobs and patents (620 in r1, more than 500)", res.Bases)
	}
	if len(res.Missing) != 1 || res.Missing[0].Measure != graphmodel.MeasurePublications || !strings.Contains(res.Missing[0].Reason, "science needs publication counts") {
		t.Errorf("missing = %+v, want publications named", res.Missing)
	}
	ab, cd := unitOf(t, res, "a"), unitOf(t, res, "c")
	// {a, b} in r1: LQ (200/1000)/(1000/2000) = 0.4; RTA (600/620)/(800/1220) = 732000/496000 = 1.475806…
	nearCell(t, "LQ {a,b}", ab.Cells[0], 0.4)
	nearCell(t, "RTA {a,b}", ab.Cells[1], 732000.0/496000)
	// {c, d}: LQ (800/1000)/(1000/2000) = 1.6; RTA (20/620)/(420/1220) = 24400/260400 = 0.0937…
	nearCell(t, "LQ {c,d}", cd.Cells[0], 1.6)
	nearCell(t, "RTA {c,d}", cd.Cells[1], 24400.0/260400)
	if ab.Match != specbases.Latent || cd.Match != specbases.JobsOnly {
		t.Errorf("{a,b} %q, {c,d} %q; want latent and jobs-only", ab.Match, cd.Match)
	}
	if res.Units[0].Match != specbases.Latent || res.Counts[specbases.Latent] != 1 || res.Counts[specbases.JobsOnly] != 1 {
		t.Errorf("units %+v counts %v: want the latent domain first, one of each", res.Units, res.Counts)
	}

	// By industry: a in r1 has LQ (100/1000)/(500/2000) = 0.4 and RTA (300/620)/(400/1220) = 366000/248000.
	ind, err := a.Bases(ctx, basesReq("r1", "industry"))
	if err != nil {
		t.Fatal(err)
	}
	ua := unitOf(t, ind, "a")
	nearCell(t, "LQ a", ua.Cells[0], 0.4)
	nearCell(t, "RTA a", ua.Cells[1], 366000.0/248000)
	if len(ind.Units) != 4 || ua.Match != specbases.Latent || ua.Label != "a Industry A" {
		t.Errorf("by industry: %d units, a = %+v", len(ind.Units), ua)
	}

	// Publications: r1 a 5, b 5, c 100, d 100 (210); r2 a 100, b 100 (200).
	regions := []graphmodel.Region{{ID: "r1", Name: "Region One"}, {ID: "r2", Name: "Region Two"}}
	loadBasesSet(t, st, graphmodel.MeasurePublications, regions, [2][4]float64{{5, 5, 100, 100}, {100, 100, 0, 0}})
	res, err = a.Bases(ctx, basesReq("r1", "domain"))
	if err != nil {
		t.Fatal(err)
	}
	// 210 publications are not more than 500: science is thin, so {c,d} is no longer
	// jobs-only (its knowledge is not weak on every basis), and says why.
	cd = unitOf(t, res, "c")
	if len(res.Bases) != 3 || !res.Bases[2].Thin || cd.Match != specbases.NoMatch || !cd.Cells[2].Thin || !strings.Contains(cd.Why, "too thin") {
		t.Errorf("thin science: bases %+v, {c,d} %+v", res.Bases, cd)
	}
	// With min_total 200: RSA {c,d} = (200/210)/(200/410) = 410/210 on 200 publications: matched with LQ 1.6.
	p := specbases.Default()
	p.MinTotal = 200
	req := basesReq("r1", "domain")
	req.Params = &p
	if res, err = a.Bases(ctx, req); err != nil {
		t.Fatal(err)
	}
	cd = unitOf(t, res, "c")
	nearCell(t, "RSA {c,d}", cd.Cells[2], 410.0/210)
	if cd.Match != specbases.Matched || res.Params.MinTotal != 200 {
		t.Errorf("min_total 200: {c,d} = %+v, params %+v; want matched", cd, res.Params)
	}
	// Knowledge limited to publications: {a,b} has RSA (10/210)/(210/410) = 4100/44100, weak; LQ 0.4 weak: no match.
	req.Knowledge = []graphmodel.Measure{graphmodel.MeasurePublications}
	if res, err = a.Bases(ctx, req); err != nil {
		t.Fatal(err)
	}
	ab = unitOf(t, res, "a")
	nearCell(t, "RSA {a,b}", ab.Cells[1], 4100.0/44100)
	if len(res.Bases) != 2 || ab.Match != specbases.NoMatch {
		t.Errorf("publications only: bases %d, {a,b} %+v", len(res.Bases), ab)
	}
}

func TestBasesBadInput(t *testing.T) {
	a, st := basesStore(t)
	ctx := context.Background()
	before, err := st.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	neg := specbases.Default()
	neg.MinCell = -1
	cases := []struct {
		name, code, field string
		edit              func(r *BasesRequest)
	}{
		{"unknown measure", graphmodel.EINVALID, "knowledge", func(r *BasesRequest) { r.Knowledge = []graphmodel.Measure{"citations"} }},
		{"employment as knowledge", graphmodel.EINVALID, "knowledge", func(r *BasesRequest) { r.Knowledge = []graphmodel.Measure{"employment"} }},
		{"measure not employment", graphmodel.EINVALID, "measure", func(r *BasesRequest) { r.Measure = graphmodel.MeasurePatents }},
		{"negative minimum", graphmodel.EINVALID, "min_cell", func(r *BasesRequest) { r.Params = &neg }},
		{"by", graphmodel.EINVALID, "by", func(r *BasesRequest) { r.By = "sector" }},
		{"several regions", graphmodel.EINVALID, "regions", func(r *BasesRequest) { r.Regions = []string{"r1", "r2"} }},
		{"no region", graphmodel.EINVALID, "region", func(r *BasesRequest) { r.Region = "" }},
		{"unknown region", graphmodel.ENOTFOUND, "region", func(r *BasesRequest) { r.Region = "atlantis" }},
	}
	for _, c := range cases {
		req := basesReq("r1", "domain")
		c.edit(&req)
		_, err := a.Bases(ctx, req)
		if graphmodel.ErrorCode(err) != c.code || graphmodel.ErrorField(err) != c.field {
			t.Errorf("%s: error %v (code %s, field %q), want %s with field %q", c.name, err, graphmodel.ErrorCode(err), graphmodel.ErrorField(err), c.code, c.field)
		}
	}
	after, err := st.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("bad requests changed the datasets: %v → %v", before, after)
	}
}

// TestBasesDemoLatent: the demo plants a latent domain (ingest/demo
// genPublications): Quenby publishes four times its share of life-science
// research (21, 72, 75, 86) while its jobs in the food ↔ life-sciences domain
// are below the national share. Its domain holding 21 and 72 must be latent
// on science (RSA ≥ 1 on more than 10 publications, LQ < 1) and come first.
func TestBasesDemoLatent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo store")
	}
	dir := t.TempDir()
	files, err := demo.Write(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	thr := 0.3 // the demo command's threshold on its labour layers
	for _, f := range files {
		if _, err := ingest.Load(ctx, st, f.Path, f.LoadOptions(ingest.RelatednessOptions{Threshold: &thr})); err != nil {
			t.Fatal(err)
		}
	}
	a := NewAnalyzer(st)
	req := BasesRequest{RegionRequest: RegionRequest{DomainsRequest: DomainsRequest{GraphRequest: GraphRequest{Layers: []string{DemoLayer}}, Resolution: 1, Seed: 1}, Region: "Quenby"}}
	res, err := a.Bases(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Bases) != 3 || res.Bases[0].Period != "2015" || res.Bases[2].Measure != "publications" || res.Bases[2].Thin {
		t.Fatalf("bases = %+v; want jobs, patents, publications of 2015 (jobs take the knowledge period)", res.Bases)
	}
	life := unitOf(t, res, "72")
	if !slices.Contains(life.Codes, "21") || life.Match != specbases.Latent || life.Cells[2].Level != specbases.Strong || *life.Cells[0].Value >= 1 {
		t.Errorf("the life-science domain = %+v, want latent on science with LQ < 1", life)
	}
	if res.Units[0].ID != life.ID {
		t.Errorf("first unit %s %q, want the planted latent domain %s first", res.Units[0].ID, res.Units[0].Match, life.ID)
	}
	// The planted pull makes Quenby's science advantage in this domain the
	// largest of all 36 regions (measured: 1.51; the next, Lowmere's, 1.45 is
	// a life-science region with the jobs to match).
	regions, err := st.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions {
		if r.Name == "Quenby" {
			continue
		}
		req.Region = r.ID
		other, err := a.Bases(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if u := unitOf(t, other, "72"); u.Cells[2].Value != nil && *u.Cells[2].Value >= *life.Cells[2].Value {
			t.Errorf("%s: RSA %.2f of the life-science domain, not below Quenby's planted %.2f", r.Name, *u.Cells[2].Value, *life.Cells[2].Value)
		}
	}
}

// TestProfileRefusesPublications: the profile, change and dynamics compute
// LQ or RTA rules that do not fit publications; they refuse the measure with
// its Field instead of treating publications as jobs.
func TestProfileRefusesPublications(t *testing.T) {
	a, _ := basesStore(t)
	ctx := context.Background()
	req := basesReq("r1", "").RegionRequest
	req.Measure = graphmodel.MeasurePublications
	_, err := a.Region(ctx, req)
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "measure" || !strings.Contains(err.Error(), "region bases") {
		t.Errorf("region profile of publications: %v, want EINVALID on measure pointing to region bases", err)
	}
	_, err = a.RegionChange(ctx, RegionChangeRequest{Region: "r1", Measure: graphmodel.MeasurePublications})
	if graphmodel.ErrorField(err) != "measure" {
		t.Errorf("region change of publications: %v, want EINVALID on measure", err)
	}
	_, err = a.Dynamics(ctx, DynamicsRequest{Measure: "citations"})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "measure" {
		t.Errorf("dynamics of citations: %v, want EINVALID on measure", err)
	}
}
