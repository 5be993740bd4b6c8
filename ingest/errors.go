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
	// Fix, when its Field is set, names the option that would accept the
	// file; it is worded after Hint (", or use option duplicates first or
	// join"), by the caller's Wording in Reword.
	Fix Fix
}

// Fix is a way out of an error through an option.
type Fix struct {
	// Field names the option as graphmodel.Error.Field does, e.g.
	// "duplicates", "self_loops", "unknown".
	Field string
	// Values are the values that would accept the input, with what they do:
	// "first or join".
	Values string
}

// Error formats the problem as "file:line: column "C": expected E, got "V"; hint",
// the option of Fix worded as "option NAME".
func (e *ParseError) Error() string { return e.text(optionWording{}) }

func (e *ParseError) text(w Wording) string {
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
	if h := hint(e.Hint, e.Fix, w); h != "" {
		b.WriteString("; ")
		b.WriteString(h)
	}
	return b.String()
}

// hint joins a free hint and a fix: "load it first, or use --unknown create".
func hint(free string, fix Fix, w Wording) string {
	if fix.Field == "" {
		return free
	}
	if free == "" {
		return w.Fix(fix.Field, fix.Values)
	}
	return free + ", or " + w.Fix(fix.Field, fix.Values)
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
	return &graphmodel.Error{Code: graphmodel.EINVALID, Message: perr.Error(), Field: perr.Fix.Field, Err: perr}
}

// AsParseError returns the ParseError in err's chain, if any.
func AsParseError(err error) (*ParseError, bool) {
	var perr *ParseError
	ok := errors.As(err, &perr)
	return perr, ok
}

// OptionError is a bad option value (not a problem of the file). Readers
// return it wrapped in a *graphmodel.Error with code EINVALID and its Field.
type OptionError struct {
	Field    string // as graphmodel.Error.Field: "duplicates", "unknown", "layer"
	Value    string // the value given
	Expected string // what was expected
}

// Error formats it as `option NAME "VALUE": expected E` (or `option NAME:
// expected E, got none` for an empty value).
func (e *OptionError) Error() string { return e.text(optionWording{}) }

func (e *OptionError) text(w Wording) string {
	if e.Value == "" {
		return w.Name(e.Field) + ": expected " + e.Expected + ", got none"
	}
	return w.Name(e.Field) + " " + quoteValue(e.Value) + ": expected " + e.Expected
}

// optionError reports a bad option value as the application error.
func optionError(field, value, expected string) error {
	oe := &OptionError{Field: field, Value: value, Expected: expected}
	return &graphmodel.Error{Code: graphmodel.EINVALID, Message: oe.Error(), Field: field, Err: oe}
}

// fixError is an error about the input as a whole (not one place of a file)
// that an option can fix: its text is Message, then "; " and the hint.
type fixError struct {
	Message, Hint string
	Fix           Fix
}

func (e *fixError) Error() string { return e.text(optionWording{}) }

func (e *fixError) text(w Wording) string {
	return e.Message + "; " + hint(e.Hint, e.Fix, w)
}

// fixable returns a fixError as the application error (EINVALID, Field set).
func fixable(message, free string, fix Fix) error {
	fe := &fixError{Message: message, Hint: free, Fix: fix}
	return &graphmodel.Error{Code: graphmodel.EINVALID, Message: fe.Error(), Field: fix.Field, Err: fe}
}

// Wording names options the way a caller's user knows them: the CLI as
// flags ("--self-loops"), the API as form fields ("field self-loops").
type Wording interface {
	// Name names an option in a message, e.g. "--duplicates".
	Name(field string) string
	// Fix says how to choose values of an option, e.g. "use --duplicates
	// first or join".
	Fix(field, values string) string
}

// optionWording is the package's own: options by their field name.
type optionWording struct{}

func (optionWording) Name(field string) string { return "option " + field }
func (optionWording) Fix(field, values string) string {
	return "use option " + field + " " + values
}

// worded is an error of this package whose text names options.
type worded interface {
	error
	text(Wording) string
}

// Reword returns the user-facing message of err (graphmodel.ErrorMessage)
// with the options that this package's errors in err's chain name worded
// by w, so that the CLI can say "--duplicates" and the API "field
// duplicates" where the package says "option duplicates".
func Reword(err error, w Wording) string {
	msg := graphmodel.ErrorMessage(err)
	var we worded
	if errors.As(err, &we) {
		msg = strings.Replace(msg, we.Error(), we.text(w), 1)
	}
	return msg
}
