package ingest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// ConcordanceOptions configure ReadConcordance.
type ConcordanceOptions struct {
	CSV CSVOptions
	// OldCodes and NewCodes normalise the codes of the two columns (e.g. Pad
	// 4 for SIC codes that lost their leading zero).
	OldCodes, NewCodes CodeFormat
	// OldCol and NewCol name the columns of the old and the new code; empty
	// means columns 1 and 2 of the header.
	OldCol, NewCol string
	// WeightCol names the weight column; empty means column 3 when the header
	// has one, "none" means the file has no weights.
	WeightCol string
	// Split says what an old code listed with several new codes means when
	// there are no weights: "error" (default), "equal" (its counts are split
	// equally) or "first" (all go to the first new code listed).
	Split string
	// Tolerance is how far the weights of one old code may sum from 1
	// (default 0.001).
	Tolerance float64
}

// ConcordanceTarget is a new code and the share of an old code's counts it gets.
type ConcordanceTarget struct {
	Code   string  `json:"code"`
	Weight float64 `json:"weight"`
}

// Concordance maps the codes of an old classification to a new one: each
// old code to one or more new codes with weights that sum to 1.
type Concordance struct {
	Targets map[string][]ConcordanceTarget `json:"targets"` // in file order
	// Weighted is true when the file gave weights.
	Weighted   bool                  `json:"weighted"`
	Provenance graphmodel.Provenance `json:"provenance"`
}

// ReadConcordance reads a concordance table, one "old_code,new_code[,weight]"
// row per pair.
//
// With weights, every weight is a finite number in [0, 1] and the weights of
// one old code must sum to 1 within Tolerance (they are then rescaled to sum
// to exactly 1; targets of weight 0 are dropped). Without weights, an old code
// listed with several new codes is an error unless Split is "equal" or
// "first". A pair listed twice is an error. Problems are *ParseErrors.
func ReadConcordance(path string, opt ConcordanceOptions) (Concordance, error) {
	return readFile(path, opt.CSV, func() error { return checkConcordanceOptions(&opt) }, func(src *source) (Concordance, error) { return readConcordance(src, opt) })
}

func checkConcordanceOptions(opt *ConcordanceOptions) error {
	if err := pick("split", &opt.Split, "error", "equal", "first"); err != nil {
		return err
	}
	if opt.Tolerance == 0 {
		opt.Tolerance = 0.001
	}
	if !(opt.Tolerance > 0 && opt.Tolerance < 1) {
		return optionError("tolerance", strconv.FormatFloat(opt.Tolerance, 'g', -1, 64), "a number in (0, 1)")
	}
	return nil
}

// concRow is one row of a concordance: a target of an old code.
type concRow struct {
	code   string
	weight float64
	line   int
}

func readConcordance(src *source, opt ConcordanceOptions) (Concordance, error) {
	oc, nc, wc, err := concordanceColumns(src, opt)
	if err != nil {
		return Concordance{}, err
	}
	rows, order, err := concordanceRows(src, opt, oc, nc, wc)
	if err != nil {
		return Concordance{}, err
	}
	c, split, err := concordanceTargets(src, opt, rows, order, wc)
	if err != nil {
		return Concordance{}, err
	}
	o := src.options()
	o["old_col"] = src.header[oc]
	o["new_col"] = src.header[nc]
	if wc >= 0 {
		o["weight_col"] = src.header[wc]
		o["tolerance"] = strconv.FormatFloat(opt.Tolerance, 'g', -1, 64)
	} else {
		o["split"] = opt.Split
	}
	o["old_codes"] = strconv.Itoa(len(order))
	o["split_codes"] = strconv.Itoa(split)
	c.Provenance, err = src.provenance(o)
	if err != nil {
		return Concordance{}, err
	}
	return c, nil
}

// concordanceColumns resolves the old code, new code and weight (-1: none) columns.
func concordanceColumns(src *source, opt ConcordanceOptions) (oc, nc, wc int, err error) {
	oc, err = src.colOrPos(opt.OldCol, 0, "old code")
	if err != nil {
		return 0, 0, 0, err
	}
	nc, err = src.colOrPos(opt.NewCol, 1, "new code")
	if err != nil {
		return 0, 0, 0, err
	}
	wc = -1
	switch {
	case strings.EqualFold(opt.WeightCol, "none"):
	case opt.WeightCol != "":
		if wc, err = src.mustCol(opt.WeightCol, "weight"); err != nil {
			return 0, 0, 0, err
		}
	case len(src.header) >= 3:
		wc = 2
	}
	if oc == nc || (wc >= 0 && (wc == oc || wc == nc)) {
		return 0, 0, 0, invalid(&ParseError{File: src.in.name, Line: src.headerLine(),
			Expected: "different columns for the old code, the new code and the weight", Got: "header " + src.headerList()})
	}
	return oc, nc, wc, nil
}

// concordanceRows reads the rows: the targets of each old code, and the old
// codes in order of first appearance.
func concordanceRows(src *source, opt ConcordanceOptions, oc, nc, wc int) (map[string][]concRow, []string, error) {
	name := src.in.name
	rows := map[string][]concRow{}
	var order []string
	err := src.each(func(rec [][]byte) error {
		line := src.line()
		old := opt.OldCodes.Normalise(string(rec[oc]))
		if err := src.named(oc, rec[oc], old, "an old industry code"); err != nil {
			return err
		}
		nw := opt.NewCodes.Normalise(string(rec[nc]))
		if err := src.named(nc, rec[nc], nw, "a new industry code"); err != nil {
			return err
		}
		w := 1.0
		if wc >= 0 {
			v, ok := number(rec[wc])
			if !ok || v < 0 || v > 1+opt.Tolerance {
				return src.errAt(wc, rec[wc], "a weight between 0 and 1")
			}
			w = v
		}
		prev := rows[old]
		for _, r := range prev {
			if r.code == nw {
				return invalid(&ParseError{File: name, Line: line, Column: src.header[nc], Value: string(rec[nc]),
					Expected: "each (old, new) pair once", Got: fmt.Sprintf("%q → %q again (first on line %d)", old, nw, r.line)})
			}
		}
		if wc < 0 && len(prev) > 0 && opt.Split == "error" {
			return invalid(&ParseError{File: name, Line: line, Column: src.header[oc], Value: string(rec[oc]),
				Expected: "each old code once when there are no weights",
				Got:      fmt.Sprintf("%q again, now mapped to %q (line %d mapped it to %q)", old, nw, prev[0].line, prev[0].code),
				Hint:     "add a weight column", Fix: Fix{Field: "split", Values: "equal (share the counts equally) or first (keep the first row)"}})
		}
		if len(prev) == 0 {
			order = append(order, old)
		}
		rows[old] = append(prev, concRow{code: nw, weight: w, line: line})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, order, nil
}

// concordanceTargets checks the weights of each old code (or applies the
// Split policy without weights) and returns the normalised targets and the
// count of old codes split over several new codes.
func concordanceTargets(src *source, opt ConcordanceOptions, rows map[string][]concRow, order []string, wc int) (Concordance, int, error) {
	name := src.in.name
	c := Concordance{Targets: make(map[string][]ConcordanceTarget, len(rows)), Weighted: wc >= 0}
	var split int
	for _, old := range order {
		rs := rows[old]
		var total float64
		for _, r := range rs {
			total += r.weight
		}
		switch {
		case wc >= 0:
			if math.Abs(total-1) > opt.Tolerance {
				lines := make([]string, len(rs))
				for i, r := range rs {
					lines[i] = strconv.Itoa(r.line)
				}
				return Concordance{}, 0, invalid(&ParseError{File: name, Line: rs[0].line, Column: src.header[wc],
					Expected: fmt.Sprintf("the weights of old code %q to sum to 1 (±%g)", old, opt.Tolerance),
					Got:      fmt.Sprintf("%s over %d row(s) (lines %s)", strconv.FormatFloat(total, 'g', 6, 64), len(rs), strings.Join(lines, ", "))})
			}
		case opt.Split == "first":
			rs = rs[:1]
			total = 1
		default: // equal (or a single target)
			total = float64(len(rs))
		}
		if len(rs) > 1 {
			split++
		}
		ts := make([]ConcordanceTarget, 0, len(rs))
		for _, r := range rs {
			if r.weight > 0 {
				ts = append(ts, ConcordanceTarget{Code: r.code, Weight: r.weight / total})
			}
		}
		c.Targets[old] = ts
	}
	return c, split, nil
}

// Unmapped policies of Concordance.MapLinks and MapRegional: a code that the
// concordance does not list.
const (
	UnmappedError = "error" // the default
	UnmappedDrop  = "drop"  // drop its links or values (reported)
	UnmappedKeep  = "keep"  // keep the code as it is (classifications that share most codes)
)

// MapReport says what a mapping did.
type MapReport struct {
	In  int `json:"in"`  // links or values before
	Out int `json:"out"` // and after
	// Unmapped lists the codes the concordance does not list, with the
	// links (or values) and the count (or value) they carried.
	Unmapped []UnmappedCode `json:"unmapped,omitempty"`
	// Split counts the inputs whose count was shared by several outputs.
	Split int `json:"split"`
}

// UnmappedCode is a code of the input that the concordance does not list.
type UnmappedCode struct {
	Code  string  `json:"code"`
	Items int     `json:"items"`
	Total float64 `json:"total"`
}

func checkUnmapped(policy string) (string, error) {
	return choice("unmapped", policy, UnmappedError, UnmappedDrop, UnmappedKeep)
}

func (c Concordance) targets(code, policy string) ([]ConcordanceTarget, bool) {
	if ts, ok := c.Targets[code]; ok {
		return ts, true
	}
	if policy == UnmappedKeep {
		return []ConcordanceTarget{{Code: code, Weight: 1}}, true
	}
	return nil, false
}

func (c Concordance) unmappedError(r MapReport, what string) error {
	u := r.Unmapped[0]
	var codes []string
	for _, x := range r.Unmapped[:min(10, len(r.Unmapped))] {
		codes = append(codes, strconv.Quote(x.Code))
	}
	more := ""
	if len(r.Unmapped) > 10 {
		more = fmt.Sprintf(" and %d more", len(r.Unmapped)-10)
	}
	return fixable(fmt.Sprintf("concordance %s does not list %d code(s) of the %s: %s%s (%q alone: %d %s, total %s)",
		c.Provenance.Source, len(r.Unmapped), what, strings.Join(codes, ", "), more, u.Code, u.Items, what, strconv.FormatFloat(u.Total, 'g', 6, 64)),
		"add them", Fix{Field: "unmapped", Values: "drop or keep"})
}

// MapLinks maps the counts of a links layer through the concordance: a
// count C between old codes a and b becomes w_a,a'·w_b,b'·C between every
// pair of their new codes a' and b' (so totals are kept, and a within-code
// count of a split code is shared among its new codes and the pairs of
// them). Links landing on the same new pair are summed; undirected links are
// stored with From < To. Only Count is mapped; Value is left 0 (compute
// relatedness afterwards). unmapped is the policy for codes the concordance
// does not list ("error", "drop" or "keep"). Links come out sorted by From,
// then To.
func (c Concordance) MapLinks(links []graphmodel.Link, directed bool, unmapped string) ([]graphmodel.Link, MapReport, error) {
	return mapCells(c, links, unmapped, "links", func(l graphmodel.Link, policy string, miss unmappedTally, out map[[2]string]float64) bool {
		ta, okA := c.targets(l.From, policy)
		tb, okB := c.targets(l.To, policy)
		if !okA || !okB {
			if !okA {
				miss.note(l.From, l.Count)
			}
			if !okB && l.To != l.From {
				miss.note(l.To, l.Count)
			}
			return false
		}
		for _, x := range ta {
			for _, y := range tb {
				a, b := x.Code, y.Code
				if !directed && a > b {
					a, b = b, a
				}
				out[[2]string{a, b}] += x.Weight * y.Weight * l.Count
			}
		}
		return len(ta)*len(tb) > 1
	}, func(k [2]string, v float64) (graphmodel.Link, bool) {
		return graphmodel.Link{From: k[0], To: k[1], Count: v}, v > 0
	})
}

// MapRegional maps regional values through the concordance: a value x of old
// code a in a region becomes w_a,a'·x for each new code a' of it, summed per
// region and new code. Values come out sorted by region, then industry.
func (c Concordance) MapRegional(values []graphmodel.RegionalValue, unmapped string) ([]graphmodel.RegionalValue, MapReport, error) {
	return mapCells(c, values, unmapped, "values", func(v graphmodel.RegionalValue, policy string, miss unmappedTally, out map[[2]string]float64) bool {
		ts, ok := c.targets(v.Industry, policy)
		if !ok {
			miss.note(v.Industry, v.Value)
			return false
		}
		for _, t := range ts {
			out[[2]string{v.Region, t.Code}] += t.Weight * v.Value
		}
		return len(ts) > 1
	}, func(k [2]string, v float64) (graphmodel.RegionalValue, bool) {
		return graphmodel.RegionalValue{Region: k[0], Industry: k[1], Value: v}, true
	})
}

// unmappedTally counts the items and total of each code the concordance
// did not map.
type unmappedTally map[string]*UnmappedCode

func (m unmappedTally) note(code string, total float64) {
	u := m[code]
	if u == nil {
		u = &UnmappedCode{Code: code}
		m[code] = u
	}
	u.Items++
	u.Total += total
}

// mapCells maps items (what they are in messages) under the unmapped policy:
// add adds an item's mapped cells to out, or notes its unmapped codes in miss,
// and says whether it was split. The unmapped codes go in the report (an error
// under policy "error"); the cells of out that cell keeps are returned sorted
// by key.
func mapCells[I, T any](c Concordance, items []I, unmapped, what string,
	add func(item I, policy string, miss unmappedTally, out map[[2]string]float64) (split bool),
	cell func(k [2]string, v float64) (T, bool)) ([]T, MapReport, error) {
	policy, err := checkUnmapped(unmapped)
	if err != nil {
		return nil, MapReport{}, err
	}
	rep := MapReport{In: len(items)}
	miss := unmappedTally{}
	out := map[[2]string]float64{}
	for _, it := range items {
		if add(it, policy, miss, out) {
			rep.Split++
		}
	}
	rep.Unmapped = sortedUnmapped(miss)
	if len(rep.Unmapped) > 0 && policy == UnmappedError {
		return nil, rep, c.unmappedError(rep, what)
	}
	keys := make([][2]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return strings.Compare(a[0], b[0])
		}
		return strings.Compare(a[1], b[1])
	})
	res := make([]T, 0, len(keys))
	for _, k := range keys {
		if x, keep := cell(k, out[k]); keep {
			res = append(res, x)
		}
	}
	rep.Out = len(res)
	return res, rep, nil
}

func sortedUnmapped(m map[string]*UnmappedCode) []UnmappedCode {
	out := make([]UnmappedCode, 0, len(m))
	for _, u := range m {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Code < out[j].Code
	})
	return out
}
