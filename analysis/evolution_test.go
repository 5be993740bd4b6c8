package analysis

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// evPartitions plants every event on 60 nodes (0: in no domain):
//
//	earlier                      later                       event
//	1 = 0–4,  2 = 5–9            1 = 0–9                     merge, J 5/10 each
//	3 = 10–19                    2 = 10–14, 3 = 15–19        split, J 5/10 each
//	4 = 20–24                    (none)                      death
//	5 = 25–29                    4 = 25–29                   continuation, J 1
//	6 = 30–39 (50–54 in none)    5 = 30–39, 50–54            growth, J 10/15, 15 ≥ 1.2·10
//	7 = 40–49                    6 = 40–45                   contraction, J 6/10, 10 ≥ 1.2·6
//	(55–59 in none)              7 = 55–59                   birth
func evPartitions() (a, b []int32, nodes []IndustryName) {
	a, b = make([]int32, 60), make([]int32, 60)
	set := func(p []int32, lo, hi int, id int32) {
		for i := lo; i <= hi; i++ {
			p[i] = id
		}
	}
	set(a, 0, 4, 1)
	set(a, 5, 9, 2)
	set(a, 10, 19, 3)
	set(a, 20, 24, 4)
	set(a, 25, 29, 5)
	set(a, 30, 39, 6)
	set(a, 40, 49, 7)
	set(b, 0, 9, 1)
	set(b, 10, 14, 2)
	set(b, 15, 19, 3)
	set(b, 25, 29, 4)
	set(b, 30, 39, 5)
	set(b, 50, 54, 5)
	set(b, 40, 45, 6)
	set(b, 55, 59, 7)
	for i := range a {
		nodes = append(nodes, IndustryName{Code: fmt.Sprintf("n%02d", i)})
	}
	return a, b, nodes
}

func evFind(t *testing.T, events []DomainEvent, typ string) DomainEvent {
	t.Helper()
	var found []DomainEvent
	for _, e := range events {
		if e.Type == typ {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d %s events, want 1: %+v", len(found), typ, events)
	}
	return found[0]
}

func evIDs(ds []DomainRef) []int {
	var out []int
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func TestDomainEventsPlanted(t *testing.T) {
	a, b, nodes := evPartitions()
	opt := EventOptions{Theta: 0.3, Growth: 0.2, MinSize: 3}
	events := DomainEvents(a, b, nodes, nil, nil, opt)
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
		if e.Noise != nil || e.BeyondNoise {
			t.Errorf("%s: noise assessed without noise levels", e.Type)
		}
	}
	want := []string{EventDeath, EventBirth, EventSplit, EventMerge, EventContraction, EventGrowth, EventContinuation}
	if !reflect.DeepEqual(types, want) {
		t.Fatalf("events %v, want %v", types, want)
	}
	if e := evFind(t, events, EventMerge); !reflect.DeepEqual(evIDs(e.From), []int{1, 2}) || !reflect.DeepEqual(evIDs(e.To), []int{1}) || e.Jaccard != 0.5 {
		t.Errorf("merge %+v; want 1, 2 → 1 with Jaccard 0.5", e)
	}
	if e := evFind(t, events, EventSplit); !reflect.DeepEqual(evIDs(e.From), []int{3}) || !reflect.DeepEqual(evIDs(e.To), []int{2, 3}) || len(e.Matches) != 2 {
		t.Errorf("split %+v; want 3 → 2, 3", e)
	}
	if e := evFind(t, events, EventDeath); !reflect.DeepEqual(evIDs(e.From), []int{4}) || len(e.To) != 0 || e.Jaccard != 0 {
		t.Errorf("death %+v; want domain 4 with no overlap", e)
	}
	if e := evFind(t, events, EventBirth); !reflect.DeepEqual(evIDs(e.To), []int{7}) || e.To[0].Size != 5 {
		t.Errorf("birth %+v; want later domain 7 of 5", e)
	}
	g := evFind(t, events, EventGrowth)
	if g.From[0].ID != 6 || g.To[0].ID != 5 || !chNear(g.Jaccard, 10.0/15, 1e-12) || len(g.Joined) != 5 || g.Joined[0].Code != "n50" || len(g.Left) != 0 {
		t.Errorf("growth %+v; want 6 → 5, Jaccard 2/3, n50–n54 joined", g)
	}
	c := evFind(t, events, EventContraction)
	if c.From[0].ID != 7 || c.To[0].ID != 6 || !chNear(c.Jaccard, 0.6, 1e-12) || len(c.Left) != 4 || c.Left[0].Code != "n46" {
		t.Errorf("contraction %+v; want 7 → 6, Jaccard 0.6, n46–n49 left", c)
	}
	if e := evFind(t, events, EventContinuation); e.Jaccard != 1 || len(e.Joined)+len(e.Left) != 0 {
		t.Errorf("continuation %+v; want Jaccard 1, no members changed", e)
	}

	// Overlapping pairs: 1–1, 2–1, 3–2, 3–3, 5–4, 6–5 (10 of 15), 7–6 (6 of 10).
	ov := DomainOverlaps(a, b)
	var pairs []string
	for _, m := range ov {
		pairs = append(pairs, fmt.Sprintf("%d-%d", m.From, m.To))
	}
	if strings.Join(pairs, " ") != "1-1 2-1 3-2 3-3 5-4 6-5 7-6" || ov[5].Shared != 10 || !chNear(ov[5].Jaccard, 10.0/15, 1e-12) || !chNear(ov[6].Jaccard, 0.6, 1e-12) {
		t.Errorf("overlaps %+v", ov)
	}

	// Louvain noise: the earlier domain 3 matches its own reruns only at
	// 0.45 (its halves swap in and out), below the split's 0.5: the split is
	// within noise. Every other domain reruns perfectly (1).
	na, nb := map[int32]float64{}, map[int32]float64{}
	for id := int32(1); id <= 7; id++ {
		na[id], nb[id] = 1, 1
	}
	na[3] = 0.45
	events = DomainEvents(a, b, nodes, na, nb, opt)
	for _, e := range events {
		wantBeyond := e.Type != EventSplit && e.Type != EventContinuation
		if e.Noise == nil || e.BeyondNoise != wantBeyond {
			t.Errorf("%s: beyond noise %v (noise %v), want %v", e.Type, e.BeyondNoise, e.Noise, wantBeyond)
		}
	}
	if e := evFind(t, events, EventSplit); *e.Noise != 0.45 {
		t.Errorf("split noise %v, want 0.45 (the lowest of the involved domains)", *e.Noise)
	}

	// θ = 0.55: the halves of the merge and the split no longer match.
	events = DomainEvents(a, b, nodes, nil, nil, EventOptions{Theta: 0.55, Growth: 0.2, MinSize: 3})
	n := map[string]int{}
	for _, e := range events {
		n[e.Type]++
	}
	if n[EventMerge] != 0 || n[EventSplit] != 0 || n[EventDeath] != 4 || n[EventBirth] != 4 {
		t.Errorf("θ 0.55: %v; want deaths of 1, 2, 3, 4 and births of 1, 2, 3, 7", n)
	}
	// MinSize 6: deaths and births of 5-member domains are not reported.
	events = DomainEvents(a, b, nodes, nil, nil, EventOptions{Theta: 0.3, Growth: 0.2, MinSize: 6})
	for _, e := range events {
		if e.Type == EventDeath || e.Type == EventBirth || e.Type == EventContinuation {
			t.Errorf("MinSize 6 reported %s of %+v %+v", e.Type, e.From, e.To)
		}
	}
}

// TestSelfJaccard: reference domains 1 = {0,1,2,3}, 2 = {4,5}. Rerun 1
// reproduces them (Jaccard 1, 1); rerun 2 puts all six nodes together
// (Jaccard 4/6 and 2/6). With two runs the 0.1-quantile is the lower value.
func TestSelfJaccard(t *testing.T) {
	ref := []int32{1, 1, 1, 1, 2, 2}
	reruns := [][]int32{{1, 1, 1, 1, 2, 2}, {1, 1, 1, 1, 1, 1}}
	got := selfJaccard(ref, reruns, 0.1)
	if !chNear(got[1], 4.0/6, 1e-12) || !chNear(got[2], 2.0/6, 1e-12) {
		t.Errorf("selfJaccard %v, want 1: 2/3, 2: 1/3", got)
	}
	if got := selfJaccard(ref, reruns, 1); got[1] != 1 || got[2] != 1 {
		t.Errorf("1-quantile %v, want the best run (1, 1)", got)
	}
}

// evCliques returns given-relatedness links: every clique's pairs at 1 and
// each pendant pair at 0.5.
func evCliques(cliques [][]string, pendants [][2]string) []graphmodel.Link {
	var links []graphmodel.Link
	for _, c := range cliques {
		for i := range c {
			for j := i + 1; j < len(c); j++ {
				links = append(links, graphmodel.Link{From: min(c[i], c[j]), To: max(c[i], c[j]), Value: 1})
			}
		}
	}
	for _, p := range pendants {
		links = append(links, graphmodel.Link{From: min(p[0], p[1]), To: max(p[0], p[1]), Value: 0.5})
	}
	return links
}

func evNames(prefix string, lo, hi int) []string {
	var out []string
	for i := lo; i <= hi; i++ {
		out = append(out, fmt.Sprintf("%s%02d", prefix, i))
	}
	return out
}

// TestDomainEvolutionPlanted runs the whole pipeline on cliques (weights 1)
// with pendant industries (weight 0.5), which Louvain keeps with their clique:
//
//	p1: A = a01–05 + f1, B = b01–05 + f2, C = c01–10 + f3 f4 f5, D = d01–06, E = e01–05
//	p2: AB = a + b + d1 d2, C1 = c01–05 + d3 d5, C2 = c06–10 + d4 d6, E, F = f01–05
//
// J(A, AB) = J(B, AB) = 5/13: merge; J(C, C1) = J(C, C2) = 5/15: split; D's
// best is J(D, C1) = 2/11: death; F's best is J(F, C) = 3/15: birth; E
// continues. Cliques rerun identically, so the events other than the
// continuation are beyond noise.
func TestDomainEvolutionPlanted(t *testing.T) {
	a, b, c, d, e, f := evNames("a", 1, 5), evNames("b", 1, 5), evNames("c", 1, 10), evNames("d", 1, 6), evNames("e", 1, 5), evNames("f", 1, 5)
	st := chStore(t)
	var all []string
	for _, g := range [][]string{a, b, c, d, e, f} {
		all = append(all, g...)
	}
	chIndustries(t, st, "T", all...)
	chGiven(t, st, "T", "rel", "p1", evCliques([][]string{a, b, c, d, e},
		[][2]string{{f[0], a[1]}, {f[1], b[1]}, {f[2], c[2]}, {f[3], c[7]}, {f[4], c[3]}}))
	ab := append(append(append([]string{}, a...), b...), d[0], d[1])
	c1 := append(append([]string{}, c[:5]...), d[2], d[4])
	c2 := append(append([]string{}, c[5:]...), d[3], d[5])
	chGiven(t, st, "T", "rel", "p2", evCliques([][]string{ab, c1, c2, e, f}, nil))

	res, err := NewAnalyzer(st).DomainEvolution(context.Background(), EvolutionRequest{Layer: "rel", Periods: []string{"p1", "p2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Periods) != 2 || len(res.Steps) != 1 || len(res.Periods[0].Domains) != 5 || len(res.Periods[1].Domains) != 5 {
		t.Fatalf("periods %+v", res.Periods)
	}
	// Name every domain by its members' first letters, e.g. "abd".
	name := func(p int, id int) string {
		for _, dom := range res.Periods[p].Domains {
			if dom.ID == id {
				letters := map[byte]bool{}
				for _, m := range dom.Members {
					letters[m.Code[0]] = true
				}
				var s []string
				for l := range letters {
					s = append(s, string(l))
				}
				sort.Strings(s)
				return strings.Join(s, "")
			}
		}
		return "?"
	}
	got := map[string]bool{}
	for _, ev := range res.Steps[0].Events {
		var from, to []string
		for _, x := range ev.From {
			from = append(from, name(0, x.ID))
		}
		for _, x := range ev.To {
			to = append(to, name(1, x.ID))
		}
		sort.Strings(from)
		sort.Strings(to)
		key := fmt.Sprintf("%s %s→%s %v", ev.Type, strings.Join(from, "+"), strings.Join(to, "+"), ev.BeyondNoise)
		got[key] = true
		if ev.Noise == nil || *ev.Noise != 1 {
			t.Errorf("%s: noise %v, want 1 (cliques rerun identically)", key, ev.Noise)
		}
		if !strings.HasPrefix(ev.Text, ev.Type) && !strings.Contains(ev.Text, ev.Type) {
			t.Errorf("text %q does not name the event", ev.Text)
		}
	}
	want := map[string]bool{
		"merge af+bf→abd true": true, "split cf→cd+cd true": true, "death d→ true": true,
		"birth →f true": true, "continuation e→e false": true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if s := res.Steps[0]; s.Common != len(all) || len(s.OnlyFrom)+len(s.OnlyTo) != 0 || s.Counts[EventMerge] != 1 || s.BeyondNoise[EventContinuation] != 0 {
		t.Errorf("step %+v", s)
	}
	if !strings.Contains(strings.Join(res.Rules, " "), "Greene") {
		t.Errorf("rules do not cite the matching scheme: %v", res.Rules)
	}

	for _, req := range []EvolutionRequest{
		{Layer: "rel", Periods: []string{"p1"}}, {Layer: "rel", Periods: []string{"p1", "p1"}},
		{Layer: "rel", Periods: []string{"p1", "p2"}, Theta: 1.5}, {Layer: "", Periods: []string{"p1", "p2"}},
	} {
		if _, err := NewAnalyzer(st).DomainEvolution(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", req, err)
		}
	}
}

// TestDomainEvolutionUKFlows tracks the knowledge domains of the UK labour
// flows from 2009–2013 to 2014–2018. Every domain of at least MinSize
// members (in both periods) must take part in an event on its side, events
// beyond noise must have their match below the noise level, and the result
// must not depend on the run (same seed, same events).
func TestDomainEvolutionUKFlows(t *testing.T) {
	st := chUK(t)
	req := EvolutionRequest{Layer: "labour", Periods: []string{"2009-2013", "2014-2018"}, Seed: 1} // the CLI default seed
	res, err := NewAnalyzer(st).DomainEvolution(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	step := res.Steps[0]
	if step.Common < 250 || len(step.Events) == 0 {
		t.Fatalf("step %s → %s: %d common industries, %d events", step.From, step.To, step.Common, len(step.Events))
	}
	involved := [2]map[int]bool{{}, {}}
	for _, e := range step.Events {
		for _, d := range e.From {
			involved[0][d.ID] = true
		}
		for _, d := range e.To {
			involved[1][d.ID] = true
		}
		if e.Noise == nil {
			t.Errorf("%s: no noise level with 10 reruns", e.Text)
		} else if e.BeyondNoise && !(e.Jaccard < *e.Noise) {
			t.Errorf("%s: beyond noise with Jaccard %.3f ≥ noise %.3f", e.Text, e.Jaccard, *e.Noise)
		}
		t.Logf("%s  [Jaccard %.2f, reruns %.2f, beyond noise %v]", e.Text, e.Jaccard, *e.Noise, e.BeyondNoise)
	}
	// Sizes on the common industries come from the events; a domain missing
	// from every event must be smaller than MinSize there.
	for k, p := range res.Periods {
		for _, dom := range p.Domains {
			if involved[k][dom.ID] {
				continue
			}
			common := 0
			other := res.Periods[1-k]
			inOther := map[string]bool{}
			for _, od := range other.Domains {
				for _, m := range od.Members {
					inOther[m.Code] = true
				}
			}
			for _, m := range dom.Members {
				if inOther[m.Code] {
					common++
				}
			}
			if common >= 3 { // the default MinSize
				t.Errorf("%s domain #%d %s (%d members in domains of the other period) is in no event", p.Period, dom.ID, dom.Label, common)
			}
		}
	}
	again, err := NewAnalyzer(st).DomainEvolution(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Steps, res.Steps) {
		t.Error("a second run with the same seed gave other events")
	}
}
