package sqlitestore

import (
	"context"
	"database/sql"
)

// rowQuerier runs a query: *sql.DB, *sql.Tx or cachedTx.
type rowQuerier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// rowScanner is a row to scan: *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// queryAll runs query and returns scan of every row in order (nil when there
// is none); the first error is returned as it is.
func queryAll[T any](ctx context.Context, q rowQuerier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// list checks the store, then returns queryAll on the database; a failure is
// reported by s.fail as what.
func list[T any](ctx context.Context, s *Store, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.db, scan, query, args...)
	if err != nil {
		return nil, s.fail(ctx, err, what)
	}
	return out, nil
}

// queryMap runs a query of two columns and maps the first to the second.
func queryMap[K comparable, V any](ctx context.Context, q rowQuerier, query string, args ...any) (map[K]V, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[K]V{}
	for rows.Next() {
		var k K
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

// scanOne scans a single column.
func scanOne[T any](sc rowScanner) (T, error) {
	var v T
	err := sc.Scan(&v)
	return v, err
}

// regionSet returns the ids of the stored regions.
func regionSet(ctx context.Context, q rowQuerier) (map[string]bool, error) {
	stored, err := strings1(ctx, q, `SELECT id FROM regions`)
	if err != nil {
		return nil, err
	}
	regions := make(map[string]bool, len(stored))
	for _, id := range stored {
		regions[id] = true
	}
	return regions, nil
}

// written returns *v once a write succeeded (err is nil), else the zero T
// and err; the write fills *v, so it must be the argument that runs it.
func written[T any](v *T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return *v, nil
}
