// Command centrality generates random weighted graphs and times
// centrality.Betweenness on them; run.sh times python-igraph on the same
// files and compares.
//
//	centrality gen -n 5000 -m 100000 -seed 1 -out g.txt
//	centrality run -in g.txt -distance none -out values.txt
//	centrality sampled -n 1000000 -m 10000000 -samples 200 -distance none
//	centrality error -n 5000 -m 100000 -samples 500 -runs 5
//
// sampled times the sampled estimator on a G(n, m) graph generated in
// memory (m uniform pairs; the few repeated pairs merge, so the graph has
// slightly fewer edges); error compares sampled runs with the exact values
// on a smaller G(n, m) and with the bound SampledBetweennessError.
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
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/domainscope/domainscope/bench/internal/cputime"
	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: centrality gen|run|sampled|error [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "sampled":
		err = sampled(os.Args[2:])
	case "error":
		err = sampledError(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: expected gen, run, sampled or error", os.Args[1])
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

// randomGraph returns G(n, m) with weights uniform in [0.05, 1), built in
// memory: m uniform pairs (self-pairs redrawn), repeated pairs merged.
func randomGraph(n, m int, seed uint64) (*graph.Graph, error) {
	rng := rand.New(rand.NewPCG(seed, 7))
	edges := make([]graph.Edge, 0, m)
	for len(edges) < m {
		i, j := int32(rng.IntN(n)), int32(rng.IntN(n))
		if i != j {
			edges = append(edges, graph.Edge{I: i, J: j, W: 0.05 + 0.95*rng.Float64()})
		}
	}
	return graph.NewGraph(n, edges)
}

// peakRSS returns the process's peak resident memory in MiB (VmHWM), or -1.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return -1
}

// sampled prints "nodes edges samples build_s bc_s bc_cpu_s peak_rss_mib
// eps_norm": the time to generate and build the graph, the wall and CPU
// (user + system, all threads) time of the sampled estimate, the peak memory
// and the normalised error bound at delta.
func sampled(args []string) error {
	fs := flag.NewFlagSet("sampled", flag.ExitOnError)
	n := fs.Int("n", 1000000, "nodes")
	m := fs.Int("m", 10000000, "edges")
	k := fs.Int("samples", 200, "sampled sources")
	dist := fs.String("distance", "none", "inverse, neglog or none")
	delta := fs.Float64("delta", 0.1, "failure probability of the printed bound")
	seed := fs.Uint64("seed", 1, "random seed of the graph and of the sample")
	fs.Parse(args)
	if *n < 3 || *m < 1 {
		return fmt.Errorf("sampled: need n >= 3 and m >= 1; got n %d, m %d", *n, *m)
	}
	d, err := centrality.ParseDistanceTransform(*dist)
	if err != nil {
		return err
	}
	start := time.Now()
	g, err := randomGraph(*n, *m, *seed)
	if err != nil {
		return err
	}
	build := time.Since(start).Seconds()
	start, cpu0 := time.Now(), cputime.Seconds()
	if _, err := centrality.Betweenness(context.Background(), g, centrality.BetweennessOptions{
		Distance: d, Samples: *k, Seed: *seed, Normalised: true}); err != nil {
		return err
	}
	secs, cpu := time.Since(start).Seconds(), cputime.Seconds()-cpu0
	fn := float64(*n)
	eps := centrality.SampledBetweennessError(*n, *k, *delta) / ((fn - 1) * (fn - 2) / 2)
	fmt.Printf("%d %d %d %.2f %.2f %.2f %.0f %.4f\n", g.Nodes(), g.Edges(), *k, build, secs, cpu, peakRSS(), eps)
	return nil
}

// sampledError prints "nodes edges samples runs max_err_norm mean_err_norm
// eps_norm": over runs seeds, the largest and the mean absolute error of the
// normalised sampled estimate against the exact values, and the bound at
// delta.
func sampledError(args []string) error {
	fs := flag.NewFlagSet("error", flag.ExitOnError)
	n := fs.Int("n", 5000, "nodes")
	m := fs.Int("m", 100000, "edges")
	k := fs.Int("samples", 500, "sampled sources")
	runs := fs.Int("runs", 5, "sampled runs (seeds 1..runs)")
	dist := fs.String("distance", "none", "inverse, neglog or none")
	delta := fs.Float64("delta", 0.1, "failure probability of the printed bound")
	fs.Parse(args)
	if *n < 3 || *m < 1 || *runs < 1 {
		return fmt.Errorf("error: need n >= 3, m >= 1, runs >= 1; got n %d, m %d, runs %d", *n, *m, *runs)
	}
	d, err := centrality.ParseDistanceTransform(*dist)
	if err != nil {
		return err
	}
	g, err := randomGraph(*n, *m, 1)
	if err != nil {
		return err
	}
	ctx := context.Background()
	exact, err := centrality.Betweenness(ctx, g, centrality.BetweennessOptions{Distance: d, Normalised: true})
	if err != nil {
		return err
	}
	var worst, sum float64
	for r := 1; r <= *runs; r++ {
		est, err := centrality.Betweenness(ctx, g, centrality.BetweennessOptions{
			Distance: d, Normalised: true, Samples: *k, Seed: uint64(r)})
		if err != nil {
			return err
		}
		for v := range est {
			e := math.Abs(est[v] - exact[v])
			worst = max(worst, e)
			sum += e
		}
	}
	fn := float64(*n)
	eps := centrality.SampledBetweennessError(*n, *k, *delta) / ((fn - 1) * (fn - 2) / 2)
	fmt.Printf("%d %d %d %d %.3g %.3g %.3g\n", g.Nodes(), g.Edges(), *k, *runs, worst, sum/float64(*runs**n), eps)
	return nil
}
