package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// ParseError is a problem with one place of an input file. Its text names the
// file, the line, the column, what was expected and what was found, e.g.
//
//	flows.csv:9000: column "Counts": expected a non-negative number, got "-3"
//
// Readers return it wrapped in a *graphmodel.Error with code EINVALID.
type ParseError struct {
	File     string // the path as given (or the name given to a reader)
	Line     int    // 1-based physical line where the record starts; 0 when not about a line
	Column   string // column name from the header; "" when not about one column
	Value    string // the offending value as found
	Expected string // what was expected there
	// Got, when set, replaces the quoted Value after "got" (e.g. "2" fields, or a header listing).
	Got string
	// Hint, when set, says how to fix it and is appended after "; ".
	Hint string
}

// Error formats the problem as "file:line: column "C": expected E, got "V"; hint".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString("expected ")
	b.WriteString(e.Expected)
	b.WriteString(", got ")
	if e.Got != "" {
		b.WriteString(e.Got)
	} else {
		b.WriteString(quoteValue(e.Value))
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// quoteValue quotes a found value for a message, shortening very long ones.
func quoteValue(v string) string {
	const max = 80
	if len(v) > max {
		cut := max
		for cut > 0 && v[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return strconv.Quote(v[:cut]) + "..."
	}
	return strconv.Quote(v)
}

// invalid wraps a ParseError as the application error the readers return.
func invalid(perr *ParseError) error {
	return &graphmodel.Error{Code: graphmodel.EINVALID, Message: perr.Error(), Err: perr}
}

// AsParseError returns the ParseError in err's chain, if any.
func AsParseError(err error) (*ParseError, bool) {
	var perr *ParseError
	ok := errors.As(err, &perr)
	return perr, ok
}

// optionError reports a bad option value (not a problem of the file).
func optionError(name, value, expected string) error {
	return graphmodel.Errorf(graphmodel.EINVALID, "option %s %q: expected %s", name, value, expected)
}
