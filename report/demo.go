package report

import (
	"io"

	"github.com/domainscope/domainscope/analysis"
)

// Demo writes the demo store's overview: candidate domains (4 domains, 8
// members each), the bridging sectors, the region, the neighbours of food
// manufacturing and of software, and the commands to explore further, each
// starting with prog (how the user runs domainscope).
func Demo(w io.Writer, ov *analysis.DemoOverview, prog string) error {
	if err := Domains(w, ov.Domains, DomainsOptions{Candidates: true, Domains: 4, Members: 8}); err != nil {
		return err
	}
	p := &printer{w: w}
	p.printf("\nBridging sectors between these domains:\n")
	if p.err != nil {
		return p.err
	}
	if err := BridgesBrief(w, ov.Bridges); err != nil {
		return err
	}
	p.printf("\n")
	if err := Region(w, ov.Region, 5); err != nil {
		return err
	}
	for _, n := range ov.Neighbours {
		p.printf("\nThe industries most related to %s:\n", n.Industry.Name)
		if err := Neighbours(w, n); err != nil {
			return err
		}
	}
	p.printf("\nNext, on the demo store (add --demo to any command):\n")
	for _, c := range []string{
		"--demo domains --layers " + analysis.DemoLayer + " --candidates",
		"--demo bridges --layers labour,copatent",
		`--demo region "Brightwater Coast"`,
		"--demo neighbours 21 --layer copatent",
		"--demo region bases Quenby",
	} {
		p.printf("  %s %s\n", prog, c)
	}
	return p.err
}
