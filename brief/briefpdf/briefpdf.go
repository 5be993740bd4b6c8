// Package briefpdf prints a brief (an HTML file) to an A4 PDF with headless
// Chromium and reads the PDF back with poppler-utils (pdfinfo, pdffonts,
// pdftotext, pdftoppm), for the tests of the brief and the docs screenshot.
package briefpdf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium returns the Chromium program ($CHROMIUM or the first of the usual
// names on PATH), or "" when there is none.
func Chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// A4 in inches (210 × 297 mm).
const a4W, a4H = 210 / 25.4, 297 / 25.4

// Print opens the HTML file at path in headless Chromium (network off) and
// prints it on A4 with the CSS page rules, backgrounds included.
func Print(ctx context.Context, chromium, path, userDir string) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDir),
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	cctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	if err := chromedp.Do(cctx, chromedp.Navigate("file://"+abs)); err != nil {
		return nil, err
	}
	yes := true
	res, err := chromedp.Call(cctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: a4W, PaperHeight: a4H, PrintBackground: &yes, PreferCSSPageSize: &yes})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// PrintFile prints the HTML file at html with Chromium() into the PDF file
// at pdf and returns what Read finds in it.
func PrintFile(ctx context.Context, html, pdf, userDir string) (*Info, error) {
	b, err := Print(ctx, Chromium(), html, userDir)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(pdf, b, 0o644); err != nil {
		return nil, err
	}
	return Read(pdf)
}

// Info is what poppler reads from a PDF.
type Info struct {
	Pages      int
	PageSize   string // pdfinfo's "Page size" line, e.g. "595.276 x 841.89 pts (A4)"
	Fonts      int    // fonts listed by pdffonts
	Unembedded []string
	Text       string // pdftotext -layout
}

// Read runs pdfinfo, pdffonts and pdftotext on the PDF file at path.
func Read(path string) (*Info, error) {
	out := func(name string, args ...string) (string, error) {
		b, err := exec.Command(name, args...).Output()
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return string(b), nil
	}
	info, err := out("pdfinfo", path)
	if err != nil {
		return nil, err
	}
	var in Info
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info); m != nil {
		in.Pages, _ = strconv.Atoi(m[1])
	}
	if m := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(info); m != nil {
		in.PageSize = strings.TrimSpace(m[1])
	}
	fonts, err := out("pdffonts", path)
	if err != nil {
		return nil, err
	}
	// pdffonts: two header lines, then name type encoding emb sub uni object ID.
	for _, l := range strings.Split(strings.TrimSpace(fonts), "\n")[2:] {
		f := strings.Fields(l)
		if len(f) < 7 {
			continue
		}
		in.Fonts++
		if f[len(f)-5] != "yes" {
			in.Unembedded = append(in.Unembedded, f[0])
		}
	}
	if in.Text, err = out("pdftotext", "-layout", path, "-"); err != nil {
		return nil, err
	}
	return &in, nil
}

// Page1PNG renders the first page of the PDF at path as PNG at dpi.
func Page1PNG(path string, dpi int) ([]byte, error) {
	var b bytes.Buffer
	cmd := exec.Command("pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", "1", "-l", "1", "-singlefile", path)
	cmd.Stdout = &b
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %w", err)
	}
	return b.Bytes(), nil
}

// Available says whether Chromium and poppler-utils are installed, and if
// not, what is missing.
func Available() (string, bool) {
	if Chromium() == "" {
		return "no Chromium (set CHROMIUM or install the Debian package chromium)", false
	}
	for _, p := range []string{"pdfinfo", "pdffonts", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(p); err != nil {
			return "no " + p + " (install the Debian package poppler-utils)", false
		}
	}
	return "", true
}
