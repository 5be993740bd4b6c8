package ingest

import (
	"bytes"
	"hash/maphash"
	"io"

	"github.com/domainscope/domainscope/graphmodel"
)

// rawInput is an input of raw records (job spells, patent rows) that
// readRaw may open twice.
type rawInput struct {
	name string
	open func() (*source, error)
	// rewind prepares a second open; nil when the input cannot be read twice.
	rewind func() error
}

// fileInput is a file: it can always be read again.
func fileInput(path string, opt CSVOptions) rawInput {
	return rawInput{name: path, open: func() (*source, error) { return openSource(path, opt) }, rewind: func() error { return nil }}
}

// streamInput is a stream (no SHA-256 in the provenance): it can be read
// again when it is an io.Seeker.
func streamInput(name string, r io.Reader, opt CSVOptions) rawInput {
	return rawInput{name: name, open: func() (*source, error) { return readerSource(name, r, opt) }, rewind: rewind(r)}
}

// readRaw is the reader that ReadSpells and ReadPatents share: it opens in,
// aggregates its records with agg in grouped mode when in can be read twice
// (ungrouped mode otherwise) and, when the records turn out not to be
// grouped, reads in again in ungrouped mode. A forced mode (tests) other than
// modeAuto is used alone.
func readRaw(in rawInput, forced aggMode, agg func(*source, aggMode) (graphmodel.LayerLoad, error)) (graphmodel.LayerLoad, error) {
	mode := forced
	if mode == modeAuto {
		mode = modeUngrouped
		if in.rewind != nil {
			mode = modeGrouped
		}
	}
	src, err := in.open()
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	load, err := agg(src, mode)
	src.close()
	if err != errUngrouped || forced != modeAuto {
		return load, err
	}
	if err := in.rewind(); err != nil {
		return graphmodel.LayerLoad{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "re-reading %s: %v", in.name, err)
	}
	if src, err = in.open(); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	defer src.close()
	return agg(src, modeUngrouped)
}

// grouper assigns the rows of raw records to their groups (a worker, a
// patent) by key, in either mode (see the notes on modes above aggMode).
type grouper struct {
	mode aggMode
	// grouped mode: the key in flight and the fingerprints of those done
	seen    *fingerprints
	cur     []byte
	started bool
	// ungrouped mode: interned keys and the group of every kept row
	ids   keyTable
	owner []uint32
}

func newGrouper(mode aggMode) *grouper {
	if mode == modeGrouped {
		return &grouper{mode: mode, seen: newFingerprints()}
	}
	return &grouper{mode: mode, ids: newKeyTable()}
}

// next takes the key of the next row. In grouped mode, ended reports that
// the row starts a new group after another, which is then complete, and a
// key seen before is errUngrouped. In ungrouped mode it returns the key's group.
func (g *grouper) next(key []byte) (group uint32, ended bool, err error) {
	if g.mode != modeGrouped {
		return g.ids.intern(key), false, nil
	}
	if g.started && bytes.Equal(key, g.cur) {
		return 0, false, nil
	}
	if g.seen.add(key) {
		return 0, false, errUngrouped
	}
	ended = g.started
	g.cur = append(g.cur[:0], key...)
	g.started = true
	return 0, ended, nil
}

// keep records that a row of group is kept (ungrouped mode).
func (g *grouper) keep(group uint32) { g.owner = append(g.owner, group) }

// pending reports whether a grouped read ends with a group in flight.
func (g *grouper) pending() bool { return g.started }

// each calls fn with the indices of the kept rows of every group, in input
// order, after an ungrouped read; groups without kept rows get none.
func (g *grouper) each(fn func(rows []uint32)) {
	n := g.ids.len()
	g.ids = keyTable{}
	off, perm := bucket(g.owner, n)
	g.owner = nil
	for i := 0; i < n; i++ {
		fn(perm[off[i]:off[i+1]])
	}
}

// keyBatchRows is the number of rows in a batch handed to an asyncGrouper's
// goroutine.
const keyBatchRows = 4096

// keyBatch is a batch of row keys: key i is keys[ends[i-1]:ends[i]]; kept[i]
// says whether the row is kept.
type keyBatch struct {
	keys []byte
	ends []int
	kept []bool
}

// asyncGrouper runs an ungrouped grouper's key interning (a random memory
// access per row in an unsorted file) on its own goroutine, fed batches of
// keys in file order, so that parsing and interning use two cores. Rows are
// interned in file order, so ids and g.owner are those of the sequential
// grouper.
type asyncGrouper struct {
	g          *grouper
	full, free chan *keyBatch
	done       chan struct{}
	cur        *keyBatch
}

// async starts the interning goroutine of an ungrouped grouper; close must
// be called (also on error) before g is used again.
func (g *grouper) async() *asyncGrouper {
	a := &asyncGrouper{g: g, full: make(chan *keyBatch, 2), free: make(chan *keyBatch, 4), done: make(chan struct{})}
	for i := 0; i < 3; i++ {
		a.free <- &keyBatch{}
	}
	a.cur = <-a.free
	go func() {
		defer close(a.done)
		for b := range a.full {
			start := 0
			for i, end := range b.ends {
				id := g.ids.intern(b.keys[start:end])
				if b.kept[i] {
					g.owner = append(g.owner, id)
				}
				start = end
			}
			b.keys, b.ends, b.kept = b.keys[:0], b.ends[:0], b.kept[:0]
			a.free <- b
		}
	}()
	return a
}

// add queues the key of the next row (not kept until keep is called).
func (a *asyncGrouper) add(key []byte) {
	b := a.cur
	if len(b.ends) == keyBatchRows {
		a.full <- b
		b = <-a.free
		a.cur = b
	}
	b.keys = append(b.keys, key...)
	b.ends = append(b.ends, len(b.keys))
	b.kept = append(b.kept, false)
}

// keep marks the row last added as kept.
func (a *asyncGrouper) keep() { a.cur.kept[len(a.cur.kept)-1] = true }

// close interns the queued keys and waits for the goroutine to end.
func (a *asyncGrouper) close() {
	if a.full == nil {
		return
	}
	a.full <- a.cur
	close(a.full)
	<-a.done
	a.full = nil
}

// keyTable interns byte-string keys to dense ids 0, 1, 2, ... without a Go
// string per key: the keys are stored end to end in one arena and found by
// open addressing (linear probing, load at most 1/2) on a 64-bit maphash.
// A slot holds 24 bits of the hash, the key's length and, for keys of at
// most 8 bytes (typical worker IDs), the key itself, so a look-up of a short
// key touches one slot and a miss rarely reads the arena; a longer key is
// confirmed against the arena. Keys are always compared in full, so hash
// collisions cannot merge two keys.
type keyTable struct {
	seed  maphash.Seed
	slots []keySlot
	off   []int // key id is arena[off[id]:off[id+1]]
	arena []byte
}

// keySlot is one slot of a keyTable; id 0 marks an empty slot.
type keySlot struct {
	word uint64 // the key's bytes, little-endian, when it has at most 8
	id   uint32 // key id + 1
	meta uint32 // hash>>40<<8 | min(len, 255)
}

func newKeyTable() keyTable {
	return keyTable{seed: maphash.MakeSeed(), slots: make([]keySlot, 1<<12), off: []int{0}}
}

// len is the number of keys.
func (t *keyTable) len() int { return len(t.off) - 1 }

// shortKey packs a key of at most 8 bytes into a word.
func shortKey(key []byte) uint64 {
	var w uint64
	for i, c := range key {
		w |= uint64(c) << (8 * i)
	}
	return w
}

// keyMeta is a slot's meta for a key of length n with hash h.
func keyMeta(h uint64, n int) uint32 {
	return uint32(h>>40)<<8 | uint32(min(n, 255))
}

// intern returns the id of key, adding it when new.
func (t *keyTable) intern(key []byte) uint32 {
	n := t.len()
	if 2*(n+1) > len(t.slots) {
		t.grow()
	}
	h := maphash.Bytes(t.seed, key)
	meta := keyMeta(h, len(key))
	short := len(key) <= 8
	var word uint64
	if short {
		word = shortKey(key)
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id == 0 {
			*s = keySlot{word: word, id: uint32(n + 1), meta: meta}
			t.arena = append(t.arena, key...)
			t.off = append(t.off, len(t.arena))
			return uint32(n)
		}
		if s.meta != meta || s.word != word {
			continue
		}
		if short || bytes.Equal(t.arena[t.off[s.id-1]:t.off[s.id]], key) {
			return s.id - 1
		}
	}
}

// grow doubles the slots, rehashing every key.
func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]keySlot, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		h := maphash.Bytes(t.seed, t.arena[t.off[s.id-1]:t.off[s.id]])
		i := h & mask
		for t.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
