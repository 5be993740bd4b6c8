package neo4jstore

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// nbLoad is the undirected layer nb@2020 over FLAT codes a..g, threshold 0:
//
//	a–b 5, a–c 3, b–d 4, c–d 1, d–e 6, e–f 2, f–g 0.5, and a self-link a–a 9.
func nbLoad() graphmodel.LayerLoad {
	l := graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: "nb", Period: "2020", Kind: graphmodel.KindCoOccurrence, Classification: "FLAT"}}
	for _, c := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		l.AddIndustries = append(l.AddIndustries, graphmodel.Industry{Code: c, Name: "Industry " + c})
	}
	for _, k := range []struct {
		f, t string
		v    float64
	}{{"a", "b", 5}, {"c", "a", 3}, {"b", "d", 4}, {"c", "d", 1}, {"d", "e", 6}, {"e", "f", 2}, {"f", "g", 0.5}, {"a", "a", 9}} {
		l.Links = append(l.Links, graphmodel.Link{From: k.f, To: k.t, Count: 10 * k.v, Value: k.v})
	}
	return l
}

func TestWriteDomains(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.LoadLayer(ctx, nbLoad()); err != nil { // FLAT codes a..g
		t.Fatal(err)
	}
	run := graphmodel.DomainRun{ID: "leiden-1", Classification: "FLAT", Layers: []string{"nb@2020"}, Method: "leiden",
		Params: map[string]string{"resolution": "1"}, CreatedAt: time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)}
	domains := []graphmodel.Domain{
		{ID: 1, Label: `Care "and"})` + "`health`", Scores: map[string]float64{"candidate_score": 0.5, "density": 1}},
		{ID: 2, Label: "Logistics", Scores: map[string]float64{"candidate_score": 0.25}},
	}
	members := []graphmodel.Membership{
		{Code: "a", Domain: 1, Scores: map[string]float64{"bridging": 0.1}},
		{Code: "b", Domain: 1, Scores: map[string]float64{"bridging": 0.2}},
		{Code: "c", Domain: 2, Scores: map[string]float64{"bridging": 0.3}},
	}
	if err := s.WriteDomains(ctx, run, domains, members); err != nil {
		t.Fatal(err)
	}
	rows := func(q string) []string {
		var out []string
		for _, r := range query(t, s, q, nil) {
			out = append(out, r.Values[0].(string))
		}
		return out
	}
	// Domain nodes with their scores and sizes, linked from the run.
	got := rows(`MATCH (:DomainRun {id: 'leiden-1'})-[:HAS_DOMAIN]->(d:Domain)
		RETURN d.id + ' ' + d.label + ' size ' + d.size + ' score ' + d.candidate_score AS x ORDER BY x`)
	want := []string{`1 Care "and"})` + "`health`" + ` size 2 score 0.5`, "2 Logistics size 1 score 0.25"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("domains = %q, want %q", got, want)
	}
	// Memberships carry the scores, and so do the industries.
	got = rows(`MATCH (i:Industry)-[e:IN_DOMAIN {run: 'leiden-1'}]->(d:Domain)
		RETURN i.code + '→' + d.id + ' ' + e.bridging + ' ' + i.bridging + ' ' + i.domain_run AS x ORDER BY x`)
	want = []string{"a→1 0.1 0.1 leiden-1", "b→1 0.2 0.2 leiden-1", "c→2 0.3 0.3 leiden-1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("memberships = %q, want %q", got, want)
	}
	if got := rows(`MATCH (r:DomainRun) RETURN r.method + ' ' + r.params + ' ' + toString(r.created_at) AS x`); !reflect.DeepEqual(got,
		[]string{`leiden {"resolution":"1"} 2025-05-06T07:08:09Z`}) {
		t.Errorf("run = %q", got)
	}

	// Writing the run again replaces it: a is no longer a member and loses
	// its properties; the old domain 2 is gone.
	members = []graphmodel.Membership{{Code: "b", Domain: 1, Scores: map[string]float64{"participation": 0.7}}}
	if err := s.WriteDomains(ctx, run, domains[:1], members); err != nil {
		t.Fatal(err)
	}
	got = rows(`MATCH (i:Industry {classification: 'FLAT'}) WHERE i.domain_run IS NOT NULL OR i.bridging IS NOT NULL
		RETURN i.code + ' ' + coalesce(toString(i.bridging), '-') + ' ' + toString(i.participation) AS x ORDER BY x`)
	if want := []string{"b - 0.7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("industries after the rewrite = %q, want %q", got, want)
	}
	if n := count(t, s, `MATCH (d:Domain) RETURN count(d)`, nil); n != 1 {
		t.Errorf("%d Domain nodes after the rewrite, want 1", n)
	}
	// Results are not loads: the version does not move.
	v, err := s.Version(ctx)
	if err != nil || v != 1 {
		t.Errorf("Version = %d, %v; want 1 (one layer load)", v, err)
	}

	// Bad input is EINVALID and writes nothing.
	before := rows(`MATCH (n) WHERE n:Domain OR n:DomainRun RETURN labels(n)[0] + ' ' + toString(n.id) AS x ORDER BY x`)
	for _, c := range []struct {
		name     string
		run      graphmodel.DomainRun
		domains  []graphmodel.Domain
		members  []graphmodel.Membership
		contains string
	}{
		{"unknown code", run, domains, []graphmodel.Membership{{Code: `x"})`, Domain: 1}, {Code: "zz", Domain: 1}}, `"zz"`},
		{"unknown domain", run, domains, []graphmodel.Membership{{Code: "a", Domain: 9}}, "domain 9"},
		{"twice", run, domains, []graphmodel.Membership{{Code: "a", Domain: 1}, {Code: "a", Domain: 2}}, `"a"`},
		{"bad score name", run, domains, []graphmodel.Membership{{Code: "a", Domain: 1, Scores: map[string]float64{"x}) DETACH DELETE n": 1}}}, "score name"},
		{"reserved score name", run, domains, []graphmodel.Membership{{Code: "a", Domain: 1, Scores: map[string]float64{"code": 1}}}, "reserved"},
		{"empty run", graphmodel.DomainRun{Classification: "FLAT"}, domains, nil, "run ID"},
		{"duplicate domain", run, []graphmodel.Domain{{ID: 1}, {ID: 1}}, nil, "domain 1"},
	} {
		err := s.WriteDomains(ctx, c.run, c.domains, c.members)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(graphmodel.ErrorMessage(err), c.contains) {
			t.Errorf("%s: %v, want EINVALID containing %q", c.name, err, c.contains)
		}
	}
	if after := rows(`MATCH (n) WHERE n:Domain OR n:DomainRun RETURN labels(n)[0] + ' ' + toString(n.id) AS x ORDER BY x`); !reflect.DeepEqual(after, before) {
		t.Errorf("failed writes changed the domains: %q, before %q", after, before)
	}
}
