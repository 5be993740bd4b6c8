package analysis

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graph"

	"github.com/domainscope/domainscope/graphmodel"
)

// snapTestStore is a tiny map-based graphmodel.Store for these tests. It
// implements what snapshots read (industries, layers, links, version; Layers
// to resolve a layer's default period); the
// regional part and Neighbours are not needed here and return EINTERNAL.
type snapTestStore struct {
	mu         sync.Mutex
	version    int64
	classes    map[string]graphmodel.Classification
	industries map[string][]graphmodel.Industry
	layers     map[string]graphmodel.Layer // by key
	links      map[string][]graphmodel.Link

	linksCalls atomic.Int64
	linksGate  chan struct{} // if set, Links waits for it to be closed
	linksEnter chan struct{} // if set, Links sends on it when entered
	failLinks  error
}

func newSnapTestStore() *snapTestStore {
	return &snapTestStore{
		classes:    map[string]graphmodel.Classification{},
		industries: map[string][]graphmodel.Industry{},
		layers:     map[string]graphmodel.Layer{},
		links:      map[string][]graphmodel.Link{},
	}
}

var errSnapTestUnused = graphmodel.Errorf(graphmodel.EINTERNAL, "snapTestStore: not used by snapshot tests")

func (s *snapTestStore) LoadIndustries(_ context.Context, l graphmodel.IndustriesLoad) (graphmodel.Dataset, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inds := append([]graphmodel.Industry(nil), l.Industries...)
	sort.Slice(inds, func(a, b int) bool {
		if inds[a].Level != inds[b].Level {
			return inds[a].Level < inds[b].Level
		}
		return inds[a].Code < inds[b].Code
	})
	s.classes[l.Classification.Name] = l.Classification
	s.industries[l.Classification.Name] = inds
	s.version++
	return graphmodel.Dataset{Version: s.version}, nil
}

func (s *snapTestStore) LoadLayer(_ context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.classes[l.Layer.Classification]; !ok {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown classification %s", l.Layer.Classification)
	}
	s.version++
	layer := l.Layer
	layer.Links, layer.Version = len(l.Links), s.version
	s.layers[layer.Key()] = layer
	s.links[layer.Key()] = append([]graphmodel.Link(nil), l.Links...)
	return graphmodel.Dataset{Version: s.version}, nil
}

func (s *snapTestStore) LoadRegional(context.Context, graphmodel.RegionalLoad) (graphmodel.Dataset, error) {
	return graphmodel.Dataset{}, errSnapTestUnused
}

func (s *snapTestStore) Version(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version, nil
}

func (s *snapTestStore) Datasets(context.Context) ([]graphmodel.Dataset, error) {
	return nil, errSnapTestUnused
}

func (s *snapTestStore) Classifications(context.Context) ([]graphmodel.Classification, error) {
	return nil, errSnapTestUnused
}

func (s *snapTestStore) Industries(_ context.Context, class string) ([]graphmodel.Industry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inds, ok := s.industries[class]
	if !ok {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown classification %s", class)
	}
	return inds, nil
}

func (s *snapTestStore) Industry(context.Context, string, string) (graphmodel.Industry, error) {
	return graphmodel.Industry{}, errSnapTestUnused
}

func (s *snapTestStore) Layers(context.Context) ([]graphmodel.Layer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []graphmodel.Layer
	for _, l := range s.layers {
		out = append(out, l)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Name != out[b].Name {
			return out[a].Name < out[b].Name
		}
		return out[a].Period < out[b].Period
	})
	return out, nil
}

func (s *snapTestStore) Layer(_ context.Context, name, period string) (graphmodel.Layer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *graphmodel.Layer
	for _, l := range s.layers {
		if l.Name == name && (period == "" && (best == nil || l.Period > best.Period) || l.Period == period) {
			l := l
			best = &l
		}
	}
	if best == nil {
		return graphmodel.Layer{}, graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown layer %s@%s", name, period)
	}
	return *best, nil
}

func (s *snapTestStore) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	s.linksCalls.Add(1)
	if s.linksEnter != nil {
		s.linksEnter <- struct{}{}
	}
	if s.linksGate != nil {
		<-s.linksGate
	}
	s.mu.Lock()
	links, ok := s.links[name+"@"+period]
	fail := s.failLinks
	s.mu.Unlock()
	if fail != nil {
		return fail
	}
	if !ok {
		return graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown layer %s@%s", name, period)
	}
	for _, l := range links {
		if err := fn(l); err != nil {
			return err
		}
	}
	return ctx.Err()
}

func (s *snapTestStore) Neighbours(context.Context, graphmodel.NeighbourQuery) ([]graphmodel.Neighbour, error) {
	return nil, errSnapTestUnused
}
func (s *snapTestStore) Regions(context.Context) ([]graphmodel.Region, error) {
	return nil, errSnapTestUnused
}
func (s *snapTestStore) RegionalSets(context.Context) ([]graphmodel.RegionalSet, error) {
	return nil, errSnapTestUnused
}
func (s *snapTestStore) RegionalValues(context.Context, graphmodel.RegionalSet) ([]graphmodel.RegionalValue, error) {
	return nil, errSnapTestUnused
}
func (s *snapTestStore) Ping(context.Context) error { return nil }
func (s *snapTestStore) Close() error               { return nil }

var _ graphmodel.Store = (*snapTestStore)(nil)

func snapMustLoad(t testing.TB, s *snapTestStore, layer graphmodel.Layer, links []graphmodel.Link) {
	t.Helper()
	if _, err := s.LoadLayer(context.Background(), graphmodel.LayerLoad{Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}
}

// snapFixture: classification SIC with sections X, Y (level 0) and classes
// A..G (level 1; G has no link), a directed labour layer in two periods and
// an undirected copatent layer, and a layer of another classification.
func snapFixture(t testing.TB) *snapTestStore {
	t.Helper()
	s := newSnapTestStore()
	ctx := context.Background()
	ind := func(code, parent string, level int) graphmodel.Industry {
		return graphmodel.Industry{Classification: "SIC", Code: code, Name: "name " + code, Parent: parent, Level: level}
	}
	inds := []graphmodel.Industry{ind("Y", "", 0), ind("X", "", 0)}
	for _, c := range "GFEDCBA" {
		parent := "X"
		if c > 'C' {
			parent = "Y"
		}
		inds = append(inds, ind(string(c), parent, 1))
	}
	if _, err := s.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "SIC"}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadIndustries(ctx, graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "NACE"}, Industries: []graphmodel.Industry{{Classification: "NACE", Code: "01"}, {Classification: "NACE", Code: "02"}}}); err != nil {
		t.Fatal(err)
	}
	l := func(from, to string, count, value float64) graphmodel.Link {
		return graphmodel.Link{From: from, To: to, Count: count, Value: value}
	}
	snapMustLoad(t, s, graphmodel.Layer{Name: "labour", Period: "2014-2018", Kind: graphmodel.KindFlows, Classification: "SIC", Directed: true, Method: "ratio"},
		[]graphmodel.Link{
			l("A", "B", 10, 0.5), l("B", "A", 8, 0.5), // merged: value 0.5, count 18
			l("A", "C", 3, 0.2), l("C", "A", 1, -0.1), // merged: value max(0.2, −0.1) = 0.2, count 4
			l("B", "C", 2, -0.3), // below 0: dropped at threshold 0
			l("C", "D", 1, 0),    // equal to 0: dropped at threshold 0
			l("D", "D", 50, 0.9), // self-link: dropped, but D is a node
		})
	snapMustLoad(t, s, graphmodel.Layer{Name: "labour", Period: "2009-2013", Kind: graphmodel.KindFlows, Classification: "SIC", Directed: true, Method: "ratio"},
		[]graphmodel.Link{l("A", "G", 5, 0.7)})
	snapMustLoad(t, s, graphmodel.Layer{Name: "copatent", Period: "2014-2018", Kind: graphmodel.KindCoOccurrence, Classification: "SIC", Method: "association", Threshold: 0},
		[]graphmodel.Link{l("D", "E", 5, 0.4), l("A", "E", 2, 0.1), l("E", "F", 1, -0.2)})
	snapMustLoad(t, s, graphmodel.Layer{Name: "nace", Period: "2015", Kind: graphmodel.KindRelatedness, Classification: "NACE", Method: "given"},
		[]graphmodel.Link{l("01", "02", 0, 0.3)})
	return s
}

func checkCSR(t *testing.T, name string, l *SnapshotLayer, off []int64, adj []int32, w, cnt []float64) {
	t.Helper()
	g := l.Graph
	if !reflect.DeepEqual(g.Off, off) || !reflect.DeepEqual(g.Adj, adj) {
		t.Errorf("%s: Off %v Adj %v, want %v %v", name, g.Off, g.Adj, off, adj)
	}
	if len(g.W) != len(w) || len(l.Count) != len(cnt) {
		t.Fatalf("%s: W %v Count %v, want %v %v", name, g.W, l.Count, w, cnt)
	}
	for k := range w {
		if d := g.W[k] - w[k]; d > 1e-12 || d < -1e-12 || l.Count[k] != cnt[k] {
			t.Errorf("%s: W %v Count %v, want %v %v", name, g.W, l.Count, w, cnt)
			break
		}
	}
	// The CSR must be what NewGraph builds from the same edges.
	var edges []graph.Edge
	for i := 0; i < g.Nodes(); i++ {
		for k := g.Off[i]; k < g.Off[i+1]; k++ {
			if j := g.Adj[k]; int(j) > i {
				edges = append(edges, graph.Edge{I: int32(i), J: j, W: g.W[k]})
			}
		}
	}
	ng, err := graph.NewGraph(g.Nodes(), edges)
	if err != nil || !reflect.DeepEqual(ng, g) {
		t.Errorf("%s: graph %+v differs from NewGraph's %+v (%v)", name, g, ng, err)
	}
}

func TestBuildSnapshot(t *testing.T) {
	s := snapFixture(t)
	ctx := context.Background()
	snap, err := BuildSnapshot(ctx, s, SnapshotSpec{Layers: []string{"labour", "copatent"}})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Version != 6 || snap.Classification != "SIC" {
		t.Errorf("version %d classification %s, want 6 SIC", snap.Version, snap.Classification)
	}
	// Nodes: classes with a stored link in labour@2014-2018 or copatent; G only
	// links in the older period, X and Y have no link.
	if want := []string{"A", "B", "C", "D", "E", "F"}; !reflect.DeepEqual(snap.Codes, want) {
		t.Fatalf("codes %v, want %v", snap.Codes, want)
	}
	if !reflect.DeepEqual(snap.Parents, []string{"X", "X", "X", "Y", "Y", "Y"}) ||
		!reflect.DeepEqual(snap.Levels, []int{1, 1, 1, 1, 1, 1}) || snap.Names[3] != "name D" {
		t.Errorf("parents %v levels %v names %v", snap.Parents, snap.Levels, snap.Names)
	}
	if i, ok := snap.Index("E"); !ok || i != 4 {
		t.Errorf("Index(E) = %d, %v", i, ok)
	}
	if _, ok := snap.Index("G"); ok {
		t.Error("G has no link in the selected layers but is a node")
	}
	if len(snap.Layers) != 2 || snap.Layers[0].Layer.Key() != "labour@2014-2018" || snap.Layers[1].Layer.Key() != "copatent@2014-2018" {
		t.Fatalf("layers %+v", snap.Layers)
	}
	// labour: {A,B} value 0.5 count 10+8; {A,C} value max(0.2,−0.1) count 3+1;
	// B–C (−0.3) and C–D (0) are not above 0; D–D is a self-link.
	checkCSR(t, "labour", &snap.Layers[0],
		[]int64{0, 2, 3, 4, 4, 4, 4}, []int32{1, 2, 0, 0}, []float64{0.5, 0.2, 0.5, 0.2}, []float64{18, 4, 18, 4})
	// copatent: {A,E} 0.1 count 2, {D,E} 0.4 count 5; E–F (−0.2) dropped.
	checkCSR(t, "copatent", &snap.Layers[1],
		[]int64{0, 1, 1, 1, 2, 4, 4}, []int32{4, 4, 0, 3}, []float64{0.1, 0.4, 0.1, 0.4}, []float64{2, 5, 2, 5})
	if l, ok := snap.Layer("copatent"); !ok || l != &snap.Layers[1] {
		t.Error("Layer(copatent) not found")
	}
	if _, ok := snap.Layer("labour@2009-2013"); ok {
		t.Error("Layer(labour@2009-2013) found in a snapshot of the latest period")
	}
}

func TestBuildSnapshotThreshold(t *testing.T) {
	s := snapFixture(t)
	ctx := context.Background()
	neg := -0.25
	snap, err := BuildSnapshot(ctx, s, SnapshotSpec{Layers: []string{"labour", "copatent@2014-2018"}, Threshold: &neg})
	if err != nil {
		t.Fatal(err)
	}
	neg = 7 // the snapshot keeps its own copy of the spec
	if *snap.Spec.Threshold != -0.25 || snap.Layers[0].Threshold != -0.25 {
		t.Errorf("spec threshold %v, layer threshold %v, want -0.25", *snap.Spec.Threshold, snap.Layers[0].Threshold)
	}
	// Threshold −0.25: weights are value + 0.25. labour keeps A–B 0.75, A–C 0.45,
	// C–D 0.25; B–C (−0.3) is dropped.
	checkCSR(t, "labour", &snap.Layers[0],
		[]int64{0, 2, 3, 5, 6, 6, 6}, []int32{1, 2, 0, 0, 3, 2}, []float64{0.75, 0.45, 0.75, 0.45, 0.25, 0.25}, []float64{18, 4, 18, 4, 1, 1})
	// copatent keeps A–E 0.35, D–E 0.65 and E–F −0.2+0.25 = 0.05.
	checkCSR(t, "copatent", &snap.Layers[1],
		[]int64{0, 1, 1, 1, 2, 5, 6}, []int32{4, 4, 0, 3, 5, 4}, []float64{0.35, 0.65, 0.35, 0.65, 0.05, 0.05}, []float64{2, 5, 2, 5, 1, 1})

	pos := 0.3
	snap, err = BuildSnapshot(ctx, s, SnapshotSpec{Layers: []string{"labour", "copatent"}, Threshold: &pos})
	if err != nil {
		t.Fatal(err)
	}
	// Threshold 0.3 > 0: weights are the values; only A–B 0.5 and D–E 0.4 remain.
	checkCSR(t, "labour", &snap.Layers[0], []int64{0, 1, 2, 2, 2, 2, 2}, []int32{1, 0}, []float64{0.5, 0.5}, []float64{18, 18})
	checkCSR(t, "copatent", &snap.Layers[1], []int64{0, 0, 0, 0, 1, 2, 2}, []int32{4, 3}, []float64{0.4, 0.4}, []float64{5, 5})
}

func TestBuildSnapshotPeriods(t *testing.T) {
	s := snapFixture(t)
	ctx := context.Background()
	for _, spec := range []SnapshotSpec{
		{Layers: []string{"labour@2009-2013"}},
		{Layers: []string{"labour"}, Period: "2009-2013"},
	} {
		snap, err := BuildSnapshot(ctx, s, spec)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Layers[0].Layer.Period != "2009-2013" || !reflect.DeepEqual(snap.Codes, []string{"A", "G"}) {
			t.Errorf("%+v: period %s codes %v, want 2009-2013 [A G]", spec, snap.Layers[0].Layer.Period, snap.Codes)
		}
		checkCSR(t, "labour@2009-2013", &snap.Layers[0], []int64{0, 1, 2}, []int32{1, 0}, []float64{0.7, 0.7}, []float64{5, 5})
	}
}

func TestBuildSnapshotErrors(t *testing.T) {
	s := snapFixture(t)
	ctx := context.Background()
	nan := 0.0
	nan /= nan
	cases := []struct {
		spec       SnapshotSpec
		code, text string
	}{
		{SnapshotSpec{}, graphmodel.EINVALID, "snapshot: no layers selected"},
		{SnapshotSpec{Layers: []string{"labour", "nace"}}, graphmodel.EINVALID,
			"snapshot: layers labour@2014-2018 (SIC) and nace@2015 (NACE) use different classifications; a snapshot needs one"},
		{SnapshotSpec{Layers: []string{"labour", "labour@2014-2018"}}, graphmodel.EINVALID, "layer labour@2014-2018 selected twice"},
		{SnapshotSpec{Layers: []string{"@2015"}}, graphmodel.EINVALID, "name is empty"},
		{SnapshotSpec{Layers: []string{"labour"}, Threshold: &nan}, graphmodel.EINVALID, "threshold must be a finite number, found NaN"},
		// The store's own error passes through.
		{SnapshotSpec{Layers: []string{"io"}}, graphmodel.ENOTFOUND, "unknown layer io@"},
		{SnapshotSpec{Layers: []string{"labour@1990"}}, graphmodel.ENOTFOUND, "unknown layer labour@1990"},
	}
	for _, c := range cases {
		snap, err := BuildSnapshot(ctx, s, c.spec)
		if snap != nil {
			t.Errorf("%+v: snapshot with an error", c.spec)
		}
		wantRelError(t, err, c.code, c.text)
	}
	// A link to a code the classification lacks is a store inconsistency.
	snapMustLoad(t, s, graphmodel.Layer{Name: "bad", Period: "1", Classification: "SIC"}, []graphmodel.Link{{From: "A", To: "Q", Value: 1}})
	_, err := BuildSnapshot(ctx, s, SnapshotSpec{Layers: []string{"bad"}})
	wantRelError(t, err, graphmodel.EINTERNAL, "layer bad@1: link A→Q: Q is not an industry of SIC")
	// A cancelled context stops the build.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = BuildSnapshot(cctx, s, SnapshotSpec{Layers: []string{"labour"}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v, want context.Canceled", err)
	}
}

// versionBumpStore loads a layer during the first n Links calls, so that the
// store version changes during a build.
type versionBumpStore struct {
	*snapTestStore
	bumps int
}

func (s *versionBumpStore) Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error {
	if s.bumps > 0 {
		s.bumps--
		if _, err := s.LoadLayer(ctx, graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: "other", Period: "x", Classification: "SIC"}}); err != nil {
			return err
		}
	}
	return s.snapTestStore.Links(ctx, name, period, fn)
}

func TestBuildSnapshotStoreChanges(t *testing.T) {
	s := &versionBumpStore{snapTestStore: snapFixture(t), bumps: 1}
	snap, err := BuildSnapshot(context.Background(), s, SnapshotSpec{Layers: []string{"copatent"}})
	if err != nil {
		t.Fatal(err)
	}
	// Built at version 6, changed to 7 during the build, rebuilt at 7.
	if snap.Version != 7 || s.linksCalls.Load() != 2 {
		t.Errorf("version %d after %d builds, want 7 after 2", snap.Version, s.linksCalls.Load())
	}
	s.bumps = snapshotAttempts
	_, err = BuildSnapshot(context.Background(), s, SnapshotSpec{Layers: []string{"copatent"}})
	wantRelError(t, err, graphmodel.ECONFLICT, "store changed during 3 builds")
}

func TestSnapshotCache(t *testing.T) {
	s := snapFixture(t)
	ctx := context.Background()
	c := NewSnapshotCache(2)
	spec := SnapshotSpec{Layers: []string{"copatent"}}
	a, err := c.Get(ctx, s, spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Get(ctx, s, SnapshotSpec{Layers: []string{"copatent"}})
	if err != nil {
		t.Fatal(err)
	}
	if a != b || s.linksCalls.Load() != 1 {
		t.Errorf("second Get: same snapshot %v, %d builds; want a hit and 1 build", a == b, s.linksCalls.Load())
	}
	// A different threshold is a different key.
	th := 0.2
	d, err := c.Get(ctx, s, SnapshotSpec{Layers: []string{"copatent"}, Threshold: &th})
	if err != nil || d == a || s.linksCalls.Load() != 2 {
		t.Fatalf("other threshold: %v, same %v, %d builds; want 2", err, d == a, s.linksCalls.Load())
	}

	// A load raises the version: miss, rebuild, and the old entries go.
	snapMustLoad(t, s, graphmodel.Layer{Name: "copatent", Period: "2014-2018", Kind: graphmodel.KindCoOccurrence, Classification: "SIC"},
		[]graphmodel.Link{{From: "A", To: "B", Count: 1, Value: 0.3}})
	e, err := c.Get(ctx, s, spec)
	if err != nil {
		t.Fatal(err)
	}
	if e == a || e.Version != 7 || s.linksCalls.Load() != 3 || c.Len() != 1 {
		t.Errorf("after a load: new %v version %d builds %d len %d; want new, 7, 3, 1", e != a, e.Version, s.linksCalls.Load(), c.Len())
	}
	if !reflect.DeepEqual(e.Codes, []string{"A", "B"}) {
		t.Errorf("rebuilt codes %v, want [A B]", e.Codes)
	}

	// LRU bound 2: get X, Y, touch X, get Z evicts Y.
	specs := []SnapshotSpec{{Layers: []string{"labour"}}, {Layers: []string{"labour@2009-2013"}}, {Layers: []string{"labour"}, Threshold: &th}}
	get := func(sp SnapshotSpec) {
		t.Helper()
		if _, err := c.Get(ctx, s, sp); err != nil {
			t.Fatal(err)
		}
	}
	get(specs[0])
	get(specs[1])
	get(specs[0])
	get(specs[2])
	builds := s.linksCalls.Load()
	get(specs[0]) // hit
	if s.linksCalls.Load() != builds || c.Len() != 2 {
		t.Errorf("recently used entry was evicted (builds %d → %d, len %d)", builds, s.linksCalls.Load(), c.Len())
	}
	get(specs[1]) // evicted: miss
	if s.linksCalls.Load() != builds+1 {
		t.Errorf("least recently used entry was kept (builds %d → %d)", builds, s.linksCalls.Load())
	}
}

func TestSnapshotCacheErrorsNotCached(t *testing.T) {
	s := snapFixture(t)
	c := NewSnapshotCache(4)
	spec := SnapshotSpec{Layers: []string{"copatent"}}
	s.failLinks = graphmodel.Errorf(graphmodel.EUNAVAILABLE, "store down")
	_, err := c.Get(context.Background(), s, spec)
	wantRelError(t, err, graphmodel.EUNAVAILABLE, "store down")
	s.failLinks = nil
	snap, err := c.Get(context.Background(), s, spec)
	if err != nil || snap == nil || c.Len() != 1 {
		t.Fatalf("after the store recovered: %v, len %d", err, c.Len())
	}
}

func TestSnapshotCacheConcurrent(t *testing.T) {
	s := snapFixture(t)
	s.linksGate = make(chan struct{})
	s.linksEnter = make(chan struct{}, 1)
	c := NewSnapshotCache(4)
	spec := SnapshotSpec{Layers: []string{"labour"}}
	const n = 16
	got := make([]*Snapshot, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); got[0], errs[0] = c.Get(context.Background(), s, spec) }()
	<-s.linksEnter // the first build is under way
	for i := 1; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = c.Get(context.Background(), s, spec) }()
	}
	// A waiter whose context ends returns without waiting for the build.
	cctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Get(cctx, s, spec); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter with expired context: %v, want DeadlineExceeded", err)
	}
	time.Sleep(50 * time.Millisecond) // let the others reach the in-flight entry
	close(s.linksGate)
	wg.Wait()
	for i := range got {
		if errs[i] != nil || got[i] != got[0] {
			t.Fatalf("Get %d: %v, same snapshot %v", i, errs[i], got[i] == got[0])
		}
	}
	if calls := s.linksCalls.Load(); calls != 1 {
		t.Errorf("%d builds for %d concurrent Gets of one key, want 1", calls, n)
	}
}

// TestSnapshotCacheBuilderCancelled: when the caller that builds gives up,
// a waiter with a live context builds the snapshot itself.
func TestSnapshotCacheBuilderCancelled(t *testing.T) {
	s := snapFixture(t)
	s.linksGate = make(chan struct{})
	s.linksEnter = make(chan struct{}, 2)
	c := NewSnapshotCache(4)
	spec := SnapshotSpec{Layers: []string{"labour"}}
	bctx, cancel := context.WithCancel(context.Background())
	builderErr := make(chan error, 1)
	go func() { _, err := c.Get(bctx, s, spec); builderErr <- err }()
	<-s.linksEnter
	waiter := make(chan *Snapshot, 1)
	go func() {
		snap, err := c.Get(context.Background(), s, spec)
		if err != nil {
			t.Error(err)
		}
		waiter <- snap
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	close(s.linksGate)
	if err := <-builderErr; !errors.Is(err, context.Canceled) {
		t.Errorf("builder: %v, want context.Canceled", err)
	}
	if snap := <-waiter; snap == nil || len(snap.Codes) != 4 {
		t.Errorf("waiter got %+v, want the labour snapshot (4 nodes)", snap)
	}
}

// snapBenchStore returns a store with one undirected layer of m distinct random
// links between n industries.
func snapBenchStore(b *testing.B, n, m int) *snapTestStore {
	s := newSnapTestStore()
	inds := make([]graphmodel.Industry, n)
	for i := range inds {
		inds[i] = graphmodel.Industry{Classification: "B", Code: fmt.Sprintf("C%06d", i), Level: 1}
	}
	if _, err := s.LoadIndustries(context.Background(), graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: "B"}, Industries: inds}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := make(map[uint64]bool, m)
	links := make([]graphmodel.Link, 0, m)
	for len(links) < m {
		i, j := rng.IntN(n), rng.IntN(n)
		if i == j {
			continue
		}
		if i > j {
			i, j = j, i
		}
		if k := uint64(i)<<32 | uint64(j); !seen[k] {
			seen[k] = true
			links = append(links, graphmodel.Link{From: inds[i].Code, To: inds[j].Code, Count: float64(rng.IntN(100)), Value: 2*rng.Float64() - 1})
		}
	}
	snapMustLoad(b, s, graphmodel.Layer{Name: "big", Period: "1", Classification: "B", Kind: graphmodel.KindCoOccurrence}, links)
	return s
}

// BenchmarkBuildSnapshot builds a snapshot of 100k nodes and 2M links.
func BenchmarkBuildSnapshot(b *testing.B) {
	s := snapBenchStore(b, 100_000, 2_000_000)
	b.ResetTimer()
	var snap *Snapshot
	for b.Loop() {
		var err error
		if snap, err = BuildSnapshot(context.Background(), s, SnapshotSpec{Layers: []string{"big"}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(snap.Layers[0].Graph.Edges()), "edges")
}

func wantRelError(t *testing.T, err error, code, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s containing %q", code, text)
	}
	if c := graphmodel.ErrorCode(err); c != code {
		t.Errorf("error code %s, want %s (%v)", c, code, err)
	}
	if !strings.Contains(err.Error(), text) {
		t.Errorf("error %q does not contain %q", err, text)
	}
}
