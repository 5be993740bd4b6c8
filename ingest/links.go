package ingest

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// LinksOptions configure ReadLinks.
type LinksOptions struct {
	// Layer describes the layer; the caller sets Name, Period, Kind and
	// Classification. ReadLinks sets Directed from Kind (and Method "given"
	// for relatedness when empty).
	Layer graphmodel.Layer
	CSV   CSVOptions
	Codes CodeFormat
	// FromCol, ToCol and ValueCol name the columns; empty means columns 1, 2
	// and 3 of the header.
	FromCol, ToCol, ValueCol string
	// Duplicates handles a pair listed more than once: "error" (default),
	// "sum" (counts) or "mean" (relatedness values). For undirected kinds a
	// pair listed once in each direction with equal values (a symmetric
	// matrix) is one link and not a duplicate.
	Duplicates string
	// SelfLoops handles links from an industry to itself: "keep" (default for
	// flows: moves within an industry), "drop" (counted in the provenance) or
	// "error" (default for the other kinds).
	SelfLoops string
	Unknown   Unknown
	Known     Known
	// OnSkipped, if set, is called after a successful read with the codes
	// dropped under Unknown "skip".
	OnSkipped func([]Skip)
	// Relatedness says how Load computes relatedness; the Read functions
	// ignore it.
	Relatedness RelatednessOptions
}

// ReadLinks reads a layer of links, one "from,to,value" row per link. For
// counts kinds (flows, co-occurrence) the value is the count, finite and >= 0,
// put in Link.Count; rows with a 0 count are dropped. For relatedness the
// value is any finite number, put in Link.Value. Undirected kinds store each
// pair once with From < To. Links are returned sorted by From, then To.
func ReadLinks(path string, opt LinksOptions) (graphmodel.LayerLoad, error) {
	return readFile(path, opt.CSV, func() error { return checkLinksOptions(&opt) }, func(src *source) (graphmodel.LayerLoad, error) { return readLinks(src, opt) })
}

func checkLinksOptions(opt *LinksOptions) error {
	if _, err := graphmodel.ParseLayerKind(string(opt.Layer.Kind)); err != nil {
		return optionError("kind", string(opt.Layer.Kind), "flows, co-occurrence or relatedness")
	}
	if err := checkLayerNames(opt.Layer); err != nil {
		return err
	}
	if err := pick("duplicates", &opt.Duplicates, "error", "sum", "mean"); err != nil {
		return err
	}
	switch opt.SelfLoops {
	case "":
		opt.SelfLoops = "error"
		if opt.Layer.Kind == graphmodel.KindFlows {
			opt.SelfLoops = "keep"
		}
	case "keep", "drop", "error":
	default:
		return optionError("self_loops", opt.SelfLoops, "keep, drop or error")
	}
	return opt.Unknown.set()
}

// linkRow is one row that gave a value to a pair.
type linkRow struct {
	val  float64
	line int
	rev  bool // undirected: given as (to, from) relative to the stored order
}

type linkEntry struct {
	from, to int32
	first    linkRow
	more     []linkRow
}

func readLinks(src *source, opt LinksOptions) (graphmodel.LayerLoad, error) {
	layer := opt.Layer
	layer.Directed = layer.Kind.Directed()
	if layer.Kind == graphmodel.KindRelatedness && layer.Method == "" {
		layer.Method = "given"
	}
	r := &linkReader{src: src, opt: opt, layer: layer, index: map[uint64]int32{},
		codes: newCodeTable(src.in.name, layer.Classification, opt.Codes, opt.Unknown, opt.Known)}
	var err error
	if r.from, err = src.colOrPos(opt.FromCol, 0, "from industry"); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if r.to, err = src.colOrPos(opt.ToCol, 1, "to industry"); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if r.value, err = src.colOrPos(opt.ValueCol, 2, "value"); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if err := r.read(); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	links, err := r.links()
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	prov, err := src.provenance(r.options())
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if opt.OnSkipped != nil && len(r.codes.skipCodes) > 0 {
		opt.OnSkipped(r.codes.skipped())
	}
	return graphmodel.LayerLoad{Provenance: prov, Layer: layer, Links: links, AddIndustries: r.codes.addIndustries()}, nil
}

// linkReader is the state of reading a links file.
type linkReader struct {
	src             *source
	opt             LinksOptions
	layer           graphmodel.Layer
	from, to, value int // columns
	codes           *codeTable
	index           map[uint64]int32 // pair -> entry
	entries         []linkEntry

	zeroRows, loopsDropped, mirrored int64
}

// read reads every row into the entries, one per pair.
func (r *linkReader) read() error { return r.src.each(r.row) }

// row reads one row: its codes (a skipped code drops it), its value and
// the self-loop policy; zero counts are dropped.
func (r *linkReader) row(rec [][]byte) error {
	src, line := r.src, r.src.line()
	from, ok, err := r.codes.lookup(rec[r.from], line, src.header[r.from])
	if err != nil || !ok {
		return err
	}
	to, ok, err := r.codes.lookup(rec[r.to], line, src.header[r.to])
	if err != nil || !ok {
		return err
	}
	counts := r.layer.Kind.HasCounts()
	var v float64
	if counts {
		v, err = src.count(r.value, rec[r.value])
	} else {
		v, err = src.value(r.value, rec[r.value])
	}
	if err != nil {
		return err
	}
	if from == to {
		switch r.opt.SelfLoops {
		case "drop":
			r.loopsDropped++
			return nil
		case "error":
			return invalid(&ParseError{File: src.in.name, Line: line, Column: src.header[r.to], Value: string(rec[r.to]),
				Expected: "a link between two different industries", Got: fmt.Sprintf("%q again (a self-loop)", string(rec[r.to])),
				Fix: Fix{Field: "self_loops", Values: "keep or drop"}})
		}
	}
	if counts && v == 0 {
		r.zeroRows++
		return nil
	}
	lr := linkRow{val: v, line: line}
	if !r.layer.Directed && r.codes.codes[from] > r.codes.codes[to] {
		from, to, lr.rev = to, from, true
	}
	key := uint64(uint32(from))<<32 | uint64(uint32(to))
	if i, ok := r.index[key]; ok {
		r.entries[i].more = append(r.entries[i].more, lr)
		return nil
	}
	r.index[key] = int32(len(r.entries))
	r.entries = append(r.entries, linkEntry{from: from, to: to, first: lr})
	return nil
}

// links resolves the rows of every pair (resolveLink) into links sorted by
// From, then To; of several duplicate pairs the error names the first line.
func (r *linkReader) links() ([]graphmodel.Link, error) {
	codes := r.codes.codes
	links := make([]graphmodel.Link, 0, len(r.entries))
	var dupErr *ParseError
	for i := range r.entries {
		e := &r.entries[i]
		v, merged, perr := resolveLink(e, r.opt.Duplicates, r.layer.Directed)
		r.mirrored += merged
		if perr != nil {
			if dupErr == nil || perr.Line < dupErr.Line {
				perr.File, perr.Column, perr.Value = r.src.in.name, r.src.header[r.to], codes[e.to]
				arrow := " - "
				if r.layer.Directed {
					arrow = " -> "
				}
				perr.Got = strconv.Quote(codes[e.from]) + arrow + strconv.Quote(codes[e.to]) + " again" + perr.Got
				dupErr = perr
			}
			continue
		}
		l := graphmodel.Link{From: codes[e.from], To: codes[e.to]}
		if r.layer.Kind.HasCounts() {
			l.Count = v
		} else {
			l.Value = v
		}
		links = append(links, l)
	}
	if dupErr != nil {
		return nil, invalid(dupErr)
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].From != links[j].From {
			return links[i].From < links[j].From
		}
		return links[i].To < links[j].To
	})
	return links, nil
}

// options are the provenance options of a links read.
func (r *linkReader) options() map[string]string {
	h := r.src.header
	o := r.src.options()
	r.opt.Codes.options(o)
	o["kind"] = string(r.layer.Kind)
	o["from_col"], o["to_col"], o["value_col"] = h[r.from], h[r.to], h[r.value]
	o["duplicates"] = r.opt.Duplicates
	o["self_loops"] = r.opt.SelfLoops
	r.codes.report(o)
	for key, n := range map[string]int64{"zero_rows_dropped": r.zeroRows, "self_loops_dropped": r.loopsDropped, "mirrored_rows_merged": r.mirrored} {
		if n > 0 {
			o[key] = strconv.FormatInt(n, 10)
		}
	}
	return o
}

// resolveLink combines the rows of one pair. For undirected layers a row in
// the reverse direction with the same value as a not yet matched row in the
// stored direction is its mirror and is dropped (merged is how many). Any
// other repetition is a duplicate: an error (the ParseError names the line
// of the second row and the first), or combined by "sum" or "mean".
func resolveLink(e *linkEntry, dups string, directed bool) (v float64, merged int64, perr *ParseError) {
	if len(e.more) == 0 {
		return e.first.val, 0, nil
	}
	rows := append([]linkRow{e.first}, e.more...)
	if !directed {
		used := make([]bool, len(rows))
		kept := rows[:0:0]
		for i, r := range rows {
			if used[i] {
				continue
			}
			for j := i + 1; j < len(rows); j++ {
				if !used[j] && rows[j].rev != r.rev && rows[j].val == r.val {
					used[j] = true
					merged++
					break
				}
			}
			kept = append(kept, r)
		}
		rows = kept
	}
	if len(rows) == 1 {
		return rows[0].val, merged, nil
	}
	switch dups {
	case "sum", "mean":
		for _, r := range rows {
			v += r.val
		}
		if dups == "mean" {
			v /= float64(len(rows))
		}
		return v, merged, nil
	}
	a, b := rows[0], rows[1]
	detail := fmt.Sprintf(" (first on line %d)", a.line)
	if !directed && a.rev != b.rev {
		detail = fmt.Sprintf(" in the other direction with value %s (line %d gave %s)", fmtNum(b.val), a.line, fmtNum(a.val))
	}
	return 0, merged, &ParseError{Line: b.line, Expected: "each pair once", Got: detail,
		Fix: Fix{Field: "duplicates", Values: "sum (counts) or mean (values) to combine repeated pairs"}}
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
