package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/community"
)

// serveMain loads one edge list and runs the commands of the Python driver
// (see the package doc), so that the graph is read once and the Go and
// networkit runs can be interleaved.
func serveMain(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	edges := fs.String("edges", "", "edge list (required)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of all runs to this file")
	fs.BoolVar(&verbose, "v", false, "print wall and CPU time and Q of every run to standard error")
	fs.Parse(args)
	g, err := readEdges(*edges)
	if err != nil {
		fmt.Fprintln(os.Stderr, "communities serve:", err)
		os.Exit(1)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "communities serve:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("ready %d %d\n", g.Nodes(), g.Edges())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) != 3 {
			fmt.Fprintf(os.Stderr, "communities serve: expected \"leiden|louvain SEED OUT\", found %q\n", in.Text())
			os.Exit(2)
		}
		seed, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "communities serve:", err)
			os.Exit(2)
		}
		if err := serveRun(g, f[0], seed, f[2]); err != nil {
			fmt.Fprintln(os.Stderr, "communities serve:", err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "communities serve:", err)
	}
}

// verbose is serve's -v.
var verbose bool

func serveRun(g *graph.Graph, method string, seed int64, out string) error {
	opt := community.DefaultOptions()
	opt.Seed = seed
	run := community.Leiden
	switch method {
	case "leiden":
	case "louvain":
		run = community.Louvain
	default:
		return fmt.Errorf("unknown method %q, expected leiden or louvain", method)
	}
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	t0 := time.Now()
	p, err := run(context.Background(), g, opt)
	sec := time.Since(t0).Seconds()
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	if verbose {
		fmt.Fprintf(os.Stderr, "%s seed %d: wall %.3f s, cpu %.3f s, Q %.6f\n", method, seed, sec, cpu.Seconds(), p.Modularity)
	}
	if err != nil {
		return err
	}
	buf := make([]byte, 4*len(p.Community))
	for i, c := range p.Community {
		binary.LittleEndian.PutUint32(buf[4*i:], uint32(c))
	}
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		return err
	}
	fmt.Printf("%.6f %d %d\n", sec, p.K, disconnected(g, p.Community))
	return nil
}

// disconnected returns how many communities of comm are not connected in g
// (a community reached from two start nodes by search restricted to it).
func disconnected(g *graph.Graph, comm []int32) int {
	seen := make([]bool, g.Nodes())
	starts := map[int32]int{}
	var stack []int32
	for s := range g.Nodes() {
		if seen[s] {
			continue
		}
		starts[comm[s]]++
		seen[s] = true
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for e := g.Off[i]; e < g.Off[i+1]; e++ {
				if j := g.Adj[e]; !seen[j] && comm[j] == comm[i] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
	}
	bad := 0
	for _, c := range starts {
		if c > 1 {
			bad++
		}
	}
	return bad
}
