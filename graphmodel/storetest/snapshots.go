package storetest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// The persisted-snapshot part of the suite: the outcomes
// graphmodel.SnapshotBlobStore lists. The capability is optional; a store
// without it skips this test.

func testSnapshotBlobs(t *testing.T, s graphmodel.Store) {
	ps, ok := s.(graphmodel.SnapshotBlobStore)
	if !ok {
		t.Skipf("%T does not implement graphmodel.SnapshotBlobStore (optional): analyses build every snapshot from the links", s)
	}
	ctx := t.Context()
	_, _, err := ps.Snapshot(ctx, "k")
	wantCode(t, err, graphmodel.ENOTFOUND)

	loadInd(t, s, flatLoad())
	v := get(s.Version(ctx)).ok(t)
	data := []byte("blob\x00\xff with any bytes")
	if err := ps.SaveSnapshot(ctx, "k", v, data); err != nil {
		t.Fatal(err)
	}
	got, gv, err := ps.Snapshot(ctx, "k")
	if err != nil || !bytes.Equal(got, data) || gv != v {
		t.Fatalf("Snapshot(k) = %q, %d, %v; want %q, %d", got, gv, err, data, v)
	}
	// Saving again replaces.
	if err := ps.SaveSnapshot(ctx, "k", v, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := ps.Snapshot(ctx, "k"); string(got) != "second" {
		t.Fatalf("after a second save Snapshot(k) = %q, want %q", got, "second")
	}
	// A version other than the current one keeps nothing.
	for _, stale := range []int64{v - 1, v + 1} {
		if err := ps.SaveSnapshot(ctx, "stale", stale, data); err != nil {
			t.Fatal(err)
		}
		_, _, err := ps.Snapshot(ctx, "stale")
		wantCode(t, err, graphmodel.ENOTFOUND)
	}
	// A load makes every blob unreachable.
	loadLayer(t, s, flowsLoad())
	_, _, err = ps.Snapshot(ctx, "k")
	wantCode(t, err, graphmodel.ENOTFOUND)
	// A failed load changes nothing.
	v = get(s.Version(ctx)).ok(t)
	if err := ps.SaveSnapshot(ctx, "k", v, data); err != nil {
		t.Fatal(err)
	}
	bad := flowsLoad()
	bad.Links = append(bad.Links, graphmodel.Link{From: "a", To: "zz", Value: 1})
	_, err = s.LoadLayer(ctx, bad)
	wantCode(t, err, graphmodel.EINVALID)
	if got, _, err := ps.Snapshot(ctx, "k"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("after a failed load Snapshot(k) = %q, %v; want the saved blob", got, err)
	}
	// At most SnapshotsKept blobs: the oldest saves go first.
	for i := 0; i < graphmodel.SnapshotsKept+2; i++ {
		if err := ps.SaveSnapshot(ctx, fmt.Sprint("n", i), v, []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < graphmodel.SnapshotsKept+2; i++ {
		got, _, err := ps.Snapshot(ctx, fmt.Sprint("n", i))
		if kept := i >= 2; kept != (err == nil) || (kept && !bytes.Equal(got, []byte{byte(i)})) {
			t.Errorf("blob n%d after %d saves: %q, %v; want kept = %v", i, graphmodel.SnapshotsKept+2, got, err, kept)
		}
	}
	_, _, err = ps.Snapshot(ctx, "k")
	wantCode(t, err, graphmodel.ENOTFOUND)
	// Bad keys and sizes.
	wantCode(t, ps.SaveSnapshot(ctx, "", v, data), graphmodel.EINVALID, "snapshot key")
	wantCode(t, ps.SaveSnapshot(ctx, strings.Repeat("k", graphmodel.MaxSnapshotKey+1), v, data), graphmodel.EINVALID, "snapshot key")
}
