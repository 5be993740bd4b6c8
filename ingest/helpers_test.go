package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// writeFile writes content to a file in a temporary directory and returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantParseError checks that err is an EINVALID application error wrapping
// a ParseError whose message contains every part.
func wantParseError(t testing.TB, err error, parts ...string) *ParseError {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error containing %q, got none", parts)
	}
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("expected code %s, got %s: %v", graphmodel.EINVALID, graphmodel.ErrorCode(err), err)
	}
	perr, ok := AsParseError(err)
	if !ok {
		t.Fatalf("expected a *ParseError in %v", err)
	}
	msg := err.Error()
	if msg != perr.Error() {
		t.Fatalf("application message %q differs from the parse error %q", msg, perr.Error())
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Fatalf("error %q does not contain %q", msg, p)
		}
	}
	return perr
}

func linkMap(links []graphmodel.Link) map[[2]string]graphmodel.Link {
	m := make(map[[2]string]graphmodel.Link, len(links))
	for _, l := range links {
		m[[2]string{l.From, l.To}] = l
	}
	return m
}
