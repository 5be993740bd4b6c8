package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// Priorities writes a comparison of two priority sets: for each old group
// the new groups it maps into, for each new group where it comes from, the
// groups that map nowhere or have no predecessor, and the rule.
func Priorities(w io.Writer, res *analysis.PrioritiesResult) error {
	p := &printer{w: w}
	oldName, newName := setName(res.Request.Old.Name, "old"), setName(res.Request.New.Name, "new")
	if res.Region != nil {
		p.printf("%s: which priorities of %s its data supports (%s, %s %s)\n", res.Region.Name, newName,
			layersOf(res.Provenance), res.Regional.Measure, res.Regional.Period)
	} else {
		p.printf("%s → %s (%s)\n", oldName, newName, layersOf(res.Provenance))
	}
	p.printf("Rule: %s; min ratio %s.\n\n", res.Rule, Float(res.MinRatio))
	p.printf("Where each old group goes (%s)\n", oldName)
	t := Table{Header: []string{"OLD GROUP", "MAPS INTO", "SHARED", "CARRIED", "LINK SHARE", "RATIO"}}
	for _, g := range res.Old {
		if len(g.Links) == 0 {
			t.Add(g.Name, "— nowhere", "", "", "", "")
			continue
		}
		for k, l := range g.Links {
			name := g.Name
			if k > 0 {
				name = ""
			}
			t.Add(name, l.New, codes(l.Shared), pct(l.Carry), pct(l.Share), ratio(l.Ratio))
		}
	}
	p.table(t)
	heading := "Where each new group comes from"
	none := "— no predecessor"
	if res.Region != nil {
		heading, none = "The base of each priority in the region's specialised domains", "— no base"
	}
	p.printf("\n%s (%s)\n", heading, newName)
	t = Table{Header: []string{"NEW GROUP", "FROM", "SHARED", "PART OF NEW", "RATIO"}}
	for _, g := range res.New {
		if len(g.Links) == 0 {
			t.Add(g.Name, none, "", "", "")
			continue
		}
		for k, l := range g.Links {
			name := g.Name
			if k > 0 {
				name = ""
			}
			t.Add(name, l.Old, codes(l.Shared), pct(l.ReverseCarry), ratio(l.Ratio))
		}
	}
	p.table(t)
	unmapped, noPred := "Old groups that map nowhere", "New groups without a predecessor"
	if res.Region != nil {
		unmapped, noPred = "Specialised domains no priority covers", "Priorities that lack a base"
	}
	p.printf("\n%s: %s\n%s: %s\n", unmapped, list(res.Unmapped), noPred, list(res.NoPredecessor))
	var nolinks []string
	for _, set := range [][]analysis.PriorityGroupResult{res.Old, res.New} {
		for _, g := range set {
			if n := len(g.NoLinks); n > 12 {
				nolinks = append(nolinks, fmt.Sprintf("%s (%s … %d more)", g.Name, strings.Join(g.NoLinks[:12], " "), n-12))
			} else if n > 0 {
				nolinks = append(nolinks, fmt.Sprintf("%s (%s)", g.Name, strings.Join(g.NoLinks, " ")))
			}
		}
	}
	if len(nolinks) > 0 {
		p.printf("Codes without links in these layers (they count as shared codes only): %s\n", strings.Join(nolinks, "; "))
	}
	return p.err
}

// PrioritiesRows is one row per old × new pair that shares a code or has link weight.
func PrioritiesRows(res *analysis.PrioritiesResult) Table {
	t := Table{Header: []string{"old", "new", "shared", "weight", "share", "carry", "reverse_carry", "ratio", "maps"}}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	for _, l := range res.Pairs {
		t.Add(l.Old, l.New, strings.Join(l.Shared, " "), g(l.Weight), g(l.Share), g(l.Carry), g(l.ReverseCarry), g(l.Ratio), strconv.FormatBool(l.Maps))
	}
	return t
}

func setName(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

func layersOf(p analysis.Provenance) string {
	var keys []string
	for _, l := range p.Layers {
		keys = append(keys, l.Key())
	}
	return strings.Join(keys, "+")
}

func codes(c []string) string {
	if len(c) == 0 {
		return "—"
	}
	return strings.Join(c, " ")
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func ratio(x float64) string { return fmt.Sprintf("%.2f", x) }

func list(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, "; ")
}
