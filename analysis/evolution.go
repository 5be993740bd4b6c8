package analysis

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/community"

	"github.com/domainscope/domainscope/graphmodel"
)

// Domain events between consecutive periods (Palla, Barabási & Vicsek 2007,
// Nature 446; Greene, Doyle & Cunningham 2010, ASONAM).
const (
	EventContinuation = "continuation"
	EventGrowth       = "growth"
	EventContraction  = "contraction"
	EventMerge        = "merge"
	EventSplit        = "split"
	EventBirth        = "birth"
	EventDeath        = "death"
)

// EvolutionRequest asks how the knowledge domains of a layer evolve over periods.
type EvolutionRequest struct {
	Layer   string   `json:"layer"`
	Periods []string `json:"periods"` // at least two, in time order
	// Threshold replaces the layers' own thresholds (nil: each layer's).
	Threshold  *float64 `json:"threshold,omitempty"`
	Resolution float64  `json:"resolution"` // default 1
	Seed       int64    `json:"seed"`
	// Runs is the number of reruns per period with other seeds that give the
	// Louvain noise level (default 10; < 0: none).
	Runs int `json:"runs"`
	// Theta is the matching threshold θ: domains of consecutive periods match
	// when their Jaccard overlap is ≥ θ (default 0.3, after Greene et al. 2010).
	Theta float64 `json:"theta"`
	// Growth g: a one-to-one match is growth when the later domain is at
	// least (1+g) times as large, contraction when the earlier is (default 0.2).
	Growth float64 `json:"growth"`
	// MinSize: events need a domain of at least this many industries (default 3).
	MinSize int `json:"min_size"`
	// NoiseQuantile q: a domain's noise level is the q-quantile over the
	// reruns of its best Jaccard with a rerun's community (default 0.1).
	NoiseQuantile float64 `json:"noise_quantile"`
	SectorLevel   int     `json:"sector_level"`
}

// TrackedDomain is one domain of one period.
type TrackedDomain struct {
	ID      int            `json:"id"`
	Label   string         `json:"label"`
	Size    int            `json:"size"`
	Members []IndustryName `json:"members"` // strongest first
}

// EvolutionPeriod is the partition of one period.
type EvolutionPeriod struct {
	Period     string          `json:"period"`
	Provenance Provenance      `json:"provenance"`
	Modularity float64         `json:"modularity"`
	Domains    []TrackedDomain `json:"domains"`
	Isolated   int             `json:"isolated"`
}

// DomainRef names a domain of one period in an event.
type DomainRef struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	// Size counts the members that have links in both periods of the step.
	Size int `json:"size"`
}

// DomainMatch is the overlap of an earlier and a later domain.
type DomainMatch struct {
	From    int     `json:"from"`
	To      int     `json:"to"`
	Shared  int     `json:"shared"`
	Jaccard float64 `json:"jaccard"`
}

// DomainEvent is one event between consecutive periods.
type DomainEvent struct {
	Type string `json:"type"`
	// Text describes the event in one line, e.g. "merge: #3 … + #5 … → #2 …".
	Text string      `json:"text"`
	From []DomainRef `json:"from"` // domains of the earlier period involved
	To   []DomainRef `json:"to"`
	// Matches are the overlaps with Jaccard ≥ θ behind the event; for a
	// birth or death, the best overlap below θ (if any).
	Matches []DomainMatch `json:"matches"`
	// Jaccard is the lowest best-match Jaccard of the involved domains.
	Jaccard float64 `json:"jaccard"`
	// Noise is the lowest noise level of the involved domains: the Jaccard
	// that reruns of the same period still reach. BeyondNoise: every involved
	// domain's best match across periods is below its noise level, i.e. the
	// change is larger than a rerun with another seed makes. nil/false
	// without reruns.
	Noise       *float64 `json:"noise,omitempty"`
	BeyondNoise bool     `json:"beyond_noise"`
	// Joined and Left are the industries (in both periods) that joined or
	// left a one-to-one matched domain.
	Joined []IndustryName `json:"joined,omitempty"`
	Left   []IndustryName `json:"left,omitempty"`
}

// EvolutionStep is the comparison of two consecutive periods.
type EvolutionStep struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Common counts the industries with links in both periods; only they
	// are compared. OnlyFrom and OnlyTo have links in one period only.
	Common   int            `json:"common"`
	OnlyFrom []IndustryName `json:"only_from"`
	OnlyTo   []IndustryName `json:"only_to"`
	Events   []DomainEvent  `json:"events"`
	// Overlaps are all pairs of an earlier and a later domain that share
	// industries (for diagrams), by earlier then later domain ID.
	Overlaps []DomainMatch `json:"overlaps"`
	// Counts and BeyondNoise count the events by type.
	Counts      map[string]int `json:"counts"`
	BeyondNoise map[string]int `json:"beyond_noise"`
}

// EvolutionResult tracks the domains of a layer across periods.
type EvolutionResult struct {
	Request EvolutionRequest  `json:"request"`
	Periods []EvolutionPeriod `json:"periods"`
	Steps   []EvolutionStep   `json:"steps"`
	Rules   []string          `json:"rules"`
}

func (r *EvolutionRequest) defaults() error {
	if r.Layer == "" {
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: no layer given")
	}
	if len(r.Periods) < 2 {
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: %d period(s) given: expected at least two, in time order", len(r.Periods))
	}
	seen := map[string]bool{}
	for _, p := range r.Periods {
		if p == "" || seen[p] {
			return graphmodel.Errorf(graphmodel.EINVALID, "evolution: period %q is empty or given twice", p)
		}
		seen[p] = true
	}
	if r.Resolution == 0 {
		r.Resolution = 1
	}
	if r.Runs == 0 {
		r.Runs = 10
	}
	if r.Theta == 0 {
		r.Theta = 0.3
	}
	if r.Growth == 0 {
		r.Growth = 0.2
	}
	if r.MinSize == 0 {
		r.MinSize = 3
	}
	if r.NoiseQuantile == 0 {
		r.NoiseQuantile = 0.1
	}
	if err := checkResolution(r.Resolution); err != nil {
		return err
	}
	if err := checkThreshold("threshold", r.Threshold); err != nil {
		return err
	}
	switch {
	case r.Runs > 1000:
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: runs %d: expected at most 1000", r.Runs)
	case !(r.Theta > 0 && r.Theta <= 1):
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: theta %v: expected a Jaccard threshold in (0, 1]", r.Theta)
	case !(r.Growth > 0) || math.IsInf(r.Growth, 0):
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: growth %v: expected a positive number", r.Growth)
	case r.MinSize < 1:
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: min size %d: expected at least 1", r.MinSize)
	case !(r.NoiseQuantile > 0 && r.NoiseQuantile <= 1):
		return graphmodel.Errorf(graphmodel.EINVALID, "evolution: noise quantile %v: expected a number in (0, 1]", r.NoiseQuantile)
	}
	return nil
}

// periodDomains is one period's reference partition and its reruns.
type periodDomains struct {
	res    *DomainsResult
	reruns [][]int32 // per rerun, community per snapshot node
}

// DomainEvolution finds the knowledge domains of each period (as Domains
// does, on one layer) and labels the events between consecutive periods
// after Greene, Doyle & Cunningham (2010, "Tracking the evolution of
// communities in dynamic social networks", ASONAM): only industries with
// links in both periods are compared, and domains A (earlier) and B (later)
// match when J(A, B) = |A ∩ B| / |A ∪ B| ≥ θ (they found θ = 0.3 to work
// well; we use it as the default). Then
//
//	death: A matches nothing;  birth: B matches nothing (domains of ≥ MinSize)
//	split: A matches several B;  merge: B is matched by several A
//	one-to-one match: growth if |B| ≥ (1+g)|A|, contraction if |A| ≥ (1+g)|B|,
//	otherwise continuation (event types of Palla, Barabási & Vicsek 2007).
//
// Louvain noise. Each period is rerun with Runs other seeds. A domain's noise
// level is the NoiseQuantile-quantile over the reruns of its best Jaccard with
// any community of the rerun (on the same industries): how similar a domain
// stays when only the seed changes. An event is beyond noise when the best
// match across periods of every domain involved is below its noise level:
// the data changed the domain more than Louvain's randomness does.
func (a *Analyzer) DomainEvolution(ctx context.Context, req EvolutionRequest) (*EvolutionResult, error) {
	if err := req.defaults(); err != nil {
		return nil, err
	}
	res := &EvolutionResult{Request: req, Periods: []EvolutionPeriod{}, Steps: []EvolutionStep{}}
	parts := make([]periodDomains, len(req.Periods))
	for k, period := range req.Periods {
		dr := DomainsRequest{
			GraphRequest: GraphRequest{Layers: []string{req.Layer + "@" + period}, Threshold: req.Threshold},
			Resolution:   req.Resolution, Seed: req.Seed, SectorLevel: req.SectorLevel,
		}
		d, err := a.domains(ctx, dr, false)
		if err != nil {
			return nil, err
		}
		if k > 0 && d.Provenance.Classification != parts[0].res.Provenance.Classification {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"evolution: %s@%s uses classification %s and %s@%s uses %s: map one onto the other with a concordance first ('domainscope concord')",
				req.Layer, req.Periods[0], parts[0].res.Provenance.Classification, req.Layer, period, d.Provenance.Classification)
		}
		parts[k].res = d
		if req.Runs > 0 {
			if parts[k].reruns, err = louvainReruns(ctx, d.Snapshot().Layers[0].Graph, req); err != nil {
				return nil, err
			}
		}
		ep := EvolutionPeriod{Period: period, Provenance: d.Provenance, Modularity: d.Modularity, Isolated: d.Isolated, Domains: []TrackedDomain{}}
		for _, dom := range d.Domains {
			td := TrackedDomain{ID: dom.ID, Label: dom.Label, Size: dom.Size}
			for _, m := range dom.Members {
				td.Members = append(td.Members, IndustryName{Code: m.Code, Name: m.Name})
			}
			ep.Domains = append(ep.Domains, td)
		}
		res.Periods = append(res.Periods, ep)
	}
	for k := 0; k+1 < len(parts); k++ {
		res.Steps = append(res.Steps, evolutionStep(req, res.Periods[k], res.Periods[k+1], parts[k], parts[k+1]))
	}
	res.Rules = []string{
		fmt.Sprintf("Domains of consecutive periods match when their Jaccard overlap, on the industries with links in both periods, is at least θ = %g (Greene, Doyle & Cunningham 2010).", req.Theta),
		fmt.Sprintf("Death: an earlier domain matches nothing; birth: a later domain matches nothing (domains of at least %d industries); split: one earlier domain matches several; merge: several earlier domains match one.", req.MinSize),
		fmt.Sprintf("A one-to-one match is growth when the later domain has at least %g times the members, contraction when the earlier has, else continuation.", 1+req.Growth),
	}
	if req.Runs > 0 {
		res.Rules = append(res.Rules, fmt.Sprintf("Louvain noise: each period was rerun with %d other seeds; an event is beyond noise when every domain involved matches across periods less well than in %.0f%% of the reruns of its own period.",
			req.Runs, 100*(1-req.NoiseQuantile)))
	} else {
		res.Rules = append(res.Rules, "No reruns: events were not checked against Louvain noise.")
	}
	return res, nil
}

// louvainReruns runs Louvain with seeds Seed+1 … Seed+Runs on all cores.
func louvainReruns(ctx context.Context, g *graph.Graph, req EvolutionRequest) ([][]int32, error) {
	out := make([][]int32, req.Runs)
	errs := make([]error, req.Runs)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for r := 0; r < req.Runs; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			opt := community.DefaultOptions()
			opt.Resolution, opt.Seed = req.Resolution, req.Seed+int64(r)+1
			p, err := community.Leiden(ctx, g, opt)
			out[r], errs[r] = p.Community, err
		}(r)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// evolutionStep compares two periods on their common industries.
func evolutionStep(req EvolutionRequest, pa, pb EvolutionPeriod, da, db periodDomains) EvolutionStep {
	sa, sb := da.res.Snapshot(), db.res.Snapshot()
	st := EvolutionStep{From: pa.Period, To: pb.Period, OnlyFrom: []IndustryName{}, OnlyTo: []IndustryName{},
		Events: []DomainEvent{}, Counts: map[string]int{}, BeyondNoise: map[string]int{}}
	var idxA, idxB []int // snapshot node of each common industry
	var codes []string
	for i, c := range sa.Codes {
		if j, ok := sb.Index(c); ok {
			idxA, idxB, codes = append(idxA, i), append(idxB, j), append(codes, c)
		} else {
			st.OnlyFrom = append(st.OnlyFrom, IndustryName{Code: c, Name: sa.Names[i]})
		}
	}
	for j, c := range sb.Codes {
		if _, ok := sa.Index(c); !ok {
			st.OnlyTo = append(st.OnlyTo, IndustryName{Code: c, Name: sb.Names[j]})
		}
	}
	st.Common = len(codes)
	restrict := func(comm []int32, idx []int, shift int32) []int32 {
		out := make([]int32, len(idx))
		for k, i := range idx {
			out[k] = comm[i] + shift
		}
		return out
	}
	ca, cb := restrict(da.res.Community(), idxA, 0), restrict(db.res.Community(), idxB, 0)
	var noiseA, noiseB map[int32]float64
	if da.reruns != nil && db.reruns != nil {
		var ra, rb [][]int32
		for _, r := range da.reruns {
			ra = append(ra, restrict(r, idxA, 1)) // rerun IDs from 1; 0 would mean "no domain"
		}
		for _, r := range db.reruns {
			rb = append(rb, restrict(r, idxB, 1))
		}
		noiseA, noiseB = selfJaccard(ca, ra, req.NoiseQuantile), selfJaccard(cb, rb, req.NoiseQuantile)
	}
	labels := func(p EvolutionPeriod) map[int32]string {
		m := map[int32]string{}
		for _, d := range p.Domains {
			m[int32(d.ID)] = d.Label
		}
		return m
	}
	// Qualified names ("Other" with its parent's name) of the domains' members.
	qualified := map[string]string{}
	for _, p := range []EvolutionPeriod{pa, pb} {
		for _, d := range p.Domains {
			for _, m := range d.Members {
				qualified[m.Code] = m.Name
			}
		}
	}
	nodes := make([]IndustryName, len(codes))
	for k, i := range idxA {
		nodes[k] = IndustryName{Code: codes[k], Name: sa.Names[i]}
		if q, ok := qualified[codes[k]]; ok {
			nodes[k].Name = q
		}
	}
	st.Overlaps = DomainOverlaps(ca, cb)
	events := DomainEvents(ca, cb, nodes, noiseA, noiseB, EventOptions{Theta: req.Theta, Growth: req.Growth, MinSize: req.MinSize})
	la, lb := labels(pa), labels(pb)
	for _, e := range events {
		for i := range e.From {
			e.From[i].Label = la[int32(e.From[i].ID)]
		}
		for i := range e.To {
			e.To[i].Label = lb[int32(e.To[i].ID)]
		}
		e.Text = describeEvent(e)
		st.Events = append(st.Events, e)
		st.Counts[e.Type]++
		if e.BeyondNoise {
			st.BeyondNoise[e.Type]++
		}
	}
	return st
}

// EventOptions are the thresholds of DomainEvents.
type EventOptions struct {
	Theta   float64 // matching threshold on Jaccard
	Growth  float64 // growth/contraction when one size is ≥ (1+Growth) × the other
	MinSize int     // births and deaths need this many members; other events a domain this large
}

// DomainEvents labels the events between two partitions of the same nodes:
// a[i] and b[i] are node i's domain in the earlier and the later period (0:
// in no domain), nodes[i] its industry. noiseA and noiseB map domain IDs to
// their noise levels (nil: not assessed). Events are ordered by type (death, birth,
// split, merge, contraction, growth, continuation), then by domain ID.
func DomainEvents(a, b []int32, nodes []IndustryName, noiseA, noiseB map[int32]float64, opt EventOptions) []DomainEvent {
	sizeA, sizeB := map[int32]int{}, map[int32]int{}
	for i := range a {
		if a[i] > 0 {
			sizeA[a[i]]++
		}
		if b[i] > 0 {
			sizeB[b[i]]++
		}
	}
	matchA, matchB := map[int32][]DomainMatch{}, map[int32][]DomainMatch{}
	bestA, bestB := map[int32]DomainMatch{}, map[int32]DomainMatch{}
	for _, m := range DomainOverlaps(a, b) {
		x, y := int32(m.From), int32(m.To)
		if m.Jaccard > bestA[x].Jaccard {
			bestA[x] = m
		}
		if m.Jaccard > bestB[y].Jaccard {
			bestB[y] = m
		}
		if m.Jaccard >= opt.Theta {
			matchA[x] = append(matchA[x], m)
			matchB[y] = append(matchB[y], m)
		}
	}
	refA := func(id int32) DomainRef { return DomainRef{ID: int(id), Size: sizeA[id]} }
	refB := func(id int32) DomainRef { return DomainRef{ID: int(id), Size: sizeB[id]} }
	// noise sets Jaccard, Noise and BeyondNoise from the involved domains.
	noise := func(e *DomainEvent) {
		e.Jaccard = 1
		beyond, lowest, assessed := true, math.Inf(1), noiseA != nil && noiseB != nil
		check := func(best float64, level float64, ok bool) {
			e.Jaccard = math.Min(e.Jaccard, best)
			if !ok {
				assessed = false
				return
			}
			lowest = math.Min(lowest, level)
			beyond = beyond && best < level
		}
		for _, d := range e.From {
			lv, ok := noiseA[int32(d.ID)]
			check(bestA[int32(d.ID)].Jaccard, lv, ok)
		}
		for _, d := range e.To {
			lv, ok := noiseB[int32(d.ID)]
			check(bestB[int32(d.ID)].Jaccard, lv, ok)
		}
		if assessed {
			e.Noise, e.BeyondNoise = chPtr(lowest), beyond
		}
	}
	sorted := func(m map[int32]int) []int32 {
		ids := make([]int32, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids
	}
	var events []DomainEvent
	// ends adds the events of one side's domains: one without a match ends
	// (lone: death on side A, birth on side B), one with two or more matches
	// divides (many: split on side A, merge on side B). own builds a domain's
	// reference on this side, other the matched domain's on the other side;
	// sideA says whether this side's domains go in From.
	ends := func(size map[int32]int, match map[int32][]DomainMatch, best map[int32]DomainMatch,
		lone, many string, own func(int32) DomainRef, other func(DomainMatch) DomainRef, sideA bool) {
		place := func(e *DomainEvent, mine, theirs []DomainRef) {
			if sideA {
				e.From, e.To = mine, theirs
			} else {
				e.From, e.To = theirs, mine
			}
		}
		for _, id := range sorted(size) {
			ms := match[id]
			switch {
			case len(ms) == 0 && size[id] >= opt.MinSize:
				e := DomainEvent{Type: lone, Matches: []DomainMatch{}}
				place(&e, []DomainRef{own(id)}, []DomainRef{})
				if bm, ok := best[id]; ok {
					e.Matches = append(e.Matches, bm)
				}
				noise(&e)
				events = append(events, e)
			case len(ms) >= 2:
				e := DomainEvent{Type: many, Matches: ms}
				var theirs []DomainRef
				for _, m := range ms {
					theirs = append(theirs, other(m))
				}
				place(&e, []DomainRef{own(id)}, theirs)
				if eventBigEnough(e, opt.MinSize) {
					noise(&e)
					events = append(events, e)
				}
			}
		}
	}
	ends(sizeA, matchA, bestA, EventDeath, EventSplit, refA, func(m DomainMatch) DomainRef { return refB(int32(m.To)) }, true)
	ends(sizeB, matchB, bestB, EventBirth, EventMerge, refB, func(m DomainMatch) DomainRef { return refA(int32(m.From)) }, false)
	for _, id := range sorted(sizeA) {
		ms := matchA[id]
		if len(ms) != 1 || len(matchB[int32(ms[0].To)]) != 1 {
			continue
		}
		m := ms[0]
		e := DomainEvent{Type: EventContinuation, From: []DomainRef{refA(id)}, To: []DomainRef{refB(int32(m.To))}, Matches: ms}
		na, nb := float64(sizeA[id]), float64(sizeB[int32(m.To)])
		switch {
		case nb >= (1+opt.Growth)*na:
			e.Type = EventGrowth
		case na >= (1+opt.Growth)*nb:
			e.Type = EventContraction
		}
		if !eventBigEnough(e, opt.MinSize) {
			continue
		}
		e.Joined, e.Left = []IndustryName{}, []IndustryName{}
		for i := range a {
			switch {
			case a[i] != id && b[i] == int32(m.To):
				e.Joined = append(e.Joined, nodes[i])
			case a[i] == id && b[i] != int32(m.To):
				e.Left = append(e.Left, nodes[i])
			}
		}
		noise(&e)
		events = append(events, e)
	}
	order := map[string]int{EventDeath: 0, EventBirth: 1, EventSplit: 2, EventMerge: 3, EventContraction: 4, EventGrowth: 5, EventContinuation: 6}
	sort.SliceStable(events, func(i, j int) bool { return order[events[i].Type] < order[events[j].Type] })
	return events
}

// DomainOverlaps returns every pair of an earlier domain (a[i] > 0) and a
// later domain (b[i] > 0) that share nodes, with J = |A ∩ B| / |A ∪ B|, by
// earlier then later domain ID.
func DomainOverlaps(a, b []int32) []DomainMatch {
	sizeA, sizeB := map[int32]int{}, map[int32]int{}
	overlap := map[[2]int32]int{}
	for i := range a {
		if a[i] > 0 {
			sizeA[a[i]]++
		}
		if b[i] > 0 {
			sizeB[b[i]]++
		}
		if a[i] > 0 && b[i] > 0 {
			overlap[[2]int32{a[i], b[i]}]++
		}
	}
	out := make([]DomainMatch, 0, len(overlap))
	for k, o := range overlap {
		out = append(out, DomainMatch{From: int(k[0]), To: int(k[1]), Shared: o, Jaccard: float64(o) / float64(sizeA[k[0]]+sizeB[k[1]]-o)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].To < out[j].To
	})
	return out
}

func eventBigEnough(e DomainEvent, minSize int) bool {
	for _, ds := range [][]DomainRef{e.From, e.To} {
		for _, d := range ds {
			if d.Size >= minSize {
				return true
			}
		}
	}
	return false
}

// selfJaccard returns, for every domain of ref (IDs > 0), the q-quantile
// (nearest rank, from below) over the reruns of its best Jaccard with any
// community of the rerun; reruns give a community ID > 0 per node.
func selfJaccard(ref []int32, reruns [][]int32, q float64) map[int32]float64 {
	size := map[int32]int{}
	for _, c := range ref {
		if c > 0 {
			size[c]++
		}
	}
	best := map[int32][]float64{}
	for _, r := range reruns {
		rsize := map[int32]int{}
		overlap := map[[2]int32]int{}
		for i, c := range r {
			rsize[c]++
			if ref[i] > 0 {
				overlap[[2]int32{ref[i], c}]++
			}
		}
		top := map[int32]float64{}
		for k, o := range overlap {
			j := float64(o) / float64(size[k[0]]+rsize[k[1]]-o)
			top[k[0]] = math.Max(top[k[0]], j)
		}
		for id := range size {
			best[id] = append(best[id], top[id])
		}
	}
	out := make(map[int32]float64, len(size))
	for id, js := range best {
		sort.Float64s(js)
		k := int(math.Ceil(q*float64(len(js)))) - 1
		out[id] = js[max(k, 0)]
	}
	return out
}

// describeEvent is a one-line description of an event.
func describeEvent(e DomainEvent) string {
	side := func(ds []DomainRef) string {
		var s []string
		for _, d := range ds {
			s = append(s, fmt.Sprintf("#%d %s", d.ID, d.Label))
		}
		return strings.Join(s, " + ")
	}
	switch e.Type {
	case EventBirth:
		return "birth of " + side(e.To)
	case EventDeath:
		return "death of " + side(e.From)
	}
	return fmt.Sprintf("%s: %s → %s", e.Type, side(e.From), side(e.To))
}
