package relatedness

import (
	"sort"

	"github.com/domainscope/domainscope/graph"
)

// knowledgeFlows reproduces the UK skill relatedness published by the
// Knowledge Flows project (The Alan Turing Institute, repository
// alan-turing-institute/KnowledgeFlows, R package R/rkf, function
// create_normalised_transition_matrix_from_reduced with algorithm "FLOWS"):
//
//  1. T_ij = F_ij for every given flow; a flow whose reverse F_ji is not
//     given gets T_ji = floor (the disclosure floor, 10 for the UK files:
//     fill_industry_transition_matrix_from_reduced);
//  2. the diagonal (moves within an industry) stays in the totals:
//     N_ij = T_i·T_·j / T_·· (create_null_model_transition_matrix);
//  3. SR_ij = T_ij / N_ij, value (SR−1)/(SR+1), one value per direction, no
//     symmetrisation; self-links get value 1 (diag(...) <- 1).
//
// The output has every given link, every imputed reverse link (Count =
// floor) and a self-link of value 1 for every industry (Count = floor when
// the input has none, as published), sorted by From then To: the published
// edge list without its "0000" summary row.
func knowledgeFlows(links []Link, codes []string, from, to []int32, floor float64) ([]Link, error) {
	if floor <= 0 {
		return nil, graph.Errorf("method %s imputes missing reverse flows at the disclosure floor: give the floor (the UK files: 10), found %v", MethodKnowledgeFlows, floor)
	}
	n := len(codes)
	type cell struct {
		i, j int32
		c    float64
	}
	seen := make(map[uint64]int, 2*len(links))
	cells := make([]cell, 0, 2*len(links))
	for k, l := range links {
		key := pairKey(from[k], to[k])
		if first, dup := seen[key]; dup && first >= 0 {
			return nil, graph.Errorf("link %d (%s→%s): duplicate flow, first given as link %d", k, l.From, l.To, first)
		}
		seen[key] = k
	}
	for k, l := range links {
		cells = append(cells, cell{from[k], to[k], l.Count})
		back := pairKey(to[k], from[k])
		if _, ok := seen[back]; !ok {
			seen[back] = -1 // imputed once
			cells = append(cells, cell{to[k], from[k], floor})
		}
	}
	row := make([]float64, n)
	col := make([]float64, n)
	var total float64
	for _, c := range cells { // before the self-links below are added
		row[c.i] += c.c
		col[c.j] += c.c
		total += c.c
	}
	// diag(SR) <- 1 gives every industry a self-link of value 1 in the
	// published list, the ones without a within-industry flow with count
	// "10" (add_labels_to_reduced_matrix's default); not in the totals.
	for i := int32(0); i < int32(n); i++ {
		if _, ok := seen[pairKey(i, i)]; !ok {
			cells = append(cells, cell{i, i, floor})
		}
	}
	out := make([]Link, len(cells))
	for k, c := range cells {
		v := 1.0
		if c.i != c.j {
			null := row[c.i] * col[c.j] / total
			sr := c.c / null
			v = (sr - 1) / (sr + 1)
		}
		out[k] = Link{From: codes[c.i], To: codes[c.j], Count: c.c, Value: v}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].From != out[b].From {
			return out[a].From < out[b].From
		}
		return out[a].To < out[b].To
	})
	return out, nil
}
