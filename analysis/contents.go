package analysis

import (
	"context"

	"github.com/domainscope/domainscope/graphmodel"
)

// Contents is what a store holds.
type Contents struct {
	Version         int64                       `json:"version"`
	Classifications []graphmodel.Classification `json:"classifications"`
	Layers          []graphmodel.Layer          `json:"layers"`
	RegionalSets    []graphmodel.RegionalSet    `json:"regional_sets"`
	Regions         []graphmodel.Region         `json:"regions"`
	// Datasets are the loads that made the store, with their provenance.
	Datasets []graphmodel.Dataset `json:"datasets"`
}

// Contents reads what the store holds: its version, classifications,
// layers, regional sets, regions and datasets, each as the store lists them.
func (a *Analyzer) Contents(ctx context.Context) (*Contents, error) {
	var c Contents
	var err error
	if c.Version, err = a.Store.Version(ctx); err != nil {
		return nil, err
	}
	if c.Classifications, err = a.Store.Classifications(ctx); err != nil {
		return nil, err
	}
	if c.Layers, err = a.Store.Layers(ctx); err != nil {
		return nil, err
	}
	if c.RegionalSets, err = a.Store.RegionalSets(ctx); err != nil {
		return nil, err
	}
	if c.Regions, err = a.Store.Regions(ctx); err != nil {
		return nil, err
	}
	if c.Datasets, err = a.Store.Datasets(ctx); err != nil {
		return nil, err
	}
	return &c, nil
}
