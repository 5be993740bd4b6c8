package api

import (
	"io"
	"sync"
	"time"
)

// LogBuffer collects log lines and writes them in batches: when 64 KiB are
// waiting, every flush interval, and on Close.
type LogBuffer struct {
	mu      sync.Mutex // guards buf
	writeMu sync.Mutex // keeps batches in order
	w       io.Writer
	buf     []byte
	spare   []byte // the last batch's buffer, reused (guarded by writeMu)
	stop    chan struct{}
	done    chan struct{}
}

// NewLogBuffer returns a LogBuffer writing to w every interval.
func NewLogBuffer(w io.Writer, every time.Duration) *LogBuffer {
	b := &LogBuffer{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.flush()
			case <-b.stop:
				b.flush()
				return
			}
		}
	}()
	return b
}

// Write keeps p (one log line from slog) for the next flush.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf = append(b.buf, p...)
	full := len(b.buf) >= 64<<10
	b.mu.Unlock()
	if full {
		b.flush()
	}
	return len(p), nil
}

// flush writes the waiting lines; writers keep appending meanwhile, to the
// buffer of the batch before (two buffers take turns, so that batches do
// not grow a new one from nothing).
func (b *LogBuffer) flush() {
	b.writeMu.Lock()
	defer b.writeMu.Unlock()
	b.mu.Lock()
	out := b.buf
	b.buf, b.spare = b.spare[:0], nil
	b.mu.Unlock()
	if len(out) > 0 {
		_, _ = b.w.Write(out)
	}
	if cap(out) <= maxSpare {
		b.spare = out[:0]
	}
}

// maxSpare is the largest batch buffer kept for reuse (one batch is about
// 64 KiB; a longer one, grown by a very long line, is dropped).
const maxSpare = 256 << 10

// Close writes what is left and stops the flusher.
func (b *LogBuffer) Close() error {
	close(b.stop)
	<-b.done
	return nil
}
