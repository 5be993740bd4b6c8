// Command communities is the Go side of bench/communities/run.sh.
//
//	communities dcsbm -n N -blocks B -m M -mu μ -seed S -o FILE
//
// writes a degree-corrected stochastic block model graph (see dcsbm.go) as
// an edge list.
//
//	communities serve -edges FILE
//
// reads an edge list ("i j [w]" lines, nodes 0..n-1), then answers commands
// on standard input, one a line, "leiden SEED OUT" or "louvain SEED OUT":
// it runs community.Leiden or community.Louvain with that seed, writes the
// membership to OUT as little-endian int32 and prints "SECONDS K". The
// Python driver interleaves these runs with networkit's.
//
//	communities [planted] -dir DIR [-reps R]
//
// times community.Leiden, community.Louvain and gonum's Modularize (on the
// smaller graphs) on generated planted-partition graphs. It writes each
// graph as an edge list and the Leiden membership of seed 1 so that
// igraph_bench.py can time igraph on the same graphs and check the Q values.
// It prints one tab-separated row per graph and method: graph, nodes, edges,
// method, seconds (median over runs), Q (mean over runs), K (communities in
// the first run).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/community"

	gcommunity "gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

// spec is a planted-partition graph: n nodes in groups groups, edges edge
// draws, mixing μ (fraction of edges leaving a node's group).
type spec struct {
	name          string
	n, groups, m  int
	mixing        float64
	generatorSeed uint64
}

var specs = []spec{
	{"10k-200k-mu0.3", 10_000, 100, 200_000, 0.3, 1},
	{"10k-200k-mu0.6", 10_000, 100, 200_000, 0.6, 2},
	{"100k-2M-mu0.3", 100_000, 1000, 2_000_000, 0.3, 3},
	{"100k-2M-mu0.6", 100_000, 1000, 2_000_000, 0.6, 4},
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "dcsbm":
			dcsbmMain(os.Args[2:])
			return
		case "serve":
			serveMain(os.Args[2:])
			return
		case "planted":
			os.Args = append(os.Args[:1], os.Args[2:]...)
		}
	}
	plantedMain()
}

// plantedMain times Leiden, Louvain and gonum on the planted-partition
// graphs (run.sh planted).
func plantedMain() {
	dir := flag.String("dir", "", "directory for the edge lists and memberships (required)")
	reps := flag.Int("reps", 5, "Louvain runs per graph, seeds 1..reps")
	gonumMax := flag.Int("gonum-max-nodes", 10_000, "run gonum's Modularize only on graphs with at most this many nodes")
	only := flag.String("only", "", "comma-separated graph names to run (default: all)")
	flag.Parse()
	if *dir == "" || *reps < 1 {
		fmt.Fprintln(os.Stderr, "communities: -dir is required and -reps must be >= 1")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "communities:", err)
		os.Exit(1)
	}
	for _, s := range specs {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), s.name) {
			continue
		}
		if err := runSpec(s, *dir, *reps, *gonumMax); err != nil {
			fmt.Fprintf(os.Stderr, "communities: %s: %v\n", s.name, err)
			os.Exit(1)
		}
	}
}

func runSpec(s spec, dir string, reps, gonumMax int) error {
	g, _, err := community.PlantedPartition(s.n, s.groups, s.m, s.mixing, s.generatorSeed)
	if err != nil {
		return err
	}
	if err := writeEdges(filepath.Join(dir, s.name+".edges"), g); err != nil {
		return err
	}
	for _, refine := range []bool{true, false} {
		method := "go-leiden"
		if !refine {
			method = "go-louvain"
		}
		var secs, qs []float64
		var first community.Partition
		for rep := 1; rep <= reps; rep++ {
			opt := community.DefaultOptions()
			opt.Seed = int64(rep)
			if !refine {
				opt.Algorithm = community.AlgorithmLouvain
			}
			t0 := time.Now()
			p, err := community.Detect(context.Background(), []*graph.Graph{g}, nil, opt)
			if err != nil {
				return err
			}
			secs = append(secs, time.Since(t0).Seconds())
			qs = append(qs, p.Modularity)
			if rep == 1 {
				first = p
			}
		}
		if refine {
			if err := writeMembership(filepath.Join(dir, s.name+".louvain.memb"), first.Community); err != nil {
				return err
			}
		}
		printRow(s, g, method, median(secs), mean(qs), first.K)
	}
	if s.n <= gonumMax {
		gg := toGonum(g)
		t0 := time.Now()
		r := gcommunity.Modularize(gg, 1, rand.NewPCG(1, 1))
		sec := time.Since(t0).Seconds()
		comm := make([]int32, s.n)
		for c, nodes := range r.Communities() {
			for _, v := range nodes {
				comm[v.ID()] = int32(c)
			}
		}
		printRow(s, g, "gonum-Modularize", sec, community.Modularity(g, comm, 1), len(r.Communities()))
	}
	return nil
}

func printRow(s spec, g *graph.Graph, method string, sec, q float64, k int) {
	fmt.Printf("%s\t%d\t%d\t%s\t%.4f\t%.6f\t%d\n", s.name, g.Nodes(), g.Edges(), method, sec, q, k)
}

// writeEdges writes "i j w" lines, one per undirected edge with i < j.
func writeEdges(path string, g *graph.Graph) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; i < g.Nodes(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			if j := g.Adj[e]; int(j) > i {
				fmt.Fprintf(w, "%d %d %g\n", i, j, g.W[e])
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeMembership writes one community id per line, node order.
func writeMembership(path string, comm []int32) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, c := range comm {
		fmt.Fprintln(w, c)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func toGonum(g *graph.Graph) *simple.WeightedUndirectedGraph {
	gg := simple.NewWeightedUndirectedGraph(0, 0)
	for i := 0; i < g.Nodes(); i++ {
		gg.AddNode(simple.Node(i))
	}
	for i := 0; i < g.Nodes(); i++ {
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			if j := g.Adj[e]; int(j) > i {
				gg.SetWeightedEdge(gg.NewWeightedEdge(simple.Node(i), simple.Node(j), g.W[e]))
			}
		}
	}
	return gg
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
