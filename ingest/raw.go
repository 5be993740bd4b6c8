package ingest

import (
	"bytes"
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
	ids   map[string]uint32
	owner []uint32
}

func newGrouper(mode aggMode) *grouper {
	if mode == modeGrouped {
		return &grouper{mode: mode, seen: newFingerprints()}
	}
	return &grouper{mode: mode, ids: map[string]uint32{}}
}

// next takes the key of the next row. In grouped mode, ended reports that
// the row starts a new group after another, which is then complete, and a
// key seen before is errUngrouped. In ungrouped mode it returns the key's group.
func (g *grouper) next(key []byte) (group uint32, ended bool, err error) {
	if g.mode != modeGrouped {
		id, ok := g.ids[string(key)]
		if !ok {
			id = uint32(len(g.ids))
			g.ids[string(key)] = id
		}
		return id, false, nil
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
	off, perm := bucket(g.owner, len(g.ids))
	g.owner = nil
	for i := 0; i < len(g.ids); i++ {
		fn(perm[off[i]:off[i+1]])
	}
}
