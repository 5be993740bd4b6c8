// Command domainscope-graphviz is domainscope's diagram worker: the
// process that owns Graphviz (go-graphviz, package viz/gvworker). domainscope
// starts it on the first SVG or PNG render, with DOMAINSCOPE_VIZ_WORKER=1
// and its requests on file descriptors 3 and 4; install it next to
// domainscope (or on PATH, or name it in DOMAINSCOPE_GRAPHVIZ). Started by
// hand it prints a usage line and exits with status 2.
package main

import (
	"fmt"
	"io"
	"os"

	// Its init serves as the worker when DOMAINSCOPE_VIZ_WORKER=1 and exits.
	_ "github.com/domainscope/domainscope/viz/gvworker"
)

func main() {
	os.Exit(usage(os.Stderr))
}

// usage says what this program is; it runs only when the program was not started as the worker.
func usage(w io.Writer) int {
	fmt.Fprintln(w, "domainscope-graphviz is domainscope's diagram worker (Graphviz for SVG and PNG): domainscope starts it; install it next to domainscope or set DOMAINSCOPE_GRAPHVIZ to its path")
	return 2
}
