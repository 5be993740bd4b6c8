// Package sqlitestore implements graphmodel.Store on an embedded SQLite
// database (modernc.org/sqlite, pure Go).
//
// The database runs in WAL mode with foreign_keys=ON, a busy timeout and
// synchronous=FULL: in WAL mode FULL costs one fsync per committed load, and
// in exchange a load that returned successfully survives a power cut, which
// matters because Version keys the caches of derived results.
//
// Reads run concurrently on a database/sql pool; loads are serialised, within
// the process by a mutex and across processes by BEGIN IMMEDIATE.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/domainscope/domainscope/graphmodel"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection or process before failing with EUNAVAILABLE.
const busyTimeoutMS = 10000

// Store is a graphmodel.Store kept in one SQLite file.
type Store struct {
	db      *sql.DB
	path    string
	writeMu sync.Mutex // serialises loads within the process
	closed  atomic.Bool

	stmtMu sync.Mutex
	stmts  map[string]cachedStmt // by query text

	// testHookLinks, when set, is called inside LoadLayer's transaction after
	// half of the links have been inserted (used by the kill test).
	testHookLinks func()
}

var _ graphmodel.Store = (*Store)(nil)

// DefaultPath returns where the store lives by default:
// $XDG_DATA_HOME/domainscope/domainscope.db when XDG_DATA_HOME is an absolute
// path, otherwise the user data directory of the OS (~/.local/share on Linux
// and other Unix systems, ~/Library/Application Support on macOS,
// %LocalAppData% on Windows) followed by domainscope/domainscope.db.
func DefaultPath() (string, error) {
	dir, err := userDataDir()
	if err != nil {
		return "", graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"cannot find the user data directory for the store: %v; give the store path explicitly", err)
	}
	return filepath.Join(dir, "domainscope", "domainscope.db"), nil
}

func userDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not set")
	case "darwin", "ios":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	case "plan9":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "lib"), nil
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share"), nil
	}
}

// Open opens the store at path, creating the file, its directory and the
// schema when needed, and migrating an older schema. A file that cannot be
// opened or is not a domainscope store gives EUNAVAILABLE.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "store path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot open store %s: %v", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot create the directory of store %s: %v", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "cache_size(-32768)") // 32 MiB per connection
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot open store %s", path)
	}
	db.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, runtime.NumCPU()))
	s := &Store{db: db, path: abs}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		var ae *graphmodel.Error
		if errors.As(err, &ae) && ae.Code != graphmodel.EINTERNAL {
			return nil, err
		}
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"cannot open store %s: %s", path, openProblem(err))
	}
	return s, nil
}

// openProblem describes why a file could not be opened as a store, without
// SQL text.
func openProblem(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return "the file is not an SQLite database"
		case sqlite3.SQLITE_CORRUPT:
			return "the database file is corrupt"
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			return "the file cannot be opened (check that it exists and its permissions)"
		case sqlite3.SQLITE_READONLY:
			return "the file is read-only"
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return "the database is locked by another process"
		case sqlite3.SQLITE_FULL:
			return "the disk is full"
		case sqlite3.SQLITE_IOERR:
			return "an I/O error occurred"
		}
	}
	var ae *graphmodel.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return "unexpected database error"
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database. Calls after Close return EUNAVAILABLE.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.closeStmts()
	if err := s.db.Close(); err != nil {
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "closing the store failed")
	}
	return nil
}

// Ping checks that the database file can be read.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_version`).Scan(&n); err != nil {
		return s.fail(ctx, err, "pinging the store")
	}
	return nil
}

// Version returns the store version, 0 for an empty store.
func (s *Store) Version(ctx context.Context) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var v int64
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'version'`).Scan(&v); err != nil {
		return 0, s.fail(ctx, err, "reading the store version")
	}
	return v, nil
}

func (s *Store) check() error {
	if s.closed.Load() {
		return graphmodel.Errorf(graphmodel.EUNAVAILABLE, "the store is closed")
	}
	return nil
}

// ready checks the store, then v (the input of a write).
func (s *Store) ready(v interface{ Validate() error }) error {
	if err := s.check(); err != nil {
		return err
	}
	return v.Validate()
}

// fail turns an error met while doing what into an *graphmodel.Error. An
// *graphmodel.Error passes through; a done context gives EUNAVAILABLE with the
// context's error as cause; a locked or unreadable database gives
// EUNAVAILABLE; anything else EINTERNAL. Messages never contain SQL.
func (s *Store) fail(ctx context.Context, err error, what string) error {
	if err == nil {
		return nil
	}
	var ae *graphmodel.Error
	if errors.As(err, &ae) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil {
		reason := "was cancelled"
		if errors.Is(cerr, context.DeadlineExceeded) {
			reason = "timed out"
		}
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, fmt.Errorf("%w (%w)", cerr, err), "%s %s", what, reason)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s was cancelled", what)
	}
	if s.closed.Load() {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the store is closed", what)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the store is busy (locked by another writer)", what)
		case sqlite3.SQLITE_FULL:
			return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the disk is full", what)
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the database file cannot be read or written", what)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the database file is corrupt", what)
		}
	}
	return graphmodel.WrapError(graphmodel.EINTERNAL, err, "%s failed", what)
}
