package analysis

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graphmodel"
)

// Persisted snapshots: when the store implements graphmodel.SnapshotBlobStore,
// BuildSnapshot keeps each snapshot it builds there, encoded as below, and a
// later process with the same spec at the same store version decodes it
// instead of reading every link. The store returns a blob only for its
// current version, so a snapshot is never served stale.
//
// Encoding (little-endian): the magic "DSSNAP1\n"; a uint32 length and that
// many bytes of JSON (blobHeader: version, classification, the nodes'
// codes, names, parents and levels, and per layer its metadata, threshold,
// arc count and whether counts and q-values follow); then per layer its CSR
// arrays Off (n+1 int64), Adj (arcs int32), W (arcs float64), and Count and Q
// (arcs float64 each) when present. A layer whose counts are all 0 stores no
// Count.

const blobMagic = "DSSNAP1\n"

type blobHeader struct {
	Version        int64       `json:"version"`
	Classification string      `json:"classification"`
	Codes          []string    `json:"codes"`
	Names          []string    `json:"names"`
	Parents        []string    `json:"parents"`
	Levels         []int       `json:"levels"`
	Layers         []blobLayer `json:"layers"`
}

type blobLayer struct {
	Layer     graphmodel.Layer `json:"layer"`
	Threshold float64          `json:"threshold"`
	Arcs      int64            `json:"arcs"`
	Count     bool             `json:"count"`
	Q         bool             `json:"q"`
}

// blobKey names a spec's snapshot in the store; the store pairs it with its
// version. The format's version is part of the key, so that a program that
// encodes differently never reads an older blob.
func blobKey(spec SnapshotSpec) string {
	b, _ := json.Marshal(struct {
		Layers    []string `json:"layers"`
		Period    string   `json:"period"`
		Threshold *float64 `json:"threshold"`
	}{spec.Layers, spec.Period, spec.Threshold})
	return "snapshot/1 " + string(b)
}

// encodeSnapshot returns the blob of s, or nil when it would exceed
// graphmodel.MaxSnapshotBytes.
func encodeSnapshot(s *Snapshot) []byte {
	h := blobHeader{Version: s.Version, Classification: s.Classification,
		Codes: s.Codes, Names: s.Names, Parents: s.Parents, Levels: s.Levels}
	size := int64(0)
	n := int64(s.Nodes())
	for _, l := range s.Layers {
		bl := blobLayer{Layer: l.Layer, Threshold: l.Threshold, Arcs: int64(len(l.Graph.Adj)), Q: l.Q != nil}
		for _, c := range l.Count {
			if c != 0 {
				bl.Count = true
				break
			}
		}
		size += 8*(n+1) + 12*bl.Arcs
		if bl.Count {
			size += 8 * bl.Arcs
		}
		if bl.Q {
			size += 8 * bl.Arcs
		}
		h.Layers = append(h.Layers, bl)
	}
	head, err := json.Marshal(h)
	if err != nil || size+int64(len(head))+12 > graphmodel.MaxSnapshotBytes {
		return nil
	}
	b := make([]byte, 0, int64(len(blobMagic)+4+len(head))+size)
	b = append(b, blobMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(head)))
	b = append(b, head...)
	for k, l := range s.Layers {
		for _, x := range l.Graph.Off {
			b = binary.LittleEndian.AppendUint64(b, uint64(x))
		}
		for _, x := range l.Graph.Adj {
			b = binary.LittleEndian.AppendUint32(b, uint32(x))
		}
		b = appendFloats(b, l.Graph.W)
		if h.Layers[k].Count {
			b = appendFloats(b, l.Count)
		}
		if h.Layers[k].Q {
			b = appendFloats(b, l.Q)
		}
	}
	return b
}

func appendFloats(b []byte, xs []float64) []byte {
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

var errBlob = errors.New("malformed snapshot blob")

// blobReader reads the arrays of a blob, failing once on a short blob.
type blobReader struct {
	b   []byte
	err error
}

func (r *blobReader) take(n int64) []byte {
	if r.err != nil || n < 0 || n > int64(len(r.b)) {
		r.err = errBlob
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *blobReader) floats(n int64) []float64 {
	src := r.take(8 * n)
	if src == nil {
		return nil
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))
	}
	return out
}

// decodeSnapshot rebuilds the snapshot of spec from a blob, checking that
// it is whole and that every array is consistent (offsets non-decreasing
// from 0 to the arc count, neighbours in range), so that a damaged blob is
// an error, never a wrong graph.
func decodeSnapshot(data []byte, spec SnapshotSpec) (*Snapshot, error) {
	r := &blobReader{b: data}
	if string(r.take(int64(len(blobMagic)))) != blobMagic {
		return nil, errBlob
	}
	hl := r.take(4)
	if hl == nil {
		return nil, errBlob
	}
	var h blobHeader
	if err := json.Unmarshal(r.take(int64(binary.LittleEndian.Uint32(hl))), &h); err != nil || r.err != nil {
		return nil, errBlob
	}
	n := len(h.Codes)
	if len(h.Names) != n || len(h.Parents) != n || len(h.Levels) != n || len(h.Layers) != len(spec.Layers) {
		return nil, errBlob
	}
	snap := &Snapshot{Spec: copySpec(spec), Version: h.Version, Classification: h.Classification,
		Codes: h.Codes, Names: h.Names, Parents: h.Parents, Levels: h.Levels, index: make(map[string]int32, n)}
	for i, c := range h.Codes {
		snap.index[c] = int32(i)
	}
	for _, bl := range h.Layers {
		offB := r.take(8 * int64(n+1))
		adjB := r.take(4 * bl.Arcs)
		if r.err != nil {
			return nil, errBlob
		}
		g := &graph.Graph{Off: make([]int64, n+1), Adj: make([]int32, bl.Arcs)}
		for i := range g.Off {
			g.Off[i] = int64(binary.LittleEndian.Uint64(offB[8*i:]))
			if (i == 0 && g.Off[i] != 0) || (i > 0 && g.Off[i] < g.Off[i-1]) {
				return nil, errBlob
			}
		}
		if g.Off[n] != bl.Arcs {
			return nil, errBlob
		}
		for i := range g.Adj {
			x := int32(binary.LittleEndian.Uint32(adjB[4*i:]))
			if x < 0 || int(x) >= n {
				return nil, errBlob
			}
			g.Adj[i] = x
		}
		g.W = r.floats(bl.Arcs)
		l := SnapshotLayer{Layer: bl.Layer, Threshold: bl.Threshold, Graph: g}
		if bl.Count {
			l.Count = r.floats(bl.Arcs)
		} else {
			l.Count = make([]float64, bl.Arcs)
		}
		if bl.Q {
			l.Q = r.floats(bl.Arcs)
		}
		if r.err != nil {
			return nil, errBlob
		}
		snap.Layers = append(snap.Layers, l)
	}
	if len(r.b) != 0 {
		return nil, errBlob
	}
	return snap, nil
}

// loadSnapshotBlob returns the persisted snapshot of spec at the store's
// current version, or nil when there is none or it cannot be decoded (the
// caller then builds it).
func loadSnapshotBlob(ctx context.Context, ps graphmodel.SnapshotBlobStore, spec SnapshotSpec) *Snapshot {
	data, v, err := ps.Snapshot(ctx, blobKey(spec))
	if err != nil {
		return nil
	}
	snap, err := decodeSnapshot(data, spec)
	if err != nil || snap.Version != v {
		return nil
	}
	return snap
}

// saveSnapshotBlob persists snap for later processes. A failure (a read-only
// file, a full disk) costs only the next process a rebuild, so it is not an
// error of the analysis.
func saveSnapshotBlob(ctx context.Context, ps graphmodel.SnapshotBlobStore, snap *Snapshot) {
	if data := encodeSnapshot(snap); data != nil {
		_ = ps.SaveSnapshot(ctx, blobKey(snap.Spec), snap.Version, data)
	}
}
