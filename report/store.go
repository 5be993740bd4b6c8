package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// Neighbours writes the industries most related to one industry: a line
// naming it, the layer and its threshold, then a table with names cut to 60
// characters.
func Neighbours(w io.Writer, res *analysis.NeighboursResult) error {
	p := &printer{w: w}
	l := res.Layer
	p.printf("%s %s — neighbours on %s %s (%s, related when value > %s)\n",
		res.Industry.Code, res.Industry.Name, l.Name, l.Period, RelatednessMethod(l.Method, res.Relatedness), Float(l.Threshold))
	if l.Evidence {
		p.printf("COUNT: both directions; Q: Benjamini–Hochberg q-value of the count against the margins (Poisson)%s\n",
			testsNote(res.Relatedness["tests"]))
	}
	p.printf("\n")
	p.table(neighbourTable(res, 60))
	return p.err
}

// NeighbourRows is one row per neighbour, with full names.
func NeighbourRows(res *analysis.NeighboursResult) Table { return neighbourTable(res, 0) }

// neighbourTable cuts names to width runes (0: no cut).
// On a layer with evidence it ends with the column Q (the q-value).
func neighbourTable(res *analysis.NeighboursResult, width int) Table {
	t := Table{Header: []string{"CODE", "NAME", "VALUE", "COUNT", "DIRECTION"}}
	if res.Layer.Evidence {
		t.Header = []string{"CODE", "NAME", "VALUE", "COUNT", "DIRECTION", "Q"}
	}
	for _, n := range res.Neighbours {
		name := n.Name
		if width > 0 {
			name = Shorten(name, width)
		}
		if res.Layer.Evidence {
			q := ""
			if n.QValue != nil {
				q = QValue(*n.QValue)
			}
			t.Add(n.Code, name, fmt.Sprintf("%.3f", n.Value), Float(n.Count), n.Direction, q)
			continue
		}
		t.Add(n.Code, name, fmt.Sprintf("%.3f", n.Value), Float(n.Count), n.Direction)
	}
	return t
}

// QValue formats a p- or q-value with two significant digits (0.0086,
// 0.5, 3.1e-12); 0, a value too small for a float64, is "<1e-300".
func QValue(q float64) string {
	if q == 0 {
		return "<1e-300"
	}
	return strconv.FormatFloat(q, 'g', 2, 64)
}

// RelatednessMethod names a layer's method with the options recorded in its
// provenance that change its values: "ratio, gamma-poisson a = 0.0207
// (fitted), floor 10, alpha 0.05".
func RelatednessMethod(method string, opt map[string]string) string {
	s := method
	if opt["shrink"] != "" && opt["shrink"] != "none" {
		s += ", " + opt["shrink"]
		if a := opt["prior"]; a != "" {
			s += " a = " + a
			if src := opt["prior_source"]; src != "" {
				s += " (" + src + ")"
			}
		}
	}
	if f := opt["floor"]; f != "" && f != "0" {
		s += ", floor " + f
	}
	if a := opt["alpha"]; a != "" && a != "0" {
		s += ", links with q ≤ " + a
	}
	return s
}

// testsNote says over how many tests (pairs, or directed pairs) the q-values
// were adjusted.
func testsNote(m string) string {
	if m == "" {
		return ""
	}
	return ", over " + m + " tests"
}

// Contents writes what a store holds: its location and version, then tables
// of its classifications, layers, regional sets and datasets (by ID), and
// the number of regions.
func Contents(w io.Writer, store string, c *analysis.Contents) error {
	p := &printer{w: w}
	p.printf("store %s (version %d)\n\n", store, c.Version)
	t := Table{Header: []string{"CLASSIFICATION", "INDUSTRIES", "LEVELS"}}
	for _, cl := range c.Classifications {
		t.Add(cl.Name, strconv.Itoa(cl.Industries), strings.Join(cl.Levels, " > "))
	}
	p.table(t)
	p.printf("\n")
	t = Table{Header: []string{"LAYER", "PERIOD", "KIND", "CLASSIFICATION", "METHOD", "THRESHOLD", "NODES", "LINKS"}}
	for _, l := range c.Layers {
		t.Add(l.Name, l.Period, string(l.Kind), l.Classification, l.Method, Float(l.Threshold), strconv.Itoa(l.Nodes), strconv.Itoa(l.Links))
	}
	p.table(t)
	p.printf("\n")
	t = Table{Header: []string{"MEASURE", "CLASSIFICATION", "PERIOD"}}
	for _, s := range c.RegionalSets {
		t.Add(string(s.Measure), s.Classification, s.Period)
	}
	p.table(t)
	p.printf("%d regions\n\n", len(c.Regions))
	t = Table{Header: []string{"DATASET", "KIND", "TARGET", "SOURCE", "ROWS", "RECORDS", "SHA256", "LOADED"}}
	ds := append([]graphmodel.Dataset(nil), c.Datasets...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
	for _, d := range ds {
		t.Add(strconv.FormatInt(d.ID, 10), d.Kind, d.Target, Shorten(d.Source, 40), strconv.FormatInt(d.Rows, 10),
			strconv.FormatInt(d.Records, 10), Shorten(d.SHA256, 13), d.LoadedAt.Format("2006-01-02 15:04"))
	}
	p.table(t)
	return p.err
}

// StoreSummary is the JSON of 'domainscope info': the store's location
// first, and the number of regions rather than the list.
type StoreSummary struct {
	Store           string                      `json:"store"`
	Version         int64                       `json:"version"`
	Classifications []graphmodel.Classification `json:"classifications"`
	Layers          []graphmodel.Layer          `json:"layers"`
	RegionalSets    []graphmodel.RegionalSet    `json:"regional_sets"`
	Regions         int                         `json:"regions"`
	Datasets        []graphmodel.Dataset        `json:"datasets"`
}

// Summary is the StoreSummary of c, read from the store at store.
func Summary(store string, c *analysis.Contents) StoreSummary {
	return StoreSummary{store, c.Version, c.Classifications, c.Layers, c.RegionalSets, len(c.Regions), c.Datasets}
}

// Rendered writes what 'domainscope render' wrote to path: the format and
// the size of view v, and a note when v was cut (to its specialisations for
// a regional view, else to maxNodes industries).
func Rendered(w io.Writer, path, format string, v *analysis.GraphView, regional bool, maxNodes int) error {
	p := &printer{w: w}
	p.printf("wrote %s (%s, %d industries, %d links in the view)\n", path, format, len(v.Nodes), len(v.Links))
	switch {
	case v.Truncated && regional:
		p.printf("note: specialisations shown: %s (--specialisations)\n", v.Params["specialisations"])
	case v.Truncated:
		p.printf("note: more industries qualified than --max-nodes %d; the nearest/strongest are shown\n", maxNodes)
	}
	return p.err
}
