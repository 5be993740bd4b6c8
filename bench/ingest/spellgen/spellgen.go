// Package spellgen writes synthetic job-spell files for benchmarks: one
// "worker_id,period,industry" row per worker and year, grouped by worker and
// ordered by period, as a linked employer-employee panel would be exported.
package spellgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
)

// Config sizes the synthetic panel.
type Config struct {
	Rows        int     // stop after this many rows
	Industries  int     // distinct 4-digit industry codes
	Periods     int     // years per worker at most
	FirstPeriod int     // first year
	MoveProb    float64 // chance that a worker changes industry between two years
	GapProb     float64 // chance that a worker has no spell in a year
	Seed        uint64
}

// Default is the benchmark's shape: 10 million rows, about one million
// workers, 600 industries, 10 years, 12% yearly mobility.
var Default = Config{Rows: 10_000_000, Industries: 600, Periods: 10, FirstPeriod: 2009, MoveProb: 0.12, GapProb: 0.05, Seed: 1}

// Codes returns the industry codes of cfg, sorted: distinct 4-digit codes.
func Codes(cfg Config) []string {
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))
	seen := map[int]bool{}
	var codes []string
	for len(codes) < cfg.Industries {
		c := 100 + rng.IntN(9900)
		if !seen[c] {
			seen[c] = true
			codes = append(codes, fmt.Sprintf("%04d", c))
		}
	}
	sort.Strings(codes)
	return codes
}

// Write writes the panel with a header line and returns the rows written.
func Write(w io.Writer, cfg Config) (int, error) {
	codes := Codes(cfg)
	rng := rand.New(rand.NewPCG(cfg.Seed, 11))
	// Industry sizes follow a Zipf-like law; a move goes to a nearby code
	// (same division, a related industry) half of the time.
	cum := make([]float64, len(codes))
	total := 0.0
	for i := range codes {
		total += 1 / float64(1+rng.IntN(len(codes)))
		cum[i] = total
	}
	draw := func() int {
		x := rng.Float64() * total
		return sort.SearchFloat64s(cum, x)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("worker_id,period,industry\n")
	rows := 0
	line := make([]byte, 0, 64)
	for worker := 1; rows < cfg.Rows; worker++ {
		ind := draw()
		id := 10_000_000 + worker*7919%9_000_000
		for p := 0; p < cfg.Periods && rows < cfg.Rows; p++ {
			if p > 0 && rng.Float64() < cfg.MoveProb {
				if rng.IntN(2) == 0 {
					ind = max(0, min(len(codes)-1, ind+rng.IntN(9)-4))
				} else {
					ind = draw()
				}
			}
			if rng.Float64() < cfg.GapProb {
				continue
			}
			line = line[:0]
			line = strconv.AppendInt(line, int64(id), 10)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(cfg.FirstPeriod+p), 10)
			line = append(line, ',')
			line = append(line, codes[ind]...)
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return rows, err
			}
			rows++
		}
	}
	return rows, bw.Flush()
}
