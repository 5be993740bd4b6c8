package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// hostileBase are the parameters that take an operation past its first
// checks, so that the parameter under test reaches the analysis (a
// subgraph needs a mode, a comparison two periods). The value under test
// replaces a base parameter of the same name.
var hostileBase = map[string]string{
	"/subgraph":             "seeds=10",
	"/compare":              "layer=labour&from=2010-2014&to=2015-2019&resamples=2",
	"/compare/graph":        "layer=labour&from=2010-2014&to=2015-2019&resamples=2",
	"/domains/evolution":    "layer=labour&periods=2010-2014,2015-2019&runs=1",
	"/domains":              "runs=1",
	"/domains/{id}":         "runs=1",
	"/cross-sector-domains": "runs=1",
}

// hostilePath fills an operation's path parameters with values that exist
// in the demo store.
func hostilePath(tmpl string, override map[string]string) string {
	vals := map[string]string{"code": "10", "id": "1"}
	if strings.HasPrefix(tmpl, "/regions/") {
		vals["id"] = "eastvale"
	}
	for k, v := range override {
		vals[k] = v
	}
	out := tmpl
	for k, v := range vals {
		out = strings.ReplaceAll(out, "{"+k+"}", url.PathEscape(v))
	}
	return prefix + out
}

// hostileValues are the values sent to a parameter: its documented bounds
// and just beyond them, huge and tiny numbers, NaN, infinities, empty,
// overlong and malformed text.
func hostileValues(s *openapi3.Schema) []string {
	vals := []string{"", "x", strings.Repeat("9", 5000), "%00", "\x00", "\xff\xfe", "-", "1,2,,3", strings.Repeat("a,", 2000),
		"NaN", "nan", "Inf", "+Inf", "-Inf", "1e308", "-1e308", "1e-320", "-0", "0x10", "9223372036854775807",
		"9223372036854775808", "-9223372036854775809", "99999999999999999999", "-1", "0", "1", "0.5", "1.5"}
	if s.Min != nil {
		vals = append(vals, fmtG(*s.Min), fmtG(*s.Min-1), fmtG(math.Nextafter(*s.Min, math.Inf(-1))))
	}
	if s.Max != nil {
		vals = append(vals, fmtG(*s.Max), fmtG(*s.Max+1), fmtG(math.Nextafter(*s.Max, math.Inf(1))))
	}
	for _, e := range s.Enum {
		vals = append(vals, fmt.Sprint(e), strings.ToUpper(fmt.Sprint(e)))
	}
	return vals
}

// inRange reports whether v is a number the schema documents as allowed
// (false for anything that is not a number of the schema's type).
func inRange(s *openapi3.Schema, v string) bool {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	if s.Type.Is("integer") {
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return false
		}
	}
	if s.Min != nil && (x < *s.Min || x == *s.Min && s.ExclusiveMin.IsTrue()) {
		return false
	}
	if s.Max != nil && (x > *s.Max || x == *s.Max && s.ExclusiveMax.IsTrue()) {
		return false
	}
	return true
}

// hostileCheck fails the test on a 5xx, or on an error that is not the
// JSON error body with a code and a message; it returns the error body.
func hostileCheck(t *testing.T, what string, w *httptest.ResponseRecorder, fives map[string]int) *ErrorBody {
	t.Helper()
	if w.Code >= 500 {
		fives[what]++
		if len(fives) <= 20 {
			t.Errorf("%s: %d %.300s", what, w.Code, w.Body.String())
		}
		return nil
	}
	if w.Code < 400 {
		return nil
	}
	var e ErrorBody
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") || json.Unmarshal(w.Body.Bytes(), &e) != nil ||
		e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("%s: %d error is not JSON with a code and a message: %q %.300s", what, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		return nil
	}
	return &e
}

// TestHostileRequests sends every operation of the OpenAPI document each of
// its parameters' hostile values (hostileValues), and every path wrong
// methods and bad bodies. No answer may be a 5xx; every error is JSON with
// a code and a message; a number outside a parameter's documented range is
// 400 naming the parameter, and a number inside it is never refused for
// its range. Every numeric query parameter must document its range.
func TestHostileRequests(t *testing.T) {
	if raceEnabled {
		t.Skip("the corpus sends its 7,000 requests one after another: the race detector finds nothing in it and makes it 20 times slower (run it without -race)")
	}
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	h := newDemoServer(t, Config{Renderer: &fakeRenderer{}}).Handler()
	fives := map[string]int{}
	requests := 0
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, tmpl := range paths {
		item := doc.Paths.Value(tmpl)
		op := item.Get
		if op == nil {
			continue
		}
		base, _ := url.ParseQuery(hostileBase[tmpl])
		for _, pr := range op.Parameters {
			prm := pr.Value
			sch := prm.Schema.Value
			numeric := sch.Type.Is("integer") || sch.Type.Is("number")
			if numeric && prm.In == "query" && (sch.Min == nil || sch.Max == nil) {
				t.Errorf("GET %s: numeric parameter %s has no documented range (minimum and maximum)", tmpl, prm.Name)
			}
			for _, v := range hostileValues(sch) {
				var target string
				q := url.Values{}
				for k, vs := range base {
					q[k] = vs
				}
				if prm.In == "path" {
					target = hostilePath(tmpl, map[string]string{prm.Name: v})
				} else {
					target = hostilePath(tmpl, nil)
					q.Set(prm.Name, v)
					if tmpl == "/subgraph" && (prm.Name == "domain" || prm.Name == "from" || prm.Name == "to") {
						q.Del("seeds") // another mode
						if prm.Name != "domain" {
							q.Set("from", "10")
							q.Set("to", "62")
							q.Set(prm.Name, v)
						}
					}
				}
				if enc := q.Encode(); enc != "" {
					target += "?" + enc
				}
				what := fmt.Sprintf("GET %s %s=%.40q", tmpl, prm.Name, v)
				req := httptest.NewRequest(http.MethodGet, "/", nil)
				req.URL, err = url.Parse(target)
				if err != nil {
					continue // not a URL a client can send (the path-escaped form is sent instead)
				}
				req.RequestURI = target
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				requests++
				e := hostileCheck(t, what, w, fives)
				if !numeric || prm.In != "query" || v == "" {
					continue
				}
				named := e != nil && (e.Error.Parameter == prm.Name || strings.Contains(e.Error.Message, prm.Name))
				if in := inRange(sch, v); in && w.Code == 400 && e != nil && e.Error.Parameter == prm.Name {
					t.Errorf("%s: inside the documented range, refused: %s", what, e.Error.Message)
				} else if !in && (w.Code != 400 || !named) {
					t.Errorf("%s: outside the documented range, answered %d %.200s", what, w.Code, w.Body.String())
				}
			}
		}
	}
	// Parameters hostile together: the overflow of the weights of a
	// layer shifted by a huge negative threshold (issue 15).
	for _, u := range []string{"/domains?threshold=-1e6&weights=1000", "/bridges?threshold=-1e6&weights=1000&top=0",
		"/subgraph?seeds=10&threshold=-1e6&weights=1000&resolution=1000", "/regions/eastvale/profile?threshold=-1e6&weights=1000",
		"/regions/eastvale/graph?threshold=-1e6&weights=1000&format=gexf", "/industries/10?threshold=-1e6&weights=1000&resolution=1e-300",
		"/domains/evolution?periods=2010-2014,2015-2019&threshold=-1e6&resolution=1000&runs=1",
		"/subgraph?domain=1&resolution=1000", "/cross-sector-domains?resolution=1000&runs=100",
		"/industries?cursor=djg6OTIyMzM3MjAzNjg1NDc3NTgwMA&limit=500", "/industries?cursor=djg6MTA3Mzc0MTgyNA&limit=500"} {
		requests++
		hostileCheck(t, "GET "+u, get(t, h, prefix+u), fives)
	}

	// Wrong methods on every path: 405 with Allow (or 404 for HEAD-less
	// paths), never 5xx.
	for _, tmpl := range paths {
		for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodTrace, "BREW", "G E T"} {
			if doc.Paths.Value(tmpl).GetOperation(m) != nil {
				continue // a documented write (hypotheses, domain names), tested in hypotheses_test.go
			}
			what := m + " " + tmpl
			req := httptest.NewRequest(http.MethodGet, hostilePath(tmpl, nil), nil)
			req.Method = m
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			requests++
			if e := hostileCheck(t, what, w, fives); e == nil || w.Code != 405 || w.Header().Get("Allow") == "" {
				t.Errorf("%s: %d, Allow %q", what, w.Code, w.Header().Get("Allow"))
			}
		}
	}

	// Bad bodies: on GETs (over 64 KiB: 413) and on the upload.
	_, st := tinyStore(t)
	up := New(st, Config{Logger: quietLogger(), UploadToken: "tok", MaxBodyBytes: 8 << 10}).Handler()
	good, ct := multipartBody(t, map[string]string{"ingest": "links", "kind": "flows", "classification": "T", "layer": "x", "period": "1"}, "from,to,count\na,b,1\n")
	for _, c := range []struct {
		name, ctype, body string
		h                 http.Handler
		method, path      string
	}{
		{"GET with a large body", "text/plain", strings.Repeat("x", 70<<10), h, http.MethodGet, prefix + "/domains"},
		{"GET with JSON", "application/json", `{"layers": ["labour"]}`, h, http.MethodGet, prefix + "/bridges"},
		{"empty", "", "", up, http.MethodPost, prefix + "/datasets"},
		{"JSON", "application/json", `{"ingest":"links"}`, up, http.MethodPost, prefix + "/datasets"},
		{"multipart without boundary", "multipart/form-data", "--x\r\n", up, http.MethodPost, prefix + "/datasets"},
		{"truncated multipart", ct, good.String()[:good.Len()/2], up, http.MethodPost, prefix + "/datasets"},
		{"multipart garbage", ct, "\x00\xff" + strings.Repeat("--", 1000), up, http.MethodPost, prefix + "/datasets"},
		{"over the limit", ct, good.String() + strings.Repeat("x", 9<<10), up, http.MethodPost, prefix + "/datasets"},
		{"no file", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"ingest\"\r\n\r\nlinks\r\n--b--\r\n", up, http.MethodPost, prefix + "/datasets"},
		{"unknown kind", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"ingest\"\r\n\r\nzzz\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.csv\"\r\n\r\na,b\r\n--b--\r\n", up, http.MethodPost, prefix + "/datasets"},
	} {
		req := httptest.NewRequest(c.method, c.path, bytes.NewReader([]byte(c.body)))
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		req.Header.Set("Authorization", "Bearer tok")
		w := httptest.NewRecorder()
		c.h.ServeHTTP(w, req)
		requests++
		hostileCheck(t, c.name, w, fives)
		if c.name == "over the limit" || c.name == "GET with a large body" {
			if w.Code != 413 {
				t.Errorf("%s: %d, want 413", c.name, w.Code)
			}
		}
	}
	// Bad JSON bodies on every documented write that takes one (with the
	// token, so that the body is read): no 5xx, a JSON error.
	for _, tmpl := range paths {
		for method, op := range doc.Paths.Value(tmpl).Operations() {
			if op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				continue
			}
			for _, body := range []string{"", "null", "[]", "{", "}", `{"x":1}`, `"text"`, "1e999", `{"a":NaN}`,
				strings.Repeat("[", 10000) + strings.Repeat("]", 10000), `{"code":"` + strings.Repeat("x", 70<<10) + `"}`,
				"{\"name\":\"a\u0000b\"}", "\xff\xfe{}", `{}{}`, `{} trailing`} {
				what := fmt.Sprintf("%s %s body %.30q", method, tmpl, body)
				req := httptest.NewRequest(method, hostilePath(tmpl, map[string]string{"key": "k", "id": "1"}), strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer tok")
				w := httptest.NewRecorder()
				up.ServeHTTP(w, req)
				requests++
				hostileCheck(t, what, w, fives)
				if w.Code < 400 {
					t.Errorf("%s: accepted (%d)", what, w.Code)
				}
			}
		}
	}
	t.Logf("%d hostile requests, %d answered 5xx", requests, len(fives))
}
