package graphmodel

import (
	"testing"
	"time"
)

func TestNeighbourDirection(t *testing.T) {
	for _, c := range []struct {
		directed, out, in bool
		want              string
	}{
		{true, true, false, "out"},
		{true, false, true, "in"},
		{true, true, true, "both"},
		{false, true, false, "both"}, // undirected layers have no direction
		{false, false, true, "both"},
	} {
		if got := NeighbourDirection(c.directed, c.out, c.in); got != c.want {
			t.Errorf("NeighbourDirection(%v, %v, %v) = %q, want %q", c.directed, c.out, c.in, got, c.want)
		}
	}
}

func TestProvenanceAsStored(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	got := Provenance{Source: "f.csv", Options: map[string]string{}}.AsStored(now)
	if !got.LoadedAt.Equal(now) || got.Options != nil || got.Source != "f.csv" {
		t.Errorf("zero time, empty options: %+v, want LoadedAt %v and nil Options", got, now)
	}
	cet := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	got = Provenance{LoadedAt: cet, Options: map[string]string{"a": "1"}}.AsStored(now)
	if !got.LoadedAt.Equal(cet) || got.LoadedAt.Location() != time.UTC || got.Options["a"] != "1" {
		t.Errorf("given time and options: %+v, want %v in UTC and the options kept", got, cet)
	}
}
