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
