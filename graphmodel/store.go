package graphmodel

import (
	"context"
	"io"
)

// The store contract, split by what a caller needs: analyses read
// (Reader), ingest writes (Loader), a server probes (Pinger). Store composes
// them for the code that opens and wires a back end; a store that keeps
// results also writes domains (DomainWriter, in domains.go). graphmodel/storetest
// holds every implementation to the outcomes listed on the methods below.
//
// Outcomes every method shares, not repeated below:
//   - Errors are *Error (see ErrorCode); driver errors never leak.
//   - A closed store, an unreachable server or a done context: EUNAVAILABLE.
//   - A list with nothing in it is a nil or empty slice and a nil error;
//     asking for one named thing that is absent is ENOTFOUND.
//   - Codes, names and periods are data: any string is stored and matched
//     exactly, never interpreted as a query.
//   - Messages quote codes with Go's %q, so `"f"` names the code f.
//   - Methods are safe for concurrent use; a read never sees half of a load.

// Versioner reports the store version, the key of every cache of derived
// results (snapshots, analyses, renders).
type Versioner interface {
	// Version returns a number that grows with every successful load and
	// never otherwise: 0 for an empty store; a failed load leaves it as it
	// was.
	Version(ctx context.Context) (int64, error)
}

// IndustryReader reads classifications and their industries.
type IndustryReader interface {
	// Classifications returns every classification ordered by name, with
	// Industries counted.
	Classifications(ctx context.Context) ([]Classification, error)
	// Industries returns a classification's industries ordered by level,
	// then code. An unknown classification is ENOTFOUND naming it and the
	// known ones.
	Industries(ctx context.Context, classification string) ([]Industry, error)
	// Industry returns one industry. An unknown classification or code is
	// ENOTFOUND naming what was asked for.
	Industry(ctx context.Context, classification, code string) (Industry, error)
}

// LayerReader reads layers, their links and the neighbours of an industry.
type LayerReader interface {
	// Layers returns every layer ordered by name, then period, with Links,
	// Nodes, Dataset and Version filled.
	Layers(ctx context.Context) ([]Layer, error)
	// Layer returns one layer; period "" selects the latest (greatest)
	// period of that name. An unknown name is ENOTFOUND listing the layer
	// names; an unknown period of a known name is ENOTFOUND listing its
	// periods.
	Layer(ctx context.Context, name, period string) (Layer, error)
	// Links calls fn for every link of a layer (period as in Layer), in no
	// particular order. Undirected layers give each pair once with
	// From <= To. It stops at the first error fn returns and returns that
	// error unchanged. An unknown layer or period is ENOTFOUND as in Layer.
	Links(ctx context.Context, name, period string, fn func(Link) error) error
	// Neighbours returns the industries linked to q.Code on a layer (period
	// as in Layer), ordered by Value descending, then code, at most q.Top.
	// Both directions of a directed layer are merged first (Count is their
	// sum, Value their maximum, Direction "out", "in" or "both"); then
	// neighbours whose merged Value is not strictly above q.Min (nil: the
	// layer's Threshold) are dropped. Undirected layers give Direction
	// "both". Self-links are never neighbours. An industry of the
	// classification without links gives an empty slice, no error; a code
	// that is not an industry of the layer's classification, or an unknown
	// layer or period, is ENOTFOUND.
	Neighbours(ctx context.Context, q NeighbourQuery) ([]Neighbour, error)
}

// RegionReader reads regions and their regional values.
type RegionReader interface {
	// Regions returns every region ordered by ID.
	Regions(ctx context.Context) ([]Region, error)
	// RegionalSets returns every loaded set ordered by measure,
	// classification, then period.
	RegionalSets(ctx context.Context) ([]RegionalSet, error)
	// RegionalValues returns every value of one set ordered by region, then
	// industry. An unknown set is ENOTFOUND naming its Key and the known
	// sets.
	RegionalValues(ctx context.Context, set RegionalSet) ([]RegionalValue, error)
}

// Reader reads everything a store holds: what analyses, the API and reports
// depend on.
type Reader interface {
	Versioner
	IndustryReader
	LayerReader
	RegionReader
	// Datasets returns every current load ordered by ID (oldest first),
	// with its provenance (LoadedAt in UTC, Options empty when there were
	// none).
	Datasets(ctx context.Context) ([]Dataset, error)
}

// Loader writes the three kinds of load. Each load is first checked with its
// Validate method (EINVALID with Field) and is one transaction: on any error
// the store is exactly as it was (contents and Version); on success Version
// grows and the returned Dataset carries the new Version, a new ID and the Provenance
// (a zero LoadedAt replaced by the load time; times in UTC). A load replaces
// the previous load of the same target and its dataset; readers see either
// the old or the new contents, never a mix. A load that finds what it refers
// to removed by a concurrent load (possible on a server store) is ECONFLICT
// and may be retried.
type Loader interface {
	// LoadIndustries replaces the industries of l.Classification, creating
	// it if needed; layers and regional sets keep their links and values.
	// Outcomes: EINVALID from l.Validate; ECONFLICT from l.CheckRemovals
	// when a code missing from the new list is still used by a layer or a
	// regional set.
	LoadIndustries(ctx context.Context, l IndustriesLoad) (Dataset, error)
	// LoadLayer replaces the layer with the same name and period, storing
	// undirected pairs as From <= To. l.AddIndustries are created first in
	// the layer's classification, which they create when it is unknown
	// (without levels); existing codes keep their name, parent and level.
	// Outcomes: EINVALID from l.Validate; EINVALID from l.NewIndustries
	// (an unknown classification without industries to add, or an added
	// industry whose parent neither exists nor is added); EINVALID from
	// l.CheckCodes (link codes that are not industries: the count and the
	// five smallest).
	LoadLayer(ctx context.Context, l LayerLoad) (Dataset, error)
	// LoadRegional replaces the set with the same measure, classification
	// and period; l.Regions are created or renamed as given, and
	// l.AddIndustries are created as in LoadLayer. Outcomes: EINVALID from
	// l.Validate and l.NewIndustries as in LoadLayer; EINVALID from
	// l.CheckCodes (value codes that are not industries, else value regions
	// that are neither in l.Regions nor stored).
	LoadRegional(ctx context.Context, l RegionalLoad) (Dataset, error)
}

// Pinger probes a store, for readiness checks.
type Pinger interface {
	// Ping checks that the store can be reached: nil, or EUNAVAILABLE.
	Ping(ctx context.Context) error
}

// Store is a whole storage back end, as opened by the CLI and the server
// and held to graphmodel/storetest. Close releases it; calls after Close are
// EUNAVAILABLE, and a second Close returns nil.
type Store interface {
	Reader
	Loader
	Pinger
	io.Closer
}
