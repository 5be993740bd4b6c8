package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"
)

// TestIngestEvidenceFlags: --alpha outside (0, 1), a negative --floor, an
// unknown --shrink and --method knowledgeflows without --floor exit with
// status 2 naming the flag and change nothing; good values reach the
// provenance, and neighbours shows each link's count and q-value.
func TestIngestEvidenceFlags(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "industries.csv", industriesCSV), "--classification", "NACE2")
	flows := writeFile(t, dir, "flows.csv", "from,to,count\n01,10,40\n10,01,30\n10,11,25\n11,10,20\n10,21,12\n21,11,10\n")
	args := []string{"--store", store, "ingest", "links", flows, "--classification", "NACE2", "--layer", "labour", "--period", "2020"}
	before := mustRun(t, "--store", store, "info", "--format", "json")
	for _, c := range []struct {
		flags []string
		want  []string
	}{
		{[]string{"--alpha", "1.5"}, []string{`--alpha "1.5"`, "(0, 1)"}},
		{[]string{"--alpha", "-0.1"}, []string{`--alpha "-0.1"`}},
		{[]string{"--floor", "-10"}, []string{`--floor "-10"`, "disclosure floor"}},
		{[]string{"--shrink", "strong"}, []string{`--shrink "strong"`, "gamma-poisson"}},
		{[]string{"--method", "knowledgeflows"}, []string{"--floor", "knowledgeflows"}},
		{[]string{"--floor", "11"}, []string{"below the disclosure floor 11"}},
	} {
		_, err := run(t, append(append([]string{}, args...), c.flags...)...)
		checkBad(t, err, c.want)
	}
	if after := mustRun(t, "--store", store, "info", "--format", "json"); after != before {
		t.Errorf("store changed by refused loads:\nbefore %s\nafter %s", before, after)
	}

	mustRun(t, append(append([]string{}, args...), "--floor", "10", "--shrink", "gamma-poisson", "--prior", "1")...)
	var info struct {
		Datasets []struct {
			Target  string            `json:"target"`
			Options map[string]string `json:"options"`
		} `json:"datasets"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "info", "--format", "json")), &info); err != nil {
		t.Fatal(err)
	}
	var opts map[string]string
	for _, d := range info.Datasets {
		if d.Target == "labour@2020" {
			opts = d.Options
		}
	}
	for k, v := range map[string]string{"floor": "10", "shrink": "gamma-poisson", "prior": "1", "prior_source": "given", "alpha": "0", "method": "ratio"} {
		if opts[k] != v {
			t.Errorf("provenance %s = %q, want %q (%v)", k, opts[k], v, opts)
		}
	}
	out := mustRun(t, "--store", store, "neighbours", "10", "--layer", "labour")
	for _, want := range []string{"ratio, gamma-poisson a = 1 (given), floor 10", "Q: Benjamini–Hochberg q-value", "  DIRECTION  Q\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("neighbours output lacks %q:\n%s", want, out)
		}
	}
	var ns []struct {
		Code   string   `json:"code"`
		Count  float64  `json:"count"`
		QValue *float64 `json:"q_value"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "neighbours", "10", "--layer", "labour", "--format", "json")), &ns); err != nil {
		t.Fatal(err)
	}
	if len(ns) == 0 {
		t.Fatal("no neighbours of 10")
	}
	for _, n := range ns {
		if n.QValue == nil || *n.QValue < 0 || *n.QValue > 1 || n.Count < 10 {
			t.Errorf("neighbour %s: count %v, q %v; want a count >= 10 and a q-value in [0, 1]", n.Code, n.Count, n.QValue)
		}
	}
}

// TestREADMENeighboursUK: the README's 8610 table is what the README's
// commands print on the real UK flows (--floor 10 and the raw ratio, the
// default), the flows ingested without --floor give the same table but for
// the heading, and the README's alternatives hold: --alpha 0.05 replaces
// 7739 (10 moves, q = 1) by 4779 (17 moves, q = 0.0086), and the fitted
// gamma-poisson prior keeps the ten in their order, values within 0.002.
func TestREADMENeighboursUK(t *testing.T) {
	store := ukStore(t)
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "What it prints for hospital activities")
	if !ok {
		t.Fatal("README.md has no 8610 table")
	}
	_, block, _ := strings.Cut(after, "```\n")
	block, _, _ = strings.Cut(block, "```")
	got := mustRun(t, "--store", store, "neighbours", "8610", "--layer", "labour", "--top", "10")
	if got != block {
		t.Errorf("README's 8610 table:\n%s\nthe README's commands print:\n%s", block, got)
	}
	d := filepath.Join(realdata.Dir(t), "uk-labour-flows", "flows_sic2007_2009_2018.csv")
	load := func(period string, flags ...string) [][]string {
		mustRun(t, append([]string{"--store", store, "ingest", "links", d, "--classification", "SIC2007", "--pad", "4",
			"--layer", "labour", "--period", period}, flags...)...)
		out := mustRun(t, "--store", store, "neighbours", "8610", "--layer", "labour@"+period, "--top", "10", "--format", "csv")
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 11 {
			t.Fatalf("neighbours CSV (%v):\n%s", err, out)
		}
		return rows[1:] // CODE, NAME, VALUE, COUNT, DIRECTION, Q
	}
	readmeRows := strings.Split(strings.TrimSpace(block), "\n")[4:]
	noFloor := load("nofloor")
	for i, f := range noFloor {
		if !strings.HasPrefix(readmeRows[i], f[0]+"  ") || !strings.Contains(readmeRows[i], "  "+f[2]+"  ") {
			t.Errorf("without --floor, neighbour %d is %q, README %s", i+1, f, readmeRows[i])
		}
	}
	alpha := load("alpha", "--floor", "10", "--alpha", "0.05")
	if last := alpha[9]; last[0] != "4779" || last[3] != "17" || last[5] != "0.0086" {
		t.Errorf("with --alpha 0.05 the tenth neighbour is %q, want 4779 on 17 moves, q 0.0086", last)
	}
	shrunk := load("shrunk", "--floor", "10", "--shrink", "gamma-poisson")
	for i, f := range shrunk {
		r := noFloor[i]
		v1, _ := strconv.ParseFloat(f[2], 64)
		v0, _ := strconv.ParseFloat(r[2], 64)
		if f[0] != r[0] || math.Abs(v1-v0) > 0.002 {
			t.Errorf("shrunk neighbour %d: %q, raw %q: want the same industry within 0.002", i+1, f, r)
		}
	}
}
