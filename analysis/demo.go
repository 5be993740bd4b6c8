package analysis

import "context"

// DemoOverview is what a strategist looks at first in the demo store
// (ingest/demo): the candidate cross-sector domains, the bridging sectors
// between them, one region, and the industries most related to food
// manufacturing (NACE 10) and to software (NACE 62).
type DemoOverview struct {
	Domains    *DomainsResult      `json:"domains"`
	Bridges    *BridgesResult      `json:"bridges"`
	Region     *RegionResult       `json:"region"`
	Neighbours []*NeighboursResult `json:"neighbours"`
}

// DemoLayer is the demo store's labour layer that the overview analyses.
const DemoLayer = "labour@2010-2019"

// DemoOverview analyses the demo store: domains of DemoLayer at resolution 1
// over 10 seeded runs, the top 5 bridges, region "eastvale" (5
// opportunities, at least 2 related specialisations) and the top 5
// neighbours of NACE divisions 10 and 62.
func (an *Analyzer) DemoOverview(ctx context.Context) (*DemoOverview, error) {
	dreq := DomainsRequest{GraphRequest: GraphRequest{Layers: []string{DemoLayer}}, Resolution: 1, Seed: 1, Runs: 10}
	var ov DemoOverview
	var err error
	if ov.Domains, err = an.Domains(ctx, dreq); err != nil {
		return nil, err
	}
	if ov.Bridges, err = an.Bridges(ctx, BridgesRequest{DomainsRequest: dreq, Top: 5}); err != nil {
		return nil, err
	}
	if ov.Region, err = an.Region(ctx, RegionRequest{DomainsRequest: dreq, Region: "eastvale", MinRelated: 2, Opportunities: 5}); err != nil {
		return nil, err
	}
	for _, code := range []string{"10", "62"} {
		n, err := an.Neighbours(ctx, NeighboursRequest{Layer: DemoLayer, Code: code, Top: 5})
		if err != nil {
			return nil, err
		}
		ov.Neighbours = append(ov.Neighbours, n)
	}
	return &ov, nil
}
