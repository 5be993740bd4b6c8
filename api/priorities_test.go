package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// TestPrioritiesEndpoint posts priority sets (JSON and CSV text) to the demo
// store, checks the answer against analysis.ComparePriorities and the
// document, runs the seeds' examples, and refuses bad sets naming the field.
func TestPrioritiesEndpoint(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	s := newDemoServer(t, Config{})
	h := s.Handler()
	post := func(url, body string) *httptest.ResponseRecorder {
		return do(t, h, http.MethodPost, url, strings.NewReader(body), "Content-Type", "application/json")
	}
	body := `{"old": {"name": "2009", "groups": [{"name": "Food", "codes": ["10", "11"]}, {"name": "Mining", "codes": ["05"]}]},
	          "new_csv": "# s3\ngroup,code\nLife sciences,21\nLife sciences,72\nFood,10\n"}`
	u := "/api/v1/priorities/compare?layers=labour@2010-2019"
	w := post(u, body)
	vreq := httptest.NewRequest(http.MethodPost, u, strings.NewReader(body))
	vreq.Header.Set("Content-Type", "application/json")
	validateResponse(t, doc, vreq, w)
	var res analysis.PrioritiesResult
	decode(t, w, &res)
	want, err := s.analyzer.ComparePriorities(t.Context(), analysis.PrioritiesRequest{GraphRequest: analysis.GraphRequest{Layers: []string{"labour@2010-2019"}},
		Old: graphmodel.PrioritySet{Name: "2009", Groups: []graphmodel.PriorityGroup{{Name: "Food", Codes: []string{"10", "11"}}, {Name: "Mining", Codes: []string{"05"}}}},
		New: graphmodel.PrioritySet{Name: "new", Groups: []graphmodel.PriorityGroup{{Name: "Life sciences", Codes: []string{"21", "72"}}, {Name: "Food", Codes: []string{"10"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res.Pairs)
	exp, _ := json.Marshal(want.Pairs)
	if string(got) != string(exp) {
		t.Errorf("pairs %s, want %s", got, exp)
	}
	if res.Old[0].Main != "Food" || !slices.Contains(res.Unmapped, "Mining") {
		t.Errorf("Food mostly maps into %q; unmapped %v", res.Old[0].Main, res.Unmapped)
	}

	// The same as CSV: a header and one row per pair.
	w = post(u+"&format=csv", body)
	if lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n"); w.Code != http.StatusOK || lines[0] != "old,new,shared,weight,share,carry,reverse_carry,ratio,maps" || len(lines) != 1+len(want.Pairs) {
		t.Errorf("format=csv: status %d, %d lines for %d pairs:\n%s", w.Code, len(lines), len(want.Pairs), w.Body.String())
	}

	// The examples: Piedmont's two sets; innoBB against the demo region.
	w = post("/api/v1/priorities/compare?example=piedmont", "")
	res = analysis.PrioritiesResult{}
	decode(t, w, &res)
	if len(res.Old) != 12 || len(res.New) != 7 {
		t.Errorf("piedmont: %d and %d groups", len(res.Old), len(res.New))
	}
	res = analysis.PrioritiesResult{}
	decode(t, post("/api/v1/priorities/compare?example=innobb", ""), &res)
	if res.Region == nil || res.Region.Name != "Tallis + Dunmore Flats" || !slices.Contains(res.NoPredecessor, "Transport, mobility and logistics") {
		t.Errorf("innobb: region %+v, without a base %v", res.Region, res.NoPredecessor)
	}
	var ex struct {
		Examples []struct {
			Name, NewCSV string
		} `json:"examples"`
	}
	decode(t, get(t, h, "/api/v1/priorities/examples"), &ex)
	if len(ex.Examples) != 2 || ex.Examples[0].Name != "piedmont" {
		t.Errorf("examples %+v", ex.Examples)
	}

	for _, tc := range []struct {
		url, body, field string
	}{
		{u, `{"old": {"groups": [{"name": "A", "codes": []}]}, "new_csv": "group,code\nA,10\n"}`, "old.groups[0].codes"},
		{u, `{"old": {"groups": [{"name": "A", "codes": ["10"]}, {"name": "a", "codes": ["11"]}]}, "new_csv": "group,code\nA,10\n"}`, "old.groups[1].name"},
		{u, `{"old": {"groups": [{"name": "A", "codes": ["10"]}]}, "new": {"groups": [{"name": "B", "codes": ["10", "zz"]}]}}`, "new.groups[0].codes"},
		{u, `{"old": {"groups": [{"name": "A", "codes": ["10"]}]}, "new_csv": "group,code\nA,10\nB\n"}`, ""},
		{u, `{"old": {"groups": [{"name": "A", "codes": ["10"]}]}}`, "new"},
		{u, `{"old": {"groups": [{"name": "A", "codes": ["10"]}]}, "old_csv": "group,code\nA,10\n", "new_csv": "group,code\nA,10\n"}`, "old"},
		{u + "&min_ratio=0", `{"old_csv": "group,code\nA,10\n", "new_csv": "group,code\nA,10\n"}`, "min_ratio"},
		{u + "&region=eastvale", `{"old_csv": "group,code\nA,10\n", "new_csv": "group,code\nA,10\n"}`, "old"},
		{"/api/v1/priorities/compare?example=atlantis", "", "example"},
	} {
		w := post(tc.url, tc.body)
		wantError(t, w, http.StatusBadRequest, graphmodel.EINVALID)
		var e struct {
			Error struct {
				Field string `json:"parameter"`
			} `json:"error"`
		}
		_ = json.Unmarshal(w.Body.Bytes(), &e)
		if e.Error.Field != tc.field {
			t.Errorf("%s %s: field %q, want %q (%s)", tc.url, tc.body, e.Error.Field, tc.field, w.Body.String())
		}
	}
	// The body limit is the server's 64 KiB.
	big := `{"old_csv": "` + strings.Repeat("x", 70<<10) + `"}`
	if w := post(u, big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 70 KiB body: status %d, want 413", w.Code)
	}
}
