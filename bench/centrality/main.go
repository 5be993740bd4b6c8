// Command centrality generates random weighted graphs and times
// centrality.Betweenness on them; run.sh times python-igraph on the same
// files and compares.
//
//	centrality gen -n 5000 -m 100000 -seed 1 -out g.txt
//	centrality run -in g.txt -distance none -out values.txt
//
// Graph files are text: a first line "n m", then one "i j w" line per
// undirected edge (0-based nodes, w > 0 printed with 17 significant digits so
// that both programs read the same float64).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: centrality gen|run [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: expected gen or run", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "centrality:", err)
		os.Exit(1)
	}
}

// gen writes a G(n, m) graph: m distinct edges chosen uniformly, weights
// uniform in [0.05, 1).
func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("n", 5000, "nodes")
	m := fs.Int("m", 100000, "edges")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("out", "", "output file")
	fs.Parse(args)
	if *out == "" || *n < 2 || *m < 0 || int64(*m) > int64(*n)*int64(*n-1)/2 {
		return fmt.Errorf("gen: need -out, n >= 2 and 0 <= m <= n(n-1)/2; got n %d, m %d", *n, *m)
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	seen := make(map[[2]int32]bool, *m)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "%d %d\n", *n, *m)
	for len(seen) < *m {
		i, j := int32(rng.IntN(*n)), int32(rng.IntN(*n))
		if i == j {
			continue
		}
		if i > j {
			i, j = j, i
		}
		if seen[[2]int32{i, j}] {
			continue
		}
		seen[[2]int32{i, j}] = true
		fmt.Fprintf(w, "%d %d %s\n", i, j, strconv.FormatFloat(0.05+0.95*rng.Float64(), 'g', 17, 64))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func readGraph(path string) (*graph.Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	var n int
	var edges []graph.Edge
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if line == 1 {
			if len(fields) != 2 {
				return nil, fmt.Errorf("%s:1: expected header \"n m\", found %q", path, sc.Text())
			}
			if n, err = strconv.Atoi(fields[0]); err != nil || n < 0 {
				return nil, fmt.Errorf("%s:1: n: expected a count, found %q", path, fields[0])
			}
			continue
		}
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s:%d: expected \"i j w\", found %q", path, line, sc.Text())
		}
		i, err1 := strconv.Atoi(fields[0])
		j, err2 := strconv.Atoi(fields[1])
		w, err3 := strconv.ParseFloat(fields[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("%s:%d: expected integers i j and a number w, found %q", path, line, sc.Text())
		}
		edges = append(edges, graph.Edge{I: int32(i), J: int32(j), W: w})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	g, err := graph.NewGraph(n, edges)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return g, nil
}

// run times Betweenness on a graph file and writes one value per line.
func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	in := fs.String("in", "", "graph file")
	dist := fs.String("distance", "inverse", "inverse, neglog or none")
	workers := fs.Int("workers", 0, "goroutines (0: GOMAXPROCS)")
	out := fs.String("out", "", "file for the values (optional)")
	fs.Parse(args)
	g, err := readGraph(*in)
	if err != nil {
		return err
	}
	d, err := centrality.ParseDistanceTransform(*dist)
	if err != nil {
		return err
	}
	start := time.Now()
	bc, err := centrality.Betweenness(context.Background(), g, centrality.BetweennessOptions{Distance: d, Workers: *workers})
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	w := *workers
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	fmt.Printf("%.3f %d\n", secs, w)
	if *out == "" {
		return nil
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, x := range bc {
		fmt.Fprintln(bw, strconv.FormatFloat(x, 'g', 17, 64))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}
