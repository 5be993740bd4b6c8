package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// scoreName is what a score's name must look like: it becomes a property
// key, so that Cypher users can write d.candidate_score without quoting.
var scoreName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// reserved lists the property keys a score may not overwrite.
var reserved = map[string]bool{
	"run": true, "id": true, "label": true, "size": true, // Domain
	"classification": true, "code": true, "name": true, "level": true, "parent": true, // Industry
	"domain": true, "domain_run": true,
}

func checkScores(what string, scores map[string]float64) error {
	for k, v := range scores {
		if !scoreName.MatchString(k) {
			return graphmodel.Errorf(graphmodel.EINVALID,
				"%s: score name %q: expected lower-case letters, digits and _ starting with a letter (at most 64)", what, k)
		}
		if reserved[k] {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: score name %q is reserved for a property domainscope writes", what, k)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: score %q is %v, expected a finite number", what, k, v)
		}
	}
	return nil
}

func scoresParam(scores map[string]float64) map[string]any {
	m := make(map[string]any, len(scores))
	for k, v := range scores {
		m[k] = v
	}
	return m
}

// WriteDomains writes a run of knowledge domains (graphmodel.DomainWriter)
// in one transaction, domain scores as properties of the Domain node and
// membership scores as properties of the IN_DOMAIN relationship and of the
// Industry node, where the latest run written wins (its ID is in the node's
// domain_run property):
//
//	(:DomainRun {id, classification, layers, method, params, created_at})-[:HAS_DOMAIN]->
//	    (:Domain {run, id, label, size, <domain scores>})
//	(:Industry {…, domain, domain_run, <membership scores>})-[:IN_DOMAIN {run, <membership scores>}]->(:Domain)
//
// A run with the same ID is replaced, including the properties it set on
// industries. Every member must be an industry of the run's classification
// and appear once; every domain ID once. Writing domains does not change the
// store version: they are results, not data loaded.
func (s *Store) WriteDomains(ctx context.Context, dr graphmodel.DomainRun, domains []graphmodel.Domain, members []graphmodel.Membership) error {
	if err := s.check(); err != nil {
		return err
	}
	w, err := planDomainRun(dr, domains, members)
	if err != nil {
		return err
	}
	_, err = writeTx(ctx, s, "writing "+w.what, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if err := checkMembers(ctx, tx, w); err != nil {
			return struct{}{}, err
		}
		if err := undoDomainRun(ctx, tx, w.p); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, s.createDomainRun(ctx, tx, w)
	})
	return err
}

// domainRunWrite is a checked domain run: the parameters of its queries.
type domainRunWrite struct {
	what                   string         // the run, as messages name it
	p                      map[string]any // run, c (classification), codes (of the members), props (of the run node)
	domainRows, memberRows []any
}

// planDomainRun checks a run on its own (IDs, unique domains and members,
// members in domains of the run, score names and values) and turns it into
// query parameters.
func planDomainRun(dr graphmodel.DomainRun, domains []graphmodel.Domain, members []graphmodel.Membership) (domainRunWrite, error) {
	if dr.ID == "" {
		return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID, "domain run: the run ID is empty")
	}
	if dr.Classification == "" {
		return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID, "domain run %q: classification is empty", dr.ID)
	}
	w := domainRunWrite{what: fmt.Sprintf("domain run %q", dr.ID)}
	size := map[int]int64{}
	for _, d := range domains {
		if _, dup := size[d.ID]; dup {
			return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID, "%s: domain %d appears twice", w.what, d.ID)
		}
		size[d.ID] = 0
		if err := checkScores(fmt.Sprintf("%s, domain %d", w.what, d.ID), d.Scores); err != nil {
			return domainRunWrite{}, err
		}
	}
	seen := map[string]bool{}
	keys := map[string]bool{}
	codes := make([]any, len(members))
	w.memberRows = make([]any, len(members))
	for i, m := range members {
		if m.Code == "" {
			return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID, "%s: membership %d has an empty industry code", w.what, i+1)
		}
		if seen[m.Code] {
			return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID, "%s: industry %q is in more than one membership", w.what, m.Code)
		}
		seen[m.Code] = true
		if _, ok := size[m.Domain]; !ok {
			return domainRunWrite{}, graphmodel.Errorf(graphmodel.EINVALID,
				"%s: industry %q is placed in domain %d, which is not in the run", w.what, m.Code, m.Domain)
		}
		size[m.Domain]++
		if err := checkScores(fmt.Sprintf("%s, industry %q", w.what, m.Code), m.Scores); err != nil {
			return domainRunWrite{}, err
		}
		for k := range m.Scores {
			keys[k] = true
		}
		codes[i] = m.Code
		w.memberRows[i] = map[string]any{"code": m.Code, "domain": int64(m.Domain), "scores": scoresParam(m.Scores)}
	}
	w.domainRows = make([]any, len(domains))
	for i, d := range domains {
		w.domainRows[i] = map[string]any{"id": int64(d.ID), "label": d.Label, "size": size[d.ID], "scores": scoresParam(d.Scores)}
	}
	params, err := json.Marshal(dr.Params)
	if err != nil {
		return domainRunWrite{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "%s: encoding the parameters failed", w.what)
	}
	if dr.Params == nil {
		params = []byte("{}")
	}
	if dr.CreatedAt.IsZero() {
		dr.CreatedAt = time.Now()
	}
	layers := dr.Layers
	if layers == nil {
		layers = []string{}
	}
	w.p = map[string]any{"run": dr.ID, "c": dr.Classification, "codes": codes,
		"props": map[string]any{"classification": dr.Classification, "layers": layers, "method": dr.Method,
			"params": string(params), "created_at": asOffset(dr.CreatedAt), "industry_properties": slices.Sorted(maps.Keys(keys))}}
	return w, nil
}

// checkMembers returns EINVALID naming the members that are not industries
// of the run's classification.
func checkMembers(ctx context.Context, tx neo4j.ManagedTransaction, w domainRunWrite) error {
	missing, err := strings1(ctx, tx, `UNWIND $codes AS code
		OPTIONAL MATCH (i:Industry {classification: $c, code: code})
		WITH code WHERE i IS NULL RETURN code`, w.p)
	if err != nil || len(missing) == 0 {
		return err
	}
	slices.Sort(missing)
	return graphmodel.Errorf(graphmodel.EINVALID, "%s: members name codes that are not industries of classification %q (%s): %s",
		w.what, w.p["c"], graphmodel.Plural(len(missing), "code", "codes"), graphmodel.QuoteCodes(missing))
}

// undoDomainRun removes the previous run of p's run ID: the properties it
// set on industries, its domains and its run node.
func undoDomainRun(ctx context.Context, tx neo4j.ManagedTransaction, p map[string]any) error {
	var oldKeys []string
	if err := each(ctx, tx, `MATCH (r:DomainRun {id: $run}) RETURN coalesce(r.industry_properties, [])`, p, func(rec *neo4j.Record) error {
		ks, err := getStrings(rec, 0)
		oldKeys = append(oldKeys, ks...)
		return err
	}); err != nil {
		return err
	}
	unset := map[string]any{"domain": nil, "domain_run": nil}
	for _, k := range oldKeys {
		unset[k] = nil
	}
	for _, q := range []string{
		`MATCH (i:Industry) WHERE i.domain_run = $run SET i += $unset`,
		`MATCH (d:Domain {run: $run}) DETACH DELETE d`,
		`MATCH (r:DomainRun {id: $run}) DETACH DELETE r`,
	} {
		if err := run(ctx, tx, q, map[string]any{"run": p["run"], "unset": unset}); err != nil {
			return err
		}
	}
	return nil
}

// createDomainRun creates the run node, its domains and its memberships in
// batches of s.batch.
func (s *Store) createDomainRun(ctx context.Context, tx neo4j.ManagedTransaction, w domainRunWrite) error {
	p := w.p
	if err := run(ctx, tx, `CREATE (r:DomainRun {id: $run}) SET r += $props`, p); err != nil {
		return err
	}
	for start := 0; start < len(w.domainRows); start += s.batch {
		p["rows"] = w.domainRows[start:min(start+s.batch, len(w.domainRows))]
		if err := run(ctx, tx, `MATCH (r:DomainRun {id: $run})
			UNWIND $rows AS d
			CREATE (r)-[:HAS_DOMAIN]->(x:Domain {run: $run, id: d.id, label: d.label, size: d.size})
			SET x += d.scores`, p); err != nil {
			return err
		}
	}
	for start := 0; start < len(w.memberRows); start += s.batch {
		p["rows"] = w.memberRows[start:min(start+s.batch, len(w.memberRows))]
		if err := run(ctx, tx, `UNWIND $rows AS m
			MATCH (i:Industry {classification: $c, code: m.code})
			MATCH (d:Domain {run: $run, id: m.domain})
			CREATE (i)-[e:IN_DOMAIN {run: $run}]->(d)
			SET e += m.scores, i += m.scores, i.domain = m.domain, i.domain_run = $run`, p); err != nil {
			return err
		}
	}
	return nil
}
