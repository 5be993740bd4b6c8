package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// Bridges writes the ranked bridging sectors of res, two lines each: the
// scores, then its own domain and the other domains it links to.
func Bridges(w io.Writer, res *analysis.BridgesResult) error {
	p := &printer{w: w}
	p.printf("Bridging sectors on %s (score = mean percentile of betweenness, participation and 1 − constraint)\n\n", layersAbove(res.Provenance))
	for i, s := range res.Sectors {
		articulation := ""
		if s.Articulation {
			articulation = ", articulation point"
		}
		p.printf("%2d. %s %s — score %.2f, %s, betweenness %s, participation %.2f, constraint %.2f%s\n",
			i+1, s.Code, Shorten(s.Name, 55), s.Score, s.Role, Float(s.Betweenness), s.Participation, s.Constraint, articulation)
		p.printf("    in #%d %s; links to %s\n", s.Community, Shorten(res.DomainLabels[int(s.Community)], 50), connects(s, res, true))
	}
	return p.err
}

// BridgesBrief writes the bridging sectors of res one line each: score,
// role and the domains it links to.
func BridgesBrief(w io.Writer, res *analysis.BridgesResult) error {
	p := &printer{w: w}
	for i, s := range res.Sectors {
		p.printf("%2d. %s %s — score %.2f, %s; links to %s\n", i+1, s.Code, Shorten(s.Name, 50), s.Score, s.Role, connects(s, res, true))
	}
	return p.err
}

// BridgesRows is one row per bridging sector, in rank order.
func BridgesRows(res *analysis.BridgesResult) Table {
	t := Table{Header: []string{"rank", "code", "name", "score", "betweenness", "participation", "constraint", "role", "domain", "connects"}}
	for i, s := range res.Sectors {
		t.Add(fmt.Sprint(i+1), s.Code, s.Name, fmt.Sprintf("%.4f", s.Score), Float(s.Betweenness),
			fmt.Sprintf("%.4f", s.Participation), fmt.Sprintf("%.4f", s.Constraint), s.Role, fmt.Sprint(s.Community), connects(s, res, false))
	}
	return t
}

// connects describes the other domains a sector links to (at most three),
// with the share of its strength that goes there and, in long form, the
// domain's label and the sector's strongest link into it.
func connects(s analysis.RankedBridge, res *analysis.BridgesResult, long bool) string {
	var parts []string
	for _, c := range s.Connects {
		if c.Own {
			continue
		}
		part := fmt.Sprintf("#%d (%.0f%%)", c.Community, 100*c.Share)
		if long {
			part = fmt.Sprintf("#%d %s (%.0f%%", c.Community, Shorten(res.DomainLabels[int(c.Community)], 30), 100*c.Share)
			if len(c.Links) > 0 {
				part += fmt.Sprintf(", via %s %s", c.Links[0].Code, Shorten(c.Links[0].Name, 30))
			}
			part += ")"
		}
		parts = append(parts, part)
		if len(parts) == 3 {
			break
		}
	}
	if len(parts) == 0 {
		return "no other domain"
	}
	return strings.Join(parts, "; ")
}
