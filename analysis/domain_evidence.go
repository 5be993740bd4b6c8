package analysis

import (
	"context"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"
	"github.com/domainscope/domainscope/graph/community"
)

// Evidence of knowledge domains: significance against a null model,
// consensus over seeds and generic intermediaries.

// DefaultNullSamples is the number of rewired graphs of a domains
// request's significance test when it names none.
const DefaultNullSamples = 100

// ConsensusThreshold is τ of the consensus partition (Lancichinetti &
// Fortunato 2012 find τ around 0.5 robust): pairs together in fewer than
// half of the runs are not kept together.
const ConsensusThreshold = 0.5

// SignificanceTest describes Domain.Significance in results.
const SignificanceTest = "internal weight W_in vs the configuration model E = vol²/4m (Newman 2006) and vs degree-preserving rewiring " +
	"(Maslov & Sneppen 2002; z = (W_in − null mean)/null sd, p = (1 + #{null ≥ W_in})/(samples + 1))"

// detect runs Leiden on one layer (as it always has) and community.Detect on several.
func detect(ctx context.Context, gs []*graph.Graph, weights []float64, opt community.Options) (community.Partition, error) {
	if len(gs) == 1 {
		return community.Leiden(ctx, gs[0], opt)
	}
	return community.Detect(ctx, gs, weights, opt)
}

// DomainConsensus compares a domain with the consensus partition.
type DomainConsensus struct {
	// Share is the largest share of its members that one consensus
	// community holds; Jaccard is |D ∩ C| / |D ∪ C| with that community C.
	Share   float64 `json:"share"`
	Jaccard float64 `json:"jaccard"`
	// Size is the size of C.
	Size int `json:"size"`
}

// ConsensusSummary describes the consensus partition of a domains result:
// consensus clustering (Lancichinetti & Fortunato 2012, Sci. Rep. 2:336)
// of the reference partition and the Runs other seeds at threshold Tau.
type ConsensusSummary struct {
	Partitions int     `json:"partitions"`
	Tau        float64 `json:"tau"`
	// Communities counts consensus communities of at least 2 members.
	Communities int  `json:"communities"`
	Iterations  int  `json:"iterations"`
	Converged   bool `json:"converged"`
}

func consensusSummary(runs int, c community.ConsensusResult) *ConsensusSummary {
	size := make([]int, c.K)
	for _, x := range c.Community {
		size[x]++
	}
	s := &ConsensusSummary{Partitions: runs + 1, Tau: ConsensusThreshold, Iterations: c.Iterations, Converged: c.Converged}
	for _, n := range size {
		if n >= 2 {
			s.Communities++
		}
	}
	return s
}

// domainConsensus matches members with the consensus community holding most of them.
func domainConsensus(members []int32, c community.ConsensusResult) *DomainConsensus {
	if len(members) == 0 || c.Community == nil {
		return nil
	}
	count := map[int32]int{}
	best, bestN := int32(-1), 0
	for _, m := range members {
		x := c.Community[m]
		count[x]++
		if count[x] > bestN || (count[x] == bestN && x < best) {
			best, bestN = x, count[x]
		}
	}
	size := 0
	for _, x := range c.Community {
		if x == best {
			size++
		}
	}
	return &DomainConsensus{Share: float64(bestN) / float64(len(members)),
		Jaccard: float64(bestN) / float64(len(members)+size-bestN), Size: size}
}

// GenericIntermediary is an industry linked evenly to many domains (see
// bridging.GenericIntermediaries), flagged separately from bridges.
type GenericIntermediary struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Sector string `json:"sector"`
	// Domain is its domain in the result (0: none, e.g. when excluded).
	Domain int `json:"domain"`
	bridging.Generic
}

func genericIntermediary(g bridging.Generic, snap *Snapshot, names map[string]string, sector []string, comm []int32) GenericIntermediary {
	code := snap.Codes[g.Node]
	name := names[code]
	if name == "" {
		name = snap.Names[g.Node]
	}
	return GenericIntermediary{Code: code, Name: name, Sector: sector[g.Node], Domain: int(comm[g.Node]), Generic: g}
}

// withoutNodes returns the layers and their combined graph without the
// links of the excluded nodes (which stay, isolated).
func withoutNodes(gs []*graph.Graph, weights []float64, excluded []bool) ([]*graph.Graph, *graph.Graph, error) {
	out := make([]*graph.Graph, len(gs))
	for l, g := range gs {
		var edges []graph.Edge
		for i := 0; i < g.Nodes(); i++ {
			if excluded[i] {
				continue
			}
			for p := g.Off[i]; p < g.Off[i+1]; p++ {
				if j := g.Adj[p]; int(j) > i && !excluded[j] {
					edges = append(edges, graph.Edge{I: int32(i), J: j, W: g.W[p]})
				}
			}
		}
		var err error
		if out[l], err = graph.NewGraph(g.Nodes(), edges); err != nil {
			return nil, nil, err
		}
	}
	u, err := combine(out, weights)
	return out, u, err
}
