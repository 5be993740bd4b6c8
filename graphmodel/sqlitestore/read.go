package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// Datasets returns every dataset, oldest first.
func (s *Store) Datasets(ctx context.Context) ([]graphmodel.Dataset, error) {
	return list(ctx, s, "listing datasets", func(sc rowScanner) (graphmodel.Dataset, error) {
		var d graphmodel.Dataset
		var opts, at string
		err := sc.Scan(&d.ID, &d.Kind, &d.Target, &d.Records, &d.Version, &d.Source, &d.SHA256, &d.Rows, &opts, &at)
		if err != nil {
			return d, err
		}
		if err := json.Unmarshal([]byte(opts), &d.Options); err != nil {
			return d, graphmodel.WrapError(graphmodel.EINTERNAL, err, "dataset %d has unreadable options", d.ID)
		}
		if len(d.Options) == 0 {
			d.Options = nil
		}
		if d.LoadedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return d, graphmodel.WrapError(graphmodel.EINTERNAL, err, "dataset %d has an unreadable load time", d.ID)
		}
		return d, nil
	}, `SELECT id, kind, target, records, version, source, sha256, rows, options, loaded_at
		FROM datasets ORDER BY id`)
}

// Classifications returns every classification ordered by name, with its
// number of industries.
func (s *Store) Classifications(ctx context.Context) ([]graphmodel.Classification, error) {
	return list(ctx, s, "listing classifications", func(sc rowScanner) (graphmodel.Classification, error) {
		var c graphmodel.Classification
		var levels string
		if err := sc.Scan(&c.Name, &levels, &c.Industries); err != nil {
			return c, err
		}
		if err := json.Unmarshal([]byte(levels), &c.Levels); err != nil {
			return c, graphmodel.WrapError(graphmodel.EINTERNAL, err, "classification %q has unreadable levels", c.Name)
		}
		c.Levels = nonNil(c.Levels)
		return c, nil
	}, `SELECT c.name, c.levels,
		(SELECT count(*) FROM industries i WHERE i.classification_id = c.id)
		FROM classifications c ORDER BY c.name`)
}

// Industries returns a classification's industries ordered by level, then code.
func (s *Store) Industries(ctx context.Context, classification string) ([]graphmodel.Industry, error) {
	what := fmt.Sprintf("listing the industries of %q", classification)
	out, err := list(ctx, s, what, func(sc rowScanner) (graphmodel.Industry, error) {
		ind := graphmodel.Industry{Classification: classification}
		err := sc.Scan(&ind.Code, &ind.Name, &ind.Parent, &ind.Level)
		return ind, err
	}, `SELECT i.code, i.name, i.parent, i.level
		FROM industries i JOIN classifications c ON c.id = i.classification_id
		WHERE c.name = ? ORDER BY i.level, i.code`, classification)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		if err := s.classificationExists(ctx, s.db, classification); err != nil {
			return nil, s.fail(ctx, err, what)
		}
	}
	return out, nil
}

// Industry returns one industry of a classification.
func (s *Store) Industry(ctx context.Context, classification, code string) (graphmodel.Industry, error) {
	if err := s.check(); err != nil {
		return graphmodel.Industry{}, err
	}
	ind := graphmodel.Industry{Classification: classification}
	err := s.db.QueryRowContext(ctx, `SELECT i.code, i.name, i.parent, i.level
		FROM industries i JOIN classifications c ON c.id = i.classification_id
		WHERE c.name = ? AND i.code = ?`, classification, code).Scan(&ind.Code, &ind.Name, &ind.Parent, &ind.Level)
	if err == sql.ErrNoRows {
		if err := s.classificationExists(ctx, s.db, classification); err != nil {
			return graphmodel.Industry{}, s.fail(ctx, err, "looking up an industry")
		}
		return graphmodel.Industry{}, graphmodel.Errorf(graphmodel.ENOTFOUND,
			"industry %q not found in classification %q", code, classification)
	}
	if err != nil {
		return graphmodel.Industry{}, s.fail(ctx, err, "looking up an industry")
	}
	return ind, nil
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// classificationExists returns nil if the classification exists, ENOTFOUND
// listing the known ones otherwise.
func (s *Store) classificationExists(ctx context.Context, q querier, name string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM classifications WHERE name = ?`, name).Scan(&one)
	if err != sql.ErrNoRows {
		return err
	}
	known, err := strings1(ctx, q, `SELECT name FROM classifications ORDER BY name`)
	if err != nil {
		return err
	}
	return graphmodel.Errorf(graphmodel.ENOTFOUND, "classification %q not found; classifications: %s", name, graphmodel.ListOrNone(known))
}

const layerColumns = `l.id, l.name, l.period, l.kind, c.name, l.directed, l.method, l.threshold, l.evidence,
	l.links, l.nodes, l.dataset_id, l.version, l.classification_id
	FROM layers l JOIN classifications c ON c.id = l.classification_id`

type layerRow struct {
	graphmodel.Layer
	id, cid int64
}

func scanLayer(sc rowScanner) (layerRow, error) {
	var r layerRow
	var kind string
	err := sc.Scan(&r.id, &r.Name, &r.Period, &kind, &r.Classification, &r.Directed, &r.Method, &r.Threshold, &r.Evidence,
		&r.Links, &r.Nodes, &r.Dataset, &r.Version, &r.cid)
	r.Kind = graphmodel.LayerKind(kind)
	return r, err
}

// Layers returns every layer ordered by name, then period.
func (s *Store) Layers(ctx context.Context) ([]graphmodel.Layer, error) {
	return list(ctx, s, "listing layers", func(sc rowScanner) (graphmodel.Layer, error) {
		r, err := scanLayer(sc)
		return r.Layer, err
	}, `SELECT `+layerColumns+` ORDER BY l.name, l.period`)
}

// Layer returns one layer; period "" selects the latest (largest) period.
func (s *Store) Layer(ctx context.Context, name, period string) (graphmodel.Layer, error) {
	if err := s.check(); err != nil {
		return graphmodel.Layer{}, err
	}
	r, err := s.findLayer(ctx, s.db, name, period)
	if err != nil {
		return graphmodel.Layer{}, s.fail(ctx, err, "looking up a layer")
	}
	return r.Layer, nil
}

// findLayer returns the layer row, or ENOTFOUND naming what exists.
func (s *Store) findLayer(ctx context.Context, q querier, name, period string) (layerRow, error) {
	var row *sql.Row
	if period == "" {
		row = q.QueryRowContext(ctx, `SELECT `+layerColumns+` WHERE l.name = ? ORDER BY l.period DESC LIMIT 1`, name)
	} else {
		row = q.QueryRowContext(ctx, `SELECT `+layerColumns+` WHERE l.name = ? AND l.period = ?`, name, period)
	}
	r, err := scanLayer(row)
	if err != sql.ErrNoRows {
		return r, err
	}
	periods, err := strings1(ctx, q, `SELECT period FROM layers WHERE name = ? ORDER BY period`, name)
	if err != nil {
		return r, err
	}
	if len(periods) > 0 {
		return r, graphmodel.Errorf(graphmodel.ENOTFOUND, "layer %q has no period %q; periods: %s", name, period, graphmodel.ListOrNone(periods))
	}
	names, err := strings1(ctx, q, `SELECT DISTINCT name FROM layers ORDER BY name`)
	if err != nil {
		return r, err
	}
	return r, graphmodel.Errorf(graphmodel.ENOTFOUND, "layer %q not found; layers: %s", name, graphmodel.ListOrNone(names))
}

// readTx runs fn in a read-only transaction, so that its queries see one
// snapshot of the database.
func (s *Store) readTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail(ctx, err, what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.fail(ctx, err, what)
	}
	return nil
}

// Links streams the links of a layer to fn in (source, target) row order;
// it returns the first error fn returns, unchanged.
func (s *Store) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	var cbErr error
	err := s.readTx(ctx, fmt.Sprintf("reading the links of layer %q", name), func(tx *sql.Tx) error {
		r, err := s.findLayer(ctx, tx, name, period)
		if err != nil {
			return err
		}
		codes, err := idCodes(ctx, tx, r.cid)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT src, dst, count, value, p, q FROM `+linksTable(r.id))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k graphmodel.Link
			var src, dst int64
			if err := rows.Scan(&src, &dst, &k.Count, &k.Value, &k.PValue, &k.QValue); err != nil {
				return err
			}
			var ok1, ok2 bool
			k.From, ok1 = codes[src]
			k.To, ok2 = codes[dst]
			if !ok1 || !ok2 {
				return graphmodel.Errorf(graphmodel.EINTERNAL, "layer %q links an industry that is not in classification %q", r.Key(), r.Classification)
			}
			if err := fn(k); err != nil {
				cbErr = err
				return nil
			}
		}
		return rows.Err()
	})
	if cbErr != nil {
		return cbErr
	}
	return err
}

// idCodes maps the row ids of a classification's industries to their codes.
func idCodes(ctx context.Context, tx *sql.Tx, cid int64) (map[int64]string, error) {
	return queryMap[int64, string](ctx, tx, `SELECT id, code FROM industries WHERE classification_id = ?`, cid)
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
	var out []graphmodel.Neighbour
	err := s.readTx(ctx, fmt.Sprintf("finding the neighbours of %q", q.Code), func(tx *sql.Tx) error {
		r, err := s.findLayer(ctx, cachedTx{s: s, tx: tx}, q.Layer, q.Period)
		if err != nil {
			return err
		}
		var focal int64
		err = cachedTx{s: s, tx: tx}.QueryRowContext(ctx, `SELECT id FROM industries WHERE classification_id = ? AND code = ?`, r.cid, q.Code).Scan(&focal)
		if err == sql.ErrNoRows {
			return graphmodel.Errorf(graphmodel.ENOTFOUND, "industry %q not found in classification %q of layer %q",
				q.Code, r.Classification, r.Key())
		}
		if err != nil {
			return err
		}
		minValue := r.Threshold
		if q.Min != nil {
			minValue = *q.Min
		}
		limit := int64(-1)
		if q.Top > 0 {
			limit = int64(q.Top)
		}
		table := linksTable(r.id)
		rows, err := cachedTx{s: s, tx: tx, tag: r.id}.QueryContext(ctx, `SELECT i.code, i.name, i.parent, i.level, n.cnt, n.val, n.dir, n.p, n.q
			FROM (
				SELECT other, sum(count) AS cnt, max(value) AS val, sum(d) AS dir, min(p) AS p, min(q) AS q FROM (
					SELECT dst AS other, count, value, p, q, 1 AS d FROM `+table+` WHERE src = ?1 AND dst <> ?1
					UNION ALL
					SELECT src AS other, count, value, p, q, 2 AS d FROM `+table+` WHERE dst = ?1 AND src <> ?1
				) GROUP BY other
			) n JOIN industries i ON i.id = n.other
			WHERE n.val > ?2
			ORDER BY n.val DESC, i.code
			LIMIT ?3`, focal, minValue, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n := graphmodel.Neighbour{Industry: graphmodel.Industry{Classification: r.Classification}}
			var dir int
			var p, q float64
			if err := rows.Scan(&n.Code, &n.Name, &n.Parent, &n.Level, &n.Count, &n.Value, &dir, &p, &q); err != nil {
				return err
			}
			if r.Evidence {
				n.PValue, n.QValue = &p, &q
			}
			n.Direction = graphmodel.NeighbourDirection(r.Directed, dir&1 != 0, dir&2 != 0)
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Regions returns every region ordered by id.
func (s *Store) Regions(ctx context.Context) ([]graphmodel.Region, error) {
	return list(ctx, s, "listing regions", func(sc rowScanner) (graphmodel.Region, error) {
		var r graphmodel.Region
		err := sc.Scan(&r.ID, &r.Name)
		return r, err
	}, `SELECT id, name FROM regions ORDER BY id`)
}

// RegionalSets returns every regional set ordered by measure, classification
// and period.
func (s *Store) RegionalSets(ctx context.Context) ([]graphmodel.RegionalSet, error) {
	return list(ctx, s, "listing regional sets", func(sc rowScanner) (graphmodel.RegionalSet, error) {
		var r graphmodel.RegionalSet
		var m string
		err := sc.Scan(&m, &r.Classification, &r.Period)
		r.Measure = graphmodel.Measure(m)
		return r, err
	}, `SELECT s.measure, c.name, s.period
		FROM regional_sets s JOIN classifications c ON c.id = s.classification_id
		ORDER BY s.measure, c.name, s.period`)
}

// RegionalValues returns the values of one set ordered by region, then
// industry code.
func (s *Store) RegionalValues(ctx context.Context, set graphmodel.RegionalSet) ([]graphmodel.RegionalValue, error) {
	var out []graphmodel.RegionalValue
	err := s.readTx(ctx, fmt.Sprintf("reading regional set %q", set.Key()), func(tx *sql.Tx) error {
		var sid int64
		err := tx.QueryRowContext(ctx, `SELECT s.id FROM regional_sets s JOIN classifications c ON c.id = s.classification_id
			WHERE s.measure = ? AND c.name = ? AND s.period = ?`, string(set.Measure), set.Classification, set.Period).Scan(&sid)
		if err == sql.ErrNoRows {
			keys, err := strings1(ctx, tx, `SELECT s.measure || ':' || c.name || '@' || s.period
				FROM regional_sets s JOIN classifications c ON c.id = s.classification_id
				ORDER BY s.measure, c.name, s.period`)
			if err != nil {
				return err
			}
			return graphmodel.Errorf(graphmodel.ENOTFOUND, "regional set %q not found; sets: %s", set.Key(), graphmodel.ListOrNone(keys))
		}
		if err != nil {
			return err
		}
		out, err = queryAll(ctx, tx, func(sc rowScanner) (graphmodel.RegionalValue, error) {
			var v graphmodel.RegionalValue
			err := sc.Scan(&v.Region, &v.Industry, &v.Value)
			return v, err
		}, `SELECT v.region_id, i.code, v.value
			FROM regional_values v JOIN industries i ON i.id = v.industry_id
			WHERE v.set_id = ? ORDER BY v.region_id, i.code`, sid)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
