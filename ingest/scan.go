package ingest

import (
	"bytes"
	"encoding/binary"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a byte-level CSV reader. Lines without a quote take the fast
// path: the fields are split in place with no copying and no allocation. A
// line with a quote is parsed like encoding/csv does (RFC 4180 quoting,
// "" for a quote, fields spanning lines, \r\n inside quotes read as \n),
// copying the record into a reusable buffer. Like encoding/csv it skips empty
// lines, drops the \r of \r\n line ends and rejects bare quotes. Unlike it, it
// rejects bytes that are not UTF-8 and control characters other than tab,
// line feed and carriage return (NUL and the rest of U+0000–U+001F), and it
// enforces MaxFieldBytes, MaxRecordBytes and MaxColumns (or the header's
// width) while reading, so that no record over a limit is held in memory.
// The returned fields are valid until the next call.
type scanner struct {
	name  string
	r     io.Reader
	in    *input // for errors of the decompressed stream; nil in tests
	delim byte   // 0 until detected from the first line

	buf      []byte
	pos, end int
	eof      bool

	line     int // line where the current record starts
	nextLine int // line number of buf[pos]

	fields [][]byte
	rec    []byte
	ends   []int

	header []string // column names, for messages; nil while reading the header
	want   int      // fields each record must have; 0: any

	// maxField, maxRecord and maxColumns are MaxFieldBytes, MaxRecordBytes
	// and MaxColumns (smaller in tests).
	maxField, maxRecord, maxColumns int

	// buf[:valid] is known to be UTF-8 without control characters (checked
	// a buffer of complete lines at a time); buf[:invalid] holds a known bad
	// byte, so its lines are checked field by field to report it.
	valid, invalid int
	lineStart      int // offset in buf of the line readLine returned last
}

const scanBufSize = 256 << 10

func newScanner(name string, r io.Reader, delim rune) *scanner {
	return &scanner{name: name, r: r, delim: byte(delim), buf: make([]byte, scanBufSize), nextLine: 1,
		maxField: MaxFieldBytes, maxRecord: MaxRecordBytes, maxColumns: MaxColumns}
}

// checkDelimiter validates a delimiter option.
func checkDelimiter(d rune) error {
	switch d {
	case 0, ',', ';', '\t':
		return nil
	}
	return optionError("delimiter", string(d), `',', ';' or '\t' (or 0 to detect it)`)
}

func delimName(d byte) string {
	if d == '\t' {
		return "tab"
	}
	return string(rune(d))
}

// fill reads more data, moving the unread part to the front of the buffer
// and growing it when a line does not fit.
func (s *scanner) fill() error {
	if s.eof {
		return nil
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.valid = max(0, s.valid-s.pos)
		s.invalid = max(0, s.invalid-s.pos)
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.maxRecord {
			return tooLarge(&ParseError{File: s.name, Line: s.nextLine, Expected: "a line of at most " + byteSize(int64(s.maxRecord)) + " (the record limit)", Got: "a longer line"})
		}
		nb := make([]byte, min(2*len(s.buf), s.maxRecord))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return nil
		}
		if err != nil {
			if s.in != nil {
				return s.in.readError(err, s.nextLine)
			}
			return invalid(&ParseError{File: s.name, Line: s.nextLine, Expected: "readable data", Got: err.Error()})
		}
		if n > 0 {
			return nil
		}
	}
}

// readLine returns the next physical line with its '\n' (a "\r\n" end is
// turned into "\n"; a '\r' right before the end of the file is dropped), or
// io.EOF when no byte is left.
func (s *scanner) readLine() ([]byte, error) {
	searched := 0
	for {
		if i := bytes.IndexByte(s.buf[s.pos+searched:s.end], '\n'); i >= 0 {
			i += s.pos + searched
			s.lineStart = s.pos
			line := s.buf[s.pos : i+1]
			s.pos = i + 1
			s.nextLine++
			if n := len(line); n >= 2 && line[n-2] == '\r' {
				line[n-2] = '\n'
				line = line[:n-1]
			}
			return line, nil
		}
		if s.eof {
			if s.pos == s.end {
				return nil, io.EOF
			}
			s.lineStart = s.pos
			line := s.buf[s.pos:s.end]
			s.pos = s.end
			s.nextLine++
			if n := len(line); line[n-1] == '\r' {
				line = line[:n-1]
			}
			return line, nil
		}
		searched = s.end - s.pos
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// next returns the fields of the next record, or io.EOF.
func (s *scanner) next() ([][]byte, error) {
	var line []byte
	for {
		var err error
		line, err = s.readLine()
		if err != nil {
			return nil, err
		}
		if len(line) > lengthNL(line) {
			break
		}
	}
	s.line = s.nextLine - 1
	if s.delim == 0 {
		s.delim = detectDelimiter(line)
	}
	if bytes.IndexByte(line, '"') >= 0 {
		return s.parseQuoted(line)
	}
	lineEnd := s.pos
	line = line[:len(line)-lengthNL(line)]
	limit := s.limit()
	fields := s.fields[:0]
	rest := line
	for {
		if len(fields) == limit {
			s.fields = fields
			return nil, s.tooManyFields(strconv.Itoa(bytes.Count(line, []byte{s.delim}) + 1))
		}
		i := bytes.IndexByte(rest, s.delim)
		if i < 0 {
			fields = append(fields, rest)
			break
		}
		fields = append(fields, rest[:i])
		rest = rest[i+1:]
	}
	s.fields = fields
	if len(line) > s.maxField {
		for i, f := range fields {
			if len(f) > s.maxField {
				return nil, s.fieldTooLarge(i)
			}
		}
	}
	if lineEnd > s.valid && lineEnd > s.invalid {
		s.validate()
	}
	return fields, s.check(fields, lineEnd > s.valid)
}

// limit is the most fields the current record may have: the header's
// width for data records, MaxColumns for the header.
func (s *scanner) limit() int {
	if s.want > 0 {
		return s.want
	}
	return s.maxColumns
}

// tooManyFields reports a record with more fields than limit allows; got
// is how many it has ("more" when not counted).
func (s *scanner) tooManyFields(got string) error {
	if s.header == nil {
		return tooLarge(&ParseError{File: s.name, Line: s.line, Expected: "a header of at most " + strconv.Itoa(s.maxColumns) + " columns (the column limit)",
			Got: got + " columns"})
	}
	return invalid(&ParseError{File: s.name, Line: s.line, Expected: strconv.Itoa(s.want) + " fields as in the header", Got: got})
}

// fieldTooLarge reports field i of the current record over MaxFieldBytes.
func (s *scanner) fieldTooLarge(i int) error {
	return tooLarge(&ParseError{File: s.name, Line: s.line, Column: s.column(i),
		Expected: "a field of at most " + byteSize(int64(s.maxField)) + " (the field limit)", Got: "a longer one"})
}

// validate checks the complete lines from s.pos's line on as one block.
func (s *scanner) validate() {
	start := max(s.valid, s.lineStart)
	end := s.end
	if !s.eof {
		end = bytes.LastIndexByte(s.buf[:s.end], '\n') + 1
	}
	if end <= start {
		return
	}
	if b := s.buf[start:end]; utf8.Valid(b) && !hasControl(b) {
		s.valid = end
	} else {
		s.invalid = end
	}
}

// check verifies UTF-8 without control characters (when text is set) and
// the number of fields.
func (s *scanner) check(fields [][]byte, text bool) error {
	for i, f := range fields {
		if !text {
			break
		}
		if !utf8.Valid(f) {
			return invalid(&ParseError{File: s.name, Line: s.line, Column: s.column(i), Value: string(f), Expected: "UTF-8 text", Hint: s.notTextHint()})
		}
		if j := controlIndex(f); j >= 0 {
			return invalid(&ParseError{File: s.name, Line: s.line, Column: s.column(i), Expected: "text without control characters",
				Got: quoteValue(string(f)) + " (" + controlName(f[j]) + " at byte " + strconv.Itoa(j+1) + " of the field)", Hint: s.notTextHint()})
		}
	}
	if s.want > 0 && len(fields) != s.want {
		return invalid(&ParseError{File: s.name, Line: s.line, Expected: strconv.Itoa(s.want) + " fields as in the header",
			Got: strconv.Itoa(len(fields))})
	}
	return nil
}

// notTextHint says, for a problem in the header, that the file may not be
// UTF-8 CSV text at all.
func (s *scanner) notTextHint() string {
	if s.header != nil {
		return ""
	}
	return "the file is not UTF-8 CSV text (binary data, or another encoding such as UTF-16 or Latin-1: save it as UTF-8 CSV)"
}

// column names field i for messages: its header name, or "#N" (1-based)
// in the header itself and past the header's width.
func (s *scanner) column(i int) string {
	if i < len(s.header) {
		return s.header[i]
	}
	return "#" + strconv.Itoa(i+1)
}

// controlName names a control byte for messages ("NUL, U+0000").
func controlName(c byte) string {
	const hex = "0123456789ABCDEF"
	code := "U+00" + string(hex[c>>4]) + string(hex[c&15])
	if c == 0 {
		return "NUL, " + code
	}
	return "control character " + code
}

// Masks for the SIMD-within-a-register checks of 8 bytes at a time.
const (
	ones = 0x0101010101010101
	low7 = 0x7f7f7f7f7f7f7f7f
	high = 0x8080808080808080
)

// zeroBytes has the high bit of each byte of x that is 0 set (exact, no
// carries between bytes).
func zeroBytes(x uint64) uint64 { return ^(((x & low7) + low7) | x) & high }

// controlBytes has the high bit of each byte of x that is a control
// character other than tab, line feed and carriage return set.
func controlBytes(x uint64) uint64 {
	// (b & 0x7f) + 0x60 reaches 0x80 exactly when b & 0x7f >= 0x20.
	lt := ^(((x & low7) + 0x60*ones) | x) & high
	if lt == 0 {
		return 0
	}
	return lt &^ (zeroBytes(x^'\t'*ones) | zeroBytes(x^'\n'*ones) | zeroBytes(x^'\r'*ones))
}

func isControl(c byte) bool { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' }

// hasControl reports whether b holds a control character other than tab,
// line feed and carriage return.
func hasControl(b []byte) bool {
	for len(b) >= 8 {
		if controlBytes(binary.LittleEndian.Uint64(b)) != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if isControl(c) {
			return true
		}
	}
	return false
}

// controlIndex is the index of the first control character of b other
// than tab, line feed and carriage return, or -1.
func controlIndex(b []byte) int {
	for i, c := range b {
		if isControl(c) {
			return i
		}
	}
	return -1
}

// parseQuoted parses a record whose first line contains a quote, following
// encoding/csv's rules (LazyQuotes off).
func (s *scanner) parseQuoted(line []byte) ([][]byte, error) {
	s.rec = s.rec[:0]
	s.ends = s.ends[:0]
	d := s.delim
	limit := s.limit()
	// endField closes the field that ends at len(s.rec).
	endField := func() error {
		if len(s.ends) == limit {
			return s.tooManyFields("more than " + strconv.Itoa(limit))
		}
		s.ends = append(s.ends, len(s.rec))
		return nil
	}
	// grown checks the field being read and the record against their limits.
	grown := func() error {
		start := 0
		if n := len(s.ends); n > 0 {
			start = s.ends[n-1]
		}
		if len(s.rec)-start > s.maxField {
			return s.fieldTooLarge(len(s.ends))
		}
		if len(s.rec) > s.maxRecord {
			return tooLarge(&ParseError{File: s.name, Line: s.line, Expected: "a record of at most " + byteSize(int64(s.maxRecord)) + " (the record limit)", Got: "a longer one"})
		}
		return nil
	}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, d)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if bytes.IndexByte(field, '"') >= 0 {
				return nil, s.structureError(&ParseError{File: s.name, Line: s.line, Column: s.column(len(s.ends)), Value: string(field),
					Expected: `no '"' inside a field that does not start with one (quote the whole field and double inner quotes)`})
			}
			s.rec = append(s.rec, field...)
			if err := grown(); err != nil {
				return nil, err
			}
			if err := endField(); err != nil {
				return nil, err
			}
			if i >= 0 {
				line = line[i+1:]
				continue parseField
			}
			break parseField
		}
		line = line[1:]
		for {
			if i := bytes.IndexByte(line, '"'); i >= 0 {
				s.rec = append(s.rec, line[:i]...)
				if err := grown(); err != nil {
					return nil, err
				}
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"':
					s.rec = append(s.rec, '"')
					line = line[1:]
				case len(line) > 0 && line[0] == d:
					line = line[1:]
					if err := endField(); err != nil {
						return nil, err
					}
					continue parseField
				case lengthNL(line) == len(line):
					if err := endField(); err != nil {
						return nil, err
					}
					break parseField
				default:
					v := line
					if len(v) > 20 {
						v = v[:20]
					}
					return nil, s.structureError(&ParseError{File: s.name, Line: s.line, Column: s.column(len(s.ends)), Value: string(v),
						Expected: "the delimiter or the line end after the closing quote of a quoted field"})
				}
			} else if len(line) > 0 {
				s.rec = append(s.rec, line...)
				if err := grown(); err != nil {
					return nil, err
				}
				var err error
				line, err = s.readLine()
				if err != nil && err != io.EOF {
					return nil, err
				}
			} else {
				return nil, s.structureError(&ParseError{File: s.name, Line: s.line, Column: s.column(len(s.ends)),
					Expected: "a closing quote for the quoted field that starts on this line", Got: "the end of the file"})
			}
		}
	}
	fields := s.fields[:0]
	start := 0
	for _, e := range s.ends {
		fields = append(fields, s.rec[start:e:e])
		start = e
	}
	s.fields = fields
	return fields, s.check(fields, true)
}

// structureError returns perr, a problem with the quoting of the current
// record, unless the line read last is not text at all (binary data, or
// another encoding): that is reported instead, as the likelier cause.
func (s *scanner) structureError(perr *ParseError) error {
	var b []byte
	if s.lineStart <= s.pos { // not after fill moved the buffer at the end of the file
		b = s.buf[s.lineStart:s.pos]
	}
	line := s.nextLine - 1
	if i := invalidUTF8Index(b); i >= 0 {
		return invalid(&ParseError{File: s.name, Line: line, Expected: "UTF-8 text",
			Got: quoteValue(string(b)) + " (byte 0x" + strconv.FormatUint(uint64(b[i]), 16) + " at byte " + strconv.Itoa(i+1) + " of the line is not UTF-8)", Hint: s.notTextHint()})
	}
	if i := controlIndex(b); i >= 0 {
		return invalid(&ParseError{File: s.name, Line: line, Expected: "text without control characters",
			Got: quoteValue(string(b)) + " (" + controlName(b[i]) + " at byte " + strconv.Itoa(i+1) + " of the line)", Hint: s.notTextHint()})
	}
	return invalid(perr)
}

// invalidUTF8Index is the index of the first byte of b that is not part of
// valid UTF-8, or -1.
func invalidUTF8Index(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// detectDelimiter picks the most frequent of ',', ';' and '\t' outside quotes
// in the header line (',' on a tie or when none occurs).
func detectDelimiter(line []byte) byte {
	var n [3]int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				n[0]++
			}
		case ';':
			if !quoted {
				n[1]++
			}
		case '\t':
			if !quoted {
				n[2]++
			}
		}
	}
	best, d := n[0], byte(',')
	if n[1] > best {
		best, d = n[1], ';'
	}
	if n[2] > best {
		d = '\t'
	}
	return d
}
