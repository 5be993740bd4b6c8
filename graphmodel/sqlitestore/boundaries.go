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
	if err := s.check(); err != nil {
		return graphmodel.Dataset{}, err
	}
	if err := l.Validate(); err != nil {
		return graphmodel.Dataset{}, err
	}
	var ds graphmodel.Dataset
	err := s.write(ctx, "loading region boundaries", func(tx *sql.Tx) error {
		stored, err := strings1(ctx, tx, `SELECT id FROM regions`)
		if err != nil {
			return err
		}
		regions := make(map[string]bool, len(stored))
		for _, id := range stored {
			regions[id] = true
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
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return ds, nil
}

// Boundaries returns the stored region shapes ordered by region.
func (s *Store) Boundaries(ctx context.Context) ([]graphmodel.RegionShape, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT region_id, geometry FROM region_shapes ORDER BY region_id`)
	if err != nil {
		return nil, s.fail(ctx, err, "reading region boundaries")
	}
	defer rows.Close()
	var out []graphmodel.RegionShape
	for rows.Next() {
		var sh graphmodel.RegionShape
		var g string
		if err := rows.Scan(&sh.Region, &g); err != nil {
			return nil, s.fail(ctx, err, "reading region boundaries")
		}
		sh.Geometry = json.RawMessage(g)
		out = append(out, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, err, "reading region boundaries")
	}
	return out, nil
}
