package api

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// request is what the middleware keeps of one request, in one allocation:
// its ID, what the access log reports (cache hit or miss, error code), its
// query parsed once, and its deadline. It is the request's context
// (c.Request.Context()), so the store and the algorithms see the deadline.
type request struct {
	deadlineCtx
	id      string
	idValue [1]string // the X-Request-ID header's value: id
	cache   string    // "hit", "miss" or ""
	errCode string    // the error code of a failed request
	query   url.Values
	parsed  bool // query holds the parsed query
}

type requestKey struct{}

// requestOf returns the request state of c, attaching it to the request's
// context on first use.
func requestOf(c *gin.Context) *request {
	if r, ok := c.Request.Context().(*request); ok {
		return r
	}
	if r, ok := c.Request.Context().Value(requestKey{}).(*request); ok {
		return r
	}
	r := &request{deadlineCtx: deadlineCtx{parent: c.Request.Context()}}
	c.Request = c.Request.WithContext(r)
	return r
}

// Value answers the request's own key with the request, other keys as the
// parent does.
func (r *request) Value(key any) any {
	if key == (requestKey{}) {
		return r
	}
	return r.deadlineCtx.Value(key)
}

// requestID is the ID of the request c ("" before observe gave it one).
func requestID(c *gin.Context) string { return requestOf(c).id }

// query returns the query parameters of c, parsed on first use. The
// values are shared by the request's handlers: read them, never change them.
func query(c *gin.Context) url.Values {
	r := requestOf(c)
	if !r.parsed {
		r.parsed = true
		if c.Request.URL.RawQuery != "" {
			r.query = c.Request.URL.Query()
		}
	}
	return r.query
}

// deadlineCtx is a context ending at a deadline, like context.WithDeadline,
// whose timer starts only when something waits for it (Done) or finds it
// passed (Err): a request answered from the response cache never waits, and
// context.WithTimeout's timer and its registration with the connection's
// context cost about a tenth of such a request. With a zero deadline it
// ends only with its parent or cancel.
type deadlineCtx struct {
	parent   context.Context
	deadline time.Time

	mu       sync.Mutex
	inner    context.Context // made on demand: context.WithDeadline(parent, deadline)
	stop     context.CancelFunc
	canceled bool
}

// setDeadline gives d a deadline; call it before any other goroutine sees d.
func (d *deadlineCtx) setDeadline(t time.Time) { d.deadline = t }

// started returns the context behind d, making it when it is not made yet.
// The caller holds d.mu.
func (d *deadlineCtx) started() context.Context {
	if d.inner == nil {
		if d.deadline.IsZero() {
			d.inner, d.stop = context.WithCancel(d.parent)
		} else {
			d.inner, d.stop = context.WithDeadline(d.parent, d.deadline)
		}
		if d.canceled {
			d.stop()
		}
	}
	return d.inner
}

// Deadline is the earlier of d's deadline and its parent's.
func (d *deadlineCtx) Deadline() (time.Time, bool) {
	pd, ok := d.parent.Deadline()
	if d.deadline.IsZero() || ok && pd.Before(d.deadline) {
		return pd, ok
	}
	return d.deadline, true
}

func (d *deadlineCtx) Done() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.started().Done()
}

// Err is context.Canceled after cancel or the parent's end, and
// context.DeadlineExceeded from the deadline on.
func (d *deadlineCtx) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.inner == nil && !d.canceled && d.parent.Err() == nil && (d.deadline.IsZero() || time.Now().Before(d.deadline)) {
		return nil
	}
	return d.started().Err()
}

// Value is the parent's value of key (through the context made on demand
// once there is one, so that context.Cause and derived contexts find it).
func (d *deadlineCtx) Value(key any) any {
	d.mu.Lock()
	inner := d.inner
	d.mu.Unlock()
	if inner != nil {
		return inner.Value(key)
	}
	return d.parent.Value(key)
}

// cancel ends d (context.Canceled) and releases its timer, if it has one.
func (d *deadlineCtx) cancel() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.canceled = true
	if d.stop != nil {
		d.stop()
	}
}
