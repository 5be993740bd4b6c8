package graphmodel

import "context"

// Limits of SnapshotBlobStore.SaveSnapshot.
const (
	MaxSnapshotKey   = 4096      // bytes of a key
	MaxSnapshotBytes = 512 << 20 // bytes of one blob
	// SnapshotsKept is how many blobs a store keeps at most: saving one
	// more drops the oldest.
	SnapshotsKept = 8
)

// SnapshotBlobStore keeps data derived from one store version — the
// analyses' graph snapshots, encoded by package analysis — so that a later
// process can reuse it instead of reading every link again. It is a cache
// that never serves stale data: a blob is returned only while the store
// Version is the one it was saved for. It is optional: analyses check
// whether a store implements it and otherwise build every snapshot from the
// links. Outcomes as listed in store.go, and:
type SnapshotBlobStore interface {
	// SaveSnapshot keeps data under key for store version version,
	// replacing what key held, and drops the oldest blobs beyond
	// SnapshotsKept. It keeps nothing and returns nil when the store's
	// Version is no longer version (the data describes an older store) or
	// when another writer holds the store (a cache need not wait). An empty
	// key or one longer than MaxSnapshotKey bytes, or data longer than
	// MaxSnapshotBytes, is EINVALID. A successful load drops every blob.
	SaveSnapshot(ctx context.Context, key string, version int64, data []byte) error
	// Snapshot returns the data kept under key and the version it was
	// saved for, which is the store's current Version (both read in one
	// transaction). ENOTFOUND when key holds nothing for the current
	// Version.
	Snapshot(ctx context.Context, key string) ([]byte, int64, error)
}
