package api

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// toyUserStore is a classification TOY (sectors A: a1 a2, B: b1 b2, C: c1)
// with one layer of given relatedness rel@P1:
// a1–a2 1, a2–b1 2, a1–b1 1, b1–b2 1, b2–c1 3.
func toyUserStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, filepath.Join(t.TempDir(), "user.db"))
	ind := func(code, name, parent string, level int) graphmodel.Industry {
		return graphmodel.Industry{Code: code, Name: name, Parent: parent, Level: level}
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{
		Classification: graphmodel.Classification{Name: "TOY", Levels: []string{"sector", "class"}},
		Industries: []graphmodel.Industry{ind("A", "Agri", "", 0), ind("B", "Bio", "", 0), ind("C", "Chem", "", 0),
			ind("a1", "Farming", "A", 1), ind("a2", "Food processing", "A", 1), ind("b1", "Biotech", "B", 1),
			ind("b2", "Pharma", "B", 1), ind("c1", "Plastics", "C", 1)},
	}); err != nil {
		t.Fatal(err)
	}
	l := func(a, b string, v float64) graphmodel.Link { return graphmodel.Link{From: a, To: b, Value: v} }
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: "rel", Period: "P1",
		Kind: graphmodel.KindRelatedness, Classification: "TOY", Method: "given"},
		Links: []graphmodel.Link{l("a1", "a2", 1), l("a2", "b1", 2), l("a1", "b1", 1), l("b1", "b2", 1), l("b2", "c1", 3)}}); err != nil {
		t.Fatal(err)
	}
	return st
}

// userHarness sends requests to a server over a toy store with token "tok".
type userHarness struct {
	t  *testing.T
	st *sqlitestore.Store
	h  http.Handler
}

func (u userHarness) send(method, path, body string, header ...string) (int, []byte, *ErrorBody) {
	u.t.Helper()
	w := do(u.t, u.h, method, path, strings.NewReader(body), append([]string{"Content-Type", "application/json"}, header...)...)
	var e *ErrorBody
	if w.Code >= 400 {
		e = new(ErrorBody)
		if err := json.Unmarshal(w.Body.Bytes(), e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			u.t.Fatalf("%s %s: %d error is not JSON with a code and a message: %s", method, path, w.Code, w.Body.String())
		}
	}
	return w.Code, w.Body.Bytes(), e
}

var bearer = []string{"Authorization", "Bearer tok"}

func (u userHarness) hypotheses() []graphmodel.Hypothesis {
	u.t.Helper()
	hs, err := u.st.Hypotheses(context.Background())
	if err != nil {
		u.t.Fatal(err)
	}
	return hs
}

// TestHypothesesAPI: create, read, update, evidence and delete a
// hypothesis over HTTP; every bad write is a JSON error that changes
// nothing in the store.
func TestHypothesesAPI(t *testing.T) {
	st := toyUserStore(t)
	u := userHarness{t: t, st: st, h: New(st, Config{UploadToken: "tok", Logger: quietLogger()}).Handler()}
	good := `{"name": "Agri-bio", "codes": ["b1", "a2", "a1"], "source": "selection", "notes": "first\nidea", "author": "Ana",
		"params": {"layers": ["rel@P1"], "resolution": 1}}`

	// Writes without the token, or with another, are 401 and write nothing.
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer nope"}, {"Authorization", "tok"}} {
		if code, _, e := u.send(http.MethodPost, "/api/v1/hypotheses", good, hdr...); code != 401 || e.Error.Code != EUNAUTHORIZED {
			t.Errorf("POST with %v: %d %+v, want 401", hdr, code, e)
		}
	}
	if hs := u.hypotheses(); len(hs) != 0 {
		t.Fatalf("refused writes stored %+v", hs)
	}
	code, body, _ := u.send(http.MethodPost, "/api/v1/hypotheses", good, bearer...)
	if code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	var created HypothesisResponse
	if err := json.Unmarshal(body, &created); err != nil {
		t.Fatal(err)
	}
	h := created.Hypothesis
	if h.ID != 1 || h.Classification != "TOY" || !reflect.DeepEqual(h.Codes, []string{"a1", "a2", "b1"}) || h.Version != 1 ||
		h.Notes != "first\nidea" || created.Evidence != "/api/v1/hypotheses/1/evidence" {
		t.Fatalf("created %+v: want ID 1 of TOY (the default layer's), codes sorted, version 1", created)
	}

	// Bad bodies: 400 naming the field, nothing stored.
	before := u.hypotheses()
	for _, c := range []struct{ what, body, param, says string }{
		{"unknown code", `{"name": "x", "codes": ["a1", "zz9"]}`, "codes", `"zz9"`},
		{"empty name", `{"name": "", "codes": ["a1"]}`, "name", "empty"},
		{"control characters", `{"name": "a\u001b[31mb", "codes": ["a1"]}`, "name", "control character"},
		{"unknown classification", `{"name": "x", "classification": "NOPE", "codes": ["a1"]}`, "classification", "NOPE"},
		{"unknown field", `{"name": "x", "codes": ["a1"], "owner": "me"}`, "", "owner"},
		{"not JSON", `name=x`, "", "JSON"},
		{"two objects", `{"name": "x", "codes": ["a1"]} {}`, "", "more than one"},
		{"empty body", ``, "", "empty"},
	} {
		code, _, e := u.send(http.MethodPost, "/api/v1/hypotheses", c.body, bearer...)
		if code != 400 || e.Error.Parameter != c.param || !strings.Contains(e.Error.Message, c.says) {
			t.Errorf("%s: %d %+v, want 400 on %q saying %q", c.what, code, e.Error, c.param, c.says)
		}
	}
	if code, _, _ := u.send(http.MethodPost, "/api/v1/hypotheses", good, "Authorization", "Bearer tok", "Content-Type", "text/plain"); code != 400 {
		t.Errorf("text/plain body: %d, want 400", code)
	}
	if after := u.hypotheses(); !reflect.DeepEqual(after, before) {
		t.Fatalf("refused bodies changed the store: %+v", after)
	}

	// Reads.
	if code, body, _ := u.send(http.MethodGet, "/api/v1/hypotheses", ""); code != 200 || !strings.Contains(string(body), `"name":"Agri-bio"`) {
		t.Errorf("GET list: %d %s", code, body)
	}
	if code, _, e := u.send(http.MethodGet, "/api/v1/hypotheses/7", ""); code != 404 || e.Error.Code != graphmodel.ENOTFOUND {
		t.Errorf("GET 7: %d, want 404", code)
	}
	if code, _, e := u.send(http.MethodGet, "/api/v1/hypotheses/x1", ""); code != 400 || e.Error.Parameter != "id" {
		t.Errorf("GET x1: %d, want 400 on id", code)
	}

	// Update from version 1, then a stale update from version 1 again.
	upd := `{"name": "Agri-bio core", "codes": ["a1", "a2"], "version": 1}`
	code, body, _ = u.send(http.MethodPut, "/api/v1/hypotheses/1", upd, bearer...)
	var updated HypothesisResponse
	if code != 200 || json.Unmarshal(body, &updated) != nil || updated.Hypothesis.Version != 2 || updated.Hypothesis.Name != "Agri-bio core" ||
		!updated.Hypothesis.CreatedAt.Equal(h.CreatedAt) {
		t.Fatalf("PUT: %d %s", code, body)
	}
	before = u.hypotheses()
	if code, _, e := u.send(http.MethodPut, "/api/v1/hypotheses/1", upd, bearer...); code != 409 || e.Error.Parameter != "version" {
		t.Errorf("stale PUT: %d %+v, want 409 on version", code, e)
	}
	if code, _, _ := u.send(http.MethodPut, "/api/v1/hypotheses/1", `{"name": "x", "codes": ["a1", "nope"]}`, bearer...); code != 400 {
		t.Errorf("PUT with an unknown code: %d, want 400", code)
	}
	if code, _, _ := u.send(http.MethodPut, "/api/v1/hypotheses/1", upd); code != 401 {
		t.Errorf("PUT without the token: %d, want 401", code)
	}
	if after := u.hypotheses(); !reflect.DeepEqual(after, before) {
		t.Fatalf("refused updates changed the store: %+v", after)
	}

	// Evidence of {a1, a2} on rel@P1: strengths a1 2, a2 3, 2m = 16; W_in = 1,
	// vol 5, expected 25/32, ratio 32/25; conductance (5 − 2)/5.
	code, body, _ = u.send(http.MethodGet, "/api/v1/hypotheses/1/evidence?layers=rel@P1&bridges=2", "")
	var ev struct {
		Cohesion struct {
			WeightRatio float64 `json:"weight_ratio"`
			Conductance float64 `json:"conductance"`
		} `json:"cohesion"`
		Bridges []struct {
			Code string `json:"code"`
		} `json:"bridges"`
	}
	if code != 200 || json.Unmarshal(body, &ev) != nil {
		t.Fatalf("evidence: %d %s", code, body)
	}
	if math.Abs(ev.Cohesion.WeightRatio-32.0/25) > 1e-12 || math.Abs(ev.Cohesion.Conductance-0.6) > 1e-12 || len(ev.Bridges) != 1 || ev.Bridges[0].Code != "b1" {
		t.Errorf("evidence %+v: want ratio 1.28, conductance 0.6, bridge b1", ev)
	}
	if code, _, e := u.send(http.MethodGet, "/api/v1/hypotheses/1/evidence?bridges=0", ""); code != 400 || e.Error.Parameter != "bridges" {
		t.Errorf("bridges=0: %d, want 400 on bridges", code)
	}
	// The same set unsaved (a selection), by codes; and without codes.
	code, body, _ = u.send(http.MethodGet, "/api/v1/evidence?codes=a2,a1&layers=rel@P1", "")
	if code != 200 || json.Unmarshal(body, &ev) != nil || math.Abs(ev.Cohesion.WeightRatio-32.0/25) > 1e-12 {
		t.Errorf("evidence by codes: %d %s", code, body)
	}
	if code, _, e := u.send(http.MethodGet, "/api/v1/evidence?layers=rel@P1", ""); code != 400 || e.Error.Parameter != "codes" {
		t.Errorf("evidence without codes: %d, want 400 on codes", code)
	}
	if code, _, e := u.send(http.MethodGet, "/api/v1/evidence?codes=zz", ""); code != 400 || e.Error.Parameter != "codes" {
		t.Errorf("evidence of unknown codes: %d, want 400 on codes", code)
	}

	// Delete.
	if code, _, _ := u.send(http.MethodDelete, "/api/v1/hypotheses/1", ""); code != 401 {
		t.Errorf("DELETE without the token: %d, want 401", code)
	}
	if code, _, _ := u.send(http.MethodDelete, "/api/v1/hypotheses/1", "", bearer...); code != 204 {
		t.Errorf("DELETE: %d, want 204", code)
	}
	if code, _, _ := u.send(http.MethodDelete, "/api/v1/hypotheses/1", "", bearer...); code != 404 {
		t.Errorf("second DELETE: %d, want 404", code)
	}
	if hs := u.hypotheses(); len(hs) != 0 {
		t.Errorf("after DELETE the store holds %+v", hs)
	}
}

// TestWritesDisabledWithoutToken: a server without an upload token refuses
// every write with 403.
func TestWritesDisabledWithoutToken(t *testing.T) {
	st := toyUserStore(t)
	u := userHarness{t: t, st: st, h: New(st, Config{Logger: quietLogger()}).Handler()}
	for _, r := range [][2]string{{http.MethodPost, "/api/v1/hypotheses"}, {http.MethodPut, "/api/v1/hypotheses/1"},
		{http.MethodDelete, "/api/v1/hypotheses/1"}, {http.MethodPut, "/api/v1/domains/names"}, {http.MethodDelete, "/api/v1/domains/names/k"}} {
		if code, _, e := u.send(r[0], r[1], `{"name": "x", "codes": ["a1"]}`, bearer...); code != 403 || !strings.Contains(e.Error.Message, "disabled") {
			t.Errorf("%s %s: %d, want 403", r[0], r[1], code)
		}
	}
	if hs := u.hypotheses(); len(hs) != 0 {
		t.Errorf("refused writes stored %+v", hs)
	}
}

// TestDomainNamesAPI: a name given to domain 1 labels it in the next
// domains answer (the cached one is dropped); bad names change nothing.
func TestDomainNamesAPI(t *testing.T) {
	st := toyUserStore(t)
	u := userHarness{t: t, st: st, h: New(st, Config{UploadToken: "tok", Logger: quietLogger()}).Handler()}
	label := func() (string, string) {
		t.Helper()
		code, body, _ := u.send(http.MethodGet, "/api/v1/domains?layers=rel@P1&runs=0", "")
		var res struct {
			Domains []struct {
				Label    string `json:"label"`
				UserName *struct {
					Key string `json:"key"`
				} `json:"user_name"`
			} `json:"domains"`
		}
		if code != 200 || json.Unmarshal(body, &res) != nil || len(res.Domains) == 0 {
			t.Fatalf("GET /domains: %d %s", code, body)
		}
		key := ""
		if res.Domains[0].UserName != nil {
			key = res.Domains[0].UserName.Key
		}
		return res.Domains[0].Label, key
	}
	generated, _ := label()
	names := func() []graphmodel.DomainName {
		ns, err := st.DomainNames(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	for _, c := range []struct{ what, body, param string }{
		{"empty", `{"name": "", "domain": 1}`, "name"},
		{"control characters", `{"name": "bio\u0007", "domain": 1}`, "name"},
		{"no domain", `{"name": "Bio"}`, "domain"},
		{"unknown code", `{"name": "Bio", "codes": ["a1", "q"]}`, "codes"},
	} {
		if code, _, e := u.send(http.MethodPut, "/api/v1/domains/names?layers=rel@P1", c.body, bearer...); code != 400 || e.Error.Parameter != c.param {
			t.Errorf("%s: %d %+v, want 400 on %s", c.what, code, e, c.param)
		}
	}
	if code, _, _ := u.send(http.MethodPut, "/api/v1/domains/names?layers=rel@P1", `{"name": "Bio", "domain": 1}`); code != 401 {
		t.Errorf("without the token: %d, want 401", code)
	}
	if code, _, _ := u.send(http.MethodPut, "/api/v1/domains/names?layers=rel@P1", `{"name": "Bio", "domain": 9}`, bearer...); code != 404 {
		t.Errorf("domain 9: %d, want 404", code)
	}
	if ns := names(); len(ns) != 0 {
		t.Fatalf("refused names stored %+v", ns)
	}
	code, body, _ := u.send(http.MethodPut, "/api/v1/domains/names?layers=rel@P1", `{"name": "Agri-bio frontier", "domain": 1}`, bearer...)
	if code != 200 {
		t.Fatalf("PUT name: %d %s", code, body)
	}
	got, key := label()
	if got != "Agri-bio frontier" || key == "" {
		t.Fatalf("after naming, domain 1 is labelled %q (key %q), want the name", got, key)
	}
	if code, body, _ := u.send(http.MethodGet, "/api/v1/domains/names", ""); code != 200 || !strings.Contains(string(body), key) {
		t.Errorf("GET names: %d %s", code, body)
	}
	if code, _, _ := u.send(http.MethodDelete, "/api/v1/domains/names/"+key, "", bearer...); code != 204 {
		t.Errorf("DELETE name: %d", code)
	}
	if got, _ := label(); got != generated {
		t.Errorf("after removing the name, label %q, want %q", got, generated)
	}
	if code, _, _ := u.send(http.MethodDelete, "/api/v1/domains/names/"+key, "", bearer...); code != 404 {
		t.Errorf("second DELETE: %d, want 404", code)
	}
}

// TestUserDataMatchOpenAPI validates the answers of the user-data routes,
// success and error, against the documented schemas.
func TestUserDataMatchOpenAPI(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	st := toyUserStore(t)
	h := New(st, Config{UploadToken: "tok", Logger: quietLogger()}).Handler()
	for _, r := range []struct{ method, url, body string }{
		{http.MethodPost, "/api/v1/hypotheses", `{"name": "Agri-bio", "codes": ["a1", "a2", "b1"], "params": {"layers": ["rel@P1"], "seed": 3}}`},
		{http.MethodPost, "/api/v1/hypotheses", `{"name": "", "codes": ["a1"]}`},
		{http.MethodGet, "/api/v1/hypotheses", ""},
		{http.MethodGet, "/api/v1/hypotheses/1", ""},
		{http.MethodGet, "/api/v1/hypotheses/2", ""},
		{http.MethodGet, "/api/v1/hypotheses/1/evidence?layers=rel@P1", ""},
		{http.MethodGet, "/api/v1/hypotheses/1/evidence", ""},
		{http.MethodGet, "/api/v1/hypotheses/1/graph?format=json", ""},
		{http.MethodGet, "/api/v1/hypotheses/2/graph", ""},
		{http.MethodGet, "/api/v1/evidence?codes=a1,b2", ""},
		{http.MethodGet, "/api/v1/evidence?codes=q", ""},
		{http.MethodPut, "/api/v1/hypotheses/1", `{"name": "Agri-bio 2", "codes": ["a1"], "version": 1}`},
		{http.MethodPut, "/api/v1/domains/names?layers=rel@P1", `{"name": "Agri-bio", "domain": 1}`},
		{http.MethodGet, "/api/v1/domains/names", ""},
		{http.MethodGet, "/api/v1/domains?layers=rel@P1&runs=0", ""},
		{http.MethodDelete, "/api/v1/hypotheses/1", ""},
	} {
		req := httptest.NewRequest(r.method, r.url, strings.NewReader(r.body))
		req.Header.Set("Authorization", "Bearer tok")
		if r.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Errorf("%s %s: %d", r.method, r.url, w.Code)
		}
		req2 := httptest.NewRequest(r.method, r.url, strings.NewReader(r.body))
		req2.Header = req.Header
		validateResponse(t, doc, req2, w)
	}
}
