package api

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"time"
)

// memoryHeadroom is the room above the bound that BoundMemory leaves for the
// transient allocations of requests being answered.
const memoryHeadroom = 32 << 20

// memoryBound is the soft memory limit for a live heap of live bytes of
// which held are cache entries: the caches' bytes plus a fifth (the
// collector's room to work), twice the rest of the live heap (what GOGC=100
// allows it) and memoryHeadroom.
func memoryBound(live, held int64) int64 {
	other := max(live-held, 0)
	return held + held/5 + 2*other + memoryHeadroom
}

// BoundMemory keeps the process's soft memory limit
// (runtime/debug.SetMemoryLimit) at memoryBound of the live heap and the
// bytes the caches hold, read every interval, until ctx ends; then it
// restores the previous limit. Without it the collector lets the heap grow
// to twice the live heap, full caches included (GOGC=100): at --cache-mb 64
// RSS reached the baseline plus three times the budget (bench/cachemem).
// Under the bound it also turns the proportional trigger off (GOGC=off,
// unless GOGC is set), so that the collector waits for the bound: with a
// live heap of a few MiB, GOGC=100 collected every few MiB of requests'
// garbage, and cached answers spent about a fifth of their CPU on it
// (bench/api). It does nothing when GOMEMLIMIT is set: the operator's
// limit stands.
func (s *Server) BoundMemory(ctx context.Context, interval time.Duration) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	sample := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	bound := func() {
		rtmetrics.Read(sample)
		if sample[0].Value.Kind() == rtmetrics.KindUint64 {
			live := int64(min(sample[0].Value.Uint64(), math.MaxInt64))
			debug.SetMemoryLimit(memoryBound(live, s.cacheHeld()))
		}
	}
	if rtmetrics.Read(sample); sample[0].Value.Kind() == rtmetrics.KindUint64 && os.Getenv("GOGC") == "" {
		pct := debug.SetGCPercent(-1) // the bound is set next, before anything allocates much
		defer debug.SetGCPercent(pct)
	}
	bound()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		bound()
	}
}
