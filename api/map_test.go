package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// squares is a GeoJSON FeatureCollection of unit squares in a row, one per
// name (property "name"), generated here: no boundaries are downloaded.
func squares(names ...string) string {
	var feats []string
	for k, n := range names {
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"name":%q},"geometry":{"type":"Polygon","coordinates":[[[%d,0],[%d,0],[%d,1],[%d,1],[%d,0]]]}}`,
			n, k, k+1, k+1, k, k))
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `]}`
}

type mapAnswer struct {
	Label   string `json:"label"`
	Layout  string `json:"layout"`
	Regions []struct {
		Region   graphmodel.Region `json:"region"`
		Value    *float64          `json:"value"`
		Geometry map[string]any    `json:"geometry"`
		Col      int               `json:"col"`
		Row      int               `json:"row"`
	} `json:"regions"`
	WithoutBoundary []string `json:"without_boundary"`
}

// TestMapAndBoundaryUpload maps the tiny store's two regions, then uploads
// generated boundaries for one of them and maps again; bad boundary files
// change nothing.
//
//	employment  a   b   c   d  | total
//	r1         30  10   0  10  |  50
//	r2         10  10  20  10  |  50
//
// LQ of a: r1 (30/50)/(40/100) = 1.5, r2 (10/50)/(40/100) = 0.5.
func TestMapAndBoundaryUpload(t *testing.T) {
	_, st := tinyStore(t)
	ctx := context.Background()
	var vals []graphmodel.RegionalValue
	for r, row := range map[string][]float64{"r1": {30, 10, 0, 10}, "r2": {10, 10, 20, 10}} {
		for i, c := range []string{"a", "b", "c", "d"} {
			vals = append(vals, graphmodel.RegionalValue{Region: r, Industry: c, Value: row[i]})
		}
	}
	if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{Set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "T", Period: "2020"},
		Regions: []graphmodel.Region{{ID: "r1", Name: "North"}, {ID: "r2", Name: "South"}}, Values: vals}); err != nil {
		t.Fatal(err)
	}
	h := New(st, Config{Logger: quietLogger(), UploadToken: "s3cret"}).Handler()
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	getMap := func(u string) mapAnswer {
		t.Helper()
		w := get(t, h, u)
		var m mapAnswer
		decode(t, w, &m)
		validateResponse(t, doc, httptest.NewRequest(http.MethodGet, u, nil), w)
		return m
	}
	m := getMap("/api/v1/map?measure=lq&industry=a")
	if m.Layout != "tiles" || len(m.Regions) != 2 || *m.Regions[0].Value != 1.5 || *m.Regions[1].Value != 0.5 || m.Regions[1].Col != 1 || m.Label != "LQ of a Alpha" {
		t.Fatalf("map %+v", m)
	}

	upload := func(fields map[string]string, file string) *testResponse {
		body, ct := multipartBody(t, fields, file)
		return wrap(do(t, h, http.MethodPost, "/api/v1/datasets", body, "Content-Type", ct, "Authorization", "Bearer s3cret"))
	}
	v0, _ := st.Version(ctx)
	for _, bad := range []struct {
		fields map[string]string
		file   string
		want   string
	}{
		{map[string]string{"ingest": "regions-geo", "id-property": "name"}, "region,x\nr1,1\n", "expected a GeoJSON FeatureCollection"},
		{map[string]string{"ingest": "regions-geo", "id-property": "name"}, squares("Atlantis"), "none of the 1 features matches a region"},
		{map[string]string{"ingest": "regions-geo", "id-property": "code"}, squares("North"), `no property \"code\"`},
		{map[string]string{"ingest": "regions-geo", "id-property": "name", "classification": "T"}, squares("North"), "field classification is not a field of ingest regions-geo"},
	} {
		if w := upload(bad.fields, bad.file); w.code != 400 || !strings.Contains(string(w.body), bad.want) {
			t.Errorf("%v: %d %s, want 400 with %q", bad.fields, w.code, w.body, bad.want)
		}
	}
	if v, _ := st.Version(ctx); v != v0 {
		t.Errorf("bad boundary files changed the version to %d", v)
	}
	w := upload(map[string]string{"ingest": "regions-geo", "id-property": "name"}, squares("north", "Lyonesse"))
	if w.code != 201 || !strings.Contains(string(w.body), `"matched":"1"`) || !strings.Contains(string(w.body), `"unmatched_features":"1: Lyonesse"`) ||
		!strings.Contains(string(w.body), `"regions_without_shape":"1: r2"`) {
		t.Fatalf("upload: %d %s", w.code, w.body)
	}
	m = getMap("/api/v1/map?measure=specialisations&min_jobs=0&significance=0.5")
	if m.Layout != "mixed" || m.Regions[0].Geometry["type"] != "Polygon" || m.Regions[1].Geometry != nil || strings.Join(m.WithoutBoundary, ",") != "r2" {
		t.Errorf("after the upload: %+v", m)
	}

	wantError(t, get(t, h, "/api/v1/map?measure=colour"), http.StatusBadRequest, graphmodel.EINVALID, "measure")
	wantError(t, get(t, h, "/api/v1/map?measure=density"), http.StatusBadRequest, graphmodel.EINVALID, "needs an industry")
	wantError(t, get(t, h, "/api/v1/map?industry=zz"), http.StatusNotFound, graphmodel.ENOTFOUND, `"zz"`)
	wantError(t, get(t, h, "/api/v1/map?industry=a&regional_measure=jobs"), http.StatusBadRequest, graphmodel.EINVALID, "regional_measure")
}

// TestMapECIMatchesProfile: the map's ECI of every demo region is the one
// its profile reports.
func TestMapECIMatchesProfile(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	var m mapAnswer
	decode(t, get(t, h, "/api/v1/map?measure=eci"), &m)
	if len(m.Regions) < 3 {
		t.Fatalf("map %+v", m)
	}
	for _, r := range m.Regions[:3] {
		var p struct {
			Complexity struct {
				ECI float64 `json:"eci"`
			} `json:"complexity"`
		}
		decode(t, get(t, h, "/api/v1/regions/"+r.Region.ID+"/profile"), &p)
		if r.Value == nil || *r.Value != p.Complexity.ECI {
			t.Errorf("%s: map ECI %v, profile %v", r.Region.ID, r.Value, p.Complexity.ECI)
		}
	}
}
