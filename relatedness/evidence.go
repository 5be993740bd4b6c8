package relatedness

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"

	"github.com/domainscope/domainscope/graph"
)

// Evidence is the statistical evidence behind one relatedness link: the
// count it rests on, the count expected from the margins alone, and how
// surprising the count is under that null.
type Evidence struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Count is the tested count: F_ij for a directed flow, F_ij + F_ji for a
	// symmetrised flow pair, C_ij for an undirected pair.
	Count float64 `json:"count"`
	// Expected is the count expected under independence of the margins, λ.
	Expected float64 `json:"expected"`
	// PValue is the one-sided Poisson p-value P(X ≥ Count | λ).
	PValue float64 `json:"p_value"`
	// QValue is the Benjamini–Hochberg adjusted p-value over all Tests pairs.
	QValue float64 `json:"q_value"`
	// Tests is the number of hypotheses m of the BH adjustment: every pair
	// of industries the method can link, given or not.
	Tests int `json:"tests"`
}

// PoissonUpperTail returns P(X ≥ k) for X ~ Poisson(lambda): 1 for k ≤ 0,
// else the regularised lower incomplete gamma function P(⌈k⌉, λ) (the
// Poisson–gamma identity; Johnson, Kemp & Kotz 2005, Univariate Discrete
// Distributions, §4.3). A non-integer k counts as ⌈k⌉.
func PoissonUpperTail(k, lambda float64) float64 {
	k = math.Ceil(k)
	if k <= 0 {
		return 1
	}
	if lambda <= 0 {
		return 0
	}
	return mathext.GammaIncReg(k, lambda)
}

// BenjaminiHochberg returns the BH adjusted p-values (q-values) of p when m
// hypotheses were tested in all: q_(r) = min_{s≥r} min(1, m·p_(s)/s) over
// the p-values sorted ascending (Benjamini & Hochberg 1995, JRSS B 57(1);
// the adjusted form of Yekutieli & Benjamini 1999). The m − len(p)
// hypotheses not given count as p = 1 (never rejected, always valid).
// Rejecting q ≤ α controls the false discovery rate at α for independent
// or positively dependent tests. m < len(p) or a p outside [0, 1] is EINVALID.
func BenjaminiHochberg(p []float64, m int) ([]float64, error) {
	if m < len(p) {
		return nil, graph.Errorf("Benjamini–Hochberg: %d p-values but only %d tests", len(p), m)
	}
	for i, x := range p {
		if !(x >= 0 && x <= 1) {
			return nil, graph.Errorf("Benjamini–Hochberg: p-value %d is %v, expected a number in [0, 1]", i, x)
		}
	}
	order := make([]int, len(p))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p[order[a]] < p[order[b]] })
	q := make([]float64, len(p))
	run := 1.0
	for r := len(order) - 1; r >= 0; r-- {
		i := order[r]
		v := p[i] * float64(m) / float64(r+1)
		if v < run {
			run = v
		}
		q[i] = run
	}
	return q, nil
}

// checkAlpha validates Options.Alpha.
func checkAlpha(alpha float64) error {
	if !(alpha == 0 || alpha > 0 && alpha < 1) {
		return graph.Errorf("significance level α must be in (0, 1), or 0 to keep every link, found %v", alpha)
	}
	return nil
}

// checkFloor validates a disclosure floor.
func checkFloor(floor float64) error {
	if math.IsNaN(floor) || math.IsInf(floor, 0) || floor < 0 {
		return graph.Errorf("disclosure floor must be a finite number >= 0 (0: no floor), found %v", floor)
	}
	return nil
}

// checkBelowFloor rejects given counts below the floor: the floor says such
// counts were not released, so one in the input contradicts it.
func checkBelowFloor(links []Link, floor float64) error {
	if floor <= 0 {
		return nil
	}
	for i, l := range links {
		if l.Count < floor {
			return graph.Errorf("link %d (%s→%s): count %v is below the disclosure floor %v (counts below the floor were not released)", i, l.From, l.To, l.Count, floor)
		}
	}
	return nil
}

// LinkEvidence returns the evidence behind each link that Compute(kind,
// links, opt) returns without its significance filter (opt.Alpha), in the
// same order and with the same From and To.
//
// Null model: counts are Poisson with mean λ fixed by the margins, the
// independence model of the ratio itself (Neffke & Henning 2013 test SR
// against it; Poisson in the form of the Poisson-regression null of Neffke,
// Otto & Weyh 2017):
//
//	flows, ratio "none": λ_ij = F_i·F_·j/F_··, tested count F_ij (per direction)
//	flows, ratio "mean": λ_ij + λ_ji, tested count F_ij + F_ji (per pair; both
//	                     directions carry the pair's evidence)
//	flows, knowledgeflows: λ_ij as for "none" but with the method's totals
//	                     (diagonal and imputed reverse flows included)
//	otherwise:           λ_ij = s_i·s_j/S (configuration-model expectation;
//	                     Newman 2010, Networks, §7.13.1), tested count C_ij
//
// with the diagonal in or out of the margins as Options.Diagonal says. p is
// P(X ≥ count | λ) (PoissonUpperTail); q is BH over every pair the method
// can link (n² or n(n−1) directed, n(n+1)/2 or n(n−1)/2 undirected, for the
// n industries present), pairs absent from the input entering with p = 1.
// Self-links are tested only when the diagonal is in the margins; otherwise
// (and for the self-links knowledgeflows lists without a flow) they get
// p = q = 1.
//
// Censoring (Options.Floor > 0): given counts are exact; an absent pair has
// an unknown count in [0, Floor). It is not a link, so it only enlarges m;
// in a symmetrised flow pair an absent reverse counts 0, so the pair's p is
// conservative (an upper bound). The Poisson null ignores over-dispersion
// (workers moving in groups), so p-values of large counts are optimistic;
// q-values are a ranking of evidence, not a guarantee.
func LinkEvidence(kind Kind, links []Link, opt Options) ([]Evidence, error) {
	if err := checkAlpha(opt.Alpha); err != nil {
		return nil, err
	}
	if _, err := checkOptions(kind, opt); err != nil {
		return nil, err
	}
	// The evidence needs the output's links and counts, not its values:
	// skip fitting a shrinkage prior.
	bare := opt
	bare.Shrinkage, bare.Prior = "", 0
	out, _, _, err := compute(kind, links, bare)
	if err != nil {
		return nil, err
	}
	method := opt.Method
	if method == "" {
		method = Default(kind).Method
	}
	// Margins and counts as the method sees them.
	var (
		row, col = map[string]float64{}, map[string]float64{}
		total    float64
		count    = map[[2]string]float64{}
		inds     = map[string]bool{}
	)
	directed := kind == Flows && (method == MethodRatio || method == MethodKnowledgeFlows)
	diagonal := opt.Diagonal || method == MethodKnowledgeFlows
	placeholder := map[string]bool{} // knowledgeflows' listed self-links without a flow
	if method == MethodKnowledgeFlows {
		self := map[string]bool{}
		for _, l := range links {
			if l.From == l.To {
				self[l.From] = true
			}
		}
		for _, l := range out { // out holds the imputed reverse flows
			if l.From == l.To && !self[l.From] {
				placeholder[l.From] = true
				continue
			}
			count[[2]string{l.From, l.To}] = l.Count
		}
	} else if directed {
		for _, l := range links {
			count[[2]string{l.From, l.To}] = l.Count
		}
	} else {
		for _, l := range out { // undirected counts C_ij, From <= To
			count[[2]string{l.From, l.To}] = l.Count
		}
	}
	for k, c := range count {
		inds[k[0]], inds[k[1]] = true, true
		if k[0] == k[1] && !diagonal {
			continue
		}
		if directed {
			row[k[0]] += c
			col[k[1]] += c
			total += c
			continue
		}
		if k[0] == k[1] {
			row[k[0]] += c
		} else {
			row[k[0]] += c
			row[k[1]] += c
		}
	}
	if !directed {
		for _, s := range row {
			total += s
		}
	}
	lambda := func(i, j string) float64 {
		if total == 0 {
			return 0
		}
		if directed {
			return row[i] * col[j] / total
		}
		return row[i] * row[j] / total
	}
	n := len(inds)
	var m int
	switch {
	case directed && (method == MethodKnowledgeFlows || opt.Symmetrise == SymmetriseNone):
		m = n * (n - 1)
		if diagonal {
			m += n
		}
	default: // pairs
		m = n * (n - 1) / 2
		if diagonal {
			m += n
		}
	}
	ev := make([]Evidence, len(out))
	perPair := directed && method == MethodRatio && opt.Symmetrise != SymmetriseNone
	var ps []float64
	tested := make(map[[2]string]int) // hypothesis (a pair when perPair) -> index in ps
	hyp := make([]int, len(out))      // link -> index in ps, or -1
	for k, l := range out {
		e := Evidence{From: l.From, To: l.To, PValue: 1, QValue: 1, Tests: m}
		hyp[k] = -1
		key := [2]string{l.From, l.To}
		switch {
		case l.From == l.To && (!diagonal || placeholder[l.From]):
			e.Count = l.Count
			ev[k] = e
			continue
		case perPair && l.From != l.To:
			e.Count = count[key] + count[[2]string{l.To, l.From}]
			e.Expected = lambda(l.From, l.To) + lambda(l.To, l.From)
			if l.From > l.To {
				key = [2]string{l.To, l.From}
			}
		case directed:
			e.Count = count[key]
			e.Expected = lambda(l.From, l.To)
		default:
			e.Count = l.Count
			e.Expected = lambda(l.From, l.To)
		}
		e.PValue = PoissonUpperTail(e.Count, e.Expected)
		h, ok := tested[key]
		if !ok { // a symmetrised pair appears twice in out but is one hypothesis
			h = len(ps)
			tested[key] = h
			ps = append(ps, e.PValue)
		}
		hyp[k] = h
		ev[k] = e
	}
	q, err := BenjaminiHochberg(ps, max(m, len(ps)))
	if err != nil {
		return nil, err
	}
	for k := range ev {
		if hyp[k] >= 0 {
			ev[k].QValue = q[hyp[k]]
		}
	}
	return ev, nil
}

// Significant returns the links whose evidence has q ≤ alpha (BH false
// discovery rate α), in their order; links and ev are aligned as
// LinkEvidence returns them. alpha outside (0, 1) is EINVALID.
func Significant(links []Link, ev []Evidence, alpha float64) ([]Link, error) {
	if !(alpha > 0 && alpha < 1) {
		return nil, graph.Errorf("significance level α must be in (0, 1), found %v", alpha)
	}
	if len(links) != len(ev) {
		return nil, graph.Errorf("%d links but %d evidence rows: expected one each", len(links), len(ev))
	}
	var out []Link
	for k, l := range links {
		if ev[k].From != l.From || ev[k].To != l.To {
			return nil, graph.Errorf("evidence %d is for %s→%s, link %d is %s→%s: expected them aligned", k, ev[k].From, ev[k].To, k, l.From, l.To)
		}
		if ev[k].QValue <= alpha {
			out = append(out, l)
		}
	}
	return out, nil
}
