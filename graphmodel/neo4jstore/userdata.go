package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// User data (graphmodel.HypothesisStore, graphmodel.DomainNameStore):
//
//	(:Hypothesis {id, name, classification, codes, source, params, notes, author,
//	              created_at, updated_at, version})                  unique id
//	(:DomainName {key, classification, layers, codes, name, updated_at})   unique key
//	(:DomainScope {key: "hypotheses", next_id})                      the ID counter
//
// codes and layers are lists of strings (sorted), params a JSON string,
// times DateTime values in UTC. Codes are properties rather than
// relationships to Industry nodes, so that reloading a classification never
// meets them; they are checked against the industries when written. Writes
// never change the store version.

var (
	_ graphmodel.HypothesisStore = (*Store)(nil)
	_ graphmodel.DomainNameStore = (*Store)(nil)
)

// checkSetCodes returns EINVALID when the classification is not stored or a
// code is not one of its industries.
func checkSetCodes(ctx context.Context, tx neo4j.ManagedTransaction, what, classification string, codes []string) error {
	st, err := readClass(ctx, tx, classification)
	if err != nil {
		return err
	}
	if !st.Exists {
		return graphmodel.UnknownClassification(what, classification, st.Names)
	}
	return graphmodel.CheckSetCodes(what, classification, codes, func(c string) bool { return st.Codes[c] })
}

func toAnyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// hypothesisProps returns the properties of a hypothesis's node that a
// write sets (all but id and created_at).
func hypothesisProps(h graphmodel.Hypothesis) (map[string]any, error) {
	params, err := json.Marshal(h.Params)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the parameters of %s failed", h.What())
	}
	return map[string]any{"name": h.Name, "classification": h.Classification, "codes": toAnyList(h.Codes),
		"source": h.Source, "params": string(params), "notes": h.Notes, "author": h.Author,
		"updated_at": asOffset(h.UpdatedAt), "version": h.Version}, nil
}

// CreateHypothesis stores a new hypothesis (see graphmodel.HypothesisStore).
func (s *Store) CreateHypothesis(ctx context.Context, h graphmodel.Hypothesis) (graphmodel.Hypothesis, error) {
	if err := s.ready(h); err != nil {
		return graphmodel.Hypothesis{}, err
	}
	h = h.Normalised()
	h.ID, h.Version = 0, 1
	h.CreatedAt = graphmodel.StoredTime(time.Now())
	h.UpdatedAt = h.CreatedAt
	props, err := hypothesisProps(h)
	if err != nil {
		return graphmodel.Hypothesis{}, err
	}
	what := h.What()
	id, err := writeTx(ctx, s, "saving "+what, func(tx neo4j.ManagedTransaction) (int64, error) {
		if err := checkSetCodes(ctx, tx, what, h.Classification, h.Codes); err != nil {
			return 0, err
		}
		rec, err := single(ctx, tx, `MERGE (c:DomainScope {key: 'hypotheses'}) ON CREATE SET c.next_id = 0
			SET c.next_id = c.next_id + 1
			CREATE (h:Hypothesis {id: c.next_id, created_at: $created})
			SET h += $props
			RETURN h.id`, map[string]any{"props": props, "created": asOffset(h.CreatedAt)})
		if err != nil {
			return 0, err
		}
		return getInt(rec, 0)
	})
	if err != nil {
		return graphmodel.Hypothesis{}, err
	}
	h.ID = id
	return h, nil
}

const hypothesisReturn = `RETURN h.id, h.name, h.classification, h.codes, h.source, h.params, h.notes, h.author,
	h.created_at, h.updated_at, h.version`

func scanHypothesis(rec *neo4j.Record) (graphmodel.Hypothesis, error) {
	sc := scanner{rec: rec}
	h := graphmodel.Hypothesis{ID: sc.int(), Name: sc.str(), Classification: sc.str(), Codes: sc.strs(), Source: sc.str()}
	params := sc.str()
	h.Notes, h.Author = sc.str(), sc.str()
	h.CreatedAt = sc.time()
	h.UpdatedAt = sc.time()
	h.Version = sc.int()
	if sc.err != nil {
		return h, sc.err
	}
	if err := json.Unmarshal([]byte(params), &h.Params); err != nil {
		return h, graphmodel.WrapError(graphmodel.EINTERNAL, err, "hypothesis %d has unreadable parameters", h.ID)
	}
	return h, nil
}

func (sc *scanner) time() time.Time {
	i := sc.next()
	t, ok := sc.rec.Values[i].(time.Time)
	if !ok {
		sc.keep(badValue(sc.rec, i, "a date-time"))
	}
	return t.UTC()
}

// Hypothesis returns one hypothesis (see graphmodel.HypothesisStore).
func (s *Store) Hypothesis(ctx context.Context, id int64) (graphmodel.Hypothesis, error) {
	return readTx(ctx, s, fmt.Sprintf("reading hypothesis %d", id), func(tx neo4j.ManagedTransaction) (graphmodel.Hypothesis, error) {
		var out []graphmodel.Hypothesis
		err := each(ctx, tx, `MATCH (h:Hypothesis {id: $id}) `+hypothesisReturn, map[string]any{"id": id}, func(rec *neo4j.Record) error {
			h, err := scanHypothesis(rec)
			out = append(out, h)
			return err
		})
		if err != nil {
			return graphmodel.Hypothesis{}, err
		}
		if len(out) == 0 {
			return graphmodel.Hypothesis{}, graphmodel.HypothesisNotFound(id)
		}
		return out[0], nil
	})
}

// Hypotheses returns every hypothesis ordered by ID.
func (s *Store) Hypotheses(ctx context.Context) ([]graphmodel.Hypothesis, error) {
	return readTx(ctx, s, "listing hypotheses", func(tx neo4j.ManagedTransaction) ([]graphmodel.Hypothesis, error) {
		var out []graphmodel.Hypothesis
		err := each(ctx, tx, `MATCH (h:Hypothesis) `+hypothesisReturn+` ORDER BY h.id`, nil, func(rec *neo4j.Record) error {
			h, err := scanHypothesis(rec)
			out = append(out, h)
			return err
		})
		return out, err
	})
}

// UpdateHypothesis replaces a hypothesis's user fields (see
// graphmodel.HypothesisStore). The node is locked (by a write) before its
// version is compared, so that of two concurrent updates from the same
// version one is ECONFLICT.
func (s *Store) UpdateHypothesis(ctx context.Context, h graphmodel.Hypothesis) (graphmodel.Hypothesis, error) {
	if err := s.ready(h); err != nil {
		return graphmodel.Hypothesis{}, err
	}
	h = h.Normalised()
	what := h.What()
	return writeTx(ctx, s, "updating "+what, func(tx neo4j.ManagedTransaction) (graphmodel.Hypothesis, error) {
		out := h
		var found bool
		var version int64
		err := each(ctx, tx, `MATCH (h:Hypothesis {id: $id}) SET h.locked = true RETURN h.version, h.created_at`,
			map[string]any{"id": h.ID}, func(rec *neo4j.Record) error {
				sc := scanner{rec: rec}
				version, out.CreatedAt, found = sc.int(), sc.time(), true
				return sc.err
			})
		if err != nil {
			return graphmodel.Hypothesis{}, err
		}
		if !found {
			return graphmodel.Hypothesis{}, graphmodel.HypothesisNotFound(h.ID)
		}
		if h.Version != 0 && h.Version != version {
			return graphmodel.Hypothesis{}, graphmodel.StaleHypothesis(h, version)
		}
		if err := checkSetCodes(ctx, tx, what, h.Classification, h.Codes); err != nil {
			return graphmodel.Hypothesis{}, err
		}
		out.UpdatedAt = graphmodel.StoredTime(time.Now())
		out.Version = version + 1
		props, err := hypothesisProps(out)
		if err != nil {
			return graphmodel.Hypothesis{}, err
		}
		err = run(ctx, tx, `MATCH (h:Hypothesis {id: $id}) SET h += $props REMOVE h.locked`, map[string]any{"id": h.ID, "props": props})
		return out, err
	})
}

// DeleteHypothesis removes a hypothesis (see graphmodel.HypothesisStore).
func (s *Store) DeleteHypothesis(ctx context.Context, id int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("deleting hypothesis %d", id), `OPTIONAL MATCH (h:Hypothesis {id: $id}) WITH h, h IS NOT NULL AS found
			DETACH DELETE h RETURN found`, map[string]any{"id": id}, graphmodel.HypothesisNotFound(id))
}

// SetDomainName names a domain by its membership (see
// graphmodel.DomainNameStore).
func (s *Store) SetDomainName(ctx context.Context, n graphmodel.DomainName) (graphmodel.DomainName, error) {
	if err := s.ready(n); err != nil {
		return graphmodel.DomainName{}, err
	}
	n = n.Normalised()
	n.UpdatedAt = graphmodel.StoredTime(time.Now())
	what := fmt.Sprintf("the domain name %q", n.Name)
	_, err := writeTx(ctx, s, "saving "+what, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if err := checkSetCodes(ctx, tx, what, n.Classification, n.Codes); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, run(ctx, tx, `MERGE (n:DomainName {key: $key})
			SET n.classification = $c, n.layers = $layers, n.codes = $codes, n.name = $name, n.updated_at = $at`,
			map[string]any{"key": n.Key, "c": n.Classification, "layers": toAnyList(n.Layers), "codes": toAnyList(n.Codes),
				"name": n.Name, "at": asOffset(n.UpdatedAt)})
	})
	if err != nil {
		return graphmodel.DomainName{}, err
	}
	return n, nil
}

// DomainNames returns every domain name ordered by key.
func (s *Store) DomainNames(ctx context.Context) ([]graphmodel.DomainName, error) {
	return readTx(ctx, s, "listing domain names", func(tx neo4j.ManagedTransaction) ([]graphmodel.DomainName, error) {
		var out []graphmodel.DomainName
		err := each(ctx, tx, `MATCH (n:DomainName) RETURN n.key, n.classification, n.layers, n.codes, n.name, n.updated_at`,
			nil, func(rec *neo4j.Record) error {
				sc := scanner{rec: rec}
				n := graphmodel.DomainName{Key: sc.str(), Classification: sc.str(), Layers: sc.strs(), Codes: sc.strs(), Name: sc.str()}
				n.UpdatedAt = sc.time()
				out = append(out, n)
				return sc.err
			})
		slices.SortFunc(out, func(a, b graphmodel.DomainName) int { return strings.Compare(a.Key, b.Key) })
		return out, err
	})
}

// DeleteDomainName removes a domain name (see graphmodel.DomainNameStore).
func (s *Store) DeleteDomainName(ctx context.Context, key string) error {
	return s.deleteOne(ctx, "deleting a domain name", `OPTIONAL MATCH (n:DomainName {key: $key}) WITH n, n IS NOT NULL AS found
			DETACH DELETE n RETURN found`, map[string]any{"key": key}, graphmodel.DomainNameNotFound(key))
}

// deleteOne runs query (a DETACH DELETE returning whether the node was
// found) in a write transaction; no node found is the error notFound.
func (s *Store) deleteOne(ctx context.Context, what, query string, params map[string]any, notFound error) error {
	_, err := writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		rec, err := single(ctx, tx, query, params)
		if err != nil {
			return struct{}{}, err
		}
		found, err := getBool(rec, 0)
		if err == nil && !found {
			err = notFound
		}
		return struct{}{}, err
	})
	return err
}
