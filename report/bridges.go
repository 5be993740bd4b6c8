package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
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
		if s.Generic {
			articulation += ", generic intermediary"
		}
		p.printf("%2d. %s %s — score %.2f, %s, betweenness %s, participation %.2f, constraint %.2f%s\n",
			i+1, s.Code, Shorten(s.Name, 55), s.Score, s.Role, Float(s.Betweenness), s.Participation, s.Constraint, articulation)
		p.printf("    in #%d; links to %s\n", s.Community, connects(s, res, true))
	}
	legend(p, res)
	generic(p, res)
	return p.err
}

// legend names the domains the ranking refers to, by ID.
func legend(p *printer, res *analysis.BridgesResult) {
	used := map[int]bool{}
	for _, s := range res.Sectors {
		used[int(s.Community)] = true
		for _, c := range s.Connects {
			used[int(c.Community)] = true
		}
	}
	var ids []int
	for id := range used {
		if id > 0 {
			ids = append(ids, id)
		}
	}
	sort.Ints(ids)
	if len(ids) == 0 {
		return
	}
	p.printf("\nDomains:\n")
	for _, id := range ids {
		p.printf("   #%-3d %s\n", id, res.DomainLabels[id])
	}
}

// generic lists the generic intermediaries of a bridging ranking apart from it.
func generic(p *printer, res *analysis.BridgesResult) {
	if len(res.Generic) == 0 {
		return
	}
	p.printf("\nGeneric intermediaries, flagged apart from the bridges (%s):\n", res.GenericRule.String())
	for _, g := range res.Generic {
		p.printf("    %s %s — participation %.2f, links into %d of %d domains, degree %d", g.Code, Shorten(g.Name, 50), g.Participation, g.Domains, g.Of, g.Degree)
		if res.Request.ExcludeGeneric {
			p.printf(", left out of the domains")
		}
		p.printf("\n")
	}
}

// BridgesBrief writes the bridging sectors of res one line each: score,
// role and the domains it links to.
func BridgesBrief(w io.Writer, res *analysis.BridgesResult) error {
	p := &printer{w: w}
	for i, s := range res.Sectors {
		g := ""
		if s.Generic {
			g = " (generic intermediary)"
		}
		p.printf("%2d. %s %s%s — score %.2f, %s; links to %s\n", i+1, s.Code, Shorten(s.Name, 50), g, s.Score, s.Role, connects(s, res, true))
	}
	return p.err
}

// BridgesRows is one row per bridging sector, in rank order.
func BridgesRows(res *analysis.BridgesResult) Table {
	t := Table{Header: []string{"rank", "code", "name", "score", "betweenness", "participation", "constraint", "role", "domain", "connects", "generic"}}
	for i, s := range res.Sectors {
		t.Add(fmt.Sprint(i+1), s.Code, s.Name, fmt.Sprintf("%.4f", s.Score), Float(s.Betweenness),
			fmt.Sprintf("%.4f", s.Participation), fmt.Sprintf("%.4f", s.Constraint), s.Role, fmt.Sprint(s.Community), connects(s, res, false), strconv.FormatBool(s.Generic))
	}
	return t
}

// connects describes the other domains a sector links to (at most three),
// with the share of its strength that goes there and, in long form, the
// sector's strongest link into it.
func connects(s analysis.RankedBridge, res *analysis.BridgesResult, long bool) string {
	var parts []string
	for _, c := range s.Connects {
		if c.Own {
			continue
		}
		part := fmt.Sprintf("#%d (%.0f%%)", c.Community, 100*c.Share)
		if long {
			part = fmt.Sprintf("#%d (%.0f%%", c.Community, 100*c.Share)
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
