package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"

	"github.com/domainscope/domainscope/graphmodel"
)

// run executes the CLI in-process and returns stdout and the error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	a := &app{out: &out, errOut: &errOut}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("domainscope %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const industriesCSV = `code,name,parent,level
A,Agriculture,,0
C,Manufacturing,,0
01,Crop and animal production,A,1
10,Manufacture of food products,C,1
11,Manufacture of beverages,C,1
21,Manufacture of pharmaceuticals,C,1
`

// TestBadInputLeavesStoreUnchanged loads a good layer, then tries every kind
// of bad file into the same layer: each must fail with a message naming the
// file, line and column as relevant, a non-zero exit status, and leave the
// store exactly as it was.
func TestBadInputLeavesStoreUnchanged(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	ind := writeFile(t, dir, "industries.csv", industriesCSV)
	mustRun(t, "--store", store, "ingest", "industries", ind, "--classification", "NACE2")
	good := writeFile(t, dir, "good.csv", "from,to,count\n01,10,40\n10,01,30\n10,11,25\n11,10,20\n10,21,5\n21,11,7\n10,10,100\n")
	mustRun(t, "--store", store, "ingest", "links", good, "--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows")
	before := mustRun(t, "--store", store, "info", "--format", "json")
	neighBefore := mustRun(t, "--store", store, "neighbours", "10", "--layer", "labour", "--format", "csv", "--top", "0")

	gz := filepath.Join(dir, "bad.csv.gz")
	{
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte("from,to,count\n01,10,x\n"))
		_ = zw.Close()
		if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	notGzip := writeFile(t, dir, "broken.csv.gz", "\x1f\x8b\x08\x00garbage")
	big := "from,to,count\n" + strings.Repeat("01,10,1\n", 0)
	for i := 0; i < 9000; i++ {
		big += "10,11,1\n"
	}
	cases := []struct {
		name, content string
		extra         []string
		want          []string // substrings of the message
	}{
		{"negative.csv", "from,to,count\n01,10,40\n10,11,-3\n", nil, []string{"negative.csv:3", `"count"`, "-3"}},
		{"text.csv", "from,to,count\n01,10,forty\n", nil, []string{"text.csv:2", `"count"`, "forty"}},
		{"nan.csv", "from,to,count\n01,10,NaN\n", nil, []string{"nan.csv:2", "NaN"}},
		{"inf.csv", "from,to,count\n01,10,+Inf\n", nil, []string{"inf.csv:2"}},
		{"missing-col.csv", "from,to\n01,10\n", []string{"--value-col", "count"}, []string{"missing-col.csv", "count"}},
		{"unknown.csv", "from,to,count\n01,10,40\n10,99,3\n", nil, []string{"unknown.csv:3", "99"}},
		{"duplicate.csv", "from,to,count\n01,10,40\n10,11,3\n01,10,2\n", nil, []string{"duplicate.csv:4", "line 2"}},
		{"selfloop.csv", "from,to,count\n01,10,40\n11,11,3\n", []string{"--self-loops", "error"}, []string{"selfloop.csv:3"}},
		{"latin1.csv", "from,to,count\n01,10,40\n10,11\xe9,3\n", nil, []string{"latin1.csv:3", "UTF-8"}},
		{"ragged.csv", "from,to,count\n01,10,40\n10,11,3,9\n", nil, []string{"ragged.csv:3", "3", "4"}},
		{"empty.csv", "", nil, []string{"empty.csv"}},
		{"header-only.csv", "from,to,count\n", nil, []string{"header-only.csv"}},
		{"late-error.csv", big + "10,11,-1\n", nil, []string{"late-error.csv:9002"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, c.name, c.content)
			args := append([]string{"--store", store, "ingest", "links", p, "--classification", "NACE2", "--layer", "labour", "--period", "2020", "--kind", "flows"}, c.extra...)
			_, err := run(t, args...)
			checkBad(t, err, c.want)
		})
	}
	for _, p := range []string{gz, notGzip} {
		_, err := run(t, "--store", store, "ingest", "links", p, "--classification", "NACE2", "--layer", "labour", "--period", "2020")
		checkBad(t, err, []string{filepath.Base(p)})
	}
	// A bad co-occurrence self-loop (default: error) and a bad industries file.
	_, err := run(t, "--store", store, "ingest", "links", writeFile(t, dir, "co.csv", "a,b,n\n10,21,3\n21,21,4\n"),
		"--classification", "NACE2", "--layer", "copatent", "--period", "2020", "--kind", "co-occurrence")
	checkBad(t, err, []string{"co.csv:3"})
	_, err = run(t, "--store", store, "ingest", "industries", writeFile(t, dir, "ind-bad.csv", "code,name,parent\n10,Food,ZZ\n"), "--classification", "NACE2")
	checkBad(t, err, []string{"ZZ"})

	if after := mustRun(t, "--store", store, "info", "--format", "json"); after != before {
		t.Errorf("store changed by failed loads:\nbefore %s\nafter %s", before, after)
	}
	if after := mustRun(t, "--store", store, "neighbours", "10", "--layer", "labour", "--format", "csv", "--top", "0"); after != neighBefore {
		t.Errorf("neighbours changed by failed loads:\nbefore %s\nafter %s", neighBefore, after)
	}
}

func checkBad(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("bad input was accepted")
	}
	if code := exitCode(err); code != 2 {
		t.Errorf("exit status %d (%s), want 2", code, graphmodel.ErrorCode(err))
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not contain %q", err.Error(), w)
		}
	}
}

// TestReloadReplaces loads the same layer twice: the second load replaces the
// first (one dataset, new counts), never duplicates it.
func TestReloadReplaces(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "i.csv", industriesCSV), "--classification", "NACE2")
	f := writeFile(t, dir, "l.csv", "from,to,count\n01,10,40\n10,11,25\n11,21,3\n")
	args := []string{"--store", store, "ingest", "links", f, "--classification", "NACE2", "--layer", "labour", "--period", "2020"}
	mustRun(t, args...)
	mustRun(t, args...)
	info := mustRun(t, "--store", store, "info")
	if n := strings.Count(info, "labour@2020"); n != 1 {
		t.Errorf("labour@2020 appears in %d datasets after reloading, want 1:\n%s", n, info)
	}
	writeFile(t, dir, "l.csv", "from,to,count\n01,10,400\n10,11,25\n11,21,3\n")
	mustRun(t, args...)
	out := mustRun(t, "--store", store, "neighbours", "01", "--layer", "labour", "--format", "csv", "--min", "-2")
	// 01's only link is 01→10 with the new count 400.
	if !strings.Contains(out, ",400,out") {
		t.Errorf("neighbours of 01 after reload:\n%s", out)
	}
}

// TestNeighboursUKHospital is the acceptance check on the real UK
// flows: hospital activities (8610) sit next to other health and care industries.
func TestNeighboursUKHospital(t *testing.T) {
	d := realdata.Dir(t)
	store := filepath.Join(t.TempDir(), "uk.db")
	mustRun(t, "--store", store, "ingest", "industries", filepath.Join(d, "uk-labour-flows/sic2007_structure.csv"),
		"--classification", "SIC2007", "--code-col", "SIC2007", "--levels", "MainIndustry,MainActivity,SubActivity")
	mustRun(t, "--store", store, "ingest", "links", filepath.Join(d, "uk-labour-flows/flows_sic2007_2009_2018.csv"),
		"--classification", "SIC2007", "--pad", "4", "--layer", "labour", "--period", "2009-2018", "--kind", "flows")
	out := mustRun(t, "--store", store, "neighbours", "8610", "--layer", "labour", "--top", "10", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	if len(lines) != 10 {
		t.Fatalf("got %d neighbours, want 10:\n%s", len(lines), out)
	}
	// At least 7 of the 10 most related industries are health or care: SIC
	// divisions 86–88 (human health, residential care, social work), 8412
	// (regulation of health care, education…) or 4773 (dispensing chemists).
	health := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "86") || strings.HasPrefix(l, "87") || strings.HasPrefix(l, "88") ||
			strings.HasPrefix(l, "8412,") || strings.HasPrefix(l, "4773,") {
			health++
		}
	}
	if health < 7 {
		t.Errorf("only %d of the top 10 neighbours of 8610 are health or care industries:\n%s", health, out)
	}
	// The strongest: 8690 "Other human health activities", 0.8019 (ratio,
	// mean-symmetrised; computed independently in algorithms' real-data test).
	if !strings.HasPrefix(lines[0], "8690,") || !strings.Contains(lines[0], "0.802") {
		t.Errorf("first neighbour %q, want 8690 with value 0.802", lines[0])
	}
}

// TestDemo runs the README's main command on a temporary store and checks
// that the whole pipeline (generator, raw-record ingest, relatedness, store,
// snapshot, Leiden) recovers the cross-sector domains planted in the demo data
// (ingest/demo: food 01/10/11 ↔ life sciences 21/72/75/86; machinery 26–29 ↔
// ICT 58/61/62/63; tourism 55/56/79 ↔ culture 59/90/91/93).
func TestDemo(t *testing.T) {
	store := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "--store", store, "demo")
	for _, want := range []string{"SYNTHETIC", "Candidate cross-sector domains", "Bridging sectors", "Eastvale", "Diversification opportunities",
		// The README promises the industries most related to food manufacturing and to software;
		// 01 (agriculture) is planted next to food, 58 (publishing) next to software (ingest/demo).
		"The industries most related to Manufacture of food products:", "\n01    Crop and animal production",
		"The industries most related to Computer programming, consultancy and related activities:", "\n58    Publishing activities",
		"\n  domainscope --demo region \"Brightwater Coast\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	js := mustRun(t, "--store", store, "domains", "--layers", "labour@2010-2019", "--runs", "0", "--format", "json")
	var res struct {
		Domains []struct {
			ID      int `json:"id"`
			Members []struct {
				Code string `json:"code"`
			} `json:"members"`
		} `json:"domains"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	domainOf := map[string]int{}
	for _, d := range res.Domains {
		for _, m := range d.Members {
			domainOf[m.Code] = d.ID
		}
	}
	for _, group := range [][]string{{"10", "01", "21", "72", "86"}, {"62", "63", "26", "28"}, {"55", "79", "90", "91"}} {
		for _, c := range group[1:] {
			if domainOf[c] == 0 || domainOf[c] != domainOf[group[0]] {
				t.Errorf("planted domain %v: %s is in domain %d, %s in %d", group, c, domainOf[c], group[0], domainOf[group[0]])
			}
		}
	}
	if domainOf["10"] == domainOf["62"] || domainOf["62"] == domainOf["55"] {
		t.Errorf("planted domains merged: food %d, ICT %d, tourism %d", domainOf["10"], domainOf["62"], domainOf["55"])
	}
}

// TestProgName: the commands the demo suggests start as the user started it.
func TestProgName(t *testing.T) {
	for exe, want := range map[string]string{
		"/tmp/go-build1234/b001/exe/domainscope": "go run ./cmd/domainscope", // go run
		"/home/u/src/domainscope/domainscope":    "domainscope",
		"/home/u/go/bin/domainscope":             "domainscope",
		"/tmp/go-build99/b001/domainscope.test":  "domainscope", // go test
		"":                                       "domainscope",
	} {
		if got := progNameOf(exe); got != want {
			t.Errorf("progNameOf(%q) = %q, want %q", exe, got, want)
		}
	}
}
