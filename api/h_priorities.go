package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/report"
)

// prioritiesRoutes serve the comparison of priority sets.
func (s *Server) prioritiesRoutes() []route {
	return []route{
		{method: http.MethodPost, path: prefix + "/priorities/compare", handler: s.comparePriorities,
			params: join(graphParams, domainParams, regionParams, []string{"region", "min_ratio", "example", "format"})},
		{method: http.MethodGet, path: prefix + "/priorities/examples", handler: s.priorityExamples},
	}
}

// PrioritiesBody is the body of POST /priorities/compare: each set as JSON
// (old, new) or as the CSV text of a file (old_csv, new_csv: group,code[,name]).
// With the query parameter region (or regions) the old set is the region's
// specialisations and must be left out; with example both are.
type PrioritiesBody struct {
	Old    *graphmodel.PrioritySet `json:"old,omitempty"`
	New    *graphmodel.PrioritySet `json:"new,omitempty"`
	OldCSV string                  `json:"old_csv,omitempty"`
	NewCSV string                  `json:"new_csv,omitempty"`
}

// comparePriorities answers POST /priorities/compare (analysis.ComparePriorities).
func (s *Server) comparePriorities(c *gin.Context) {
	p := readParams(c)
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	req, err := s.prioritiesRequest(c, p)
	if s.failed(c, err) {
		return
	}
	// The sets are in the body: the URL cache keys on them as its variant.
	answer[analysis.PrioritiesRequest](s, c, string(format)+keyOf("sets", [2]graphmodel.PrioritySet{req.Old, req.New}), "priorities", req,
		s.analyzer.ComparePriorities, tableOr(format, report.PrioritiesRows, "priorities.csv"))
}

// prioritiesRequest reads the query parameters and the body.
func (s *Server) prioritiesRequest(c *gin.Context, p *paramReader) (analysis.PrioritiesRequest, error) {
	var req analysis.PrioritiesRequest
	var err error
	if req.MinRatio = p.number("min_ratio", analysis.DefaultMinRatio, span{lo: 0, hi: analysis.MaxMinRatio, openLo: true}); p.err != nil {
		return req, p.err
	}
	region := p.str("region", "")
	regional := region != "" || p.has("regions")
	var body PrioritiesBody
	var old *graphmodel.PrioritySet
	var exRegions []string
	example := p.str("example", "")
	if example != "" {
		ex, err := demo.FindPriorityExample(example)
		if err != nil {
			return req, err
		}
		if old, req.New, err = ex.Sets(); err != nil {
			return req, err
		}
		if !regional && len(ex.Regions) > 0 {
			regional, exRegions, old = true, ex.Regions, nil
		}
	} else {
		if err := decodeBody(c, &body); err != nil {
			return req, err
		}
		if old, err = bodySet("old", body.Old, body.OldCSV, !regional); err != nil {
			return req, err
		}
		nw, err := bodySet("new", body.New, body.NewCSV, true)
		if err != nil {
			return req, err
		}
		req.New = *nw
	}
	if regional {
		if old != nil && example == "" {
			return req, graphmodel.FieldErrorf(graphmodel.EINVALID, "old", "with region the old set is the region's specialisations: leave old and old_csv out")
		}
		rr := regionRequest(p, region)
		if p.err != nil {
			return req, p.err
		}
		if len(exRegions) > 0 {
			rr.Regions = exRegions
		}
		req.GraphRequest, req.Region = rr.GraphRequest, &rr
		return req, nil
	}
	if old != nil {
		req.Old = *old
	}
	req.GraphRequest = graphRequest(p)
	return req, p.err
}

// bodySet returns the set given as JSON or as CSV text (nil when neither
// is and it is not required); both at once is EINVALID.
func bodySet(field string, set *graphmodel.PrioritySet, csv string, required bool) (*graphmodel.PrioritySet, error) {
	switch {
	case set != nil && csv != "":
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "give %s as JSON or as %s_csv, not both", field, field)
	case set != nil:
		return set, nil
	case csv != "":
		s, err := ingest.ReadPrioritySetFrom(field+"_csv", field, bytes.NewReader([]byte(csv)), ingest.CodeFormat{})
		return &s, err
	case required:
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "no %s set: give %s (JSON groups) or %s_csv (CSV text group,code[,name])", field, field, field)
	}
	return nil, nil
}

// PriorityExampleItem is one worked example with its sets' CSV text.
type PriorityExampleItem struct {
	demo.PriorityExample
	OldCSV string `json:"old_csv,omitempty"`
	NewCSV string `json:"new_csv"`
}

// priorityExamples answers GET /priorities/examples: the seeds' worked
// examples (for the demo data) with the CSV text of their sets.
func (s *Server) priorityExamples(c *gin.Context) {
	s.cached(c, false, "", func(context.Context) (*rep, error) {
		items := []PriorityExampleItem{}
		for _, e := range demo.PriorityExamples {
			it := PriorityExampleItem{PriorityExample: e}
			if e.Old != "" {
				b, err := demo.PriorityFile(e.Old)
				if err != nil {
					return nil, err
				}
				it.OldCSV = string(b)
			}
			b, err := demo.PriorityFile(e.New)
			if err != nil {
				return nil, err
			}
			it.NewCSV = string(b)
			items = append(items, it)
		}
		return jsonRep(map[string]any{"examples": items})
	})
}
