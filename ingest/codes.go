package ingest

import (
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// CodeFormat normalises industry codes so that files written in different
// styles agree: it trims surrounding spaces; unless KeepPunct, it removes '.',
// ' ', '-' and '/' inside codes ("01.11" -> "0111"); if Pad > 0 and the code is
// all digits and shorter than Pad, it left-pads it with zeros ("111" -> "0111"
// with Pad 4). Pad is the CLI flag --pad, KeepPunct the flag --keep-punct.
type CodeFormat struct {
	Pad       int
	KeepPunct bool
}

// Normalise returns the normalised form of code.
func (f CodeFormat) Normalise(code string) string {
	code = strings.TrimSpace(code)
	if !f.KeepPunct && strings.ContainsAny(code, ". -/") {
		code = strings.Map(func(r rune) rune {
			switch r {
			case '.', ' ', '-', '/':
				return -1
			}
			return r
		}, code)
		code = strings.TrimSpace(code) // ".\t1" leaves "\t1"
	}
	if f.Pad > 0 && len(code) < f.Pad && code != "" && allDigits(code) {
		code = strings.Repeat("0", f.Pad-len(code)) + code
	}
	return code
}

func (f CodeFormat) options(m map[string]string) {
	m["pad"] = strconv.Itoa(f.Pad)
	m["keep_punct"] = strconv.FormatBool(f.KeepPunct)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Unknown says what to do with a code that is not in the Known set.
type Unknown string

// Policies for unknown codes.
const (
	// UnknownError (the default, also for "") rejects the file.
	UnknownError Unknown = "error"
	// UnknownCreate auto-creates the industry, named by its code, at level 0
	// without a parent (LayerLoad.AddIndustries / RegionalLoad.AddIndustries).
	UnknownCreate Unknown = "create"
	// UnknownSkip drops the row and counts it (Provenance.Options "skipped_rows"
	// and "skipped_codes").
	UnknownSkip Unknown = "skip"
)

// set replaces *u by its checked value (see check).
func (u *Unknown) set() error {
	v, err := u.check()
	*u = v
	return err
}

func (u Unknown) check() (Unknown, error) {
	return choice("unknown", u, UnknownError, UnknownCreate, UnknownSkip)
}

// Known is the set of normalised codes of the classification already stored
// (the CLI fills it). A nil Known means codes are not checked at all (the
// store rejects codes it does not know); a non-nil, even empty, Known makes
// every code outside it subject to the Unknown policy.
type Known map[string]bool

// codeTable interns the industry codes of one file to small ints, normalising
// each distinct raw text once and applying the Known/Unknown policy.
type codeTable struct {
	file, classification string
	format               CodeFormat
	unknown              Unknown
	known                Known

	raw   map[string]int32 // raw field text -> id (>= 0) or skip id -(k+1), k indexing skipCodes
	norm  map[string]int32 // normalised code -> id
	codes []string         // id -> normalised code

	created   []string // codes created under UnknownCreate, in order of first sight
	skipCodes []string // codes skipped under UnknownSkip, in order of first sight
	skipRows  []int64  // rows skipped per skip code
	skipFirst []int    // line of the first skipped row per skip code
}

func newCodeTable(file, classification string, f CodeFormat, u Unknown, k Known) *codeTable {
	return &codeTable{file: file, classification: classification, format: f, unknown: u, known: k,
		raw: map[string]int32{}, norm: map[string]int32{}}
}

// lookup returns the id of a raw code; ok is false when the row is to be
// skipped (the skip is counted). line and col are for error messages.
func (t *codeTable) lookup(b []byte, line int, col string) (id int32, ok bool, err error) {
	if id, found := t.raw[string(b)]; found {
		if id < 0 {
			t.skipRows[-id-1]++
			return id, false, nil
		}
		return id, true, nil
	}
	return t.add(string(b), line, col)
}

func (t *codeTable) add(rawCode string, line int, col string) (int32, bool, error) {
	code := t.format.Normalise(rawCode)
	if code == "" {
		return 0, false, invalid(&ParseError{File: t.file, Line: line, Column: col, Value: rawCode, Expected: "an industry code"})
	}
	if err := checkName(t.file, line, col, "an industry code", code); err != nil {
		return 0, false, err
	}
	if id, found := t.norm[code]; found {
		t.raw[rawCode] = id
		return t.lookup([]byte(rawCode), line, col)
	}
	if t.known != nil && !t.known[code] {
		switch t.unknown {
		case UnknownSkip:
			id := int32(-len(t.skipCodes) - 1)
			t.skipCodes = append(t.skipCodes, code)
			t.skipRows = append(t.skipRows, 1)
			t.skipFirst = append(t.skipFirst, line)
			t.norm[code] = id
			t.raw[rawCode] = id
			return id, false, nil
		case UnknownCreate:
			t.created = append(t.created, code)
		default:
			what := "a code of classification " + strconv.Quote(t.classification)
			if len(t.known) == 0 {
				what += " (none is loaded)"
			}
			return 0, false, invalid(&ParseError{File: t.file, Line: line, Column: col, Value: rawCode, Expected: what,
				Hint: "load the classification first", Fix: Fix{Field: "unknown", Values: "create (add it) or skip (drop the row)"}})
		}
	}
	id := int32(len(t.codes))
	t.codes = append(t.codes, code)
	t.norm[code] = id
	t.raw[rawCode] = id
	return id, true, nil
}

// addIndustries returns the industries to create for UnknownCreate.
func (t *codeTable) addIndustries() []graphmodel.Industry {
	if len(t.created) == 0 {
		return nil
	}
	out := make([]graphmodel.Industry, len(t.created))
	for i, c := range t.created {
		out[i] = graphmodel.Industry{Classification: t.classification, Code: c, Name: c}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// report adds the unknown-code policy and its outcome to provenance options.
func (t *codeTable) report(m map[string]string) {
	m["unknown"] = string(t.unknown)
	if t.known == nil {
		m["unknown"] = "unchecked"
	}
	if len(t.created) > 0 {
		m["created_industries"] = strconv.Itoa(len(t.created))
	}
	if len(t.skipCodes) > 0 {
		var rows int64
		for _, n := range t.skipRows {
			rows += n
		}
		m["skipped_rows"] = strconv.FormatInt(rows, 10)
		m["skipped_codes"] = listCodes(t.skipCodes)
	}
}

// skipped returns, for each code skipped under UnknownSkip, the rows dropped
// and the line of the first one, in order of first sight.
func (t *codeTable) skipped() []Skip {
	out := make([]Skip, len(t.skipCodes))
	for i, c := range t.skipCodes {
		out[i] = Skip{Code: c, Rows: t.skipRows[i], FirstLine: t.skipFirst[i]}
	}
	return out
}

// Skip is one unknown code dropped under UnknownSkip.
type Skip struct {
	Code      string
	Rows      int64 // rows dropped
	FirstLine int   // line of the first dropped row
}

// listCodes joins codes for a provenance option, eliding after 50.
func listCodes(codes []string) string {
	const max = 50
	if len(codes) <= max {
		return strings.Join(codes, ",")
	}
	return strings.Join(codes[:max], ",") + ",... (" + strconv.Itoa(len(codes)) + " codes)"
}
