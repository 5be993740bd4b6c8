package bridging

import (
	"fmt"
	"sort"

	"github.com/domainscope/domainscope/graph"
)

// GenericRule says when an industry counts as a generic intermediary: one
// linked evenly to many domains (temporary employment agencies, head
// offices, cleaning), whose links say little about a shared knowledge base.
type GenericRule struct {
	// MinParticipation is the least participation coefficient P_i (Guimerà
	// & Amaral 2005); 0.62 is where their connectors start.
	MinParticipation float64 `json:"min_participation"`
	// MinDomainShare is the least share of the domains of at least
	// MinDomainSize members that it has a link into.
	MinDomainShare float64 `json:"min_domain_share"`
	MinDomainSize  int     `json:"min_domain_size"`
	// MinDegreePercentile is the least share of the linked nodes whose
	// degree is below its own.
	MinDegreePercentile float64 `json:"min_degree_percentile"`
}

// DefaultGenericRule is P ≥ 0.62 (a connector in Guimerà & Amaral's
// roles), links into at least half of the domains of 3 or more members, and
// a degree above that of 90 % of the linked nodes: an industry whose many
// links spread over most domains.
func DefaultGenericRule() GenericRule {
	return GenericRule{MinParticipation: 0.62, MinDomainShare: 0.5, MinDomainSize: 3, MinDegreePercentile: 0.9}
}

// String states the rule in words.
func (r GenericRule) String() string {
	return fmt.Sprintf("participation ≥ %g, links into ≥ %g%% of the domains of ≥ %d industries, degree above %g%% of industries",
		r.MinParticipation, 100*r.MinDomainShare, r.MinDomainSize, 100*r.MinDegreePercentile)
}

// Generic is a node that the rule flags, with the measures that flagged it.
type Generic struct {
	Node          int32   `json:"-"`
	Participation float64 `json:"participation"`
	// Domains is the number of domains (of at least MinDomainSize members)
	// it links into, Of the number of such domains.
	Domains int `json:"domains"`
	Of      int `json:"of"`
	Degree  int `json:"degree"`
	// DegreePercentile is the share of linked nodes with a smaller degree.
	DegreePercentile float64 `json:"degree_percentile"`
}

// GenericIntermediaries returns the nodes of g that rule flags on the
// partition community (ids as for Participation), ordered by participation,
// highest first, then by node. A node is flagged when all three hold:
// P_i ≥ MinParticipation, it links into at least
// ⌈MinDomainShare × K₃⌉ of the K₃ communities of at least MinDomainSize
// members (and into at least 2), and its degree percentile (the share of
// nodes with at least one link whose degree is smaller) is at least
// MinDegreePercentile.
func GenericIntermediaries(g *graph.Graph, community []int32, rule GenericRule) ([]Generic, error) {
	P, _, err := Participation(g, community)
	if err != nil {
		return nil, err
	}
	n := g.Nodes()
	size := make([]int, n)
	for _, c := range community {
		size[c]++
	}
	big := 0
	for _, s := range size {
		if s >= rule.MinDomainSize {
			big++
		}
	}
	need := 2
	for float64(need) < rule.MinDomainShare*float64(big) {
		need++
	}
	var degs []int
	for i := 0; i < n; i++ {
		if d := int(g.Off[i+1] - g.Off[i]); d > 0 {
			degs = append(degs, d)
		}
	}
	sort.Ints(degs)
	var out []Generic
	seen := make([]bool, n)
	var touched []int32
	for i := 0; i < n; i++ {
		deg := int(g.Off[i+1] - g.Off[i])
		if deg == 0 || P[i] < rule.MinParticipation {
			continue
		}
		reach := 0
		touched = touched[:0]
		for p := g.Off[i]; p < g.Off[i+1]; p++ {
			c := community[g.Adj[p]]
			if !seen[c] {
				seen[c] = true
				touched = append(touched, c)
				if size[c] >= rule.MinDomainSize {
					reach++
				}
			}
		}
		for _, c := range touched {
			seen[c] = false
		}
		pct := float64(sort.SearchInts(degs, deg)) / float64(len(degs))
		if reach >= need && pct >= rule.MinDegreePercentile {
			out = append(out, Generic{Node: int32(i), Participation: P[i], Domains: reach, Of: big, Degree: deg, DegreePercentile: pct})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Participation > out[b].Participation })
	return out, nil
}
