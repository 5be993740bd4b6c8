package demo

import (
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
