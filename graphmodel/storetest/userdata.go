package storetest

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// The user-data part of the suite: the outcomes that graphmodel's
// HypothesisStore and DomainNameStore list.

func hypotheses(t *testing.T, s graphmodel.Store) graphmodel.HypothesisStore {
	return capability[graphmodel.HypothesisStore](t, s)
}

func domainNames(t *testing.T, s graphmodel.Store) graphmodel.DomainNameStore {
	return capability[graphmodel.DomainNameStore](t, s)
}

// capability returns s as the store interface T, failing the test when s lacks it.
func capability[T any](t *testing.T, s graphmodel.Store) T {
	t.Helper()
	x, ok := s.(T)
	if !ok {
		t.Fatalf("%T does not implement %s", s, reflect.TypeFor[T]())
	}
	return x
}

func fptr[T any](v T) *T { return &v }

// hypo is a valid hypothesis over FLAT codes, given unsorted with a repeat:
// stored as codes a, b, c.
func hypo() graphmodel.Hypothesis {
	return graphmodel.Hypothesis{
		Name:           `Food ↔ life sciences "core"`,
		Classification: flat,
		Codes:          []string{"c", "a", "b", "a"},
		Source:         graphmodel.SourceDomain,
		Params: graphmodel.HypothesisParams{Layers: []string{"flows@2010-2014"}, Threshold: fptr(0.5),
			Resolution: fptr(1.5), Seed: fptr(int64(7)), Domain: fptr(3)},
		Notes:  "Workshop 1:\n\t- check with the cluster managers\n- ünïcödé ✓",
		Author: "Ana O'Neill",
	}
}

// userDump is the user data of a store with its version.
type userDump struct {
	Version int64
	Hyps    []graphmodel.Hypothesis
	Names   []graphmodel.DomainName
}

func takeUserDump(t *testing.T, s graphmodel.Store) userDump {
	t.Helper()
	ctx := t.Context()
	return userDump{Version: get(s.Version(ctx)).ok(t), Hyps: get(hypotheses(t, s).Hypotheses(ctx)).ok(t),
		Names: get(domainNames(t, s).DomainNames(ctx)).ok(t)}
}

func testHypothesisRoundTrip(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	if got := get(hs.Hypotheses(ctx)).ok(t); len(got) != 0 {
		t.Fatalf("empty store lists hypotheses %+v", got)
	}
	loadInd(t, s, flatLoad())
	v0 := get(s.Version(ctx)).ok(t)
	before := time.Now().UTC().Add(-time.Second)
	in := hypo()
	in.ID, in.Version = 99, 42 // ignored
	h := get(hs.CreateHypothesis(ctx, in)).ok(t)
	after := time.Now().UTC().Add(time.Second)
	want := hypo()
	want.ID, want.Version, want.Codes = 1, 1, []string{"a", "b", "c"}
	want.CreatedAt, want.UpdatedAt = h.CreatedAt, h.UpdatedAt
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("CreateHypothesis returned\n%+v, want\n%+v", h, want)
	}
	if h.CreatedAt.Before(before) || h.CreatedAt.After(after) || !h.UpdatedAt.Equal(h.CreatedAt) || h.CreatedAt.Location() != time.UTC {
		t.Errorf("times %v, %v: want both now, equal, in UTC", h.CreatedAt, h.UpdatedAt)
	}
	if got := get(hs.Hypothesis(ctx, 1)).ok(t); !reflect.DeepEqual(got, h) {
		t.Fatalf("Hypothesis(1) = %+v, want %+v", got, h)
	}
	// A hostile name and a bare one: data, not queries; Source "" is stored as codes.
	h2 := get(hs.CreateHypothesis(ctx, graphmodel.Hypothesis{Name: `x'}) MATCH (n) DETACH DELETE n //; DROP TABLE hypotheses`,
		Classification: flat, Codes: []string{"g"}})).ok(t)
	if h2.ID != 2 || h2.Source != graphmodel.SourceCodes || h2.Author != "" || h2.Notes != "" {
		t.Fatalf("second hypothesis %+v: want ID 2, source codes, empty author and notes", h2)
	}
	list := get(hs.Hypotheses(ctx)).ok(t)
	if !reflect.DeepEqual(list, []graphmodel.Hypothesis{h, h2}) {
		t.Fatalf("Hypotheses = %+v, want [%+v %+v]", list, h, h2)
	}
	if v := get(s.Version(ctx)).ok(t); v != v0 {
		t.Errorf("writing hypotheses changed the store version from %d to %d", v0, v)
	}
	if n := len(get(s.Industries(ctx, flat)).ok(t)); n != 7 {
		t.Errorf("FLAT has %d industries after the hostile name, want 7", n)
	}
}

func testHypothesisInvalid(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	loadInd(t, s, flatLoad())
	get(hs.CreateHypothesis(ctx, hypo())).ok(t)
	many := make([]string, graphmodel.MaxSetCodes+1)
	for i := range many {
		many[i] = "x" + strings.Repeat("y", i%50) + string(rune('A'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
	}
	cases := []struct {
		name, field, says string
		edit              func(h *graphmodel.Hypothesis)
	}{
		{"empty name", "name", "empty", func(h *graphmodel.Hypothesis) { h.Name = "" }},
		{"blank name", "name", "empty", func(h *graphmodel.Hypothesis) { h.Name = " \t " }},
		{"bell in name", "name", "control character", func(h *graphmodel.Hypothesis) { h.Name = "food\abio" }},
		{"escape in name", "name", "control character", func(h *graphmodel.Hypothesis) { h.Name = "\x1b[31mred" }},
		{"newline in name", "name", "control character", func(h *graphmodel.Hypothesis) { h.Name = "two\nlines" }},
		{"long name", "name", "at most 200", func(h *graphmodel.Hypothesis) { h.Name = strings.Repeat("é", 201) }},
		{"bad UTF-8 name", "name", "UTF-8", func(h *graphmodel.Hypothesis) { h.Name = "a\xffb" }},
		{"NUL in notes", "notes", "control character", func(h *graphmodel.Hypothesis) { h.Notes = "a\x00b" }},
		{"control in author", "author", "control character", func(h *graphmodel.Hypothesis) { h.Author = "a\x7fb" }},
		{"no classification", "classification", "empty", func(h *graphmodel.Hypothesis) { h.Classification = "" }},
		{"unknown classification", "classification", `"NOPE"`, func(h *graphmodel.Hypothesis) { h.Classification = "NOPE" }},
		{"no codes", "codes", "no industry codes", func(h *graphmodel.Hypothesis) { h.Codes = nil }},
		{"unknown code", "codes", `"zz"`, func(h *graphmodel.Hypothesis) { h.Codes = []string{"a", "zz"} }},
		{"empty code", "codes", "code 2", func(h *graphmodel.Hypothesis) { h.Codes = []string{"a", ""} }},
		{"too many codes", "codes", "at most 2000", func(h *graphmodel.Hypothesis) { h.Codes = many }},
		{"bad source", "source", "expected domain", func(h *graphmodel.Hypothesis) { h.Source = "guess" }},
		{"NaN threshold", "params", "threshold", func(h *graphmodel.Hypothesis) { h.Params.Threshold = fptr(math.NaN()) }},
		{"zero resolution", "params", "resolution", func(h *graphmodel.Hypothesis) { h.Params.Resolution = fptr(0.0) }},
	}
	before, beforeUser := takeDump(t, s), takeUserDump(t, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := hypo()
			c.edit(&h)
			_, err := hs.CreateHypothesis(ctx, h)
			wantCode(t, err, graphmodel.EINVALID, c.says)
			wantField(t, err, c.field)
			u := get(hs.Hypothesis(ctx, 1)).ok(t)
			c.edit(&u)
			_, err = hs.UpdateHypothesis(ctx, u)
			wantCode(t, err, graphmodel.EINVALID, c.says)
			wantField(t, err, c.field)
			sameDump(t, "a refused hypothesis", beforeUser, takeUserDump(t, s))
		})
	}
	sameDump(t, "refused hypotheses", before, takeDump(t, s))
}

func testHypothesisUpdate(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	loadInd(t, s, flatLoad())
	h := get(hs.CreateHypothesis(ctx, hypo())).ok(t)
	edit := h
	edit.Name, edit.Notes, edit.Codes, edit.Source = "Renamed", "", []string{"e", "d"}, graphmodel.SourceSelection
	edit.Params = graphmodel.HypothesisParams{}
	edit.CreatedAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // ignored
	u := get(hs.UpdateHypothesis(ctx, edit)).ok(t)
	want := edit
	want.Codes, want.Version, want.CreatedAt, want.UpdatedAt = []string{"d", "e"}, 2, h.CreatedAt, u.UpdatedAt
	if !reflect.DeepEqual(u, want) {
		t.Fatalf("UpdateHypothesis returned\n%+v, want\n%+v", u, want)
	}
	if u.UpdatedAt.Before(h.UpdatedAt) {
		t.Errorf("UpdatedAt went back from %v to %v", h.UpdatedAt, u.UpdatedAt)
	}
	if got := get(hs.Hypothesis(ctx, h.ID)).ok(t); !reflect.DeepEqual(got, u) {
		t.Fatalf("after the update Hypothesis = %+v, want %+v", got, u)
	}
	before := takeUserDump(t, s)
	stale := edit // still version 1
	stale.Name = "Lost update"
	_, err := hs.UpdateHypothesis(ctx, stale)
	wantCode(t, err, graphmodel.ECONFLICT, "version 1, stored 2")
	wantField(t, err, "version")
	missing := u
	missing.ID = 999
	_, err = hs.UpdateHypothesis(ctx, missing)
	wantCode(t, err, graphmodel.ENOTFOUND, "999")
	sameDump(t, "a stale or unknown update", before, takeUserDump(t, s))
	// Version 0 updates whatever is stored.
	blind := u
	blind.Version, blind.Name = 0, "Blind"
	if got := get(hs.UpdateHypothesis(ctx, blind)).ok(t); got.Version != 3 || got.Name != "Blind" {
		t.Fatalf("update with version 0 = %+v, want version 3 named Blind", got)
	}
}

func testHypothesisDelete(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	loadInd(t, s, flatLoad())
	h1 := get(hs.CreateHypothesis(ctx, hypo())).ok(t)
	h2 := get(hs.CreateHypothesis(ctx, hypo())).ok(t)
	if err := hs.DeleteHypothesis(ctx, h1.ID); err != nil {
		t.Fatalf("DeleteHypothesis(%d): %v", h1.ID, err)
	}
	_, err := hs.Hypothesis(ctx, h1.ID)
	wantCode(t, err, graphmodel.ENOTFOUND, "hypothesis 1 not found")
	wantField(t, err, "id")
	wantCode(t, hs.DeleteHypothesis(ctx, h1.ID), graphmodel.ENOTFOUND)
	wantCode(t, hs.DeleteHypothesis(ctx, -5), graphmodel.ENOTFOUND)
	if got := get(hs.Hypotheses(ctx)).ok(t); !reflect.DeepEqual(got, []graphmodel.Hypothesis{h2}) {
		t.Fatalf("after deleting 1, Hypotheses = %+v, want only %+v", got, h2)
	}
	// IDs are never reused.
	if h3 := get(hs.CreateHypothesis(ctx, hypo())).ok(t); h3.ID != 3 {
		t.Fatalf("a hypothesis created after a delete got ID %d, want 3", h3.ID)
	}
}

// testHypothesesAcrossLoads: loads never touch hypotheses, and a code
// dropped by a reload stays in the stored hypothesis but must go before
// the next update.
func testHypothesesAcrossLoads(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	loadInd(t, s, flatLoad())
	loadLayer(t, s, flowsLoad()) // a..f; g is in no layer or regional set
	h := hypo()
	h.Codes = []string{"a", "g"}
	h = get(hs.CreateHypothesis(ctx, h)).ok(t)
	loadInd(t, s, flatLoad()) // same codes again
	loadLayer(t, s, flowsLoad())
	if got := get(hs.Hypothesis(ctx, h.ID)).ok(t); !reflect.DeepEqual(got, h) {
		t.Fatalf("after reloads Hypothesis = %+v, want %+v", got, h)
	}
	l := flatLoad()
	l.Industries = l.Industries[:6] // drops g, which no layer uses
	loadInd(t, s, l)
	if got := get(hs.Hypothesis(ctx, h.ID)).ok(t); !reflect.DeepEqual(got.Codes, []string{"a", "g"}) {
		t.Fatalf("after dropping g the hypothesis has codes %v, want [a g] as stored", got.Codes)
	}
	_, err := hs.UpdateHypothesis(ctx, h)
	wantCode(t, err, graphmodel.EINVALID, `"g"`)
	h.Codes = []string{"a"}
	if got := get(hs.UpdateHypothesis(ctx, h)).ok(t); !reflect.DeepEqual(got.Codes, []string{"a"}) {
		t.Fatalf("update without g stored codes %v", got.Codes)
	}
}

func testDomainNames(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	ns := domainNames(t, s)
	if got := get(ns.DomainNames(ctx)).ok(t); len(got) != 0 {
		t.Fatalf("empty store lists domain names %+v", got)
	}
	loadAll(t, s)
	v0 := get(s.Version(ctx)).ok(t)
	in := graphmodel.DomainName{Classification: flat, Layers: []string{"flows@2010-2014"}, Codes: []string{"c", "b", "a"}, Name: "Agri-tech"}
	n := get(ns.SetDomainName(ctx, in)).ok(t)
	if n.Key != graphmodel.DomainKey(flat, []string{"flows@2010-2014"}, []string{"a", "b", "c"}) ||
		!reflect.DeepEqual(n.Codes, []string{"a", "b", "c"}) || n.UpdatedAt.IsZero() {
		t.Fatalf("SetDomainName returned %+v: want the key of a,b,c, codes sorted, a time", n)
	}
	// Renaming the same membership replaces the name.
	in.Name = "Agri-food tech"
	in.Codes = []string{"a", "b", "c", "b"}
	n = get(ns.SetDomainName(ctx, in)).ok(t)
	other := get(ns.SetDomainName(ctx, graphmodel.DomainName{Classification: flat,
		Layers: []string{"cooc@2010", "flows@2010-2014"}, Codes: []string{"d", "e"}, Name: "Mining 'services'"})).ok(t)
	want := []graphmodel.DomainName{n, other}
	if other.Key < n.Key {
		want = []graphmodel.DomainName{other, n}
	}
	got := get(ns.DomainNames(ctx)).ok(t)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DomainNames = %+v, want %+v", got, want)
	}
	if v := get(s.Version(ctx)).ok(t); v != v0 {
		t.Errorf("naming domains changed the store version from %d to %d", v0, v)
	}
	before, beforeUser := takeDump(t, s), takeUserDump(t, s)
	bad := []struct {
		name, field, says string
		n                 graphmodel.DomainName
	}{
		{"empty name", "name", "empty", graphmodel.DomainName{Classification: flat, Layers: in.Layers, Codes: in.Codes}},
		{"control characters", "name", "control character", graphmodel.DomainName{Classification: flat, Layers: in.Layers, Codes: in.Codes, Name: "x\x1b[2Jy"}},
		{"unknown code", "codes", `"q"`, graphmodel.DomainName{Classification: flat, Layers: in.Layers, Codes: []string{"a", "q"}, Name: "Q"}},
		{"unknown classification", "classification", `"NOPE"`, graphmodel.DomainName{Classification: "NOPE", Layers: in.Layers, Codes: in.Codes, Name: "Q"}},
		{"no layers", "layers", "layers", graphmodel.DomainName{Classification: flat, Codes: in.Codes, Name: "Q"}},
		{"no codes", "codes", "no industry codes", graphmodel.DomainName{Classification: flat, Layers: in.Layers, Name: "Q"}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := ns.SetDomainName(ctx, c.n)
			wantCode(t, err, graphmodel.EINVALID, c.says)
			wantField(t, err, c.field)
		})
	}
	err := ns.DeleteDomainName(ctx, "no-such-key")
	wantCode(t, err, graphmodel.ENOTFOUND, "no-such-key")
	sameDump(t, "refused domain names", beforeUser, takeUserDump(t, s))
	sameDump(t, "refused domain names", before, takeDump(t, s))
	if err := ns.DeleteDomainName(ctx, n.Key); err != nil {
		t.Fatalf("DeleteDomainName: %v", err)
	}
	if got := get(ns.DomainNames(ctx)).ok(t); !reflect.DeepEqual(got, []graphmodel.DomainName{other}) {
		t.Fatalf("after the delete DomainNames = %+v, want only %+v", got, other)
	}
}

// testHypothesisConcurrentUpdates: updates from the same version race; the
// store keeps exactly one of them and refuses the others with ECONFLICT.
func testHypothesisConcurrentUpdates(t *testing.T, s graphmodel.Store) {
	ctx := t.Context()
	hs := hypotheses(t, s)
	loadInd(t, s, flatLoad())
	h := get(hs.CreateHypothesis(ctx, hypo())).ok(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := h
			u.Name = fmt.Sprintf("writer %d", i)
			_, errs[i] = hs.UpdateHypothesis(ctx, u)
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch graphmodel.ErrorCode(err) {
		case "":
			if won >= 0 {
				t.Fatalf("writers %d and %d both updated from version 1", won, i)
			}
			won = i
		case graphmodel.ECONFLICT:
		default:
			t.Fatalf("writer %d: %v, want success or ECONFLICT", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no writer updated the hypothesis")
	}
	got := get(hs.Hypothesis(ctx, h.ID)).ok(t)
	if got.Version != 2 || got.Name != fmt.Sprintf("writer %d", won) {
		t.Fatalf("after the race: version %d, name %q; want version 2 written by writer %d", got.Version, got.Name, won)
	}
}
