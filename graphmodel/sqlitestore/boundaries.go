package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/domainscope/domainscope/graphmodel"
)

var _ graphmodel.BoundaryStore = (*Store)(nil)

// LoadBoundaries replaces the region boundaries (see graphmodel.BoundaryStore).
func (s *Store) LoadBoundaries(ctx context.Context, l graphmodel.BoundariesLoad) (graphmodel.Dataset, error) {
	if err := s.ready(&l); err != nil {
		return graphmodel.Dataset{}, err
	}
	var ds graphmodel.Dataset
	return written(&ds, s.write(ctx, "loading region boundaries", func(tx *sql.Tx) error {
		regions, err := regionSet(ctx, tx)
		if err != nil {
			return err
		}
		if err := l.CheckRegions(func(id string) bool { return regions[id] }); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM region_shapes`); err != nil {
			return err
		}
		if ds, err = s.replaceDataset(ctx, tx, graphmodel.DatasetBoundaries, graphmodel.BoundariesTarget, int64(len(l.Shapes)), l.Provenance); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO region_shapes (region_id, geometry) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, sh := range l.Shapes {
			if _, err := ins.ExecContext(ctx, sh.Region, string(sh.Geometry)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Boundaries returns the stored region shapes ordered by region.
func (s *Store) Boundaries(ctx context.Context) ([]graphmodel.RegionShape, error) {
	return list(ctx, s, "reading region boundaries", func(sc rowScanner) (graphmodel.RegionShape, error) {
		var sh graphmodel.RegionShape
		var g string
		err := sc.Scan(&sh.Region, &g)
		sh.Geometry = json.RawMessage(g)
		return sh, err
	}, `SELECT region_id, geometry FROM region_shapes ORDER BY region_id`)
}
