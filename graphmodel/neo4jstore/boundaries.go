package neo4jstore

import (
	"context"
	"encoding/json"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/domainscope/domainscope/graphmodel"
)

// Region boundaries (graphmodel.BoundaryStore) are the property boundary of
// each (:Region) node: its GeoJSON geometry as compact JSON text. A load
// replaces them all in one transaction (they are small beside the links:
// at most graphmodel.MaxBoundaryVertices positions).

var _ graphmodel.BoundaryStore = (*Store)(nil)

// LoadBoundaries replaces the region boundaries (see graphmodel.BoundaryStore).
func (s *Store) LoadBoundaries(ctx context.Context, l graphmodel.BoundariesLoad) (graphmodel.Dataset, error) {
	if err := s.ready(&l); err != nil {
		return graphmodel.Dataset{}, err
	}
	const what = "loading region boundaries"
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	rows := make([]any, len(l.Shapes))
	for i, sh := range l.Shapes {
		rows[i] = map[string]any{"id": sh.Region, "geometry": string(sh.Geometry)}
	}
	return writeTx(ctx, s, what, func(tx neo4j.ManagedTransaction) (graphmodel.Dataset, error) {
		stored, err := strings1(ctx, tx, `MATCH (g:Region) RETURN g.id`, nil)
		if err != nil {
			return graphmodel.Dataset{}, err
		}
		regions := make(map[string]bool, len(stored))
		for _, id := range stored {
			regions[id] = true
		}
		if err := l.CheckRegions(func(id string) bool { return regions[id] }); err != nil {
			return graphmodel.Dataset{}, err
		}
		version, id, err := bumpVersion(ctx, tx, true)
		if err != nil {
			return graphmodel.Dataset{}, err
		}
		if err := run(ctx, tx, `MATCH (g:Region) WHERE g.boundary IS NOT NULL REMOVE g.boundary`, nil); err != nil {
			return graphmodel.Dataset{}, err
		}
		if err := run(ctx, tx, `UNWIND $rows AS r MATCH (g:Region {id: r.id}) SET g.boundary = r.geometry`, map[string]any{"rows": rows}); err != nil {
			return graphmodel.Dataset{}, err
		}
		return replaceDataset(ctx, tx, id, version, graphmodel.DatasetBoundaries, graphmodel.BoundariesTarget, int64(len(l.Shapes)), l.Provenance)
	})
}

// Boundaries returns the stored region shapes ordered by region.
func (s *Store) Boundaries(ctx context.Context) ([]graphmodel.RegionShape, error) {
	return readTx(ctx, s, "reading region boundaries", func(tx neo4j.ManagedTransaction) ([]graphmodel.RegionShape, error) {
		var out []graphmodel.RegionShape
		err := each(ctx, tx, `MATCH (g:Region) WHERE g.boundary IS NOT NULL RETURN g.id, g.boundary ORDER BY g.id`, nil, func(rec *neo4j.Record) error {
			id, err := getString(rec, 0)
			if err != nil {
				return err
			}
			g, err := getString(rec, 1)
			out = append(out, graphmodel.RegionShape{Region: id, Geometry: json.RawMessage(g)})
			return err
		})
		return out, err
	})
}
