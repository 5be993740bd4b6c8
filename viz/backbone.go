package viz

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/analysis"
)

// disparityKeep marks the links of the disparity filter backbone (Serrano,
// Boguñá & Vespignani 2009, PNAS 106, 6483–6488, eq. 2): for a link of
// weight w at a node of degree k and strength s, with p = w/s, the
// probability of a weight at least that large under uniform random
// allocation of s over k links is
//
//	α_ij = (1 − p)^(k − 1)
//
// and the link is kept when α_ij < alpha at either end. Degrees and
// strengths are those of the link's layer within the view; links of
// weight ≤ 0 never pass. The filter alone cuts a view into pieces (a node
// of degree 1 has α = 1 at its own end), so the skeleton is kept too.
func disparityKeep(links []analysis.ViewLink, alpha float64) []bool {
	keep := make([]bool, len(links))
	for _, group := range byLayer(links) {
		k := map[string]int{}
		s := map[string]float64{}
		for _, q := range group {
			l := links[q]
			w := math.Max(l.Weight, 0)
			k[l.Source]++
			k[l.Target]++
			s[l.Source] += w
			s[l.Target] += w
		}
		sig := func(node string, w float64) float64 {
			if s[node] <= 0 || w <= 0 {
				return 1
			}
			return math.Pow(1-w/s[node], float64(k[node]-1))
		}
		for _, q := range group {
			l := links[q]
			if sig(l.Source, l.Weight) < alpha || sig(l.Target, l.Weight) < alpha {
				keep[q] = true
			}
		}
	}
	return keep
}

// topKKeep marks every node's k strongest links per layer (a link is kept
// when it is among the k strongest of either end).
func topKKeep(links []analysis.ViewLink, k int) []bool {
	keep := make([]bool, len(links))
	keepStrongest(links, keep, k)
	return keep
}

// keepStrongest sets keep for the k strongest links of every node in each
// layer; ties are broken by the order of links.
func keepStrongest(links []analysis.ViewLink, keep []bool, k int) {
	for _, group := range byLayer(links) {
		inc := map[string][]int{}
		for _, q := range group {
			inc[links[q].Source] = append(inc[links[q].Source], q)
			inc[links[q].Target] = append(inc[links[q].Target], q)
		}
		for _, qs := range inc {
			sort.SliceStable(qs, func(a, b int) bool { return links[qs[a]].Weight > links[qs[b]].Weight })
			for _, q := range qs[:min(k, len(qs))] {
				keep[q] = true
			}
		}
	}
}

// byLayer groups link indices by layer, in order of first appearance.
func byLayer(links []analysis.ViewLink) [][]int {
	at := map[string]int{}
	var groups [][]int
	for q, l := range links {
		g, ok := at[l.Layer]
		if !ok {
			g = len(groups)
			at[l.Layer] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], q)
	}
	return groups
}

// backbone applies the options' link filter and returns the kept links and
// a description of what was done ("" when nothing was filtered).
func backbone(v *analysis.GraphView, o Options) ([]analysis.ViewLink, string) {
	mode := o.Backbone
	if mode == "auto" {
		mode = "none"
		if float64(len(v.Links)) > AutoBackboneDensity*float64(len(v.Nodes)) {
			mode = "disparity"
		}
	}
	var keep []bool
	var what string
	switch mode {
	case "disparity":
		keep = disparityKeep(v.Links, o.Alpha)
		what = "disparity filter α=" + fmtNum(o.Alpha)
	case "topk":
		keep = topKKeep(v.Links, o.TopK)
		what = "top " + fmtNum(float64(o.TopK)) + " links per industry"
	default:
		return v.Links, ""
	}
	skeleton(v, keep)
	var out []analysis.ViewLink
	for q, l := range v.Links {
		if keep[q] {
			out = append(out, l)
		}
	}
	return out, what
}

// skeleton marks links that keep the view as connected as it was: in a view
// around seeds (some node has Hops > 0) each node's strongest link to a node
// one hop nearer the seeds, so every industry stays linked to them;
// otherwise a maximum spanning forest (Kruskal 1956), strongest links first.
func skeleton(v *analysis.GraphView, keep []bool) {
	hops := make(map[string]int, len(v.Nodes))
	around := false
	for _, n := range v.Nodes {
		hops[n.ID] = n.Hops
		around = around || n.Hops > 0
	}
	if around {
		best := map[string]int{}
		consider := func(child, parent string, q int) {
			if hops[child] > 0 && hops[parent] == hops[child]-1 {
				if b, ok := best[child]; !ok || v.Links[q].Weight > v.Links[b].Weight {
					best[child] = q
				}
			}
		}
		for q, l := range v.Links {
			consider(l.Source, l.Target, q)
			consider(l.Target, l.Source, q)
		}
		for _, q := range best {
			keep[q] = true
		}
		return
	}
	order := make([]int, len(v.Links))
	for q := range order {
		order[q] = q
	}
	sort.SliceStable(order, func(a, b int) bool { return v.Links[order[a]].Weight > v.Links[order[b]].Weight })
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, q := range order {
		a, b := find(v.Links[q].Source), find(v.Links[q].Target)
		if a != b {
			parent[a] = b
			keep[q] = true
		}
	}
}
