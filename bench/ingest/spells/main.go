// Command spells times ingest.ReadSpells end to end on a job-spells file
// (open, SHA-256, parse, aggregate) and writes the flow matrix for checking.
//
//	spells -generate -file /tmp/spells10m.csv   # write the synthetic file if absent
//	spells -file /tmp/spells10m.csv -links /tmp/go_flows.csv -runs 3
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/domainscope/domainscope/bench/ingest/spellgen"
	"github.com/domainscope/domainscope/ingest"
)

func main() {
	file := flag.String("file", "", "job-spells CSV file")
	generate := flag.Bool("generate", false, "write the synthetic file (spellgen.Default) if it does not exist, then exit")
	rows := flag.Int("rows", spellgen.Default.Rows, "rows to generate")
	links := flag.String("links", "", "write the flow matrix here as from,to,count")
	runs := flag.Int("runs", 3, "timed runs; the best is reported")
	flag.Parse()
	if *file == "" {
		fail(fmt.Errorf("-file is required"))
	}
	if *generate {
		if _, err := os.Stat(*file); err == nil {
			fmt.Printf("using existing %s\n", *file)
			return
		}
		cfg := spellgen.Default
		cfg.Rows = *rows
		f, err := os.Create(*file)
		if err != nil {
			fail(err)
		}
		n, err := spellgen.Write(f, cfg)
		if err == nil {
			err = f.Close()
		}
		if err != nil {
			os.Remove(*file)
			fail(err)
		}
		fmt.Printf("generated %s: %d rows\n", *file, n)
		return
	}
	best := time.Duration(1<<63 - 1)
	var out []string
	var nrows int64
	var nlinks int
	for r := 0; r < *runs; r++ {
		runtime.GC()
		start := time.Now()
		load, err := ingest.ReadSpells(*file, ingest.SpellOptions{})
		d := time.Since(start)
		if err != nil {
			fail(err)
		}
		best = min(best, d)
		nrows, nlinks = load.Provenance.Rows, len(load.Links)
		if r == 0 && *links != "" {
			for _, l := range load.Links {
				out = append(out, l.From+","+l.To+","+strconv.FormatFloat(l.Count, 'f', -1, 64))
			}
		}
		fmt.Printf("run %d: %.3f s (%s, %s workers, %s moves)\n", r+1, d.Seconds(), load.Provenance.Options["input_order"],
			load.Provenance.Options["workers"], load.Provenance.Options["moves"])
	}
	if *links != "" {
		f, err := os.Create(*links)
		if err != nil {
			fail(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "from,to,count")
		for _, l := range out {
			fmt.Fprintln(w, l)
		}
		if err := w.Flush(); err != nil {
			fail(err)
		}
		f.Close()
	}
	fmt.Printf("go_seconds=%.3f rows=%d links=%d rows_per_s=%.0f gomaxprocs=%d\n",
		best.Seconds(), nrows, nlinks, float64(nrows)/best.Seconds(), runtime.GOMAXPROCS(0))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "spells:", err)
	os.Exit(1)
}
