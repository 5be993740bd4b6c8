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
	p.printf("%s %s — neighbours on %s %s (%s, related when value > %s)\n\n",
		res.Industry.Code, res.Industry.Name, l.Name, l.Period, l.Method, Float(l.Threshold))
	p.table(neighbourTable(res, 60))
	return p.err
}

// NeighbourRows is one row per neighbour, with full names.
func NeighbourRows(res *analysis.NeighboursResult) Table { return neighbourTable(res, 0) }

// neighbourTable cuts names to width runes (0: no cut).
func neighbourTable(res *analysis.NeighboursResult, width int) Table {
	t := Table{Header: []string{"CODE", "NAME", "VALUE", "COUNT", "DIRECTION"}}
	for _, n := range res.Neighbours {
		name := n.Name
		if width > 0 {
			name = Shorten(name, width)
		}
		t.Add(n.Code, name, fmt.Sprintf("%.3f", n.Value), Float(n.Count), n.Direction)
	}
	return t
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
