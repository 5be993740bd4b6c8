package graphmodel

import (
	"errors"
	"fmt"
)

// Error codes of the application error. The API maps each to one HTTP status
// in a single place; nothing else inspects driver or parser errors.
const (
	EINVALID     = "invalid"     // bad input: 400
	ENOTFOUND    = "not_found"   // unknown industry, layer, region: 404
	ECONFLICT    = "conflict"    // state does not allow the operation: 409
	ETOOLARGE    = "too_large"   // over a documented limit: 413
	EUNAVAILABLE = "unavailable" // store cannot be reached: 503
	EINTERNAL    = "internal"    // a bug or an unexpected failure: 500
)

// Error is the application error: a code from the list above and a message
// meant for the user. Err, if set, is the underlying cause; it is logged, never
// shown to API clients.
//
// Field, if set, names the input that is wrong as the domain types name it
// (e.g. "max_nodes", "unknown", "resolution"), so that inner packages never
// word a CLI flag or an HTTP parameter: cmd and api turn Field into their
// own hint ("--max-nodes", "query parameter max_nodes").
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error
}

// Error returns the message, or the cause's text when there is no message.
// The cause is not repeated: messages are written to stand alone.
func (e *Error) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about the input named field (see Error.Field).
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorField returns the Field of the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// WrapError returns an *Error with the given code and message that keeps err as its cause.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINVALID for
// an error that reports InvalidArgument (the pure algorithm packages'
// graph.ArgumentError), EINTERNAL for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var arg interface{ InvalidArgument() bool }
	if errors.As(err, &arg) && arg.InvalidArgument() {
		return EINVALID
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of its
// *Error, or a generic text for other errors so that driver details never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var arg interface{ InvalidArgument() bool }
	if errors.As(err, &arg) && arg.InvalidArgument() && !errors.As(err, new(*Error)) {
		return err.Error()
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Message != "" {
			return e.Message
		}
		if e.Err != nil {
			return e.Err.Error()
		}
	}
	return "internal error"
}
