package ingest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestGzipBOMAndHash(t *testing.T) {
	plain := []byte("\xEF\xBB\xBFfrom,to,n\r\nA,B,2\r\nB,C,3\r\n")
	dir := t.TempDir()
	pp, gp := filepath.Join(dir, "f.csv"), filepath.Join(dir, "f.csv.gz")
	zipped := gz(t, plain)
	os.WriteFile(pp, plain, 0o644)
	os.WriteFile(gp, zipped, 0o644)
	a, err := ReadLinks(pp, LinksOptions{Layer: flowsLayer()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadLinks(gp, LinksOptions{Layer: flowsLayer()})
	if err != nil {
		t.Fatal(err)
	}
	// The BOM is not part of the first column name, and both give the same links.
	if a.Provenance.Options["from_col"] != "from" || flows(a.Links) != "A>B=2 B>C=3" || flows(b.Links) != flows(a.Links) {
		t.Fatalf("plain %v %q, gzip %q", a.Provenance.Options, flows(a.Links), flows(b.Links))
	}
	// The hash is of the bytes as read: the compressed bytes for the gzip file.
	sp, sg := sha256.Sum256(plain), sha256.Sum256(zipped)
	if a.Provenance.SHA256 != hex.EncodeToString(sp[:]) || b.Provenance.SHA256 != hex.EncodeToString(sg[:]) {
		t.Fatalf("hashes %s %s", a.Provenance.SHA256, b.Provenance.SHA256)
	}
	if b.Provenance.Options["gzip"] != "true" || b.Provenance.Source != gp {
		t.Fatalf("provenance %+v", b.Provenance)
	}
}

func TestBadGzip(t *testing.T) {
	good := gz(t, []byte("from,to,n\nA,B,2\n"))
	_, err := ReadLinks(writeFile(t, "h.csv.gz", "\x1f\x8bnot gzip at all"), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `h.csv.gz: expected a gzip stream (the file starts with the gzip magic bytes), got a damaged gzip header`)
	_, err = ReadLinks(writeFile(t, "t.csv.gz", string(good[:len(good)-6])), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `t.csv.gz:`, `expected a complete, undamaged gzip stream, got unexpected EOF`)
	bad := append([]byte(nil), good...)
	bad[len(bad)-5] ^= 0xff // damage the CRC
	_, err = ReadLinks(writeFile(t, "c.csv.gz", string(bad)), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `c.csv.gz:`, `expected a complete, undamaged gzip stream, got gzip: invalid checksum`)
}

func TestProgressAndOpenErrors(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("from,to,n\n")
	for b.Len() < 3<<20 {
		b.WriteString("AAAA,BBBB,1\nBBBB,AAAA,2\n")
	}
	p := writeFile(t, "big.csv", b.String())
	var calls [][2]int64
	_, err := ReadLinks(p, LinksOptions{Layer: flowsLayer(), Duplicates: "sum", CSV: CSVOptions{OnProgress: func(r, total int64) {
		calls = append(calls, [2]int64{r, total})
	}}})
	if err != nil {
		t.Fatal(err)
	}
	size := int64(b.Len())
	// At most one call per MiB plus the final one, which reports the whole file.
	if len(calls) < 2 || len(calls) > int(size>>20)+1 || calls[len(calls)-1] != [2]int64{size, size} {
		t.Fatalf("progress calls %v for %d bytes", calls, size)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("progress went back: %v", calls)
		}
	}
	_, err = ReadLinks(filepath.Join(t.TempDir(), "missing.csv"), LinksOptions{Layer: flowsLayer()})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !bytes.Contains([]byte(err.Error()), []byte("missing.csv")) {
		t.Fatalf("missing file: %v", err)
	}
	_, err = ReadLinks(t.TempDir(), LinksOptions{Layer: flowsLayer()})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("directory: %v", err)
	}
}

func TestNonUTF8(t *testing.T) {
	// Latin-1 "é" (0xE9) is not UTF-8.
	_, err := ReadLinks(writeFile(t, "l.csv", "from,to,n\nCaf\xe9,B,1\n"), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `l.csv:2: column "from": expected UTF-8 text, got "Caf\xe9"`)
}

func TestUTF16Refused(t *testing.T) {
	// "from,to,n" in UTF-16 with either byte order mark.
	for bom, order := range map[string]string{"\xfe\xff": "big-endian, FE FF", "\xff\xfe": "little-endian, FF FE"} {
		_, err := ReadLinks(writeFile(t, "u.csv", bom+"\x00f\x00r\x00o\x00m"), LinksOptions{Layer: flowsLayer()})
		wantParseError(t, err, `u.csv:1: expected UTF-8 text, got a UTF-16 byte order mark (`+order+`); save the file as UTF-8 CSV`)
		_, err = ReadLinks(writeFile(t, "u.csv.gz", string(gz(t, []byte(bom+"\x00f")))), LinksOptions{Layer: flowsLayer()})
		wantParseError(t, err, `u.csv.gz:1: expected UTF-8 text, got a UTF-16 byte order mark (`+order+`)`)
	}
}

func TestMaxInputBytes(t *testing.T) {
	data := "from,to,n\nA,B,2\nB,C,3\n" // 22 bytes
	p := writeFile(t, "m.csv", data)
	zp := writeFile(t, "m.csv.gz", string(gz(t, []byte(data))))
	for _, path := range []string{p, zp} {
		if _, err := ReadLinks(path, LinksOptions{Layer: flowsLayer(), CSV: CSVOptions{MaxInputBytes: 22}}); err != nil {
			t.Fatalf("%s at the limit: %v", path, err)
		}
	}
	_, err := ReadLinks(p, LinksOptions{Layer: flowsLayer(), CSV: CSVOptions{MaxInputBytes: 21}})
	if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.HasSuffix(err.Error(), "/m.csv: expected at most 21 bytes of CSV text (the input limit), got more") {
		t.Fatalf("plain file over the limit: %s %v", graphmodel.ErrorCode(err), err)
	}
	_, err = ReadLinks(zp, LinksOptions{Layer: flowsLayer(), CSV: CSVOptions{MaxInputBytes: 16}})
	if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || !strings.HasSuffix(err.Error(), "/m.csv.gz: expected at most 16 bytes of CSV text after gzip decompression (the input limit), got more") {
		t.Fatalf("gzip over the limit: %s %v", graphmodel.ErrorCode(err), err)
	}
	// Raw records not grouped by worker are read twice: the limit is on each
	// pass, not on their sum.
	lines := strings.Split(strings.TrimSpace(spellsData), "\n")
	shuffled := strings.Join([]string{lines[0], lines[3], lines[5], lines[1], lines[8], lines[6], lines[4], lines[2], lines[7]}, "\n") + "\n"
	sp := writeFile(t, "s.csv", shuffled)
	load, err := ReadSpells(sp, SpellOptions{CSV: CSVOptions{MaxInputBytes: int64(len(shuffled))}})
	if err != nil || load.Provenance.Options["input_order"] != "ungrouped" {
		t.Fatalf("ungrouped spells at the limit: %v %v", err, load.Provenance.Options)
	}
	_, err = ReadSpells(sp, SpellOptions{CSV: CSVOptions{MaxInputBytes: int64(len(shuffled)) - 1}})
	if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE {
		t.Fatalf("spells over the limit: %v", err)
	}
}
