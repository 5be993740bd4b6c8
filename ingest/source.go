package ingest

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// source is an opened CSV input with its header read.
type source struct {
	in     *input
	sc     *scanner
	header []string
	hline  int   // line of the header record
	rows   int64 // data records read so far
}

// openSource opens a file (gzip and BOM handled) and reads its header.
func openSource(path string, opt CSVOptions) (*source, error) {
	return sourceOf(func() (*input, error) { return openFile(path, opt) }, opt)
}

// readerSource reads a CSV stream that is not a file: no hash is computed.
func readerSource(name string, r io.Reader, opt CSVOptions) (*source, error) {
	return sourceOf(func() (*input, error) { return newInput(name, r, -1, false, opt) }, opt)
}

func sourceOf(open func() (*input, error), opt CSVOptions) (*source, error) {
	if err := checkDelimiter(opt.Delimiter); err != nil {
		return nil, err
	}
	in, err := open()
	if err != nil {
		return nil, err
	}
	src, err := startSource(in, opt)
	if err != nil {
		in.close()
		return nil, err
	}
	return src, nil
}

// readFile checks a reader's options, then reads path with read.
func readFile[T any](path string, opt CSVOptions, check func() error, read func(*source) (T, error)) (T, error) {
	var zero T
	if err := check(); err != nil {
		return zero, err
	}
	src, err := openSource(path, opt)
	if err != nil {
		return zero, err
	}
	defer src.close()
	return read(src)
}

// each calls row with every remaining record, stopping at the first error.
func (s *source) each(row func(rec [][]byte) error) error {
	for {
		rec, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := row(rec); err != nil {
			return err
		}
	}
}

func startSource(in *input, opt CSVOptions) (*source, error) {
	sc := newScanner(in.name, in.r, opt.Delimiter)
	sc.in = in
	fields, err := sc.next()
	if err == io.EOF {
		return nil, invalid(&ParseError{File: in.name, Line: 1, Expected: "a header line naming the columns", Got: "an empty file"})
	}
	if err != nil {
		return nil, err
	}
	h := make([]string, len(fields))
	for i, f := range fields {
		h[i] = strings.TrimSpace(string(f))
		if err := checkName(in.name, sc.line, "#"+strconv.Itoa(i+1), "a column name", h[i]); err != nil {
			return nil, err
		}
	}
	if err := checkDistinct(in.name, sc.line, h); err != nil {
		return nil, err
	}
	sc.header = h
	sc.want = len(h)
	return &source{in: in, sc: sc, header: h, hline: sc.line}, nil
}

// checkDistinct refuses a header that names a column twice (empty names
// aside: they name no column), listing the column numbers of the first name
// found twice.
func checkDistinct(file string, line int, header []string) error {
	first := make(map[string]int, len(header))
	for i, h := range header {
		if h == "" {
			continue
		}
		j, seen := first[h]
		if !seen {
			first[h] = i
			continue
		}
		cols := []string{strconv.Itoa(j + 1)}
		for k := j + 1; k < len(header); k++ {
			if header[k] == h {
				cols = append(cols, strconv.Itoa(k+1))
			}
		}
		got := strconv.Quote(h) + " in columns " + strings.Join(cols[:len(cols)-1], ", ") + " and " + cols[len(cols)-1]
		return invalid(&ParseError{File: file, Line: line, Expected: "distinct column names in the header", Got: got,
			Hint: "rename or remove the repeated column"})
	}
	return nil
}

func (s *source) close() { s.in.close() }

// next returns the next data record or io.EOF. An empty file after the
// header is an error.
func (s *source) next() ([][]byte, error) {
	f, err := s.sc.next()
	if err == io.EOF && s.rows == 0 {
		return nil, invalid(&ParseError{File: s.in.name, Line: s.sc.nextLine, Expected: "data rows after the header", Got: "none"})
	}
	if err == nil {
		s.rows++
	}
	return f, err
}

// line is the line of the current record.
func (s *source) line() int { return s.sc.line }

// col finds a column by name: an exact match (after trimming spaces), else a
// unique case-insensitive match; -1 when absent.
func (s *source) col(name string) int {
	name = strings.TrimSpace(name)
	for i, h := range s.header {
		if h == name {
			return i
		}
	}
	found := -1
	for i, h := range s.header {
		if strings.EqualFold(h, name) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// mustCol finds a required column or returns an error naming it and listing the header.
func (s *source) mustCol(name, role string) (int, error) {
	if i := s.col(name); i >= 0 {
		return i, nil
	}
	return -1, s.missing(name, role)
}

func (s *source) missing(name, role string) error {
	return invalid(&ParseError{File: s.in.name, Line: s.headerLine(), Column: name,
		Expected: "a column " + strconv.Quote(name) + " (" + role + ") in the header", Got: "header " + s.headerList()})
}

// headerLine is the line of the header record (1 unless empty lines precede it).
func (s *source) headerLine() int { return s.hline }

func (s *source) headerList() string {
	q := make([]string, len(s.header))
	for i, h := range s.header {
		q[i] = strconv.Quote(h)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// colOrPos resolves a column given by name, or by position (0-based) when
// name is empty; the position must exist.
func (s *source) colOrPos(name string, pos int, role string) (int, error) {
	if name != "" {
		return s.mustCol(name, role)
	}
	if pos < len(s.header) {
		return pos, nil
	}
	return -1, invalid(&ParseError{File: s.in.name, Line: s.headerLine(), Column: "#" + strconv.Itoa(pos+1),
		Expected: "at least " + strconv.Itoa(pos+1) + " columns (" + role + " is column " + strconv.Itoa(pos+1) + ")", Got: "header " + s.headerList()})
}

func (s *source) options() map[string]string {
	return map[string]string{"delimiter": delimName(s.sc.delim)}
}

func (s *source) provenance(options map[string]string) (graphmodel.Provenance, error) {
	return s.in.provenance(s.rows, options)
}

// named checks v, the cleaned value of column col in the current record, as
// what: present (else an error quoting the raw field) and free of control
// characters.
func (s *source) named(col int, raw []byte, v, what string) error {
	if v == "" {
		return s.errAt(col, raw, what)
	}
	return checkName(s.in.name, s.sc.line, s.header[col], what, v)
}

// errAt builds a ParseError for the current record.
func (s *source) errAt(col int, value []byte, expected string) error {
	return invalid(&ParseError{File: s.in.name, Line: s.sc.line, Column: s.header[col], Value: string(value), Expected: expected})
}

// number parses a finite number (spaces around it allowed).
func number(b []byte) (float64, bool) {
	t := strings.TrimSpace(string(b))
	if t == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// count parses a finite number >= 0.
func (s *source) count(col int, b []byte) (float64, error) {
	v, ok := number(b)
	if !ok || v < 0 {
		return 0, s.errAt(col, b, "a non-negative number")
	}
	return v, nil
}

// value parses a finite number of any sign.
func (s *source) value(col int, b []byte) (float64, error) {
	v, ok := number(b)
	if !ok {
		return 0, s.errAt(col, b, "a finite number")
	}
	return v, nil
}
