package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// withStdin runs f with os.Stdin replaced by r.
func withStdin(t *testing.T, r *os.File, f func()) {
	t.Helper()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old }()
	f()
}

// TestStdin reads "-" from a pipe and from a regular file, also twice (raw
// spells not grouped by worker), with the provenance of the bytes read.
func TestStdin(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(spellsData), "\n")
	shuffled := strings.Join([]string{lines[0], lines[3], lines[5], lines[1], lines[8], lines[6], lines[4], lines[2], lines[7]}, "\n") + "\n"
	sum := sha256.Sum256([]byte(shuffled))

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = pw.WriteString(shuffled)
		pw.Close()
	}()
	withStdin(t, pr, func() {
		load, err := ReadSpells(StdinPath, SpellOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// As TestSpellsUngroupedFile: w1 A A B C, w2 C C B.
		if got := flows(load.Links); got != "A>B=1 B>C=1 C>B=1" || load.Provenance.Options["input_order"] != "ungrouped" {
			t.Fatalf("spells from a pipe: %q %v", got, load.Provenance.Options)
		}
		if load.Provenance.Source != StdinName || load.Provenance.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("provenance %+v", load.Provenance)
		}
	})
	pr.Close()

	// A regular file is read from where standard input stands.
	f, err := os.Open(writeFile(t, "in.csv", "skip me\n"+shuffled))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(len("skip me\n")), 0); err != nil {
		t.Fatal(err)
	}
	withStdin(t, f, func() {
		load, err := ReadSpells(StdinPath, SpellOptions{})
		if err != nil || flows(load.Links) != "A>B=1 B>C=1 C>B=1" || load.Provenance.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("spells from a file: %v %q %+v", err, flows(load.Links), load.Provenance)
		}
	})

	// Errors name standard input; a pipe over the input limit is refused
	// while being copied.
	pr, pw, _ = os.Pipe()
	go func() {
		_, _ = pw.WriteString("from,to,n\nA,B,x\n")
		pw.Close()
	}()
	withStdin(t, pr, func() {
		_, err := ReadLinks(StdinPath, LinksOptions{Layer: flowsLayer()})
		wantParseError(t, err, `standard input:2: column "n": expected a non-negative number, got "x"`)
	})
	pr.Close()
	pr, pw, _ = os.Pipe()
	go func() {
		_, _ = pw.WriteString("from,to,n\nA,B,1\n")
		pw.Close()
	}()
	withStdin(t, pr, func() {
		_, err := ReadLinks(StdinPath, LinksOptions{Layer: flowsLayer(), CSV: CSVOptions{MaxInputBytes: 10}})
		if graphmodel.ErrorCode(err) != graphmodel.ETOOLARGE || err.Error() != "standard input: expected at most 10 bytes (the input limit), got more" {
			t.Fatalf("over the limit: %v", err)
		}
	})
	pr.Close()
}
