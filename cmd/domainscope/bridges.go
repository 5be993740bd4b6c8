package main

import (
	"fmt"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/spf13/cobra"
)

func (a *app) bridgesCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.BridgesRequest
	var format string
	cmd := &cobra.Command{
		Use:   "bridges",
		Short: "Rank bridging sectors: industries that connect knowledge domains, with what they connect",
		Long: `Rank industries as bridges between knowledge domains. The score is the mean of
three percentile ranks: weighted betweenness (distance 1/relatedness), participation
coefficient across domains, and brokerage (1 − Burt's constraint). Each industry is
explained by the domains its links go to and its strongest links into each.`,
		Example: `  domainscope bridges --layers labour --top 15
  domainscope bridges --layers labour,copatent --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			req.GraphRequest = g
			res, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).Bridges, req)
			if err != nil {
				return err
			}
			switch format {
			case "json":
				return table{value: res}.write(a.out, "json")
			case "csv":
				t := table{header: []string{"rank", "code", "name", "score", "betweenness", "participation", "constraint", "role", "domain", "connects"}}
				for i, s := range res.Sectors {
					t.rows = append(t.rows, []string{fmt.Sprint(i + 1), s.Code, s.Name, fmt.Sprintf("%.4f", s.Score), fmtFloat(s.Betweenness),
						fmt.Sprintf("%.4f", s.Participation), fmt.Sprintf("%.4f", s.Constraint), s.Role, fmt.Sprint(s.Community), connects(s, res, false)})
				}
				return t.write(a.out, "csv")
			}
			fmt.Fprintf(a.out, "Bridging sectors on %s (score = mean percentile of betweenness, participation and 1 − constraint)\n\n", provLayers(res.Provenance))
			for i, s := range res.Sectors {
				fmt.Fprintf(a.out, "%2d. %s %s — score %.2f, %s, betweenness %s, participation %.2f, constraint %.2f%s\n",
					i+1, s.Code, shorten(s.Name, 55), s.Score, s.Role, fmtFloat(s.Betweenness), s.Participation, s.Constraint, articulation(s.Articulation))
				fmt.Fprintf(a.out, "    in #%d %s; links to %s\n", s.Community, shorten(res.DomainLabels[int(s.Community)], 50), connects(s, res, true))
			}
			return nil
		},
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution γ of the knowledge domains")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the knowledge domains (and of sampled betweenness)")
	cmd.Flags().IntVar(&req.Top, "top", 15, "sectors to list (0: all)")
	cmd.Flags().StringVar(&req.Distance, "distance", "inverse", "relatedness to path length for betweenness: inverse (1/w), neglog (−log(w/2max w)) or none (hops)")
	cmd.Flags().IntVar(&req.Samples, "samples", 0, "estimate betweenness from this many random sources (0: exact)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func articulation(b bool) string {
	if b {
		return ", articulation point"
	}
	return ""
}

// connects describes the foreign domains an industry links to, with its
// share of strength and (in long form) its strongest link into each.
func connects(s analysis.RankedBridge, res *analysis.BridgesResult, long bool) string {
	var parts []string
	for _, c := range s.Connects {
		if c.Own {
			continue
		}
		p := fmt.Sprintf("#%d (%.0f%%)", c.Community, 100*c.Share)
		if long {
			p = fmt.Sprintf("#%d %s (%.0f%%", c.Community, shorten(res.DomainLabels[int(c.Community)], 30), 100*c.Share)
			if len(c.Links) > 0 {
				p += fmt.Sprintf(", via %s %s", c.Links[0].Code, shorten(c.Links[0].Name, 30))
			}
			p += ")"
		}
		parts = append(parts, p)
		if len(parts) == 3 {
			break
		}
	}
	if len(parts) == 0 {
		return "no other domain"
	}
	return strings.Join(parts, "; ")
}
