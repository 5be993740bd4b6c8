package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/api"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// TestUKCLIEqualsAPI asks the CLI (--format json) and the HTTP API (served
// in-process over the same store) the same questions on the real UK labour
// flows, and checks that both carry the same numbers: knowledge domains with
// stability, candidate cross-sector domains, the full bridging ranking and
// one industry's bridging entry, a region's profile, its opportunities and
// an industry's neighbours. Both go through package analysis; before the API
// did so, its betweenness was normalised by (n−1)(n−2)/2 and differed.
func TestUKCLIEqualsAPI(t *testing.T) {
	store := ukStore(t) // skips when ../shared/data is absent
	st, err := sqlitestore.Open(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(api.New(st, api.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()
	get := func(path string) map[string]any {
		t.Helper()
		resp, err := http.Get(srv.URL + "/api/v1" + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return decodeJSON(t, string(b))
	}
	cli := func(args ...string) map[string]any {
		t.Helper()
		return decodeJSON(t, mustRun(t, append([]string{"--store", store}, append(args, "--format", "json")...)...))
	}

	t.Run("domains", func(t *testing.T) {
		c := cli("domains", "--layers", "labour", "--runs", "3", "--resolution", "1.5", "--seed", "7")
		a := get("/domains?layers=labour&runs=3&resolution=1.5&seed=7")
		delete(a, "params")
		if len(c["domains"].([]any)) < 10 {
			t.Fatalf("only %d domains", len(c["domains"].([]any)))
		}
		sameJSON(t, "domains", c, a)
	})

	t.Run("candidates", func(t *testing.T) {
		c := cli("domains", "--layers", "labour", "--runs", "2", "--candidates")
		a := get("/cross-sector-domains?layers=labour&runs=2")
		if len(c["domains"].([]any)) == 0 {
			t.Fatal("no candidate cross-sector domains")
		}
		sameJSON(t, "candidates", c["domains"], a["candidates"])
		for _, k := range []string{"modularity", "provenance", "request"} {
			sameJSON(t, k, c[k], a[k])
		}
	})

	t.Run("bridges", func(t *testing.T) {
		c := cli("bridges", "--layers", "labour", "--top", "0")
		a := get("/bridges?layers=labour&top=0")
		cs, as := c["sectors"].([]any), a["bridges"].([]any)
		if len(cs) < 400 || len(cs) != len(as) {
			t.Fatalf("CLI ranks %d industries, the API %d", len(cs), len(as))
		}
		for i := range cs {
			sameJSON(t, fmt.Sprintf("bridge %d", i+1), cliBridge(cs[i].(map[string]any), c["ranked"]), apiBridge(as[i].(map[string]any)))
		}
		// An industry's details carry its entry of the same ranking.
		d := get("/industries/7820?layers=labour")
		b := d["metrics"].(map[string]any)["bridging"].(map[string]any)
		for _, s := range cs {
			if s := s.(map[string]any); s["code"] == "7820" {
				sameJSON(t, "7820", cliBridge(s, c["ranked"]), apiBridge(b))
			}
		}
		sameJSON(t, "7820 strength", d["metrics"].(map[string]any)["strength"], b["strength"])
	})

	t.Run("region", func(t *testing.T) {
		c := cli("region", "London", "--layers", "labour", "--opportunities", "25", "--min-related", "3")
		a := get("/regions/London/profile?layers=labour&opportunities=25&min_related=3")
		delete(a, "params")
		if len(c["opportunities"].([]any)) != 25 || len(c["specialisations"].([]any)) == 0 {
			t.Fatalf("London: %d opportunities, %d specialisations", len(c["opportunities"].([]any)), len(c["specialisations"].([]any)))
		}
		sameJSON(t, "profile", c, a)
		o := get("/regions/London/opportunities?layers=labour&opportunities=25&min_related=3")
		sameJSON(t, "opportunities", c["opportunities"], o["opportunities"])
	})

	t.Run("neighbours", func(t *testing.T) {
		var c []any
		if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "neighbours", "8610", "--layer", "labour", "--top", "15", "--format", "json")), &c); err != nil {
			t.Fatal(err)
		}
		a := get("/industries/8610/neighbours?layer=labour&top=15")
		if len(c) != 15 {
			t.Fatalf("%d neighbours", len(c))
		}
		sameJSON(t, "neighbours", c, a["neighbours"])
	})
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%v in %.200s", err, s)
	}
	return m
}

// cliBridge and apiBridge put one industry of the CLI's and the API's
// bridging ranking into the same shape: the API names domains by
// reference ({id, label}) where the CLI gives the domain ID as community.
func cliBridge(s map[string]any, ranked any) map[string]any {
	out := map[string]any{"of": ranked, "domain": s["community"], "percentiles": map[string]any{
		"betweenness": s["betweenness_rank"], "participation": s["participation_rank"], "brokerage": s["brokerage_rank"]}}
	for _, k := range []string{"rank", "code", "name", "score", "betweenness", "participation", "within_module_z", "role",
		"constraint", "effective_size", "strength", "degree", "articulation_point", "generic"} {
		out[k] = s[k]
	}
	out["sector"] = s["top_sector"]
	var conns []any
	for _, c := range s["connects"].([]any) {
		c := c.(map[string]any)
		conns = append(conns, map[string]any{"domain": c["community"], "own": c["own"] == true, "share": c["share"], "weight": c["weight"], "links": linksOf(c)})
	}
	out["connects"] = conns
	return out
}

func apiBridge(s map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	delete(out, "explanation")
	out["domain"] = domainID(s["domain"])
	var conns []any
	for _, c := range s["connects"].([]any) {
		c := c.(map[string]any)
		conns = append(conns, map[string]any{"domain": domainID(c["domain"]), "own": c["own"], "share": c["share"], "weight": c["weight"], "links": linksOf(c)})
	}
	out["connects"] = conns
	return out
}

// domainID is a domain reference's ID, 0 (no domain) for null.
func domainID(ref any) any {
	if ref == nil {
		return float64(0)
	}
	return ref.(map[string]any)["id"]
}

func linksOf(c map[string]any) []any {
	var out []any
	ls, _ := c["links"].([]any)
	for _, l := range ls {
		l := l.(map[string]any)
		out = append(out, map[string]any{"code": l["code"], "name": l["name"], "weight": l["weight"]})
	}
	return out
}

// sameJSON reports every place where two decoded JSON values differ. Numbers
// may differ by a relative 1e-9: betweenness sums per-source dependencies on
// several goroutines, so the last bits depend on the order they finish in
// (the ranking treats values that close as ties too).
func sameJSON(t *testing.T, path string, a, b any) {
	t.Helper()
	var diffs []string
	diffJSON(path, a, b, &diffs)
	for i, d := range diffs {
		if i == 10 {
			t.Errorf("… and %d more differences", len(diffs)-10)
			break
		}
		t.Error(d)
	}
}

func diffJSON(path string, a, b any, diffs *[]string) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: CLI %v, API %v", path, a, b))
			return
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			diffJSON(path+"."+k, x[k], y[k], diffs)
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			*diffs = append(*diffs, fmt.Sprintf("%s: CLI has %d items, API %s", path, len(x), strings.TrimSpace(fmt.Sprintf("%.80v", b))))
			return
		}
		for i := range x {
			diffJSON(fmt.Sprintf("%s[%d]", path, i), x[i], y[i], diffs)
		}
	case float64:
		y, ok := b.(float64)
		if !ok || math.Abs(x-y) > 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y))) {
			*diffs = append(*diffs, fmt.Sprintf("%s: CLI %v, API %v", path, a, b))
		}
	default:
		if a != b {
			*diffs = append(*diffs, fmt.Sprintf("%s: CLI %v, API %v", path, a, b))
		}
	}
}
