package main

import (
	"encoding/json"
	"io"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
)

func checkFormat(format string) error {
	switch format {
	case "table", "json", "csv":
		return nil
	}
	return graphmodel.Errorf(graphmodel.EINVALID, "--format %q: expected table, json or csv", format)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// print writes a result as --format asks: the typed value as JSON, the rows
// as CSV, or the text report.
func (a *app) print(format string, value any, rows func() report.Table, text func(io.Writer) error) error {
	switch format {
	case "json":
		return writeJSON(a.out, value)
	case "csv":
		return rows().WriteCSV(a.out)
	}
	return text(a.out)
}

// printTable writes a table as --format asks; JSON is value.
func (a *app) printTable(format string, value any, t report.Table) error {
	return a.print(format, value, func() report.Table { return t }, t.WriteText)
}

// nonNil returns x, or an empty slice for nil (JSON [] rather than null).
func nonNil[T any](x []T) []T {
	if x == nil {
		return []T{}
	}
	return x
}
