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

// linkType is the relationship type of each layer kind. Relationship types
// cannot be query parameters; they come only from this table.
var linkType = map[graphmodel.LayerKind]string{
	graphmodel.KindFlows:        "FLOW",
	graphmodel.KindCoOccurrence: "CO_OCCURS",
	graphmodel.KindRelatedness:  "RELATED",
}

// valueType is the relationship type of each regional measure.
var valueType = map[graphmodel.Measure]string{
	graphmodel.MeasureEmployment:   "EMPLOYS",
	graphmodel.MeasurePatents:      "PATENTS",
	graphmodel.MeasurePublications: "PUBLISHES",
}

// versionedTypes are the relationship types that carry a dataset id.
var versionedTypes = []string{"FLOW", "CO_OCCURS", "RELATED", "EMPLOYS", "PATENTS", "PUBLISHES"}

// cleanupTimeout bounds the deletion of a replaced or failed version, which
// runs after the caller's context may have ended.
const cleanupTimeout = 5 * time.Minute

// ---- industries ----

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
	levels := l.Classification.Levels
	if levels == nil {
		levels = []string{}
	}
	codes := make([]any, len(l.Industries))
	rows := make([]any, len(l.Industries))
	for i, ind := range l.Industries {
		codes[i] = ind.Code
		rows[i] = industryRow(ind)
	}
	what := fmt.Sprintf("loading the industries of classification %q", name)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.collectGarbageBeforeLoad(ctx, what); err != nil {
		return graphmodel.Dataset{}, err
	}
	return writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (graphmodel.Dataset, error) {
		version, id, err := bumpVersion(ctx, tx, true)
		if err != nil {
			return graphmodel.Dataset{}, err
		}
		p := map[string]any{"c": name, "codes": codes, "levels": levels, "id": id}
		if err := checkRemovals(ctx, tx, l, codes); err != nil {
			return graphmodel.Dataset{}, err
		}
		if err := run(ctx, tx, `MERGE (c:Classification {name: $c}) SET c.levels = $levels, c.dataset = $id`, p); err != nil {
			return graphmodel.Dataset{}, err
		}
		for start := 0; start < len(rows); start += s.batch {
			if err := ctx.Err(); err != nil {
				return graphmodel.Dataset{}, err
			}
			p["rows"] = rows[start:min(start+s.batch, len(rows))]
			if err := run(ctx, tx, `UNWIND $rows AS r
				MERGE (i:Industry {classification: $c, code: r.code})
				SET i.name = r.name, i.level = r.level, i.parent = r.parent`, p); err != nil {
				return graphmodel.Dataset{}, err
			}
		}
		delete(p, "rows")
		// Codes missing from the new list are unused (checkRemovals); DELETE
		// without DETACH fails rather than drop links a concurrent load
		// has just staged on them.
		for _, q := range []string{
			`MATCH (i:Industry {classification: $c})-[p:PART_OF]->() DELETE p`,
			`MATCH (i:Industry {classification: $c}) WHERE NOT i.code IN $codes
				OPTIONAL MATCH (i)<-[p:PART_OF]-() DELETE p`,
			`MATCH (i:Industry {classification: $c}) WHERE NOT i.code IN $codes DELETE i`,
			`MATCH (i:Industry {classification: $c}) WHERE i.parent <> ''
				MATCH (p:Industry {classification: $c, code: i.parent})
				CREATE (i)-[:PART_OF]->(p)`,
		} {
			if err := run(ctx, tx, q, p); err != nil {
				return graphmodel.Dataset{}, err
			}
		}
		return replaceDataset(ctx, tx, id, version, graphmodel.DatasetIndustries, name, int64(len(l.Industries)), l.Provenance)
	})
}

func industryRow(ind graphmodel.Industry) map[string]any {
	return map[string]any{"code": ind.Code, "name": ind.Name, "parent": ind.Parent, "level": int64(ind.Level)}
}

// checkRemovals returns ECONFLICT when codes of the classification that are
// missing from codes (those of l) are used by a layer or a regional set.
func checkRemovals(ctx context.Context, tx neo4j.ManagedTransaction, l graphmodel.IndustriesLoad, codes []any) error {
	var uses []graphmodel.IndustryUse
	err := each(ctx, tx, `MATCH (i:Industry {classification: $c}) WHERE NOT i.code IN $codes
		MATCH (i)-[r:FLOW|CO_OCCURS|RELATED]-()
		RETURN DISTINCT i.code AS code, 'layer "' + r.layer + '@' + r.period + '"' AS user
		UNION
		MATCH (i:Industry {classification: $c}) WHERE NOT i.code IN $codes
		MATCH (i)<-[r:EMPLOYS|PATENTS|PUBLISHES]-()
		RETURN DISTINCT i.code AS code, 'regional set "' + r.set + '"' AS user`,
		map[string]any{"c": l.Classification.Name, "codes": codes}, func(rec *neo4j.Record) error {
			sc := scanner{rec: rec}
			uses = append(uses, graphmodel.IndustryUse{Code: sc.str(), User: sc.str()})
			return sc.err
		})
	if err != nil {
		return err
	}
	return l.CheckRemovals(uses)
}

// bumpVersion increments the store version, and with newID also allocates a
// dataset id, returning both. It locks the version node until the
// transaction ends, which serialises switch-overs across processes.
func bumpVersion(ctx context.Context, tx neo4j.ManagedTransaction, newID bool) (version, id int64, err error) {
	q := `MERGE (m:DomainScope {key: 'meta'}) ON CREATE SET m.version = 0, m.next_id = 0
		SET m.version = m.version + 1` // the lock is taken here
	if newID {
		q += `, m.next_id = m.next_id + 1`
	}
	rec, err := single(ctx, tx, q+` RETURN m.version, m.next_id`, nil)
	if err != nil {
		return 0, 0, err
	}
	sc := scanner{rec: rec}
	version, id = sc.int(), sc.int()
	return version, id, sc.err
}

// allocID allocates a dataset id without changing the version.
func (s *Store) allocID(ctx context.Context, what string) (int64, error) {
	return writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (int64, error) {
		rec, err := single(ctx, tx, `MERGE (m:DomainScope {key: 'meta'}) ON CREATE SET m.version = 0, m.next_id = 0
			SET m.next_id = m.next_id + 1 RETURN m.next_id`, nil)
		if err != nil {
			return 0, err
		}
		return getInt(rec, 0)
	})
}

// replaceDataset deletes the dataset of the same kind and target, if any, and
// creates the new one.
func replaceDataset(ctx context.Context, tx neo4j.ManagedTransaction, id, version int64, kind, target string, records int64, p graphmodel.Provenance) (graphmodel.Dataset, error) {
	p = p.AsStored(time.Now())
	opts := "{}"
	if p.Options != nil {
		b, err := json.Marshal(p.Options)
		if err != nil {
			return graphmodel.Dataset{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the options of a dataset failed")
		}
		opts = string(b)
	}
	params := map[string]any{"id": id, "kind": kind, "target": target, "records": records, "version": version,
		"source": p.Source, "sha256": p.SHA256, "rows": p.Rows, "options": opts, "loaded_at": asOffset(p.LoadedAt)}
	if err := run(ctx, tx, `MATCH (d:Dataset {kind: $kind, target: $target}) DELETE d`, params); err != nil {
		return graphmodel.Dataset{}, err
	}
	if err := run(ctx, tx, `CREATE (:Dataset {id: $id, kind: $kind, target: $target, records: $records, version: $version,
		source: $source, sha256: $sha256, rows: $rows, options: $options, loaded_at: $loaded_at})`, params); err != nil {
		return graphmodel.Dataset{}, err
	}
	return graphmodel.Dataset{ID: id, Kind: kind, Target: target, Records: records, Version: version, Provenance: p}, nil
}

// asOffset returns t in UTC, marked so that the driver sends it as a
// DateTime with offset +00:00 rather than with the zone name "UTC".
func asOffset(t time.Time) time.Time { return t.In(time.FixedZone("Offset", 0)) }

// ---- what layer and regional loads share ----

// readClass reads what a layer or regional load needs to know of its
// classification.
func readClass(ctx context.Context, tx neo4j.ManagedTransaction, name string) (graphmodel.StoredClassification, error) {
	st := graphmodel.StoredClassification{Codes: map[string]bool{}}
	rec, err := single(ctx, tx, `OPTIONAL MATCH (c:Classification {name: $c}) RETURN c IS NOT NULL`, map[string]any{"c": name})
	if err != nil {
		return st, err
	}
	if st.Exists, err = getBool(rec, 0); err != nil {
		return st, err
	}
	if !st.Exists {
		st.Names, err = strings1(ctx, tx, `MATCH (c:Classification) RETURN c.name`, nil)
		return st, err
	}
	codes, err := strings1(ctx, tx, `MATCH (i:Industry {classification: $c}) RETURN i.code`, map[string]any{"c": name})
	for _, c := range codes {
		st.Codes[c] = true
	}
	return st, err
}

// staging names the labels of one kind of versioned load.
type staging struct {
	staging, current, retired string
}

var (
	layerLabels = staging{"LayerStaging", "Layer", "LayerRetired"}
	setLabels   = staging{"RegionalSetStaging", "RegionalSet", "RegionalSetRetired"}
)

// stageRows writes rows in batches of s.batch, each batch a managed write
// transaction running q with $rows and params, that also marks the staging
// node as alive. q must return the number of rows it wrote; fewer means an
// endpoint disappeared, an ECONFLICT. After the first batch the test hook
// "staged" runs.
func (s *Store) stageRows(ctx context.Context, what string, lb staging, id int64, rows []any, q string, params map[string]any) error {
	for start := 0; start < len(rows); start += s.batch {
		batch := rows[start:min(start+s.batch, len(rows))]
		p := map[string]any{"rows": batch, "id": id}
		for k, v := range params {
			p[k] = v
		}
		n, err := writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (int64, error) {
			if err := run(ctx, tx, `MATCH (st:`+lb.staging+` {dataset: $id}) SET st.touched_at = datetime()`, p); err != nil {
				return 0, err
			}
			rec, err := single(ctx, tx, q, p)
			if err != nil {
				return 0, err
			}
			return getInt(rec, 0)
		})
		if err != nil {
			return err
		}
		if n != int64(len(batch)) {
			return graphmodel.Errorf(graphmodel.ECONFLICT,
				"%s: %d of %d rows found no industry or region to attach to; another load removed some at the same time; try again",
				what, int64(len(batch))-n, len(batch))
		}
		if start == 0 && s.testHook != nil {
			if err := s.testHook("staged"); err != nil {
				return err
			}
		}
	}
	return nil
}

// stageIndustries creates the industries a load adds as IndustryStaging
// nodes of the load's dataset id.
func (s *Store) stageIndustries(ctx context.Context, what string, lb staging, id int64, class string, add []graphmodel.Industry) error {
	rows := make([]any, len(add))
	for i, ind := range add {
		rows[i] = industryRow(ind)
	}
	return s.stageRows(ctx, what, lb, id, rows, `UNWIND $rows AS r
		CREATE (n:IndustryStaging {dataset: $id, classification: $c, code: r.code, name: r.name, level: r.level, parent: r.parent})
		RETURN count(n)`, map[string]any{"c": class})
}

// promoteIndustries turns the staged industries of dataset id into
// Industry nodes with their PART_OF links, in the switch-over transaction.
func promoteIndustries(ctx context.Context, tx neo4j.ManagedTransaction, id int64, class string, add []graphmodel.Industry) error {
	if len(add) == 0 {
		return nil
	}
	p := map[string]any{"id": id, "c": class}
	rec, err := single(ctx, tx, `MATCH (n:IndustryStaging {dataset: $id})
		REMOVE n:IndustryStaging SET n:Industry REMOVE n.dataset RETURN count(n)`, p)
	if err != nil {
		return err
	}
	if n, err := getInt(rec, 0); err != nil || n != int64(len(add)) {
		if err != nil {
			return err
		}
		return graphmodel.Errorf(graphmodel.ECONFLICT, "%d of the %d industries this load adds were removed while it ran; try again", int64(len(add))-n, len(add))
	}
	codes := make([]any, len(add))
	for i, ind := range add {
		codes[i] = ind.Code
	}
	p["codes"] = codes
	var missing []string
	err = each(ctx, tx, `UNWIND $codes AS code
		MATCH (n:Industry {classification: $c, code: code}) WHERE n.parent <> ''
		OPTIONAL MATCH (p:Industry {classification: $c, code: n.parent})
		FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (n)-[:PART_OF]->(p))
		WITH n, p WHERE p IS NULL RETURN n.code + ' (parent ' + n.parent + ')'`, p, func(rec *neo4j.Record) error {
		v, err := getString(rec, 0)
		missing = append(missing, v)
		return err
	})
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return graphmodel.Errorf(graphmodel.ECONFLICT,
			"the parents of industries this load adds to classification %q were removed while it ran: %s; try again",
			class, strings.Join(missing, ", "))
	}
	return run(ctx, tx, `MERGE (c:Classification {name: $c}) ON CREATE SET c.levels = []`, p)
}

// switchOver is the last transaction of a layer or regional load: it bumps the
// version, checks that the staging node is still there, runs promote, retires
// the current version (its dataset id returned as old, 0 if none) and makes
// the staged one current.
func (s *Store) switchOver(ctx context.Context, what string, lb staging, id int64, key map[string]any,
	promote func(tx neo4j.ManagedTransaction, version int64) error) (version, old int64, err error) {
	type res struct{ version, old int64 }
	r, err := writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (res, error) {
		version, _, err := bumpVersion(ctx, tx, false)
		if err != nil {
			return res{}, err
		}
		p := map[string]any{"id": id, "version": version}
		rec, err := single(ctx, tx, `OPTIONAL MATCH (st:`+lb.staging+` {dataset: $id}) RETURN st IS NOT NULL`, p)
		if err != nil {
			return res{}, err
		}
		if ok, err := getBool(rec, 0); err != nil || !ok {
			if err != nil {
				return res{}, err
			}
			return res{}, graphmodel.Errorf(graphmodel.EUNAVAILABLE,
				"%s: the staged data was removed as abandoned by another process (no write for %v); try again", what, s.staleAfter)
		}
		if err := promote(tx, version); err != nil {
			return res{}, err
		}
		var where []string
		for k := range key {
			where = append(where, k+": $key."+k)
		}
		slices.Sort(where)
		p["key"] = key
		rec, err = single(ctx, tx, `OPTIONAL MATCH (o:`+lb.current+` {`+strings.Join(where, ", ")+`})
			FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | REMOVE o:`+lb.current+` SET o:`+lb.retired+`)
			RETURN coalesce(o.dataset, 0)`, p)
		if err != nil {
			return res{}, err
		}
		old, err := getInt(rec, 0)
		if err != nil {
			return res{}, err
		}
		if err := run(ctx, tx, `MATCH (st:`+lb.staging+` {dataset: $id})
			REMOVE st:`+lb.staging+` SET st:`+lb.current+`, st.version = $version REMOVE st.touched_at`, p); err != nil {
			return res{}, err
		}
		return res{version, old}, nil
	})
	return r.version, r.old, err
}

// abandon deletes what a failed load staged, unless it was made current
// (when the outcome of the switch-over is unknown, it may have committed).
func (s *Store) abandon(ctx context.Context, lb staging, id int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_, err := writeTx(ctx, s, "abandoning a failed load", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, run(ctx, tx, `MATCH (st:`+lb.staging+` {dataset: $id}) REMOVE st:`+lb.staging+` SET st:`+lb.retired,
			map[string]any{"id": id})
	})
	if err == nil {
		s.dropVersion(ctx, lb, id)
	}
}

// dropVersion deletes a retired version: its relationships in batches, the
// staged industries and regions it never promoted, and last its retired node,
// so that a version whose node exists is complete. Errors leave the rest to
// collectGarbage.
func (s *Store) dropVersion(ctx context.Context, lb staging, id int64) error {
	p := map[string]any{"id": id, "batch": int64(s.batch)}
	for _, typ := range versionedTypes {
		for {
			n, err := writeTx(ctx, s, "deleting a replaced version", func(tx neo4j.ManagedTransaction) (int64, error) {
				rec, err := single(ctx, tx, `MATCH ()-[r:`+typ+`]->() WHERE r.dataset = $id
					WITH r LIMIT $batch DELETE r RETURN count(*)`, p)
				if err != nil {
					return 0, err
				}
				return getInt(rec, 0)
			})
			if err != nil {
				return err
			}
			if n < int64(s.batch) {
				break
			}
		}
	}
	_, err := writeTx(ctx, s, "deleting a replaced version", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		for _, q := range []string{
			`MATCH (n:IndustryStaging {dataset: $id}) DETACH DELETE n`,
			`MATCH (n:RegionStaging {dataset: $id}) DETACH DELETE n`,
			`MATCH (n:` + lb.retired + ` {dataset: $id}) DELETE n`,
		} {
			if err := run(ctx, tx, q, p); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	})
	return err
}

// collectGarbage retires staging that has not been written for staleAfter
// and deletes every retired version: leftovers of loads whose process died.
func (s *Store) collectGarbage(ctx context.Context, what string) error {
	type job struct {
		lb staging
		id int64
	}
	jobs, err := writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) ([]job, error) {
		var jobs []job
		for _, lb := range []staging{layerLabels, setLabels} {
			if err := run(ctx, tx, `MATCH (st:`+lb.staging+`)
				WHERE st.touched_at < datetime() - duration({milliseconds: $stale})
				REMOVE st:`+lb.staging+` SET st:`+lb.retired,
				map[string]any{"stale": s.staleAfter.Milliseconds()}); err != nil {
				return nil, err
			}
			if err := each(ctx, tx, `MATCH (r:`+lb.retired+`) RETURN r.dataset`, nil, func(rec *neo4j.Record) error {
				id, err := getInt(rec, 0)
				jobs = append(jobs, job{lb, id})
				return err
			}); err != nil {
				return nil, err
			}
		}
		return jobs, nil
	})
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if err := s.dropVersion(ctx, j.lb, j.id); err != nil {
			return err
		}
	}
	return nil
}

// industryPattern is the node pattern of variable v matching the industry
// whose code is the expression code: a stored Industry of classification $c,
// or with staged an IndustryStaging of the load's dataset $id.
func industryPattern(v, code string, staged bool) string {
	if staged {
		return "(" + v + ":IndustryStaging {dataset: $id, code: " + code + "})"
	}
	return "(" + v + ":Industry {classification: $c, code: " + code + "})"
}

// collectGarbageBeforeLoad runs collectGarbage for a load: an unreachable
// server fails the load at once; any other failure is left for the next
// load, as leftovers never change what readers see.
func (s *Store) collectGarbageBeforeLoad(ctx context.Context, what string) error {
	err := s.collectGarbage(ctx, what)
	if graphmodel.ErrorCode(err) == graphmodel.EUNAVAILABLE {
		return err
	}
	return nil
}

// stagedLoad is a layer or regional load as runStaged carries it out: the
// parts in which the two differ.
type stagedLoad struct {
	what   string
	labels staging
	key    map[string]any // properties that identify the current version node
	props  map[string]any // properties of the staging (later current) node
	class  string
	add    []graphmodel.Industry // industries the load creates
	// stage writes the load's rows beside the current version, once its
	// staging node and added industries are staged.
	stage func(id int64) error
	// promote makes the rows' other staged nodes current and replaces the
	// dataset, in the switch-over transaction, after the added industries.
	promote func(tx neo4j.ManagedTransaction, id, version int64) (graphmodel.Dataset, error)
}

// runStaged allocates a dataset id, stages the load (its node, its added
// industries, then its rows) beside the current version, switches over in
// one transaction and drops the replaced version. A failed load abandons
// what it staged; readers never see it.
func (s *Store) runStaged(ctx context.Context, sl stagedLoad) (graphmodel.Dataset, error) {
	id, err := s.allocID(ctx, sl.what)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	staged := false
	defer func() {
		if staged {
			s.abandon(ctx, sl.labels, id)
		}
	}()
	if _, err := writeTx(ctx, s, sl.what, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, run(ctx, tx, `CREATE (st:`+sl.labels.staging+` {dataset: $id, touched_at: datetime()}) SET st += $props`,
			map[string]any{"id": id, "props": sl.props})
	}); err != nil {
		return graphmodel.Dataset{}, err
	}
	staged = true
	if err := s.stageIndustries(ctx, sl.what, sl.labels, id, sl.class, sl.add); err != nil {
		return graphmodel.Dataset{}, err
	}
	if err := sl.stage(id); err != nil {
		return graphmodel.Dataset{}, err
	}
	var ds graphmodel.Dataset
	_, old, err := s.switchOver(ctx, sl.what, sl.labels, id, sl.key, func(tx neo4j.ManagedTransaction, version int64) error {
		if err := promoteIndustries(ctx, tx, id, sl.class, sl.add); err != nil {
			return err
		}
		var err error
		ds, err = sl.promote(tx, id, version)
		return err
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	staged = false
	if old != 0 {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		s.dropVersion(cctx, sl.labels, old) // on failure the next load's collectGarbage finishes it
	}
	return ds, nil
}

// stageGroups stages rows with stageRows, grouped by whether each of a row's
// two endpoints is stored or staged by this load (staged(i)), so that every
// group's query (query(g)) matches its endpoints by one index look-up each.
func (s *Store) stageGroups(ctx context.Context, what string, lb staging, id int64, rows []any,
	staged func(i int) [2]bool, query func(g [2]bool) string, params map[string]any) error {
	groups := map[[2]bool][]any{}
	for i, r := range rows {
		g := staged(i)
		groups[g] = append(groups[g], r)
	}
	for _, g := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		if len(groups[g]) == 0 {
			continue
		}
		if err := s.stageRows(ctx, what, lb, id, groups[g], query(g), params); err != nil {
			return err
		}
	}
	return nil
}

// codeSet returns the codes of industries as a set.
func codeSet(inds []graphmodel.Industry) map[string]bool {
	m := make(map[string]bool, len(inds))
	for _, ind := range inds {
		m[ind.Code] = true
	}
	return m
}

// ---- layers ----

// LoadLayer replaces the layer with the same name and period: the links are
// staged in batches beside the current version and switched over in one
// transaction (see the package documentation).
func (s *Store) LoadLayer(ctx context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	if err := s.ready(l); err != nil {
		return graphmodel.Dataset{}, err
	}
	ly := l.Layer
	key := ly.Key()
	what := fmt.Sprintf("loading layer %q", key)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.collectGarbageBeforeLoad(ctx, what); err != nil {
		return graphmodel.Dataset{}, err
	}
	add, err := readTx(ctx, s, what, func(tx neo4j.ManagedTransaction) ([]graphmodel.Industry, error) {
		st, err := readClass(ctx, tx, ly.Classification)
		if err != nil {
			return nil, err
		}
		add, err := l.NewIndustries(st)
		if err != nil {
			return nil, err
		}
		added := codeSet(add)
		return add, l.CheckCodes(func(c string) bool { return st.Codes[c] || added[c] })
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	added := codeSet(add)
	links := l.CanonicalLinks()
	nodes := map[string]bool{}
	rows := make([]any, len(links))
	for i, k := range links {
		nodes[k.From], nodes[k.To] = true, true
		rows[i] = map[string]any{"f": k.From, "t": k.To, "n": k.Count, "v": k.Value, "p": k.PValue, "q": k.QValue}
	}
	typ := linkType[ly.Kind]
	return s.runStaged(ctx, stagedLoad{
		what:   what,
		labels: layerLabels,
		key:    map[string]any{"name": ly.Name, "period": ly.Period},
		props: map[string]any{"name": ly.Name, "period": ly.Period, "kind": string(ly.Kind), "classification": ly.Classification,
			"directed": ly.Directed, "method": ly.Method, "threshold": ly.Threshold, "evidence": ly.Evidence, "links": int64(len(rows)), "nodes": int64(len(nodes))},
		class: ly.Classification,
		add:   add,
		stage: func(id int64) error {
			return s.stageGroups(ctx, what, layerLabels, id, rows,
				func(i int) [2]bool { return [2]bool{added[links[i].From], added[links[i].To]} },
				func(g [2]bool) string {
					return `UNWIND $rows AS r
						MATCH ` + industryPattern("a", "r.f", g[0]) + `
						MATCH ` + industryPattern("b", "r.t", g[1]) + `
						CREATE (a)-[k:` + typ + ` {layer: $layer, period: $period, dataset: $id, count: r.n, value: r.v, p: r.p, q: r.q}]->(b)
						RETURN count(k)`
				}, map[string]any{"c": ly.Classification, "layer": ly.Name, "period": ly.Period})
		},
		promote: func(tx neo4j.ManagedTransaction, id, version int64) (graphmodel.Dataset, error) {
			return replaceDataset(ctx, tx, id, version, graphmodel.DatasetLayer, key, int64(len(rows)), l.Provenance)
		},
	})
}

// ---- regional values ----

// regionalPlan is what a regional load adds to the store besides its values.
type regionalPlan struct {
	add        []graphmodel.Industry
	newRegions []graphmodel.Region
}

// LoadRegional replaces one set of regional values, upserting its regions
// and creating AddIndustries, staged and switched over like a layer: plan
// (read what exists), stage (industries, new regions, values) and switch
// over (promote, rename regions, replace the dataset).
func (s *Store) LoadRegional(ctx context.Context, l graphmodel.RegionalLoad) (graphmodel.Dataset, error) {
	if err := s.ready(l); err != nil {
		return graphmodel.Dataset{}, err
	}
	key := l.Set.Key()
	what := fmt.Sprintf("loading regional set %q", key)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.collectGarbageBeforeLoad(ctx, what); err != nil {
		return graphmodel.Dataset{}, err
	}
	pl, err := readTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (regionalPlan, error) {
		return planRegional(ctx, tx, l)
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return s.runStaged(ctx, stagedLoad{
		what:   what,
		labels: setLabels,
		key:    map[string]any{"key": key},
		props: map[string]any{"key": key, "measure": string(l.Set.Measure), "classification": l.Set.Classification,
			"period": l.Set.Period},
		class: l.Set.Classification,
		add:   pl.add,
		stage: func(id int64) error { return s.stageRegional(ctx, what, id, l, pl) },
		promote: func(tx neo4j.ManagedTransaction, id, version int64) (graphmodel.Dataset, error) {
			return promoteRegional(ctx, tx, id, version, l, pl)
		},
	})
}

// planRegional reads the load's classification and the stored regions, and
// returns the industries and regions the load creates, after checking that
// every value names an industry and a region that will exist.
func planRegional(ctx context.Context, tx neo4j.ManagedTransaction, l graphmodel.RegionalLoad) (regionalPlan, error) {
	st, err := readClass(ctx, tx, l.Set.Classification)
	if err != nil {
		return regionalPlan{}, err
	}
	add, err := l.NewIndustries(st)
	if err != nil {
		return regionalPlan{}, err
	}
	stored, err := strings1(ctx, tx, `MATCH (g:Region) RETURN g.id`, nil)
	if err != nil {
		return regionalPlan{}, err
	}
	regions := make(map[string]bool, len(stored))
	for _, id := range stored {
		regions[id] = true
	}
	added := codeSet(add)
	if err := l.CheckCodes(func(c string) bool { return st.Codes[c] || added[c] }, func(id string) bool { return regions[id] }); err != nil {
		return regionalPlan{}, err
	}
	pl := regionalPlan{add: add}
	for _, r := range l.Regions {
		if !regions[r.ID] {
			pl.newRegions = append(pl.newRegions, r)
		}
	}
	return pl, nil
}

// stageRegional stages the new regions as RegionStaging nodes and the values
// as relationships of the load's dataset id.
func (s *Store) stageRegional(ctx context.Context, what string, id int64, l graphmodel.RegionalLoad, pl regionalPlan) error {
	newRegion := map[string]bool{}
	regionRows := make([]any, len(pl.newRegions))
	for i, r := range pl.newRegions {
		newRegion[r.ID] = true
		regionRows[i] = map[string]any{"id": r.ID, "name": r.Name}
	}
	if err := s.stageRows(ctx, what, setLabels, id, regionRows, `UNWIND $rows AS r
		CREATE (g:RegionStaging {dataset: $id, id: r.id, name: r.name}) RETURN count(g)`, nil); err != nil {
		return err
	}
	rows := make([]any, len(l.Values))
	for i, v := range l.Values {
		rows[i] = map[string]any{"g": v.Region, "i": v.Industry, "v": v.Value}
	}
	added := codeSet(pl.add)
	return s.stageGroups(ctx, what, setLabels, id, rows,
		func(i int) [2]bool { return [2]bool{newRegion[l.Values[i].Region], added[l.Values[i].Industry]} },
		func(g [2]bool) string {
			region := `(g:Region {id: r.g})`
			if g[0] {
				region = `(g:RegionStaging {dataset: $id, id: r.g})`
			}
			return `UNWIND $rows AS r
				MATCH ` + region + `
				MATCH ` + industryPattern("i", "r.i", g[1]) + `
				CREATE (g)-[k:` + valueType[l.Set.Measure] + ` {set: $set, period: $period, dataset: $id, value: r.v}]->(i)
				RETURN count(k)`
		}, map[string]any{"c": l.Set.Classification, "set": l.Set.Key(), "period": l.Set.Period})
}

// promoteRegional, in the switch-over transaction, makes the staged regions
// Region nodes, names every region of the load as given and replaces the
// set's dataset.
func promoteRegional(ctx context.Context, tx neo4j.ManagedTransaction, id, version int64, l graphmodel.RegionalLoad, pl regionalPlan) (graphmodel.Dataset, error) {
	if len(pl.newRegions) > 0 {
		if err := run(ctx, tx, `MATCH (g:RegionStaging {dataset: $id})
			REMOVE g:RegionStaging SET g:Region REMOVE g.dataset`, map[string]any{"id": id}); err != nil {
			return graphmodel.Dataset{}, err
		}
	}
	renames := make([]any, len(l.Regions))
	for i, r := range l.Regions {
		renames[i] = map[string]any{"id": r.ID, "name": r.Name}
	}
	if err := run(ctx, tx, `UNWIND $rows AS r MATCH (g:Region {id: r.id}) SET g.name = r.name`,
		map[string]any{"rows": renames}); err != nil {
		return graphmodel.Dataset{}, err
	}
	return replaceDataset(ctx, tx, id, version, graphmodel.DatasetRegional, l.Set.Key(), int64(len(l.Values)), l.Provenance)
}
