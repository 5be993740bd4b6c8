package ingest

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/domainscope/domainscope/graphmodel"
)

// controlRune returns the byte offset and the rune of the first control
// character (Unicode class Cc: U+0000–U+001F and U+007F–U+009F, which
// includes tab and line breaks) in s; -1 when there is none. Names (of
// industries, groups, regions, classifications, layers, periods) and codes
// may hold none: they end up in tables, diagrams and file names.
func controlRune(s string) (int, rune) {
	for i, r := range s {
		if unicode.IsControl(r) {
			return i, r
		}
	}
	return -1, 0
}

// controlDesc describes the control character r at byte offset i.
func controlDesc(i int, r rune) string {
	return fmt.Sprintf("U+%04X at byte %d", r, i+1)
}

// checkName refuses a name or code read from a file that holds a control
// character; what says what it is ("an industry name").
func checkName(file string, line int, col, what, value string) error {
	i, r := controlRune(value)
	if i < 0 {
		return nil
	}
	return invalid(&ParseError{File: file, Line: line, Column: col, Expected: what + " without control characters",
		Got: quoteValue(value) + " (" + controlDesc(i, r) + ")"})
}

// checkOptionNames refuses names given as options (classification, layer,
// period) that hold a control character. Its arguments are pairs of option
// field (as graphmodel.Error.Field) and value.
func checkOptionNames(pairs ...string) error {
	for k := 0; k+1 < len(pairs); k += 2 {
		if i, r := controlRune(pairs[k+1]); i >= 0 {
			return optionError(pairs[k], pairs[k+1], "a name without control characters, found "+controlDesc(i, r))
		}
	}
	return nil
}

// checkLayerNames refuses a layer name, period or classification with a
// control character.
func checkLayerNames(ly graphmodel.Layer) error {
	return checkOptionNames("layer", ly.Name, "period", ly.Period, "classification", ly.Classification)
}

// SplitList splits a comma-separated list of option values ("a, b,c"),
// trimming spaces around each; a blank string gives nil. The CLI's list
// flags and the upload form's list fields both use it.
func SplitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
