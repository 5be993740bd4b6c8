package api

import (
	"net/http"
	"testing"

	"github.com/domainscope/domainscope/analysis"
)

// TestDynamicsEndpoint: the demo's planted effect through the API, and bad
// input as 400 invalid naming the parameter.
func TestDynamicsEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{Renderer: &fakeRenderer{}}).Handler()
	var res analysis.DynamicsResult
	decode(t, get(t, h, "/api/v1/dynamics?top=5"), &res)
	if res.From.Period != "2015" || res.To.Period != "2020" || !res.Tested || res.AUC == nil || *res.AUC <= 0.6 || res.Logit == nil || res.Logit.Slope <= 0 {
		t.Fatalf("dynamics %s→%s tested %v AUC %v logit %+v; want the planted effect", res.From.Period, res.To.Period, res.Tested, res.AUC, res.Logit)
	}
	if len(res.EntryList) != 5 {
		t.Fatalf("%d entries listed; want top=5", len(res.EntryList))
	}
	for _, u := range []string{"/api/v1/dynamics?min_entries=1", "/api/v1/dynamics?top=-5", "/api/v1/dynamics?measure=jobs"} {
		if w := get(t, h, u); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d; want 400", u, w.Code)
		}
	}
}
