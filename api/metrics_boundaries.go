package api

import (
	"context"

	"github.com/domainscope/domainscope/graphmodel"
)

// The boundaries of the store behind the error-counting wrapper, so that
// uploads (ingest.Load) and the map (analysis.Map) reach them.

var _ graphmodel.BoundaryStore = (*countingStore)(nil)

func (s *countingStore) boundaryStore() (graphmodel.BoundaryStore, error) {
	if bs, ok := s.Store.(graphmodel.BoundaryStore); ok {
		return bs, nil
	}
	return nil, graphmodel.Errorf(graphmodel.EINVALID, "this store keeps no region boundaries")
}

func (s *countingStore) LoadBoundaries(ctx context.Context, l graphmodel.BoundariesLoad) (graphmodel.Dataset, error) {
	bs, err := s.boundaryStore()
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	v, err := bs.LoadBoundaries(ctx, l)
	s.count("LoadBoundaries", err)
	return v, err
}

func (s *countingStore) Boundaries(ctx context.Context) ([]graphmodel.RegionShape, error) {
	bs, err := s.boundaryStore()
	if err != nil {
		return nil, nil // no boundaries: the map draws tiles
	}
	v, err := bs.Boundaries(ctx)
	s.count("Boundaries", err)
	return v, err
}
