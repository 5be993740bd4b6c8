package graphmodel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
)

// Region boundaries: the outline of each region, drawn by the map. They are
// loaded data (a dataset of kind DatasetBoundaries), so a load grows the
// store Version like any other.

// DatasetBoundaries is the dataset kind of a boundaries load; its target is
// BoundariesTarget (one set of boundaries per store).
const (
	DatasetBoundaries = "boundaries"
	BoundariesTarget  = "regions"
)

// Limits of a boundaries load, checked by Validate.
const (
	MaxBoundaryShapes   = 5000    // regions with a shape
	MaxBoundaryVertices = 500_000 // positions over every ring of every shape
	MaxGeometryBytes    = 8 << 20 // one region's geometry as JSON
)

// RegionShape is the outline of one region: a GeoJSON (RFC 7946) geometry of
// type Polygon or MultiPolygon, kept as its JSON text.
type RegionShape struct {
	Region   string          `json:"region"`
	Geometry json.RawMessage `json:"geometry"`
}

// BoundariesLoad replaces every stored region boundary.
type BoundariesLoad struct {
	Shapes     []RegionShape
	Provenance Provenance
}

// BoundaryStore keeps region boundaries. Outcomes as listed in store.go (a
// load as in Loader), and:
type BoundaryStore interface {
	// LoadBoundaries replaces every stored boundary by l.Shapes, after
	// l.Validate (EINVALID with Field); every shape's region must be a
	// stored region (EINVALID, Field "regions", naming the count and the
	// first five others).
	LoadBoundaries(ctx context.Context, l BoundariesLoad) (Dataset, error)
	// Boundaries returns every stored shape ordered by region, its
	// Geometry as loaded (Validate's compact form).
	Boundaries(ctx context.Context) ([]RegionShape, error)
}

// Validate checks a boundaries load: 1 to MaxBoundaryShapes shapes with
// distinct non-empty regions, each a Polygon or MultiPolygon whose rings
// have at least four finite positions, first equal to last, at most
// MaxBoundaryVertices positions in all. It rewrites every Geometry in
// compact form ({"type":…,"coordinates":…}, nothing else). EINVALID with
// Field "geometry" or "regions".
func (l *BoundariesLoad) Validate() error {
	if len(l.Shapes) == 0 {
		return FieldErrorf(EINVALID, "regions", "boundaries: no region shapes to load")
	}
	if len(l.Shapes) > MaxBoundaryShapes {
		return FieldErrorf(EINVALID, "regions", "boundaries: %d region shapes, more than the limit of %d", len(l.Shapes), MaxBoundaryShapes)
	}
	seen := make(map[string]bool, len(l.Shapes))
	vertices := 0
	for i := range l.Shapes {
		s := &l.Shapes[i]
		if s.Region == "" {
			return FieldErrorf(EINVALID, "regions", "boundaries: shape %d has an empty region ID", i)
		}
		if seen[s.Region] {
			return FieldErrorf(EINVALID, "regions", "boundaries: region %q has two shapes", s.Region)
		}
		seen[s.Region] = true
		if len(s.Geometry) > MaxGeometryBytes {
			return FieldErrorf(EINVALID, "geometry", "boundaries: region %q: geometry of %d bytes, more than the limit of %d", s.Region, len(s.Geometry), MaxGeometryBytes)
		}
		g, n, err := ParseGeometry(s.Geometry)
		if err != nil {
			return FieldErrorf(EINVALID, "geometry", "boundaries: region %q: %s", s.Region, err.Error())
		}
		vertices += n
		if vertices > MaxBoundaryVertices {
			return FieldErrorf(EINVALID, "geometry", "boundaries: more than %d vertices in all (at region %q); simplify the boundaries first (e.g. mapshaper -simplify 5%%)", MaxBoundaryVertices, s.Region)
		}
		s.Geometry = g
	}
	return nil
}

// CheckRegions returns EINVALID (Field "regions") when a shape's region is
// not stored.
func (l BoundariesLoad) CheckRegions(isStoredRegion func(string) bool) error {
	var bad []string
	for _, s := range l.Shapes {
		if !isStoredRegion(s.Region) {
			bad = append(bad, s.Region)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	n := len(bad)
	if n > 5 {
		bad = bad[:5]
	}
	return FieldErrorf(EINVALID, "regions", "boundaries: %d shapes name regions that are not stored, e.g. %q", n, bad)
}

// ParseGeometry checks a GeoJSON Polygon or MultiPolygon and returns it in
// compact form with its number of positions. A ring needs at least four
// positions of two or more finite numbers, the first equal to the last.
func ParseGeometry(raw []byte) (json.RawMessage, int, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, 0, fmt.Errorf("geometry is not a JSON object: %v", err)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, 0, fmt.Errorf("coordinates of the Polygon: expected an array of rings of [x, y] positions: %v", err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, 0, fmt.Errorf("coordinates of the MultiPolygon: expected an array of polygons: %v", err)
		}
	default:
		return nil, 0, fmt.Errorf("geometry type %q: expected Polygon or MultiPolygon", g.Type)
	}
	n := 0
	for pi, p := range polys {
		if len(p) == 0 {
			return nil, 0, fmt.Errorf("polygon %d has no rings", pi)
		}
		for ri, ring := range p {
			if len(ring) < 4 {
				return nil, 0, fmt.Errorf("polygon %d ring %d has %d positions, expected at least 4", pi, ri, len(ring))
			}
			for k, pos := range ring {
				if len(pos) < 2 || math.IsNaN(pos[0]) || math.IsInf(pos[0], 0) || math.IsNaN(pos[1]) || math.IsInf(pos[1], 0) {
					return nil, 0, fmt.Errorf("polygon %d ring %d position %d: expected [x, y] finite numbers, found %v", pi, ri, k, pos)
				}
			}
			first, last := ring[0], ring[len(ring)-1]
			if first[0] != last[0] || first[1] != last[1] {
				return nil, 0, fmt.Errorf("polygon %d ring %d is not closed: first position %v, last %v", pi, ri, first[:2], last[:2])
			}
			n += len(ring)
		}
	}
	out, err := json.Marshal(struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}{g.Type, compactJSON(g.Coordinates)})
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
