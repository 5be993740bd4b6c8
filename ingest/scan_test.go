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
		if !utf8.ValidString(data) {
			// Every byte outside quotes, delimiters and line ends lands in a field.
			if _, err := scanAll("f.csv", data, delim, false); err == nil {
				t.Fatalf("invalid UTF-8 %q accepted", data)
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
