// Package graphmodel holds domainscope's domain types, the store contract
// (small interfaces by use: Reader, Loader, Pinger; Store composes them for
// the back ends, and each method's doc lists its outcomes; HypothesisStore
// and DomainNameStore keep user data), the checks of a
// load on its own (IndustriesLoad.Validate and friends), and the application
// error.
//
// The model: a Classification (SIC2007, NACE2, ...) has Industries arranged in
// levels (section / division / group / class). A Layer is a named set of Links
// between industries of one classification for one period, of one LayerKind.
// Regions have RegionalValues (employment, patents) by industry and period.
// Every load is a Dataset with its provenance; loading the same target again
// replaces that dataset.
package graphmodel

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// LayerKind says what the numbers on a layer's links mean.
type LayerKind string

const (
	// KindFlows: directed counts, e.g. workers moving from industry i to j.
	KindFlows LayerKind = "flows"
	// KindCoOccurrence: undirected counts, e.g. patents shared by industries i and j.
	KindCoOccurrence LayerKind = "co-occurrence"
	// KindRelatedness: already-computed relatedness values, e.g. published skill relatedness in [-1, 1].
	KindRelatedness LayerKind = "relatedness"
)

// ParseLayerKind validates a layer kind given by a user.
func ParseLayerKind(s string) (LayerKind, error) {
	switch LayerKind(s) {
	case KindFlows, KindCoOccurrence, KindRelatedness:
		return LayerKind(s), nil
	}
	return "", Errorf(EINVALID, "unknown layer kind %q: expected one of flows, co-occurrence, relatedness", s)
}

// Directed reports whether links of this kind have a direction.
func (k LayerKind) Directed() bool { return k == KindFlows }

// HasCounts reports whether links of this kind carry raw counts.
func (k LayerKind) HasCounts() bool { return k == KindFlows || k == KindCoOccurrence }

// Classification is an industry classification such as SIC2007 or NACE2.
type Classification struct {
	Name string `json:"name"`
	// Levels names the levels from the top (0) down, e.g. ["section", "division", "group", "class"].
	Levels     []string `json:"levels"`
	Industries int      `json:"industries"` // number of industries, filled on read
}

// Industry is one code of a classification, at any level.
type Industry struct {
	Classification string `json:"classification"`
	Code           string `json:"code"` // normalised code, unique within the classification
	Name           string `json:"name"`
	Parent         string `json:"parent,omitempty"` // code of the parent, "" at the top level
	Level          int    `json:"level"`            // depth: 0 is the top level
}

// Layer describes one set of links.
type Layer struct {
	Name           string    `json:"name"`   // e.g. "labour", "copatent", "io"
	Period         string    `json:"period"` // e.g. "2009-2018"
	Kind           LayerKind `json:"kind"`
	Classification string    `json:"classification"`
	// Directed is true when links are stored per direction (flows without symmetrisation).
	// Undirected layers store each pair once with From < To.
	Directed bool `json:"directed"`
	// Method is the relatedness method that produced Value ("given" for KindRelatedness,
	// "" when no relatedness was computed).
	Method string `json:"method"`
	// Threshold: a link is "related" when Value > Threshold.
	Threshold float64 `json:"threshold"`
	// Evidence is true when every link carries PValue and QValue (counts
	// layers loaded with their link evidence; see relatedness.LinkEvidence).
	Evidence bool  `json:"evidence"`
	Links    int   `json:"links"`   // number of stored links, filled on read
	Nodes    int   `json:"nodes"`   // number of distinct industries, filled on read
	Dataset  int64 `json:"dataset"` // ID of the dataset that loaded it
	Version  int64 `json:"version"` // store version when it was loaded
}

// Key returns the identity of the layer within a store, "name@period".
func (l Layer) Key() string { return l.Name + "@" + l.Period }

// Link is one link of a layer. For counts layers Count is the raw count and
// Value the relatedness computed from it; for relatedness layers Count is 0.
// On a layer with Evidence, PValue and QValue are the link's one-sided
// Poisson p-value of its count given the margins and its Benjamini–Hochberg
// q-value over every pair the layer could link (relatedness.LinkEvidence);
// otherwise both are 0 and mean nothing.
type Link struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Count  float64 `json:"count"`
	Value  float64 `json:"value"`
	PValue float64 `json:"p_value"`
	QValue float64 `json:"q_value"`
}

// Region is a geographical unit with regional measures.
type Region struct {
	ID   string `json:"id"`   // stable identifier (given code, or a slug of the name)
	Name string `json:"name"` // as given
}

// Measure names what a regional value counts.
type Measure string

const (
	MeasureEmployment   Measure = "employment"   // jobs
	MeasurePatents      Measure = "patents"      // patent counts (technology)
	MeasurePublications Measure = "publications" // scientific publication counts (science)
)

// ParseMeasure validates a regional measure given by a user.
func ParseMeasure(s string) (Measure, error) {
	switch Measure(s) {
	case MeasureEmployment, MeasurePatents, MeasurePublications:
		return Measure(s), nil
	}
	return "", Errorf(EINVALID, "unknown measure %q: expected employment, patents or publications", s)
}

// RegionalSet describes one loaded table of regional values.
type RegionalSet struct {
	Measure        Measure `json:"measure"`
	Classification string  `json:"classification"`
	Period         string  `json:"period"`
}

// Key returns the identity of the set within a store.
func (s RegionalSet) Key() string {
	return fmt.Sprintf("%s:%s@%s", s.Measure, s.Classification, s.Period)
}

// RegionalValue is one cell: the value of a measure in a region for an industry.
type RegionalValue struct {
	Region   string  `json:"region"` // Region.ID
	Industry string  `json:"industry"`
	Value    float64 `json:"value"`
}

// Provenance records where a load came from.
type Provenance struct {
	Source   string            `json:"source"` // file name as given
	SHA256   string            `json:"sha256"` // of the file's bytes as read (before decompression)
	Rows     int64             `json:"rows"`   // data rows read
	Options  map[string]string `json:"options,omitempty"`
	LoadedAt time.Time         `json:"loaded_at"`
}

// AsStored returns p as a store keeps it: a zero LoadedAt replaced by now,
// LoadedAt in UTC, and empty Options as nil.
func (p Provenance) AsStored(now time.Time) Provenance {
	if p.LoadedAt.IsZero() {
		p.LoadedAt = now
	}
	p.LoadedAt = p.LoadedAt.UTC()
	if len(p.Options) == 0 {
		p.Options = nil
	}
	return p
}

// Dataset is one load into the store.
type Dataset struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`   // "industries", "layer" or "regional"
	Target  string `json:"target"` // what it replaces on reload: classification name, layer key or regional set key
	Records int64  `json:"records"`
	Version int64  `json:"version"` // store version after this load
	Provenance
}

// Dataset kinds.
const (
	DatasetIndustries = "industries"
	DatasetLayer      = "layer"
	DatasetRegional   = "regional"
)

// Neighbour is an industry linked to a focal industry.
type Neighbour struct {
	Industry
	Count float64 `json:"count"`
	Value float64 `json:"value"`
	// PValue and QValue are the link's evidence on a layer with Evidence
	// (the smaller of the two directions' on a directed layer), else nil.
	PValue *float64 `json:"p_value,omitempty"`
	QValue *float64 `json:"q_value,omitempty"`
	// Direction is "out" (focal → neighbour), "in" or "both" (undirected layers).
	Direction string `json:"direction"`
}

// NeighbourDirection returns the Direction of a neighbour that has links
// out to it (focal → neighbour) and/or in from it: "both" on an undirected
// layer or when both exist, else "out" or "in".
func NeighbourDirection(directed, out, in bool) string {
	switch {
	case !directed || out && in:
		return "both"
	case out:
		return "out"
	}
	return "in"
}

// NeighbourQuery selects the neighbours of one industry on one layer.
type NeighbourQuery struct {
	Layer  string
	Period string // "" means the layer's only or latest period
	Code   string
	// Min drops links whose Value is not above it; nil means the layer's threshold.
	Min *float64
	Top int // at most this many, by Value descending (0: no limit)
}

// Slug turns a name into a lower-case identifier of letters, digits and dashes.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// QualifiedName returns an industry's name, prefixed with its parent's name
// when the name alone says little ("Other", "Primary", "Other n.e.c."), so
// that lists and labels stay readable: "Education: Primary".
func QualifiedName(in Industry, parentName string) string {
	if parentName == "" || parentName == in.Name {
		return in.Name
	}
	n := strings.TrimSpace(in.Name)
	if strings.HasPrefix(strings.ToLower(n), "other") || !strings.ContainsAny(n, " ,") {
		return parentName + ": " + n
	}
	return in.Name
}

// QualifiedNames maps the codes of industries to their QualifiedName.
func QualifiedNames(industries []Industry) map[string]string {
	byCode := make(map[string]Industry, len(industries))
	for _, in := range industries {
		byCode[in.Code] = in
	}
	names := make(map[string]string, len(industries))
	for _, in := range industries {
		names[in.Code] = QualifiedName(in, byCode[in.Parent].Name)
	}
	return names
}
