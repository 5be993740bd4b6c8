package demo

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

// LoadOptions returns the options with which ingest.Load reads f, as
// 'domainscope demo' loads it; rel says how the layers' relatedness is
// computed.
func (f File) LoadOptions(rel ingest.RelatednessOptions) ingest.Options {
	layer := graphmodel.Layer{Name: f.Layer, Period: f.Period, Classification: f.Classification}
	set := graphmodel.RegionalSet{Measure: graphmodel.Measure(f.Options[optionMeasure]), Classification: f.Classification, Period: f.Period}
	switch f.Kind {
	case KindIndustries:
		return ingest.IndustriesOptions{Classification: f.Classification, LevelNames: []string{"section", "division"}}
	case KindSpells:
		return ingest.SpellOptions{Layer: layer, FromPeriod: f.Options[optionFrom], ToPeriod: f.Options[optionTo], Relatedness: rel}
	case KindPatents:
		frac, _ := strconv.ParseBool(f.Options["fractional"])
		return ingest.PatentOptions{Layer: layer, Fractional: frac, Relatedness: rel}
	case KindEmploymentLong, KindPatentsRegionalLong, KindPublicationsLong:
		return ingest.RegionalLongOptions{Set: set}
	}
	return nil // ingest.Load reports a file it cannot load
}

// Threshold is the relatedness above which the demo's labour links count:
// the demo is a small sample (about 35,000 moves over 88 divisions), so links
// with a normalised ratio just above 0 are mostly noise; 0.3 means R > 1.86,
// at least 86% more moves than expected.
var Threshold = 0.3

// Build writes the demo data of seed into dir and loads every file into st
// through ingest.Load, as 'domainscope ingest' does, marking each load's
// provenance synthetic; loaded is called with each new dataset.
func Build(ctx context.Context, st graphmodel.Store, dir string, seed int64, loaded func(graphmodel.Dataset) error) error {
	files, err := Write(dir, seed)
	if err != nil {
		return err
	}
	for _, f := range files {
		ds, err := ingest.Load(ctx, synthetic{st}, f.Path, f.LoadOptions(ingest.RelatednessOptions{Threshold: &Threshold}))
		if err == nil {
			err = loaded(ds)
		}
		if err != nil {
			return fmt.Errorf("demo file %s: %w", filepath.Base(f.Path), err)
		}
	}
	return nil
}

// synthetic is a loader that marks every load's provenance "synthetic".
type synthetic struct{ graphmodel.Store }

func mark(p graphmodel.Provenance) graphmodel.Provenance {
	if p.Options == nil {
		p.Options = map[string]string{}
	}
	p.Options["synthetic"] = "true"
	return p
}

func (s synthetic) LoadIndustries(ctx context.Context, l graphmodel.IndustriesLoad) (graphmodel.Dataset, error) {
	l.Provenance = mark(l.Provenance)
	return s.Store.LoadIndustries(ctx, l)
}

func (s synthetic) LoadLayer(ctx context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error) {
	l.Provenance = mark(l.Provenance)
	return s.Store.LoadLayer(ctx, l)
}

func (s synthetic) LoadRegional(ctx context.Context, l graphmodel.RegionalLoad) (graphmodel.Dataset, error) {
	l.Provenance = mark(l.Provenance)
	return s.Store.LoadRegional(ctx, l)
}
