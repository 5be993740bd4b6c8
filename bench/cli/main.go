// Command cli builds a large synthetic store and times the domains analysis
// on it without the command line, for bench/cli/run.sh, which compares that
// time with the whole `domainscope domains` command.
//
//	cli gen -store big.db -n 10000 -m 500000 -seed 1
//	cli algo -store big.db -layers labour -runs 0 -null-samples 1
//
// gen writes a classification SYN (sectors of 100 industries, codes with
// leading zeros) and one undirected relatedness layer "labour" of m distinct
// links with planted communities: each link joins two industries of the same
// planted community (of 200) with probability 1−mu, else two random ones;
// values are uniform in (0.05, 1.05) inside a community and (0.05, 0.55)
// across, so that the layer's threshold 0 keeps every link.
//
// algo opens the store, gets the snapshot (timed, "read_s": decoded when the
// store holds it for its version, else built from the links), then times on
// that snapshot community detection alone ("detect_s", the algorithm:
// community.Leiden with the options analysis uses) and the whole
// Analyzer.Domains call with the snapshot cached ("analysis_s", and its CPU
// time, user + system over all threads, "analysis_cpu_s"), and prints
// "read_s detect_s analysis_s analysis_cpu_s" (the last two the mean of
// -repeat runs).
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/bench/internal/cputime"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: cli gen|algo [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "algo":
		err = algo(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q: expected gen or algo", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cli:", err)
		os.Exit(1)
	}
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	path := fs.String("store", "", "store file to create (must not exist)")
	n := fs.Int("n", 10000, "industries")
	m := fs.Int("m", 500000, "links")
	mu := fs.Float64("mu", 0.3, "share of links across planted communities")
	seed := fs.Uint64("seed", 1, "random seed")
	fs.Parse(args)
	if *path == "" || *n < 200 || *m < 1 || int64(*m) > int64(*n)*int64(*n-1)/4 {
		return fmt.Errorf("gen: need -store, n >= 200 and 1 <= m <= n(n-1)/4; got n %d, m %d", *n, *m)
	}
	if _, err := os.Stat(*path); err == nil {
		return fmt.Errorf("gen: %s exists", *path)
	}
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, *path)
	if err != nil {
		return err
	}
	defer st.Close()
	const class, sectorSize, commSize = "SYN", 100, 200
	inds := []graphmodel.Industry{}
	for s := 0; s*sectorSize < *n; s++ {
		inds = append(inds, graphmodel.Industry{Code: fmt.Sprintf("S%03d", s), Name: fmt.Sprintf("sector %d", s)})
	}
	code := func(i int) string { return fmt.Sprintf("%06d", i) }
	for i := 0; i < *n; i++ {
		inds = append(inds, graphmodel.Industry{Code: code(i), Name: "industry " + code(i),
			Parent: fmt.Sprintf("S%03d", i/sectorSize), Level: 1})
	}
	if _, err := st.LoadIndustries(ctx, graphmodel.IndustriesLoad{
		Provenance:     graphmodel.Provenance{Source: "bench/cli gen"},
		Classification: graphmodel.Classification{Name: class, Levels: []string{"sector", "industry"}},
		Industries:     inds,
	}); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 16))
	seen := make(map[[2]int32]bool, *m)
	links := make([]graphmodel.Link, 0, *m)
	for len(links) < *m {
		i := rng.IntN(*n)
		var j int
		inside := rng.Float64() >= *mu
		if inside {
			base := i / commSize * commSize
			j = base + rng.IntN(min(commSize, *n-base))
		} else {
			j = rng.IntN(*n)
		}
		if i == j {
			continue
		}
		if i > j {
			i, j = j, i
		}
		if seen[[2]int32{int32(i), int32(j)}] {
			continue
		}
		seen[[2]int32{int32(i), int32(j)}] = true
		v := 0.05 + 0.5*rng.Float64()
		if inside {
			v = 0.05 + rng.Float64()
		}
		links = append(links, graphmodel.Link{From: code(i), To: code(j), Value: v})
	}
	_, err = st.LoadLayer(ctx, graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: "bench/cli gen", Options: map[string]string{"seed": fmt.Sprint(*seed)}},
		Layer: graphmodel.Layer{Name: "labour", Period: "synthetic", Kind: graphmodel.KindRelatedness,
			Classification: class, Method: "given"},
		Links: links,
	})
	return err
}

func algo(args []string) error {
	fs := flag.NewFlagSet("algo", flag.ExitOnError)
	path := fs.String("store", "", "store file")
	layers := fs.String("layers", "labour", "comma-separated layers")
	runs := fs.Int("runs", 0, "extra seeds for the stability measures")
	nulls := fs.Int("null-samples", 1, "rewirings of the significance test")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	repeat := fs.Int("repeat", 1, "run the analysis this many times and print the mean (for profiles)")
	fs.Parse(args)
	if *repeat < 1 {
		return fmt.Errorf("algo: -repeat must be >= 1, got %d", *repeat)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, *path)
	if err != nil {
		return err
	}
	defer st.Close()
	an := analysis.NewAnalyzer(st)
	req := analysis.DomainsRequest{Runs: *runs, NullSamples: *nulls, Seed: 1, Resolution: 1}
	req.Layers = strings.Split(*layers, ",")
	start := time.Now()
	snap, err := an.Snapshot(ctx, req.GraphRequest)
	if err != nil {
		return err
	}
	read := time.Since(start).Seconds()
	if len(snap.Layers) != 1 {
		return fmt.Errorf("algo: detect_s times one layer; got %d", len(snap.Layers))
	}
	opt := community.DefaultOptions()
	opt.Resolution, opt.Seed = req.Resolution, req.Seed
	start = time.Now()
	if _, err := community.Leiden(ctx, snap.Layers[0].Graph, opt); err != nil {
		return err
	}
	detect := time.Since(start).Seconds()
	start, cpu0 := time.Now(), cputime.Seconds()
	var res *analysis.DomainsResult
	for r := 0; r < *repeat; r++ {
		if res, err = an.Domains(ctx, req); err != nil {
			return err
		}
	}
	whole, cpu := time.Since(start).Seconds()/float64(*repeat), (cputime.Seconds()-cpu0)/float64(*repeat)
	if !slices.Equal(res.Snapshot().Codes, snap.Codes) {
		return fmt.Errorf("algo: the analysis did not use the cached snapshot")
	}
	fmt.Printf("%.3f %.3f %.3f %.3f\n", read, detect, whole, cpu)
	return nil
}
