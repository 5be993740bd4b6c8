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
	return readRaw(fileInput(path, opt.CSV), opt.mode, func(src *source, mode aggMode) (graphmodel.LayerLoad, error) {
		return aggregateSpells(src, opt, mode)
	})
}

// AggregateSpells is ReadSpells on a stream (gzip and BOM handled; no SHA-256
// in the provenance); name is used in messages and as the provenance source.
// A reader that is not an io.Seeker is read in ungrouped mode directly.
func AggregateSpells(r io.Reader, name string, opt SpellOptions) (graphmodel.LayerLoad, error) {
	if err := checkSpellOptions(&opt); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	return readRaw(streamInput(name, r, opt.CSV), opt.mode, func(src *source, mode aggMode) (graphmodel.LayerLoad, error) {
		return aggregateSpells(src, opt, mode)
	})
}

func checkSpellOptions(opt *SpellOptions) error {
	return checkRecordOptions(&opt.Layer, &opt.Unknown, graphmodel.KindFlows, "flows: job spells give a flows layer")
}

// checkRecordOptions checks the options of a layer counted from records:
// the layer's names, its kind (empty means kind; any other is an error
// expecting expect) and the Unknown policy. The layer is directed for flows.
func checkRecordOptions(ly *graphmodel.Layer, unknown *Unknown, kind graphmodel.LayerKind, expect string) error {
	if err := checkLayerNames(*ly); err != nil {
		return err
	}
	switch ly.Kind {
	case "":
		ly.Kind = kind
	case kind:
	default:
		return optionError("kind", string(ly.Kind), expect)
	}
	ly.Directed = kind == graphmodel.KindFlows
	return unknown.set()
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

// spellCols are the columns of a spells file; region is -1 without one.
type spellCols struct {
	worker, period, industry, region int
}

// spellColumns resolves the columns of a spells file.
func spellColumns(src *source, opt SpellOptions) (c spellCols, err error) {
	if c.worker, err = src.colOrPos(opt.WorkerCol, 0, "worker ID"); err != nil {
		return c, err
	}
	if c.period, err = src.colOrPos(opt.PeriodCol, 1, "period"); err != nil {
		return c, err
	}
	if c.industry, err = src.colOrPos(opt.IndustryCol, 2, "industry"); err != nil {
		return c, err
	}
	c.region = -1
	if opt.RegionCol != "" {
		if c.region, err = src.mustCol(opt.RegionCol, "region"); err != nil {
			return c, err
		}
	} else if len(src.header) >= 4 {
		c.region = 3
	}
	if opt.Region != "" && c.region < 0 {
		return c, src.missing("region", "region, needed to select region "+strconv.Quote(opt.Region))
	}
	return c, nil
}

// spellReader is the state of one pass over a spells file.
type spellReader struct {
	*spellAgg
	src    *source
	cols   spellCols
	codes  *codeTable
	groups *grouper
	region []byte // selected region; nil for all
	kept   int64  // spells kept

	// ungrouped mode: the kept spells and the interned periods
	spells []gspell
	pkeys  []period
	pids   map[string]int32

	lastInd int32 // industry of the previous row, -1 if none
	lastRaw []byte
}

func aggregateSpells(src *source, opt SpellOptions, mode aggMode) (graphmodel.LayerLoad, error) {
	cols, err := spellColumns(src, opt)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	a := &spellAgg{per: periods{ids: map[string]int32{}}, stayers: opt.Stayers}
	if opt.FromPeriod != "" {
		p := a.per.key(trimSpace([]byte(opt.FromPeriod)))
		a.from = &p
	}
	if opt.ToPeriod != "" {
		p := a.per.key(trimSpace([]byte(opt.ToPeriod)))
		a.to = &p
	}
	r := &spellReader{spellAgg: a, src: src, cols: cols, groups: newGrouper(mode), pids: map[string]int32{}, lastInd: -1,
		codes: newCodeTable(src.in.name, opt.Layer.Classification, opt.Codes, opt.Unknown, opt.Known)}
	if opt.Region != "" {
		r.region = []byte(opt.Region)
	}
	if err := r.read(); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	r.finish()
	links, moves := pairLinks(&a.counts, r.codes.codes, true)
	o := r.options(opt, moves)
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if opt.OnSkipped != nil && len(r.codes.skipCodes) > 0 {
		opt.OnSkipped(r.codes.skipped())
	}
	return graphmodel.LayerLoad{Provenance: prov, Layer: opt.Layer, Links: links, AddIndustries: r.codes.addIndustries()}, nil
}

// read reads every row: in grouped mode each worker is aggregated when the
// next one starts; in ungrouped mode the kept spells are collected while
// another goroutine interns the worker IDs (asyncGrouper).
func (r *spellReader) read() error {
	src, c := r.src, r.cols
	var ag *asyncGrouper
	if r.groups.mode != modeGrouped {
		ag = r.groups.async()
		defer ag.close()
	}
	return src.each(func(rec [][]byte) error {
		w := trimSpace(rec[c.worker])
		if len(w) == 0 {
			return src.errAt(c.worker, rec[c.worker], "a worker ID")
		}
		pb := trimSpace(rec[c.period])
		if len(pb) == 0 {
			return src.errAt(c.period, rec[c.period], "a period")
		}
		if ag != nil {
			ag.add(w)
		} else {
			_, ended, err := r.groups.next(w)
			if err != nil {
				return err
			}
			if ended {
				r.worker(r.buf)
				r.buf = r.buf[:0]
			}
		}
		ind, ok, err := r.industry(rec[c.industry])
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		in := r.region == nil || bytes.Equal(trimSpace(rec[c.region]), r.region)
		if r.groups.mode == modeGrouped {
			p := r.per.key(pb)
			if !r.inRange(p) {
				return nil
			}
			r.buf = append(r.buf, spell{per: p, ind: ind, in: in})
		} else {
			pid, ok := r.pids[string(pb)]
			if !ok {
				pid = int32(len(r.pkeys))
				r.pkeys = append(r.pkeys, r.per.key(pb))
				r.pids[string(pb)] = pid
			}
			if !r.inRange(r.pkeys[pid]) {
				return nil
			}
			ag.keep()
			r.spells = append(r.spells, gspell{ind: ind, pid: pid, in: in})
		}
		r.kept++
		return nil
	})
}

// industry looks up the industry of a row; ok is false for a skipped row.
// Most consecutive spells share their industry: the lookup is skipped then.
func (r *spellReader) industry(raw []byte) (ind int32, ok bool, err error) {
	if r.lastInd >= 0 && bytes.Equal(raw, r.lastRaw) {
		return r.lastInd, true, nil
	}
	id, ok, err := r.codes.lookup(raw, r.src.line(), r.src.header[r.cols.industry])
	if err != nil || !ok {
		r.lastInd = -1
		return 0, false, err
	}
	r.lastInd, r.lastRaw = id, append(r.lastRaw[:0], raw...)
	r.counts.reserve(len(r.codes.codes))
	return id, true, nil
}

// finish aggregates the last worker (grouped) or every worker (ungrouped).
func (r *spellReader) finish() {
	if r.groups.mode == modeGrouped {
		if r.groups.pending() {
			r.worker(r.buf)
		}
		return
	}
	r.groups.each(func(rows []uint32) {
		r.buf = r.buf[:0]
		for _, i := range rows {
			s := r.spells[i]
			r.buf = append(r.buf, spell{per: r.pkeys[s.pid], ind: s.ind, in: s.in})
		}
		r.worker(r.buf)
	})
}

// options are the provenance options of a spells read.
func (r *spellReader) options(opt SpellOptions, moves float64) map[string]string {
	h := r.src.header
	o := r.src.options()
	opt.Codes.options(o)
	o["worker_col"], o["period_col"], o["industry_col"] = h[r.cols.worker], h[r.cols.period], h[r.cols.industry]
	if r.cols.region >= 0 {
		o["region_col"] = h[r.cols.region]
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
	if r.groups.mode == modeUngrouped {
		o["input_order"] = "ungrouped"
	}
	o["workers"] = strconv.FormatInt(r.workers, 10)
	o["spells_used"] = strconv.FormatInt(r.kept, 10)
	o["moves"] = strconv.FormatFloat(moves, 'f', -1, 64)
	r.codes.report(o)
	return o
}
