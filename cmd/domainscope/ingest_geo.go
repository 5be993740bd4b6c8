package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

func (a *app) ingestRegionsGeo() *cobra.Command {
	var o ingest.BoundariesOptions
	cmd := &cobra.Command{
		Use:   "regions-geo FILE",
		Short: "Load region boundaries for the map: a GeoJSON FeatureCollection of Polygons or MultiPolygons",
		Long: fmt.Sprintf(`Load the outlines of the regions from a GeoJSON FeatureCollection (RFC 7946).
--id-property names the feature property that holds each region's ID or name; it is
matched to the stored regions by ID, by name (ignoring case) or by the ID made from
the name. Features that match no region are left out, regions that no feature matches
are drawn as tiles; both are listed. A file that is not GeoJSON, or in which no
feature matches a region, loads nothing. A load replaces the boundaries loaded before.
Limits: %d MiB of GeoJSON, %d vertices in all, %d regions (simplify detailed
boundaries first, e.g. mapshaper -simplify 5%%). Coordinates are drawn as given
(longitude/latitude, or projected metres).`, ingest.MaxGeoJSONBytes>>20, graphmodel.MaxBoundaryVertices, graphmodel.MaxBoundaryShapes),
		Example: `  domainscope ingest regions-geo uk_regions.geojson --id-property rgn_name`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			ds, err := ingest.Load(ctx, st, args[0], o)
			if err != nil {
				return err
			}
			if err := a.reportLoad(ds); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "  matched %s regions by %q; features matching no region: %s; regions without a shape: %s\n",
				ds.Options["matched"], ds.Options["id_property"], ds.Options["unmatched_features"], ds.Options["regions_without_shape"])
			return nil
		},
	}
	cmd.Flags().StringVar(&o.IDProperty, "id-property", "", "feature property holding the region ID or name (required)")
	_ = cmd.MarkFlagRequired("id-property")
	return cmd
}
