package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestDomainOverlapEndpoint checks /domains/overlap on the demo store
// against analysis.DomainOverlap, the document, the CSV and bad parameters.
func TestDomainOverlapEndpoint(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	s := newDemoServer(t, Config{})
	h := s.Handler()
	u := "/api/v1/domains/overlap?layers=labour&seeds=8&min_membership=0.25"
	w := get(t, h, u)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	var res analysis.OverlapResult
	decode(t, w, &res)
	want, err := s.analyzer.DomainOverlap(context.Background(), analysis.OverlapRequest{GraphRequest: analysis.GraphRequest{Layers: []string{"labour"}},
		Resolution: 1, Seed: 1, Seeds: 8, MinMembership: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	if res.MultiDomain != want.MultiDomain || !reflect.DeepEqual(res.Industries, want.Industries) || !reflect.DeepEqual(res.Domains, want.Domains) {
		t.Errorf("the endpoint's %d multi-domain industries differ from the analysis's %d", res.MultiDomain, want.MultiDomain)
	}
	if res.MultiDomain == 0 || res.Industries[0].Memberships[1].Runs < 2 {
		t.Errorf("first industry %+v: want a second domain with at least 2 of 8 runs", res.Industries[0])
	}
	w = get(t, h, "/api/v1/domains/overlap?layers=labour&seeds=8&min_membership=0.25&format=csv")
	lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
	rows := 0
	for _, in := range want.Industries {
		rows += len(in.Memberships)
	}
	if w.Code != http.StatusOK || lines[0] != "code,name,domain,label,home,runs,seeds,share" || len(lines) != rows+1 {
		t.Errorf("csv: %d, %d lines for %d memberships, header %q", w.Code, len(lines), rows, lines[0])
	}
	for _, q := range [][2]string{{"seeds=0", "seeds"}, {"seeds=201", "seeds"}, {"min_membership=0", "min_membership"}, {"min_membership=1.5", "min_membership"},
		{"resolution=-1", "resolution"}, {"sector_level=17", "sector_level"}, {"format=xml", "format"}} {
		wantError(t, get(t, h, "/api/v1/domains/overlap?"+q[0]), http.StatusBadRequest, graphmodel.EINVALID, q[1])
	}
}

// TestDomainHierarchyEndpoint checks /domains/hierarchy likewise.
func TestDomainHierarchyEndpoint(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	s := newDemoServer(t, Config{})
	h := s.Handler()
	u := "/api/v1/domains/hierarchy?resolutions=0.5,1,2"
	w := get(t, h, u)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	var res analysis.HierarchyResult
	decode(t, w, &res)
	want, err := s.analyzer.DomainHierarchy(context.Background(), analysis.HierarchyRequest{GraphRequest: analysis.GraphRequest{Layers: res.Request.Layers},
		Resolutions: []float64{0.5, 1, 2}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Levels, want.Levels) || len(res.Levels) != 3 {
		t.Errorf("the endpoint's %d levels differ from the analysis's", len(res.Levels))
	}
	w = get(t, h, "/api/v1/domains/hierarchy")
	decode(t, w, &res)
	if len(res.Levels) != len(analysis.DefaultHierarchyResolutions) {
		t.Errorf("default: %d levels, want %d", len(res.Levels), len(analysis.DefaultHierarchyResolutions))
	}
	for _, q := range []string{"resolutions=2,1", "resolutions=1,1", "resolutions=0", "resolutions=x", "resolutions=1,2,3,4,5,6,7,8,9", "resolutions=1,1e9"} {
		wantError(t, get(t, h, "/api/v1/domains/hierarchy?"+q), http.StatusBadRequest, graphmodel.EINVALID, "resolutions")
	}
}
