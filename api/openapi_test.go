package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// TestOpenAPIMatchesRoutes checks the document both ways against the gin
// routes: every route documented with exactly the query parameters it
// takes, and every documented operation served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	s := newDemoServer(t, Config{})
	served := map[string]bool{}
	for _, r := range s.engine.Routes() {
		if !strings.HasPrefix(r.Path, prefix+"/") {
			continue // /metrics and / are not part of the API document
		}
		if r.Method == http.MethodHead {
			continue // HEAD is answered wherever GET is, as the document's description says (checked in TestHeadAndMethods)
		}
		served[r.Method+" "+ginParam.ReplaceAllString(strings.TrimPrefix(r.Path, prefix), "{$1}")] = true
	}
	documented := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = op
		}
	}
	for k := range served {
		if documented[k] == nil {
			t.Errorf("route %s is not documented", k)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("documented operation %s is not served", k)
		}
	}
	// Query parameters: the document lists exactly what each route takes.
	for _, r := range s.routes {
		key := r.method + " " + ginParam.ReplaceAllString(strings.TrimPrefix(r.path, prefix), "{$1}")
		op := documented[key]
		if op == nil {
			continue
		}
		var query, path []string
		for _, p := range op.Parameters {
			switch p.Value.In {
			case "query":
				query = append(query, p.Value.Name)
			case "path":
				path = append(path, p.Value.Name)
			}
		}
		want := append([]string(nil), r.params...)
		sort.Strings(query)
		sort.Strings(want)
		if strings.Join(query, ",") != strings.Join(want, ",") {
			t.Errorf("%s: documented query parameters %v, the route takes %v", key, query, want)
		}
		var pathWant []string
		for _, m := range ginParam.FindAllStringSubmatch(r.path, -1) {
			pathWant = append(pathWant, m[1])
		}
		if strings.Join(path, ",") != strings.Join(pathWant, ",") {
			t.Errorf("%s: documented path parameters %v, the route has %v", key, path, pathWant)
		}
	}
	// The served document is the embedded one, as JSON.
	var served2 map[string]any
	decode(t, get(t, s.Handler(), "/api/v1/openapi.json"), &served2)
	if served2["openapi"] != "3.0.3" || served2["paths"] == nil {
		t.Errorf("served document: openapi %v", served2["openapi"])
	}
}

// TestResponsesMatchOpenAPI validates real responses, success and error,
// against the documented schemas.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	h := newDemoServer(t, Config{Renderer: &fakeRenderer{}}).Handler()
	for _, u := range []string{
		"/api/v1/health", "/api/v1/ready", "/api/v1/meta", "/api/v1/openapi.json",
		"/api/v1/industries?q=manufacture&limit=5", "/api/v1/industries/10", "/api/v1/industries/C",
		"/api/v1/industries/10/neighbours?top=3", "/api/v1/industries/10/neighbours?format=csv",
		"/api/v1/subgraph?seeds=10&max_nodes=5", "/api/v1/subgraph?domain=1&format=gexf", "/api/v1/subgraph?from=10&to=62&format=svg",
		"/api/v1/domains?runs=2", "/api/v1/domains/1?runs=0", "/api/v1/bridges?top=3", "/api/v1/cross-sector-domains?runs=0",
		"/api/v1/domains?runs=2&exclude_generic=true&null_samples=20", "/api/v1/bridges?top=3&exclude_generic=true",
		"/api/v1/regions", "/api/v1/regions/eastvale/profile", "/api/v1/regions/eastvale/opportunities",
		"/api/v1/regions/eastvale/cross-clustering", "/api/v1/regions/eastvale/peers", "/api/v1/regions/eastvale/quadrant", "/api/v1/regions/eastvale/graph?format=cytoscape",
		"/api/v1/compare?layer=labour&from=2010-2014&to=2015-2019&floor=0&resamples=3", "/api/v1/compare?from=2010-2014&to=2015-2019&format=csv",
		"/api/v1/domains/evolution?periods=2010-2014,2015-2019&runs=2", "/api/v1/regions/eastvale/change?from=2015&to=2020",
		"/api/v1/regions/eastvale/change?format=csv", "/api/v1/dynamics", "/api/v1/dynamics?format=csv&top=3", "/api/v1/regions/eastvale/pathways", "/api/v1/regions/eastvale/pathways?format=csv",
		"/api/v1/domains/overlap?seeds=5", "/api/v1/domains/overlap?format=csv", "/api/v1/domains/hierarchy?resolutions=0.5,1,2", "/api/v1/domains/hierarchy?format=csv",
		"/api/v1/domains/overlap?seeds=0", "/api/v1/domains/hierarchy?resolutions=2,1",
		// errors
		"/api/v1/dynamics?min_entries=1", "/api/v1/regions/eastvale/pathways?domain=99", "/api/v1/dynamics?from=2020&to=2015",
		"/api/v1/industries/9999", "/api/v1/subgraph?seeds=10&hops=9", "/api/v1/domains?exclude_generic=maybe", "/api/v1/domains?null_samples=0", "/api/v1/subgraph?seeds=10&max_nodes=9999", "/api/v1/domains/77",
		"/api/v1/compare?from=2010-2014&to=2030-2034", "/api/v1/domains/evolution?periods=2010-2014", "/api/v1/regions/nowhere/change",
	} {
		req := httptest.NewRequest(http.MethodGet, u, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		validateResponse(t, doc, req, w)
	}
}

func validateResponse(t *testing.T, doc *openapi3.T, req *http.Request, w *httptest.ResponseRecorder) {
	t.Helper()
	path := strings.TrimPrefix(req.URL.Path, prefix)
	var route *routers.Route
	params := map[string]string{}
	for tmpl, item := range doc.Paths.Map() {
		segs := strings.Split(tmpl, "/")
		var names []string
		for i, seg := range segs {
			if strings.HasPrefix(seg, "{") {
				names = append(names, strings.Trim(seg, "{}"))
				segs[i] = "([^/]+)"
			} else {
				segs[i] = regexp.QuoteMeta(seg)
			}
		}
		m := regexp.MustCompile("^" + strings.Join(segs, "/") + "$").FindStringSubmatch(path)
		if m == nil || item.GetOperation(req.Method) == nil {
			continue
		}
		if route != nil && len(names) > len(params) {
			continue // a literal segment wins, as in gin: /domains/evolution, not /domains/{id}
		}
		clear(params)
		for i, n := range names {
			params[n] = m[i+1]
		}
		route = &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: req.Method, Operation: item.GetOperation(req.Method)}
	}
	if route == nil {
		t.Errorf("%s: no documented operation", req.URL)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if w.Code < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s: request does not match the document: %v", req.URL, err)
		}
	}
	ct := w.Header().Get("Content-Type")
	opts := &openapi3filter.Options{IncludeResponseStatus: true}
	if !strings.HasPrefix(ct, "application/json") {
		opts.ExcludeResponseBody = true // the schema of XML, CSV and images is a string
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.Code, Header: w.Header(),
		Body: io.NopCloser(bytes.NewReader(w.Body.Bytes())), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		var pretty bytes.Buffer
		_ = json.Indent(&pretty, w.Body.Bytes(), "", " ")
		t.Errorf("%s: response %d (%s) does not match the document: %v\n%.600s", req.URL, w.Code, ct, err, pretty.String())
	}
}
