package analysis

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/bridging"

	"github.com/domainscope/domainscope/graphmodel"
)

// Limits of the graph views, documented in the README. A request over a hard
// limit is rejected (ETOOLARGE or EINVALID), never served slowly.
const (
	DefaultMaxNodes = 200  // nodes of a view when the request gives none
	MaxNodesLimit   = 2000 // hard cap on the nodes of a view
	MaxHops         = 3    // hard cap on the hops around the seeds
)

// GraphView is a small graph ready to export or draw: industries with their
// attributes and the links between them, with what it was computed from.
type GraphView struct {
	Title      string            `json:"title"`
	Params     map[string]string `json:"params"`
	Provenance Provenance        `json:"provenance"`
	Nodes      []ViewNode        `json:"nodes"`
	Links      []ViewLink        `json:"links"`
	// Domains lists the domains that nodes refer to (nil when no domains were computed).
	Domains []ViewDomain `json:"domains,omitempty"`
	// Truncated is true when more nodes qualified than the view's node limit.
	Truncated bool `json:"truncated"`
}

// ViewNode is an industry of a GraphView.
type ViewNode struct {
	ID     string `json:"id"`    // industry code
	Label  string `json:"label"` // name (qualified when the name alone says little)
	Sector string `json:"sector,omitempty"`
	// SectorName names Sector (the top level of the classification).
	SectorName string `json:"sector_name,omitempty"`
	Domain     int    `json:"domain"` // knowledge domain ID, 0 for none
	// Strength is the node's weighted degree in the whole graph (all layers).
	Strength   float64  `json:"strength"`
	Employment *float64 `json:"employment,omitempty"`
	// Bridging is the participation coefficient across domains (nil without domains).
	Bridging *float64 `json:"bridging,omitempty"`
	Seed     bool     `json:"seed,omitempty"` // one of the requested industries
	Hops     int      `json:"hops"`           // distance from the nearest seed (0 for views without seeds)
	// Region views only (RegionView): RegionRole is "specialisation" or
	// "opportunity", LQ the region's location quotient (RTA for patents) and
	// Density its relatedness density RD (0–100, see RelatednessDensity).
	RegionRole string   `json:"region_role,omitempty"`
	LQ         *float64 `json:"lq,omitempty"`
	Density    *float64 `json:"density,omitempty"`
}

// ViewLink is a link of a GraphView; undirected, Source < Target by node order.
type ViewLink struct {
	Source string  `json:"source"`
	Target string  `json:"target"`
	Layer  string  `json:"layer"`  // layer key, "name@period"
	Weight float64 `json:"weight"` // relatedness (the snapshot's edge weight)
	Count  float64 `json:"count"`  // raw count (0 for given relatedness)
	// QValue is the link's Benjamini–Hochberg q-value on a layer with
	// evidence (SnapshotLayer.Q), else nil.
	QValue *float64 `json:"q_value,omitempty"`
	// CrossDomain is true when the two ends are in different domains.
	CrossDomain bool `json:"cross_domain,omitempty"`
	// Change is how the link changed between two periods in a ChangeView:
	// gained, lost, increased or decreased ("" for unchanged or other views).
	Change string `json:"change,omitempty"`
}

// ViewDomain names a domain of a view.
type ViewDomain struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
	Size  int    `json:"size"` // members in the whole graph
}

// ViewRequest selects a view: the graph, optional domains to colour it by,
// and the node limit.
type ViewRequest struct {
	GraphRequest
	// WithDomains computes knowledge domains (Resolution, Seed) to colour nodes and mark cross-domain links.
	WithDomains bool    `json:"with_domains"`
	Resolution  float64 `json:"resolution,omitempty"`
	Seed        int64   `json:"seed,omitempty"`
	MaxNodes    int     `json:"max_nodes"`
}

func (r *ViewRequest) checkMax() error {
	if r.MaxNodes == 0 {
		r.MaxNodes = DefaultMaxNodes
	}
	if r.MaxNodes < 1 {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "max_nodes", "max_nodes %d: expected 1 to %d", r.MaxNodes, MaxNodesLimit)
	}
	if r.MaxNodes > MaxNodesLimit {
		return graphmodel.FieldErrorf(graphmodel.ETOOLARGE, "max_nodes", "max_nodes %d is over the limit of %d nodes", r.MaxNodes, MaxNodesLimit)
	}
	return nil
}

// viewBase holds what every view is built from.
type viewBase struct {
	snap    *Snapshot
	union   *graph.Graph
	domains *DomainsResult // nil without domains
	names   map[string]string
	sector  []string
	emp     []float64
	part    []float64 // participation coefficient per node (bridging.Participation), nil without domains
}

// viewBase also normalises req (the default node limit).
func (a *Analyzer) viewBase(ctx context.Context, req *ViewRequest) (*viewBase, error) {
	if err := req.checkMax(); err != nil {
		return nil, err
	}
	snap, err := a.Snapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	b := &viewBase{snap: snap}
	if _, b.union, err = combined(snap, req.Weights); err != nil {
		return nil, err
	}
	industries, err := a.Store.Industries(ctx, snap.Classification)
	if err != nil {
		return nil, err
	}
	b.sector, b.names = sectorsAt(industries, snap.Codes, 0)
	if b.emp, err = a.employment(ctx, snap); err != nil {
		return nil, err
	}
	if req.WithDomains {
		b.domains, err = a.domains(ctx, DomainsRequest{GraphRequest: req.GraphRequest, Resolution: req.Resolution, Seed: req.Seed}, false)
		if err != nil {
			return nil, err
		}
		if b.part, _, err = bridging.Participation(b.union, b.domains.partition()); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// build assembles the view of the given nodes (in order) with every link among them.
func (b *viewBase) build(nodes []int, hops []int, seeds map[int]bool) *GraphView {
	v := &GraphView{Provenance: provenanceOf(b.snap), Params: map[string]string{}}
	pos := make(map[int]int, len(nodes))
	for k, i := range nodes {
		pos[i] = k
		n := ViewNode{ID: b.snap.Codes[i], Label: b.names[b.snap.Codes[i]], Sector: b.sector[i], Strength: b.union.Strength(i), Seed: seeds[i]}
		if n.Label == "" {
			n.Label = b.snap.Names[i]
		}
		n.SectorName = b.names[n.Sector]
		if hops != nil {
			n.Hops = hops[k]
		}
		if b.emp != nil && !math.IsNaN(b.emp[i]) {
			e := b.emp[i]
			n.Employment = &e
		}
		if b.domains != nil {
			n.Domain = int(b.domains.Community()[i])
			p := b.part[i]
			n.Bridging = &p
		}
		v.Nodes = append(v.Nodes, n)
	}
	for _, l := range b.snap.Layers {
		g := l.Graph
		for _, i := range nodes {
			for q := g.Off[i]; q < g.Off[i+1]; q++ {
				j := int(g.Adj[q])
				if j <= i {
					continue
				}
				if _, ok := pos[j]; !ok {
					continue
				}
				link := ViewLink{Source: b.snap.Codes[i], Target: b.snap.Codes[j], Layer: l.Layer.Key(), Weight: g.W[q]}
				if l.Count != nil {
					link.Count = l.Count[q]
				}
				if l.Q != nil {
					qv := l.Q[q]
					link.QValue = &qv
				}
				if b.domains != nil {
					c := b.domains.Community()
					link.CrossDomain = c[i] != c[j]
				}
				v.Links = append(v.Links, link)
			}
		}
	}
	if b.domains != nil {
		seen := map[int]bool{}
		for _, n := range v.Nodes {
			seen[n.Domain] = true
		}
		for _, d := range b.domains.Domains {
			if seen[d.ID] {
				v.Domains = append(v.Domains, ViewDomain{ID: d.ID, Label: d.Label, Size: d.Size})
			}
		}
	}
	return v
}

// buildAtMost builds the view of the first max of nodes (in order),
// Truncated when there were more.
func (b *viewBase) buildAtMost(nodes []int, max int, seeds map[int]bool) *GraphView {
	truncated := len(nodes) > max
	if truncated {
		nodes = nodes[:max]
	}
	v := b.build(nodes, nil, seeds)
	v.Truncated = truncated
	return v
}

func (b *viewBase) index(code string) (int, error) {
	i, ok := b.snap.Index(code)
	if !ok {
		return 0, graphmodel.Errorf(graphmodel.ENOTFOUND, "industry %q has no link in %s", code, provLayerKeys(b.snap))
	}
	return i, nil
}

func provLayerKeys(s *Snapshot) string {
	var keys []string
	for _, l := range s.Layers {
		keys = append(keys, l.Layer.Key())
	}
	return strings.Join(keys, " + ")
}

// NeighbourhoodRequest asks for the graph around some industries.
type NeighbourhoodRequest struct {
	ViewRequest
	Seeds []string `json:"seeds"`
	Hops  int      `json:"hops"`
	// Min keeps only links with a weight above it when expanding (on top of the threshold).
	Min float64 `json:"min"`
}

// Neighbourhood returns the industries within req.Hops links of the seeds
// and the links among them. When more than MaxNodes qualify, nearer nodes
// come first and, within a hop, those with the strongest link to the nodes
// already taken; Truncated is set.
func (a *Analyzer) Neighbourhood(ctx context.Context, req NeighbourhoodRequest) (*GraphView, error) {
	if len(req.Seeds) == 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "seeds: give at least one industry code")
	}
	if req.Hops == 0 {
		req.Hops = 1
	}
	if req.Hops < 0 || req.Hops > MaxHops {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "hops", "hops %d: expected 1 to %d", req.Hops, MaxHops)
	}
	if err := checkThreshold("min", &req.Min); err != nil {
		return nil, err
	}
	b, err := a.viewBase(ctx, &req.ViewRequest)
	if err != nil {
		return nil, err
	}
	g := b.union
	dist := map[int]int{}
	var order []int
	seeds := map[int]bool{}
	for _, code := range req.Seeds {
		i, err := b.index(code)
		if err != nil {
			return nil, err
		}
		if !seeds[i] {
			seeds[i] = true
			dist[i] = 0
			order = append(order, i)
		}
	}
	truncated := len(order) > req.MaxNodes
	if truncated {
		order = order[:req.MaxNodes]
	}
	frontier := append([]int(nil), order...)
	for h := 1; h <= req.Hops && !truncated; h++ {
		best := map[int]float64{}
		for _, i := range frontier {
			for q := g.Off[i]; q < g.Off[i+1]; q++ {
				j := int(g.Adj[q])
				if _, in := dist[j]; in || g.W[q] <= req.Min {
					continue
				}
				best[j] = math.Max(best[j], g.W[q])
			}
		}
		next := make([]int, 0, len(best))
		for j := range best {
			next = append(next, j)
		}
		sort.Slice(next, func(x, y int) bool {
			if best[next[x]] != best[next[y]] {
				return best[next[x]] > best[next[y]]
			}
			return next[x] < next[y]
		})
		if room := req.MaxNodes - len(order); len(next) > room {
			next, truncated = next[:room], true
		}
		for _, j := range next {
			dist[j] = h
			order = append(order, j)
		}
		frontier = next
	}
	hops := make([]int, len(order))
	for k, i := range order {
		hops[k] = dist[i]
	}
	v := b.build(order, hops, seeds)
	v.Truncated = truncated
	v.Title = fmt.Sprintf("%s and its neighbours (%d hop%s) on %s", strings.Join(req.Seeds, ", "), req.Hops, plural(req.Hops), provLayerKeys(b.snap))
	v.Params = map[string]string{"seeds": strings.Join(req.Seeds, ","), "hops": strconv.Itoa(req.Hops),
		"min": fmtG(req.Min), "max_nodes": strconv.Itoa(req.MaxNodes)}
	addGraphParams(v.Params, req.ViewRequest)
	return v, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func addGraphParams(p map[string]string, r ViewRequest) {
	p["layers"] = strings.Join(r.Layers, ",")
	if r.Period != "" {
		p["period"] = r.Period
	}
	if r.Threshold != nil {
		p["threshold"] = fmtG(*r.Threshold)
	}
	if r.Weights != nil {
		var ws []string
		for _, w := range r.Weights {
			ws = append(ws, fmtG(w))
		}
		p["weights"] = strings.Join(ws, ",")
	}
	if r.WithDomains {
		p["resolution"] = fmtG(r.Resolution)
		p["seed"] = strconv.FormatInt(r.Seed, 10)
	}
}

// DomainView returns the members of one knowledge domain and the links among
// them; with MaxNodes below its size, its most strongly linked members.
func (a *Analyzer) DomainView(ctx context.Context, req ViewRequest, id int) (*GraphView, error) {
	req.WithDomains = true
	b, err := a.viewBase(ctx, &req)
	if err != nil {
		return nil, err
	}
	var dom *Domain
	for k := range b.domains.Domains {
		if b.domains.Domains[k].ID == id {
			dom = &b.domains.Domains[k]
		}
	}
	if dom == nil {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no domain %d: domains are numbered 1 to %d", id, len(b.domains.Domains))
	}
	var nodes []int
	for _, m := range dom.Members { // by strength inside the domain, strongest first
		i, _ := b.snap.Index(m.Code)
		nodes = append(nodes, i)
	}
	v := b.buildAtMost(nodes, req.MaxNodes, nil)
	v.Title = fmt.Sprintf("Knowledge domain %d: %s (%s)", id, dom.Label, provLayerKeys(b.snap))
	v.Params = map[string]string{"domain": strconv.Itoa(id), "max_nodes": strconv.Itoa(req.MaxNodes)}
	addGraphParams(v.Params, req)
	return v, nil
}

// PathView returns the strongest path between two industries: the shortest
// path with link length 1/w (w the relatedness weight; the "inverse"
// distance of Betweenness), found with Dijkstra's algorithm (1959), and the
// links among its nodes. No path is ENOTFOUND.
func (a *Analyzer) PathView(ctx context.Context, req ViewRequest, from, to string) (*GraphView, error) {
	b, err := a.viewBase(ctx, &req)
	if err != nil {
		return nil, err
	}
	s, err := b.index(from)
	if err != nil {
		return nil, err
	}
	t, err := b.index(to)
	if err != nil {
		return nil, err
	}
	path := strongestPath(b.union, s, t)
	if path == nil {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no path between %s and %s on %s above the threshold", from, to, provLayerKeys(b.snap))
	}
	if len(path) > req.MaxNodes {
		return nil, graphmodel.Errorf(graphmodel.ETOOLARGE, "the path has %d industries, over max_nodes %d", len(path), req.MaxNodes)
	}
	hops := make([]int, len(path))
	for k := range hops {
		hops[k] = k
	}
	v := b.build(path, hops, map[int]bool{s: true, t: true})
	v.Title = fmt.Sprintf("Strongest path from %s to %s on %s", from, to, provLayerKeys(b.snap))
	v.Params = map[string]string{"from": from, "to": to, "max_nodes": strconv.Itoa(req.MaxNodes)}
	addGraphParams(v.Params, req)
	return v, nil
}

type distItem struct {
	node int32
	d    float64
}
type distHeap []distItem

func (h distHeap) Len() int           { return len(h) }
func (h distHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h distHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *distHeap) Push(x any)        { *h = append(*h, x.(distItem)) }
func (h *distHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// strongestPath returns the nodes of the shortest s–t path with lengths 1/w, or nil.
func strongestPath(g *graph.Graph, s, t int) []int {
	n := g.Nodes()
	dist := make([]float64, n)
	prev := make([]int32, n)
	for i := range dist {
		dist[i], prev[i] = math.Inf(1), -1
	}
	dist[s] = 0
	h := &distHeap{{int32(s), 0}}
	for h.Len() > 0 {
		it := heap.Pop(h).(distItem)
		i := int(it.node)
		if it.d > dist[i] {
			continue
		}
		if i == t {
			break
		}
		for q := g.Off[i]; q < g.Off[i+1]; q++ {
			j := g.Adj[q]
			if d := it.d + 1/g.W[q]; d < dist[j] {
				dist[j], prev[j] = d, int32(i)
				heap.Push(h, distItem{j, d})
			}
		}
	}
	if math.IsInf(dist[t], 1) {
		return nil
	}
	var path []int
	for i := t; i != -1; i = int(prev[i]) {
		path = append(path, i)
		if i == s {
			break
		}
	}
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path
}
