package ingest

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// CSVOptions are the options every reader shares.
type CSVOptions struct {
	// Delimiter is ',', ';' or '\t'; 0 detects it from the header line (the
	// most frequent of the three outside quotes; ',' when none occurs).
	Delimiter rune
	// OnProgress, if set, is called with the bytes of the underlying file read
	// so far and the file size (-1 when unknown), at most every 1 MiB and once
	// at the end. Raw records that turn out not to be grouped are read twice,
	// so progress then restarts from 0 once.
	OnProgress func(read, total int64)
	// MaxInputBytes is the most bytes of CSV text read from the file, after
	// gzip decompression (so a small gzip bomb is stopped there); more is an
	// ETOOLARGE error. 0 or less means DefaultMaxInputBytes.
	MaxInputBytes int64
}

// maxInput is the effective MaxInputBytes.
func (o CSVOptions) maxInput() int64 {
	if o.MaxInputBytes <= 0 {
		return DefaultMaxInputBytes
	}
	return o.MaxInputBytes
}

// input is one opened source: the raw bytes are hashed and counted, gzip is
// decompressed when the stream starts with its magic bytes, the text is cut
// off with an error after CSVOptions.MaxInputBytes, a UTF-8 BOM is dropped
// and a UTF-16 one refused.
type input struct {
	name   string
	file   *os.File // nil for reader sources
	raw    *countingReader
	r      io.Reader // decompressed stream, BOM removed
	gz     *gzip.Reader
	gzip   bool
	hasher hash.Hash
}

// countingReader hashes and counts the bytes it passes and reports progress.
type countingReader struct {
	r          io.Reader
	h          hash.Hash
	n, total   int64
	lastReport int64
	onProgress func(read, total int64)
}

const progressStep = 1 << 20

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		if c.h != nil {
			c.h.Write(p[:n])
		}
		c.n += int64(n)
		if c.onProgress != nil && c.n-c.lastReport >= progressStep {
			c.lastReport = c.n
			c.onProgress(c.n, c.total)
		}
	}
	return n, err
}

// openFile opens path for reading (StdinPath: standard input). Errors are
// EINVALID application errors.
func openFile(path string, opt CSVOptions) (*input, error) {
	if path == StdinPath {
		r, size, err := openStdin(opt.maxInput())
		if err != nil {
			return nil, err
		}
		return newInput(StdinName, r, size, true, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, errors.Unwrap(err))
		}
		return nil, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, err)
	}
	total := int64(-1)
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			f.Close()
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "cannot read %s: it is a directory", path)
		}
		total = st.Size()
	}
	in, err := newInput(path, f, total, true, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	in.file = f
	return in, nil
}

// newInput wraps r. With hashing, the SHA-256 of every byte read from r
// (before decompression) is kept for the provenance.
func newInput(name string, r io.Reader, total int64, hashing bool, opt CSVOptions) (*input, error) {
	in := &input{name: name}
	in.raw = &countingReader{r: r, total: total, onProgress: opt.OnProgress}
	if hashing {
		in.hasher = sha256.New()
		in.raw.h = in.hasher
	}
	br := bufio.NewReaderSize(in.raw, 64<<10)
	magic, _ := br.Peek(2)
	var s io.Reader = br
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, invalid(&ParseError{File: name, Expected: "a gzip stream (the file starts with the gzip magic bytes)", Got: "a damaged gzip header (" + err.Error() + ")"})
		}
		in.gz, in.gzip, s = gz, true, gz
	}
	in.r = &bomSkipper{name: name, r: &capReader{name: name, r: s, left: opt.maxInput(), max: opt.maxInput(), gzip: in.gzip}}
	return in, nil
}

// capReader fails with an ETOOLARGE error once more than max bytes are read.
type capReader struct {
	name      string
	r         io.Reader
	left, max int64
	gzip      bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err()
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n + int(c.left), c.err()
	}
	return n, err
}

func (c *capReader) err() error {
	what := "of CSV text"
	if c.gzip {
		what += " after gzip decompression"
	}
	return tooLarge(&ParseError{File: c.name, Expected: "at most " + byteSize(c.max) + " " + what + " (the input limit)", Got: "more"})
}

// finish drains the raw stream (so that the hash covers the whole file) and
// reports the final progress. It returns the hex SHA-256.
func (in *input) finish() (string, error) {
	if _, err := io.Copy(io.Discard, in.raw); err != nil {
		return "", graphmodel.WrapError(graphmodel.EINTERNAL, err, "reading %s: %v", in.name, err)
	}
	if in.raw.onProgress != nil {
		in.raw.onProgress(in.raw.n, in.raw.total)
	}
	if in.hasher == nil {
		return "", nil
	}
	return hex.EncodeToString(in.hasher.Sum(nil)), nil
}

func (in *input) close() {
	if in.gz != nil {
		in.gz.Close()
	}
	if in.file != nil {
		in.file.Close()
	}
}

// readError turns an error of the decompressed stream into an application error.
func (in *input) readError(err error, line int) error {
	var ae *graphmodel.Error
	if errors.As(err, &ae) { // the input limit, a UTF-16 byte order mark
		return err
	}
	if in.gzip {
		return invalid(&ParseError{File: in.name, Line: line, Expected: "a complete, undamaged gzip stream", Got: err.Error()})
	}
	return graphmodel.WrapError(graphmodel.EINTERNAL, err, "reading %s: %v", in.name, err)
}

// bomSkipper drops a UTF-8 byte order mark at the start of the stream and
// refuses a UTF-16 one.
type bomSkipper struct {
	name string
	r    io.Reader
	done bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if b.done {
		return b.r.Read(p)
	}
	b.done = true
	var head [3]byte
	n, err := io.ReadFull(b.r, head[:])
	start := 0
	if n == 3 && head == [3]byte{0xEF, 0xBB, 0xBF} {
		start = 3
	}
	if n >= 2 && (head[0] == 0xFE && head[1] == 0xFF || head[0] == 0xFF && head[1] == 0xFE) {
		order := "big-endian, FE FF"
		if head[0] == 0xFF {
			order = "little-endian, FF FE"
		}
		return 0, invalid(&ParseError{File: b.name, Line: 1, Expected: "UTF-8 text", Got: "a UTF-16 byte order mark (" + order + ")",
			Hint: "save the file as UTF-8 CSV"})
	}
	rest := head[start:n]
	if len(rest) > 0 {
		if len(p) < len(rest) {
			// Callers read with large buffers; keep it simple and correct anyway.
			b.r = io.MultiReader(bytesReader(rest[len(p):]), b.r)
			rest = rest[:len(p)]
		}
		copy(p, rest)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		if err == io.EOF {
			return len(rest), nil
		}
		return len(rest), err
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return 0, io.EOF
	}
	if err != nil {
		return 0, err
	}
	return b.r.Read(p)
}

type byteSliceReader struct{ b []byte }

func bytesReader(b []byte) io.Reader { return &byteSliceReader{append([]byte(nil), b...)} }

func (r *byteSliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// provenance builds the provenance of a successful read.
func (in *input) provenance(rows int64, options map[string]string) (graphmodel.Provenance, error) {
	sum, err := in.finish()
	if err != nil {
		return graphmodel.Provenance{}, err
	}
	if in.gzip {
		options["gzip"] = "true"
	}
	return graphmodel.Provenance{Source: in.name, SHA256: sum, Rows: rows, Options: options, LoadedAt: time.Now().UTC()}, nil
}
