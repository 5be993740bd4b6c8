package graphmodel

import (
	"math"
	"strconv"
)

// FormatCount writes a count rounded to a whole number (halves away from
// zero) with commas between thousands: 2835000 → "2,835,000", -1234.5 →
// "-1,235". NaN and ±Inf are written as "NaN", "+Inf", "-Inf". Messages,
// reports and diagram labels all word counts with it.
func FormatCount(x float64) string {
	s := strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	b := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		b = append(b, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
