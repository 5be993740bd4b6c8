package sqlitestore

import (
	"context"
	"database/sql"
)

// cachedStmt is a statement prepared once on the pool. tag is the id of the
// layer whose links table it reads, 0 for statements on fixed tables.
type cachedStmt struct {
	stmt *sql.Stmt
	tag  int64
}

// prepared returns the cached statement for query, preparing it on first use.
// SQLite re-prepares statements by itself after schema changes.
func (s *Store) prepared(ctx context.Context, tag int64, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if c, ok := s.stmts[query]; ok {
		return c.stmt, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]cachedStmt{}
	}
	s.stmts[query] = cachedStmt{st, tag}
	return st, nil
}

// forget closes the cached statements that read the links table of layer tag.
func (s *Store) forget(tag int64) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	for q, c := range s.stmts {
		if c.tag == tag {
			c.stmt.Close()
			delete(s.stmts, q)
		}
	}
}

// closeStmts closes every cached statement.
func (s *Store) closeStmts() {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	for q, c := range s.stmts {
		c.stmt.Close()
		delete(s.stmts, q)
	}
}

// cachedTx runs queries of one read transaction through cached statements.
type cachedTx struct {
	s   *Store
	tx  *sql.Tx
	tag int64
}

// stmt returns the transaction's copy of the cached statement; it is closed
// with the transaction.
func (c cachedTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, err := c.s.prepared(ctx, c.tag, query)
	if err != nil {
		return nil, err
	}
	return c.tx.StmtContext(ctx, st), nil
}

func (c cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil {
		// Let the transaction report the error through a Row.
		return c.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
