package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/domainscope/domainscope/graphmodel"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Persisted snapshots (graphmodel.SnapshotBlobStore) live in the table
// snapshots; replaceDataset empties it in every load's transaction.

var _ graphmodel.SnapshotBlobStore = (*Store)(nil)

// SaveSnapshot keeps data under key for version (see
// graphmodel.SnapshotBlobStore). It never waits for a lock: when a load of
// this process or another holds the store, it keeps nothing and returns nil.
func (s *Store) SaveSnapshot(ctx context.Context, key string, version int64, data []byte) error {
	if err := checkSnapshotBlob(key, data); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if !s.writeMu.TryLock() {
		return nil
	}
	defer s.writeMu.Unlock()
	const what = "saving a snapshot"
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.fail(ctx, err, what)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		return s.fail(ctx, err, what)
	}
	defer func() {
		// The connection goes back to the pool: restore its timeout, or
		// have the pool discard it.
		if _, err := conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeoutMS)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (see Open)
	if isBusy(err) {
		return nil
	}
	if err != nil {
		return s.fail(ctx, err, what)
	}
	defer tx.Rollback()
	var current int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'version'`).Scan(&current); err != nil {
		return s.fail(ctx, err, what)
	}
	if current != version {
		return nil
	}
	// Delete, then insert, so that rowid orders the blobs by save.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM snapshots WHERE key = ?`, []any{key}},
		{`INSERT INTO snapshots (key, version, data) VALUES (?, ?, ?)`, []any{key, version, data}},
		{`DELETE FROM snapshots WHERE rowid NOT IN (SELECT rowid FROM snapshots ORDER BY rowid DESC LIMIT ?)`,
			[]any{graphmodel.SnapshotsKept}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return s.fail(ctx, err, what)
		}
	}
	if err := tx.Commit(); isBusy(err) {
		return nil
	} else if err != nil {
		return s.fail(ctx, err, what)
	}
	return nil
}

// Snapshot returns the blob under key when it was saved for the current
// store version; the version is compared in the same statement that reads
// the blob.
func (s *Store) Snapshot(ctx context.Context, key string) ([]byte, int64, error) {
	if err := s.check(); err != nil {
		return nil, 0, err
	}
	var data []byte
	var version int64
	err := s.db.QueryRowContext(ctx, `SELECT s.data, s.version FROM snapshots s
		JOIN meta m ON m.key = 'version' AND m.value = s.version
		WHERE s.key = ?`, key).Scan(&data, &version)
	if err == sql.ErrNoRows {
		return nil, 0, graphmodel.Errorf(graphmodel.ENOTFOUND, "no snapshot %q for the current store version", key)
	}
	if err != nil {
		return nil, 0, s.fail(ctx, err, "reading a snapshot")
	}
	return data, version, nil
}

func checkSnapshotBlob(key string, data []byte) error {
	if key == "" || len(key) > graphmodel.MaxSnapshotKey {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "key", "snapshot key of %d bytes: expected 1 to %d", len(key), graphmodel.MaxSnapshotKey)
	}
	if len(data) > graphmodel.MaxSnapshotBytes {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "data", "snapshot of %d bytes: expected at most %d", len(data), graphmodel.MaxSnapshotBytes)
	}
	return nil
}

// isBusy reports whether err is SQLite's "database is locked" (another
// connection or process holds the write lock).
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}
