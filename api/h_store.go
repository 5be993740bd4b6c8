package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

func (s *Server) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// ready answers 200 when the store can be reached, 503 otherwise.
func (s *Server) ready(c *gin.Context) {
	ctx := c.Request.Context()
	if s.failed(c, s.store.Ping(ctx)) {
		return
	}
	v, err := s.store.Version(ctx)
	if s.failed(c, err) {
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ready", "store_version": v})
}

// Limits are the server's request limits, as /meta reports them.
type Limits struct {
	DefaultMaxNodes  int     `json:"default_max_nodes"`
	MaxNodes         int     `json:"max_nodes"`
	MaxHops          int     `json:"max_hops"`
	MaxSeeds         int     `json:"max_seeds"`
	MaxRuns          int     `json:"max_runs"`
	MaxBodyBytes     int64   `json:"max_body_bytes"`
	TimeoutSeconds   float64 `json:"timeout_seconds"`
	HeavyConcurrency int     `json:"heavy_concurrency"`
	PageLimit        int     `json:"page_limit"`
}

// Meta is what /meta answers: everything loaded, with provenance, and how
// the server is configured.
type Meta struct {
	API             string                      `json:"api"`
	StoreVersion    int64                       `json:"store_version"`
	Classifications []graphmodel.Classification `json:"classifications"`
	Layers          []graphmodel.Layer          `json:"layers"`
	// Periods lists each layer name's periods, oldest first.
	Periods map[string][]string `json:"periods"`
	// DefaultPeriods maps each layer name to the period a request that
	// names none uses (analysis.DefaultPeriod: the pooled, longest one).
	DefaultPeriods map[string]string        `json:"default_periods"`
	DefaultLayers  []string                 `json:"default_layers"`
	RegionalSets   []graphmodel.RegionalSet `json:"regional_sets"`
	Regions        []graphmodel.Region      `json:"regions"`
	Datasets       []graphmodel.Dataset     `json:"datasets"`
	Formats        []export.Format          `json:"formats"`
	Limits         Limits                   `json:"limits"`
	Uploads        bool                     `json:"uploads"`
	Rendering      bool                     `json:"rendering"`
}

// Limits of list endpoints.
const (
	maxSeeds = 100
	maxRuns  = 100
	// maxNullSamples caps the rewirings of the domains' significance test.
	maxNullSamples = 2000
	maxPage        = 500
	defaultPage    = 50
	maxTop         = 1000
	defaultTop     = 10
	defaultRuns    = 10
	maxRegionTop   = 500
	maxSamples     = 100000 // betweenness sources (more than the nodes: exact)
	maxLayers      = 16     // layers of one multiplex analysis
	maxDomainID    = 1 << 30
)

func (s *Server) limitsInfo() Limits {
	return Limits{DefaultMaxNodes: s.cfg.MaxNodes, MaxNodes: s.cfg.MaxNodesLimit, MaxHops: s.cfg.MaxHops, MaxSeeds: maxSeeds,
		MaxRuns: maxRuns, MaxBodyBytes: s.cfg.MaxBodyBytes, TimeoutSeconds: s.cfg.Timeout.Seconds(),
		HeavyConcurrency: s.cfg.HeavyConcurrency, PageLimit: maxPage}
}

func (s *Server) meta(c *gin.Context) {
	s.cached(c, false, "", func(ctx context.Context) (*rep, error) {
		m := Meta{API: "v1", Formats: export.Formats, Limits: s.limitsInfo(), Uploads: s.cfg.UploadToken != "", Rendering: s.cfg.Renderer != nil, Periods: map[string][]string{}}
		var err error
		if m.StoreVersion, err = s.store.Version(ctx); err != nil {
			return nil, err
		}
		if m.Classifications, err = s.store.Classifications(ctx); err != nil {
			return nil, err
		}
		if m.Layers, err = s.store.Layers(ctx); err != nil {
			return nil, err
		}
		m.DefaultPeriods = map[string]string{}
		for _, l := range m.Layers {
			m.Periods[l.Name] = append(m.Periods[l.Name], l.Period)
		}
		for name, ps := range m.Periods {
			m.DefaultPeriods[name], _ = analysis.DefaultPeriod(ps)
		}
		if m.RegionalSets, err = s.store.RegionalSets(ctx); err != nil {
			return nil, err
		}
		if m.Regions, err = s.store.Regions(ctx); err != nil {
			return nil, err
		}
		if m.Datasets, err = s.store.Datasets(ctx); err != nil {
			return nil, err
		}
		for i := range m.Datasets {
			m.Datasets[i].Source = publicSource(m.Datasets[i].Source)
		}
		if len(m.Layers) > 0 {
			if m.DefaultLayers, err = s.defaultLayers(ctx); err != nil {
				return nil, err
			}
		}
		return jsonRep(m)
	})
}

// publicSource shows a dataset's source without the server's temporary
// upload directory: a file uploaded through POST /datasets is loaded from
// TMP/domainscope-upload-*/NAME and is shown as NAME (the client's file
// name, made safe).
func publicSource(src string) string {
	dir, name := filepath.Split(src)
	if strings.HasPrefix(filepath.Base(filepath.Clean(dir)), "domainscope-upload-") && filepath.Clean(filepath.Dir(filepath.Clean(dir))) == filepath.Clean(os.TempDir()) {
		return name
	}
	return src
}

// layers returns the store's layers (cached per store version).
func (s *Server) layers(ctx context.Context) ([]graphmodel.Layer, error) {
	return result(ctx, s, "layers", func() ([]graphmodel.Layer, error) { return s.store.Layers(ctx) })
}

// defaultLayers are the layers of requests that name none: the configured
// ones, else "labour" when loaded, else the first layer.
func (s *Server) defaultLayers(ctx context.Context) ([]string, error) {
	if len(s.cfg.DefaultLayers) > 0 {
		return s.cfg.DefaultLayers, nil
	}
	ls, err := s.layers(ctx)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no layers are loaded: load one with 'domainscope ingest' or POST /api/v1/datasets")
	}
	for _, l := range ls {
		if l.Name == "labour" {
			return []string{"labour"}, nil
		}
	}
	return []string{ls[0].Name}, nil
}

// defaultLayer fills an empty layer name with the first default layer.
func (s *Server) defaultLayer(ctx context.Context, layer *string) error {
	if *layer != "" {
		return nil
	}
	ls, err := s.defaultLayers(ctx)
	if err != nil {
		return err
	}
	*layer = ls[0]
	return nil
}

// industriesOf returns a classification's industries (cached per store version).
func (s *Server) industriesOf(ctx context.Context, class string) ([]graphmodel.Industry, error) {
	return result(ctx, s, "industries|"+class, func() ([]graphmodel.Industry, error) { return s.store.Industries(ctx, class) })
}

// classIndustries returns a classification's industries and the names of
// its levels (none when the store does not know the classification).
func (s *Server) classIndustries(ctx context.Context, class string) ([]graphmodel.Industry, []string, error) {
	all, err := s.industriesOf(ctx, class)
	if err != nil {
		return nil, nil, err
	}
	cls, err := s.store.Classifications(ctx)
	if err != nil {
		return nil, nil, err
	}
	var levels []string
	for _, cl := range cls {
		if cl.Name == class {
			levels = cl.Levels
		}
	}
	return all, levels, nil
}

// classification returns the classification parameter, or by default the
// classification of the first default layer, or the only classification.
func (s *Server) classification(ctx context.Context, p params) (string, error) {
	if c := p.str("classification", ""); c != "" {
		return c, nil
	}
	if layers, err := s.defaultLayers(ctx); err == nil {
		name, period, _ := strings.Cut(layers[0], "@")
		l, err := analysis.ResolveLayer(ctx, s.store, name, period)
		if err != nil {
			return "", err
		}
		return l.Classification, nil
	}
	cs, err := s.store.Classifications(ctx)
	if err != nil {
		return "", err
	}
	switch len(cs) {
	case 0:
		return "", graphmodel.Errorf(graphmodel.ENOTFOUND, "no classification is loaded: load industries with 'domainscope ingest industries'")
	case 1:
		return cs[0].Name, nil
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return "", graphmodel.Errorf(graphmodel.EINVALID, "parameter classification is needed: expected one of %s", strings.Join(names, ", "))
}

// IndustryItem is an industry in search results and details.
type IndustryItem struct {
	graphmodel.Industry
	// QualifiedName prefixes names that say little alone with the parent's ("Education: Primary").
	QualifiedName string `json:"qualified_name"`
	LevelName     string `json:"level_name,omitempty"`
}

// IndustryPage is one page of industry search results.
type IndustryPage struct {
	Classification string         `json:"classification"`
	Query          string         `json:"q"`
	Total          int            `json:"total"` // matches over all pages
	Items          []IndustryItem `json:"items"`
	// NextCursor fetches the next page (absent on the last page).
	NextCursor   string `json:"next_cursor,omitempty"`
	StoreVersion int64  `json:"store_version"`
}

// industries searches a classification's industries by code or name. Order:
// exact code, code prefix, name word prefix, other name match; then level and code.
func (s *Server) industries(c *gin.Context) {
	pr := readParams(c)
	limit := pr.int("limit", defaultPage, 1, maxPage)
	if s.failed(c, pr.err) {
		return
	}
	p := pr.params // the closure keeps the parameters, not the reader
	s.cached(c, false, "", func(ctx context.Context) (*rep, error) {
		class, err := s.classification(ctx, p)
		if err != nil {
			return nil, err
		}
		version, err := s.version(ctx)
		if err != nil {
			return nil, err
		}
		offset := 0
		if cur := p.str("cursor", ""); cur != "" {
			if offset, err = decodeCursor(cur, version); err != nil {
				return nil, err
			}
		}
		all, levels, err := s.classIndustries(ctx, class)
		if err != nil {
			return nil, err
		}
		level := -1
		if lv := p.str("level", ""); lv != "" {
			if level, err = parseLevel(lv, levels); err != nil {
				return nil, err
			}
		}
		q := strings.ToLower(p.str("q", ""))
		type hit struct {
			in   graphmodel.Industry
			rank int
		}
		var hits []hit
		for _, in := range all {
			if level >= 0 && in.Level != level {
				continue
			}
			if r := matchRank(in, q); r >= 0 {
				hits = append(hits, hit{in, r})
			}
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank }) // store order within a rank: level, code
		page := IndustryPage{Classification: class, Query: p.str("q", ""), Total: len(hits), Items: []IndustryItem{}, StoreVersion: version}
		parents := names(all)
		offset = min(offset, len(hits)) // offset <= maxCursorOffset: offset+limit cannot overflow
		for _, h := range hits[offset:min(offset+limit, len(hits))] {
			page.Items = append(page.Items, industryItem(h.in, parents, levels))
		}
		if offset+limit < len(hits) {
			page.NextCursor = encodeCursor(version, offset+limit)
		}
		return jsonRep(page)
	})
}

func names(all []graphmodel.Industry) map[string]string {
	m := make(map[string]string, len(all))
	for _, in := range all {
		m[in.Code] = in.Name
	}
	return m
}

func industryItem(in graphmodel.Industry, names map[string]string, levels []string) IndustryItem {
	it := IndustryItem{Industry: in, QualifiedName: graphmodel.QualifiedName(in, names[in.Parent])}
	if in.Level >= 0 && in.Level < len(levels) {
		it.LevelName = levels[in.Level]
	}
	return it
}

// matchRank ranks how an industry matches a lower-case query: 0 exact code,
// 1 code prefix, 2 a name word starting with q, 3 q anywhere in the name or
// code; -1 no match. The empty query matches everything with rank 0.
func matchRank(in graphmodel.Industry, q string) int {
	if q == "" {
		return 0
	}
	code, name := strings.ToLower(in.Code), strings.ToLower(in.Name)
	switch {
	case code == q:
		return 0
	case strings.HasPrefix(code, q):
		return 1
	case strings.HasPrefix(name, q) || strings.Contains(name, " "+q):
		return 2
	case strings.Contains(name, q) || strings.Contains(code, q):
		return 3
	}
	return -1
}

func parseLevel(s string, levels []string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	for i, l := range levels {
		if strings.EqualFold(l, s) {
			return i, nil
		}
	}
	expected := "a level number from 0"
	if len(levels) > 0 {
		expected += " or a level name (" + strings.Join(levels, ", ") + ")"
	}
	return 0, badParam("level", s, expected)
}

// maxCursorOffset bounds the offset a cursor may carry (far above any
// classification's size), so that offset + limit cannot overflow.
const maxCursorOffset = 1 << 30

// Cursors are opaque to clients: the store version and the offset of the next page.
func encodeCursor(version int64, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v" + strconv.FormatInt(version, 10) + ":" + strconv.Itoa(offset)))
}

func decodeCursor(cur string, version int64) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(cur)
	v, off, ok := strings.Cut(strings.TrimPrefix(string(b), "v"), ":")
	cv, err1 := strconv.ParseInt(v, 10, 64)
	n, err2 := strconv.Atoi(off)
	if err != nil || !ok || err1 != nil || err2 != nil || n < 0 || n > maxCursorOffset {
		return 0, badParam("cursor", cur, "the next_cursor of a previous page")
	}
	if cv != version {
		return 0, graphmodel.Errorf(graphmodel.ECONFLICT, "the store changed (version %d to %d) since this cursor was issued: start again without cursor", cv, version)
	}
	return n, nil
}

// IndustryDetail is what /industries/{code} answers.
type IndustryDetail struct {
	IndustryItem
	Ancestors []IndustryItem `json:"ancestors"` // from the top level down
	Children  []IndustryItem `json:"children"`
	Metrics   *Metrics       `json:"metrics"` // nil when the industry has no link in the selected layers
	// Note explains a missing Metrics.
	Note       string              `json:"note,omitempty"`
	Params     map[string]string   `json:"params"`
	Provenance analysis.Provenance `json:"provenance"`
}

// Metrics are an industry's measures in the selected graph
// (analysis.BridgesResult.Industry).
type Metrics struct {
	Layers     []analysis.LayerDegree `json:"layers"`
	Strength   float64                `json:"strength"` // weighted degree over all selected layers
	Employment *float64               `json:"employment,omitempty"`
	Domain     *DomainRef             `json:"domain"`
	Bridging   *BridgingSector        `json:"bridging"`
}

// DomainRef names a knowledge domain.
type DomainRef struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	Size  int    `json:"size,omitempty"`
}

func (s *Server) industry(c *gin.Context) {
	p := readParams(c)
	code := c.Param("code")
	breq := bridgesRequest(p)
	if s.failed(c, p.err) {
		return
	}
	q := p.params // the closure keeps the parameters, not the reader
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		b, err := s.bridging(ctx, breq)
		if err != nil {
			return nil, err
		}
		snap := b.Domains().Snapshot()
		class := q.str("classification", snap.Classification)
		in, err := s.store.Industry(ctx, class, code)
		if err != nil {
			return nil, err
		}
		all, levels, err := s.classIndustries(ctx, class)
		if err != nil {
			return nil, err
		}
		nm := names(all)
		byCode := map[string]graphmodel.Industry{}
		for _, x := range all {
			byCode[x.Code] = x
		}
		d := IndustryDetail{IndustryItem: industryItem(in, nm, levels), Ancestors: []IndustryItem{}, Children: []IndustryItem{},
			Params: domainsParams(b.Domains().Request), Provenance: b.Provenance}
		for up, steps := in.Parent, 0; up != "" && steps < 64; steps++ {
			a, ok := byCode[up]
			if !ok {
				break
			}
			d.Ancestors = append([]IndustryItem{industryItem(a, nm, levels)}, d.Ancestors...)
			up = a.Parent
		}
		for _, x := range all {
			if x.Parent == in.Code {
				d.Children = append(d.Children, industryItem(x, nm, levels))
			}
		}
		im, ok := b.Industry(code)
		if class != snap.Classification || !ok {
			d.Note = "no metrics: the industry has no link in " + strings.Join(layerKeys(snap), " + ")
			return jsonRep(d)
		}
		m := &Metrics{Layers: im.Layers, Strength: im.Strength, Employment: im.Employment, Domain: domainRef(b.Domains(), im.Domain)}
		if im.Bridge != nil {
			bs := bridgingSector(b, *im.Bridge)
			m.Bridging = &bs
		}
		d.Metrics = m
		return jsonRep(d)
	})
}

func layerKeys(snap *analysis.Snapshot) []string {
	var out []string
	for _, l := range snap.Layers {
		out = append(out, l.Layer.Key())
	}
	return out
}

// NeighboursResult is what /industries/{code}/neighbours answers.
type NeighboursResult struct {
	Industry   IndustryItem           `json:"industry"`
	Layer      graphmodel.Layer       `json:"layer"`
	Neighbours []graphmodel.Neighbour `json:"neighbours"`
	Params     map[string]string      `json:"params"`
	// Relatedness is how the layer's values and evidence were computed
	// (analysis.NeighboursResult.Relatedness), when recorded.
	Relatedness map[string]string `json:"relatedness,omitempty"`
	Provenance  struct {
		StoreVersion int64 `json:"store_version"`
		Dataset      int64 `json:"dataset"`
	} `json:"provenance"`
}

// neighbours lists the industries most related to one on a layer
// (analysis.Analyzer.Neighbours, as the CLI's 'neighbours').
func (s *Server) neighbours(c *gin.Context) {
	p := readParams(c)
	code := c.Param("code")
	top := p.int("top", defaultTop, 0, maxTop)
	min := p.optNumber("min", thresholdSpan)
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	layer, period := p.str("layer", ""), p.str("period", "")
	s.cached(c, false, string(format), func(ctx context.Context) (*rep, error) {
		name := layer
		if err := s.defaultLayer(ctx, &name); err != nil {
			return nil, err
		}
		nr, err := s.analyzer.Neighbours(ctx, analysis.NeighboursRequest{Layer: name, Period: period, Code: code, Min: min, Top: top})
		if err != nil {
			return nil, err
		}
		l, ns := nr.Layer, nr.Neighbours
		version, err := s.version(ctx)
		if err != nil {
			return nil, err
		}
		res := NeighboursResult{Industry: IndustryItem{Industry: nr.Industry, QualifiedName: nr.QualifiedName}, Layer: l, Neighbours: ns,
			Relatedness: nr.Relatedness, Params: map[string]string{"code": nr.Industry.Code, "layer": l.Name, "period": l.Period, "top": strconv.Itoa(top)}}
		if min != nil {
			res.Params["min"] = strconv.FormatFloat(*min, 'g', -1, 64)
		}
		res.Provenance.StoreVersion, res.Provenance.Dataset = version, l.Dataset
		if format == export.CSV {
			return neighboursCSV(res)
		}
		return jsonRep(res)
	})
}

// neighboursCSV writes neighbours as CSV, one row per neighbour, with the
// layer, period, store version and dataset on every row; p_value and q_value
// are empty on a layer without evidence.
func neighboursCSV(res NeighboursResult) (*rep, error) {
	rows := [][]string{{"code", "name", "value", "count", "direction", "layer", "period", "store_version", "dataset", "p_value", "q_value"}}
	sv, ds := strconv.FormatInt(res.Provenance.StoreVersion, 10), strconv.FormatInt(res.Provenance.Dataset, 10)
	for _, n := range res.Neighbours {
		rows = append(rows, []string{n.Code, n.Name, fmtG(n.Value), fmtG(n.Count), n.Direction, res.Layer.Name, res.Layer.Period, sv, ds, optG(n.PValue), optG(n.QValue)})
	}
	return writeCSV(rows, "neighbours-"+res.Industry.Code+".csv")
}
