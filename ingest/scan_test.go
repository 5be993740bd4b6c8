package ingest

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/domainscope/domainscope/graphmodel"
)

// scanAll reads every record with the scanner.
func scanAll(name, data string, delim rune, chunk bool) ([][]string, error) {
	var r io.Reader = strings.NewReader(data)
	if chunk {
		r = iotest.OneByteReader(r) // every refill path
	}
	s := newScanner(name, r, delim)
	var out [][]string
	for {
		f, err := s.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		rec := make([]string, len(f))
		for i, b := range f {
			rec[i] = string(b)
		}
		out = append(out, rec)
	}
}

// stdAll reads every record with encoding/csv (the reference).
func stdAll(data string, delim rune) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func TestScannerMatchesEncodingCSV(t *testing.T) {
	cases := []string{
		"a,b,c\n1,2,3\n",
		"a,b,c\r\n1,2,3\r\n",
		"a,b\n\n\n1,2\n\r\n3,4",           // empty lines skipped, no final newline
		"a,b\n1,2\r",                      // \r before EOF dropped
		"a,b\n\"x,y\",2\n",                // delimiter inside quotes
		"a,b\n\"he said \"\"hi\"\"\",2\n", // doubled quotes
		"a,b\n\"multi\nline\",2\n3,4\n",   // field spanning lines
		"a,b\n\"multi\r\nline\",2\n",      // \r\n inside quotes read as \n
		"a,b\n\"\",\"\"\n",                // empty quoted fields
		"a,b\n1,\"2\"",                    // quoted last field at EOF
		"a,,b\n,,\n",                      // empty fields
		"a,b\n1,x\ry\n",                   // bare \r inside a field is kept
		"x\n\"\n\"\n",                     // quoted newline only
	}
	for _, c := range cases {
		for _, chunk := range []bool{false, true} {
			got, err := scanAll("t.csv", c, ',', chunk)
			if err != nil {
				t.Fatalf("%q: %v", c, err)
			}
			want, err := stdAll(c, ',')
			if err != nil {
				t.Fatalf("%q: encoding/csv: %v", c, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q (one byte reads %v): got %q, encoding/csv %q", c, chunk, got, want)
			}
		}
	}
}

func TestScannerErrors(t *testing.T) {
	cases := []struct{ data, want string }{
		{"a,b\n1,x\"y\n", `t.csv:2: column "b": expected no '"' inside a field that does not start with one`},
		{"a,b\n\"x\"y,2\n", `t.csv:2: column "a": expected the delimiter or the line end after the closing quote of a quoted field, got "y,2\n"`},
		{"a,b\n1,\"open\n2,3\n", `t.csv:2: column "b": expected a closing quote for the quoted field that starts on this line, got the end of the file`},
		{"a,b\n1,\xff\xfe\n", `t.csv:2: column "b": expected UTF-8 text, got "\xff\xfe"`},
		{"a,b\n1,2,3\n", `t.csv:2: expected 2 fields as in the header, got 3`},
		{"a,b\n\n1\n", `t.csv:3: expected 2 fields as in the header, got 1`},
	}
	for _, c := range cases {
		s := newScanner("t.csv", strings.NewReader(c.data), ',')
		h, err := s.next()
		if err != nil {
			t.Fatalf("%q header: %v", c.data, err)
		}
		s.header = []string{string(h[0]), string(h[1])}
		s.want = 2
		var last error
		for {
			_, err := s.next()
			if err != nil {
				last = err
				break
			}
		}
		if last == io.EOF {
			t.Fatalf("%q: no error, want %q", c.data, c.want)
		}
		wantParseError(t, last, c.want)
	}
}

func TestDetectDelimiter(t *testing.T) {
	cases := map[string]byte{
		"ind1;ind2;sr_norm;skill_related": ';',
		"a,b,c":                           ',',
		"a\tb\tc":                         '\t',
		`"x;y;z",b,c`:                     ',', // ';' inside quotes does not count
		"single":                          ',',
		"a;b,c":                           ',', // tie: ','
	}
	for line, want := range cases {
		if got := detectDelimiter([]byte(line)); got != want {
			t.Errorf("%q: detected %q, want %q", line, got, want)
		}
	}
}

func TestScannerLongLine(t *testing.T) {
	// A line longer than the initial 256 KiB buffer forces it to grow.
	long := strings.Repeat("x", 600<<10)
	got, err := scanAll("t.csv", "a,b\n"+long+",1\n2,3\n", ',', false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1][0] != long || got[2][1] != "3" {
		t.Fatalf("long line read wrongly: %d records", len(got))
	}
}

// FuzzScanner checks the scanner against encoding/csv on valid UTF-8: both
// succeed with the same records or both fail.
func FuzzScanner(f *testing.F) {
	f.Add("a,b\n1,2\n", byte(','))
	f.Add("a;b\r\n\"x;\"\"y\"\"\";2\r\n", byte(';'))
	f.Add("a\tb\n\"multi\nline\"\t2\n", byte('\t'))
	f.Add("a,b\n1,x\"y\n", byte(','))
	f.Fuzz(func(t *testing.T, data string, d byte) {
		delim := rune(',')
		switch d % 3 {
		case 1:
			delim = ';'
		case 2:
			delim = '\t'
		}
		if !utf8.ValidString(data) || hasControl([]byte(data)) {
			// Every byte outside quotes, delimiters and line ends lands in a field.
			if _, err := scanAll("f.csv", data, delim, false); err == nil {
				t.Fatalf("invalid UTF-8 or a control character in %q accepted", data)
			}
			return
		}
		got, err := scanAll("f.csv", data, delim, false)
		want, werr := stdAll(data, delim)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: scanner error %v, encoding/csv error %v", data, err, werr)
		}
		if err != nil {
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("%q: error is not a ParseError: %v", data, err)
			}
			return
		}
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %q, encoding/csv %q", data, got, want)
		}
		slow, err := scanAll("f.csv", data, delim, true)
		if err != nil || !reflect.DeepEqual(slow, got) {
			t.Fatalf("%q: one-byte reads give %q, %v; want %q", data, slow, err, got)
		}
	})
}

// scanLimited reads every record of data (header first) with the given
// limits and returns the first error.
func scanLimited(data string, maxField, maxRecord, maxColumns int) error {
	s := newScanner("t.csv", strings.NewReader(data), ',')
	if maxField > 0 {
		s.maxField, s.maxRecord, s.maxColumns = maxField, maxRecord, maxColumns
	}
	for {
		f, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if s.header == nil {
			for _, b := range f {
				s.header = append(s.header, string(b))
			}
			s.want = len(f)
		}
	}
}

func wantTooLarge(t *testing.T, err error, want string) {
	t.Helper()
	if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE {
		t.Fatalf("error %v: code %s, want %s", err, graphmodel.ErrorCode(err), graphmodel.ETOOLARGE)
	}
	if perr, ok := AsParseError(err); !ok || perr.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
}

func TestScannerLimits(t *testing.T) {
	// The real field limit: a field of exactly MaxFieldBytes is read, one
	// byte more is refused, unquoted and quoted.
	at := strings.Repeat("x", MaxFieldBytes)
	if err := scanLimited("a,b\n"+at+",1\n", 0, 0, 0); err != nil {
		t.Fatalf("a field of MaxFieldBytes: %v", err)
	}
	wantTooLarge(t, scanLimited("a,b\n1,"+at+"y\n", 0, 0, 0), `t.csv:2: column "b": expected a field of at most 1 MiB (the field limit), got a longer one`)
	wantTooLarge(t, scanLimited("a,b\n\""+at+"y\",1\n", 0, 0, 0), `t.csv:2: column "a": expected a field of at most 1 MiB (the field limit), got a longer one`)
	// A quoted field over lines: 600,000 lines "x\n" are 1.2 MB, over 1 MiB
	// (1,048,576); the error names the line where the field starts.
	wantTooLarge(t, scanLimited("a,b\n1,2\n3,\""+strings.Repeat("x\n", 600_000)+"\"\n", 0, 0, 0),
		`t.csv:3: column "b": expected a field of at most 1 MiB (the field limit), got a longer one`)

	// Smaller limits: field 10 bytes, record 25 bytes, 4 columns.
	cases := []struct{ data, want string }{
		// Three quoted fields of 10 bytes with line breaks: 30 bytes > 25.
		{"a,b,c\n\"xxxx\nxxxxx\",\"xxxx\nxxxxx\",\"xxxx\nxxxxx\"\n", `t.csv:2: expected a record of at most 25 bytes (the record limit), got a longer one`},
		{"a,b,c\n1,2345678901x,3\n", `t.csv:2: column "b": expected a field of at most 10 bytes (the field limit), got a longer one`},
		{"a,b,c,d,e\n1,2,3,4,5\n", `t.csv:1: expected a header of at most 4 columns (the column limit), got 5 columns`},
		{"a,b,\"c\",d,e\n", `t.csv:1: expected a header of at most 4 columns (the column limit), got more than 4 columns`},
	}
	for _, c := range cases {
		wantTooLarge(t, scanLimited(c.data, 10, 25, 4), c.want)
	}
	if err := scanLimited("a,b,c,d\n\"1\",2,3,4\n1234567890,\"12345\n789\",3,4\n", 10, 25, 4); err != nil {
		t.Fatalf("records within the limits: %v", err)
	}
	// A data record wider than the header stops at the header's width
	// without splitting the rest, and says how many fields it has.
	wantParseError(t, scanLimited("a,b\n1,2"+strings.Repeat(",", 1000)+"\n", 0, 0, 0), "t.csv:2: expected 2 fields as in the header, got 1002")
	wantParseError(t, scanLimited("a,b\n\"1\",2,3\n", 0, 0, 0), "t.csv:2: expected 2 fields as in the header, got more than 2")

	// The real column limit.
	if err := scanLimited(strings.Repeat("c,", MaxColumns-1)+"c\n", 0, 0, 0); err != nil {
		t.Fatalf("a header of MaxColumns columns: %v", err)
	}
	wantTooLarge(t, scanLimited(strings.Repeat(",", MaxColumns)+"\n", 0, 0, 0), `t.csv:1: expected a header of at most 100000 columns (the column limit), got 100001 columns`)
}

func TestScannerControlCharacters(t *testing.T) {
	cases := []struct{ data, want string }{
		{"a,b\n1,x\x00y\n", `t.csv:2: column "b": expected text without control characters, got "x\x00y" (NUL, U+0000 at byte 2 of the field)`},
		{"a,b\n1,\"x\x1by\"\n", `t.csv:2: column "b": expected text without control characters, got "x\x1by" (control character U+001B at byte 2 of the field)`},
		{"a,b\n1,2\n3,4" + strings.Repeat("5", 100) + "\x7f\x01\n", `t.csv:3: column "b": expected text without control characters`},
		// In the header: the file is probably not text at all.
		{"c\x00o\x00d\x00e\x00,b\n", `t.csv:1: column "#1": expected text without control characters, got "c\x00o\x00d\x00e\x00" (NUL, U+0000 at byte 2 of the field); the file is not UTF-8 CSV text`},
	}
	for _, c := range cases {
		wantParseError(t, scanLimited(c.data, 0, 0, 0), c.want)
	}
	// Tab, line feed and carriage return are not refused (tab inside a
	// comma-separated field, line breaks inside quotes); DEL is not a C0 control.
	if err := scanLimited("a,b\n1,x\ty\x7f\n2,\"x\r\ny\rz\"\n", 0, 0, 0); err != nil {
		t.Fatal(err)
	}
}

// TestControlBytes checks the 8-bytes-at-a-time test against the byte loop
// on every byte value in every position.
func TestControlBytes(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			if got, want := hasControl(b), isControl(byte(c)); got != want {
				t.Fatalf("byte %#x at %d: hasControl %v, want %v", c, pos, got, want)
			}
			// Neighbours that are themselves near the boundary (0x1f/0x20, tab, 0x80, 0xa0).
			for _, n := range []byte{0x20, '\t', '\n', 0x80, 0xa0, 0xff} {
				for i := range b {
					if i != pos {
						b[i] = n
					}
				}
				if got, want := hasControl(b), isControl(byte(c)); got != want {
					t.Fatalf("byte %#x at %d among %#x: hasControl %v, want %v", c, pos, n, got, want)
				}
			}
		}
	}
}

// TestScannerBinaryBeforeQuoting reports bytes that are not text before a
// quoting problem they cause, naming the line and the byte.
func TestScannerBinaryBeforeQuoting(t *testing.T) {
	cases := []struct{ data, want string }{
		{"B\x88\"x\n", `t.csv:1: expected UTF-8 text, got "B\x88\"x\n" (byte 0x88 at byte 2 of the line is not UTF-8); the file is not UTF-8 CSV text`},
		{"a,b\n1,\"x\ny\x01\"z\n", `t.csv:3: expected text without control characters, got "y\x01\"z\n" (control character U+0001 at byte 2 of the line)`},
		// Text with a quoting problem is reported as such.
		{"a,b\n1,x\"y\n", `t.csv:2: column "b": expected no '"' inside a field that does not start with one`},
	}
	for _, c := range cases {
		wantParseError(t, scanLimited(c.data, 0, 0, 0), c.want)
	}
}

// BenchmarkTextChecks measures the per-buffer checks of the scanner on CSV
// text: UTF-8 validity and the control-character test.
func BenchmarkTextChecks(b *testing.B) {
	data := []byte(strings.Repeat("w123456,2015,4321,London\nw123457,2016,4322,Wales\n", 20_000))
	b.Run("utf8", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if !utf8.Valid(data) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("control", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if hasControl(data) {
				b.Fatal("control")
			}
		}
	})
}
