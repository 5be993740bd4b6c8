package ingest

import (
	"fmt"
	"io"
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
	if err := checkLinksOptions(&opt); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	src, err := openSource(path, opt.CSV)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	defer src.close()
	return readLinks(src, opt)
}

func checkLinksOptions(opt *LinksOptions) error {
	if _, err := graphmodel.ParseLayerKind(string(opt.Layer.Kind)); err != nil {
		return optionError("kind", string(opt.Layer.Kind), "flows, co-occurrence or relatedness")
	}
	if err := checkLayerNames(opt.Layer); err != nil {
		return err
	}
	switch opt.Duplicates {
	case "":
		opt.Duplicates = "error"
	case "error", "sum", "mean":
	default:
		return optionError("duplicates", opt.Duplicates, "error, sum or mean")
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
	u, err := opt.Unknown.check()
	opt.Unknown = u
	return err
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
	fc, err := src.colOrPos(opt.FromCol, 0, "from industry")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	tc, err := src.colOrPos(opt.ToCol, 1, "to industry")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	vc, err := src.colOrPos(opt.ValueCol, 2, "value")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	name := src.in.name
	codes := newCodeTable(name, layer.Classification, opt.Codes, opt.Unknown, opt.Known)
	counts := layer.Kind.HasCounts()
	index := map[uint64]int32{}
	var entries []linkEntry
	var zeroRows, loopsDropped, mirrored int64

	for {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return graphmodel.LayerLoad{}, err
		}
		line := src.line()
		from, ok, err := codes.lookup(rec[fc], line, src.header[fc])
		if err != nil {
			return graphmodel.LayerLoad{}, err
		}
		if !ok {
			continue
		}
		to, ok, err := codes.lookup(rec[tc], line, src.header[tc])
		if err != nil {
			return graphmodel.LayerLoad{}, err
		}
		if !ok {
			continue
		}
		var v float64
		if counts {
			if v, err = src.count(vc, rec[vc]); err != nil {
				return graphmodel.LayerLoad{}, err
			}
		} else if v, err = src.value(vc, rec[vc]); err != nil {
			return graphmodel.LayerLoad{}, err
		}
		if from == to {
			switch opt.SelfLoops {
			case "drop":
				loopsDropped++
				continue
			case "error":
				return graphmodel.LayerLoad{}, invalid(&ParseError{File: name, Line: line, Column: src.header[tc], Value: string(rec[tc]),
					Expected: "a link between two different industries", Got: fmt.Sprintf("%q again (a self-loop)", string(rec[tc])),
					Fix: Fix{Field: "self_loops", Values: "keep or drop"}})
			}
		}
		if counts && v == 0 {
			zeroRows++
			continue
		}
		r := linkRow{val: v, line: line}
		if !layer.Directed && codes.codes[from] > codes.codes[to] {
			from, to, r.rev = to, from, true
		}
		key := uint64(uint32(from))<<32 | uint64(uint32(to))
		if i, ok := index[key]; ok {
			entries[i].more = append(entries[i].more, r)
			continue
		}
		index[key] = int32(len(entries))
		entries = append(entries, linkEntry{from: from, to: to, first: r})
	}

	links := make([]graphmodel.Link, 0, len(entries))
	var dupErr *ParseError
	for i := range entries {
		e := &entries[i]
		v, merged, perr := resolveLink(e, opt.Duplicates, layer.Directed)
		mirrored += merged
		if perr != nil {
			if dupErr == nil || perr.Line < dupErr.Line {
				perr.File = name
				perr.Column = src.header[tc]
				perr.Value = codes.codes[e.to]
				dupErr = perr
				if layer.Directed {
					perr.Got = fmt.Sprintf("%q -> %q again", codes.codes[e.from], codes.codes[e.to]) + perr.Got
				} else {
					perr.Got = fmt.Sprintf("%q - %q again", codes.codes[e.from], codes.codes[e.to]) + perr.Got
				}
			}
			continue
		}
		l := graphmodel.Link{From: codes.codes[e.from], To: codes.codes[e.to]}
		if counts {
			l.Count = v
		} else {
			l.Value = v
		}
		links = append(links, l)
	}
	if dupErr != nil {
		return graphmodel.LayerLoad{}, invalid(dupErr)
	}
	sort.Slice(links, func(i, j int) bool {
		if links[i].From != links[j].From {
			return links[i].From < links[j].From
		}
		return links[i].To < links[j].To
	})

	o := src.options()
	opt.Codes.options(o)
	o["kind"] = string(layer.Kind)
	o["from_col"] = src.header[fc]
	o["to_col"] = src.header[tc]
	o["value_col"] = src.header[vc]
	o["duplicates"] = opt.Duplicates
	o["self_loops"] = opt.SelfLoops
	codes.report(o)
	if zeroRows > 0 {
		o["zero_rows_dropped"] = strconv.FormatInt(zeroRows, 10)
	}
	if loopsDropped > 0 {
		o["self_loops_dropped"] = strconv.FormatInt(loopsDropped, 10)
	}
	if mirrored > 0 {
		o["mirrored_rows_merged"] = strconv.FormatInt(mirrored, 10)
	}
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if opt.OnSkipped != nil && len(codes.skipCodes) > 0 {
		opt.OnSkipped(codes.skipped())
	}
	return graphmodel.LayerLoad{Provenance: prov, Layer: layer, Links: links, AddIndustries: codes.addIndustries()}, nil
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
