package viz

import (
	"container/list"
	"math"
	"regexp"
	"strconv"
	"sync"
)

// imageCache is a least-recently-used cache of rendered images, bounded by
// entries and bytes. A nil *imageCache caches nothing.
type imageCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64
	order    *list.List // front: most recently used
	at       map[[32]byte]*list.Element
}

type cacheEntry struct {
	key [32]byte
	img []byte
}

func newImageCache(entries int, maxBytes int64) *imageCache {
	if entries < 0 || maxBytes < 0 {
		return nil
	}
	return &imageCache{max: entries, maxBytes: maxBytes, order: list.New(), at: map[[32]byte]*list.Element{}}
}

func (c *imageCache) get(k [32]byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.at[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).img, true
}

func (c *imageCache) put(k [32]byte, img []byte) {
	if c == nil || int64(len(img)) > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.at[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.at[k] = c.order.PushFront(&cacheEntry{k, img})
	c.bytes += int64(len(img))
	for c.order.Len() > c.max || c.bytes > c.maxBytes {
		e := c.order.Back()
		ce := e.Value.(*cacheEntry)
		c.order.Remove(e)
		delete(c.at, ce.key)
		c.bytes -= int64(len(ce.img))
	}
}

var svgSizeRE = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// svgSize reads the width and height in points that Graphviz writes on its <svg> element.
func svgSize(svg []byte) (w, h float64, ok bool) {
	m := svgSizeRE.FindSubmatch(svg[:min(len(svg), 2048)])
	if m == nil {
		return 0, 0, false
	}
	w, err1 := strconv.ParseFloat(string(m[1]), 64)
	h, err2 := strconv.ParseFloat(string(m[2]), 64)
	return w, h, err1 == nil && err2 == nil
}

// sqrtRatio returns √(a/b).
func sqrtRatio(a, b float64) float64 { return math.Sqrt(a / b) }
