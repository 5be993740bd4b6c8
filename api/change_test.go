package api

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
)

// TestCompareEndpoint compares the demo's two labour periods. The demo plants
// an emerging link 62–86 from 2015 on (ingest/demo/labour.go: emergingFrom ×
// emergingTo get the domain affinity only from splitYear); with
// floor=0 every count was released, so the pair is kept and its count
// change is tested: it must be a significant increase.
func TestCompareEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	var res CompareResponse
	w := get(t, h, "/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=0&top_k=5&resamples=5")
	decode(t, w, &res)
	if res.From.Period != "2010-2014" || res.To.Period != "2015-2019" || res.Request.TopK != 5 || *res.Request.Floor != 0 {
		t.Fatalf("request %+v, from %s, to %s", res.Request, res.From.Period, res.To.Period)
	}
	if res.Params["floor"] != "0" || res.Params["top_k"] != "5" || res.Params["layer"] != "labour" {
		t.Errorf("params %v", res.Params)
	}
	var found *analysis.PairChange
	for i, p := range res.Pairs {
		if (p.A.Code == "62" && p.B.Code == "86") || (p.A.Code == "86" && p.B.Code == "62") {
			found = &res.Pairs[i]
		}
	}
	if found == nil {
		t.Fatalf("pair 62–86 missing from %d pairs", len(res.Pairs))
	}
	if found.Status != analysis.PairKept || !found.Significant || found.ZAdjusted == nil || *found.ZAdjusted <= 0 {
		t.Errorf("pair 62–86: status %s, significant %v, z_adjusted %v; want a significant increase", found.Status, found.Significant, optG(found.ZAdjusted))
	}
	if len(res.Neighbourhoods) == 0 {
		t.Errorf("no neighbourhood changes")
	}
	// The same comparison as CSV: one row per pair, the same pairs.
	w = get(t, h, "/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=0&top_k=5&resamples=5&format=csv")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil || len(rows) != len(res.Pairs)+1 || rows[0][0] != "a" || rows[0][13] != "significant" {
		t.Fatalf("csv: %d rows (want %d), err %v", len(rows), len(res.Pairs)+1, err)
	}
	// ETag: a repeated request is 304.
	w = get(t, h, "/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=0&top_k=5&resamples=5")
	if etag := w.Header().Get("ETag"); etag == "" {
		t.Error("no ETag")
	} else if w2 := get(t, h, "/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=0&top_k=5&resamples=5", "If-None-Match", etag); w2.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", w2.Code)
	}
}

func TestEvolutionEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	var res analysis.EvolutionResult
	decode(t, get(t, h, "/api/v1/domains/evolution?layer=labour&periods=2010-2014,2015-2019&runs=2"), &res)
	if len(res.Periods) != 2 || len(res.Steps) != 1 || res.Steps[0].From != "2010-2014" || res.Steps[0].To != "2015-2019" {
		t.Fatalf("%d periods, steps %+v", len(res.Periods), res.Steps)
	}
	if res.Request.Runs != 2 || res.Request.Theta != 0.3 || len(res.Rules) == 0 {
		t.Errorf("request %+v, %d rules", res.Request, len(res.Rules))
	}
	// Every domain of the earlier period takes part in at least one event
	// (continuation, growth, contraction, merge, split or death).
	events := 0
	for _, e := range res.Steps[0].Events {
		events += len(e.From)
	}
	if events == 0 {
		t.Errorf("no events: %+v", res.Steps[0])
	}
}

func TestRegionChangeEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	var res analysis.RegionChangeResult
	decode(t, get(t, h, "/api/v1/regions/eastvale/change?from=2015&to=2020"), &res)
	if res.Region.ID != "eastvale" || res.From.Period != "2015" || res.To.Period != "2020" || len(res.Industries) == 0 {
		t.Fatalf("region %s, %s → %s, %d industries", res.Region.ID, res.From.Period, res.To.Period, len(res.Industries))
	}
	// Kept + new + lost specialisations each carry a stage; the counts agree.
	staged := 0
	for _, x := range res.Industries {
		if x.Stage != "" {
			staged++
		}
	}
	if staged != res.Kept+res.New+res.Lost {
		t.Errorf("%d staged industries, kept %d + new %d + lost %d", staged, res.Kept, res.New, res.Lost)
	}
	w := get(t, h, "/api/v1/regions/eastvale/change?from=2015&to=2020&format=csv")
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if w.Code != http.StatusOK || err != nil || len(rows) != len(res.Industries)+1 || rows[0][9] != "stage" {
		t.Errorf("csv: %d, %d rows, err %v", w.Code, len(rows), err)
	}
}

func TestChangeEndpointErrors(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	for _, c := range []struct {
		url, code string
		status    int
		fragments []string
	}{
		{"/api/v1/compare?layer=labour&from=2010-2014&to=2030-2034", "not_found", 404, nil},
		{"/api/v1/compare?layer=labour&from=2010-2014", "invalid", 400, []string{"parameter to"}},
		{"/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=-1", "invalid", 400, []string{"parameter floor", "from 0 to 1000000000"}},
		{"/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&top_k=0", "invalid", 400, []string{"parameter top_k", "1 to 1000"}},
		{"/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&format=gexf", "invalid", 400, []string{"parameter format", "json, csv"}},
		{"/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&bogus=1", "invalid", 400, []string{`unknown parameter "bogus"`, "top_k"}},
		{"/api/v1/domains/evolution?layer=labour&periods=2010-2014", "invalid", 400, []string{"parameter periods", "2 to 50"}},
		{"/api/v1/domains/evolution?layer=labour&periods=2010-2014,2030-2034&runs=0", "not_found", 404, nil},
		{"/api/v1/domains/evolution?layer=labour&periods=2010-2014,2015-2019&theta=2", "invalid", 400, []string{"parameter theta", "above 0 and at most 1"}},
		{"/api/v1/regions/eastvale/change?from=2015&to=1999", "not_found", 404, nil},
		{"/api/v1/regions/nowhere/change", "not_found", 404, nil},
		{"/api/v1/regions/eastvale/change?tolerance=1", "invalid", 400, []string{"parameter tolerance", "above 0 and below 1"}},
		{"/api/v1/regions/eastvale/change?measure=jobs", "invalid", 400, []string{"parameter measure", "employment, patents"}},
	} {
		t.Run(c.url, func(t *testing.T) {
			wantError(t, get(t, h, c.url), c.status, c.code, c.fragments...)
		})
	}
}
