package ingest

import (
	"errors"
	"hash/maphash"
	"io"
	"sort"

	"github.com/domainscope/domainscope/graphmodel"
)

// Raw records (job spells, patent rows) are aggregated per group (a worker,
// a patent). Two modes give the same result:
//
//   - grouped: when every group's rows are contiguous in the file, each group
//     is aggregated as soon as it ends, with state for one group in flight.
//     To detect that a file is not grouped, a 64-bit fingerprint of every
//     group's key is kept (16 to 32 bytes per group); a key seen
//     again means the file is not grouped (a fingerprint collision, about
//     n²/2⁶⁵ for n groups, only costs the slower mode).
//   - ungrouped: keys are interned to ints and every row is kept as a
//     compact record (16 bytes for a spell, 8 for a patent row, plus 4 for
//     sorting); the rows are then bucketed by group in O(rows) and each group
//     is aggregated exactly as in grouped mode.
//
// Files and seekable readers are read in grouped mode first and re-read in
// ungrouped mode when the file turns out not to be grouped; other readers
// are read in ungrouped mode directly.

type aggMode int

const (
	modeAuto      aggMode = iota // grouped, falling back to ungrouped
	modeUngrouped                // ungrouped only
	modeGrouped                  // grouped only: errUngrouped when it is not
)

var errUngrouped = errors.New("ingest: input is not grouped by key")

// fingerprints is an open-addressing set of 64-bit key hashes.
type fingerprints struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

func newFingerprints() *fingerprints {
	return &fingerprints{seed: maphash.MakeSeed(), slots: make([]uint64, 1<<12)}
}

// add inserts the fingerprint of key and reports whether it was already there.
func (f *fingerprints) add(key []byte) bool {
	h := maphash.Bytes(f.seed, key)
	if h == 0 {
		h = 1
	}
	if 2*(f.n+1) > len(f.slots) {
		f.grow()
	}
	mask := uint64(len(f.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch f.slots[i] {
		case 0:
			f.slots[i] = h
			f.n++
			return false
		case h:
			return true
		}
	}
}

func (f *fingerprints) grow() {
	old := f.slots
	f.slots = make([]uint64, 2*len(old))
	mask := uint64(len(f.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for f.slots[i] != 0 {
			i = (i + 1) & mask
		}
		f.slots[i] = h
	}
}

// denseLimit is the largest number of industries counted in a dense n×n
// matrix (32 MiB); above it pair counts go to a map.
var denseLimit = 2048

// pairCounts accumulates counts for pairs of interned industry ids.
type pairCounts struct {
	dim    int // side of dense
	dense  []float64
	sparse map[uint64]float64
}

// reserve makes room for ids < n.
func (p *pairCounts) reserve(n int) {
	if n <= p.dim || p.sparse != nil {
		return
	}
	if n > denseLimit {
		p.sparse = make(map[uint64]float64)
		for i := 0; i < p.dim; i++ {
			for j, v := range p.dense[i*p.dim : (i+1)*p.dim] {
				if v != 0 {
					p.sparse[uint64(i)<<32|uint64(j)] = v
				}
			}
		}
		p.dense, p.dim = nil, 0
		return
	}
	dim := max(64, p.dim)
	for dim < n {
		dim *= 2
	}
	dim = min(dim, denseLimit)
	nd := make([]float64, dim*dim)
	for i := 0; i < p.dim; i++ {
		copy(nd[i*dim:i*dim+p.dim], p.dense[i*p.dim:(i+1)*p.dim])
	}
	p.dense, p.dim = nd, dim
}

func (p *pairCounts) add(i, j int32, w float64) {
	if p.sparse != nil {
		p.sparse[uint64(i)<<32|uint64(j)] += w
		return
	}
	p.dense[int(i)*p.dim+int(j)] += w
}

// each calls fn for every non-zero pair.
func (p *pairCounts) each(fn func(i, j int32, v float64)) {
	if p.sparse != nil {
		for k, v := range p.sparse {
			if v != 0 {
				fn(int32(k>>32), int32(uint32(k)), v)
			}
		}
		return
	}
	for i := 0; i < p.dim; i++ {
		row := p.dense[i*p.dim : (i+1)*p.dim]
		for j, v := range row {
			if v != 0 {
				fn(int32(i), int32(j), v)
			}
		}
	}
}

// pairLinks turns pair counts into sorted links. For undirected layers the
// pair is written with From < To.
func pairLinks(p *pairCounts, codes []string, directed bool) ([]graphmodel.Link, float64) {
	var links []graphmodel.Link
	var total float64
	p.each(func(i, j int32, v float64) {
		a, b := codes[i], codes[j]
		if !directed && a > b {
			a, b = b, a
		}
		links = append(links, graphmodel.Link{From: a, To: b, Count: v})
		total += v
	})
	sort.Slice(links, func(i, j int) bool {
		if links[i].From != links[j].From {
			return links[i].From < links[j].From
		}
		return links[i].To < links[j].To
	})
	return links, total
}

// bucket groups item indices by group: the items of group g are
// perm[off[g]:off[g+1]], in input order.
func bucket(group []uint32, groups int) (off []int, perm []uint32) {
	off = make([]int, groups+1)
	for _, g := range group {
		off[g+1]++
	}
	for g := 0; g < groups; g++ {
		off[g+1] += off[g]
	}
	pos := make([]int, groups)
	copy(pos, off[:groups])
	perm = make([]uint32, len(group))
	for i, g := range group {
		perm[pos[g]] = uint32(i)
		pos[g]++
	}
	return off, perm
}

// trimSpace trims ASCII spaces and tabs without allocating.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// rewind returns a function that seeks r back to its current offset, or nil
// when r cannot seek.
func rewind(r io.Reader) func() error {
	s, ok := r.(io.Seeker)
	if !ok {
		return nil
	}
	off, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil
	}
	return func() error {
		_, err := s.Seek(off, io.SeekStart)
		return err
	}
}
