// Package protocol is what viz.Renderer and the diagram worker
// (package gvworker) exchange. It imports nothing of Graphviz, so that
// programs that only start the worker do not link go-graphviz.
//
// The worker is started with Env=1 and two extra file descriptors:
// RequestFD, on which it reads gob-encoded Requests, and ResponseFD, on
// which it writes one gob-encoded Response per Request, in order. It exits
// with status 0 when the request stream ends.
package protocol

import "time"

// Env is the environment variable that makes a program linking gvworker
// serve as the diagram worker; its value must be "1".
const Env = "DOMAINSCOPE_VIZ_WORKER"

// File descriptors of the worker's request and response streams.
const (
	RequestFD  = 3
	ResponseFD = 4
)

// Request asks the worker to lay out and draw one DOT graph as SVG.
type Request struct {
	ID     uint64
	Layout string // Graphviz engine, e.g. sfdp
	DOT    []byte
}

// Response answers the Request with the same ID.
type Response struct {
	ID  uint64
	SVG []byte
	Err string
	// Dead is set when Graphviz's module died; the worker exits after sending it.
	Dead    bool
	Elapsed time.Duration
}
