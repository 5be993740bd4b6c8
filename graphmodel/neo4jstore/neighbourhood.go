package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Limits of Neighbourhood, the same as those of the graph views of package
// algorithms (DefaultMaxNodes, MaxNodesLimit, MaxHops).
const (
	DefaultMaxNodes = 200
	MaxNodesLimit   = 2000
	MaxHops         = 3
)

// NeighbourhoodQuery selects the industries within Hops links of Code on one
// layer.
type NeighbourhoodQuery struct {
	Layer  string
	Period string // "" means the layer's latest period
	Code   string
	Hops   int // 1 to MaxHops; 0 means 1
	// Min: links whose Value is not above it are not followed; nil means the
	// layer's threshold.
	Min      *float64
	MaxNodes int // 0 means DefaultMaxNodes; above MaxNodesLimit is ETOOLARGE
}

// NeighbourhoodNode is an industry of a neighbourhood and its distance in
// hops from the focal industry (0 for the focal industry itself).
type NeighbourhoodNode struct {
	graphmodel.Industry
	Hops int `json:"hops"`
}

// Neighbourhood is a small subgraph around one industry.
type Neighbourhood struct {
	Layer graphmodel.Layer    `json:"layer"`
	Nodes []NeighbourhoodNode `json:"nodes"` // focal first, then by hops, strongest link, code
	// Links are the pairs of nodes whose merged Value (the maximum of both
	// directions) is above the minimum, From < To, Count summed over both
	// directions.
	Links []graphmodel.Link `json:"links"`
	// Truncated is true when more industries qualified than MaxNodes.
	Truncated bool `json:"truncated"`
}

// Neighbourhood returns the industries within q.Hops links of q.Code and the
// links among them, computed in Cypher one hop at a time: each hop adds the
// industries linked to the previous hop's by a link whose Value is above the
// minimum, strongest link first (then by code), until MaxNodes industries are
// reached. Self-links are ignored. Like Neighbours, every answer comes from
// one version of the layer.
func (s *Store) Neighbourhood(ctx context.Context, q NeighbourhoodQuery) (*Neighbourhood, error) {
	if q.Hops == 0 {
		q.Hops = 1
	}
	if q.Hops < 1 || q.Hops > MaxHops {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "hops %d: expected 1 to %d", q.Hops, MaxHops)
	}
	if q.MaxNodes == 0 {
		q.MaxNodes = DefaultMaxNodes
	}
	if q.MaxNodes < 1 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "max_nodes %d: expected 1 to %d", q.MaxNodes, MaxNodesLimit)
	}
	if q.MaxNodes > MaxNodesLimit {
		return nil, graphmodel.Errorf(graphmodel.ETOOLARGE, "max_nodes %d is over the limit of %d nodes", q.MaxNodes, MaxNodesLimit)
	}
	if q.Min != nil && math.IsNaN(*q.Min) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "min must be a number, got NaN")
	}
	what := fmt.Sprintf("finding the neighbourhood of %q", q.Code)
	return consistentRead(ctx, s, what, func(tx neo4j.ManagedTransaction) (*Neighbourhood, bool, error) {
		ly, err := findLayer(ctx, tx, q.Layer, q.Period)
		if err != nil {
			return nil, false, err
		}
		minValue := ly.Threshold
		if q.Min != nil {
			minValue = *q.Min
		}
		typ := linkType[ly.Kind]
		p := map[string]any{"c": ly.Classification, "id": ly.Dataset, "min": minValue}
		p["code"] = q.Code
		rec, err := single(ctx, tx, `OPTIONAL MATCH (f:Industry {classification: $c, code: $code})
			RETURN f IS NOT NULL, f.name, f.parent, f.level`, p)
		if err != nil {
			return nil, false, err
		}
		if ok, err := getBool(rec, 0); err != nil || !ok {
			if err != nil {
				return nil, false, err
			}
			return nil, false, graphmodel.Errorf(graphmodel.ENOTFOUND, "industry %q not found in classification %q of layer %q",
				q.Code, ly.Classification, ly.Key())
		}
		sc := scanner{rec: rec, i: 1}
		focal := graphmodel.Industry{Classification: ly.Classification, Code: q.Code, Name: sc.str(), Parent: sc.str(), Level: int(sc.int())}
		if sc.err != nil {
			return nil, false, sc.err
		}
		nb := &Neighbourhood{Layer: ly, Nodes: []NeighbourhoodNode{{Industry: focal}}}
		seen := map[string]bool{q.Code: true}
		frontier := []any{q.Code}
		for h := 1; h <= q.Hops && len(frontier) > 0 && !nb.Truncated; h++ {
			p["frontier"] = frontier
			p["seen"] = keysAny(seen)
			type cand struct {
				ind  graphmodel.Industry
				best float64
			}
			var next []cand
			err := each(ctx, tx, `UNWIND $frontier AS code
				MATCH (a:Industry {classification: $c, code: code})-[r:`+typ+`]-(o:Industry)
				WHERE r.dataset = $id AND r.value > $min AND NOT o.code IN $seen
				WITH o, max(r.value) AS best
				RETURN o.code, o.name, o.parent, o.level, best`, p, func(rec *neo4j.Record) error {
				sc := scanner{rec: rec}
				c := cand{ind: graphmodel.Industry{Classification: ly.Classification, Code: sc.str(), Name: sc.str(),
					Parent: sc.str(), Level: int(sc.int())}, best: sc.float()}
				next = append(next, c)
				return sc.err
			})
			if err != nil {
				return nil, false, err
			}
			slices.SortFunc(next, func(a, b cand) int {
				return cmp.Or(cmp.Compare(b.best, a.best), strings.Compare(a.ind.Code, b.ind.Code))
			})
			if room := q.MaxNodes - len(nb.Nodes); len(next) > room {
				next, nb.Truncated = next[:room], true
			}
			frontier = frontier[:0]
			for _, c := range next {
				seen[c.ind.Code] = true
				frontier = append(frontier, c.ind.Code)
				nb.Nodes = append(nb.Nodes, NeighbourhoodNode{Industry: c.ind, Hops: h})
			}
		}
		// Links among the nodes, both directions merged.
		p["codes"] = keysAny(seen)
		type pair struct{ from, to string }
		merged := map[pair]*graphmodel.Link{}
		err = each(ctx, tx, `UNWIND $codes AS code
			MATCH (a:Industry {classification: $c, code: code})-[r:`+typ+`]->(b:Industry)
			WHERE r.dataset = $id AND b.code IN $codes AND a <> b
			RETURN a.code, b.code, r.count, r.value`, p, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			from, to, n, v := sc.str(), sc.str(), sc.float(), sc.float()
			if to < from {
				from, to = to, from
			}
			k := pair{from, to}
			if l := merged[k]; l != nil {
				l.Count += n
				l.Value = max(l.Value, v)
			} else {
				merged[k] = &graphmodel.Link{From: from, To: to, Count: n, Value: v}
			}
			return sc.err
		})
		if err != nil {
			return nil, false, err
		}
		for _, l := range merged {
			if l.Value > minValue {
				nb.Links = append(nb.Links, *l)
			}
		}
		slices.SortFunc(nb.Links, func(a, b graphmodel.Link) int {
			return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
		})
		ok, err := s.stillCurrent(ctx, tx, layerLabels.current, ly.Dataset)
		return nb, ok, err
	})
}

func keysAny(m map[string]bool) []any {
	out := make([]any, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
