package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestHypothesisGraphAPI: GET /hypotheses/{id}/graph draws the set and the
// outside industries linked most into it on the toy layer rel@P1
// (a1–a2 1, a2–b1 2, a1–b1 1, b1–b2 1, b2–c1 3), follows an edit of the
// hypothesis at once (no cached answer) and refuses bad input.
func TestHypothesisGraphAPI(t *testing.T) {
	st := toyUserStore(t)
	u := userHarness{t: t, st: st, h: New(st, Config{UploadToken: "tok", Logger: quietLogger()}).Handler()}
	if code, body, _ := u.send(http.MethodPost, "/api/v1/hypotheses", `{"name": "Agri-bio", "codes": ["a1", "a2", "b1"], "params": {"layers": ["rel@P1"]}}`, bearer...); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	graph := func(path string) (nodes, seeds, links []string) {
		t.Helper()
		code, body, e := u.send(http.MethodGet, path, "")
		if code != 200 {
			t.Fatalf("GET %s: %d %+v", path, code, e)
		}
		var g struct {
			Nodes []struct {
				ID   string
				Seed bool
			}
			Links []struct{ Source, Target string }
		}
		if err := json.Unmarshal(body, &g); err != nil {
			t.Fatal(err)
		}
		for _, n := range g.Nodes {
			nodes = append(nodes, n.ID)
			if n.Seed {
				seeds = append(seeds, n.ID)
			}
		}
		for _, l := range g.Links {
			links = append(links, l.Source+"-"+l.Target)
		}
		slices.Sort(nodes)
		slices.Sort(links)
		return
	}
	// The members a1 a2 b1 and b2 (b1–b2 is the only link into them from outside).
	nodes, seeds, links := graph("/api/v1/hypotheses/1/graph?format=json")
	if !reflect.DeepEqual(nodes, []string{"a1", "a2", "b1", "b2"}) || !reflect.DeepEqual(seeds, []string{"a1", "a2", "b1"}) ||
		!reflect.DeepEqual(links, []string{"a1-a2", "a1-b1", "a2-b1", "b1-b2"}) {
		t.Errorf("hypothesis 1: nodes %v, seeds %v, links %v", nodes, seeds, links)
	}
	w := do(t, u.h, http.MethodGet, "/api/v1/hypotheses/1/graph?format=cytoscape", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"elements"`) {
		t.Errorf("format=cytoscape: %d %.200s", w.Code, w.Body.String())
	}
	// Edited to {c1}: c1 and b2 (b2–c1), at once.
	if code, body, _ := u.send(http.MethodPut, "/api/v1/hypotheses/1", `{"name": "Plastics", "codes": ["c1"], "params": {"layers": ["rel@P1"]}, "version": 1}`, bearer...); code != 200 {
		t.Fatalf("PUT: %d %s", code, body)
	}
	if nodes, seeds, links := graph("/api/v1/hypotheses/1/graph?format=json"); !reflect.DeepEqual(nodes, []string{"b2", "c1"}) ||
		!reflect.DeepEqual(seeds, []string{"c1"}) || !reflect.DeepEqual(links, []string{"b2-c1"}) {
		t.Errorf("after the edit: nodes %v, seeds %v, links %v; want c1 and b2", nodes, seeds, links)
	}
	for _, c := range []struct {
		path  string
		code  int
		param string
	}{
		{"/api/v1/hypotheses/9/graph", 404, "id"},
		{"/api/v1/hypotheses/x/graph", 400, "id"},
		{"/api/v1/hypotheses/1/graph?max_nodes=0", 400, "max_nodes"},
		{"/api/v1/hypotheses/1/graph?bridges=1000", 400, "bridges"},
		{"/api/v1/hypotheses/1/graph?hops=2", 400, ""}, // not a parameter of this view
	} {
		if code, _, e := u.send(http.MethodGet, c.path, ""); code != c.code || e.Error.Parameter != c.param {
			t.Errorf("GET %s: %d %+v, want %d on %q", c.path, code, e, c.code, c.param)
		}
	}
}
