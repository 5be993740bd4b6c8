package api

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the flusher goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBuffer: lines wait for a flush (the interval is an hour here, so
// only Close or 64 KiB flush), 64 KiB waiting flushes at once, and Close
// writes the rest in order.
func TestLogBuffer(t *testing.T) {
	var out lockedBuffer
	b := NewLogBuffer(&out, time.Hour)
	b.Write([]byte("one\n"))
	b.Write([]byte("two\n"))
	if got := out.String(); got != "" {
		t.Fatalf("written before a flush: %q", got)
	}
	big := strings.Repeat("x", 64<<10) + "\n"
	b.Write([]byte(big))
	if got := out.String(); got != "one\ntwo\n"+big {
		t.Fatalf("after 64 KiB: %d bytes written, want %d", len(got), len("one\ntwo\n"+big))
	}
	b.Write([]byte("three\n"))
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasSuffix(got, big+"three\n") {
		t.Errorf("after Close: ends %q, want the big line then three", got[len(got)-10:])
	}
}
