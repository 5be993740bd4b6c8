package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
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
