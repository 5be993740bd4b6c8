package analysis

import (
	"container/list"
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/domainscope/domainscope/graph"

	"github.com/domainscope/domainscope/graphmodel"
)

// SnapshotSpec selects the layers of a snapshot.
type SnapshotSpec struct {
	// Layers are layer names ("labour") or "name@period" ("labour@2009-2018").
	Layers []string
	// Period is the period of names given without "@"; "" selects each
	// layer's DefaultPeriod (its pooled, longest period).
	Period string
	// Threshold drops links whose Value is <= it; nil uses each layer's own Threshold.
	Threshold *float64
}

// Snapshot is an immutable in-memory view of some layers of one
// classification, built once from the store and shared by the algorithms,
// the CLI, the API and the diagrams. Do not modify it.
//
// Nodes are the industries of the classification that have at least one
// stored link (self-links included, before any threshold) in any selected
// layer, ordered as Store.Industries orders them (level, then code). Every
// layer's Graph has the same nodes, so node i is the same industry in all.
type Snapshot struct {
	Spec           SnapshotSpec
	Version        int64 // store version it was built from
	Classification string
	Codes          []string // per node
	Names          []string
	Parents        []string
	Levels         []int
	Layers         []SnapshotLayer // in the order of Spec.Layers

	index map[string]int32
}

// SnapshotLayer is one layer of a Snapshot.
//
// Graph is undirected. An edge {i,j} (i != j) merges every stored link
// between i and j: both directions of a directed layer, as Store.Neighbours
// does, with value max(V_ij, V_ji) and count C_ij + C_ji. The edge is kept
// when its value is > Threshold, with weight w = V − min(Threshold, 0): the
// value itself for the usual thresholds >= 0, shifted up by |Threshold| for a
// negative threshold so that every weight is > 0. Self-links are dropped.
type SnapshotLayer struct {
	Layer     graphmodel.Layer
	Threshold float64 // the threshold applied: Spec.Threshold or the layer's own
	Graph     *graph.Graph
	// Count holds each edge's raw count, aligned with Graph.Adj and Graph.W
	// (0 for layers without counts).
	Count []float64
	// Q holds each edge's Benjamini–Hochberg q-value, aligned with Count:
	// the smaller of the two directions' on a directed layer, as
	// Store.Neighbours gives it. nil when the layer has no evidence.
	Q []float64
}

// Index returns the node index of an industry code.
func (s *Snapshot) Index(code string) (int, bool) {
	i, ok := s.index[code]
	return int(i), ok
}

// Nodes returns the number of nodes.
func (s *Snapshot) Nodes() int { return len(s.Codes) }

// Layer returns the snapshot layer with the given name or "name@period" key.
func (s *Snapshot) Layer(name string) (*SnapshotLayer, bool) {
	for i := range s.Layers {
		l := &s.Layers[i]
		if l.Layer.Name == name || l.Layer.Key() == name {
			return l, true
		}
	}
	return nil, false
}

// snapshotAttempts bounds the rebuilds when the store changes during a build.
const snapshotAttempts = 3

// BuildSnapshot reads the selected layers from the store and builds their
// graphs. All layers must share one classification (else EINVALID); store
// errors such as ENOTFOUND for an unknown layer pass through. If the store
// version changes during the build, the build is repeated so that the
// snapshot matches one version (ECONFLICT after 3 attempts).
//
// When s is also a graphmodel.SnapshotBlobStore, a snapshot of spec that an
// earlier build saved for the current store version is decoded instead of
// built, and a built snapshot is saved there (see snapshot_blob.go).
func BuildSnapshot(ctx context.Context, s graphmodel.Reader, spec SnapshotSpec) (*Snapshot, error) {
	if len(spec.Layers) == 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "snapshot: no layers selected")
	}
	if t := spec.Threshold; t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "snapshot: threshold must be a finite number, found %v", *t)
	}
	ps, _ := s.(graphmodel.SnapshotBlobStore)
	if ps != nil {
		if snap := loadSnapshotBlob(ctx, ps, spec); snap != nil {
			return snap, nil
		}
	}
	for attempt := 0; attempt < snapshotAttempts; attempt++ {
		v, err := s.Version(ctx)
		if err != nil {
			return nil, err
		}
		snap, err := buildSnapshot(ctx, s, spec, v)
		if err != nil {
			return nil, err
		}
		after, err := s.Version(ctx)
		if err != nil {
			return nil, err
		}
		if after == v {
			if ps != nil {
				saveSnapshotBlob(ctx, ps, snap)
			}
			return snap, nil
		}
	}
	return nil, graphmodel.Errorf(graphmodel.ECONFLICT,
		"snapshot: the store changed during %d builds in a row; try again", snapshotAttempts)
}

func ctxError(err error) error {
	return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "snapshot build stopped: %v", err)
}

func buildSnapshot(ctx context.Context, s graphmodel.Reader, spec SnapshotSpec, version int64) (*Snapshot, error) {
	layers := make([]graphmodel.Layer, 0, len(spec.Layers))
	seen := make(map[string]bool)
	for _, sel := range spec.Layers {
		name, period, hasPeriod := strings.Cut(sel, "@")
		if !hasPeriod {
			period = spec.Period
		}
		if name == "" {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "snapshot: layer %q: name is empty, expected name or name@period", sel)
		}
		l, err := ResolveLayer(ctx, s, name, period)
		if err != nil {
			return nil, err
		}
		if seen[l.Key()] {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "snapshot: layer %s selected twice", l.Key())
		}
		seen[l.Key()] = true
		if len(layers) > 0 && l.Classification != layers[0].Classification {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"snapshot: layers %s (%s) and %s (%s) use different classifications; a snapshot needs one",
				layers[0].Key(), layers[0].Classification, l.Key(), l.Classification)
		}
		layers = append(layers, l)
	}
	class := layers[0].Classification
	inds, err := s.Industries(ctx, class)
	if err != nil {
		return nil, err
	}
	full := make(map[string]int32, len(inds))
	for i, ind := range inds {
		full[ind.Code] = int32(i)
	}
	used := make([]bool, len(inds))
	// raws[k] holds layer k's links other than self-links, as
	// classification indices with lo < hi.
	raws := make([][]snapEdge, len(layers))
	for k, l := range layers {
		raw := make([]snapEdge, 0, max(l.Links, 0))
		n := 0
		var lastFrom string
		var lastI int32
		var lastOK bool
		err := s.Links(ctx, l.Name, l.Period, func(link graphmodel.Link) error {
			if n++; n&0xffff == 0 {
				if err := ctx.Err(); err != nil {
					return ctxError(err)
				}
			}
			if n == 1 || link.From != lastFrom { // stores often list links by From
				lastFrom = link.From
				lastI, lastOK = full[link.From]
			}
			i, ok := lastI, lastOK
			j, ok2 := full[link.To]
			if !ok || !ok2 {
				code := link.From
				if ok {
					code = link.To
				}
				return graphmodel.Errorf(graphmodel.EINTERNAL,
					"snapshot: layer %s: link %s→%s: %s is not an industry of %s", l.Key(), link.From, link.To, code, class)
			}
			if math.IsNaN(link.Value) || math.IsInf(link.Value, 0) {
				return graphmodel.Errorf(graphmodel.EINTERNAL,
					"snapshot: layer %s: link %s→%s: value must be finite, found %v", l.Key(), link.From, link.To, link.Value)
			}
			used[i], used[j] = true, true
			if i == j {
				return nil
			}
			if i > j {
				i, j = j, i
			}
			raw = append(raw, snapEdge{i, j, link.Value, link.Count, link.QValue})
			return nil
		})
		if err != nil {
			return nil, err
		}
		raws[k] = raw
	}
	if err := ctx.Err(); err != nil {
		return nil, ctxError(err)
	}

	// Compact the classification's indices to the used industries; the map
	// is monotone, so lo < hi still holds.
	node := make([]int32, len(inds))
	snap := &Snapshot{
		Spec:           copySpec(spec),
		Version:        version,
		Classification: class,
		index:          make(map[string]int32),
	}
	for i, ind := range inds {
		node[i] = -1
		if !used[i] {
			continue
		}
		node[i] = int32(len(snap.Codes))
		snap.index[ind.Code] = node[i]
		snap.Codes = append(snap.Codes, ind.Code)
		snap.Names = append(snap.Names, ind.Name)
		snap.Parents = append(snap.Parents, ind.Parent)
		snap.Levels = append(snap.Levels, ind.Level)
	}
	n := len(snap.Codes)
	for k, l := range layers {
		raw := raws[k]
		raws[k] = nil
		for e := range raw {
			raw[e].lo, raw[e].hi = node[raw[e].lo], node[raw[e].hi]
		}
		t := l.Threshold
		if spec.Threshold != nil {
			t = *spec.Threshold
		}
		g, cnt, q := snapshotGraph(n, raw, t)
		if !l.Evidence {
			q = nil
		}
		snap.Layers = append(snap.Layers, SnapshotLayer{Layer: l, Threshold: t, Graph: g, Count: cnt, Q: q})
	}
	return snap, nil
}

func copySpec(s SnapshotSpec) SnapshotSpec {
	s.Layers = append([]string(nil), s.Layers...)
	if s.Threshold != nil {
		t := *s.Threshold
		s.Threshold = &t
	}
	return s
}

// snapshotGraph merges the edges es (lo < hi; reordered in place) per pair (value max, count
// sum, q-value min), keeps those with value > t and returns their CSR graph with weight
// value − min(t, 0) and the counts and q-values aligned with it. Two stable counting sorts
// (by hi, then by lo) order the edges by (lo, hi), so that the rows come out
// sorted with no comparison sort.
func snapshotGraph(n int, es []snapEdge, t float64) (*graph.Graph, []float64, []float64) {
	m := len(es)
	tmp := make([]snapEdge, m)
	countingSort(n, es, tmp, func(e *snapEdge) int32 { return e.hi })
	countingSort(n, tmp, es, func(e *snapEdge) int32 { return e.lo })
	tmp = nil

	shift := math.Min(t, 0)
	off := make([]int64, n+1)
	// Merge runs of equal (lo, hi) in place.
	kept := es[:0]
	for a := 0; a < m; {
		x := es[a]
		b := a + 1
		for ; b < m && es[b].lo == x.lo && es[b].hi == x.hi; b++ {
			x.val = math.Max(x.val, es[b].val)
			x.cnt += es[b].cnt
			x.q = math.Min(x.q, es[b].q)
		}
		a = b
		if !(x.val > t) {
			continue
		}
		x.val -= shift
		kept = append(kept, x)
		off[x.lo+1]++
		off[x.hi+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	adj := make([]int32, off[n])
	w := make([]float64, off[n])
	cnt := make([]float64, off[n])
	q := make([]float64, off[n])
	pos := make([]int64, n)
	copy(pos, off[:n])
	// Edges come in (lo, hi) order: row x receives its smaller neighbours
	// (as hi) before its larger ones (as lo), each in increasing order.
	for _, x := range kept {
		p := pos[x.lo]
		adj[p], w[p], cnt[p], q[p] = x.hi, x.val, x.cnt, x.q
		pos[x.lo]++
		p = pos[x.hi]
		adj[p], w[p], cnt[p], q[p] = x.lo, x.val, x.cnt, x.q
		pos[x.hi]++
	}
	return &graph.Graph{Off: off, Adj: adj, W: w}, cnt, q
}

type snapEdge struct {
	lo, hi      int32
	val, cnt, q float64
}

// countingSort copies src into dst stably sorted by key in [0, n).
func countingSort(n int, src, dst []snapEdge, key func(*snapEdge) int32) {
	start := make([]int, n+1)
	for i := range src {
		start[key(&src[i])+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	for i := range src {
		k := key(&src[i])
		dst[start[k]] = src[i]
		start[k]++
	}
}

// SnapshotCache caches snapshots by spec and store version. It is safe for
// concurrent use: concurrent Gets of the same key wait for a single build,
// failed builds are not cached, and at most max snapshots are kept (least
// recently used first out; entries of older store versions are dropped as
// soon as a newer version is seen). Use one cache per store.
type SnapshotCache struct {
	mu      sync.Mutex
	max     int
	lru     *list.List // of *snapshotEntry, most recent first
	entries map[string]*list.Element
}

type snapshotEntry struct {
	key     string
	version int64
	done    chan struct{} // closed when snap and err are set
	snap    *Snapshot
	err     error
}

func (e *snapshotEntry) finished() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// NewSnapshotCache returns a cache that keeps at most n snapshots (at least 1).
func NewSnapshotCache(n int) *SnapshotCache {
	return &SnapshotCache{max: max(n, 1), lru: list.New(), entries: make(map[string]*list.Element)}
}

// snapshotKey identifies a spec at a store version.
func snapshotKey(spec SnapshotSpec, version int64) string {
	var b strings.Builder
	for _, l := range spec.Layers {
		b.WriteString(l)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	b.WriteString(spec.Period)
	b.WriteByte(1)
	if spec.Threshold == nil {
		b.WriteString("nil")
	} else {
		b.WriteString(strconv.FormatFloat(*spec.Threshold, 'g', -1, 64))
	}
	b.WriteByte(1)
	b.WriteString(strconv.FormatInt(version, 10))
	return b.String()
}

// Get returns the snapshot of spec at the store's current version, building
// it at most once per key at a time.
func (c *SnapshotCache) Get(ctx context.Context, s graphmodel.Reader, spec SnapshotSpec) (*Snapshot, error) {
	for {
		v, err := s.Version(ctx)
		if err != nil {
			return nil, err
		}
		key := snapshotKey(spec, v)
		c.mu.Lock()
		c.dropOlder(v)
		if el, ok := c.entries[key]; ok {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			e := el.Value.(*snapshotEntry)
			select {
			case <-e.done:
			case <-ctx.Done():
				return nil, ctxError(ctx.Err())
			}
			if e.err != nil && isContextError(e.err) && ctx.Err() == nil {
				continue // the building caller gave up; build for this one
			}
			return e.snap, e.err
		}
		e := &snapshotEntry{key: key, version: v, done: make(chan struct{})}
		c.entries[key] = c.lru.PushFront(e)
		c.evict()
		c.mu.Unlock()

		e.snap, e.err = BuildSnapshot(ctx, s, spec)
		if e.err != nil {
			c.mu.Lock()
			if el, ok := c.entries[key]; ok && el.Value == e {
				c.lru.Remove(el)
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.done)
		return e.snap, e.err
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// dropOlder removes finished entries of store versions before v, which can
// never be asked for again. Called with c.mu held.
func (c *SnapshotCache) dropOlder(v int64) {
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if e := el.Value.(*snapshotEntry); e.version < v && e.finished() {
			c.lru.Remove(el)
			delete(c.entries, e.key)
		}
		el = next
	}
}

// evict removes least recently used finished entries over the bound; builds
// in progress are never evicted. Called with c.mu held.
func (c *SnapshotCache) evict() {
	for el := c.lru.Back(); el != nil && c.lru.Len() > c.max; {
		prev := el.Prev()
		if e := el.Value.(*snapshotEntry); e.finished() {
			c.lru.Remove(el)
			delete(c.entries, e.key)
		}
		el = prev
	}
}

// Len returns the number of cached snapshots, builds in progress included.
func (c *SnapshotCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
