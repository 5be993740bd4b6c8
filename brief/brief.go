// Package brief renders analysis results as a workshop handout: one
// self-contained HTML file (inline CSS and SVG, no external reference) laid
// out for A4 print, and a zip of every table as CSV. It computes nothing:
// every number comes from package analysis.
package brief

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
)

//go:embed brief.html.tmpl
var files embed.FS

var page = template.Must(template.New("brief.html.tmpl").ParseFS(files, "brief.html.tmpl"))

// KeyNumber is one headline figure.
type KeyNumber struct{ Label, Value string }

// Table is one table of the brief; Name is its CSV file name (without .csv).
type Table struct {
	Name    string
	Heading string
	Intro   string
	Columns []string
	Rows    [][]string
	// Numeric marks the columns aligned right.
	Numeric []bool
}

// Param is a parameter or a provenance line.
type Param struct{ Name, Value string }

// Document is a brief ready to render.
type Document struct {
	Kind     string // region, domain or hypothesis
	Title    string
	Subtitle string
	Key      []KeyNumber
	// Diagram is an SVG element (sanitised by SetDiagram); DiagramNote says
	// why there is none, or what it shows.
	Diagram     template.HTML
	DiagramNote string
	Tables      []Table
	Params      []Param
	Provenance  []Param
	Caveats     []string
	Generated   time.Time
}

// DiagramRenderer draws a graph view (viz.Renderer does).
type DiagramRenderer interface {
	Render(ctx context.Context, v *analysis.GraphView, format string, opt viz.Options) ([]byte, error)
}

var (
	svgProlog = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)
	svgXMLNS  = regexp.MustCompile(`\s+xmlns(:\w+)?="[^"]*"`)
	svgAnchor = regexp.MustCompile(`(?s)</?a(\s[^>]*)?>`)
	svgHref   = regexp.MustCompile(`\s+(xlink:)?href="[^"#][^"]*"`)
	svgURL    = regexp.MustCompile(`(?i)https?://`)
)

// SetDiagram inlines an SVG drawing: the XML prolog, doctype and namespace
// declarations (URLs, not needed inline in HTML) and any link are removed;
// an SVG that still names a URL is refused and noted instead.
func (d *Document) SetDiagram(svg []byte, note string) {
	s := svgProlog.ReplaceAllString(string(svg), "$1")
	s = svgXMLNS.ReplaceAllString(s, "")
	s = svgAnchor.ReplaceAllString(s, "")
	s = svgHref.ReplaceAllString(s, "")
	if !strings.HasPrefix(s, "<svg") || svgURL.MatchString(s) {
		d.DiagramNote = "The diagram was left out: its SVG referred to an external resource."
		return
	}
	s = strings.Replace(s, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(note)+`"`, 1)
	d.Diagram = template.HTML(s) // #nosec: sanitised above, produced by Graphviz from our DOT
	d.DiagramNote = note
}

// WriteHTML writes the brief as one HTML file.
func (d *Document) WriteHTML(w io.Writer) error {
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteZip writes every table as NAME.csv (header row, then the rows) into
// a zip, with parameters.csv and provenance.csv.
func (d *Document) WriteZip(w io.Writer) error {
	z := zip.NewWriter(w)
	put := func(name string, header []string, rows [][]string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name + ".csv", Method: zip.Deflate, Modified: d.Generated})
		if err != nil {
			return err
		}
		cw := csv.NewWriter(f)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	}
	for _, t := range d.Tables {
		if err := put(t.Name, t.Columns, t.Rows); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		name string
		ps   []Param
	}{{"parameters", d.Params}, {"provenance", d.Provenance}} {
		rows := make([][]string, len(p.ps))
		for i, x := range p.ps {
			rows[i] = []string{x.Name, x.Value}
		}
		if err := put(p.name, []string{"name", "value"}, rows); err != nil {
			return err
		}
	}
	return z.Close()
}

// Maker builds briefs from an analyzer; Renderer may be nil (no diagram).
type Maker struct {
	Analyzer *analysis.Analyzer
	Renderer DiagramRenderer
	Now      func() time.Time
}

func (m *Maker) now() time.Time {
	if m.Now != nil {
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

// diagram renders v into d, or notes why it could not.
func (m *Maker) diagram(ctx context.Context, d *Document, v *analysis.GraphView, err error, what string) {
	if err != nil {
		d.DiagramNote = "No diagram: " + err.Error()
		return
	}
	if m.Renderer == nil {
		d.DiagramNote = "No diagram: the Graphviz worker (domainscope-graphviz) is not available; the tables below hold every number."
		return
	}
	opt := viz.DefaultOptions()
	svg, err := m.Renderer.Render(ctx, v, "svg", opt)
	if err != nil {
		d.DiagramNote = "No diagram: " + err.Error()
		return
	}
	d.SetDiagram(svg, what)
}

// provenance lists the layers and datasets a result was computed from.
func (m *Maker) provenance(ctx context.Context, p analysis.Provenance, extra ...int64) []Param {
	out := []Param{{"Store version", fmt.Sprint(p.StoreVersion)}, {"Classification", p.Classification}}
	ds, err := m.Analyzer.Store.Datasets(ctx)
	byID := map[int64]graphmodel.Dataset{}
	if err == nil {
		for _, d := range ds {
			byID[d.ID] = d
		}
	}
	for i, l := range p.Layers {
		v := fmt.Sprintf("%s@%s, %s, threshold %s", l.Name, l.Period, l.Kind, num(p.Thresholds[i]))
		if d, ok := byID[l.Dataset]; ok {
			v += fmt.Sprintf("; dataset %d from %s (%d rows, sha256 %.12s…, loaded %s)", d.ID, d.Source, d.Rows, d.SHA256, d.LoadedAt.Format("2006-01-02"))
		}
		out = append(out, Param{"Layer", v})
	}
	for _, d := range ds {
		if d.Kind != graphmodel.DatasetLayer {
			out = append(out, Param{"Dataset " + d.Kind, fmt.Sprintf("%s: %d from %s (%d rows, loaded %s)", d.Target, d.ID, d.Source, d.Rows, d.LoadedAt.Format("2006-01-02"))})
		}
	}
	return out
}

func layerParam(p analysis.Provenance) string {
	var s []string
	for _, l := range p.Layers {
		s = append(s, l.Name+"@"+l.Period)
	}
	return strings.Join(s, ", ")
}
