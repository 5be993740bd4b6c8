package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// User data (graphmodel.HypothesisStore, graphmodel.DomainNameStore): the
// tables hypotheses and domain_names of schema version 2. Writes are
// serialised with the loads and never change the store version.

var (
	_ graphmodel.HypothesisStore = (*Store)(nil)
	_ graphmodel.DomainNameStore = (*Store)(nil)
)

const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// checkSetCodes returns EINVALID when the classification is not stored or a
// code is not one of its industries.
func checkSetCodes(ctx context.Context, tx *sql.Tx, what, classification string, codes []string) error {
	var cid int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM classifications WHERE name = ?`, classification).Scan(&cid)
	if err == sql.ErrNoRows {
		known, err := strings1(ctx, tx, `SELECT name FROM classifications`)
		if err != nil {
			return err
		}
		return graphmodel.UnknownClassification(what, classification, known)
	}
	if err != nil {
		return err
	}
	ids, err := codeIDs(ctx, tx, cid)
	if err != nil {
		return err
	}
	return graphmodel.CheckSetCodes(what, classification, codes, func(c string) bool { _, ok := ids[c]; return ok })
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
	codes, params, err := hypothesisJSON(h)
	if err != nil {
		return graphmodel.Hypothesis{}, err
	}
	return written(&h, s.write(ctx, "saving "+h.What(), func(tx *sql.Tx) error {
		if err := checkSetCodes(ctx, tx, h.What(), h.Classification, h.Codes); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO hypotheses
			(name, classification, codes, source, params, notes, author, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.Name, h.Classification, codes, h.Source, params, h.Notes, h.Author,
			h.CreatedAt.Format(timeLayout), h.UpdatedAt.Format(timeLayout), h.Version)
		if err != nil {
			return err
		}
		h.ID, err = res.LastInsertId()
		return err
	}))
}

func hypothesisJSON(h graphmodel.Hypothesis) (codes, params string, err error) {
	c, err := json.Marshal(h.Codes)
	if err != nil {
		return "", "", graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the codes of %s failed", h.What())
	}
	p, err := json.Marshal(h.Params)
	if err != nil {
		return "", "", graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the parameters of %s failed", h.What())
	}
	return string(c), string(p), nil
}

const hypothesisColumns = `id, name, classification, codes, source, params, notes, author, created_at, updated_at, version FROM hypotheses`

func scanHypothesis(sc rowScanner) (graphmodel.Hypothesis, error) {
	var h graphmodel.Hypothesis
	var codes, params, created, updated string
	if err := sc.Scan(&h.ID, &h.Name, &h.Classification, &codes, &h.Source, &params, &h.Notes, &h.Author, &created, &updated, &h.Version); err != nil {
		return h, err
	}
	bad := func(err error) (graphmodel.Hypothesis, error) {
		return h, graphmodel.WrapError(graphmodel.EINTERNAL, err, "hypothesis %d is stored unreadably", h.ID)
	}
	if err := json.Unmarshal([]byte(codes), &h.Codes); err != nil {
		return bad(err)
	}
	if err := json.Unmarshal([]byte(params), &h.Params); err != nil {
		return bad(err)
	}
	var err error
	if h.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return bad(err)
	}
	if h.UpdatedAt, err = time.Parse(time.RFC3339Nano, updated); err != nil {
		return bad(err)
	}
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	return h, nil
}

// Hypothesis returns one hypothesis (see graphmodel.HypothesisStore).
func (s *Store) Hypothesis(ctx context.Context, id int64) (graphmodel.Hypothesis, error) {
	if err := s.check(); err != nil {
		return graphmodel.Hypothesis{}, err
	}
	h, err := scanHypothesis(s.db.QueryRowContext(ctx, `SELECT `+hypothesisColumns+` WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return h, graphmodel.HypothesisNotFound(id)
	}
	if err != nil {
		return graphmodel.Hypothesis{}, s.fail(ctx, err, fmt.Sprintf("reading hypothesis %d", id))
	}
	return h, nil
}

// Hypotheses returns every hypothesis ordered by ID.
func (s *Store) Hypotheses(ctx context.Context) ([]graphmodel.Hypothesis, error) {
	return list(ctx, s, "listing hypotheses", scanHypothesis, `SELECT `+hypothesisColumns+` ORDER BY id`)
}

// UpdateHypothesis replaces a hypothesis's user fields (see
// graphmodel.HypothesisStore).
func (s *Store) UpdateHypothesis(ctx context.Context, h graphmodel.Hypothesis) (graphmodel.Hypothesis, error) {
	if err := s.ready(h); err != nil {
		return graphmodel.Hypothesis{}, err
	}
	h = h.Normalised()
	codes, params, err := hypothesisJSON(h)
	if err != nil {
		return graphmodel.Hypothesis{}, err
	}
	what := h.What()
	return written(&h, s.write(ctx, "updating "+what, func(tx *sql.Tx) error {
		var version int64
		var created string
		err := tx.QueryRowContext(ctx, `SELECT version, created_at FROM hypotheses WHERE id = ?`, h.ID).Scan(&version, &created)
		if err == sql.ErrNoRows {
			return graphmodel.HypothesisNotFound(h.ID)
		}
		if err != nil {
			return err
		}
		if h.Version != 0 && h.Version != version {
			return graphmodel.StaleHypothesis(h, version)
		}
		if err := checkSetCodes(ctx, tx, what, h.Classification, h.Codes); err != nil {
			return err
		}
		if h.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
			return err
		}
		h.CreatedAt = h.CreatedAt.UTC()
		h.UpdatedAt = graphmodel.StoredTime(time.Now())
		h.Version = version + 1
		_, err = tx.ExecContext(ctx, `UPDATE hypotheses SET name = ?, classification = ?, codes = ?, source = ?, params = ?,
			notes = ?, author = ?, updated_at = ?, version = ? WHERE id = ?`,
			h.Name, h.Classification, codes, h.Source, params, h.Notes, h.Author, h.UpdatedAt.Format(timeLayout), h.Version, h.ID)
		return err
	}))
}

// DeleteHypothesis removes a hypothesis (see graphmodel.HypothesisStore).
func (s *Store) DeleteHypothesis(ctx context.Context, id int64) error {
	return s.deleteOne(ctx, fmt.Sprintf("deleting hypothesis %d", id), `DELETE FROM hypotheses WHERE id = ?`, id, graphmodel.HypothesisNotFound(id))
}

// SetDomainName names a domain by its membership (see
// graphmodel.DomainNameStore).
func (s *Store) SetDomainName(ctx context.Context, n graphmodel.DomainName) (graphmodel.DomainName, error) {
	if err := s.ready(n); err != nil {
		return graphmodel.DomainName{}, err
	}
	n = n.Normalised()
	n.UpdatedAt = graphmodel.StoredTime(time.Now())
	layers, err := json.Marshal(n.Layers)
	if err != nil {
		return graphmodel.DomainName{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding a domain name failed")
	}
	codes, err := json.Marshal(n.Codes)
	if err != nil {
		return graphmodel.DomainName{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding a domain name failed")
	}
	what := fmt.Sprintf("the domain name %q", n.Name)
	return written(&n, s.write(ctx, "saving "+what, func(tx *sql.Tx) error {
		if err := checkSetCodes(ctx, tx, what, n.Classification, n.Codes); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO domain_names (key, classification, layers, codes, name, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
			n.Key, n.Classification, string(layers), string(codes), n.Name, n.UpdatedAt.Format(timeLayout))
		return err
	}))
}

// DomainNames returns every domain name ordered by key.
func (s *Store) DomainNames(ctx context.Context) ([]graphmodel.DomainName, error) {
	return list(ctx, s, "listing domain names", func(sc rowScanner) (graphmodel.DomainName, error) {
		var n graphmodel.DomainName
		var layers, codes, at string
		if err := sc.Scan(&n.Key, &n.Classification, &layers, &codes, &n.Name, &at); err != nil {
			return n, err
		}
		err1 := json.Unmarshal([]byte(layers), &n.Layers)
		err2 := json.Unmarshal([]byte(codes), &n.Codes)
		t, err3 := time.Parse(time.RFC3339Nano, at)
		if err1 != nil || err2 != nil || err3 != nil {
			return n, graphmodel.Errorf(graphmodel.EINTERNAL, "domain name %s is stored unreadably", n.Key)
		}
		n.UpdatedAt = t.UTC()
		return n, nil
	}, `SELECT key, classification, layers, codes, name, updated_at FROM domain_names ORDER BY key`)
}

// DeleteDomainName removes a domain name (see graphmodel.DomainNameStore).
func (s *Store) DeleteDomainName(ctx context.Context, key string) error {
	return s.deleteOne(ctx, "deleting a domain name", `DELETE FROM domain_names WHERE key = ?`, key, graphmodel.DomainNameNotFound(key))
}

// deleteOne checks the store, then runs query (a DELETE of one row by key)
// in a write transaction; deleting no row is the error notFound.
func (s *Store) deleteOne(ctx context.Context, what, query string, key any, notFound error) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, key)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = notFound
			}
			return err
		}
		return nil
	})
}
