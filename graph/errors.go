package graph

import "fmt"

// ArgumentError reports an argument an algorithm cannot work with: a nil
// graph, mismatched lengths, a weight or parameter out of range. It marks
// the caller's input as wrong, not the algorithm: graphmodel.ErrorCode maps
// any error with an InvalidArgument method to EINVALID.
type ArgumentError struct {
	Msg string
}

func (e *ArgumentError) Error() string { return e.Msg }

// InvalidArgument reports true: the error is the caller's input.
func (e *ArgumentError) InvalidArgument() bool { return true }

// Errorf returns an *ArgumentError with a formatted message.
func Errorf(format string, args ...any) error {
	return &ArgumentError{Msg: fmt.Sprintf(format, args...)}
}
