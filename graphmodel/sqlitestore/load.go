package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// insertBatch is the number of rows per multi-row INSERT in bulk loads.
const insertBatch = 128

// LoadIndustries replaces the industries of one classification (creating it
// if needed) in one transaction. Codes that disappear must not be used by a
// stored layer or regional set (ECONFLICT otherwise).
func (s *Store) LoadIndustries(ctx context.Context, l graphmodel.IndustriesLoad) (graphmodel.Dataset, error) {
	if err := s.check(); err != nil {
		return graphmodel.Dataset{}, err
	}
	name := l.Classification.Name
	if err := l.Validate(); err != nil {
		return graphmodel.Dataset{}, err
	}
	levels, err := json.Marshal(nonNil(l.Classification.Levels))
	if err != nil {
		return graphmodel.Dataset{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the levels of %q failed", name)
	}
	what := fmt.Sprintf("loading the industries of classification %q", name)
	var ds graphmodel.Dataset
	return written(&ds, s.write(ctx, what, func(tx *sql.Tx) error {
		var cid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM classifications WHERE name = ?`, name).Scan(&cid)
		switch {
		case err == sql.ErrNoRows:
			res, err := tx.ExecContext(ctx, `INSERT INTO classifications (name, levels) VALUES (?, ?)`, name, string(levels))
			if err != nil {
				return err
			}
			if cid, err = res.LastInsertId(); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := checkRemovals(ctx, tx, cid, l); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE classifications SET levels = ? WHERE id = ?`, string(levels), cid); err != nil {
				return err
			}
		}
		up, err := tx.PrepareContext(ctx, `INSERT INTO industries (classification_id, code, name, parent, level)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (classification_id, code) DO UPDATE
			SET name = excluded.name, parent = excluded.parent, level = excluded.level`)
		if err != nil {
			return err
		}
		defer up.Close()
		old, err := codeIDs(ctx, tx, cid)
		if err != nil {
			return err
		}
		for _, ind := range l.Industries {
			if _, err := up.ExecContext(ctx, cid, ind.Code, ind.Name, ind.Parent, ind.Level); err != nil {
				return err
			}
			delete(old, ind.Code)
		}
		// What is left of old is missing from the new list and, after
		// checkRemovals, unused.
		for _, id := range old {
			if _, err := tx.ExecContext(ctx, `DELETE FROM industries WHERE id = ?`, id); err != nil {
				return err
			}
		}
		if ds, err = s.replaceDataset(ctx, tx, graphmodel.DatasetIndustries, name, int64(len(l.Industries)), l.Provenance); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE classifications SET dataset_id = ? WHERE id = ?`, ds.ID, cid)
		return err
	}))
}

// checkRemovals returns ECONFLICT when codes of classification cid that are
// missing from l are used by a layer or a regional set.
func checkRemovals(ctx context.Context, tx *sql.Tx, cid int64, l graphmodel.IndustriesLoad) error {
	var uses []graphmodel.IndustryUse
	for _, query := range []string{
		`SELECT i.code, 'layer "' || l.name || '@' || l.period || '"'
		FROM layers l JOIN layer_nodes n ON n.layer_id = l.id JOIN industries i ON i.id = n.industry_id
		WHERE l.classification_id = ?`,
		`SELECT DISTINCT i.code, 'regional set "' || s.measure || ':' || c.name || '@' || s.period || '"'
		FROM regional_sets s JOIN classifications c ON c.id = s.classification_id
		JOIN regional_values v ON v.set_id = s.id JOIN industries i ON i.id = v.industry_id
		WHERE s.classification_id = ?`,
	} {
		rows, err := tx.QueryContext(ctx, query, cid)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u graphmodel.IndustryUse
			if err := rows.Scan(&u.Code, &u.User); err != nil {
				rows.Close()
				return err
			}
			uses = append(uses, u)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return l.CheckRemovals(uses)
}

// LoadLayer replaces the layer with the same name and period in one
// transaction, creating AddIndustries first.
func (s *Store) LoadLayer(ctx context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	if err := s.check(); err != nil {
		return graphmodel.Dataset{}, err
	}
	ly := l.Layer
	if err := l.Validate(); err != nil {
		return graphmodel.Dataset{}, err
	}
	key := ly.Key()
	what := fmt.Sprintf("loading layer %q", key)
	var ds graphmodel.Dataset
	var old int64 // id of the layer replaced, 0 if none
	err := s.write(ctx, what, func(tx *sql.Tx) error {
		cid, ids, err := classificationForLoad(ctx, tx, ly.Classification, l.NewIndustries)
		if err != nil {
			return err
		}
		if err := l.CheckCodes(func(c string) bool { _, ok := ids[c]; return ok }); err != nil {
			return err
		}
		links := idLinks(l.CanonicalLinks(), ids)
		if old, err = deleteLayer(ctx, tx, ly.Name, ly.Period); err != nil {
			return err
		}
		if ds, err = s.replaceDataset(ctx, tx, graphmodel.DatasetLayer, key, int64(len(links)), l.Provenance); err != nil {
			return err
		}
		nodes := distinctNodes(links)
		res, err := tx.ExecContext(ctx, `INSERT INTO layers
			(name, period, kind, classification_id, directed, method, threshold, evidence, links, nodes, dataset_id, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ly.Name, ly.Period, string(ly.Kind), cid, ly.Directed, ly.Method, ly.Threshold, ly.Evidence,
			len(links), len(nodes), ds.ID, ds.Version)
		if err != nil {
			return err
		}
		lid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if err := bulkInsert(ctx, tx, `INSERT INTO layer_nodes (layer_id, industry_id) VALUES `, 2, len(nodes), nil,
			func(i int, args []any) { args[0], args[1] = lid, nodes[i] }); err != nil {
			return err
		}
		table := linksTable(lid)
		// Undirected layers store each pair once, with src's code < dst's code.
		if _, err := tx.ExecContext(ctx, `CREATE TABLE `+table+` (
			src   INTEGER NOT NULL,
			dst   INTEGER NOT NULL,
			count REAL NOT NULL,
			value REAL NOT NULL,
			p     REAL NOT NULL DEFAULT 0,
			q     REAL NOT NULL DEFAULT 0,
			PRIMARY KEY (src, dst)
		) WITHOUT ROWID`); err != nil {
			return err
		}
		if err := bulkInsert(ctx, tx, `INSERT INTO `+table+` (src, dst, count, value, p, q) VALUES `, 6, len(links),
			s.testHookLinks,
			func(i int, args []any) {
				k := &links[i]
				args[0], args[1], args[2], args[3], args[4], args[5] = k.src, k.dst, k.count, k.value, k.p, k.q
			}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `CREATE INDEX `+table+`_in ON `+table+` (dst)`)
		return err
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	if old != 0 {
		s.forget(old)
	}
	return ds, nil
}

// classificationForLoad returns the id of the named classification and the
// ids of its codes, after adding the industries that plan (a load's
// NewIndustries) returns for it. An unknown classification is created,
// without levels, when plan allows it.
func classificationForLoad(ctx context.Context, tx *sql.Tx, name string,
	plan func(graphmodel.StoredClassification) ([]graphmodel.Industry, error)) (int64, map[string]int64, error) {
	var cid int64
	var ids map[string]int64
	st := graphmodel.StoredClassification{Codes: map[string]bool{}}
	err := tx.QueryRowContext(ctx, `SELECT id FROM classifications WHERE name = ?`, name).Scan(&cid)
	switch {
	case err == sql.ErrNoRows:
		if st.Names, err = strings1(ctx, tx, `SELECT name FROM classifications`); err != nil {
			return 0, nil, err
		}
		ids = map[string]int64{}
	case err != nil:
		return 0, nil, err
	default:
		st.Exists = true
		if ids, err = codeIDs(ctx, tx, cid); err != nil {
			return 0, nil, err
		}
		for c := range ids {
			st.Codes[c] = true
		}
	}
	add, err := plan(st)
	if err != nil {
		return 0, nil, err
	}
	if !st.Exists {
		res, err := tx.ExecContext(ctx, `INSERT INTO classifications (name, levels) VALUES (?, '[]')`, name)
		if err != nil {
			return 0, nil, err
		}
		if cid, err = res.LastInsertId(); err != nil {
			return 0, nil, err
		}
	}
	if len(add) == 0 {
		return cid, ids, nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO industries (classification_id, code, name, parent, level) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, nil, err
	}
	defer ins.Close()
	for _, ind := range add {
		res, err := ins.ExecContext(ctx, cid, ind.Code, ind.Name, ind.Parent, ind.Level)
		if err != nil {
			return 0, nil, err
		}
		if ids[ind.Code], err = res.LastInsertId(); err != nil {
			return 0, nil, err
		}
	}
	return cid, ids, nil
}

// codeIDs maps the codes of a classification to their row ids.
func codeIDs(ctx context.Context, tx *sql.Tx, cid int64) (map[string]int64, error) {
	return queryMap[string, int64](ctx, tx, `SELECT code, id FROM industries WHERE classification_id = ?`, cid)
}

type idLink struct {
	src, dst     int64
	count, value float64
	p, q         float64
}

// idLinks maps the codes of canonical links to their ids (all known) and
// sorts the links by (src, dst), the order of a layer's links table.
func idLinks(in []graphmodel.Link, ids map[string]int64) []idLink {
	out := make([]idLink, len(in))
	for i, k := range in {
		out[i] = idLink{src: ids[k.From], dst: ids[k.To], count: k.Count, value: k.Value, p: k.PValue, q: k.QValue}
	}
	slices.SortFunc(out, func(a, b idLink) int { return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.dst, b.dst)) })
	return out
}

// distinctNodes returns the sorted distinct industry ids of links.
func distinctNodes(links []idLink) []int64 {
	seen := make(map[int64]bool)
	var nodes []int64
	for _, k := range links {
		for _, id := range [2]int64{k.src, k.dst} {
			if !seen[id] {
				seen[id] = true
				nodes = append(nodes, id)
			}
		}
	}
	slices.Sort(nodes)
	return nodes
}

// linksTable is the name of the table holding the links of layer id.
func linksTable(id int64) string { return fmt.Sprintf("links_%d", id) }

// deleteLayer deletes a layer, its links and its dataset, if it exists, and
// returns its id (0 if there was none).
func deleteLayer(ctx context.Context, tx *sql.Tx, name, period string) (int64, error) {
	var lid, did int64
	err := tx.QueryRowContext(ctx, `SELECT id, dataset_id FROM layers WHERE name = ? AND period = ?`, name, period).Scan(&lid, &did)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+linksTable(lid)); err != nil {
		return 0, err
	}
	for _, q := range []string{
		`DELETE FROM layer_nodes WHERE layer_id = ?`,
		`DELETE FROM layers WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, lid); err != nil {
			return 0, err
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM datasets WHERE id = ?`, did)
	return lid, err
}

// bulkInsert runs prefix followed by n rows of width placeholders, in
// multi-row statements of insertBatch rows. fill sets the arguments of row i.
// halfway, if not nil, is called once after half of the rows are inserted.
func bulkInsert(ctx context.Context, tx *sql.Tx, prefix string, width, n int, halfway func(), fill func(i int, args []any)) error {
	if n == 0 {
		return nil
	}
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	stmtFor := func(rows int) (*sql.Stmt, error) {
		return tx.PrepareContext(ctx, prefix+strings.Repeat(row+", ", rows-1)+row)
	}
	full := min(n, insertBatch)
	stmt, err := stmtFor(full)
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, width*full)
	half := n / 2
	for start := 0; start < n; start += full {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows := min(full, n-start)
		if rows < full {
			if stmt, err = stmtFor(rows); err != nil {
				return err
			}
			defer stmt.Close()
			args = args[:width*rows]
		}
		for r := range rows {
			fill(start+r, args[r*width:(r+1)*width])
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
		if halfway != nil && start < half && start+rows >= half {
			halfway()
		}
	}
	return nil
}

// LoadRegional replaces one set of regional values in one transaction,
// upserting its regions and creating AddIndustries first.
func (s *Store) LoadRegional(ctx context.Context, l graphmodel.RegionalLoad) (graphmodel.Dataset, error) {
	if err := s.ready(l); err != nil {
		return graphmodel.Dataset{}, err
	}
	set := l.Set
	key := set.Key()
	what := fmt.Sprintf("loading regional set %q", key)
	var ds graphmodel.Dataset
	return written(&ds, s.write(ctx, what, func(tx *sql.Tx) error {
		cid, ids, err := classificationForLoad(ctx, tx, set.Classification, l.NewIndustries)
		if err != nil {
			return err
		}
		regions, err := regionSet(ctx, tx)
		if err != nil {
			return err
		}
		if err := l.CheckCodes(func(c string) bool { _, ok := ids[c]; return ok }, func(id string) bool { return regions[id] }); err != nil {
			return err
		}
		up, err := tx.PrepareContext(ctx, `INSERT INTO regions (id, name) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name`)
		if err != nil {
			return err
		}
		defer up.Close()
		for _, r := range l.Regions {
			if _, err := up.ExecContext(ctx, r.ID, r.Name); err != nil {
				return err
			}
		}
		var sid, did int64
		err = tx.QueryRowContext(ctx, `SELECT id, dataset_id FROM regional_sets WHERE measure = ? AND classification_id = ? AND period = ?`,
			string(set.Measure), cid, set.Period).Scan(&sid, &did)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return err
		default:
			for _, q := range []string{`DELETE FROM regional_values WHERE set_id = ?`, `DELETE FROM regional_sets WHERE id = ?`} {
				if _, err := tx.ExecContext(ctx, q, sid); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM datasets WHERE id = ?`, did); err != nil {
				return err
			}
		}
		if ds, err = s.replaceDataset(ctx, tx, graphmodel.DatasetRegional, key, int64(len(l.Values)), l.Provenance); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO regional_sets (measure, classification_id, period, dataset_id) VALUES (?, ?, ?, ?)`,
			string(set.Measure), cid, set.Period, ds.ID)
		if err != nil {
			return err
		}
		if sid, err = res.LastInsertId(); err != nil {
			return err
		}
		return bulkInsert(ctx, tx, `INSERT INTO regional_values (set_id, region_id, industry_id, value) VALUES `, 4, len(l.Values), nil,
			func(i int, args []any) {
				v := &l.Values[i]
				args[0], args[1], args[2], args[3] = sid, v.Region, ids[v.Industry], v.Value
			})
	}))
}

// replaceDataset bumps the store version, drops the persisted snapshots, deletes the dataset of the same
// kind and target (if any; the caller has removed what referenced it) and
// inserts the new one.
func (s *Store) replaceDataset(ctx context.Context, tx *sql.Tx, kind, target string, records int64, p graphmodel.Provenance) (graphmodel.Dataset, error) {
	var version int64
	if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value`).Scan(&version); err != nil {
		return graphmodel.Dataset{}, err
	}
	// Derived data of the old version can never be served again.
	if _, err := tx.ExecContext(ctx, `DELETE FROM snapshots`); err != nil {
		return graphmodel.Dataset{}, err
	}
	if kind == graphmodel.DatasetIndustries {
		if _, err := tx.ExecContext(ctx, `UPDATE classifications SET dataset_id = NULL WHERE name = ?`, target); err != nil {
			return graphmodel.Dataset{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM datasets WHERE kind = ? AND target = ?`, kind, target); err != nil {
		return graphmodel.Dataset{}, err
	}
	p = p.AsStored(time.Now())
	opts, err := json.Marshal(nonNilMap(p.Options))
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO datasets (kind, target, records, version, source, sha256, rows, options, loaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		kind, target, records, version, p.Source, p.SHA256, p.Rows, string(opts), p.LoadedAt.Format(time.RFC3339Nano))
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return graphmodel.Dataset{ID: id, Kind: kind, Target: target, Records: records, Version: version, Provenance: p}, nil
}

// write runs fn in one IMMEDIATE transaction, serialised with the other
// loads of this Store, and commits when fn returns nil.
func (s *Store) write(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, err, what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.fail(ctx, err, what)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, err, what)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// strings1 returns the single string column of a query.
func strings1(ctx context.Context, q rowQuerier, query string, args ...any) ([]string, error) {
	return queryAll(ctx, q, scanOne[string], query, args...)
}
