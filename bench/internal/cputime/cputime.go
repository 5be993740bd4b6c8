// Package cputime reads the CPU time of the running process, for the bench
// programs that report it beside wall time on a shared machine.
package cputime

import (
	"syscall"
	"time"
)

// Seconds returns the process's user + system CPU time so far, over all
// threads (getrusage RUSAGE_SELF), or 0 when it cannot be read.
func Seconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
