package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// CSV parts: the CSV export is a zip of these three files, and each can be
// asked for alone.
const (
	PartNodes  = "nodes"
	PartEdges  = "edges"
	PartParams = "params"
)

// NodeColumns, EdgeColumns and ParamColumns are the header rows of the CSV parts.
var (
	NodeColumns  = []string{"id", "label", "sector", "sector_name", "domain", "strength", "employment", "bridging", "seed", "hops", "color", "size", "domain_label", "region_role", "lq", "density"}
	EdgeColumns  = []string{"source", "target", "layer", "weight", "count", "q_value", "cross_domain"}
	ParamColumns = []string{"key", "value"}
)

// CSVPart writes one part of the CSV export: "nodes" (one row per node,
// NodeColumns; empty cells where employment or bridging are unknown, and
// domain_label where the node is in no domain of the view, and region_role,
// lq and density outside region views),
// "edges" (one row per link and layer, EdgeColumns; q_value empty on layers
// without evidence) or "params" (key,value
// rows: title, truncated, param.<name> for every parameter and
// provenance.* for the store version, classification and each layer).
func CSVPart(w io.Writer, v *analysis.GraphView, part string) error {
	cw := csv.NewWriter(w)
	switch part {
	case PartNodes:
		_ = cw.Write(NodeColumns)
		sizes, _ := NodeSizes(v)
		colors := Colors(v)
		labels := domainLabels(v)
		for i, n := range v.Nodes {
			_ = cw.Write([]string{n.ID, n.Label, n.Sector, n.SectorName, strconv.Itoa(n.Domain), fmtG(n.Strength), optFloat(n.Employment), optFloat(n.Bridging),
				fmtBool(n.Seed), strconv.Itoa(n.Hops), colors[i], fmtG(sizes[i]), labels[n.Domain], n.RegionRole, optFloat(n.LQ), optFloat(n.Density)})
		}
	case PartEdges:
		_ = cw.Write(EdgeColumns)
		for _, l := range v.Links {
			_ = cw.Write([]string{l.Source, l.Target, l.Layer, fmtG(l.Weight), fmtG(l.Count), optFloat(l.QValue), fmtBool(l.CrossDomain)})
		}
	case PartParams:
		_ = cw.Write(ParamColumns)
		for _, kv := range ParamRows(v) {
			_ = cw.Write(kv[:])
		}
	default:
		return graphmodel.Errorf(graphmodel.EINVALID, "part %q: expected nodes, edges or params", part)
	}
	cw.Flush()
	return cw.Error()
}

// ParamRows lists the view's title, parameters and provenance as key-value pairs.
func ParamRows(v *analysis.GraphView) [][2]string {
	rows := [][2]string{{"title", v.Title}, {"truncated", fmtBool(v.Truncated)}}
	for _, k := range paramKeys(v) {
		rows = append(rows, [2]string{"param." + k, v.Params[k]})
	}
	p := v.Provenance
	rows = append(rows, [2]string{"provenance.store_version", strconv.FormatInt(p.StoreVersion, 10)},
		[2]string{"provenance.classification", p.Classification})
	for i, l := range p.Layers {
		pre := "provenance.layer." + strconv.Itoa(i)
		t := l.Threshold
		if i < len(p.Thresholds) {
			t = p.Thresholds[i]
		}
		rows = append(rows, [2]string{pre, l.Key()}, [2]string{pre + ".kind", string(l.Kind)},
			[2]string{pre + ".method", l.Method}, [2]string{pre + ".threshold", fmtG(t)},
			[2]string{pre + ".dataset", strconv.FormatInt(l.Dataset, 10)}, [2]string{pre + ".version", strconv.FormatInt(l.Version, 10)})
	}
	return rows
}

// CSVZip writes the CSV export: a zip holding nodes.csv, edges.csv and
// params.csv (see CSVPart). Entries carry no time stamps, so the same view
// gives the same bytes.
func CSVZip(v *analysis.GraphView) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range []string{PartNodes, PartEdges, PartParams} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part + ".csv", Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if err := CSVPart(f, v, part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
