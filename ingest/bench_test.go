package ingest

import (
	"bytes"
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

func benchSpells(b *testing.B, rows int, mode aggMode) {
	data := spellInput(b, rows)
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
