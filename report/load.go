package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

// Load writes what a load stored: rows read, records stored, the dataset
// and store version, the rows skipped for unknown codes, and for region
// boundaries how the features matched the stored regions.
func Load(w io.Writer, ds graphmodel.Dataset) error {
	p := &printer{w: w}
	p.printf("loaded %s %s from %s: %d rows read, %d records stored (dataset %d, store version %d)\n",
		ds.Kind, ds.Target, ds.Source, ds.Rows, ds.Records, ds.ID, ds.Version)
	if n := ds.Options["skipped_rows"]; n != "" {
		p.printf("  skipped %s rows with codes not in the classification: %s\n", n, ds.Options["skipped_codes"])
	}
	if ds.Kind == graphmodel.DatasetBoundaries {
		p.printf("  matched %s regions by %q; features matching no region: %s; regions without a shape: %s\n",
			ds.Options["matched"], ds.Options["id_property"], ds.Options["unmatched_features"], ds.Options["regions_without_shape"])
	}
	return p.err
}

// Mapped writes what a concordance did, from the provenance options of
// the mapped links (ingest.ReadConcorded).
func Mapped(w io.Writer, o map[string]string) error {
	p := &printer{w: w}
	p.printf("mapped %s links through %s into %s links (%s split over several new codes",
		o["concordance_links_in"], o["concordance"], o["concordance_links_out"], o["concordance_split_links"])
	if codes := o["unmapped_codes"]; codes != "" {
		p.printf("; %d codes not in the concordance %s", len(strings.Split(codes, ",")), map[string]string{
			ingest.UnmappedDrop: "dropped", ingest.UnmappedKeep: "kept unchanged"}[o["unmapped"]])
	}
	p.printf(")\n")
	return p.err
}

// LinkCounts is links as from,to,count rows, counts in the shortest exact
// decimal form.
func LinkCounts(links []graphmodel.Link) Table {
	t := Table{Header: []string{"from", "to", "count"}}
	for _, l := range links {
		t.Add(l.From, l.To, strconv.FormatFloat(l.Count, 'g', -1, 64))
	}
	return t
}
