package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// CompareRequest asks how one layer changed between two periods.
type CompareRequest struct {
	Layer string `json:"layer"` // layer name, e.g. "labour"
	From  string `json:"from"`  // earlier period, e.g. "2009-2013"
	To    string `json:"to"`    // later period, e.g. "2014-2018"
	// Threshold replaces both layers' own thresholds for "related" (nil: each layer's).
	Threshold *float64 `json:"threshold,omitempty"`
	// Floor is the disclosure floor: counts below it were not released
	// (nil: 10, as for the UK flows; 0: every count was released).
	Floor *float64 `json:"floor,omitempty"`
	// LossFactor k: a pair missing in one period is called lost (or gained)
	// only when its count in the other period is at least k × Floor (default 3).
	LossFactor float64 `json:"loss_factor"`
	// TopK is the number of strongest related neighbours whose overlap
	// measures how an industry's neighbourhood changed (default 10).
	TopK int `json:"top_k"`
	// MinLinks: only industries with at least this many related links in both
	// periods get a neighbourhood change (default TopK).
	MinLinks int `json:"min_links"`
	// Z is the critical |z| (after the dispersion correction) above which a
	// count change is significant (default 3).
	Z float64 `json:"z"`
	// Resamples is the number of pairs of periods simulated with no change
	// that give the neighbourhood noise level (default 20; < 0: none).
	Resamples int   `json:"resamples"`
	Seed      int64 `json:"seed"`
}

// Pair statuses of a PairChange.
const (
	PairKept        = "kept"         // released in both periods
	PairGained      = "gained"       // missing earlier, later count ≥ k × floor
	PairAppeared    = "appeared"     // missing earlier, later count < k × floor
	PairLost        = "lost"         // earlier count ≥ k × floor, missing later
	PairNotObserved = "not_observed" // earlier count < k × floor, missing later
)

// PairChange is how one pair of industries changed. Counts and values are nil
// where the pair was not released (missing, not zero).
type PairChange struct {
	A      IndustryName `json:"a"`
	B      IndustryName `json:"b"`
	Status string       `json:"status"`
	// CountFrom and CountTo are the released counts of the pair (both
	// directions of a flows layer summed).
	CountFrom *float64 `json:"count_from"`
	CountTo   *float64 `json:"count_to"`
	// ValueFrom and ValueTo are the relatedness values (the larger of the two
	// directions, as in a Snapshot); Related* say whether they exceed the threshold.
	ValueFrom   *float64 `json:"value_from"`
	ValueTo     *float64 `json:"value_to"`
	RelatedFrom bool     `json:"related_from"`
	RelatedTo   bool     `json:"related_to"`
	DeltaValue  *float64 `json:"delta_value"`
	// Expected is the later count if the pair had kept its share of all
	// moves: c_from × T_to / T_from (kept pairs, and lost pairs).
	Expected *float64 `json:"expected,omitempty"`
	// Z is the conditional Poisson z-score of the count change (see
	// CompareLayers); for a pair missing in one period it is the least
	// extreme z, with the missing count at the floor minus one. ZAdjusted is
	// Z / √Dispersion. nil when no count can be compared.
	Z           *float64 `json:"z"`
	ZAdjusted   *float64 `json:"z_adjusted"`
	Significant bool     `json:"significant"`
}

// IndustryName is an industry code with its name.
type IndustryName struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// NeighbourhoodChange is how an industry's strongest related neighbours changed.
type NeighbourhoodChange struct {
	IndustryName
	LinksFrom int `json:"links_from"` // related links in the earlier period
	LinksTo   int `json:"links_to"`
	// Jaccard is |N_from ∩ N_to| / |N_from ∪ N_to| of the top-k related neighbours.
	Jaccard float64 `json:"jaccard"`
	// NoiseJaccard is the mean Jaccard of the top-k neighbours over pairs of
	// periods simulated with no change (see CompareLayers); NoiseLow its 5th
	// percentile. BeyondNoise: Jaccard < NoiseLow. nil/false without simulations.
	NoiseJaccard *float64       `json:"noise_jaccard,omitempty"`
	NoiseLow     *float64       `json:"noise_low,omitempty"`
	BeyondNoise  bool           `json:"beyond_noise"`
	Kept         []IndustryName `json:"kept"`
	Joined       []IndustryName `json:"joined"` // in the later top-k only
	Left         []IndustryName `json:"left"`   // in the earlier top-k only
}

// CompareSummary counts what changed.
type CompareSummary struct {
	TotalFrom float64 `json:"total_from"` // T_from: released counts between different industries
	TotalTo   float64 `json:"total_to"`
	// Pairs by status.
	Kept        int `json:"kept"`
	Gained      int `json:"gained"`
	Appeared    int `json:"appeared"`
	Lost        int `json:"lost"`
	NotObserved int `json:"not_observed"`
	// Kept pairs that crossed the relatedness threshold.
	BecameRelated   int `json:"became_related"`
	NoLongerRelated int `json:"no_longer_related"`
	// Tested kept pairs with a z-score, the dispersion φ, and the significant
	// ones among them (Up: more than expected, Down: fewer).
	Tested      int     `json:"tested"`
	Dispersion  float64 `json:"dispersion"`
	Significant int     `json:"significant"`
	Up          int     `json:"up"`
	Down        int     `json:"down"`
	// ExpectedByChance is Tested × P(|N(0,1)| ≥ Z): significant pairs to
	// expect if nothing had changed beyond noise.
	ExpectedByChance float64 `json:"expected_by_chance"`
	// Industries with links in the earlier, the later and both periods.
	IndustriesFrom int            `json:"industries_from"`
	IndustriesTo   int            `json:"industries_to"`
	IndustriesBoth int            `json:"industries_both"`
	OnlyFrom       []IndustryName `json:"only_from"`
	OnlyTo         []IndustryName `json:"only_to"`
}

// CompareResult is the comparison of two periods of a layer.
type CompareResult struct {
	Request CompareRequest   `json:"request"`
	From    graphmodel.Layer `json:"from"`
	To      graphmodel.Layer `json:"to"`
	// ThresholdFrom and ThresholdTo are the relatedness thresholds applied.
	ThresholdFrom float64        `json:"threshold_from"`
	ThresholdTo   float64        `json:"threshold_to"`
	StoreVersion  int64          `json:"store_version"`
	Summary       CompareSummary `json:"summary"`
	// Rules states in words how missing counts, losses and noise were treated.
	Rules []string `json:"rules"`
	// Pairs are all pairs released in either period, significant changes
	// first (by |ZAdjusted|), then by |DeltaValue|.
	Pairs []PairChange `json:"pairs"`
	// Neighbourhoods are the industries with enough related links in both
	// periods, lowest Jaccard (most changed) first.
	Neighbourhoods []NeighbourhoodChange `json:"neighbourhoods"`
}

// medianChiSq1 is the median of the χ² distribution with one degree of freedom.
const medianChiSq1 = 0.454936423119572

func (r *CompareRequest) defaults() error {
	if r.Layer == "" || r.From == "" || r.To == "" {
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: give a layer name and two periods (from and to)")
	}
	if r.From == r.To {
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: from and to are the same period %q: expected two different periods", r.From)
	}
	if r.Floor == nil {
		r.Floor = chPtr(10)
	}
	if r.LossFactor == 0 {
		r.LossFactor = 3
	}
	if r.TopK == 0 {
		r.TopK = 10
	}
	if r.MinLinks == 0 {
		r.MinLinks = r.TopK
	}
	if r.Z == 0 {
		r.Z = 3
	}
	if r.Resamples == 0 {
		r.Resamples = 20
	}
	switch {
	case !(*r.Floor >= 0) || math.IsInf(*r.Floor, 0):
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: floor %v: expected a number >= 0", *r.Floor)
	case !(r.LossFactor >= 1) || math.IsInf(r.LossFactor, 0):
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: loss factor %v: expected a number >= 1", r.LossFactor)
	case r.TopK < 1 || r.TopK > 1000:
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: top-k %d: expected 1 to 1000", r.TopK)
	case r.MinLinks < 1:
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: min links %d: expected at least 1", r.MinLinks)
	case !(r.Z > 0) || math.IsInf(r.Z, 0):
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: z %v: expected a positive number", r.Z)
	case r.Resamples > 500:
		return graphmodel.Errorf(graphmodel.EINVALID, "compare: resamples %d: expected at most 500", r.Resamples)
	}
	return checkThreshold("threshold", r.Threshold)
}

// periodLinks is one period of a layer, read from the store.
type periodLinks struct {
	layer     graphmodel.Layer
	threshold float64
	links     []graphmodel.Link
	pairs     map[[2]string]*pairObs // unordered pair (a < b)
	nodes     map[string]bool        // industries with any stored link
	total     float64                // counts between different industries
}

// pairObs is a pair as released in one period: dir[0] is a→b, dir[1] b→a
// (undirected layers use dir[0] only); has says which were released.
type pairObs struct {
	dir   [2]float64
	has   [2]bool
	value float64
}

func (p *pairObs) count() float64 { return p.dir[0] + p.dir[1] }

func (p *pairObs) released() int {
	n := 0
	for _, h := range p.has {
		if h {
			n++
		}
	}
	return n
}

func readPeriod(ctx context.Context, st graphmodel.Reader, name, period string, thr *float64) (*periodLinks, error) {
	l, err := st.Layer(ctx, name, period)
	if err != nil {
		return nil, err
	}
	p := &periodLinks{layer: l, threshold: l.Threshold, pairs: map[[2]string]*pairObs{}, nodes: map[string]bool{}}
	if thr != nil {
		p.threshold = *thr
	}
	err = st.Links(ctx, l.Name, l.Period, func(link graphmodel.Link) error {
		if math.IsNaN(link.Value) || math.IsInf(link.Value, 0) || math.IsNaN(link.Count) || math.IsInf(link.Count, 0) {
			return graphmodel.Errorf(graphmodel.EINTERNAL, "compare: layer %s: link %s→%s has a value or count that is not finite", l.Key(), link.From, link.To)
		}
		p.links = append(p.links, link)
		p.nodes[link.From], p.nodes[link.To] = true, true
		if link.From == link.To {
			return nil
		}
		a, b, d := link.From, link.To, 0
		if a > b {
			a, b, d = b, a, 1
		}
		if !l.Directed {
			d = 0
		}
		key := [2]string{a, b}
		o := p.pairs[key]
		if o == nil {
			o = &pairObs{value: math.Inf(-1)}
			p.pairs[key] = o
		}
		o.dir[d] += link.Count
		o.has[d] = true
		o.value = math.Max(o.value, link.Value)
		p.total += link.Count
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// poissonZ is the conditional test of two Poisson counts with exposures:
// given n = c1 + c2, c2 ~ Binomial(n, p0) with p0 = T2/(T1+T2) when both
// counts have the same rate per unit of their total (Przyborowski & Wilenski
// 1940, Biometrika 31; Krishnamoorthy & Thomson 2004, J. Stat. Plan.
// Inference 119), with the normal approximation
//
//	z = (c2 − n·p0) / √(n·p0·(1 − p0)).
//
// ok is false when n = 0 or a total is 0.
func poissonZ(c1, c2, t1, t2 float64) (float64, bool) {
	n := c1 + c2
	if !(n > 0) || !(t1 > 0) || !(t2 > 0) {
		return 0, false
	}
	p0 := t2 / (t1 + t2)
	return (c2 - n*p0) / math.Sqrt(n*p0*(1-p0)), true
}

func chPtr(x float64) *float64 { return &x }

// CompareLayers compares two periods of a layer: for every pair of
// industries released in either period, its counts, relatedness values and
// status; and, for every industry with enough related links in both periods,
// how its strongest neighbours changed.
//
// Missing counts. Counts below Floor were not released, so a pair missing in
// one period is missing, not zero. It is called lost only when its earlier
// count was at least LossFactor × Floor (with the defaults ≥ 30 where the
// release floor is 10: a Poisson count of mean 30 falls below 10 with
// probability 1.3e-5), otherwise not observed; symmetrically gained or
// appeared. With Floor 0 every count was released, a missing pair is a true
// 0, and it is lost (gained) when the change is significant.
//
// Count noise. For a kept pair, the counts of the directions released in both
// periods are compared with the conditional Poisson test of poissonZ, the
// exposures T being each period's released counts between different
// industries (so a pair is tested against the overall change in moves). Job
// moves are overdispersed (workers move in groups), so z is divided by √φ,
// φ = max(1, median(z²) / 0.4549) over the tested pairs: the median of χ²₁ is
// 0.4549, and the median keeps the minority of real changes from inflating φ
// (a robust quasi-Poisson dispersion; McCullagh & Nelder 1989, Generalized
// Linear Models, §6.2). A change is significant when |z/√φ| ≥ Z.
//
// Neighbourhoods. For every industry with at least MinLinks related links
// (value > threshold) in both periods, N_t is its TopK neighbours by value
// (ties by code) and Jaccard = |N_from ∩ N_to| / |N_from ∪ N_to|. Its noise
// level comes from Resamples pairs of periods simulated with no change
// (nullTopK): every link's pooled count is split between the periods as the
// conditional Poisson test does, counts below Floor are dropped as the
// release did, and relatedness is recomputed with the layer's method and
// options; the Jaccard of the two simulated top-k sets is what noise alone
// gives. Layers of given relatedness have no counts and no simulations.
func (a *Analyzer) CompareLayers(ctx context.Context, req CompareRequest) (*CompareResult, error) {
	if err := req.defaults(); err != nil {
		return nil, err
	}
	version, err := a.Store.Version(ctx)
	if err != nil {
		return nil, err
	}
	p1, err := readPeriod(ctx, a.Store, req.Layer, req.From, req.Threshold)
	if err != nil {
		return nil, err
	}
	p2, err := readPeriod(ctx, a.Store, req.Layer, req.To, req.Threshold)
	if err != nil {
		return nil, err
	}
	if p1.layer.Classification != p2.layer.Classification {
		return nil, graphmodel.Errorf(graphmodel.EINVALID,
			"compare: %s uses classification %s and %s uses %s: map one onto the other with a concordance first ('domainscope concord')",
			p1.layer.Key(), p1.layer.Classification, p2.layer.Key(), p2.layer.Classification)
	}
	if p1.layer.Kind != p2.layer.Kind {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "compare: %s is a %s layer and %s a %s layer: expected the same kind",
			p1.layer.Key(), p1.layer.Kind, p2.layer.Key(), p2.layer.Kind)
	}
	industries, err := a.Store.Industries(ctx, p1.layer.Classification)
	if err != nil {
		return nil, err
	}
	_, names := sectorsAt(industries, nil, 0)
	ref := func(code string) IndustryName { return IndustryName{Code: code, Name: names[code]} }

	res := &CompareResult{Request: req, From: p1.layer, To: p2.layer, ThresholdFrom: p1.threshold, ThresholdTo: p2.threshold,
		StoreVersion: version, Pairs: []PairChange{}, Neighbourhoods: []NeighbourhoodChange{}}
	counts := p1.layer.Kind.HasCounts()
	sum := &res.Summary
	sum.TotalFrom, sum.TotalTo = p1.total, p2.total
	res.Pairs = comparePairs(p1, p2, req, counts, ref, sum)
	res.Rules = compareRules(req, counts, sum)

	for c := range p1.nodes {
		if p2.nodes[c] {
			sum.IndustriesBoth++
		} else {
			sum.OnlyFrom = append(sum.OnlyFrom, ref(c))
		}
	}
	for c := range p2.nodes {
		if !p1.nodes[c] {
			sum.OnlyTo = append(sum.OnlyTo, ref(c))
		}
	}
	sum.IndustriesFrom, sum.IndustriesTo = len(p1.nodes), len(p2.nodes)
	byCode := func(s []IndustryName) {
		sort.Slice(s, func(i, j int) bool { return s[i].Code < s[j].Code })
	}
	byCode(sum.OnlyFrom)
	byCode(sum.OnlyTo)

	var noise [][2]map[string][]string
	noiseNote := ""
	switch {
	case !counts:
		noiseNote = "given relatedness values have no counts to resample"
	case req.Resamples < 0:
		noiseNote = "no resamples were asked for"
	default:
		opts, err := a.relatednessOptions(ctx, p1.layer, p2.layer)
		if err != nil {
			return nil, err
		}
		for i, p := range []*periodLinks{p1, p2} {
			if opts == nil || !reproduces(p, opts[i]) {
				noiseNote = "the stored values of " + p.layer.Key() + " could not be recomputed from its counts"
				break
			}
		}
		if noiseNote == "" {
			if noise, err = nullTopK(ctx, p1, p2, opts, req); err != nil {
				return nil, err
			}
			if noise == nil {
				noiseNote = "a period has no counts"
			}
		}
	}
	if noiseNote == "" {
		res.Rules = append(res.Rules, fmt.Sprintf("Neighbourhoods: Jaccard overlap of the top %d related neighbours, for industries with at least %d related links in both periods; noise level from %d pairs of periods simulated with no change (each pair's pooled count split binomially by the period totals, counts below the floor dropped, relatedness recomputed); beyond noise when below the simulations' 5th percentile.",
			req.TopK, req.MinLinks, req.Resamples))
	} else {
		res.Rules = append(res.Rules, fmt.Sprintf("Neighbourhoods: Jaccard overlap of the top %d related neighbours, for industries with at least %d related links in both periods; no noise level (%s).",
			req.TopK, req.MinLinks, noiseNote))
	}
	res.Neighbourhoods = compareNeighbourhoods(p1, p2, req, ref, noise)
	return res, nil
}

// comparePairs classifies every pair released in either period.
func comparePairs(p1, p2 *periodLinks, req CompareRequest, counts bool, ref func(string) IndustryName, sum *CompareSummary) []PairChange {
	keys := make([][2]string, 0, len(p1.pairs)+len(p2.pairs))
	for k := range p1.pairs {
		keys = append(keys, k)
	}
	for k := range p2.pairs {
		if p1.pairs[k] == nil {
			keys = append(keys, k)
		}
	}
	floor := *req.Floor
	strong := req.LossFactor * floor
	missingMax := math.Max(floor-1, 0) // a count that was not released is at most this
	out := make([]PairChange, 0, len(keys))
	var zs []float64
	for _, k := range keys {
		o1, o2 := p1.pairs[k], p2.pairs[k]
		pc := PairChange{A: ref(k[0]), B: ref(k[1])}
		if o1 != nil {
			pc.ValueFrom = chPtr(o1.value)
			pc.RelatedFrom = o1.value > p1.threshold
			if counts {
				pc.CountFrom = chPtr(o1.count())
			}
		}
		if o2 != nil {
			pc.ValueTo = chPtr(o2.value)
			pc.RelatedTo = o2.value > p2.threshold
			if counts {
				pc.CountTo = chPtr(o2.count())
			}
		}
		switch {
		case o1 != nil && o2 != nil:
			pc.Status = PairKept
			sum.Kept++
			pc.DeltaValue = chPtr(o2.value - o1.value)
			if pc.RelatedFrom && !pc.RelatedTo {
				sum.NoLongerRelated++
			} else if !pc.RelatedFrom && pc.RelatedTo {
				sum.BecameRelated++
			}
			if counts {
				var c1, c2 float64
				matched := false
				for d := 0; d < 2; d++ {
					if o1.has[d] && o2.has[d] {
						c1 += o1.dir[d]
						c2 += o2.dir[d]
						matched = true
					}
				}
				if z, ok := poissonZ(c1, c2, p1.total, p2.total); ok && matched {
					pc.Z = chPtr(z)
					pc.Expected = chPtr(c1 * p2.total / p1.total)
					zs = append(zs, z*z)
				}
			}
		case o1 != nil:
			pc.Status = PairNotObserved
			if counts && floor > 0 && o1.count() >= strong {
				pc.Status = PairLost
			}
			if counts {
				if z, ok := poissonZ(o1.count(), missingMax*float64(o1.released()), p1.total, p2.total); ok {
					pc.Z = chPtr(z)
					pc.Expected = chPtr(o1.count() * p2.total / p1.total)
				}
			}
		default:
			pc.Status = PairAppeared
			if counts && floor > 0 && o2.count() >= strong {
				pc.Status = PairGained
			}
			if counts {
				if z, ok := poissonZ(missingMax*float64(o2.released()), o2.count(), p1.total, p2.total); ok {
					pc.Z = chPtr(z)
				}
			}
		}
		switch pc.Status {
		case PairLost:
			sum.Lost++
		case PairNotObserved:
			sum.NotObserved++
		case PairGained:
			sum.Gained++
		case PairAppeared:
			sum.Appeared++
		}
		out = append(out, pc)
	}
	sum.Tested = len(zs)
	sum.Dispersion = 1
	if len(zs) > 0 {
		sort.Float64s(zs)
		med := zs[len(zs)/2]
		if len(zs)%2 == 0 {
			med = (zs[len(zs)/2-1] + zs[len(zs)/2]) / 2
		}
		sum.Dispersion = math.Max(1, med/medianChiSq1)
	}
	sum.ExpectedByChance = float64(sum.Tested) * math.Erfc(req.Z/math.Sqrt2)
	for i := range out {
		pc := &out[i]
		if pc.Z == nil {
			continue
		}
		za := *pc.Z / math.Sqrt(sum.Dispersion)
		pc.ZAdjusted = &za
		pc.Significant = math.Abs(za) >= req.Z
		if floor == 0 && pc.Significant {
			// Every count was released: a missing pair is a true zero, and a
			// significant drop to (or rise from) zero is a loss (gain).
			switch pc.Status {
			case PairNotObserved:
				pc.Status = PairLost
				sum.NotObserved--
				sum.Lost++
			case PairAppeared:
				pc.Status = PairGained
				sum.Appeared--
				sum.Gained++
			}
		}
		if pc.Significant && pc.Status == PairKept {
			sum.Significant++
			if za > 0 {
				sum.Up++
			} else {
				sum.Down++
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := &out[i], &out[j]
		if x.Significant != y.Significant {
			return x.Significant
		}
		if ax, ay := chAbs(x.ZAdjusted), chAbs(y.ZAdjusted); ax != ay {
			return ax > ay
		}
		if dx, dy := chAbs(x.DeltaValue), chAbs(y.DeltaValue); dx != dy {
			return dx > dy
		}
		if x.A.Code != y.A.Code {
			return x.A.Code < y.A.Code
		}
		return x.B.Code < y.B.Code
	})
	return out
}

func chAbs(p *float64) float64 {
	if p == nil {
		return 0
	}
	return math.Abs(*p)
}

func compareRules(req CompareRequest, counts bool, sum *CompareSummary) []string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	floor := *req.Floor
	if !counts {
		return []string{
			"The layer holds given relatedness values, not counts: a pair missing in one period is reported as appeared or not observed, never as gained or lost, and count changes are not tested.",
		}
	}
	var rules []string
	if floor > 0 {
		rules = append(rules,
			fmt.Sprintf("Counts below the disclosure floor of %s were not released: a pair missing in one period is missing, not zero.", g(floor)),
			fmt.Sprintf("A pair missing later is 'lost' only when its earlier count was at least %s (%s × floor), otherwise 'not observed'; a pair missing earlier is 'gained' when its later count is at least %s, otherwise 'appeared'.",
				g(req.LossFactor*floor), g(req.LossFactor), g(req.LossFactor*floor)))
	} else {
		rules = append(rules, "Every count was released (floor 0): a pair missing in one period had a count of 0; it is lost (gained) when the drop to (rise from) 0 is significant, otherwise not observed (appeared).")
	}
	rules = append(rules,
		fmt.Sprintf("Count changes of kept pairs are tested against the overall change in moves (%s → %s) with a conditional Poisson z-score on the directions released in both periods, divided by √φ for overdispersion (φ = %.2f, from the median z²); significant when |z| ≥ %s: %d of %d tested, about %.1f expected by chance.",
			graphmodel.FormatCount(sum.TotalFrom), graphmodel.FormatCount(sum.TotalTo), sum.Dispersion, g(req.Z), sum.Significant, sum.Tested, sum.ExpectedByChance))
	if floor > 0 {
		rules = append(rules, fmt.Sprintf("For a lost or gained pair, z is the least extreme value, with the missing count at %s per released direction.", g(math.Max(floor-1, 0))))
	}
	return rules
}
