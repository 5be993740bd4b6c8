package api

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestRegionStarsEndpoint checks /regions/{id}/stars on the demo store
// against analysis.ClusterStars, the document, and thresholds out of range.
func TestRegionStarsEndpoint(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	h := newDemoServer(t, Config{}).Handler()
	u := "/api/v1/regions/eastvale/stars?min_lq=1.5"
	w := get(t, h, u)
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
	var res analysis.StarsResult
	decode(t, w, &res)
	if res.Region.ID != "eastvale" || len(res.Clusters) == 0 || res.Request.Thresholds.MinLQ != 1.5 {
		t.Fatalf("region %s, %d clusters, thresholds %+v", res.Region.ID, len(res.Clusters), res.Request.Thresholds)
	}
	for _, c := range res.Clusters {
		if c.Specialisation != (c.LQ >= 1.5) {
			t.Errorf("%s: LQ %g, specialisation star %v at min_lq 1.5", c.Label, c.LQ, c.Specialisation)
		}
	}
	// format=csv: one row per cluster with the JSON's numbers and reasons.
	w = get(t, h, u+"&format=csv")
	validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u+"&format=csv", nil), w)
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil || len(rows) != len(res.Clusters)+1 {
		t.Fatalf("stars CSV: %v, %d rows for %d clusters", err, len(rows), len(res.Clusters))
	}
	c := res.Clusters[0]
	if want := []string{c.ID, c.Label, strconv.Itoa(c.Industries), strconv.FormatFloat(c.Jobs, 'f', -1, 64)}; strings.Join(rows[1][:4], "|") != strings.Join(want, "|") ||
		rows[0][13] != "stars" || rows[1][13] != strconv.Itoa(c.Stars) || rows[1][14] != strings.Join(c.Reasons, "; ") {
		t.Errorf("stars CSV first row %q; JSON %+v", rows[1], c)
	}
	for _, q := range [][2]string{{"size_top=0", "size_top"}, {"size_top=2", "size_top"}, {"min_lq=-1", "min_lq"}, {"focus_top=1.01", "focus_top"}, {"min_lq=abc", "min_lq"}, {"by=colour", "by"}} {
		wantError(t, get(t, h, "/api/v1/regions/eastvale/stars?"+q[0]), http.StatusBadRequest, graphmodel.EINVALID, q[1])
	}
}
