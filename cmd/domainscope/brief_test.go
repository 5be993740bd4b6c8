package main

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/brief/briefpdf"
)

// noExternal matches anything that would make a brief load a resource.
var noExternal = regexp.MustCompile(`(?i)https?:|\ssrc=|\shref=|url\(|@import|@font-face`)

// TestBriefCommands: the brief of a saved hypothesis and of a domain on a
// small store are self-contained HTML with their tables and a CSV bundle;
// bad arguments are invalid input and write nothing.
func TestBriefCommands(t *testing.T) {
	store, dir := userStoreCLI(t)
	s := func(args ...string) []string { return append([]string{"--store", store}, args...) }
	mustRun(t, s("hypothesis", "create", "Food & pharma", "--codes", "21,10,11", "--author", "Ana")...)
	html, zipPath := filepath.Join(dir, "h.html"), filepath.Join(dir, "h.zip")
	mustRun(t, s("brief", "hypothesis", "1", "-o", html, "--csv", zipPath)...)
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if m := noExternal.FindString(page); m != "" {
		t.Errorf("the brief refers outside itself: %q", m)
	}
	// The three codes are all members; 01 is linked to 10 (40+30 moves), so it bridges into the set.
	for _, want := range []string{"Hypothesis 1: Food &amp; pharma", "by Ana", ">Members<", ">Sectors spanned<", ">Bridging industries<", "<td>01</td>", "<svg"} {
		if !strings.Contains(page, want) {
			t.Errorf("hypothesis brief lacks %q", want)
		}
	}
	z, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	z.Close()
	if got := strings.Join(names, ","); got != "members.csv,sectors.csv,bridges.csv,parameters.csv,provenance.csv" {
		t.Errorf("CSV bundle: %s", got)
	}
	mustRun(t, s("brief", "domain", "1", "-o", filepath.Join(dir, "d.html"))...)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"brief", "country", "1", "-o", filepath.Join(dir, "x.html")}, "expected region, domain or hypothesis"},
		{[]string{"brief", "domain", "x", "-o", filepath.Join(dir, "x.html")}, "positive whole number"},
		{[]string{"brief", "hypothesis", "1"}, "-o FILE.html"},
		{[]string{"brief", "hypothesis", "9", "-o", filepath.Join(dir, "x.html")}, "9"},
	} {
		_, err := run(t, s(c.args...)...)
		if err == nil || !strings.Contains(errorText(err), c.want) {
			t.Errorf("%v: error %v, want one saying %q", c.args, err, c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.html")); err == nil {
			t.Fatalf("%v wrote x.html", c.args)
		}
	}
	if _, err := run(t, s("brief", "country", "1", "-o", "x.html")...); exitCode(err) != 2 {
		t.Errorf("unknown kind: exit status %d, want 2", exitCode(err))
	}
}

// TestUKBriefLondon prints London's brief on the real UK data to A4 PDF and
// checks it; with DOMAINSCOPE_WRITE_DOCS=1 it writes the first page to
// docs/brief-london-page1.png.
func TestUKBriefLondon(t *testing.T) {
	store := ukStore(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "london.html")
	mustRun(t, "--store", store, "brief", "region", "London", "-o", html, "--csv", filepath.Join(dir, "london.zip"))
	b, _ := os.ReadFile(html)
	if m := noExternal.FindString(string(b)); m != "" {
		t.Fatalf("the brief refers outside itself: %q", m)
	}
	if why, ok := briefpdf.Available(); !ok {
		t.Skip(why)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	path := filepath.Join(dir, "london.pdf")
	in, err := briefpdf.PrintFile(ctx, html, path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	t.Logf("London brief: %d bytes of HTML, PDF %d pages, %d bytes, %s, %d fonts", len(b), in.Pages, st.Size(), in.PageSize, in.Fonts)
	// 155 specialisations at about 25 rows a page, 20 opportunities, 10 pairs, peers: well under 30 pages.
	if in.Pages < 5 || in.Pages > 30 || !strings.HasSuffix(in.PageSize, "(A4)") || in.Fonts == 0 || len(in.Unembedded) > 0 {
		t.Errorf("PDF: %d pages, %s, %d fonts, not embedded %v", in.Pages, in.PageSize, in.Fonts, in.Unembedded)
	}
	for _, h := range []string{"London", "Specialisations", "Diversification opportunities", "Cross-clustering opportunities", "Most similar regions", "Cluster stars", "Development pathways", "Parameters", "Provenance", "Caveats", "labour@2009-2018", "flows_sic2007_2009_2018.csv", "rank 11 of 11"} {
		if !strings.Contains(strings.Join(strings.Fields(in.Text), " "), h) {
			t.Errorf("the PDF text lacks %q", h)
		}
	}
	if os.Getenv("DOMAINSCOPE_WRITE_DOCS") == "1" {
		png, err := briefpdf.Page1PNG(path, 60)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "brief-london-page1.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
