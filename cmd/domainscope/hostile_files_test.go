package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// mainEnv makes this test binary run the command line (runMain) instead of
// the tests, so that a test can run 'domainscope ingest' in a child process
// and measure its peak memory; hwmEnv names the file where the child writes
// its peak resident memory (VmHWM of /proc/self/status) before exiting.
const (
	mainEnv = "DOMAINSCOPE_TEST_RUN_MAIN"
	hwmEnv  = "DOMAINSCOPE_TEST_HWM_FILE"
)

func init() {
	if os.Getenv(mainEnv) != "1" {
		return
	}
	code := runMain()
	if p := os.Getenv(hwmEnv); p != "" {
		if st, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, l := range strings.Split(string(st), "\n") {
				if strings.HasPrefix(l, "VmHWM:") {
					_ = os.WriteFile(p, []byte(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))), 0o644)
				}
			}
		}
	}
	os.Exit(code)
}

// hostileMaxRSS is the most memory a refused hostile file may take.
const hostileMaxRSS = 512 << 20

// childRun runs the command line in a child process (standard input from
// stdin when not nil) and returns its standard output and error, its exit
// status and its peak resident memory. The peak is the child's own VmHWM:
// rusage's maxrss would also count the test process, whose memory the child
// shares until it execs.
func childRun(t *testing.T, stdin io.Reader, args ...string) (stdout, stderr string, code int, peak int64) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status to read the peak memory from")
	}
	hwm := filepath.Join(t.TempDir(), "hwm")
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1", hwmEnv+"="+hwm, "DOMAINSCOPE_LOG_LEVEL=warn")
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %v: %v", args, err)
	}
	b, err := os.ReadFile(hwm)
	if err != nil {
		t.Fatalf("the child wrote no peak memory: %v (stderr %s)", err, errOut.String())
	}
	kb, err := strconv.ParseInt(strings.TrimSuffix(string(b), " kB"), 10, 64)
	if err != nil {
		t.Fatalf("VmHWM %q: %v", b, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode(), kb << 10
}

// gzipMembers writes a gzip file of the head member followed by n members
// each holding chunk (gzip readers read the members as one stream).
func gzipMembers(t *testing.T, path string, head []byte, chunk []byte, n int, tail []byte) {
	t.Helper()
	member := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		return buf.Bytes()
	}
	var out bytes.Buffer
	out.Write(member(head))
	m := member(chunk)
	for range n {
		out.Write(m)
	}
	if len(tail) > 0 {
		out.Write(member(tail))
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// utf16File encodes s as UTF-16 with a byte order mark.
func utf16File(s string, bigEndian bool) string {
	var b strings.Builder
	put := func(u uint16) {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	put(0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return b.String()
}

// TestHostileFiles feeds 'domainscope ingest', in a child process, files
// made to exhaust memory or to smuggle bytes into names: each is refused
// with exit status 2 and a message naming the file, line, column or field
// and what was expected, within hostileMaxRSS of peak memory, and the store
// is exactly as before (info --format json is unchanged).
func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes multi-megabyte files and runs child processes")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "industries.csv", industriesCSV), "--classification", "NACE2")
	mustRun(t, "--store", store, "ingest", "links", writeFile(t, dir, "good.csv", "from,to,count\n01,10,40\n10,11,25\n11,21,3\n"),
		"--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows")
	before := mustRun(t, "--store", store, "info", "--format", "json")

	// The quoted-field gzip bomb: a quoted field opened on line 2 and never
	// closed, followed by 2 GiB of short lines ("x\n") in 128 gzip members
	// of 16 MiB each (about 2 MB on disk). Unlimited, the field would be read
	// into memory whole.
	bomb := filepath.Join(dir, "bomb.csv.gz")
	gzipMembers(t, bomb, []byte("from,to,count\n01,10,\""), bytes.Repeat([]byte("x\n"), 8<<20), 128, []byte("\"\n"))
	// A header of 10,485,761 empty columns (10 MiB of commas, 10 KB
	// gzipped), and a data row as wide after a good header.
	wide := filepath.Join(dir, "wide-header.csv.gz")
	gzipMembers(t, wide, nil, bytes.Repeat([]byte(","), 1<<20), 10, []byte("\n01,10,1\n"))
	ragged := filepath.Join(dir, "wide-row.csv.gz")
	gzipMembers(t, ragged, []byte("from,to,count\n01,10,1"), bytes.Repeat([]byte(","), 1<<20), 10, []byte("\n"))
	// Binary: 1 MiB of pseudo-random bytes (fixed seed; not starting with
	// the gzip magic bytes).
	rng := rand.New(rand.NewPCG(1, 2))
	bin := make([]byte, 1<<20)
	for i := range bin {
		bin[i] = byte(rng.UintN(256))
	}
	bin[0] = 'B'
	binary := filepath.Join(dir, "binary.dat")
	if err := os.WriteFile(binary, bin, 0o644); err != nil {
		t.Fatal(err)
	}
	links := []string{"--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows"}
	industries := []string{"--classification", "NACE2"}
	cases := []struct {
		name string
		path string // when set, the file is already written
		data string
		kind string
		opts []string
		want []string // substrings of the message
	}{
		{name: "bomb.csv.gz", path: bomb, kind: "links", opts: links,
			want: []string{`bomb.csv.gz:2: column "count": expected a field of at most 1 MiB (the field limit), got a longer one`}},
		{name: "wide-header.csv.gz", path: wide, kind: "links", opts: links,
			want: []string{`wide-header.csv.gz:1: expected a header of at most 100000 columns (the column limit), got 10485761 columns`}},
		{name: "wide-row.csv.gz", path: ragged, kind: "links", opts: links,
			want: []string{`wide-row.csv.gz:2: expected 3 fields as in the header, got 10485763`}},
		{name: "dup-links.csv", data: "from,to,from,value\n01,10,11,3\n", kind: "links", opts: links,
			want: []string{`dup-links.csv:1: expected distinct column names in the header, got "from" in columns 1 and 3`}},
		{name: "dup-industries.csv", data: "code,name,name\n10,Food,Drink\n", kind: "industries", opts: industries,
			want: []string{`dup-industries.csv:1: expected distinct column names in the header, got "name" in columns 2 and 3`}},
		{name: "utf16be.csv", data: utf16File("from,to,count\n01,10,1\n", true), kind: "links", opts: links,
			want: []string{`utf16be.csv:1: expected UTF-8 text, got a UTF-16 byte order mark (big-endian, FE FF); save the file as UTF-8 CSV`}},
		{name: "utf16le.csv", data: utf16File("code,name\n10,Food\n", false), kind: "industries", opts: industries,
			want: []string{`utf16le.csv:1: expected UTF-8 text, got a UTF-16 byte order mark (little-endian, FF FE)`}},
		{name: "nul-code.csv", data: "from,to,count\n01,10,40\n1\x000,11,3\n", kind: "links", opts: links,
			want: []string{`nul-code.csv:3: column "from": expected text without control characters, got "1\x000" (NUL, U+0000 at byte 2 of the field)`}},
		{name: "nul-name.csv", data: "code,name\n10,Fo\x00od\n", kind: "industries", opts: industries,
			want: []string{`nul-name.csv:2: column "name": expected text without control characters, got "Fo\x00od" (NUL, U+0000 at byte 3 of the field)`}},
		{name: "tab-name.csv", data: "code,name\n10,\"Fo\tod\"\n", kind: "industries", opts: industries,
			want: []string{`tab-name.csv:2: column "name": expected an industry name without control characters, got "Fo\tod" (U+0009 at byte 3)`}},
		// A NUL cannot pass through a process's arguments (the NUL in an option
		// is tested in-process below); ESC can.
		{name: "esc-classification.csv", data: "code,name\n10,Food\n", kind: "industries", opts: []string{"--classification", "NA\x1bCE2"},
			want: []string{`--classification "NA\x1bCE2": expected a name without control characters, found U+001B at byte 3`}},
		{name: "esc-layer.csv", data: "from,to,count\n01,10,1\n", kind: "links", opts: []string{"--classification", "NACE2", "--layer", "lab\x1bour", "--period", "2020"},
			want: []string{`--layer "lab\x1bour"`}},
		{name: "binary.dat", path: binary, kind: "links", opts: links,
			want: []string{"binary.dat:1: expected UTF-8 text, got ", "(byte 0x88 at byte 3 of the line is not UTF-8); the file is not UTF-8 CSV text"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.path
			if p == "" {
				p = writeFile(t, dir, c.name, c.data)
			}
			args := append([]string{"--store", store, "ingest", c.kind, p}, c.opts...)
			_, stderr, code, rss := childRun(t, nil, args...)
			st, _ := os.Stat(p)
			t.Logf("%s (%d bytes): exit %d, peak RSS %.1f MiB: %s", c.name, st.Size(), code, float64(rss)/(1<<20), strings.TrimSpace(stderr))
			if code != 2 {
				t.Errorf("exit status %d, want 2 (invalid input)", code)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message %q does not contain %q", stderr, w)
				}
			}
			if rss > hostileMaxRSS {
				t.Errorf("peak memory %d MiB, over the %d MiB allowed", rss>>20, hostileMaxRSS>>20)
			}
		})
	}
	_, err := run(t, "--store", store, "ingest", "industries", writeFile(t, dir, "ok.csv", "code,name\n10,Food\n"), "--classification", "NA\x00CE2")
	checkBad(t, err, []string{`--classification "NA\x00CE2": expected a name without control characters, found U+0000 at byte 3`})
	_, err = run(t, "--store", store, "ingest", "links", writeFile(t, dir, "ok.csv", "from,to,count\n01,10,1\n"), "--classification", "NACE2", "--layer", "labour", "--period", "20\x0020")
	checkBad(t, err, []string{`--period "20\x0020"`})

	if after := mustRun(t, "--store", store, "info", "--format", "json"); after != before {
		t.Errorf("store changed by refused files:\nbefore %s\nafter %s", before, after)
	}
}
