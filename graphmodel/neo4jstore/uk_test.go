package neo4jstore

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/realdata"
)

// ukLoads reads the real UK data with package ingest: SIC 2007 from
// sic2007_structure.csv (three name levels above the 4-digit classes), the
// 2009–2018 flows (codes left-padded to 4 digits, codes missing from the
// structure auto-created, Value = Count so that neighbours rank by count),
// employment 2015 by region, and Hungary's skill relatedness (NACE 3-digit,
// its own classification) as a larger layer.
func ukLoads(t testing.TB) (graphmodel.IndustriesLoad, graphmodel.LayerLoad, graphmodel.RegionalLoad, graphmodel.LayerLoad) {
	t.Helper()
	data := realdata.Dir(t)
	uk := filepath.Join(data, "uk-labour-flows")
	ind, err := ingest.ReadIndustries(filepath.Join(uk, "sic2007_structure.csv"), ingest.IndustriesOptions{
		Classification: "SIC2007", CodeCol: "SIC2007", Codes: ingest.CodeFormat{Pad: 4},
		Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}, Duplicates: "first"})
	if err != nil {
		t.Fatal(err)
	}
	known := ingest.Known{}
	for _, i := range ind.Industries {
		known[i.Code] = true
	}
	flows, err := ingest.ReadLinks(filepath.Join(uk, "flows_sic2007_2009_2018.csv"), ingest.LinksOptions{
		Layer: graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007"},
		Codes: ingest.CodeFormat{Pad: 4}, Unknown: ingest.UnknownCreate, Known: known})
	if err != nil {
		t.Fatal(err)
	}
	for i := range flows.Links {
		flows.Links[i].Value = flows.Links[i].Count
	}
	emp, err := ingest.ReadRegionalWide(filepath.Join(uk, "employment_2015_uk_regions_wide.csv"), ingest.RegionalWideOptions{
		Set:         graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "SIC2007", Period: "2015"},
		IndustryCol: "SIC2007", Exclude: []string{"Industry", "Total", "Description"},
		Codes: ingest.CodeFormat{Pad: 4}, Unknown: ingest.UnknownCreate, Known: known, Duplicates: "sum"})
	if err != nil {
		t.Fatal(err)
	}
	skill, err := ingest.ReadLinks(filepath.Join(data, "hungary-relatedness", "skill_relatedness_nace3_2015_2017.csv"), ingest.LinksOptions{
		Layer: graphmodel.Layer{Name: "skill", Period: "2015-2017", Kind: graphmodel.KindRelatedness, Classification: "NACE2-3"},
		Codes: ingest.CodeFormat{Pad: 3}, ValueCol: "sr_norm", Unknown: ingest.UnknownCreate, Known: ingest.Known{}})
	if err != nil {
		t.Fatal(err)
	}
	return ind, flows, emp, skill
}

// timed runs fn and returns how long it took.
func timed(t testing.TB, what string, fn func() error) time.Duration {
	t.Helper()
	start := time.Now()
	if err := fn(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return time.Since(start)
}

// percentiles returns the 50th and 99th percentiles (nearest rank).
func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	rank := func(p float64) time.Duration { return s[int(math.Ceil(p*float64(len(s))))-1] }
	return rank(0.50), rank(0.99)
}

// TestUKFlows loads the real UK data into Neo4j and into the embedded store,
// checks that both answer every neighbour query identically, and logs load
// times and latencies (run with -v to see them).
func TestUKFlows(t *testing.T) {
	testURI(t)
	ind, flows, emp, skill := ukLoads(t)
	ctx := context.Background()
	n4 := openEmpty(t)
	defer n4.Close()
	sq, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "uk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	stores := []struct {
		name string
		st   graphmodel.Store
	}{{"neo4j", n4}, {"sqlite", sq}}

	var report []string
	logf := func(format string, args ...any) { report = append(report, fmt.Sprintf(format, args...)) }
	for _, s := range stores {
		st := s.st
		for _, step := range []struct {
			what string
			rows int
			fn   func() error
		}{
			{"industries SIC2007", len(ind.Industries), func() error { _, err := st.LoadIndustries(ctx, ind); return err }},
			{"layer labour@2009-2018", len(flows.Links), func() error { _, err := st.LoadLayer(ctx, flows); return err }},
			{"regional employment 2015", len(emp.Values), func() error { _, err := st.LoadRegional(ctx, emp); return err }},
			{"layer skill@2015-2017", len(skill.Links), func() error { _, err := st.LoadLayer(ctx, skill); return err }},
			{"reload labour@2009-2018", len(flows.Links), func() error { _, err := st.LoadLayer(ctx, flows); return err }},
		} {
			d := timed(t, s.name+" "+step.what, step.fn)
			logf("%-6s load %-26s %7d rows %8.0f ms %9.0f rows/s", s.name, step.what, step.rows,
				d.Seconds()*1000, float64(step.rows)/d.Seconds())
		}
	}

	// Same answers: layers (but for dataset ids and versions), industries,
	// every industry's neighbours, regional values.
	ly4, _ := n4.Layer(ctx, "labour", "")
	lys, _ := sq.Layer(ctx, "labour", "")
	ly4.Dataset, ly4.Version, lys.Dataset, lys.Version = 0, 0, 0, 0
	// The file has 3,523 data rows over 439 distinct codes (see
	// sqlitestore's TestUKFlows); no pair repeats.
	if !reflect.DeepEqual(ly4, lys) || ly4.Links != 3523 || ly4.Nodes != 439 {
		t.Errorf("layer: neo4j %+v, sqlite %+v; want equal, 3523 links, 439 nodes", ly4, lys)
	}
	i4, err4 := n4.Industries(ctx, "SIC2007")
	is, errs := sq.Industries(ctx, "SIC2007")
	if err4 != nil || errs != nil || !reflect.DeepEqual(i4, is) {
		t.Errorf("industries differ: %d (%v) and %d (%v)", len(i4), err4, len(is), errs)
	}
	v4, err4 := n4.RegionalValues(ctx, emp.Set)
	vs, errs := sq.RegionalValues(ctx, emp.Set)
	if err4 != nil || errs != nil || !reflect.DeepEqual(v4, vs) || len(v4) != len(emp.Values) {
		t.Errorf("regional values differ: %d (%v) and %d (%v), want %d", len(v4), err4, len(vs), errs, len(emp.Values))
	}
	var codes []string
	for _, i := range i4 {
		codes = append(codes, i.Code)
	}
	lat := map[string][]time.Duration{}
	for _, code := range codes {
		var got [2][]graphmodel.Neighbour
		for k, s := range stores {
			q := graphmodel.NeighbourQuery{Layer: "labour", Code: code, Top: 20}
			start := time.Now()
			ns, err := s.st.Neighbours(ctx, q)
			lat[s.name] = append(lat[s.name], time.Since(start))
			if err != nil {
				t.Fatalf("%s Neighbours(%s): %v", s.name, code, err)
			}
			got[k] = ns
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("neighbours of %s differ:\nneo4j  %+v\nsqlite %+v", code, got[0], got[1])
		}
	}
	// Latency over 1,000 queries per store, cycling through the codes.
	for _, s := range stores {
		lat[s.name] = lat[s.name][:0]
		for i := range 1000 {
			q := graphmodel.NeighbourQuery{Layer: "labour", Code: codes[i%len(codes)], Top: 20}
			start := time.Now()
			if _, err := s.st.Neighbours(ctx, q); err != nil {
				t.Fatal(err)
			}
			lat[s.name] = append(lat[s.name], time.Since(start))
		}
		p50, p99 := percentiles(lat[s.name])
		logf("%-6s Neighbours top 20, %d queries: p50 %v, p99 %v", s.name, len(lat[s.name]), p50, p99)
	}

	for _, line := range report {
		t.Log(line)
	}
}
