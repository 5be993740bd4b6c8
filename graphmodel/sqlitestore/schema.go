package sqlitestore

import (
	"context"
	"database/sql"

	"github.com/domainscope/domainscope/graphmodel"
)

// migrations[i] takes the schema from version i to version i+1. Append new
// migrations; never edit one that has been released. The per-layer tables
// links_N are created by LoadLayer, not here: a migration that changes them
// must visit every layer id.
var migrations = []string{
	// 1: initial schema.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('version', 0);

CREATE TABLE datasets (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	kind      TEXT NOT NULL,
	target    TEXT NOT NULL,
	records   INTEGER NOT NULL,
	version   INTEGER NOT NULL,
	source    TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	rows      INTEGER NOT NULL,
	options   TEXT NOT NULL,  -- JSON object
	loaded_at TEXT NOT NULL,  -- UTC, RFC 3339 with nanoseconds
	UNIQUE (kind, target)
);

CREATE TABLE classifications (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	levels     TEXT NOT NULL, -- JSON array of level names
	dataset_id INTEGER REFERENCES datasets (id)
);
CREATE INDEX classifications_dataset ON classifications (dataset_id);

CREATE TABLE industries (
	id                INTEGER PRIMARY KEY,
	classification_id INTEGER NOT NULL REFERENCES classifications (id),
	code              TEXT NOT NULL,
	name              TEXT NOT NULL,
	parent            TEXT NOT NULL, -- code of the parent, '' at the top
	level             INTEGER NOT NULL,
	UNIQUE (classification_id, code)
);

CREATE TABLE layers (
	id                INTEGER PRIMARY KEY,
	name              TEXT NOT NULL,
	period            TEXT NOT NULL,
	kind              TEXT NOT NULL,
	classification_id INTEGER NOT NULL REFERENCES classifications (id),
	directed          INTEGER NOT NULL,
	method            TEXT NOT NULL,
	threshold         REAL NOT NULL,
	links             INTEGER NOT NULL,
	nodes             INTEGER NOT NULL,
	dataset_id        INTEGER NOT NULL REFERENCES datasets (id),
	version           INTEGER NOT NULL,
	UNIQUE (name, period)
);
CREATE INDEX layers_classification ON layers (classification_id);
CREATE INDEX layers_dataset ON layers (dataset_id);

-- The industries a layer's links touch; links reference it, so that an
-- industry in use cannot be deleted and the check is an index look-up.
CREATE TABLE layer_nodes (
	layer_id    INTEGER NOT NULL REFERENCES layers (id),
	industry_id INTEGER NOT NULL REFERENCES industries (id),
	PRIMARY KEY (layer_id, industry_id)
) WITHOUT ROWID;
CREATE INDEX layer_nodes_industry ON layer_nodes (industry_id);

-- The links of layer N live in their own table links_N (see linksTable):
-- bulk loads then insert in primary-key order and build the index on dst
-- afterwards, and replacing a layer drops one table.

CREATE TABLE regions (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE regional_sets (
	id                INTEGER PRIMARY KEY,
	measure           TEXT NOT NULL,
	classification_id INTEGER NOT NULL REFERENCES classifications (id),
	period            TEXT NOT NULL,
	dataset_id        INTEGER NOT NULL REFERENCES datasets (id),
	UNIQUE (measure, classification_id, period)
);
CREATE INDEX regional_sets_classification ON regional_sets (classification_id);
CREATE INDEX regional_sets_dataset ON regional_sets (dataset_id);

CREATE TABLE regional_values (
	set_id      INTEGER NOT NULL REFERENCES regional_sets (id),
	region_id   TEXT NOT NULL REFERENCES regions (id),
	industry_id INTEGER NOT NULL REFERENCES industries (id),
	value       REAL NOT NULL,
	PRIMARY KEY (set_id, region_id, industry_id)
) WITHOUT ROWID;
CREATE INDEX regional_values_industry ON regional_values (industry_id);
CREATE INDEX regional_values_region ON regional_values (region_id);
`,
	// 2: user data (hypotheses, domain names). Codes are kept as text, not
	// as references to industries, so that reloading a classification never
	// fails on them; they are checked when written.
	`
CREATE TABLE hypotheses (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	name           TEXT NOT NULL,
	classification TEXT NOT NULL,
	codes          TEXT NOT NULL, -- JSON array, sorted, no repeats
	source         TEXT NOT NULL,
	params         TEXT NOT NULL, -- JSON object (graphmodel.HypothesisParams)
	notes          TEXT NOT NULL,
	author         TEXT NOT NULL,
	created_at     TEXT NOT NULL, -- UTC, RFC 3339 with microseconds
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL
);

CREATE TABLE domain_names (
	key            TEXT PRIMARY KEY, -- graphmodel.DomainKey
	classification TEXT NOT NULL,
	layers         TEXT NOT NULL, -- JSON array of name@period, sorted
	codes          TEXT NOT NULL, -- JSON array, sorted, no repeats
	name           TEXT NOT NULL,
	updated_at     TEXT NOT NULL
) WITHOUT ROWID;
`,
	// 3: link evidence. Layers say whether their links carry it; the links
	// tables of existing layers get p and q (0: none) in migrateLinksEvidence.
	`ALTER TABLE layers ADD COLUMN evidence INTEGER NOT NULL DEFAULT 0;`,
	// 4: region boundaries (graphmodel.BoundaryStore): one GeoJSON geometry per region.
	`
CREATE TABLE region_shapes (
	region_id TEXT PRIMARY KEY REFERENCES regions (id),
	geometry  TEXT NOT NULL -- GeoJSON Polygon or MultiPolygon, compact
) WITHOUT ROWID;
`,
	// 5: persisted snapshots (graphmodel.SnapshotBlobStore): blobs derived
	// from one store version, dropped by every load. A rowid table, so that
	// large blobs stay out of the key's b-tree and rowid orders the saves.
	`
CREATE TABLE snapshots (
	key     TEXT NOT NULL UNIQUE,
	version INTEGER NOT NULL, -- meta version the data was derived from
	data    BLOB NOT NULL
);
`,
}

// evidenceMigration is the index in migrations of the link-evidence step.
const evidenceMigration = 2

// linkMigrations[i], when set, runs after migrations[i] in the same
// transaction, for the changes every links_N table needs.
var linkMigrations = map[int]func(ctx context.Context, tx *sql.Tx) error{
	evidenceMigration: migrateLinksEvidence,
}

// migrateLinksEvidence adds the evidence columns p and q (0) to the links table of
// every layer stored before schema version 3.
func migrateLinksEvidence(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM layers ORDER BY id`)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		for _, col := range []string{"p", "q"} {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+linksTable(id)+` ADD COLUMN `+col+` REAL NOT NULL DEFAULT 0`); err != nil {
				return err
			}
		}
	}
	return nil
}

// SchemaVersion is the schema version this package writes.
var SchemaVersion = len(migrations)

// migrate creates the schema_version table if needed and applies the
// migrations the file has not seen, in one transaction. A store already at
// SchemaVersion is recognised by one read, without the write lock, so that
// opening a store to read neither waits for a load in another process nor
// makes one wait.
func (s *Store) migrate(ctx context.Context) error {
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&current); err == nil && current == len(migrations) {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	var v int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	switch {
	case err == sql.ErrNoRows:
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if v > len(migrations) {
		return graphmodel.Errorf(graphmodel.EUNAVAILABLE,
			"store %s has schema version %d, newer than this program supports (%d); use a newer domainscope",
			s.path, v, len(migrations))
	}
	if v == len(migrations) {
		return nil // nothing to write: do not hold the write lock any longer
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return err
		}
		if m := linkMigrations[i]; m != nil {
			if err := m(ctx, tx); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, len(migrations)); err != nil {
		return err
	}
	return tx.Commit()
}
