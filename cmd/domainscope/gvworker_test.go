package main

import (
	"os"

	"github.com/domainscope/domainscope/viz"
	// This test binary is the diagram worker of the render tests: started
	// with DOMAINSCOPE_VIZ_WORKER=1, gvworker's init serves renders and exits.
	_ "github.com/domainscope/domainscope/viz/gvworker"
)

// init points the renderer at this test binary (the domainscope binary itself does not link Graphviz).
func init() {
	if exe, err := os.Executable(); err == nil {
		os.Setenv(viz.WorkerPathEnv, exe)
	}
}
