package ingest

import (
	"bytes"
	"io"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// SpellOptions configure ReadSpells and AggregateSpells.
type SpellOptions struct {
	// Layer describes the layer; the caller sets Name, Period and
	// Classification. Kind must be flows (set when empty); Directed is set.
	Layer graphmodel.Layer
	CSV   CSVOptions
	Codes CodeFormat
	// WorkerCol, PeriodCol and IndustryCol name the columns; empty means
	// columns 1, 2 and 3. RegionCol names the region column; empty means
	// column 4 when the header has one.
	WorkerCol, PeriodCol, IndustryCol, RegionCol string
	// FromPeriod and ToPeriod keep only spells with FromPeriod <= period <=
	// ToPeriod (each bound optional), so one file yields a layer per period
	// range. Periods compare as integers when both are integers, integers
	// sort before other periods, and other periods compare as strings.
	// Because the kept spells are a contiguous run of each worker's ordered
	// spells, a move counts when both of its spells are in the range.
	FromPeriod, ToPeriod string
	// Stayers counts consecutive spells in the same industry on the diagonal
	// (industry to itself); by default only changes of industry count.
	Stayers bool
	// Region, if set, counts only moves whose two spells are both in this
	// region (the region column's value, spaces trimmed).
	Region  string
	Unknown Unknown // a spell with an unknown industry is dropped under "skip"
	Known   Known
	// OnSkipped, if set, is called after a successful read with the codes
	// dropped under Unknown "skip".
	OnSkipped func([]Skip)
	// Relatedness says how Load computes relatedness; the Read functions
	// ignore it.
	Relatedness RelatednessOptions

	mode aggMode // tests: force a mode
}

// ReadSpells builds a directed flows layer from job spells, one
// "worker_id,period,industry[,region]" row per spell. A worker's spells are
// ordered by period (file order among equal periods) and each change of
// industry between consecutive spells is one move from the earlier industry
// to the later; Link.Count is the number of moves.
//
// The file is streamed: when it is grouped by worker (each worker's rows
// together, in any period order) memory holds one worker's spells plus a
// fingerprint per worker; otherwise (detected) the file is read again keeping
// 20 bytes per spell. See the package notes on grouped and ungrouped modes.
func ReadSpells(path string, opt SpellOptions) (graphmodel.LayerLoad, error) {
	if err := checkSpellOptions(&opt); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	mode := opt.mode
	if mode == modeAuto {
		mode = modeGrouped
	}
	src, err := openSource(path, opt.CSV)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	load, err := aggregateSpells(src, opt, mode)
	src.close()
	if err == errUngrouped && opt.mode == modeAuto {
		if src, err = openSource(path, opt.CSV); err != nil {
			return graphmodel.LayerLoad{}, err
		}
		defer src.close()
		return aggregateSpells(src, opt, modeUngrouped)
	}
	return load, err
}

// AggregateSpells is ReadSpells on a stream (gzip and BOM handled; no SHA-256
// in the provenance); name is used in messages and as the provenance source.
// A reader that is not an io.Seeker is read in ungrouped mode directly.
func AggregateSpells(r io.Reader, name string, opt SpellOptions) (graphmodel.LayerLoad, error) {
	if err := checkSpellOptions(&opt); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	mode := opt.mode
	back := rewind(r)
	if mode == modeAuto {
		mode = modeUngrouped
		if back != nil {
			mode = modeGrouped
		}
	}
	src, err := readerSource(name, r, opt.CSV)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	load, err := aggregateSpells(src, opt, mode)
	src.close()
	if err == errUngrouped && opt.mode == modeAuto {
		if err := back(); err != nil {
			return graphmodel.LayerLoad{}, graphmodel.WrapError(graphmodel.EINTERNAL, err, "re-reading %s: %v", name, err)
		}
		if src, err = readerSource(name, r, opt.CSV); err != nil {
			return graphmodel.LayerLoad{}, err
		}
		defer src.close()
		return aggregateSpells(src, opt, modeUngrouped)
	}
	return load, err
}

func checkSpellOptions(opt *SpellOptions) error {
	if err := checkLayerNames(opt.Layer); err != nil {
		return err
	}
	switch opt.Layer.Kind {
	case "":
		opt.Layer.Kind = graphmodel.KindFlows
	case graphmodel.KindFlows:
	default:
		return optionError("kind", string(opt.Layer.Kind), "flows: job spells give a flows layer")
	}
	opt.Layer.Directed = true
	u, err := opt.Unknown.check()
	opt.Unknown = u
	return err
}

// period is a period's sort key: an integer, or (s >= 0) an interned string.
type period struct {
	n int64
	s int32
}

// periods interns non-integer periods and orders periods.
type periods struct {
	ids  map[string]int32
	strs []string
}

func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (ps *periods) key(b []byte) period {
	if n, ok := parseInt(b); ok {
		return period{n: n, s: -1}
	}
	id, ok := ps.ids[string(b)]
	if !ok {
		id = int32(len(ps.strs))
		ps.ids[string(b)] = id
		ps.strs = append(ps.strs, string(b))
	}
	return period{s: id}
}

func (ps *periods) less(a, b period) bool {
	switch {
	case a.s < 0 && b.s < 0:
		return a.n < b.n
	case a.s < 0:
		return true
	case b.s < 0:
		return false
	}
	return ps.strs[a.s] < ps.strs[b.s]
}

// spell is one kept spell of the worker in flight.
type spell struct {
	per period
	ind int32
	in  bool // in the selected region (always true without Region)
}

// spellAgg holds the aggregation state shared by both modes.
type spellAgg struct {
	per      periods
	from, to *period
	stayers  bool
	counts   pairCounts
	workers  int64
	buf      []spell
}

// worker aggregates one worker's spells (in file order).
func (a *spellAgg) worker(sp []spell) {
	a.workers++
	// Stable insertion sort by period: a worker's spells are few and usually sorted.
	for i := 1; i < len(sp); i++ {
		if a.per.less(sp[i].per, sp[i-1].per) {
			x := sp[i]
			j := i
			for j > 0 && a.per.less(x.per, sp[j-1].per) {
				sp[j] = sp[j-1]
				j--
			}
			sp[j] = x
		}
	}
	for i := 1; i < len(sp); i++ {
		p, q := sp[i-1], sp[i]
		if !p.in || !q.in {
			continue
		}
		if p.ind != q.ind {
			a.counts.add(p.ind, q.ind, 1)
		} else if a.stayers {
			a.counts.add(p.ind, p.ind, 1)
		}
	}
}

func (a *spellAgg) inRange(p period) bool {
	if a.from != nil && a.per.less(p, *a.from) {
		return false
	}
	if a.to != nil && a.per.less(*a.to, p) {
		return false
	}
	return true
}

// gspell is one spell kept in ungrouped mode.
type gspell struct {
	ind, pid int32
	in       bool
}

func aggregateSpells(src *source, opt SpellOptions, mode aggMode) (graphmodel.LayerLoad, error) {
	name := src.in.name
	wc, err := src.colOrPos(opt.WorkerCol, 0, "worker ID")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	pc, err := src.colOrPos(opt.PeriodCol, 1, "period")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	ic, err := src.colOrPos(opt.IndustryCol, 2, "industry")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	rc := -1
	if opt.RegionCol != "" {
		if rc, err = src.mustCol(opt.RegionCol, "region"); err != nil {
			return graphmodel.LayerLoad{}, err
		}
	} else if len(src.header) >= 4 {
		rc = 3
	}
	if opt.Region != "" && rc < 0 {
		return graphmodel.LayerLoad{}, src.missing("region", "region, needed to select region "+strconv.Quote(opt.Region))
	}
	region := []byte(opt.Region)
	useRegion := opt.Region != ""

	a := &spellAgg{per: periods{ids: map[string]int32{}}, stayers: opt.Stayers}
	if opt.FromPeriod != "" {
		p := a.per.key(trimSpace([]byte(opt.FromPeriod)))
		a.from = &p
	}
	if opt.ToPeriod != "" {
		p := a.per.key(trimSpace([]byte(opt.ToPeriod)))
		a.to = &p
	}
	codes := newCodeTable(name, opt.Layer.Classification, opt.Codes, opt.Unknown, opt.Known)
	wcol, pcol, icol := src.header[wc], src.header[pc], src.header[ic]

	// grouped mode state
	var seen *fingerprints
	var cur []byte
	started := false
	// ungrouped mode state
	var workerIDs map[string]uint32
	var owner []uint32
	var kept []gspell
	var pkeys []period
	var pids map[string]int32
	if mode == modeGrouped {
		seen = newFingerprints()
	} else {
		workerIDs = map[string]uint32{}
		pids = map[string]int32{}
	}
	var spellsKept int64
	lastInd, lastRaw := int32(-1), []byte(nil)

	for {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return graphmodel.LayerLoad{}, err
		}
		w := trimSpace(rec[wc])
		if len(w) == 0 {
			return graphmodel.LayerLoad{}, src.errAt(wc, rec[wc], "a worker ID")
		}
		pb := trimSpace(rec[pc])
		if len(pb) == 0 {
			return graphmodel.LayerLoad{}, src.errAt(pc, rec[pc], "a period")
		}
		var widx uint32
		if mode == modeGrouped {
			if !started || !bytes.Equal(w, cur) {
				if started {
					a.worker(a.buf)
					a.buf = a.buf[:0]
				}
				if seen.add(w) {
					return graphmodel.LayerLoad{}, errUngrouped
				}
				cur = append(cur[:0], w...)
				started = true
			}
		} else {
			id, ok := workerIDs[string(w)]
			if !ok {
				id = uint32(len(workerIDs))
				workerIDs[string(w)] = id
			}
			widx = id
		}
		// Most consecutive spells share their industry: skip the map lookup then.
		ind := lastInd
		if ind < 0 || !bytes.Equal(rec[ic], lastRaw) {
			id, ok, err := codes.lookup(rec[ic], src.line(), icol)
			if err != nil {
				return graphmodel.LayerLoad{}, err
			}
			if !ok {
				lastInd = -1
				continue
			}
			ind, lastInd, lastRaw = id, id, append(lastRaw[:0], rec[ic]...)
			a.counts.reserve(len(codes.codes))
		}
		in := !useRegion || bytes.Equal(trimSpace(rec[rc]), region)
		if mode == modeGrouped {
			p := a.per.key(pb)
			if !a.inRange(p) {
				continue
			}
			a.buf = append(a.buf, spell{per: p, ind: ind, in: in})
		} else {
			pid, ok := pids[string(pb)]
			if !ok {
				p := a.per.key(pb)
				pid = int32(len(pkeys))
				pkeys = append(pkeys, p)
				pids[string(pb)] = pid
			}
			if !a.inRange(pkeys[pid]) {
				continue
			}
			owner = append(owner, widx)
			kept = append(kept, gspell{ind: ind, pid: pid, in: in})
		}
		spellsKept++
	}
	if mode == modeGrouped {
		if started {
			a.worker(a.buf)
		}
	} else {
		off, perm := bucket(owner, len(workerIDs))
		owner = nil
		for g := 0; g < len(workerIDs); g++ {
			a.buf = a.buf[:0]
			for _, i := range perm[off[g]:off[g+1]] {
				s := kept[i]
				a.buf = append(a.buf, spell{per: pkeys[s.pid], ind: s.ind, in: s.in})
			}
			a.worker(a.buf)
		}
	}

	links, moves := pairLinks(&a.counts, codes.codes, true)
	o := src.options()
	opt.Codes.options(o)
	o["worker_col"], o["period_col"], o["industry_col"] = wcol, pcol, icol
	if rc >= 0 {
		o["region_col"] = src.header[rc]
	}
	if opt.Region != "" {
		o["region"] = opt.Region
	}
	if opt.FromPeriod != "" {
		o["from_period"] = opt.FromPeriod
	}
	if opt.ToPeriod != "" {
		o["to_period"] = opt.ToPeriod
	}
	o["stayers"] = strconv.FormatBool(opt.Stayers)
	o["input_order"] = "grouped by worker"
	if mode == modeUngrouped {
		o["input_order"] = "ungrouped"
	}
	o["workers"] = strconv.FormatInt(a.workers, 10)
	o["spells_used"] = strconv.FormatInt(spellsKept, 10)
	o["moves"] = strconv.FormatFloat(moves, 'f', -1, 64)
	codes.report(o)
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if opt.OnSkipped != nil && len(codes.skipCodes) > 0 {
		opt.OnSkipped(codes.skipped())
	}
	return graphmodel.LayerLoad{Provenance: prov, Layer: opt.Layer, Links: links, AddIndustries: codes.addIndustries()}, nil
}
