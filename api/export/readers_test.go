package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/analysis"
)

// Every format is read back by the program it is written for. A reader
// that is not installed skips its test, saying so; .ci/run installs them
// all: python3-networkx (Debian 12: networkx 2.8) and python3-igraph from
// apt, networkx ≥ 3.4 in a venv (DOMAINSCOPE_NETWORKX3, default
// /tmp/nxvenv/bin/python), graphology from npm (found through NODE_PATH),
// and Cytoscape.js from api/web/static/vendor.

// regionTestView is testView as a region view: LQ, density and role on
// every node, and employment 1423000 on a (a number 'g' formatting writes
// as 1.423e+06).
func regionTestView() *analysis.GraphView {
	v := testView()
	v.Params["view"] = "region"
	lqs := []float64{2.25, 1.5, 0}
	rds := []float64{52.94117647058823, 56.25, 88.23529411764706}
	for i := range v.Nodes {
		n := &v.Nodes[i]
		n.LQ, n.Density = fp(lqs[i]), fp(rds[i])
		n.RegionRole = map[bool]string{true: "specialisation", false: "opportunity"}[i < 2]
	}
	v.Nodes[0].Employment = fp(1423000)
	return v
}

// readerNode is what a reader reports of a node.
type readerNode struct {
	Label      string   `json:"label"`
	LQ         *float64 `json:"lq"`
	Density    *float64 `json:"density"`
	RegionRole string   `json:"region_role"`
	Employment *float64 `json:"employment"`
	Color      string   `json:"color"` // "#rrggbb" as the reader understood it
}

// readerGraph is what a reader reports of a graph.
type readerGraph struct {
	Version    string                `json:"version"`
	Nodes      map[string]readerNode `json:"nodes"`
	Edges      int                   `json:"edges"`
	Directed   bool                  `json:"directed"`
	Multigraph bool                  `json:"multigraph"`
	Extra      map[string]any        `json:"extra"`
}

// checkRead compares what a reader got with the region test view: three
// nodes with their labels, LQ, density, role and employment, three links
// (two layers join a and b, so a multigraph), undirected, and the colours
// of Colors when the reader reports them.
func checkRead(t *testing.T, reader string, got readerGraph) {
	t.Helper()
	v := regionTestView()
	if len(got.Nodes) != len(v.Nodes) || got.Edges != len(v.Links) || got.Directed || !got.Multigraph {
		t.Errorf("%s read %d nodes, %d edges, directed %v, multigraph %v; want 3, 3, false, true", reader, len(got.Nodes), got.Edges, got.Directed, got.Multigraph)
	}
	colors := Colors(v)
	for i, want := range v.Nodes {
		n, ok := got.Nodes[want.ID]
		if !ok {
			t.Errorf("%s: node %s missing", reader, want.ID)
			continue
		}
		if n.Label != want.Label || n.RegionRole != want.RegionRole || n.LQ == nil || *n.LQ != *want.LQ ||
			n.Density == nil || *n.Density != *want.Density || (want.Employment == nil) != (n.Employment == nil) ||
			want.Employment != nil && *n.Employment != *want.Employment {
			t.Errorf("%s: node %s = label %q role %q lq %v density %v employment %v; want %q %q %v %v %v", reader, want.ID,
				n.Label, n.RegionRole, deref(n.LQ), deref(n.Density), deref(n.Employment), want.Label, want.RegionRole, *want.LQ, *want.Density, deref(want.Employment))
		}
		if n.Color != "" && !strings.EqualFold(n.Color, colors[i]) {
			t.Errorf("%s: node %s colour %s, want %s", reader, want.ID, n.Color, colors[i])
		}
	}
}

func deref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// writeTemp writes b to a file named name in a fresh temporary directory.
func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readerTimeout bounds a reader's run, so that a reader that hangs fails
// its test instead of the whole package.
const readerTimeout = 2 * time.Minute

// run runs a reader and decodes the JSON it prints.
func run(t *testing.T, what string, cmd *exec.Cmd) readerGraph {
	t.Helper()
	timer := time.AfterFunc(readerTimeout, func() {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
	})
	defer timer.Stop()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s cannot read it: %v\n%s", what, err, stderr.String())
	}
	var g readerGraph
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("%s printed %q: %v", what, out, err)
	}
	if s := stderr.String(); s != "" {
		t.Logf("%s says on stderr: %s", what, s)
	}
	return g
}

// networkxScript reads a file with networkx (kind gexf, graphml or
// nodelink, the last with node_link_graph(data) and no other argument)
// and prints a readerGraph. Warnings are errors, so that a FutureWarning
// about the node-link keys fails the test.
const networkxScript = `
import json, sys, warnings
warnings.simplefilter("error")
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
if kind == "gexf":
    g = nx.read_gexf(path)
elif kind == "graphml":
    g = nx.read_graphml(path)
else:
    with open(path) as f:
        g = nx.node_link_graph(json.load(f))
nodes = {}
for n, d in g.nodes(data=True):
    c = d.get("viz", {}).get("color")
    color = "#%02x%02x%02x" % (c["r"], c["g"], c["b"]) if c else d.get("color", "")
    nodes[str(n)] = {"label": d.get("label"), "lq": d.get("lq"), "density": d.get("density"),
                     "region_role": d.get("region_role"), "employment": d.get("employment"), "color": color}
print(json.dumps({"version": nx.__version__, "nodes": nodes, "edges": g.number_of_edges(),
                  "directed": g.is_directed(), "multigraph": g.is_multigraph()}))
`

// pythonWith returns a Python that imports networkx at a major version
// (2 or 3, and at least 3.4 for 3), or skips.
func pythonWith(t *testing.T, py string, major int) string {
	t.Helper()
	out, err := exec.Command(py, "-c", "import networkx; print(networkx.__version__)").Output()
	if err != nil {
		t.Skipf("%s has no networkx (%v): skipping; .ci/run installs it", py, err)
	}
	ver := strings.TrimSpace(string(out))
	var maj, minor int
	fmt.Sscanf(ver, "%d.%d", &maj, &minor)
	if maj != major || major == 3 && minor < 4 {
		t.Skipf("%s has networkx %s, not %d.x (≥ 3.4 for 3): skipping", py, ver, major)
	}
	return py
}

// TestNetworkx2 reads GEXF 1.2, GraphML and node-link JSON with Debian's
// networkx 2.8, which knows GEXF 1.1draft and 1.2draft only.
func TestNetworkx2(t *testing.T) {
	py := pythonWith(t, "/usr/bin/python3", 2)
	v := regionTestView()
	gexf, err := GEXFXMLVersion(v, GEXF12)
	if err != nil {
		t.Fatal(err)
	}
	graphml, _ := GraphMLXML(v)
	nl, _ := NodeLink(v)
	for _, f := range []struct{ kind, name string }{{"gexf", "v.gexf"}, {"graphml", "v.graphml"}, {"nodelink", "v.json"}} {
		b := map[string][]byte{"gexf": gexf, "graphml": graphml, "nodelink": nl}[f.kind]
		g := run(t, "networkx 2 ("+f.kind+")", exec.Command(py, "-c", networkxScript, f.kind, writeTemp(t, f.name, b)))
		checkRead(t, "networkx "+g.Version+" "+f.kind, g)
	}
	// The default GEXF 1.3 is what networkx 2 refuses: the reason for 1.2.
	b, _ := GEXFXML(v)
	if err := exec.Command(py, "-c", networkxScript, "gexf", writeTemp(t, "v13.gexf", b)).Run(); err == nil {
		t.Log("networkx 2 reads GEXF 1.3 too")
	}
}

// TestNetworkx3 reads node-link JSON with node_link_graph(data) and no
// arguments (networkx 3.4 and 3.5 read "links" with a FutureWarning unless
// told, 3.6 reads "edges"; the export has both and warnings are errors
// here), and GEXF 1.3 and 1.2 and GraphML, with networkx ≥ 3.4.
func TestNetworkx3(t *testing.T) {
	py := os.Getenv("DOMAINSCOPE_NETWORKX3")
	if py == "" {
		py = "/tmp/nxvenv/bin/python"
	}
	if _, err := os.Stat(py); err != nil {
		t.Skipf("no Python with networkx 3 at %s (set DOMAINSCOPE_NETWORKX3; .ci/run makes the venv): skipping", py)
	}
	py = pythonWith(t, py, 3)
	v := regionTestView()
	nl, _ := NodeLink(v)
	gexf13, _ := GEXFXML(v)
	gexf12, _ := GEXFXMLVersion(v, GEXF12)
	graphml, _ := GraphMLXML(v)
	for _, f := range []struct {
		kind, name string
		b          []byte
	}{{"nodelink", "v.json", nl}, {"gexf", "v13.gexf", gexf13}, {"gexf", "v12.gexf", gexf12}, {"graphml", "v.graphml", graphml}} {
		g := run(t, "networkx 3 ("+f.name+")", exec.Command(py, "-c", networkxScript, f.kind, writeTemp(t, f.name, f.b)))
		checkRead(t, "networkx "+g.Version+" "+f.name, g)
	}
}

// TestIgraphRegionAttributes reads the GraphML of a region view with
// python-igraph (igraph reads no GEXF, so GraphML is its format).
func TestIgraphRegionAttributes(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import igraph").Run(); err != nil {
		t.Skipf("python3 with igraph not available (%v): skipping; .ci/run installs python3-igraph", err)
	}
	b, _ := GraphMLXML(regionTestView())
	g := run(t, "igraph", exec.Command(py, "-c", `
import json, sys, igraph
g = igraph.Graph.Read_GraphML(sys.argv[1])
nodes = {}
for v in g.vs:
    nodes[v["id"]] = {k: v[k] for k in ("label", "lq", "density", "region_role", "employment", "color")}
    if nodes[v["id"]]["employment"] != nodes[v["id"]]["employment"]:  # NaN: absent
        nodes[v["id"]]["employment"] = None
print(json.dumps({"version": igraph.__version__, "nodes": nodes, "edges": g.ecount(), "directed": g.is_directed(),
                  "multigraph": any(g.is_multiple())}))
`, writeTemp(t, "v.graphml", b)))
	checkRead(t, "igraph "+g.Version, g)
}

// node returns the node binary or skips.
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("node not installed (%v): skipping the JavaScript readers", err)
	}
	return p
}

// TestCytoscapeHeadless loads the export into the vendored Cytoscape.js
// (headless, with styles) exactly as the document's comment says, and
// checks that the style block alone draws the colours and sizes: every
// node's background-color is its Colors colour and its width its size.
func TestCytoscapeHeadless(t *testing.T) {
	nodeBin := node(t)
	lib, err := filepath.Abs("../web/static/vendor/cytoscape.min.js")
	if err != nil {
		t.Fatal(err)
	}
	v := regionTestView()
	b, err := CytoscapeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	g := run(t, "Cytoscape.js", exec.Command(nodeBin, "-e", `
const cytoscape = require(process.argv[1]);
const doc = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({headless: true, styleEnabled: true, elements: doc.elements, style: doc.style});
const hex = s => { const m = s.match(/\d+/g); return "#" + m.slice(0, 3).map(x => (+x).toString(16).padStart(2, "0")).join(""); };
const nodes = {};
cy.nodes().forEach(n => { nodes[n.id()] = {label: n.style("label"), lq: n.data("lq"), density: n.data("density"),
  region_role: n.data("region_role"), employment: n.data("employment"), color: hex(n.style("background-color"))};
  if (n.numericStyle("width") !== n.data("size")) throw new Error("node " + n.id() + " width " + n.numericStyle("width") + " != size " + n.data("size")); });
const dashed = cy.edges().filter(e => e.style("line-style") === "dashed").length;
const multi = cy.edges().some(e => e.parallelEdges().length > 1);
console.log(JSON.stringify({version: cytoscape.version, nodes, edges: cy.edges().length, directed: false, multigraph: multi,
  extra: {dashed, seedBorder: cy.$id("a").numericStyle("border-width")}}));
cy.destroy();
process.exit(0); // Cytoscape.js keeps timers that would hold the process open
`, lib, writeTemp(t, "v.cyjs", b)))
	checkRead(t, "Cytoscape.js "+g.Version, g)
	for _, n := range g.Nodes {
		if n.Color == "" {
			t.Error("Cytoscape.js drew a node without a background colour")
		}
	}
	// Two of the three links cross domains (a–b on both layers): dashed; the seed a has the 2 px border.
	if g.Extra["dashed"] != 2.0 || g.Extra["seedBorder"] != 2.0 {
		t.Errorf("Cytoscape.js styles: %v dashed edges (want 2), seed border %v (want 2)", g.Extra["dashed"], g.Extra["seedBorder"])
	}
}

// TestGraphologyImport imports the export with graphology (Graph.from, what
// sigma.js draws) when it can be required (NODE_PATH).
func TestGraphologyImport(t *testing.T) {
	nodeBin := node(t)
	if err := exec.Command(nodeBin, "-e", `require("graphology")`).Run(); err != nil {
		t.Skipf("graphology cannot be required (%v): skipping; .ci/run installs it with npm and sets NODE_PATH", err)
	}
	b, err := GraphologyJSON(regionTestView())
	if err != nil {
		t.Fatal(err)
	}
	g := run(t, "graphology", exec.Command(nodeBin, "-e", `
const Graph = require("graphology");
const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const g = Graph.from(doc);
const pkgVersion = () => JSON.parse(require("fs").readFileSync(
  require.resolve("graphology").replace(/(node_modules[\/]graphology)[\/].*$/, "$1/package.json"), "utf8")).version;
const nodes = {};
g.forEachNode((k, a) => { nodes[k] = {label: a.label, lq: a.lq, density: a.density, region_role: a.region_role, employment: a.employment, color: a.color};
  for (const x of ["x", "y", "size"]) if (typeof a[x] !== "number") throw new Error("node " + k + " lacks " + x); });
console.log(JSON.stringify({version: pkgVersion(), nodes, edges: g.size, directed: g.type === "directed", multigraph: g.multi}));
`, writeTemp(t, "v.json", b)))
	checkRead(t, "graphology "+g.Version, g)
}

// TestCSVPlainValues: numbers are written plainly (1423000, not the
// 1.423e+06 of 'g' formatting; 0.0000005, not 5e-07), booleans as true or
// false, and a region view's role, LQ and density fill their columns.
func TestCSVPlainValues(t *testing.T) {
	v := regionTestView()
	v.Links[0].QValue = fp(0.0000005)
	var nodes, edges bytes.Buffer
	if err := CSVPart(&nodes, v, PartNodes); err != nil {
		t.Fatal(err)
	}
	if err := CSVPart(&edges, v, PartEdges); err != nil {
		t.Fatal(err)
	}
	// Row of a: employment 1423000, bridging 0.5, seed, hops 0, colour
	// viz.Palette[0], size 20 (the largest), domain label Tobacco, then role,
	// LQ 2.25 and density 52.94117647058823.
	wantA := "a,Manufacture of ‘Tobacco’ & <cigars>,C,Manufacturing,1,3,1423000,0.5,true,0,#77AADD,20,Tobacco,specialisation,2.25,52.94117647058823"
	if got := strings.Split(nodes.String(), "\n")[1]; got != wantA {
		t.Errorf("nodes.csv row a = %q\nwant              %q", got, wantA)
	}
	if got := strings.Split(nodes.String(), "\n")[3]; !strings.HasSuffix(got, ",false,1,#DDDDDD,4,,opportunity,0,88.23529411764706") {
		t.Errorf("nodes.csv row c = %q", got)
	}
	if got := strings.Split(edges.String(), "\n")[1]; got != "a,b,labour@2009-2018,2,40,0.0000005,true" {
		t.Errorf("edges.csv row 1 = %q", got)
	}
	if all := nodes.String() + edges.String(); strings.Contains(all, "e+") || strings.Contains(all, "e-0") {
		t.Errorf("a number in exponent notation:\n%s%s", nodes.String(), edges.String())
	}
}
