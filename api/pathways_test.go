package api

import (
	"net/http"
	"testing"

	"github.com/domainscope/domainscope/analysis"
)

// TestPathwaysEndpoint: every demo domain gets one of the four pathways; an
// unknown domain is 404 and a negative one 400.
func TestPathwaysEndpoint(t *testing.T) {
	h := newDemoServer(t, Config{Renderer: &fakeRenderer{}}).Handler()
	var res analysis.PathwaysResult
	decode(t, get(t, h, "/api/v1/regions/eastvale/pathways"), &res)
	if len(res.Pathways) == 0 || len(res.Reach) == 0 {
		t.Fatalf("%d pathways, %d reach rows", len(res.Pathways), len(res.Reach))
	}
	for _, p := range res.Pathways {
		switch p.Pathway {
		case analysis.PathwayEstablished, analysis.PathwayModernisation, analysis.PathwayDiversification, analysis.PathwayRadical:
		default:
			t.Errorf("domain %d: pathway %q", p.Domain, p.Pathway)
		}
	}
	if w := get(t, h, "/api/v1/regions/eastvale/pathways?domain=99"); w.Code != http.StatusNotFound {
		t.Errorf("domain 99: %d; want 404", w.Code)
	}
	if w := get(t, h, "/api/v1/regions/eastvale/pathways?domain=-1"); w.Code != http.StatusBadRequest {
		t.Errorf("domain -1: %d; want 400", w.Code)
	}
}
