package main

import (
	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
)

func (a *app) serveCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "serve",
		Short:  "Serve the HTTP API and the web page",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return graphmodel.Errorf(graphmodel.EINTERNAL, "serve is not built yet")
		},
	}
}
