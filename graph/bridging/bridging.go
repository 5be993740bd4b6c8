package bridging

import (
	"context"
	"math"
	"sort"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"
)

// Participation returns, for a partition of g (community[i] is node i's
// community id, 0 <= id < n), the participation coefficient P and the
// within-module degree z-score Z of every node (Guimerà & Amaral 2005,
// Nature 433:895–900), on weighted strengths:
//
//	P_i = 1 − Σ_s (k_is / k_i)²,   z_i = (κ_i − mean_{j∈s_i} κ_j) / std_{j∈s_i} κ_j
//
// where k_i is i's strength, k_is the weight of i's edges into community s,
// κ_i = k_{i,s_i} the weight into its own community, and mean and std
// (population standard deviation) run over the members of i's community.
// P is 0 for an isolated node; z is 0 when all members have the same κ.
func Participation(g *graph.Graph, community []int32) (P, Z []float64, err error) {
	if err := brgCheckPartition(g, community); err != nil {
		return nil, nil, err
	}
	n := g.Nodes()
	P = make([]float64, n)
	Z = make([]float64, n)
	kappa := make([]float64, n)
	perComm := make([]float64, n) // k_is for the communities touched by i
	var touched []int32
	for i := 0; i < n; i++ {
		var k float64
		touched = touched[:0]
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			c := community[g.Adj[e]]
			if perComm[c] == 0 {
				touched = append(touched, c)
			}
			perComm[c] += g.W[e]
			k += g.W[e]
		}
		kappa[i] = perComm[community[i]]
		var sum2 float64
		for _, c := range touched {
			f := perComm[c] / k
			sum2 += f * f
			perComm[c] = 0
		}
		if k > 0 {
			P[i] = 1 - sum2
		}
	}
	// Mean and population variance of κ per community (two passes).
	size := make([]float64, n)
	mean := make([]float64, n)
	for i, c := range community {
		size[c]++
		mean[c] += kappa[i]
	}
	for c := range mean {
		if size[c] > 0 {
			mean[c] /= size[c]
		}
	}
	vari := make([]float64, n)
	for i, c := range community {
		d := kappa[i] - mean[c]
		vari[c] += d * d
	}
	for i, c := range community {
		sd := math.Sqrt(vari[c] / size[c])
		// A spread below rounding noise of the mean is no spread.
		if sd > 1e-12*max(1, math.Abs(mean[c])) {
			Z[i] = (kappa[i] - mean[c]) / sd
		}
	}
	return P, Z, nil
}

// brgCheckPartition validates a partition given for g.
func brgCheckPartition(g *graph.Graph, community []int32) error {
	if g == nil {
		return graph.Errorf("bridging: graph is nil")
	}
	n := g.Nodes()
	if len(community) != n {
		return graph.Errorf("bridging: partition has %d community ids, expected one per node (%d)", len(community), n)
	}
	for i, c := range community {
		if c < 0 || int(c) >= n {
			return graph.Errorf("bridging: node %d has community id %d, expected 0 <= id < %d", i, c, n)
		}
	}
	return nil
}

// Role returns the Guimerà & Amaral (2005, Nature 433:895–900) role of a
// node with participation coefficient p and within-module z-score z. Hubs
// have z >= 2.5. Non-hubs: R1 ultra-peripheral (p <= 0.05), R2 peripheral
// (0.05 < p <= 0.62), R3 non-hub connector (0.62 < p <= 0.80), R4 non-hub
// kinless (p > 0.80). Hubs: R5 provincial hub (p <= 0.30), R6 connector hub
// (0.30 < p <= 0.75), R7 kinless hub (p > 0.75).
func Role(p, z float64) string {
	if z < 2.5 {
		switch {
		case p <= 0.05:
			return "R1 ultra-peripheral"
		case p <= 0.62:
			return "R2 peripheral"
		case p <= 0.80:
			return "R3 non-hub connector"
		default:
			return "R4 non-hub kinless"
		}
	}
	switch {
	case p <= 0.30:
		return "R5 provincial hub"
	case p <= 0.75:
		return "R6 connector hub"
	default:
		return "R7 kinless hub"
	}
}

// BridgingOptions configures RankBridging.
type BridgingOptions struct {
	// Betweenness is used as given (set Normalised for values in [0, 1]).
	Betweenness centrality.BetweennessOptions `json:"betweenness"`
	Top         int                           `json:"top,omitempty"`   // keep the best Top nodes; 0 keeps all
	Links       int                           `json:"links,omitempty"` // strongest links listed per foreign community; 0 means 3
}

// BridgingSector is one node of RankBridging's ranking with the measures
// behind its score and what it bridges.
type BridgingSector struct {
	Node      int32   `json:"node"`
	Code      string  `json:"code,omitempty"` // set by analysis.Analyzer.Bridges
	Name      string  `json:"name,omitempty"`
	Community int32   `json:"community"`
	Score     float64 `json:"score"` // mean of the three percentile ranks below, in [0, 1]

	Betweenness   float64 `json:"betweenness"`
	Participation float64 `json:"participation"`
	WithinZ       float64 `json:"within_module_z"`
	Role          string  `json:"role"`
	// Constraint and EffectiveSize are 0 for isolated nodes, where they are
	// undefined (see Isolated).
	Constraint    float64 `json:"constraint"`
	EffectiveSize float64 `json:"effective_size"`
	Strength      float64 `json:"strength"`
	Degree        int     `json:"degree"`
	Articulation  bool    `json:"articulation_point"` // removing it disconnects the graph
	Isolated      bool    `json:"isolated,omitempty"`

	// Percentile ranks (0 lowest, 1 highest) that make up Score.
	BetweennessRank   float64 `json:"betweenness_rank"`
	ParticipationRank float64 `json:"participation_rank"`
	BrokerageRank     float64 `json:"brokerage_rank"` // rank of 1 − constraint

	// Connects lists the communities of the node's neighbours, largest share first.
	Connects []CommunityShare `json:"connects"`
}

// CommunityShare is the part of a node's strength that goes into one community.
type CommunityShare struct {
	Community int32   `json:"community"`
	Own       bool    `json:"own,omitempty"` // the node's own community
	Share     float64 `json:"share"`         // k_is / k_i
	Weight    float64 `json:"weight"`        // k_is
	// Links are the node's strongest edges into a foreign community (empty for its own).
	Links []BridgeLink `json:"links,omitempty"`
}

// BridgeLink is one edge from a bridging node to a neighbour.
type BridgeLink struct {
	Node   int32   `json:"node"`
	Code   string  `json:"code,omitempty"` // set by analysis.Analyzer.Bridges
	Name   string  `json:"name,omitempty"`
	Weight float64 `json:"weight"`
}

// RankBridging ranks the nodes of g as bridges between the communities of a
// partition (community[i] is node i's community, 0 <= id < n; names is nil
// or has one name per node). The score is the mean of three percentile ranks
// over all nodes,
//
//	score_i = [ pr(C_B)_i + pr(P)_i + pr(1 − c)_i ] / 3,
//
// of betweenness C_B (Brandes 2001; see Betweenness), participation P
// (Guimerà & Amaral 2005; see Participation) and one minus Burt's constraint
// c (Burt 1992; see Constraint): a bridging sector lies on many shortest
// paths, spreads its links over communities and spans structural holes. The
// percentile rank of x_i is pr_i = (#{x_j < x_i} + (#{x_j = x_i} − 1)/2) /
// (n − 1), ties (equal up to a relative 1e-9) sharing their mean rank
// (0.5 when n = 1); isolated nodes rank lowest on 1 − c. Nodes are returned by score, highest first (ties by
// node index), each with the communities it connects and its strongest links
// into each foreign community. ctx bounds the betweenness computation.
func RankBridging(ctx context.Context, g *graph.Graph, community []int32, names []string, opt BridgingOptions) ([]BridgingSector, error) {
	if err := brgCheckPartition(g, community); err != nil {
		return nil, err
	}
	n := g.Nodes()
	if names != nil && len(names) != n {
		return nil, graph.Errorf("bridging: %d names given, expected one per node (%d)", len(names), n)
	}
	if opt.Top < 0 || opt.Links < 0 {
		return nil, graph.Errorf("bridging: top and links must be >= 0, got top %d, links %d", opt.Top, opt.Links)
	}
	links := opt.Links
	if links == 0 {
		links = 3
	}
	bc, err := centrality.Betweenness(ctx, g, opt.Betweenness)
	if err != nil {
		return nil, err
	}
	P, Z, err := Participation(g, community)
	if err != nil {
		return nil, err
	}
	cons := Constraint(g)
	eff := EffectiveSize(g)
	_, cut := structLowLink(g)

	brokerage := make([]float64, n)
	for i, c := range cons {
		if math.IsNaN(c) {
			brokerage[i] = math.Inf(-1)
		} else {
			brokerage[i] = 1 - c
		}
	}
	rb, rp, rc := brgPercentiles(bc), brgPercentiles(P), brgPercentiles(brokerage)

	out := make([]BridgingSector, n)
	for i := range out {
		s := BridgingSector{
			Node:              int32(i),
			Community:         community[i],
			Score:             (rb[i] + rp[i] + rc[i]) / 3,
			Betweenness:       bc[i],
			Participation:     P[i],
			WithinZ:           Z[i],
			Role:              Role(P[i], Z[i]),
			Constraint:        cons[i],
			EffectiveSize:     eff[i],
			Strength:          g.Strength(i),
			Degree:            int(g.Off[i+1] - g.Off[i]),
			Articulation:      cut[i],
			BetweennessRank:   rb[i],
			ParticipationRank: rp[i],
			BrokerageRank:     rc[i],
		}
		if names != nil {
			s.Name = names[i]
		}
		if s.Degree == 0 {
			s.Isolated, s.Constraint, s.EffectiveSize = true, 0, 0
		}
		out[i] = s
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	if opt.Top > 0 && opt.Top < n {
		out = out[:opt.Top]
	}
	for k := range out {
		out[k].Connects = brgConnects(g, community, names, out[k].Node, out[k].Strength, links)
	}
	return out, nil
}

// brgConnects lists the communities of i's neighbours with i's strength
// share into each, largest first (ties by community id), and i's top
// strongest links (ties by node index) into each foreign community.
func brgConnects(g *graph.Graph, community []int32, names []string, i int32, strength float64, top int) []CommunityShare {
	byComm := map[int32]*CommunityShare{}
	var order []int32
	for e := g.Off[i]; e < g.Off[i+1]; e++ {
		j, w := g.Adj[e], g.W[e]
		c := community[j]
		cs, ok := byComm[c]
		if !ok {
			cs = &CommunityShare{Community: c, Own: c == community[i]}
			byComm[c] = cs
			order = append(order, c)
		}
		cs.Weight += w
		if !cs.Own {
			l := BridgeLink{Node: j, Weight: w}
			if names != nil {
				l.Name = names[j]
			}
			cs.Links = append(cs.Links, l)
		}
	}
	out := make([]CommunityShare, 0, len(order))
	for _, c := range order {
		cs := byComm[c]
		cs.Share = cs.Weight / strength
		sort.Slice(cs.Links, func(a, b int) bool {
			la, lb := cs.Links[a], cs.Links[b]
			return la.Weight > lb.Weight || la.Weight == lb.Weight && la.Node < lb.Node
		})
		if len(cs.Links) > top {
			cs.Links = cs.Links[:top]
		}
		out = append(out, *cs)
	}
	sort.Slice(out, func(a, b int) bool {
		return out[a].Weight > out[b].Weight || out[a].Weight == out[b].Weight && out[a].Community < out[b].Community
	})
	return out
}

// brgPercentiles returns the mid-rank percentile of every value:
// (#{x_j < x_i} + (#{x_j = x_i} − 1)/2) / (n − 1), 0.5 when n = 1. Values
// within a relative 1e-9 of the smallest of their group count as equal, so
// that rounding noise (betweenness summed in another order) does not split
// ties.
func brgPercentiles(x []float64) []float64 {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	pr := make([]float64, n)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && brgSame(x[idx[hi]], x[idx[lo]]) {
			hi++
		}
		r := 0.5
		if n > 1 {
			r = (float64(lo) + float64(hi-lo-1)/2) / float64(n-1)
		}
		for _, i := range idx[lo:hi] {
			pr[i] = r
		}
		lo = hi
	}
	return pr
}

// brgSame reports whether a and b are equal up to a relative 1e-9.
func brgSame(a, b float64) bool {
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	return math.Abs(a-b) <= 1e-9*max(math.Abs(a), math.Abs(b))
}
