package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestRegionSetEndpoints checks /regions/compare, /regions/{id}/partners and
// regions=a,b on the demo store against the single-region profiles, the
// document, and bad input.
func TestRegionSetEndpoints(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	h := newDemoServer(t, Config{}).Handler()
	var regs RegionsResponse
	decode(t, get(t, h, "/api/v1/regions"), &regs)
	if len(regs.Regions) < 5 {
		t.Fatalf("demo store has %d regions, want at least 5", len(regs.Regions))
	}
	a, b := regs.Regions[0].ID, regs.Regions[1].ID
	type profile struct {
		Region graphmodel.Region `json:"region"`
		Total  float64           `json:"total"`
		Peers  []struct {
			Region graphmodel.Region `json:"region"`
		} `json:"peers"`
	}
	var pa, pb, sum profile
	decode(t, get(t, h, "/api/v1/regions/"+a+"/profile"), &pa)
	decode(t, get(t, h, "/api/v1/regions/"+b+"/profile"), &pb)

	// The sum of a and b is one region whose total is theirs and which is
	// nobody's peer but the other regions'.
	decode(t, get(t, h, "/api/v1/regions/"+a+"/profile?regions="+b), &sum)
	if sum.Region.ID != a+"+"+b || sum.Total != pa.Total+pb.Total || len(sum.Peers) != len(regs.Regions)-2 {
		t.Errorf("sum %s total %v peers %d: want %s+%s, %v, %d", sum.Region.ID, sum.Total, len(sum.Peers), a, b, pa.Total+pb.Total, len(regs.Regions)-2)
	}

	var cmp struct {
		Regions []struct {
			Region      graphmodel.Region `json:"region"`
			Total       float64           `json:"total"`
			Established int               `json:"established"`
		} `json:"regions"`
		Jaccard [][]float64 `json:"jaccard"`
	}
	u := "/api/v1/regions/compare?regions=" + a + "," + b
	w := get(t, h, u)
	decode(t, w, &cmp)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	if len(cmp.Regions) != 2 || cmp.Regions[0].Total != pa.Total || cmp.Regions[1].Total != pb.Total || cmp.Jaccard[0][1] != cmp.Jaccard[1][0] {
		t.Errorf("compare %+v: want %s (total %v) and %s (%v), symmetric Jaccard", cmp, a, pa.Total, b, pb.Total)
	}

	var pr struct {
		Partners []struct {
			Region          graphmodel.Region `json:"region"`
			Complementarity float64           `json:"complementarity"`
			Why             string            `json:"why"`
		} `json:"partners"`
		Peers   []any  `json:"peers"`
		Formula string `json:"formula"`
	}
	u = "/api/v1/regions/" + a + "/partners?top=3"
	w = get(t, h, u)
	decode(t, w, &pr)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	if len(pr.Partners) != 3 || len(pr.Peers) != len(regs.Regions)-1 || !strings.Contains(pr.Formula, "RD_ai") {
		t.Fatalf("partners %+v", pr)
	}
	for k, p := range pr.Partners {
		if p.Complementarity < 0 || p.Complementarity > 100 || p.Why == "" || p.Region.ID == a ||
			k > 0 && p.Complementarity > pr.Partners[k-1].Complementarity {
			t.Errorf("partner %d %+v: want a score in [0, 100], not above the previous, explained", k, p)
		}
	}

	// Bad input: clear errors, nothing computed.
	wantError(t, get(t, h, "/api/v1/regions/compare?regions="+a), http.StatusBadRequest, graphmodel.EINVALID, "2 to 4 regions")
	five := strings.Join([]string{regs.Regions[0].ID, regs.Regions[1].ID, regs.Regions[2].ID, regs.Regions[3].ID, regs.Regions[4].ID}, ",")
	wantError(t, get(t, h, "/api/v1/regions/compare?regions="+five), http.StatusBadRequest, graphmodel.EINVALID, "found 5")
	wantError(t, get(t, h, "/api/v1/regions/compare?regions="+a+",atlantis"), http.StatusNotFound, graphmodel.ENOTFOUND, `"atlantis"`)
	wantError(t, get(t, h, "/api/v1/regions/"+a+"/profile?regions=atlantis"), http.StatusNotFound, graphmodel.ENOTFOUND, `"atlantis"`)
	wantError(t, get(t, h, "/api/v1/regions/"+a+"/profile?regions="+a), http.StatusBadRequest, graphmodel.EINVALID, "distinct regions")
	wantError(t, get(t, h, "/api/v1/regions/"+a+"/partners?top=0"), http.StatusBadRequest, graphmodel.EINVALID, "top")
	// A region's own endpoints are still reached beside the literal /regions/compare.
	wantError(t, get(t, h, "/api/v1/regions/compare/profile"), http.StatusNotFound, graphmodel.ENOTFOUND, `"compare"`)
}
