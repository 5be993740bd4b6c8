package graphmodel

import "context"

// IndustriesLoad is one all-or-nothing load of a classification's industries.
// It replaces the classification's previous industries (and their dataset).
type IndustriesLoad struct {
	Provenance     Provenance
	Classification Classification
	Industries     []Industry
}

// LayerLoad is one all-or-nothing load of a layer. It replaces the layer with
// the same name and period. AddIndustries are created in the layer's
// classification in the same transaction (auto-create of unknown codes);
// every other code of Links must already exist.
type LayerLoad struct {
	Provenance    Provenance
	Layer         Layer
	Links         []Link
	AddIndustries []Industry
}

// RegionalLoad is one all-or-nothing load of regional values. It replaces the
// set with the same measure, classification and period. Regions are created
// or renamed as given.
type RegionalLoad struct {
	Provenance    Provenance
	Set           RegionalSet
	Regions       []Region
	Values        []RegionalValue
	AddIndustries []Industry
}

// Store keeps classifications, layers, regional values and provenance.
//
// Every Load is one transaction: on any error the store is exactly as it was.
// Every successful Load increases Version, which caches of derived results
// (snapshots, algorithm results, renders) use as their key.
//
// Errors are *Error: ENOTFOUND for an unknown classification, industry, layer
// or region; EINVALID for a load that references unknown codes or is
// malformed; ECONFLICT for a load that would break data already stored;
// EUNAVAILABLE when the store cannot be reached.
type Store interface {
	LoadIndustries(ctx context.Context, l IndustriesLoad) (Dataset, error)
	LoadLayer(ctx context.Context, l LayerLoad) (Dataset, error)
	LoadRegional(ctx context.Context, l RegionalLoad) (Dataset, error)

	// Version is a number that grows with every successful load.
	Version(ctx context.Context) (int64, error)
	Datasets(ctx context.Context) ([]Dataset, error)

	Classifications(ctx context.Context) ([]Classification, error)
	// Industries returns a classification's industries ordered by level, then code.
	Industries(ctx context.Context, classification string) ([]Industry, error)
	Industry(ctx context.Context, classification, code string) (Industry, error)

	// Layers returns every layer ordered by name, then period.
	Layers(ctx context.Context) ([]Layer, error)
	// Layer returns one layer; period "" selects the latest period of that name.
	Layer(ctx context.Context, name, period string) (Layer, error)
	// Links calls fn for every link of a layer, in no particular order, and
	// stops at the first error fn returns.
	Links(ctx context.Context, name, period string, fn func(Link) error) error
	// Neighbours returns the industries linked to q.Code on a layer, ordered by
	// Value descending, then code. Both directions of a directed layer are
	// merged: Count is their sum and Value their maximum. Self-links are never
	// neighbours.
	Neighbours(ctx context.Context, q NeighbourQuery) ([]Neighbour, error)

	Regions(ctx context.Context) ([]Region, error)
	// RegionalSets returns every loaded set of regional values.
	RegionalSets(ctx context.Context) ([]RegionalSet, error)
	// RegionalValues returns every value of one set.
	RegionalValues(ctx context.Context, set RegionalSet) ([]RegionalValue, error)

	// Ping checks that the store can be reached.
	Ping(ctx context.Context) error
	Close() error
}
