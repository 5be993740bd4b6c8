package analysis

import (
	"sort"

	"github.com/domainscope/domainscope/graphmodel"
)

// DomainPresence is a region's footprint in one domain (community).
type DomainPresence struct {
	Domain      int     `json:"domain"`      // community ID as given
	Members     int     `json:"members"`     // industries (nodes) in the domain
	Specialised int     `json:"specialised"` // members with LQ ≥ 1 in the region
	Value       float64 `json:"value"`       // the region's jobs (or patents) in its members
}

// Bridge is an industry linked into both domains of a pair.
type Bridge struct {
	IndustryRef
	Domain  int     `json:"domain"`   // its own domain, -1 when unassigned
	WeightA float64 `json:"weight_a"` // Σ_{j∈A} φ_kj
	WeightB float64 `json:"weight_b"` // Σ_{j∈B} φ_kj
	Weight  float64 `json:"weight"`   // WeightA + WeightB
}

// CrossLink is a link between specialisations of the region in two domains.
type CrossLink struct {
	A           IndustryRef `json:"a"`
	B           IndustryRef `json:"b"`
	Relatedness float64     `json:"relatedness"`
}

// CrossClustering is a pair of domains in which the region has
// specialisations that are related to each other.
type CrossClustering struct {
	DomainA      int `json:"domain_a"`
	DomainB      int `json:"domain_b"`
	SpecialisedA int `json:"specialised_a"`
	SpecialisedB int `json:"specialised_b"`
	// Relatedness is Σ φ_ij over links with i a specialised member of A and
	// j a specialised member of B; Links counts those links.
	Relatedness float64 `json:"relatedness"`
	Links       int     `json:"links"`
	// Bridges are nodes linked to members of both domains, by Weight descending.
	Bridges []Bridge `json:"bridges"`
	// CrossLinks are the strongest links counted in Relatedness.
	CrossLinks []CrossLink `json:"cross_links"`
}

// CrossClustering returns the region's cross-clustering opportunities for a
// partition of the graph's nodes (community[i] is node i's domain; < 0 is
// unassigned), and its presence in every domain (by domain ID).
//
// A pair of domains A, B qualifies when the region's specialised members of A
// and of B are linked: its score is the summed relatedness of those links,
// Σ_{i∈A, j∈B, M_i = M_j = 1} φ_ij. Only specialised members count, because
// they are what the region can combine now; a pair with no such link is left
// out. Pairs come by score descending, at most top (0: all). Each lists up to
// bridges bridging industries — any node k with links to members (all
// members, specialised or not) of both domains, ranked by Σ_{j∈A} φ_kj +
// Σ_{j∈B} φ_kj — and up to links of its strongest cross links (0: all).
func (v *RegionView) CrossClustering(community []int32, top, bridges, links int) ([]CrossClustering, []DomainPresence, error) {
	if v.G == nil {
		return nil, nil, nil
	}
	g, n := v.G, v.M.Nodes
	if len(community) != n {
		return nil, nil, graphmodel.Errorf(graphmodel.EINVALID, "domains: %d community IDs for %d graph nodes", len(community), n)
	}
	// Dense domain indices in order of first appearance, sorted by ID after.
	dense := make(map[int32]int)
	var ids []int
	dom := make([]int, n)
	for i, c := range community {
		if c < 0 {
			dom[i] = -1
			continue
		}
		d, ok := dense[c]
		if !ok {
			d = len(ids)
			dense[c] = d
			ids = append(ids, int(c))
		}
		dom[i] = d
	}
	D := len(ids)
	presence := make([]DomainPresence, D)
	for d, id := range ids {
		presence[d].Domain = id
	}
	row := v.M.Row(v.R)
	for i := 0; i < n; i++ {
		if d := dom[i]; d >= 0 {
			presence[d].Members++
			presence[d].Value += row[i]
			if v.Specialised[i] {
				presence[d].Specialised++
			}
		}
	}
	// Scores of domain pairs from links between specialised members, and the
	// link weight of every node into every domain.
	score := make([]float64, D*D)
	count := make([]int, D*D)
	into := make([]float64, n*D)
	for i := 0; i < n; i++ {
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			j := int(g.Adj[k])
			dj := dom[j]
			if dj < 0 {
				continue
			}
			into[i*D+dj] += g.W[k]
			di := dom[i]
			if j > i && di >= 0 && di != dj && v.Specialised[i] && v.Specialised[j] {
				a, b := min(di, dj), max(di, dj)
				score[a*D+b] += g.W[k]
				count[a*D+b]++
			}
		}
	}
	var pairs []CrossClustering
	for a := 0; a < D; a++ {
		for b := a + 1; b < D; b++ {
			if count[a*D+b] == 0 {
				continue
			}
			pa, pb := a, b
			if ids[pa] > ids[pb] {
				pa, pb = pb, pa
			}
			pairs = append(pairs, CrossClustering{
				DomainA: pa, DomainB: pb, // dense for now, IDs below
				SpecialisedA: presence[pa].Specialised, SpecialisedB: presence[pb].Specialised,
				Relatedness: score[a*D+b], Links: count[a*D+b],
			})
		}
	}
	sort.Slice(pairs, func(x, y int) bool {
		p, q := pairs[x], pairs[y]
		if p.Relatedness != q.Relatedness {
			return p.Relatedness > q.Relatedness
		}
		if ids[p.DomainA] != ids[q.DomainA] {
			return ids[p.DomainA] < ids[q.DomainA]
		}
		return ids[p.DomainB] < ids[q.DomainB]
	})
	if top > 0 && len(pairs) > top {
		pairs = pairs[:top]
	}
	for x := range pairs {
		p := &pairs[x]
		a, b := p.DomainA, p.DomainB
		p.Bridges = v.bridges(into, dom, ids, D, a, b, bridges)
		p.CrossLinks = v.crossLinks(dom, a, b, links)
		p.DomainA, p.DomainB = ids[a], ids[b]
	}
	sort.Slice(presence, func(x, y int) bool { return presence[x].Domain < presence[y].Domain })
	return pairs, presence, nil
}

func (v *RegionView) bridges(into []float64, dom, ids []int, D, a, b, limit int) []Bridge {
	var out []Bridge
	for k := 0; k < v.M.Nodes; k++ {
		wa, wb := into[k*D+a], into[k*D+b]
		if wa > 0 && wb > 0 {
			own := -1
			if dom[k] >= 0 {
				own = ids[dom[k]]
			}
			out = append(out, Bridge{IndustryRef: v.Ref(k), Domain: own, WeightA: wa, WeightB: wb, Weight: wa + wb})
		}
	}
	return topByValue(out, limit, func(x *Bridge) (float64, string, string) { return x.Weight, x.Code, "" })
}

func (v *RegionView) crossLinks(dom []int, a, b, limit int) []CrossLink {
	g := v.G
	var out []CrossLink
	for i := 0; i < v.M.Nodes; i++ {
		if dom[i] != a || !v.Specialised[i] {
			continue
		}
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			j := int(g.Adj[k])
			if dom[j] == b && v.Specialised[j] {
				out = append(out, CrossLink{A: v.Ref(i), B: v.Ref(j), Relatedness: g.W[k]})
			}
		}
	}
	return topByValue(out, limit, func(x *CrossLink) (float64, string, string) { return x.Relatedness, x.A.Code, x.B.Code })
}
