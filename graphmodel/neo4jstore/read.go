package neo4jstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// readAttempts is how often a read that met a switch-over is repeated before
// giving up with EUNAVAILABLE.
const readAttempts = 5

// Orders are applied in Go, with Go's string comparison (byte order, as the
// embedded store's), so that both stores list ties identically.

// Datasets returns every dataset, oldest first.
func (s *Store) Datasets(ctx context.Context) ([]graphmodel.Dataset, error) {
	return readTx(ctx, s, "listing datasets", func(tx neo4j.ManagedTransaction) ([]graphmodel.Dataset, error) {
		var out []graphmodel.Dataset
		err := each(ctx, tx, `MATCH (d:Dataset) RETURN d.id, d.kind, d.target, d.records, d.version,
			d.source, d.sha256, d.rows, d.options, d.loaded_at`, nil, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			d := graphmodel.Dataset{ID: sc.int(), Kind: sc.str(), Target: sc.str(), Records: sc.int(), Version: sc.int()}
			d.Source, d.SHA256, d.Rows = sc.str(), sc.str(), sc.int()
			opts := sc.str()
			if sc.err != nil {
				return sc.err
			}
			if err := json.Unmarshal([]byte(opts), &d.Options); err != nil {
				return graphmodel.WrapError(graphmodel.EINTERNAL, err, "dataset %d has unreadable options", d.ID)
			}
			if len(d.Options) == 0 {
				d.Options = nil
			}
			at, ok := rec.Values[sc.i].(time.Time)
			if !ok {
				return badValue(rec, sc.i, "a date-time")
			}
			d.LoadedAt = at.UTC()
			out = append(out, d)
			return nil
		})
		slices.SortFunc(out, func(a, b graphmodel.Dataset) int { return cmp.Compare(a.ID, b.ID) })
		return out, err
	})
}

// Classifications returns every classification ordered by name, with its
// number of industries.
func (s *Store) Classifications(ctx context.Context) ([]graphmodel.Classification, error) {
	return readTx(ctx, s, "listing classifications", func(tx neo4j.ManagedTransaction) ([]graphmodel.Classification, error) {
		var out []graphmodel.Classification
		err := each(ctx, tx, `MATCH (c:Classification)
			RETURN c.name, c.levels, COUNT { MATCH (i:Industry {classification: c.name}) }`, nil, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			c := graphmodel.Classification{Name: sc.str(), Levels: sc.strs(), Industries: int(sc.int())}
			out = append(out, c)
			return sc.err
		})
		slices.SortFunc(out, func(a, b graphmodel.Classification) int { return strings.Compare(a.Name, b.Name) })
		return out, err
	})
}

// Industries returns a classification's industries ordered by level, then code.
func (s *Store) Industries(ctx context.Context, classification string) ([]graphmodel.Industry, error) {
	what := fmt.Sprintf("listing the industries of %q", classification)
	return readTx(ctx, s, what, func(tx neo4j.ManagedTransaction) ([]graphmodel.Industry, error) {
		var out []graphmodel.Industry
		err := each(ctx, tx, `MATCH (i:Industry {classification: $c}) RETURN i.code, i.name, i.parent, i.level`,
			map[string]any{"c": classification}, func(rec *neo4j.Record) error {
				ind, err := scanIndustry(rec, classification)
				out = append(out, ind)
				return err
			})
		if err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return nil, classificationExists(ctx, tx, classification)
		}
		slices.SortFunc(out, func(a, b graphmodel.Industry) int {
			return cmp.Or(cmp.Compare(a.Level, b.Level), strings.Compare(a.Code, b.Code))
		})
		return out, nil
	})
}

func scanIndustry(rec *neo4j.Record, classification string) (graphmodel.Industry, error) {
	sc := scanner{rec: rec}
	ind := graphmodel.Industry{Classification: classification, Code: sc.str(), Name: sc.str(), Parent: sc.str(), Level: int(sc.int())}
	return ind, sc.err
}

// Industry returns one industry of a classification.
func (s *Store) Industry(ctx context.Context, classification, code string) (graphmodel.Industry, error) {
	return readTx(ctx, s, "looking up an industry", func(tx neo4j.ManagedTransaction) (graphmodel.Industry, error) {
		var out []graphmodel.Industry
		err := each(ctx, tx, `MATCH (i:Industry {classification: $c, code: $code}) RETURN i.code, i.name, i.parent, i.level`,
			map[string]any{"c": classification, "code": code}, func(rec *neo4j.Record) error {
				ind, err := scanIndustry(rec, classification)
				out = append(out, ind)
				return err
			})
		if err != nil {
			return graphmodel.Industry{}, err
		}
		if len(out) == 0 {
			if err := classificationExists(ctx, tx, classification); err != nil {
				return graphmodel.Industry{}, err
			}
			return graphmodel.Industry{}, graphmodel.Errorf(graphmodel.ENOTFOUND,
				"industry %q not found in classification %q", code, classification)
		}
		return out[0], nil
	})
}

// classificationExists returns nil if the classification exists, ENOTFOUND
// listing the known ones otherwise.
func classificationExists(ctx context.Context, tx neo4j.ManagedTransaction, name string) error {
	rec, err := single(ctx, tx, `OPTIONAL MATCH (c:Classification {name: $c}) RETURN c IS NOT NULL`, map[string]any{"c": name})
	if err != nil {
		return err
	}
	if ok, err := getBool(rec, 0); err != nil || ok {
		return err
	}
	known, err := strings1(ctx, tx, `MATCH (c:Classification) RETURN c.name`, nil)
	if err != nil {
		return err
	}
	slices.Sort(known)
	return graphmodel.Errorf(graphmodel.ENOTFOUND, "classification %q not found; classifications: %s", name, graphmodel.ListOrNone(known))
}

const layerColumns = `l.name, l.period, l.kind, l.classification, l.directed, l.method, l.threshold,
	coalesce(l.evidence, false), l.links, l.nodes, l.dataset, l.version`

func scanLayer(rec *neo4j.Record) (graphmodel.Layer, error) {
	sc := scanner{rec: rec}
	ly := graphmodel.Layer{Name: sc.str(), Period: sc.str(), Kind: graphmodel.LayerKind(sc.str()), Classification: sc.str(),
		Directed: sc.bool(), Method: sc.str(), Threshold: sc.float(), Evidence: sc.bool(), Links: int(sc.int()), Nodes: int(sc.int()),
		Dataset: sc.int(), Version: sc.int()}
	return ly, sc.err
}

// Layers returns every layer ordered by name, then period.
func (s *Store) Layers(ctx context.Context) ([]graphmodel.Layer, error) {
	return readTx(ctx, s, "listing layers", func(tx neo4j.ManagedTransaction) ([]graphmodel.Layer, error) {
		var out []graphmodel.Layer
		err := each(ctx, tx, `MATCH (l:Layer) RETURN `+layerColumns, nil, func(rec *neo4j.Record) error {
			ly, err := scanLayer(rec)
			out = append(out, ly)
			return err
		})
		slices.SortFunc(out, func(a, b graphmodel.Layer) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Period, b.Period))
		})
		return out, err
	})
}

// Layer returns one layer; period "" selects the latest (largest) period.
func (s *Store) Layer(ctx context.Context, name, period string) (graphmodel.Layer, error) {
	return readTx(ctx, s, "looking up a layer", func(tx neo4j.ManagedTransaction) (graphmodel.Layer, error) {
		return findLayer(ctx, tx, name, period)
	})
}

// findLayer returns the current version of a layer, or ENOTFOUND naming what
// exists.
func findLayer(ctx context.Context, tx neo4j.ManagedTransaction, name, period string) (graphmodel.Layer, error) {
	var all []graphmodel.Layer
	err := each(ctx, tx, `MATCH (l:Layer {name: $name}) RETURN `+layerColumns, map[string]any{"name": name}, func(rec *neo4j.Record) error {
		ly, err := scanLayer(rec)
		all = append(all, ly)
		return err
	})
	if err != nil {
		return graphmodel.Layer{}, err
	}
	slices.SortFunc(all, func(a, b graphmodel.Layer) int { return strings.Compare(a.Period, b.Period) })
	if len(all) > 0 {
		if period == "" {
			return all[len(all)-1], nil
		}
		periods := make([]string, len(all))
		for i, ly := range all {
			if ly.Period == period {
				return ly, nil
			}
			periods[i] = ly.Period
		}
		return graphmodel.Layer{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "layer %q has no period %q; periods: %s", name, period, graphmodel.ListOrNone(periods))
	}
	names, err := strings1(ctx, tx, `MATCH (l:Layer) RETURN DISTINCT l.name`, nil)
	if err != nil {
		return graphmodel.Layer{}, err
	}
	slices.Sort(names)
	return graphmodel.Layer{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "layer %q not found; layers: %s", name, graphmodel.ListOrNone(names))
}

// stillCurrent reports whether the version with dataset id is still the
// current one (label Layer or RegionalSet). Its data are deleted only after
// it stops being current, so a read followed by a true stillCurrent saw all
// of them. The test hook "read" runs first.
func (s *Store) stillCurrent(ctx context.Context, tx neo4j.ManagedTransaction, label string, dataset int64) (bool, error) {
	if s.testHook != nil {
		if err := s.testHook("read"); err != nil {
			return false, err
		}
	}
	rec, err := single(ctx, tx, `OPTIONAL MATCH (x:`+label+` {dataset: $id}) RETURN x IS NOT NULL`, map[string]any{"id": dataset})
	if err != nil {
		return false, err
	}
	return getBool(rec, 0)
}

// consistentRead runs read until it reports that it saw one version, at
// most readAttempts times.
func consistentRead[T any](ctx context.Context, s *Store, what string, read func(tx neo4j.ManagedTransaction) (T, bool, error)) (T, error) {
	type res struct {
		v  T
		ok bool
	}
	for range readAttempts {
		r, err := readTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (res, error) {
			v, ok, err := read(tx)
			return res{v, ok}, err
		})
		if err != nil || r.ok {
			return r.v, err
		}
	}
	var zero T
	return zero, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "%s failed: the data was replaced %d times while being read; try again", what, readAttempts)
}

// Links calls fn for every link of a layer, ordered by (From, To). The links
// are read into memory first, so that they all come from one version even
// when the layer is reloaded meanwhile; fn runs outside any transaction and
// its first error is returned unchanged.
func (s *Store) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	links, err := consistentRead(ctx, s, fmt.Sprintf("reading the links of layer %q", name), func(tx neo4j.ManagedTransaction) ([]graphmodel.Link, bool, error) {
		ly, err := findLayer(ctx, tx, name, period)
		if err != nil {
			return nil, false, err
		}
		out := make([]graphmodel.Link, 0, ly.Links)
		codes := map[string]string{} // one copy of each code string
		intern := func(c string) string {
			if v, ok := codes[c]; ok {
				return v
			}
			codes[c] = c
			return c
		}
		err = each(ctx, tx, `MATCH ()-[r:`+linkType[ly.Kind]+`]->() WHERE r.dataset = $id
			RETURN startNode(r).code, endNode(r).code, r.count, r.value, coalesce(r.p, 0.0), coalesce(r.q, 0.0)`, map[string]any{"id": ly.Dataset}, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			k := graphmodel.Link{From: intern(sc.str()), To: intern(sc.str()), Count: sc.float(), Value: sc.float(), PValue: sc.float(), QValue: sc.float()}
			out = append(out, k)
			return sc.err
		})
		if err != nil {
			return nil, false, err
		}
		ok, err := s.stillCurrent(ctx, tx, layerLabels.current, ly.Dataset)
		if err == nil && ok && len(out) != ly.Links {
			err = graphmodel.Errorf(graphmodel.EINTERNAL, "layer %q has %d links in Neo4j, but its Layer node says %d", ly.Key(), len(out), ly.Links)
		}
		return out, ok, err
	})
	if err != nil {
		return err
	}
	slices.SortFunc(links, func(a, b graphmodel.Link) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
	})
	for _, k := range links {
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

// Neighbours returns the industries linked to q.Code on a layer, ordered by
// Value descending, then code. Both directions are merged first (Count summed,
// Value the maximum, Direction "out", "in" or "both"; always "both" on
// undirected layers); then neighbours whose merged Value is not above the
// minimum (q.Min, or the layer's Threshold) are dropped and q.Top applied.
func (s *Store) Neighbours(ctx context.Context, q graphmodel.NeighbourQuery) ([]graphmodel.Neighbour, error) {
	if q.Top < 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "top must not be negative, got %d", q.Top)
	}
	if q.Min != nil && math.IsNaN(*q.Min) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "min must be a number, got NaN")
	}
	what := fmt.Sprintf("finding the neighbours of %q", q.Code)
	return consistentRead(ctx, s, what, func(tx neo4j.ManagedTransaction) ([]graphmodel.Neighbour, bool, error) {
		ly, err := findLayer(ctx, tx, q.Layer, q.Period)
		if err != nil {
			return nil, false, err
		}
		minValue := ly.Threshold
		if q.Min != nil {
			minValue = *q.Min
		}
		limit := int64(math.MaxInt64)
		if q.Top > 0 {
			limit = int64(q.Top)
		}
		var out []graphmodel.Neighbour
		err = each(ctx, tx, `MATCH (f:Industry {classification: $c, code: $code})-[r:`+linkType[ly.Kind]+`]-(o:Industry)
			WHERE r.dataset = $id AND o <> f
			WITH o, sum(r.count) AS cnt, max(r.value) AS val,
				sum(CASE WHEN startNode(r) = f THEN 1 ELSE 2 END) AS dir,
				min(coalesce(r.p, 0.0)) AS p, min(coalesce(r.q, 0.0)) AS q
			WHERE val > $min
			RETURN o.code, o.name, o.parent, o.level, cnt, val, dir, p, q
			ORDER BY val DESC, o.code LIMIT $limit`,
			map[string]any{"c": ly.Classification, "code": q.Code, "id": ly.Dataset, "min": minValue, "limit": limit},
			func(rec *neo4j.Record) error {
				sc := scanner{rec: rec}
				n := graphmodel.Neighbour{Industry: graphmodel.Industry{Classification: ly.Classification,
					Code: sc.str(), Name: sc.str(), Parent: sc.str(), Level: int(sc.int())}, Count: sc.float(), Value: sc.float()}
				dir := sc.int()
				n.Direction = graphmodel.NeighbourDirection(ly.Directed, dir&1 != 0, dir&2 != 0)
				if p, q := sc.float(), sc.float(); ly.Evidence {
					n.PValue, n.QValue = &p, &q
				}
				out = append(out, n)
				return sc.err
			})
		if err != nil {
			return nil, false, err
		}
		if len(out) == 0 {
			rec, err := single(ctx, tx, `OPTIONAL MATCH (f:Industry {classification: $c, code: $code}) RETURN f IS NOT NULL`,
				map[string]any{"c": ly.Classification, "code": q.Code})
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
		}
		slices.SortStableFunc(out, func(a, b graphmodel.Neighbour) int {
			return cmp.Or(cmp.Compare(b.Value, a.Value), strings.Compare(a.Code, b.Code))
		})
		ok, err := s.stillCurrent(ctx, tx, layerLabels.current, ly.Dataset)
		return out, ok, err
	})
}

// Regions returns every region ordered by id.
func (s *Store) Regions(ctx context.Context) ([]graphmodel.Region, error) {
	return readTx(ctx, s, "listing regions", func(tx neo4j.ManagedTransaction) ([]graphmodel.Region, error) {
		var out []graphmodel.Region
		err := each(ctx, tx, `MATCH (g:Region) RETURN g.id, g.name`, nil, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			out = append(out, graphmodel.Region{ID: sc.str(), Name: sc.str()})
			return sc.err
		})
		slices.SortFunc(out, func(a, b graphmodel.Region) int { return strings.Compare(a.ID, b.ID) })
		return out, err
	})
}

func compareSets(a, b graphmodel.RegionalSet) int {
	return cmp.Or(strings.Compare(string(a.Measure), string(b.Measure)),
		strings.Compare(a.Classification, b.Classification), strings.Compare(a.Period, b.Period))
}

func regionalSets(ctx context.Context, tx neo4j.ManagedTransaction) ([]graphmodel.RegionalSet, error) {
	var out []graphmodel.RegionalSet
	err := each(ctx, tx, `MATCH (s:RegionalSet) RETURN s.measure, s.classification, s.period`, nil, func(rec *neo4j.Record) error {
		sc := scanner{rec: rec}
		out = append(out, graphmodel.RegionalSet{Measure: graphmodel.Measure(sc.str()), Classification: sc.str(), Period: sc.str()})
		return sc.err
	})
	slices.SortFunc(out, compareSets)
	return out, err
}

// RegionalSets returns every regional set ordered by measure, classification
// and period.
func (s *Store) RegionalSets(ctx context.Context) ([]graphmodel.RegionalSet, error) {
	return readTx(ctx, s, "listing regional sets", func(tx neo4j.ManagedTransaction) ([]graphmodel.RegionalSet, error) {
		return regionalSets(ctx, tx)
	})
}

// RegionalValues returns the values of one set ordered by region, then
// industry code, all from one version of the set.
func (s *Store) RegionalValues(ctx context.Context, set graphmodel.RegionalSet) ([]graphmodel.RegionalValue, error) {
	key := set.Key()
	return consistentRead(ctx, s, fmt.Sprintf("reading regional set %q", key), func(tx neo4j.ManagedTransaction) ([]graphmodel.RegionalValue, bool, error) {
		var ids []int64
		err := each(ctx, tx, `MATCH (s:RegionalSet {key: $key}) RETURN s.dataset`, map[string]any{"key": key}, func(rec *neo4j.Record) error {
			id, err := getInt(rec, 0)
			ids = append(ids, id)
			return err
		})
		if err != nil {
			return nil, false, err
		}
		typ, known := valueType[set.Measure]
		if len(ids) == 0 || !known {
			sets, err := regionalSets(ctx, tx)
			if err != nil {
				return nil, false, err
			}
			keys := make([]string, len(sets))
			for i, st := range sets {
				keys[i] = st.Key()
			}
			return nil, false, graphmodel.Errorf(graphmodel.ENOTFOUND, "regional set %q not found; sets: %s", key, graphmodel.ListOrNone(keys))
		}
		var out []graphmodel.RegionalValue
		err = each(ctx, tx, `MATCH ()-[r:`+typ+`]->() WHERE r.dataset = $id
			RETURN startNode(r).id, endNode(r).code, r.value`, map[string]any{"id": ids[0]}, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			out = append(out, graphmodel.RegionalValue{Region: sc.str(), Industry: sc.str(), Value: sc.float()})
			return sc.err
		})
		if err != nil {
			return nil, false, err
		}
		slices.SortFunc(out, func(a, b graphmodel.RegionalValue) int {
			return cmp.Or(strings.Compare(a.Region, b.Region), strings.Compare(a.Industry, b.Industry))
		})
		ok, err := s.stillCurrent(ctx, tx, setLabels.current, ids[0])
		return out, ok, err
	})
}
