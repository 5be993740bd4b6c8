package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConcordEndToEnd maps two periods of flows given in an old
// classification (A, B, C) through a hand-made concordance (A → X; B half to
// X, half to Y; C → Z), loads them as layers of the new classification and
// compares them. By hand (w_a·w_b·count): p1 A→B 10, B→C 20, C→A 6 give
// X→X 5, X→Y 5, X→Z 10, Y→Z 10, Z→X 6, so the pair X–Z has 10 + 6 = 16 moves;
// p2 A→B 40, B→C 20, C→A 6 give X→X 20, X→Y 20, X→Z 10, Y→Z 10, Z→X 6.
func TestConcordEndToEnd(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "new.csv", "code,name\nX,Ex\nY,Why\nZ,Zed\n"), "--classification", "NEW")
	conc := writeFile(t, dir, "conc.csv", "old,new,weight\nA,X,1\nB,X,0.5\nB,Y,0.5\nC,Z,1\n")
	p1 := writeFile(t, dir, "p1.csv", "from,to,count\nA,B,10\nB,C,20\nC,A,6\n")
	p2 := writeFile(t, dir, "p2.csv", "from,to,count\nA,B,40\nB,C,20\nC,A,6\n")
	for p, f := range map[string]string{"p1": p1, "p2": p2} {
		out := mustRun(t, "--store", store, "concord", f, "--concordance", conc, "--classification", "NEW", "--layer", "labour", "--period", p)
		if !strings.Contains(out, "mapped 3 links") || !strings.Contains(out, "5 records stored") {
			t.Errorf("concord %s:\n%s", p, out)
		}
	}
	js := mustRun(t, "--store", store, "compare", "--layer", "labour", "--from", "p1", "--to", "p2", "--floor", "0", "--format", "json")
	var res struct {
		Pairs []struct {
			A struct {
				Code string `json:"code"`
			} `json:"a"`
			B struct {
				Code string `json:"code"`
			} `json:"b"`
			CountFrom *float64 `json:"count_from"`
			CountTo   *float64 `json:"count_to"`
		} `json:"pairs"`
		From struct {
			Classification string `json:"classification"`
		} `json:"from"`
	}
	if err := json.Unmarshal([]byte(js), &res); err != nil {
		t.Fatal(err)
	}
	counts := map[string][2]float64{}
	for _, p := range res.Pairs {
		counts[p.A.Code+"-"+p.B.Code] = [2]float64{*p.CountFrom, *p.CountTo}
	}
	want := map[string][2]float64{"X-Y": {5, 20}, "X-Z": {16, 16}, "Y-Z": {10, 10}}
	if len(counts) != 3 || res.From.Classification != "NEW" {
		t.Fatalf("pairs %v in %s, want %v in NEW", counts, res.From.Classification, want)
	}
	for k, w := range want {
		if counts[k] != w {
			t.Errorf("%s: counts %v, want %v", k, counts[k], w)
		}
	}

	// --output writes the mapped links instead of loading them.
	outFile := filepath.Join(dir, "mapped.csv")
	mustRun(t, "concord", p1, "--concordance", conc, "--layer", "labour", "--period", "p1", "--output", outFile)
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != "from,to,count\nX,X,5\nX,Y,5\nX,Z,10\nY,Z,10\nZ,X,6\n" {
		t.Errorf("mapped file:\n%s", got)
	}

	// Bad concordances and inputs: clear messages, exit status 2, nothing loaded.
	before := mustRun(t, "--store", store, "info", "--format", "json")
	bad := []struct {
		args []string
		want []string
	}{
		{[]string{"--concordance", writeFile(t, dir, "sum.csv", "old,new,weight\nA,X,1\nB,X,0.5\nB,Y,0.3\nC,Z,1\n")},
			[]string{"sum.csv:3", `"weight"`, `old code "B"`, "0.8"}},
		{[]string{"--concordance", writeFile(t, dir, "multi.csv", "old,new\nA,X\nB,X\nB,Y\nC,Z\n")},
			[]string{"multi.csv:4", `"old"`, `"B" again`, "--split"}},
		{[]string{"--concordance", writeFile(t, dir, "short.csv", "old,new,weight\nA,X,1\nB,X,1\n")},
			[]string{"short.csv", `"C"`, "--unmapped"}},
		{[]string{"--concordance", writeFile(t, dir, "far.csv", "old,new,weight\nA,X,1\nB,W,1\nC,Z,1\n")},
			[]string{"far.csv", "W", "classification NEW", "--unknown"}},
		{[]string{"--concordance", conc, "--kind", "relatedness"}, []string{"relatedness values are not additive"}},
	}
	for _, c := range bad {
		args := append([]string{"--store", store, "concord", p1, "--classification", "NEW", "--layer", "labour", "--period", "p1"}, c.args...)
		_, err := run(t, args...)
		checkBad(t, err, c.want)
	}
	if after := mustRun(t, "--store", store, "info", "--format", "json"); after != before {
		t.Error("a failed concord changed the store")
	}
	// --split equal reads the unweighted table: B's counts are shared equally.
	mustRun(t, "--store", store, "concord", p1, "--concordance", filepath.Join(dir, "multi.csv"), "--split", "equal",
		"--classification", "NEW", "--layer", "labour", "--period", "p1")
	out := mustRun(t, "--store", store, "compare", "--layer", "labour", "--from", "p1", "--to", "p2", "--floor", "0", "--format", "csv")
	if !strings.Contains(out, "X,Ex,Z,Zed,kept,16,16,") {
		t.Errorf("compare after --split equal:\n%s", out)
	}
}

// TestCompareCommands runs compare, domains evolution and region-change on
// small hand-made data and checks that each states its rules and finds the
// planted change.
func TestCompareCommands(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "i.csv", industriesCSV), "--classification", "NACE2")
	mustRun(t, "--store", store, "ingest", "links", writeFile(t, dir, "a.csv", "from,to,count\n01,10,400\n10,01,300\n10,11,250\n11,21,40\n21,11,12\n"),
		"--classification", "NACE2", "--layer", "labour", "--period", "2010-2014")
	mustRun(t, "--store", store, "ingest", "links", writeFile(t, dir, "b.csv", "from,to,count\n01,10,400\n10,01,300\n10,11,250\n10,21,90\n"),
		"--classification", "NACE2", "--layer", "labour", "--period", "2015-2019")
	out := mustRun(t, "--store", store, "compare", "--layer", "labour", "--from", "2010-2014", "--to", "2015-2019")
	for _, want := range []string{"labour@2010-2014 → labour@2015-2019", "missing, not zero", "1 gained", "1 lost", "Lost pairs", "11 Manufacture of beverages"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare output lacks %q:\n%s", want, out)
		}
	}
	csvOut := mustRun(t, "--store", store, "compare", "--layer", "labour", "--from", "2010-2014", "--to", "2015-2019", "--format", "csv")
	if !strings.HasPrefix(csvOut, "a,a_name,b,b_name,status,") || !strings.Contains(csvOut, "10,Manufacture of food products,21,Manufacture of pharmaceuticals,gained,,90,") {
		t.Errorf("compare csv:\n%s", csvOut)
	}
	_, err := run(t, "--store", store, "compare", "--layer", "labour", "--from", "2010-2014", "--to", "2010-2014")
	checkBad(t, err, []string{"same period"})

	// Two given-relatedness periods: {01, 10, 11} and {21, …} then 21 joins.
	rel1 := "a,b,v\n01,10,0.9\n01,11,0.8\n10,11,0.9\n21,C,0.5\nA,21,0.5\nA,C,0.5\n"
	rel2 := "a,b,v\n01,10,0.9\n01,11,0.8\n10,11,0.9\n10,21,0.9\n01,21,0.9\nA,C,0.5\n"
	for p, body := range map[string]string{"p1": rel1, "p2": rel2} {
		mustRun(t, "--store", store, "ingest", "links", writeFile(t, dir, p+".csv", body), "--classification", "NACE2",
			"--layer", "skill", "--period", p, "--kind", "relatedness")
	}
	out = mustRun(t, "--store", store, "domains", "evolution", "--layer", "skill", "--periods", "p1,p2", "--runs", "3")
	for _, want := range []string{"Greene", "p1 → p2", "growth:", "joined: 21"} {
		if !strings.Contains(out, want) {
			t.Errorf("evolution output lacks %q:\n%s", want, out)
		}
	}
	_, err = run(t, "--store", store, "domains", "evolution", "--layer", "skill", "--periods", "p1")
	checkBad(t, err, []string{"at least two"})

	// Regions: r1 gains a specialisation in 21, LQ (10/60)/(40/140) = 0.583 →
	// (30/85)/(40/145) = 1.279, and loses 10, LQ 1.167 → 0.894.
	for p, body := range map[string]string{
		"2015": "region,industry,value\nr1,10,50\nr1,21,10\nr2,10,50\nr2,21,30\n",
		"2020": "region,industry,value\nr1,10,55\nr1,21,30\nr2,10,50\nr2,21,10\n",
	} {
		mustRun(t, "--store", store, "ingest", "regional", writeFile(t, dir, "e"+p+".csv", body), "--classification", "NACE2", "--period", p)
	}
	out = mustRun(t, "--store", store, "region-change", "r1")
	for _, want := range []string{"r1 — employment 2015 → 2020", "not a forecast", "emerging (1)", "declining (1)", "+0.70"} {
		if !strings.Contains(out, want) {
			t.Errorf("region-change output lacks %q:\n%s", want, out)
		}
	}
	_, err = run(t, "--store", store, "region-change", "r1", "--from", "2015", "--to", "2015")
	checkBad(t, err, []string{"same period"})
}
