package analysis

import (
	"context"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// countingStore counts the Links calls of a store, to tell a decoded
// snapshot from a built one.
type countingStore struct {
	*sqlitestore.Store
	links atomic.Int64
}

func (c *countingStore) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	c.links.Add(1)
	return c.Store.Links(ctx, name, period, fn)
}

// blobFixture is a store with classification SIC (A..D) and two layers:
// labour (flows, directed, with counts) and skill (given relatedness, no
// counts, one negative value).
func blobFixture(t *testing.T) *countingStore {
	t.Helper()
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "blob.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var inds []graphmodel.Industry
	for _, c := range []string{"A", "B", "C", "D"} {
		inds = append(inds, graphmodel.Industry{Code: c, Name: "name " + c})
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "SIC"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	blobLoadLabour(t, st, 0.5)
	if _, err := st.LoadLayer(ctx, graphmodel.LayerLoad{
		Layer: graphmodel.Layer{Name: "skill", Period: "2015", Kind: graphmodel.KindRelatedness, Classification: "SIC", Method: "given", Threshold: -1},
		Links: []graphmodel.Link{{From: "A", To: "C", Value: 0.25}, {From: "B", To: "D", Value: -0.5}},
	}); err != nil {
		t.Fatal(err)
	}
	return &countingStore{Store: st}
}

// blobLoadLabour (re)loads the labour layer with ab the value of A→B.
func blobLoadLabour(t *testing.T, st *sqlitestore.Store, ab float64) {
	t.Helper()
	if _, err := st.LoadLayer(context.Background(), graphmodel.LayerLoad{
		Layer: graphmodel.Layer{Name: "labour", Period: "2010", Kind: graphmodel.KindFlows, Classification: "SIC", Directed: true, Method: "ratio"},
		Links: []graphmodel.Link{{From: "A", To: "B", Count: 10, Value: ab}, {From: "B", To: "C", Count: 3, Value: 0.75}, {From: "C", To: "B", Count: 1, Value: 0.125}},
	}); err != nil {
		t.Fatal(err)
	}
}

// blobBuilt returns the fixture, the spec of both its layers and their
// snapshot, built (and so saved) once.
func blobBuilt(t *testing.T) (*countingStore, SnapshotSpec, *Snapshot) {
	t.Helper()
	st := blobFixture(t)
	spec := SnapshotSpec{Layers: []string{"labour", "skill"}}
	built, err := BuildSnapshot(context.Background(), st, spec)
	if err != nil {
		t.Fatal(err)
	}
	return st, spec, built
}

func TestPersistedSnapshot(t *testing.T) {
	ctx := context.Background()
	st, spec, built := blobBuilt(t)
	if got := st.links.Load(); got != 2 {
		t.Fatalf("first build read the links of %d layers, want 2", got)
	}
	if _, v, err := st.Snapshot(ctx, blobKey(spec)); err != nil || v != built.Version {
		t.Fatalf("after the build the store holds version %d (%v), want %d", v, err, built.Version)
	}
	again, err := BuildSnapshot(ctx, st, spec)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.links.Load(); got != 2 {
		t.Fatalf("second build read links again (%d calls): the persisted snapshot was not used", got)
	}
	if !reflect.DeepEqual(again, built) {
		t.Fatalf("decoded snapshot differs from the built one:\n got %+v\nwant %+v", again, built)
	}
	// Hand-checked: labour merges A–B (0.5, count 10) and B–C (max(0.75,
	// 0.125) = 0.75, count 3 + 1 = 4); skill at threshold −1 keeps A–C 0.25 and
	// B–D −0.5 with weight shifted by 1: 1.25 and 0.5.
	lab, _ := again.Layer("labour")
	if w, c := lab.Graph.W, lab.Count; !reflect.DeepEqual(w, []float64{0.5, 0.5, 0.75, 0.75}) || !reflect.DeepEqual(c, []float64{10, 10, 4, 4}) {
		t.Errorf("decoded labour W %v Count %v, want [0.5 0.5 0.75 0.75] [10 10 4 4]", w, c)
	}
	sk, _ := again.Layer("skill")
	if w, c := sk.Graph.W, sk.Count; !reflect.DeepEqual(w, []float64{1.25, 0.5, 1.25, 0.5}) || !reflect.DeepEqual(c, []float64{0, 0, 0, 0}) {
		t.Errorf("decoded skill W %v Count %v, want [1.25 0.5 1.25 0.5] [0 0 0 0]", w, c)
	}
	if i, ok := again.Index("C"); !ok || i != 2 {
		t.Errorf("decoded Index(C) = %d, %v; want 2, true", i, ok)
	}

	// Another spec is another snapshot.
	other := SnapshotSpec{Layers: []string{"labour"}, Threshold: ptrTo(0.6)}
	if _, err := BuildSnapshot(ctx, st, other); err != nil {
		t.Fatal(err)
	}
	if got := st.links.Load(); got != 3 {
		t.Fatalf("a different spec read %d layers in all, want 3", got)
	}
}

func ptrTo(f float64) *float64 { return &f }

func TestPersistedSnapshotNeverStale(t *testing.T) {
	ctx := context.Background()
	st := blobFixture(t)
	spec := SnapshotSpec{Layers: []string{"labour"}}
	old, err := BuildSnapshot(ctx, st, spec)
	if err != nil {
		t.Fatal(err)
	}
	blobLoadLabour(t, st.Store, 2) // A→B becomes 2: a new store version
	if _, _, err := st.Snapshot(ctx, blobKey(spec)); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Fatalf("after a load the old blob is served: %v", err)
	}
	// Even a blob of the old version saved after the load is not kept.
	if err := st.SaveSnapshot(ctx, blobKey(spec), old.Version, encodeSnapshot(old)); err != nil {
		t.Fatal(err)
	}
	snap, err := BuildSnapshot(ctx, st, spec)
	if err != nil {
		t.Fatal(err)
	}
	lab, _ := snap.Layer("labour")
	if snap.Version != old.Version+1 || lab.Graph.Weight(0, 1) != 2 {
		t.Fatalf("after reload: version %d, A–B weight %v; want %d and 2", snap.Version, lab.Graph.Weight(0, 1), old.Version+1)
	}
}

func TestPersistedSnapshotDamaged(t *testing.T) {
	ctx := context.Background()
	st, spec, built := blobBuilt(t)
	blob := encodeSnapshot(built)
	// Every truncation, and any extra byte, is an error, never a snapshot.
	for n := 0; n < len(blob); n++ {
		if s, err := decodeSnapshot(blob[:n], spec); err == nil {
			t.Fatalf("decoding the first %d of %d bytes gave %+v, want an error", n, len(blob), s)
		}
	}
	if _, err := decodeSnapshot(append(blob[:len(blob):len(blob)], 0), spec); err == nil {
		t.Fatal("a trailing byte was accepted")
	}
	// A neighbour out of range: the first Adj entry of labour follows the
	// magic, the header length, the header and Off (5 int64).
	head := int(uint32(blob[8]) | uint32(blob[9])<<8 | uint32(blob[10])<<16 | uint32(blob[11])<<24)
	bad := append([]byte(nil), blob...)
	bad[12+head+5*8] = 9
	if _, err := decodeSnapshot(bad, spec); err == nil {
		t.Fatal("a neighbour index 9 of 4 nodes was accepted")
	}
	// A damaged blob in the store is rebuilt, not served.
	if err := st.SaveSnapshot(ctx, blobKey(spec), built.Version, bad); err != nil {
		t.Fatal(err)
	}
	calls := st.links.Load()
	snap, err := BuildSnapshot(ctx, st, spec)
	if err != nil {
		t.Fatal(err)
	}
	if st.links.Load() != calls+2 || !reflect.DeepEqual(snap, built) {
		t.Fatalf("damaged blob: %d more Links calls (want 2), snapshot equal to the built one: %v",
			st.links.Load()-calls, reflect.DeepEqual(snap, built))
	}
}
