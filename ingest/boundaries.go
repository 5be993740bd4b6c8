package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// MaxGeoJSONBytes is the largest GeoJSON file 'ingest regions-geo' reads
// (ETOOLARGE beyond). Region boundaries for a map need far less: simplify
// detailed ones first (e.g. mapshaper -simplify 5%); the vertex limit is
// graphmodel.MaxBoundaryVertices.
const MaxGeoJSONBytes = 32 << 20

// BoundariesOptions read a GeoJSON FeatureCollection of region boundaries
// ('domainscope ingest regions-geo FILE --id-property NAME').
type BoundariesOptions struct {
	// IDProperty is the feature property that names the region: its value
	// (a string or a number) is matched to a stored region's ID, else to
	// its name (ignoring case), else to the ID by graphmodel.Slug.
	IDProperty string
}

// BoundaryMatch is how the features of a file matched the stored regions;
// Load records it in the dataset's Options (matched, unmatched_features,
// regions_without_shape: a count, then up to ten examples).
type BoundaryMatch struct {
	Matched int
	// UnmatchedFeatures are the property values of features that match no
	// region (they are not loaded); RegionsWithout the IDs of stored regions
	// no feature matches (the map draws them as tiles).
	UnmatchedFeatures []string
	RegionsWithout    []string
}

// BoundaryStore is what a boundaries load needs of a store.
type BoundaryStore interface {
	graphmodel.BoundaryStore
	Regions(ctx context.Context) ([]graphmodel.Region, error)
}

func (o BoundariesOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	if strings.TrimSpace(o.IDProperty) == "" {
		return graphmodel.Dataset{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "id_property",
			"no id property: name the feature property that holds the region ID or name (e.g. --id-property rgn_name)")
	}
	bs, ok := l.(BoundaryStore)
	if !ok {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.EINVALID, "this store keeps no region boundaries")
	}
	regions, err := bs.Regions(ctx)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	load, _, err := ReadBoundaries(path, o, regions)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return bs.LoadBoundaries(ctx, load)
}

// ReadBoundaries reads a GeoJSON FeatureCollection (RFC 7946) at path and
// matches its features to regions by o.IDProperty. Features that match no
// region are left out and reported; two features matching the same region,
// a file that is not a FeatureCollection, a feature whose geometry is not a
// Polygon or MultiPolygon, or no feature matching any region are EINVALID
// (a file over MaxGeoJSONBytes ETOOLARGE).
func ReadBoundaries(path string, o BoundariesOptions, regions []graphmodel.Region) (graphmodel.BoundariesLoad, BoundaryMatch, error) {
	var m BoundaryMatch
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return graphmodel.BoundariesLoad{}, m, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, errors.Unwrap(err))
		}
		return graphmodel.BoundariesLoad{}, m, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxGeoJSONBytes+1))
	if err != nil {
		return graphmodel.BoundariesLoad{}, m, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot read %s: %v", path, err)
	}
	if len(data) > MaxGeoJSONBytes {
		return graphmodel.BoundariesLoad{}, m, graphmodel.Errorf(graphmodel.ETOOLARGE,
			"%s: more than %s of GeoJSON (the limit); simplify the boundaries first (e.g. mapshaper -simplify 5%%)", path, byteSize(MaxGeoJSONBytes))
	}
	sum := sha256.Sum256(data)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string                     `json:"type"`
			Properties map[string]json.RawMessage `json:"properties"`
			Geometry   json.RawMessage            `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "file",
			"%s: expected a GeoJSON FeatureCollection, found text that is not JSON (%v)", path, err)
	}
	if fc.Type != "FeatureCollection" {
		return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "file",
			"%s: expected a GeoJSON FeatureCollection, found type %q", path, fc.Type)
	}
	byID := map[string]string{}
	byName := map[string]string{}
	for _, r := range regions {
		byID[r.ID] = r.ID
		if r.Name != "" {
			byName[strings.ToLower(r.Name)] = r.ID
		}
	}
	matchOf := func(v string) (string, bool) {
		if id, ok := byID[v]; ok {
			return id, true
		}
		if id, ok := byName[strings.ToLower(v)]; ok {
			return id, true
		}
		id, ok := byID[graphmodel.Slug(v)]
		return id, ok
	}
	var load graphmodel.BoundariesLoad
	featureOf := map[string]int{}
	var values []string
	for k, feat := range fc.Features {
		raw, ok := feat.Properties[o.IDProperty]
		if !ok {
			return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "id_property",
				"%s: feature %d has no property %q; its properties: %s", path, k, o.IDProperty, strings.Join(propertyNames(feat.Properties), ", "))
		}
		v, err := propertyText(raw)
		if err != nil {
			return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "id_property",
				"%s: feature %d: property %q: %v", path, k, o.IDProperty, err)
		}
		values = append(values, v)
		id, ok := matchOf(v)
		if !ok {
			m.UnmatchedFeatures = append(m.UnmatchedFeatures, v)
			continue
		}
		if prev, dup := featureOf[id]; dup {
			return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "file",
				"%s: features %d (%q) and %d (%q) both match region %q; merge them into one MultiPolygon", path, prev, values[prev], k, v, id)
		}
		featureOf[id] = k
		load.Shapes = append(load.Shapes, graphmodel.RegionShape{Region: id, Geometry: feat.Geometry})
	}
	for _, r := range regions {
		if _, ok := featureOf[r.ID]; !ok {
			m.RegionsWithout = append(m.RegionsWithout, r.ID)
		}
	}
	m.Matched = len(load.Shapes)
	if m.Matched == 0 {
		var ids []string
		for _, r := range regions {
			ids = append(ids, r.ID)
		}
		if len(regions) == 0 {
			return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "file",
				"%s: no regions are stored to match the features to: load regional values first ('domainscope ingest regional')", path)
		}
		return graphmodel.BoundariesLoad{}, m, graphmodel.FieldErrorf(graphmodel.EINVALID, "id_property",
			"%s: none of the %d features matches a region by property %q (values e.g. %s; regions e.g. %s)", path, len(fc.Features),
			o.IDProperty, examples(values), examples(ids))
	}
	sort.Strings(m.UnmatchedFeatures)
	load.Provenance = graphmodel.Provenance{Source: path, SHA256: hex.EncodeToString(sum[:]), Rows: int64(len(fc.Features)),
		LoadedAt: time.Now().UTC(), Options: map[string]string{
			"id_property":           o.IDProperty,
			"matched":               strconv.Itoa(m.Matched),
			"unmatched_features":    countExamples(m.UnmatchedFeatures),
			"regions_without_shape": countExamples(m.RegionsWithout),
		}}
	if err := load.Validate(); err != nil {
		return graphmodel.BoundariesLoad{}, m, err
	}
	return load, m, nil
}

// propertyText is a feature property as text: a string, or a number as written.
func propertyText(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("expected a string or a number, found %s", shortJSON(raw))
}

func shortJSON(raw json.RawMessage) string {
	s := string(raw)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

func propertyNames(p map[string]json.RawMessage) []string {
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return []string{"(none)"}
	}
	return names
}

// examples quotes up to five values.
func examples(v []string) string {
	var q []string
	for i, s := range v {
		if i == 5 {
			q = append(q, "…")
			break
		}
		q = append(q, strconv.Quote(s))
	}
	if len(q) == 0 {
		return "none"
	}
	return strings.Join(q, ", ")
}

// countExamples is "0", or the count and up to ten values: "2: a, b".
func countExamples(v []string) string {
	if len(v) == 0 {
		return "0"
	}
	shown := v
	if len(shown) > 10 {
		shown = append(append([]string(nil), v[:10]...), "…")
	}
	return strconv.Itoa(len(v)) + ": " + strings.Join(shown, ", ")
}
