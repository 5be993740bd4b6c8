package relatedness

import (
	"math"
	"sort"
	"strings"

	"github.com/domainscope/domainscope/graph"
)

// Kind says what a layer's counts are. Its values are those of
// graphmodel.LayerKind for counts layers, so a layer kind converts directly.
type Kind string

// Kinds of counts.
const (
	// Flows are directed counts, e.g. workers moving from industry i to j.
	Flows Kind = "flows"
	// CoOccurrence are undirected counts, e.g. patents shared by industries i and j.
	CoOccurrence Kind = "co-occurrence"
)

// Link is a count between two industries and, on output, its relatedness
// value. It has the fields of graphmodel.Link, so the two convert directly.
type Link struct {
	From  string  `json:"from"`
	To    string  `json:"to"`
	Count float64 `json:"count"`
	Value float64 `json:"value"`
}

// Method names a way to turn the raw counts of a layer into
// relatedness values. See Compute for the formulas and sources.
type Method string

// Relatedness methods.
const (
	// MethodRatio is revealed relatedness, observed over expected counts,
	// normalised to [-1, 1) (Neffke & Henning 2013; Neffke, Otto & Weyh 2017).
	MethodRatio Method = "ratio"
	// MethodAssociation is association strength, normalised to [-1, 1)
	// (van Eck & Waltman 2009).
	MethodAssociation Method = "association"
	// MethodCosine is Salton's cosine, in [0, 1].
	MethodCosine Method = "cosine"
	// MethodJaccard is the Jaccard index, in [0, 1].
	MethodJaccard Method = "jaccard"
	// MethodProximity is the product-space proximity, in [0, 1]
	// (Hidalgo, Klinger, Barabási & Hausmann 2007).
	MethodProximity Method = "proximity"
	// MethodKnowledgeFlows is the UK skill relatedness published by the
	// Knowledge Flows project (The Alan Turing Institute): the ratio with the
	// diagonal in the totals, missing reverse flows imputed at Options.Floor
	// and one value per direction. Flows only.
	MethodKnowledgeFlows Method = "knowledgeflows"
)

// Symmetrise values of Options.
const (
	SymmetriseMean = "mean"
	SymmetriseNone = "none"
)

var methods = []Method{MethodRatio, MethodAssociation, MethodCosine, MethodJaccard, MethodProximity, MethodKnowledgeFlows}

// Shrinkage values of Options.
const (
	ShrinkNone = "none"
	// ShrinkGammaPoisson replaces each observed/expected ratio by its
	// empirical-Bayes posterior mean under a Gamma(a, a) prior (mean 1):
	// see FitGammaPrior and ShrunkRatio.
	ShrinkGammaPoisson = "gamma-poisson"
)

// Options selects a relatedness method and its variants.
type Options struct {
	// Method; "" means the default of the layer kind (see Default).
	Method Method
	// Diagonal includes the within-industry (self-link) counts in the totals
	// s_i (ratio, association, cosine, jaccard); for proximity it takes s_i
	// from the diagonal, s_i = C_ii. Default false: the diagonal is excluded.
	Diagonal bool
	// Symmetrise applies to ratio on flows only: "mean" (default, also "")
	// or "none".
	Symmetrise string
	// Floor is the disclosure floor of the counts: counts below it were not
	// released (the UK files: 10), so a pair absent from the input has an
	// unknown count in [0, Floor), not 0; a given count is exact. 0 (default)
	// means absent pairs are zeros. It is used by ratio and association with
	// gamma-poisson shrinkage (censored likelihood and posterior, see
	// FitGammaPrior) and is the imputed reverse flow of knowledgeflows.
	// Given counts below the floor are EINVALID.
	Floor float64
	// Shrinkage applies to ratio and association: "" or "none" (default:
	// the raw ratio) or "gamma-poisson" (posterior mean of the ratio under a
	// Gamma(a, a) prior, pulling ratios that rest on few counts towards 1).
	Shrinkage string
	// Prior is the a of gamma-poisson shrinkage: the prior is worth a
	// expected counts, so a ratio keeps the weight λ/(λ + a) of its own
	// evidence. 0 (default) fits a to the data by maximum marginal
	// likelihood (empirical Bayes, FitGammaPrior). It must be finite and
	// >= 0, and is only allowed with gamma-poisson.
	Prior float64
	// Alpha, when > 0, keeps only the links whose Benjamini–Hochberg q-value
	// (see LinkEvidence) is at most Alpha; it must then be in (0, 1).
	Alpha float64
}

// Default returns the default options of a layer kind: ratio with
// mean symmetrisation for flows, association for co-occurrence and zero
// options (no method) for any other kind.
func Default(kind Kind) Options {
	switch kind {
	case Flows:
		return Options{Method: MethodRatio, Symmetrise: SymmetriseMean}
	case CoOccurrence:
		return Options{Method: MethodAssociation}
	}
	return Options{}
}

// ParseMethod validates a relatedness method given by a user.
func ParseMethod(s string) (Method, error) {
	for _, m := range methods {
		if Method(s) == m {
			return m, nil
		}
	}
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = string(m)
	}
	return "", graph.Errorf("unknown relatedness method %q: expected one of %s", s, strings.Join(names, ", "))
}

// Compute computes Value for every link of a counts layer (flows or
// co-occurrence) from the links' Count. links is not modified.
//
// Ratio on flows returns directed links: every input link once, with its
// Count, sorted by From then To; with Symmetrise "mean" both directions of a
// pair carry the same value. Every other case returns undirected links: one
// per pair with From <= To (code order) and Count the pair's undirected count
// C_ij (F_ij + F_ji for flows, F_ii for a self-link), sorted by From then To.
//
// threshold is the value above which a link is related (0 for every method).
// Counts must be finite and >= 0 and a pair may appear only once per direction
// (once in all for co-occurrence); anything else is EINVALID, naming the link
// by its index in links.
//
// Formulas (C symmetric counts, s_i = Σ_{j≠i} C_ij, plus C_ii if Diagonal):
//
//	ratio (flows):       R_ij = F_ij·F_·· / (F_i··F_·j), value (R−1)/(R+1)
//	                     [Neffke & Henning 2013, SMJ 34(3); Neffke, Otto & Weyh 2017, JEBO 142]
//	                     "mean": R_ij := (R_ij + R_ji)/2 before normalising
//	ratio, association:  AS_ij = C_ij·S / (s_i·s_j), S = Σ_i s_i, value (AS−1)/(AS+1)
//	                     [van Eck & Waltman 2009, JASIST 60(8)]
//	cosine:              C_ij / √(s_i·s_j)          [Salton & McGill 1983; van Eck & Waltman 2009]
//	jaccard:             C_ij / (s_i + s_j − C_ij)  [Jaccard 1901; van Eck & Waltman 2009]
//	proximity:           C_ij / max(s_i, s_j)       [Hidalgo, Klinger, Barabási & Hausmann 2007, Science 317]
//	knowledgeflows:      ratio per direction with the diagonal in the totals and a missing
//	                     reverse flow imputed at Floor [Knowledge Flows, The Alan Turing Institute
//	                     2019, R package rkf]; see knowledgeflows.go
//
// Shrinkage "gamma-poisson" replaces R (or AS) = x/λ by the empirical-Bayes
// posterior mean (x + a)/(λ + a), a fitted over every pair (FitGammaPrior;
// Clayton & Kaldor 1987), and a missing reverse flow's 0 by its censored
// posterior mean (ShrunkCensoredRatio). Alpha > 0 keeps only the links whose
// Benjamini–Hochberg q-value is at most Alpha (LinkEvidence).
//
// A ratio or association whose denominator is 0 (only a self-link whose
// industry has no other link, with the diagonal excluded, or a zero count) is
// taken as 0, value −1. A self-link gets R_ii (ratio, association) or 1
// (cosine, jaccard, proximity: an industry's similarity with itself; 0 if its
// count is 0). Algorithms ignore self-links.
func Compute(kind Kind, links []Link, opt Options) (out []Link, directed bool, threshold float64, err error) {
	if err := checkAlpha(opt.Alpha); err != nil {
		return nil, false, 0, err
	}
	out, directed, _, err = compute(kind, links, opt)
	if err != nil || opt.Alpha == 0 {
		return out, directed, 0, err
	}
	ev, err := LinkEvidence(kind, links, opt)
	if err != nil {
		return nil, false, 0, err
	}
	out, err = Significant(out, ev, opt.Alpha)
	if err != nil {
		return nil, false, 0, err
	}
	return out, directed, 0, nil
}

// checkOptions validates the options for a layer kind and returns the
// method they select.
func checkOptions(kind Kind, opt Options) (Method, error) {
	if kind != Flows && kind != CoOccurrence {
		return "", graph.Errorf("relatedness methods apply to counts layers (flows, co-occurrence), not to a %s layer", kind)
	}
	method := opt.Method
	if method == "" {
		method = Default(kind).Method
	}
	if _, err := ParseMethod(string(method)); err != nil {
		return "", err
	}
	switch opt.Symmetrise {
	case "", SymmetriseMean, SymmetriseNone:
	default:
		return "", graph.Errorf("unknown symmetrisation %q: expected mean or none", opt.Symmetrise)
	}
	if err := checkFloor(opt.Floor); err != nil {
		return "", err
	}
	switch opt.Shrinkage {
	case "", ShrinkNone:
	case ShrinkGammaPoisson:
		if method != MethodRatio && method != MethodAssociation {
			return "", graph.Errorf("shrinkage %s applies to the ratio and association methods, not to %s", opt.Shrinkage, method)
		}
	default:
		return "", graph.Errorf("unknown shrinkage %q: expected none or %s", opt.Shrinkage, ShrinkGammaPoisson)
	}
	if math.IsNaN(opt.Prior) || math.IsInf(opt.Prior, 0) || opt.Prior < 0 {
		return "", graph.Errorf("shrinkage prior strength a must be a finite number >= 0 (0: fit it to the data), found %v", opt.Prior)
	}
	if opt.Prior > 0 && opt.Shrinkage != ShrinkGammaPoisson {
		return "", graph.Errorf("a shrinkage prior strength (%v) needs shrinkage %s", opt.Prior, ShrinkGammaPoisson)
	}
	if method == MethodKnowledgeFlows && kind != Flows {
		return "", graph.Errorf("method %s applies to flows layers, not to a %s layer", method, kind)
	}
	return method, nil
}

// compute is Compute without the significance filter; it also returns the
// shrinkage prior a it used (0 without shrinkage).
func compute(kind Kind, links []Link, opt Options) (out []Link, directed bool, prior float64, err error) {
	method, err := checkOptions(kind, opt)
	if err != nil {
		return nil, false, 0, err
	}
	codes, from, to, err := indexLinks(links)
	if err != nil {
		return nil, false, 0, err
	}
	if err := checkBelowFloor(links, opt.Floor); err != nil {
		return nil, false, 0, err
	}
	if method == MethodKnowledgeFlows {
		out, err := knowledgeFlows(links, codes, from, to, opt.Floor)
		return out, true, 0, err
	}
	if kind == Flows && method == MethodRatio {
		out, prior, err := flowRatio(links, codes, from, to, opt)
		return out, true, prior, err
	}
	out, prior, err = undirectedRelatedness(kind, method, links, codes, from, to, opt)
	return out, false, prior, err
}

// ShrinkagePrior returns the a of the Gamma(a, a) prior that Compute fits
// with Shrinkage "gamma-poisson" for these links and options (see
// FitGammaPrior), or 0 when the options ask for no shrinkage.
func ShrinkagePrior(kind Kind, links []Link, opt Options) (float64, error) {
	_, _, prior, err := compute(kind, links, opt)
	return prior, err
}

// indexLinks validates links and maps their codes to indices in sorted code
// order, so that index order is code order.
func indexLinks(links []Link) (codes []string, from, to []int32, err error) {
	idx := make(map[string]int32)
	for i, l := range links {
		if l.From == "" || l.To == "" {
			return nil, nil, nil, graph.Errorf("link %d (%q→%q): industry code is empty", i, l.From, l.To)
		}
		if math.IsNaN(l.Count) || math.IsInf(l.Count, 0) || l.Count < 0 {
			return nil, nil, nil, graph.Errorf("link %d (%s→%s): count must be a finite number >= 0, found %v", i, l.From, l.To, l.Count)
		}
		idx[l.From] = 0
		idx[l.To] = 0
	}
	codes = make([]string, 0, len(idx))
	for c := range idx {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for i, c := range codes {
		idx[c] = int32(i)
	}
	from = make([]int32, len(links))
	to = make([]int32, len(links))
	for i, l := range links {
		from[i], to[i] = idx[l.From], idx[l.To]
	}
	return codes, from, to, nil
}

func pairKey(i, j int32) uint64 { return uint64(uint32(i))<<32 | uint64(uint32(j)) }

// normRatio maps a ratio in [0, ∞) to (R−1)/(R+1) in [−1, 1).
func normRatio(r float64) float64 { return (r - 1) / (r + 1) }

// flowRatio computes revealed relatedness on directed flows.
func flowRatio(links []Link, codes []string, from, to []int32, opt Options) ([]Link, float64, error) {
	n := len(codes)
	row := make([]float64, n)
	col := make([]float64, n)
	var total float64
	seen := make(map[uint64]int, len(links))
	for k, l := range links {
		i, j := from[k], to[k]
		key := pairKey(i, j)
		if first, dup := seen[key]; dup {
			return nil, 0, graph.Errorf("link %d (%s→%s): duplicate flow, first given as link %d", k, l.From, l.To, first)
		}
		seen[key] = k
		if i == j && !opt.Diagonal {
			continue
		}
		row[i] += l.Count
		col[j] += l.Count
		total += l.Count
	}
	expect := func(i, j int32) float64 {
		if total == 0 {
			return 0
		}
		return row[i] * col[j] / total
	}
	var prior float64
	if opt.Shrinkage == ShrinkGammaPoisson {
		counts := make([]float64, 0, len(links))
		expected := make([]float64, 0, len(links))
		for k, l := range links {
			if from[k] != to[k] || opt.Diagonal {
				counts = append(counts, l.Count)
				expected = append(expected, expect(from[k], to[k]))
			}
		}
		var absent []float64
		n := int32(len(codes))
		for i := int32(0); i < n; i++ {
			for j := int32(0); j < n; j++ {
				if _, ok := seen[pairKey(i, j)]; ok || i == j && !opt.Diagonal {
					continue
				}
				absent = append(absent, expect(i, j))
			}
		}
		var err error
		if prior, err = gammaPrior(counts, expected, absent, opt); err != nil {
			return nil, 0, err
		}
	}
	ratio := func(k int) float64 {
		if prior > 0 {
			return ShrunkRatio(links[k].Count, expect(from[k], to[k]), prior)
		}
		d := row[from[k]] * col[to[k]]
		if d == 0 {
			return 0
		}
		return links[k].Count * total / d
	}
	out := make([]Link, len(links))
	copy(out, links)
	for k := range out {
		r := ratio(k)
		if opt.Symmetrise != SymmetriseNone && from[k] != to[k] {
			var back float64 // R_ji, 0 when the reverse flow is missing
			if kb, ok := seen[pairKey(to[k], from[k])]; ok {
				back = ratio(kb)
			} else if prior > 0 {
				back = ShrunkCensoredRatio(opt.Floor, expect(to[k], from[k]), prior)
			}
			r = (r + back) / 2
		}
		out[k].Value = normRatio(r)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].From != out[b].From {
			return out[a].From < out[b].From
		}
		return out[a].To < out[b].To
	})
	return out, prior, nil
}

type pairCount struct {
	i, j int32 // i <= j
	c    float64
}

// undirectedRelatedness computes the symmetric measures on undirected counts.
func undirectedRelatedness(kind Kind, method Method, links []Link, codes []string, from, to []int32, opt Options) ([]Link, float64, error) {
	n := len(codes)
	pos := make(map[uint64]int, len(links)) // pair -> index in pairs
	first := make(map[uint64]int, len(links))
	var pairs []pairCount
	for k, l := range links {
		i, j := from[k], to[k]
		if kind == Flows {
			if f, dup := first[pairKey(i, j)]; dup {
				return nil, 0, graph.Errorf("link %d (%s→%s): duplicate flow, first given as link %d", k, l.From, l.To, f)
			}
			first[pairKey(i, j)] = k
		}
		if i > j {
			i, j = j, i
		}
		key := pairKey(i, j)
		if p, ok := pos[key]; ok {
			if kind != Flows {
				return nil, 0, graph.Errorf("link %d (%s–%s): duplicate pair, first given as link %d (co-occurrence counts are undirected)",
					k, l.From, l.To, first[key])
			}
			pairs[p].c += l.Count // the reverse flow: C_ij = F_ij + F_ji
			continue
		}
		pos[key] = len(pairs)
		if kind != Flows {
			first[key] = k
		}
		pairs = append(pairs, pairCount{i, j, l.Count})
	}

	s := make([]float64, n)
	hasDiag := make([]bool, n)
	for _, p := range pairs {
		if p.i == p.j {
			hasDiag[p.i] = true
			if opt.Diagonal {
				s[p.i] += p.c
			}
			continue
		}
		s[p.i] += p.c
		s[p.j] += p.c
	}
	if method == MethodProximity && opt.Diagonal {
		// s_i = C_ii: the diagonal counts the units that contain i.
		for i := range s {
			s[i] = 0
		}
		for _, p := range pairs {
			if p.i == p.j {
				s[p.i] = p.c
			}
		}
		for _, p := range pairs {
			if p.i == p.j {
				continue
			}
			for _, x := range []int32{p.i, p.j} {
				if !hasDiag[x] {
					return nil, 0, graph.Errorf("proximity with the diagonal: industry %s has links but no self-link (the number of units containing it)", codes[x])
				}
				if p.c > s[x] {
					return nil, 0, graph.Errorf("proximity with the diagonal: pair %s–%s has count %v, more than the %v units containing %s",
						codes[p.i], codes[p.j], p.c, s[x], codes[x])
				}
			}
		}
	}
	var total float64
	for _, x := range s {
		total += x
	}
	var prior float64
	if opt.Shrinkage == ShrinkGammaPoisson { // ratio or association
		expect := func(i, j int32) float64 {
			if total == 0 {
				return 0
			}
			return s[i] * s[j] / total
		}
		var counts, expected, absent []float64
		for _, p := range pairs {
			if p.i != p.j || opt.Diagonal {
				counts = append(counts, p.c)
				expected = append(expected, expect(p.i, p.j))
			}
		}
		for i := int32(0); i < int32(n); i++ {
			for j := i; j < int32(n); j++ {
				if _, ok := pos[pairKey(i, j)]; ok || i == j && !opt.Diagonal {
					continue
				}
				absent = append(absent, expect(i, j))
			}
		}
		var err error
		if prior, err = gammaPrior(counts, expected, absent, opt); err != nil {
			return nil, 0, err
		}
	}

	out := make([]Link, len(pairs))
	for k, p := range pairs {
		si, sj := s[p.i], s[p.j]
		var v float64
		switch {
		case method == MethodRatio || method == MethodAssociation:
			var as float64
			if prior > 0 {
				var lam float64
				if total > 0 {
					lam = si * sj / total
				}
				as = ShrunkRatio(p.c, lam, prior)
			} else if d := si * sj; d > 0 {
				as = p.c * total / d
			}
			v = normRatio(as)
		case p.i == p.j:
			if p.c > 0 {
				v = 1
			}
		case method == MethodCosine:
			if d := si * sj; d > 0 {
				v = p.c / math.Sqrt(d)
			}
		case method == MethodJaccard:
			if d := si + sj - p.c; d > 0 {
				v = p.c / d
			}
		case method == MethodProximity:
			if d := math.Max(si, sj); d > 0 {
				v = p.c / d
			}
		}
		out[k] = Link{From: codes[p.i], To: codes[p.j], Count: p.c, Value: v}
	}
	// Index order is code order.
	sort.Slice(out, func(a, b int) bool {
		if out[a].From != out[b].From {
			return out[a].From < out[b].From
		}
		return out[a].To < out[b].To
	})
	return out, prior, nil
}
