package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/domainscope/domainscope/relatedness"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/domainscope/domainscope/graphmodel"
)

// pairValue is the relatedness of an unordered pair (a < b).
type pairValue struct {
	a, b string
	v    float64
}

func pairValuesOf(p *periodLinks) []pairValue {
	out := make([]pairValue, 0, len(p.pairs))
	for k, o := range p.pairs {
		out = append(out, pairValue{k[0], k[1], o.value})
	}
	return out
}

// maxPairValues merges links per unordered pair (the larger value of the two
// directions), self-links dropped.
func maxPairValues(links []graphmodel.Link) []pairValue {
	idx := make(map[[2]string]int, len(links))
	var out []pairValue
	for _, l := range links {
		if l.From == l.To {
			continue
		}
		a, b := l.From, l.To
		if a > b {
			a, b = b, a
		}
		if i, ok := idx[[2]string{a, b}]; ok {
			out[i].v = math.Max(out[i].v, l.Value)
			continue
		}
		idx[[2]string{a, b}] = len(out)
		out = append(out, pairValue{a, b, l.Value})
	}
	return out
}

// topNeighbours returns, for every industry, its related neighbours (value
// > threshold) by value descending, then code, cut to k, and the number of
// its related links.
func topNeighbours(pairs []pairValue, threshold float64, k int) (map[string][]string, map[string]int) {
	type nb struct {
		code string
		v    float64
	}
	adj := map[string][]nb{}
	for _, p := range pairs {
		if p.v > threshold {
			adj[p.a] = append(adj[p.a], nb{p.b, p.v})
			adj[p.b] = append(adj[p.b], nb{p.a, p.v})
		}
	}
	top := make(map[string][]string, len(adj))
	n := make(map[string]int, len(adj))
	for c, list := range adj {
		sort.Slice(list, func(i, j int) bool {
			if list[i].v != list[j].v {
				return list[i].v > list[j].v
			}
			return list[i].code < list[j].code
		})
		n[c] = len(list)
		codes := make([]string, min(k, len(list)))
		for i := range codes {
			codes[i] = list[i].code
		}
		top[c] = codes
	}
	return top, n
}

// setJaccard is |A ∩ B| / |A ∪ B| of two sets of codes (1 when both are empty).
func setJaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	in := make(map[string]bool, len(a))
	for _, c := range a {
		in[c] = true
	}
	common := 0
	for _, c := range b {
		if in[c] {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

// relatednessOptions returns the options that computed the values of both
// layers (from their datasets' provenance), or nil when a layer has given
// values or its options are not known.
func (a *Analyzer) relatednessOptions(ctx context.Context, layers ...graphmodel.Layer) ([]relatedness.Options, error) {
	ds, err := a.Store.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]graphmodel.Dataset, len(ds))
	for _, d := range ds {
		byID[d.ID] = d
	}
	out := make([]relatedness.Options, len(layers))
	for i, l := range layers {
		m, err := relatedness.ParseMethod(l.Method)
		if err != nil {
			return nil, nil // "given" or unknown: no counts to resample
		}
		opt := relatedness.Options{Method: m, Symmetrise: relatedness.SymmetriseMean}
		if d, ok := byID[l.Dataset]; ok {
			if s := d.Options["symmetrise"]; s != "" {
				opt.Symmetrise = s
			}
			if b, err := strconv.ParseBool(d.Options["diagonal"]); err == nil {
				opt.Diagonal = b
			}
		}
		out[i] = opt
	}
	return out, nil
}

// reproduces reports whether relatedness computed from p's counts with opt
// gives the stored values.
func reproduces(p *periodLinks, opt relatedness.Options) bool {
	check, err := layerRelatedness(p.layer.Kind, p.links, opt)
	if err != nil {
		return false
	}
	again := map[[2]string]float64{}
	for _, pv := range maxPairValues(check) {
		again[[2]string{pv.a, pv.b}] = pv.v
	}
	for _, pv := range maxPairValues(p.links) {
		if v, ok := again[[2]string{pv.a, pv.b}]; !ok || math.Abs(v-pv.v) > 1e-9*math.Max(1, math.Abs(pv.v)) {
			return false
		}
	}
	return true
}

// nullTopK simulates req.Resamples pairs of periods in which nothing
// changed. Every directed link's pooled count n = c_from + c_to (a count
// missing below the floor in one period, released in the other, imputed as
// (floor − 1)/2) is split as the conditional Poisson test does: c_to ~
// Binomial(n, T_to/(T_from+T_to)), c_from = n − c_to. Counts below the floor
// are dropped as the release did, relatedness is recomputed with each
// period's options, and the top-k neighbours of both simulated periods are
// returned.
func nullTopK(ctx context.Context, p1, p2 *periodLinks, opts []relatedness.Options, req CompareRequest) ([][2]map[string][]string, error) {
	type key struct{ from, to string }
	var pooled [2]map[key]float64
	var order []key
	var t [2]float64
	for k, p := range []*periodLinks{p1, p2} {
		pooled[k] = map[key]float64{}
		for _, l := range p.links {
			kk := key{l.From, l.To}
			if !p.layer.Directed && kk.from > kk.to {
				kk = key{kk.to, kk.from}
			}
			if _, ok := pooled[0][kk]; !ok && k == 1 {
				order = append(order, kk)
			}
			if k == 0 {
				order = append(order, kk)
			}
			pooled[k][kk] += l.Count
			t[k] += l.Count
		}
	}
	if !(t[0] > 0) || !(t[1] > 0) {
		return nil, nil
	}
	floor := *req.Floor
	impute := math.Max(floor-1, 0) / 2
	n := make([]float64, len(order))
	for i, kk := range order {
		c1, ok1 := pooled[0][kk]
		c2, ok2 := pooled[1][kk]
		if !ok1 {
			c1 = impute
		}
		if !ok2 {
			c2 = impute
		}
		n[i] = math.Round(c1 + c2)
	}
	src := rand.NewPCG(uint64(req.Seed), 0x6e756c6c)
	p0 := t[1] / (t[0] + t[1])
	out := make([][2]map[string][]string, req.Resamples)
	links := [2][]graphmodel.Link{}
	for r := range out {
		if err := ctx.Err(); err != nil {
			return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "compare stopped: %v", err)
		}
		links[0], links[1] = links[0][:0], links[1][:0]
		for i, kk := range order {
			if n[i] <= 0 {
				continue
			}
			c2 := distuv.Binomial{N: n[i], P: p0, Src: src}.Rand()
			for k, c := range [2]float64{n[i] - c2, c2} {
				if c > 0 && c >= floor {
					links[k] = append(links[k], graphmodel.Link{From: kk.from, To: kk.to, Count: c})
				}
			}
		}
		for k, p := range []*periodLinks{p1, p2} {
			vals, err := layerRelatedness(p.layer.Kind, links[k], opts[k])
			if err != nil {
				return nil, err
			}
			out[r][k], _ = topNeighbours(maxPairValues(vals), p.threshold, req.TopK)
		}
	}
	return out, nil
}

// compareNeighbourhoods compares the top-k related neighbours of every
// industry with at least MinLinks related links in both periods, lowest
// Jaccard first; noise holds the top-k maps of simulated pairs of periods.
func compareNeighbourhoods(p1, p2 *periodLinks, req CompareRequest, ref func(string) IndustryName, noise [][2]map[string][]string) []NeighbourhoodChange {
	top1, n1 := topNeighbours(pairValuesOf(p1), p1.threshold, req.TopK)
	top2, n2 := topNeighbours(pairValuesOf(p2), p2.threshold, req.TopK)
	out := []NeighbourhoodChange{}
	for code, a := range top1 {
		b, ok := top2[code]
		if !ok || n1[code] < req.MinLinks || n2[code] < req.MinLinks {
			continue
		}
		nc := NeighbourhoodChange{IndustryName: ref(code), LinksFrom: n1[code], LinksTo: n2[code], Jaccard: setJaccard(a, b),
			Kept: []IndustryName{}, Joined: []IndustryName{}, Left: []IndustryName{}}
		inB := map[string]bool{}
		for _, c := range b {
			inB[c] = true
		}
		inA := map[string]bool{}
		for _, c := range a {
			inA[c] = true
			if inB[c] {
				nc.Kept = append(nc.Kept, ref(c))
			} else {
				nc.Left = append(nc.Left, ref(c))
			}
		}
		for _, c := range b {
			if !inA[c] {
				nc.Joined = append(nc.Joined, ref(c))
			}
		}
		if len(noise) > 0 {
			js := make([]float64, 0, len(noise))
			var mean float64
			for _, pr := range noise {
				j := setJaccard(pr[0][code], pr[1][code])
				js = append(js, j)
				mean += j / float64(len(noise))
			}
			sort.Float64s(js)
			low := js[int(0.05*float64(len(js)))]
			nc.NoiseJaccard, nc.NoiseLow = chPtr(mean), chPtr(low)
			nc.BeyondNoise = nc.Jaccard < low
		}
		out = append(out, nc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Jaccard != out[j].Jaccard {
			return out[i].Jaccard < out[j].Jaccard
		}
		return out[i].Code < out[j].Code
	})
	return out
}
