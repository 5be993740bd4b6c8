package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestUsageErrorsExitTwo: flags and arguments that cobra or pflag reject are
// invalid input, exit status 2, like a bad file.
func TestUsageErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	f := writeFile(t, dir, "l.csv", "from,to,count\n01,10,40\n")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"domains", "--resolution", "abc"}, []string{`"abc"`, "--resolution", "domainscope domains --help"}},
		{[]string{"domains", "--colour", "red"}, []string{"unknown flag: --colour"}},
		{[]string{"neighbours"}, []string{"accepts 1 arg(s), received 0"}},
		{[]string{"ingest", "links", f, "--classification", "NACE2", "--layer", "x"}, []string{`required flag(s) "period" not set`}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{[]string{"ingest", "frobnicate"}, []string{`unknown command "frobnicate" for "domainscope ingest"`}},
	} {
		_, err := run(t, append([]string{"--store", store}, c.args...)...)
		checkBad(t, err, c.want)
	}
}

// TestIngestErrorsNameFlags: the options that package ingest names by field
// are worded as this command's flags.
func TestIngestErrorsNameFlags(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "i.csv", industriesCSV), "--classification", "NACE2")
	links := func(name, content string, extra ...string) error {
		_, err := run(t, append([]string{"--store", store, "ingest", "links", writeFile(t, dir, name, content),
			"--classification", "NACE2", "--layer", "labour", "--period", "2020"}, extra...)...)
		return err
	}
	good := "from,to,count\n01,10,40\n"
	for _, c := range []struct {
		err  error
		want []string
	}{
		{links("dup.csv", "from,to,count\n01,10,40\n01,10,2\n"), []string{"dup.csv:3", "; use --duplicates sum (counts) or mean"}},
		{links("unk.csv", "from,to,count\n01,99,4\n"), []string{"unk.csv:2", "or use --unknown create (add it) or skip (drop the row)"}},
		{links("good.csv", good, "--unknown", "maybe"), []string{`--unknown "maybe": expected error, create or skip`}},
		{links("good.csv", good, "--self-loops", "twice"), []string{`--self-loops "twice": expected keep, drop or error`}},
		{links("good.csv", good, "--threshold", "high"), []string{`--threshold "high": expected a number`}},
		{links("good.csv", good, "--method", "magic"), []string{`--method "magic": expected one of ratio`}},
		{links("good.csv", good, "--layer", "a/b"), []string{`--layer "a/b": expected a layer name without`}},
		{links("good.csv", good, "--kind", "maybe"), []string{`--kind "maybe": expected flows, co-occurrence or relatedness`}},
		{links("good.csv", good, "--delimiter", "|"), []string{`--delimiter "|": expected ",", ";" or "tab"`}},
	} {
		checkBad(t, c.err, c.want)
		if c.err != nil && strings.Contains(c.err.Error(), "option ") {
			t.Errorf("message %q names an option, not a flag", c.err)
		}
	}
}
