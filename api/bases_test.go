package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/specbases"
)

// TestRegionBasesEndpoint checks /regions/{id}/bases on the demo store: the
// document, the planted latent domain of Quenby (ingest/demo
// genPublications), CSV, and bad input (EINVALID or 404 naming the field).
func TestRegionBasesEndpoint(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	h := newDemoServer(t, Config{}).Handler()
	u := "/api/v1/regions/quenby/bases?layers=labour&min_cell=20"
	w := get(t, h, u)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	var res analysis.BasesResult
	decode(t, w, &res)
	if res.Region.ID != "quenby" || len(res.Bases) != 3 || res.Params.MinCell != 20 || len(res.Missing) != 0 {
		t.Fatalf("region %s, bases %+v, params %+v, missing %+v", res.Region.ID, res.Bases, res.Params, res.Missing)
	}
	if len(res.Units) == 0 || res.Units[0].Match != specbases.Latent || !slices.Contains(res.Units[0].Codes, "72") {
		t.Errorf("first unit %+v, want the latent life-science domain", res.Units[0])
	}
	w = get(t, h, "/api/v1/regions/quenby/bases?layers=labour&by=industry&format=csv")
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(w.Body.String(), "id,label,industries,match,employment_lq,") {
		t.Errorf("CSV: %s\n%.200s", ct, w.Body.String())
	}
	for _, q := range [][2]string{{"knowledge=citations", "knowledge"}, {"min_total=-1", "min_total"}, {"min_cell=abc", "min_cell"}, {"strong=0.5", "strong"}, {"by=sector", "by"}} {
		wantError(t, get(t, h, "/api/v1/regions/quenby/bases?"+q[0]), http.StatusBadRequest, graphmodel.EINVALID, q[1])
	}
	wantError(t, get(t, h, "/api/v1/regions/atlantis/bases"), http.StatusNotFound, graphmodel.ENOTFOUND, "region")
}

// TestBasesAfterUpload: publications uploaded as regional values (measure
// publications) become the science basis of /regions/{id}/bases, and a
// negative count is refused with the file's line and loads nothing.
func TestBasesAfterUpload(t *testing.T) {
	_, st := tinyStore(t)
	h := New(st, Config{Logger: quietLogger(), UploadToken: "s3cret"}).Handler()
	post := func(measure, file string) *testResponse {
		body, ct := multipartBody(t, map[string]string{"ingest": "regional", "classification": "T", "period": "2020", "measure": measure}, file)
		return wrap(do(t, h, http.MethodPost, "/api/v1/datasets", body, "Content-Type", ct, "Authorization", "Bearer s3cret"))
	}
	// r1: a 10, b 30, c 60 jobs (100); r2: a 90, b 10, c 0 (100).
	if w := post("employment", "region,industry,value\nr1,a,10\nr1,b,30\nr1,c,60\nr2,a,90\nr2,b,10\n"); w.code != 201 {
		t.Fatalf("employment upload: %d %s", w.code, w.body)
	}
	if w := post("publications", "region,industry,value\nr1,a,-4\n"); w.code != 400 || !strings.Contains(string(w.body), "-4") {
		t.Errorf("negative publications: %d %s", w.code, w.body)
	}
	// Publications r1: a 300, b 200, c 100 (600); r2: a 100, b 300 (400).
	if w := post("publications", "region,industry,value\nr1,a,300\nr1,b,200\nr1,c,100\nr2,a,100\nr2,b,300\n"); w.code != 201 || !strings.Contains(string(w.body), `"target":"publications:T@2020"`) {
		t.Fatalf("publications upload: %d %s", w.code, w.body)
	}
	var res analysis.BasesResult
	decode(t, get(t, h, "/api/v1/regions/r1/bases?layers=rel&by=industry&knowledge=publications"), &res)
	if len(res.Bases) != 2 || res.Bases[1].Measure != "publications" || res.Bases[1].RegionTotal != 600 {
		t.Fatalf("bases %+v", res.Bases)
	}
	found := false
	for _, u := range res.Units {
		if u.ID != "a" {
			continue
		}
		found = true
		// a in r1: LQ (10/100)/(100/200) = 0.2; RSA (300/600)/(400/1000) = 1.25 on 300 publications (600 > 500): latent.
		if lq, rsa := *u.Cells[0].Value, *u.Cells[1].Value; lq != 0.2 || rsa != 1.25 || u.Match != specbases.Latent {
			t.Errorf("a: LQ %v, RSA %v, match %q; want 0.2, 1.25, latent", lq, rsa, u.Match)
		}
	}
	if !found {
		t.Errorf("no unit for industry a: %+v", res.Units)
	}
}
