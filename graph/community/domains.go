package community

import (
	"context"
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"
)

// DomainStats describes one knowledge domain (a community of a partition) as a
// strategist reads it: how cohesive it is and which traditional sectors it spans.
type DomainStats struct {
	ID      int     `json:"id"`
	Members []int32 `json:"members"` // node indices, ascending
	Size    int     `json:"size"`
	// Sectors are the traditional sectors its members belong to (e.g. NACE
	// sections), largest share first.
	Sectors []SectorShare `json:"sectors"`
	// SectorEntropy is the Shannon entropy of the sector mix in bits,
	// H = −Σ_s p_s log2 p_s with p_s the share of members in sector s.
	SectorEntropy float64 `json:"sector_entropy"`
	// SectorMix is H normalised to [0, 1] by its maximum log2(min(size, number of sectors)).
	SectorMix float64 `json:"sector_mix"`
	// Density is the share of member pairs that are linked: 2E_in/(n(n−1)).
	Density float64 `json:"density"`
	// AvgRelatedness is the mean weight of the links inside the domain.
	AvgRelatedness float64 `json:"avg_relatedness"`
	// Conductance is the share of the members' link weight that leaves the
	// domain, φ = cut(S, V∖S) / min(vol S, vol V∖S) (Kannan, Vempala & Vetta
	// 2004; Leskovec et al. 2009): 0 is closed, 1 is all outward.
	Conductance float64 `json:"conductance"`
	// Employment is the members' total employment where known (nil otherwise).
	Employment *float64 `json:"employment,omitempty"`
	// Stability is the mean co-assignment frequency of its member pairs over
	// the stability runs (nil when none were run).
	Stability *float64 `json:"stability,omitempty"`
	// CandidateScore ranks cross-sector domains:
	// SectorMix × (1 − Conductance) × Density^(1/2), 0 for domains of fewer than 3 members.
	// It is high for domains that span several sectors, keep most of their
	// links inside and are well connected internally.
	CandidateScore float64 `json:"candidate_score"`
}

// SectorShare is the number and share of a domain's members in one sector.
type SectorShare struct {
	Sector  string  `json:"sector"`
	Members int     `json:"members"`
	Share   float64 `json:"share"`
}

// DescribeDomains computes DomainStats for every community of comm on g.
// sector[i] is node i's traditional sector ("" when unknown, counted as its
// own sector "?"), employment[i] its employment (nil or NaN when unknown).
func DescribeDomains(g *graph.Graph, comm []int32, sector []string, employment []float64) []DomainStats {
	n := g.Nodes()
	ids, k := denseIDs(comm)
	doms := make([]DomainStats, k)
	for c := range doms {
		doms[c].ID = c
	}
	vol := make([]float64, k)
	inW := make([]float64, k) // internal weight, each edge once
	inE := make([]int, k)     // internal edges, each once
	var total float64
	for i := 0; i < n; i++ {
		c := ids[i]
		doms[c].Members = append(doms[c].Members, int32(i))
		for p := g.Off[i]; p < g.Off[i+1]; p++ {
			w := g.W[p]
			vol[c] += w
			total += w
			if j := g.Adj[p]; int(j) > i && ids[j] == c {
				inW[c] += w
				inE[c]++
			}
		}
		if employment != nil && !math.IsNaN(employment[i]) {
			if doms[c].Employment == nil {
				doms[c].Employment = new(float64)
			}
			*doms[c].Employment += employment[i]
		}
	}
	distinctSectors := map[string]bool{}
	for _, s := range sector {
		distinctSectors[sectorName(s)] = true
	}
	for c := range doms {
		d := &doms[c]
		d.Size = len(d.Members)
		if d.Size > 1 {
			d.Density = 2 * float64(inE[c]) / float64(d.Size*(d.Size-1))
		}
		if inE[c] > 0 {
			d.AvgRelatedness = inW[c] / float64(inE[c])
		}
		cut := vol[c] - 2*inW[c]
		if den := math.Min(vol[c], total-vol[c]); den > 0 {
			d.Conductance = cut / den
		}
		counts := map[string]int{}
		for _, m := range d.Members {
			s := ""
			if sector != nil {
				s = sector[m]
			}
			counts[sectorName(s)]++
		}
		for s, m := range counts {
			p := float64(m) / float64(d.Size)
			d.Sectors = append(d.Sectors, SectorShare{Sector: s, Members: m, Share: p})
			d.SectorEntropy -= p * math.Log2(p)
		}
		sort.Slice(d.Sectors, func(a, b int) bool {
			if d.Sectors[a].Members != d.Sectors[b].Members {
				return d.Sectors[a].Members > d.Sectors[b].Members
			}
			return d.Sectors[a].Sector < d.Sectors[b].Sector
		})
		if maxH := math.Log2(float64(min(d.Size, len(distinctSectors)))); maxH > 0 {
			d.SectorMix = d.SectorEntropy / maxH
		}
		if d.Size >= 3 {
			d.CandidateScore = d.SectorMix * (1 - d.Conductance) * math.Sqrt(d.Density)
		}
	}
	return doms
}

func sectorName(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// Stability measures how robust a partition is to the random node order of
// Leiden or Louvain: Detect is run with Runs other seeds and, for each pair of nodes in
// the same reference community, the co-assignment frequency is the share of
// runs that put them together again (Lancichinetti & Fortunato 2012, Sci.
// Rep. 2:336, use the same consensus matrix).
type Stability struct {
	Runs int `json:"runs"`
	// Domain[c] is the mean co-assignment frequency over the member pairs of
	// reference community c (1 for singletons).
	Domain []float64 `json:"domain"`
	// Node[i] is the mean frequency with which node i is put together with
	// the other members of its reference community.
	Node []float64 `json:"node"`
	// MeanModularity and MinModularity summarise Q over the runs.
	MeanModularity float64 `json:"mean_modularity"`
	MinModularity  float64 `json:"min_modularity"`
	// Partitions are the runs' partitions (node → community), for Consensus.
	Partitions [][]int32 `json:"-"`
}

// PartitionStability runs Detect
// with runs seeds after opt.Seed and compares each result with ref. Runs use
// all cores; the result does not depend on their scheduling.
func PartitionStability(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options, ref []int32, runs int) (Stability, error) {
	if runs < 1 {
		return Stability{}, graph.Errorf("stability: runs must be at least 1, got %d", runs)
	}
	n := len(ref)
	refIDs, k := denseIDs(ref)
	size := make([]int, k)
	for _, c := range refIDs {
		size[c]++
	}
	parts, err := detectSeeds(ctx, layers, weights, opt, opt.Seed+1, runs)
	if err != nil {
		return Stability{}, err
	}
	st := Stability{Runs: runs, Domain: make([]float64, k), Node: make([]float64, n), MinModularity: math.Inf(1)}
	for _, p := range parts {
		st.Partitions = append(st.Partitions, p.Community)
	}
	// For one run, the members of reference community c that the run puts in
	// its community q number cnt[(c,q)]; node i in (c,q) is together with
	// cnt−1 of its size(c)−1 co-members, and c has Σ_q cnt(cnt−1) ordered pairs together.
	for _, p := range parts {
		st.MeanModularity += p.Modularity / float64(runs)
		st.MinModularity = math.Min(st.MinModularity, p.Modularity)
		cnt := make(map[[2]int32]int, k)
		for i := 0; i < n; i++ {
			cnt[[2]int32{refIDs[i], p.Community[i]}]++
		}
		for key, m := range cnt {
			if s := size[key[0]]; s > 1 {
				st.Domain[key[0]] += float64(m*(m-1)) / float64(s*(s-1)) / float64(runs)
			}
		}
		for i := 0; i < n; i++ {
			c := refIDs[i]
			if s := size[c]; s > 1 {
				st.Node[i] += float64(cnt[[2]int32{c, p.Community[i]}]-1) / float64(s-1) / float64(runs)
			}
		}
	}
	for c := range st.Domain {
		if size[c] <= 1 {
			st.Domain[c] = 1
		}
	}
	for i := range st.Node {
		if size[refIDs[i]] <= 1 {
			st.Node[i] = 1
		}
	}
	return st, nil
}

// ResolutionPoint is one Detect run of a resolution sweep.
type ResolutionPoint struct {
	Resolution  float64 `json:"resolution"`
	Communities int     `json:"communities"`
	// NonTrivial counts communities of at least 3 members.
	NonTrivial int     `json:"non_trivial"`
	Modularity float64 `json:"modularity"`
	Largest    int     `json:"largest"`
}

// ResolutionSweep runs Detect at each resolution γ so a user can choose the
// granularity of the domains (Reichardt & Bornholdt 2006: larger γ, smaller
// communities). It is a grid sweep, not gonum's community.Profile search for
// the γ intervals where a partition is optimal.
func ResolutionSweep(ctx context.Context, layers []*graph.Graph, weights []float64, opt Options, resolutions []float64) ([]ResolutionPoint, error) {
	out := make([]ResolutionPoint, 0, len(resolutions))
	for _, gamma := range resolutions {
		if !(gamma > 0) || math.IsInf(gamma, 0) {
			return nil, graph.Errorf("resolution %v: expected a positive number", gamma)
		}
		o := opt
		o.Resolution = gamma
		p, err := Detect(ctx, layers, weights, o)
		if err != nil {
			return nil, err
		}
		pt := ResolutionPoint{Resolution: gamma, Communities: p.K, Modularity: p.Modularity}
		size := make([]int, p.K)
		for _, c := range p.Community {
			size[c]++
		}
		for _, s := range size {
			if s >= 3 {
				pt.NonTrivial++
			}
			pt.Largest = max(pt.Largest, s)
		}
		out = append(out, pt)
	}
	return out, nil
}
