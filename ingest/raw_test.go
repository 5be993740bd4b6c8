package ingest

import (
	"strconv"
	"testing"
)

// TestKeyTable checks that keys get dense ids in first-seen order, that a
// repeated key gets its id back across table growth, and that keys equal in
// their packed bytes but of different lengths (8-byte packing pads with
// zeros) or longer than 8 bytes stay distinct.
func TestKeyTable(t *testing.T) {
	tb := newKeyTable()
	keys := []string{"a", "a\x00", "", "10007919", "100079190", "worker-with-a-long-id", "b"}
	for i, k := range keys {
		if got := tb.intern([]byte(k)); got != uint32(i) {
			t.Fatalf("intern(%q) = %d, want %d (first-seen order)", k, got, i)
		}
	}
	// 20000 more keys force several doublings of the 4096 slots.
	for i := 0; i < 20000; i++ {
		k := strconv.Itoa(i * 7919)
		if i%3 == 0 {
			k = "long-prefix-" + k
		}
		if got := tb.intern([]byte(k)); got != uint32(len(keys)+i) {
			t.Fatalf("intern(%q) = %d, want %d", k, got, len(keys)+i)
		}
	}
	for i, k := range keys {
		if got := tb.intern([]byte(k)); got != uint32(i) {
			t.Fatalf("after growth intern(%q) = %d, want %d", k, got, i)
		}
	}
	if tb.len() != len(keys)+20000 {
		t.Fatalf("len = %d, want %d", tb.len(), len(keys)+20000)
	}
}
