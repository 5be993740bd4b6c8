package graphmodel

// Helpers for error messages that every store words the same way.

import (
	"fmt"
	"strings"
)

// maxNamed is how many offending codes QuoteCodes lists.
const maxNamed = 5

// QuoteCodes quotes the first maxNamed codes and says how many more there are.
func QuoteCodes(codes []string) string {
	var b strings.Builder
	for i, c := range codes {
		if i == maxNamed {
			fmt.Fprintf(&b, " and %d more", len(codes)-maxNamed)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", c)
	}
	return b.String()
}

// Plural returns "1 thing" or "n things".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ListOrNone joins names with commas, or says "none".
func ListOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
