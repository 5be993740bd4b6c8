package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/domainscope/domainscope/complexity"
	"github.com/domainscope/domainscope/graphmodel"
)

// Map measures: what a choropleth colours the regions by.
const (
	MapLQ              = "lq"              // LQ (or RTA) of one industry
	MapDomainLQ        = "domain-lq"       // LQ of one knowledge domain's industries together
	MapDensity         = "density"         // relatedness density of one industry
	MapSpecialisations = "specialisations" // number of established specialisations
	MapECI             = "eci"             // economic complexity index
)

// MapMeasures lists the map measures.
var MapMeasures = []string{MapLQ, MapDomainLQ, MapDensity, MapSpecialisations, MapECI}

// MapRequest asks for one value per region, to draw as a map. The
// RegionRequest selects the graph, domains, regional set and evidence; its
// Region and Regions are ignored.
type MapRequest struct {
	RegionRequest
	Value    string `json:"value"`              // one of MapMeasures
	Industry string `json:"industry,omitempty"` // lq, density
	Domain   *int   `json:"domain,omitempty"`   // domain-lq
}

// MapRegion is one region of a map: its value and where to draw it.
type MapRegion struct {
	Region graphmodel.Region `json:"region"`
	// Value is nil where undefined (e.g. an LQ with no reference value).
	Value *float64 `json:"value"`
	// Geometry is its GeoJSON outline when boundaries are loaded for it.
	Geometry json.RawMessage `json:"geometry,omitempty"`
	// Col and Row place it on the tile grid (always given, for the tile
	// view and for regions without a boundary).
	Col int `json:"col"`
	Row int `json:"row"`
}

// MapResult is a choropleth's data: a value per region, its label and
// formula, and the boundaries or tile grid.
type MapResult struct {
	Request    MapRequest             `json:"request"`
	Provenance Provenance             `json:"provenance"`
	Regional   graphmodel.RegionalSet `json:"regional_set"`
	Evidence   Evidence               `json:"evidence"`
	// Label names what is mapped ("LQ of 6201 Computer programming");
	// Formula says how it is computed.
	Label   string      `json:"label"`
	Formula string      `json:"formula"`
	Regions []MapRegion `json:"regions"`
	// Min and Max of the defined values (0 when none); Neutral is the
	// value at which the measure means "as the reference" (1 for a
	// quotient), absent otherwise.
	Min     float64  `json:"min"`
	Max     float64  `json:"max"`
	Neutral *float64 `json:"neutral,omitempty"`
	// Layout is "boundaries" when every region has one, "mixed" when some
	// have, "tiles" when none.
	Layout string `json:"layout"`
	// WithoutBoundary lists the regions without a loaded boundary (when
	// any boundary is loaded); UnusedBoundaries the stored boundaries of
	// regions that have no values in this regional set.
	WithoutBoundary  []string `json:"without_boundary"`
	UnusedBoundaries []string `json:"unused_boundaries"`
	TileLayout       string   `json:"tile_layout"` // "uk" or "grid"
}

// Map computes one value per region of the request's regional set, with the
// stored boundaries (if the store keeps any) and a tile grid (TileGrid):
//
//   - lq: LQ_ri (or RTA) of Industry, as in the region profile;
//   - domain-lq: LQ_rD = (Σ_{i∈D} x_ri / x_r·) / (Σ_{i∈D} x_·i / x_··) over the
//     industries of domain D (Domain);
//   - density: RD_ri = 100 · Σ_j M_rj φ_ij / Σ_j φ_ij of Industry, M_rj the
//     region's established specialisations;
//   - specialisations: Σ_i M_ri, the established specialisations;
//   - eci: the regions' ECI on M (complexity.Complexity, as in the profile).
//
// A missing or unknown measure, industry or domain is EINVALID (ENOTFOUND
// for an industry that has no column or node).
func (a *Analyzer) Map(ctx context.Context, req MapRequest) (*MapResult, error) {
	ok := false
	for _, m := range MapMeasures {
		ok = ok || req.Value == m
	}
	if !ok {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "measure", "map measure %q: expected one of %s", req.Value, strings.Join(MapMeasures, ", "))
	}
	if (req.Value == MapLQ || req.Value == MapDensity) && req.Industry == "" {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "industry", "map measure %s needs an industry code", req.Value)
	}
	if req.Value == MapDomainLQ && req.Domain == nil {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "domain", "map measure domain-lq needs a domain ID")
	}
	base := req.RegionRequest
	base.Region, base.Regions = "", nil
	in, err := a.regionInputs(ctx, base)
	if err != nil {
		return nil, err
	}
	req.RegionRequest = in.req
	m := in.m
	out := &MapResult{Request: req, Provenance: provenanceOf(in.snap), Regional: in.set, Evidence: in.ev,
		WithoutBoundary: []string{}, UnusedBoundaries: []string{}}
	quotient := func(q int) []float64 {
		if in.req.Measure == graphmodel.MeasurePatents {
			return m.RTA(q, in.req.MinCount)
		}
		return m.LQ(q)
	}
	qname := "LQ"
	if in.req.Measure == graphmodel.MeasurePatents {
		qname = "RTA"
	}
	est := func() [][]bool {
		e := make([][]bool, len(m.Regions))
		for q := range m.Regions {
			e[q], _ = established(m, q, quotient(q), in.ev)
		}
		return e
	}
	values := make([]float64, len(m.Regions))
	industry := func() (int, error) {
		col, ok := m.Column(req.Industry)
		if !ok {
			return 0, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "industry", "industry %q has no regional values in %s", req.Industry, in.set.Key())
		}
		name := in.opt.Names[req.Industry]
		out.Label = strings.TrimSpace(req.Industry + " " + name)
		return col, nil
	}
	one := 1.0
	switch req.Value {
	case MapLQ:
		col, err := industry()
		if err != nil {
			return nil, err
		}
		for q := range m.Regions {
			values[q] = quotient(q)[col]
		}
		out.Label = qname + " of " + out.Label
		out.Formula = qname + "_ri = (x_ri / x_r·) / (x_·i / x_··)"
		out.Neutral = &one
	case MapDomainLQ:
		var members []int
		for i, c := range in.opt.Domains {
			if int(c) == *req.Domain && c >= 0 {
				members = append(members, i)
			}
		}
		if len(members) == 0 {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "domain", "domain %d: no such knowledge domain with these parameters (domains are numbered from 1)", *req.Domain)
		}
		var ref float64
		for _, i := range members {
			ref += m.Reference[i]
		}
		for q := range m.Regions {
			var x float64
			row := m.Row(q)
			for _, i := range members {
				x += row[i]
			}
			values[q] = math.NaN()
			if den := m.RegionTotal[q] * ref; den > 0 {
				values[q] = x * m.ReferenceTotal / den
			}
		}
		label := in.labels[*req.Domain]
		if label == "" {
			label = fmt.Sprint(*req.Domain)
		}
		out.Label = fmt.Sprintf("%s of domain %s (%d industries)", qname, label, len(members))
		out.Formula = qname + "_rD = (Σ_{i∈D} x_ri / x_r·) / (Σ_{i∈D} x_·i / x_··)"
		out.Neutral = &one
	case MapDensity:
		col, err := industry()
		if err != nil {
			return nil, err
		}
		if col >= m.Nodes {
			return nil, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "industry", "industry %q is not in the relatedness graph: no density", req.Industry)
		}
		for q, e := range est() {
			d, _ := relatednessDensity(in.union, e)
			values[q] = d[col]
		}
		out.Label = "relatedness density of " + out.Label
		out.Formula = "RD_ri = 100 · Σ_j M_rj φ_ij / Σ_j φ_ij (M: established specialisations)"
	case MapSpecialisations:
		for q, e := range est() {
			for _, ok := range e {
				if ok {
					values[q]++
				}
			}
		}
		out.Label = "established specialisations"
		out.Formula = "Σ_i M_ri: industries with " + qname + " ≥ 1, enough jobs and a significant Poisson test"
	case MapECI:
		res, err := complexity.Complexity(presence(est()))
		if err != nil {
			return nil, err
		}
		copy(values, res.ECI)
		out.Label = "economic complexity index (ECI)"
		out.Formula = "ECI of the established specialisations M (Hidalgo & Hausmann 2009, eigenvector method, standardised over the regions; as in the region profile)"
	}

	var shapes []graphmodel.RegionShape
	if a.Boundaries != nil {
		if shapes, err = a.Boundaries.Boundaries(ctx); err != nil {
			return nil, err
		}
	}
	shapeOf := map[string]json.RawMessage{}
	for _, s := range shapes {
		shapeOf[s.Region] = s.Geometry
	}
	cols, rows, layout := TileGrid(m.Regions)
	out.TileLayout = layout
	first := true
	inSet := map[string]bool{}
	for q, r := range m.Regions {
		inSet[r.ID] = true
		mr := MapRegion{Region: r, Geometry: shapeOf[r.ID], Col: cols[q], Row: rows[q]}
		if v := values[q]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			mr.Value = &v
			if first || v < out.Min {
				out.Min = v
			}
			if first || v > out.Max {
				out.Max = v
			}
			first = false
		}
		if mr.Geometry == nil && len(shapes) > 0 {
			out.WithoutBoundary = append(out.WithoutBoundary, r.ID)
		}
		out.Regions = append(out.Regions, mr)
	}
	for _, s := range shapes {
		if !inSet[s.Region] {
			out.UnusedBoundaries = append(out.UnusedBoundaries, s.Region)
		}
	}
	switch {
	case len(shapes) == 0 || len(out.WithoutBoundary) == len(m.Regions):
		out.Layout = "tiles"
	case len(out.WithoutBoundary) == 0:
		out.Layout = "boundaries"
	default:
		out.Layout = "mixed"
	}
	return out, nil
}

// ukTiles places the UK's NUTS 1 regions (ITL 1) on a grid, by the slug of
// their names: a tile map that keeps each region's neighbours around it.
var ukTiles = map[string][2]int{
	"scotland":                 {2, 0},
	"northern-ireland":         {0, 1},
	"north-east":               {3, 1},
	"north-west":               {2, 2},
	"yorkshire-and-the-humber": {3, 2},
	"wales":                    {1, 3},
	"west-midlands":            {2, 3},
	"east-midlands":            {3, 3},
	"east":                     {4, 3},
	"east-of-england":          {4, 3},
	"south-west":               {1, 4},
	"south-east":               {2, 4},
	"london":                   {3, 4},
}

// TileGrid places regions on a grid, deterministically: the UK layout
// (ukTiles) when every region is a UK NUTS 1 region (by the slug of its name
// or its ID) and no two share a tile; otherwise a near-square grid of
// ⌈√n⌉ columns filled row by row in order of name (then ID). It returns the
// column and row of each region and "uk" or "grid".
func TileGrid(regions []graphmodel.Region) (cols, rows []int, layout string) {
	n := len(regions)
	cols, rows = make([]int, n), make([]int, n)
	used := map[[2]int]bool{}
	uk := n > 0
	for q, r := range regions {
		t, ok := ukTiles[graphmodel.Slug(r.Name)]
		if !ok {
			t, ok = ukTiles[r.ID]
		}
		if !ok || used[t] {
			uk = false
			break
		}
		used[t] = true
		cols[q], rows[q] = t[0], t[1]
	}
	if uk {
		return cols, rows, "uk"
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := regions[order[a]], regions[order[b]]
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		return x.ID < y.ID
	})
	w := int(math.Ceil(math.Sqrt(float64(n))))
	for k, q := range order {
		cols[q], rows[q] = k%w, k/w
	}
	return cols, rows, "grid"
}
