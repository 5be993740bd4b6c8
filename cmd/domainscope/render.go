package main

import (
	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
)

func (a *app) renderCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "render",
		Short:  "Draw a subgraph, domain or regional view as a Graphviz diagram",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return graphmodel.Errorf(graphmodel.EINTERNAL, "render is not built yet")
		},
	}
}
