package graphmodel

import (
	"math"
	"testing"
)

func TestFormatCount(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1,000"},
		{12345, "12,345"},
		{2835000, "2,835,000"},
		{1565214, "1,565,214"},
		{-1234.5, "-1,235"}, // halves round away from zero
		{2.5, "3"},
		{999.6, "1,000"},
		{-999, "-999"},
		{math.Inf(1), "+Inf"},
		{math.NaN(), "NaN"},
	} {
		if got := FormatCount(c.x); got != c.want {
			t.Errorf("FormatCount(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
