package api

import (
	"container/list"
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/domainscope/domainscope/graphmodel"
)

// entryOverhead is what an entry costs besides its value and key: the list
// element, the entry and the map slot (TestCacheAccountsHeldBytes checks
// the whole account against the heap).
const entryOverhead = 200

// cache is a least-recently-used cache of computed values with a cost
// budget in bytes, keyed by strings that include the store version. Concurrent
// misses of one key share one computation. Entries of store versions older
// than the newest one seen are dropped (a new load invalidates them).
type cache[V any] struct {
	mu      sync.Mutex
	budget  int64 // total cost allowed; <= 0 stores nothing
	used    int64
	ll      *list.List // front: most recently used
	entries map[string]*list.Element
	flights map[string]*flight[V]
	newest  int64
}

type cacheEntry[V any] struct {
	key     string
	version int64
	cost    int64
	value   V
}

type flight[V any] struct {
	done  chan struct{}
	value V
	err   error
}

func newCache[V any](budget int64) *cache[V] {
	return &cache[V]{budget: budget, ll: list.New(), entries: map[string]*list.Element{}, flights: map[string]*flight[V]{}}
}

// get returns the value cached under key.
func (c *cache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*cacheEntry[V]).value, true
	}
	var zero V
	return zero, false
}

// lookup is get with the key as bytes (the map look-up does not copy them).
func (c *cache[V]) lookup(key []byte) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[string(key)]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*cacheEntry[V]).value, true
	}
	var zero V
	return zero, false
}

// seen records a store version; entries of older versions are dropped.
func (c *cache[V]) seen(version int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version <= c.newest {
		return
	}
	c.newest = version
	for el := c.ll.Back(); el != nil; {
		prev := el.Prev()
		if e := el.Value.(*cacheEntry[V]); e.version < version {
			c.remove(el)
		}
		el = prev
	}
}

func (c *cache[V]) remove(el *list.Element) {
	e := el.Value.(*cacheEntry[V])
	c.ll.Remove(el)
	delete(c.entries, e.key)
	c.used -= e.cost
}

// put keeps v under key; cost is the bytes v holds (the key and the
// entry's own overhead are added here).
func (c *cache[V]) put(key string, version int64, v V, cost int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cost += int64(len(key)) + entryOverhead
	if c.budget <= 0 || cost > c.budget || version < c.newest {
		return
	}
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.ll.PushFront(&cacheEntry[V]{key: key, version: version, cost: cost, value: v})
	c.used += cost
	c.evict()
}

// grow adds delta bytes to the cost of the entry under key, when it is
// still cached (a response's gzip encoding, made on first demand).
func (c *cache[V]) grow(key string, delta int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		el.Value.(*cacheEntry[V]).cost += delta
		c.used += delta
		c.evict()
	}
}

// evict drops the least recently used entries until the budget holds.
func (c *cache[V]) evict() {
	for c.used > c.budget && c.ll.Len() > 0 {
		c.remove(c.ll.Back())
	}
}

// do returns the cached value of key, or computes it once for all
// concurrent callers. compute runs in its own goroutine with a context that
// is not cancelled when the first caller goes away (it must bound itself);
// each caller waits until the value is ready or its own ctx is done. Errors
// (a panic becomes EINTERNAL) are returned to the waiting callers and not cached. hit reports whether
// the value came from the cache.
func (c *cache[V]) do(ctx context.Context, key string, version int64, compute func() (V, int64, error)) (v V, hit bool, err error) {
	if v, ok := c.get(key); ok {
		return v, true, nil
	}
	c.mu.Lock()
	f, ok := c.flights[key]
	if !ok {
		f = &flight[V]{done: make(chan struct{})}
		c.flights[key] = f
		go func() {
			var cost int64
			func() {
				defer func() {
					if r := recover(); r != nil {
						f.err = graphmodel.WrapError(graphmodel.EINTERNAL, fmt.Errorf("panic: %v\n%s", r, debug.Stack()), "internal error")
					}
				}()
				f.value, cost, f.err = compute()
			}()
			if f.err == nil {
				c.put(key, version, f.value, cost)
			}
			c.mu.Lock()
			delete(c.flights, key)
			c.mu.Unlock()
			close(f.done)
		}()
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.value, false, f.err
	case <-ctx.Done():
		var zero V
		return zero, false, ctx.Err()
	}
}

// len returns the number of entries and their total cost.
func (c *cache[V]) len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len(), c.used
}
