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
	if dr.ID == "" {
		return graphmodel.Errorf(graphmodel.EINVALID, "domain run: the run ID is empty")
	}
	if dr.Classification == "" {
		return graphmodel.Errorf(graphmodel.EINVALID, "domain run %q: classification is empty", dr.ID)
	}
	what := fmt.Sprintf("domain run %q", dr.ID)
	size := map[int]int64{}
	domainRows := make([]any, len(domains))
	for _, d := range domains {
		if _, dup := size[d.ID]; dup {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: domain %d appears twice", what, d.ID)
		}
		size[d.ID] = 0
		if err := checkScores(fmt.Sprintf("%s, domain %d", what, d.ID), d.Scores); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	keys := map[string]bool{}
	codes := make([]any, len(members))
	memberRows := make([]any, len(members))
	for i, m := range members {
		if m.Code == "" {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: membership %d has an empty industry code", what, i+1)
		}
		if seen[m.Code] {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: industry %q is in more than one membership", what, m.Code)
		}
		seen[m.Code] = true
		if _, ok := size[m.Domain]; !ok {
			return graphmodel.Errorf(graphmodel.EINVALID, "%s: industry %q is placed in domain %d, which is not in the run", what, m.Code, m.Domain)
		}
		size[m.Domain]++
		if err := checkScores(fmt.Sprintf("%s, industry %q", what, m.Code), m.Scores); err != nil {
			return err
		}
		for k := range m.Scores {
			keys[k] = true
		}
		codes[i] = m.Code
		memberRows[i] = map[string]any{"code": m.Code, "domain": int64(m.Domain), "scores": scoresParam(m.Scores)}
	}
	for i, d := range domains {
		domainRows[i] = map[string]any{"id": int64(d.ID), "label": d.Label, "size": size[d.ID], "scores": scoresParam(d.Scores)}
	}
	params, err := json.Marshal(dr.Params)
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "%s: encoding the parameters failed", what)
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
	industryKeys := slices.Sorted(maps.Keys(keys))
	p := map[string]any{"run": dr.ID, "c": dr.Classification, "codes": codes,
		"props": map[string]any{"classification": dr.Classification, "layers": layers, "method": dr.Method,
			"params": string(params), "created_at": asOffset(dr.CreatedAt), "industry_properties": industryKeys}}

	_, err = writeTx(ctx, s, "writing "+what, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		missing, err := strings1(ctx, tx, `UNWIND $codes AS code
			OPTIONAL MATCH (i:Industry {classification: $c, code: code})
			WITH code WHERE i IS NULL RETURN code`, p)
		if err != nil {
			return struct{}{}, err
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			return struct{}{}, graphmodel.Errorf(graphmodel.EINVALID, "%s: members name codes that are not industries of classification %q (%s): %s",
				what, dr.Classification, graphmodel.Plural(len(missing), "code", "codes"), graphmodel.QuoteCodes(missing))
		}
		// Undo the previous run of this ID: its industry properties, domains
		// and run node.
		var oldKeys []string
		if err := each(ctx, tx, `MATCH (r:DomainRun {id: $run}) RETURN coalesce(r.industry_properties, [])`, p, func(rec *neo4j.Record) error {
			ks, err := getStrings(rec, 0)
			oldKeys = append(oldKeys, ks...)
			return err
		}); err != nil {
			return struct{}{}, err
		}
		unset := map[string]any{"domain": nil, "domain_run": nil}
		for _, k := range oldKeys {
			unset[k] = nil
		}
		p["unset"] = unset
		for _, q := range []string{
			`MATCH (i:Industry) WHERE i.domain_run = $run SET i += $unset`,
			`MATCH (d:Domain {run: $run}) DETACH DELETE d`,
			`MATCH (r:DomainRun {id: $run}) DETACH DELETE r`,
			`CREATE (r:DomainRun {id: $run}) SET r += $props`,
		} {
			if err := run(ctx, tx, q, p); err != nil {
				return struct{}{}, err
			}
		}
		for start := 0; start < len(domainRows); start += s.batch {
			p["rows"] = domainRows[start:min(start+s.batch, len(domainRows))]
			if err := run(ctx, tx, `MATCH (r:DomainRun {id: $run})
				UNWIND $rows AS d
				CREATE (r)-[:HAS_DOMAIN]->(x:Domain {run: $run, id: d.id, label: d.label, size: d.size})
				SET x += d.scores`, p); err != nil {
				return struct{}{}, err
			}
		}
		for start := 0; start < len(memberRows); start += s.batch {
			p["rows"] = memberRows[start:min(start+s.batch, len(memberRows))]
			if err := run(ctx, tx, `UNWIND $rows AS m
				MATCH (i:Industry {classification: $c, code: m.code})
				MATCH (d:Domain {run: $run, id: m.domain})
				CREATE (i)-[e:IN_DOMAIN {run: $run}]->(d)
				SET e += m.scores, i += m.scores, i.domain = m.domain, i.domain_run = $run`, p); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	})
	return err
}
