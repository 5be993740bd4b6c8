package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// readmeBasesBlock returns the lines of the output block that README.md
// prints after its "region bases Quenby" example, without their indent.
func readmeBasesBlock(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "--demo region bases Quenby\n")
	if i < 0 {
		t.Fatal("README.md has no 'region bases Quenby' example")
	}
	rest := text[i:]
	start := strings.Index(rest, "  ```\n  MATCH")
	if start < 0 {
		t.Fatal("README.md prints no table after its 'region bases Quenby' example")
	}
	rest = rest[start+len("  ```\n"):]
	rest = rest[:strings.Index(rest, "  ```")]
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(rest, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "  "))
	}
	return lines
}

// TestRegionBasesDemoREADME: the demo's planted latent domain (Quenby's
// life-science publications, ingest/demo genPublications) prints as the
// README shows, line by line; bad input is refused with its field.
func TestRegionBasesDemoREADME(t *testing.T) {
	store := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "--store", store, "demo")
	out := mustRun(t, "--store", store, "region", "bases", "Quenby")
	for _, l := range readmeBasesBlock(t) {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("README line %q is not in the output:\n%s", l, out)
		}
	}
	for _, want := range []string{"science    RSA publications 2015: 1,022 in the region", "Counts: 1 latent, 1 jobs-only, 1 matched"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Bad input: an unknown knowledge measure, a negative minimum, an unknown
	// unit and an unknown region are refused with their field.
	for _, c := range []struct {
		args        []string
		code, field string
	}{
		{[]string{"Quenby", "--knowledge", "patents,citations"}, graphmodel.EINVALID, "knowledge"},
		{[]string{"Quenby", "--min-total", "-1"}, graphmodel.EINVALID, "min_total"},
		{[]string{"Quenby", "--by", "sector"}, graphmodel.EINVALID, "by"},
		{[]string{"Atlantis"}, graphmodel.ENOTFOUND, "region"},
	} {
		_, err := run(t, append([]string{"--store", store, "region", "bases"}, c.args...)...)
		if graphmodel.ErrorCode(err) != c.code || graphmodel.ErrorField(err) != c.field {
			t.Errorf("%v: %v (code %s, field %q), want %s on %s", c.args, err, graphmodel.ErrorCode(err), graphmodel.ErrorField(err), c.code, c.field)
		}
	}
}

// TestRegionBasesUK: the UK data have employment only; the command prints
// London's LQs and says that technology and science need patent and
// publication counts, which are not loaded.
func TestRegionBasesUK(t *testing.T) {
	store := ukStore(t)
	out := mustRun(t, "--store", store, "region", "bases", "London")
	for _, want := range []string{
		"jobs       LQ employment 2015: 4,891,320 in the region of 28,348,600 in 11 regions",
		"technology not loaded: technology needs patent counts",
		"science    not loaded: science needs publication counts",
		"Only jobs are loaded",
		"Counts: 0 latent, 0 jobs-only, 0 matched",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
