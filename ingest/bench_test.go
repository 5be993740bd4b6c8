package ingest

import (
	"bytes"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/domainscope/domainscope/bench/ingest/spellgen"
)

var spellInputs sync.Map // rows -> []byte

// spellInput generates (once per size) a synthetic spells file of the
// benchmark's shape (spellgen.Default) with the given number of rows.
func spellInput(b *testing.B, rows int) []byte {
	if v, ok := spellInputs.Load(rows); ok {
		return v.([]byte)
	}
	cfg := spellgen.Default
	cfg.Rows = rows
	var buf bytes.Buffer
	if _, err := spellgen.Write(&buf, cfg); err != nil {
		b.Fatal(err)
	}
	spellInputs.Store(rows, buf.Bytes())
	return buf.Bytes()
}

var shuffledInputs sync.Map // rows -> []byte

// shuffledSpellInput is spellInput with its data rows in a random order
// (fixed seed): the ungrouped case of a panel exported without sorting.
func shuffledSpellInput(b *testing.B, rows int) []byte {
	if v, ok := shuffledInputs.Load(rows); ok {
		return v.([]byte)
	}
	lines := bytes.SplitAfter(spellInput(b, rows), []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	body := lines[1:]
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
	out := bytes.Join(lines, nil)
	shuffledInputs.Store(rows, out)
	return out
}

func benchSpells(b *testing.B, rows int, mode aggMode) {
	benchSpellData(b, spellInput(b, rows), rows, mode)
}

func benchSpellData(b *testing.B, data []byte, rows int, mode aggMode) {
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		load, err := AggregateSpells(bytes.NewReader(data), "bench.csv", SpellOptions{mode: mode})
		if err != nil {
			b.Fatal(err)
		}
		if load.Provenance.Rows != int64(rows) {
			b.Fatalf("read %d rows, want %d", load.Provenance.Rows, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkAggregateSpells10M is the performance target: 10 million rows,
// about a million workers, 600 industries, 10 periods, parsed and
// aggregated end to end from memory (run with -cpu 1 for rows/s per core).
func BenchmarkAggregateSpells10M(b *testing.B) { benchSpells(b, 10_000_000, modeAuto) }

func BenchmarkAggregateSpells1M(b *testing.B) { benchSpells(b, 1_000_000, modeAuto) }

// BenchmarkAggregateSpells1MUngrouped measures the mode used for files not grouped by worker.
func BenchmarkAggregateSpells1MUngrouped(b *testing.B) { benchSpells(b, 1_000_000, modeUngrouped) }

// BenchmarkAggregateSpells1MShuffled reads a 1M-row file in random row
// order end to end (grouped attempt, then the ungrouped re-read).
func BenchmarkAggregateSpells1MShuffled(b *testing.B) {
	benchSpellData(b, shuffledSpellInput(b, 1_000_000), 1_000_000, modeAuto)
}
