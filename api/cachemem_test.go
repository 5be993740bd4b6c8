package api

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// heapAlloc is the live heap after two collections.
func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestCacheAccountsHeldBytes fills a response cache with entries as the
// server makes them (bodies grown in a bytes.Buffer, long keys, gzip
// encodings) and compares what the cache says it holds with what the heap
// grew by: the account must cover the heap (at most 5% under) without
// overstating it by more than 15%.
func TestCacheAccountsHeldBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: fills the cache to measure the heap it holds (no concurrency; CI runs it without -race)")
	}
	for _, size := range []int{300, 20 << 10, 700 << 10} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			n := min(5000, (32<<20)/size)
			c := newCache[*rep](1 << 40)
			before := heapAlloc()
			for i := 0; i < n; i++ {
				var b bytes.Buffer // grows by doubling: spare capacity as in export.Write
				for b.Len() < size {
					fmt.Fprintf(&b, `{"node":%d,"weight":%d},`, i, b.Len())
				}
				r := newRep(b.Bytes(), "application/json; charset=utf-8", "")
				if i%4 == 0 {
					r.gzipped()
				}
				key := fmt.Sprintf("/api/v1/subgraph?seeds=%d&hops=2&max_nodes=200|json|v%d", i, 7)
				c.put(key, 7, r, r.size())
			}
			heap := float64(heapAlloc() - before)
			_, used := c.len()
			ratio := heap / float64(used)
			t.Logf("%d entries of %d bytes: heap grew %.1f MiB, the cache accounts %.1f MiB (heap/account %.3f)", n, size, heap/(1<<20), float64(used)/(1<<20), ratio)
			if ratio > 1.05 || ratio < 1/1.15 {
				t.Errorf("heap/account = %.3f, want within [0.87, 1.05]", ratio)
			}
			runtime.KeepAlive(c)
		})
	}
}

// TestMemoryBound: the caches' bytes plus a fifth, twice the rest of the
// live heap, and the headroom. For 100 MiB live of which 64 MiB cached:
// 64 + 12.8 + 2·36 + 32 = 180.8 MiB.
func TestMemoryBound(t *testing.T) {
	if got, want := memoryBound(100<<20, 64<<20), int64(64<<20+(64<<20)/5+72<<20+32<<20); got != want {
		t.Errorf("memoryBound(100 MiB, 64 MiB) = %d, want %d", got, want)
	}
	// Held bytes above the live heap (an account ahead of a collection) leave no negative rest.
	if got := memoryBound(10<<20, 20<<20); got != 20<<20+4<<20+32<<20 {
		t.Errorf("memoryBound(10 MiB, 20 MiB) = %d", got)
	}
}

// TestBoundMemory: while it runs the soft memory limit is finite and
// follows memoryBound and the proportional trigger is off (GOGC unset);
// when its context ends the previous limit and GOGC are back.
func TestBoundMemory(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set: BoundMemory leaves the operator's limit alone")
	}
	s := newDemoServer(t, Config{})
	prev := debug.SetMemoryLimit(-1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.BoundMemory(ctx, time.Millisecond); close(done) }()
	var limit int64
	for i := 0; i < 500; i++ {
		if limit = debug.SetMemoryLimit(-1); limit != prev {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if limit == prev || limit < memoryHeadroom || limit > 1<<40 {
		t.Errorf("limit while bounding: %d (previous %d)", limit, prev)
	}
	gogc := os.Getenv("GOGC") == ""
	if pct := debug.SetGCPercent(-1); gogc && pct != -1 {
		t.Errorf("GOGC while bounding: %d, want off (-1)", pct)
	} else {
		debug.SetGCPercent(pct)
	}
	cancel()
	<-done
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("limit after: %d, want the previous %d", got, prev)
	}
	if pct := debug.SetGCPercent(-1); pct == -1 {
		t.Errorf("GOGC after: off, want the previous")
	} else {
		debug.SetGCPercent(pct)
	}
}
