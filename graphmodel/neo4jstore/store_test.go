package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/storetest"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The tests need a Neo4j 5 server whose database they may wipe: set
// NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD if it checks credentials), or
// run scripts/test-neo4j, which starts one. Before its first wipe a test
// checks that the database holds only nodes with the labels this package
// writes.

// ourLabels are the node labels this package writes.
var ourLabels = []string{"DomainScope", "Classification", "Industry", "IndustryStaging", "Layer", "LayerStaging",
	"LayerRetired", "Region", "RegionStaging", "RegionalSet", "RegionalSetStaging", "RegionalSetRetired", "Dataset",
	"DomainRun", "Domain", "Hypothesis", "DomainName"}

func testURI(t testing.TB) string {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		t.Skip("NEO4J_URI is not set: these tests need a Neo4j 5 server they may wipe; scripts/test-neo4j starts one")
	}
	return uri
}

// wipe deletes every node of the test database, after checking that all of
// them carry labels of this package.
func wipe(t testing.TB, uri string) {
	t.Helper()
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(uri, testAuth())
	if err != nil {
		t.Fatalf("driver for %s: %v", uri, err)
	}
	defer drv.Close(ctx)
	foreign, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (n) WHERE NONE(l IN labels(n) WHERE l IN $ours)
		RETURN labels(n) AS labels LIMIT 1`, map[string]any{"ours": toAny(ourLabels)}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("checking the test database at %s: %v", uri, err)
	}
	if len(foreign.Records) > 0 {
		t.Fatalf("the database at %s holds nodes that domainscope did not write (labels %v); refusing to wipe it: point NEO4J_URI at a test server",
			uri, foreign.Records[0].Values[0])
	}
	sess := drv.NewSession(ctx, neo4j.SessionConfig{})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("wiping the test database: %v", err)
	}
}

func testAuth() neo4j.AuthToken {
	user, pw := os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD")
	if user == "" && pw == "" {
		return neo4j.NoAuth()
	}
	return neo4j.BasicAuth(user, pw, "")
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// openEmpty wipes the test database and opens a store on it.
func openEmpty(t testing.TB, opts ...Option) *Store {
	t.Helper()
	uri := testURI(t)
	wipe(t, uri)
	s, err := Open(context.Background(), uri, os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", uri, err)
	}
	return s
}

// query runs a read query through the store's driver and returns its records.
func query(t testing.TB, s *Store, q string, params map[string]any) []*neo4j.Record {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.driver, q, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return res.Records
}

func count(t testing.TB, s *Store, q string, params map[string]any) int64 {
	t.Helper()
	recs := query(t, s, q, params)
	if len(recs) != 1 {
		t.Fatalf("query %q returned %d records, want 1", q, len(recs))
	}
	n, ok := recs[0].Values[0].(int64)
	if !ok {
		t.Fatalf("query %q returned %T, want an integer", q, recs[0].Values[0])
	}
	return n
}

func TestConformance(t *testing.T) {
	testURI(t)
	storetest.Run(t, func(t *testing.T) graphmodel.Store { return openEmpty(t) })
}

// With a batch size of 2 every load of the suite is written in several
// batches and transactions.
func TestConformanceSmallBatches(t *testing.T) {
	testURI(t)
	storetest.Run(t, func(t *testing.T) graphmodel.Store { return openEmpty(t, WithBatchSize(2)) })
}

func TestDisplayURI(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"neo4j://db.example:7687", "neo4j://db.example:7687", ""},
		{"bolt+s://db.example:7687/neo4j?x=1", "bolt+s://db.example:7687", ""},
		{"http://db.example:7474", "", `scheme "http"`},
		{"neo4j://alice:s3cret@db.example:7687", "", "NEO4J_USER"},
		{"db.example:7687", "", "not a Neo4j URI"},
	} {
		got, err := displayURI(c.in)
		if c.err == "" {
			if err != nil || got != c.want {
				t.Errorf("displayURI(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), c.err) {
			t.Errorf("displayURI(%q) error %v, want EINVALID containing %q", c.in, err, c.err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("displayURI(%q) error %q shows the password", c.in, err)
		}
	}
}

// freePort returns a local TCP port that nothing listens on.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// This test needs no server: nothing listens on the port.
func TestUnreachable(t *testing.T) {
	uri := fmt.Sprintf("bolt://127.0.0.1:%d", freePort(t))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	_, err := Open(ctx, uri, "neo4j", "secret-password")
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Fatalf("Open on a closed port: %v, want EUNAVAILABLE", err)
	}
	msg := graphmodel.ErrorMessage(err)
	if want := "cannot reach Neo4j at " + uri; !strings.Contains(msg, want) {
		t.Errorf("message %q does not contain %q", msg, want)
	}
	for _, leak := range []string{"secret-password", "ConnectivityError", "dial tcp", "connection refused"} {
		if strings.Contains(msg, leak) {
			t.Errorf("message %q shows driver text or the password (%q)", msg, leak)
		}
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open took %v to fail, want well under 10s", d)
	}
}

func TestOpenInvalid(t *testing.T) {
	_, err := Open(context.Background(), "bolt://127.0.0.1:1", "", "", WithBatchSize(0))
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("batch size 0: %v, want EINVALID", err)
	}
	_, err = Open(context.Background(), "mysql://localhost", "", "")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("mysql URI: %v, want EINVALID", err)
	}
}

func TestPingAndClose(t *testing.T) {
	s := openEmpty(t)
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Ping(ctx); graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("Ping after Close: %v, want EUNAVAILABLE", err)
	}
	if _, err := s.Version(ctx); graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("Version after Close: %v, want EUNAVAILABLE", err)
	}
}

// The routing scheme neo4j:// works against a single server too.
func TestRoutingScheme(t *testing.T) {
	uri := testURI(t)
	if !strings.HasPrefix(uri, "bolt://") {
		t.Skipf("NEO4J_URI %s is not bolt://", uri)
	}
	s := openEmpty(t)
	s.Close()
	r, err := Open(context.Background(), "neo4j://"+strings.TrimPrefix(uri, "bolt://"), os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"))
	if err != nil {
		t.Fatalf("Open with neo4j://: %v", err)
	}
	defer r.Close()
	if v, err := r.Version(context.Background()); err != nil || v != 0 {
		t.Errorf("Version = %d, %v; want 0", v, err)
	}
}

// chainLoad is a directed layer of n links i → i+1 over codes c0000…, all
// auto-created.
func chainLoad(name string, n int) graphmodel.LayerLoad {
	l := graphmodel.LayerLoad{Provenance: graphmodel.Provenance{Source: name + ".csv"},
		Layer: graphmodel.Layer{Name: name, Period: "p", Kind: graphmodel.KindFlows, Classification: "CHAIN", Directed: true}}
	code := func(i int) string { return fmt.Sprintf("c%04d", i) }
	for i := 0; i <= n; i++ {
		l.AddIndustries = append(l.AddIndustries, graphmodel.Industry{Code: code(i), Name: "Chain " + code(i)})
	}
	for i := range n {
		l.Links = append(l.Links, graphmodel.Link{From: code(i), To: code(i + 1), Count: float64(i + 1), Value: float64(i + 1)})
	}
	return l
}

// A load that fails after some of its batches were written leaves the
// previous version visible and nothing of itself behind.
func TestFailedLoadKeepsPreviousVersion(t *testing.T) {
	s := openEmpty(t, WithBatchSize(3))
	defer s.Close()
	ctx := context.Background()
	first := chainLoad("chain", 10)
	ds, err := s.LoadLayer(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("injected failure")
	s.testHook = func(point string) error {
		if point == "staged" {
			return boom
		}
		return nil
	}
	second := chainLoad("chain", 20) // adds codes c0011…c0020, 20 links
	_, err = s.LoadLayer(ctx, second)
	if !errors.Is(err, boom) {
		t.Fatalf("LoadLayer with a failing hook: %v, want the injected failure", err)
	}
	s.testHook = nil
	ly, err := s.Layer(ctx, "chain", "p")
	if err != nil {
		t.Fatal(err)
	}
	if ly.Links != 10 || ly.Dataset != ds.ID {
		t.Errorf("layer after the failed load = %+v, want the first load's 10 links and dataset %d", ly, ds.ID)
	}
	n := 0
	if err := s.Links(ctx, "chain", "p", func(graphmodel.Link) error { n++; return nil }); err != nil || n != 10 {
		t.Errorf("Links after the failed load: %d links, %v; want 10", n, err)
	}
	if _, err := s.Industry(ctx, "CHAIN", "c0015"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("industry c0015 of the failed load: %v, want ENOTFOUND", err)
	}
	// Nothing staged is left: all FLOW links belong to the current version,
	// no staging or retired nodes remain.
	if c := count(t, s, `MATCH ()-[r:FLOW]->() RETURN count(r)`, nil); c != 10 {
		t.Errorf("%d FLOW relationships in Neo4j, want 10", c)
	}
	if c := count(t, s, `MATCH (n) WHERE n:LayerStaging OR n:LayerRetired OR n:IndustryStaging RETURN count(n)`, nil); c != 0 {
		t.Errorf("%d staging or retired nodes left, want 0", c)
	}
	// The same load without the failure replaces the layer; the old version
	// is deleted.
	ds2, err := s.LoadLayer(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if c := count(t, s, `MATCH ()-[r:FLOW]->() RETURN count(r)`, nil); c != 20 {
		t.Errorf("%d FLOW relationships after the reload, want 20", c)
	}
	if c := count(t, s, `MATCH ()-[r:FLOW {dataset: $id}]->() RETURN count(r)`, map[string]any{"id": ds2.ID}); c != 20 {
		t.Errorf("%d FLOW relationships of dataset %d, want 20", c, ds2.ID)
	}
}

// Leftovers of a process that died mid-load are deleted by the next Open.
func TestGarbageOfDeadLoad(t *testing.T) {
	s := openEmpty(t, WithBatchSize(4))
	ctx := context.Background()
	if _, err := s.LoadLayer(ctx, chainLoad("chain", 5)); err != nil {
		t.Fatal(err)
	}
	// A dead process's load: a staging version whose last write was an hour
	// ago, written by hand.
	query(t, s, `CREATE (st:LayerStaging {dataset: 999, name: 'chain', period: 'p', touched_at: datetime() - duration('PT1H')})
		WITH st MATCH (a:Industry {code: 'c0000'}), (b:Industry {code: 'c0003'})
		CREATE (a)-[:FLOW {layer: 'chain', period: 'p', dataset: 999, count: 1.0, value: 1.0}]->(b)`, nil)
	s.Close()
	s2, err := Open(ctx, testURI(t), os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if c := count(t, s2, `MATCH ()-[r:FLOW {dataset: 999}]->() RETURN count(r)`, nil); c != 0 {
		t.Errorf("%d relationships of the dead load left after Open, want 0", c)
	}
	if c := count(t, s2, `MATCH (n {dataset: 999}) RETURN count(n)`, nil); c != 0 {
		t.Errorf("%d nodes of the dead load left after Open, want 0", c)
	}
	if c := count(t, s2, `MATCH ()-[r:FLOW]->() RETURN count(r)`, nil); c != 5 {
		t.Errorf("%d FLOW relationships, want the 5 of the current version", c)
	}
	// A fresh staging (touched now) is not garbage: another process may be loading.
	query(t, s2, `CREATE (:LayerStaging {dataset: 998, name: 'x', period: 'p', touched_at: datetime()})`, nil)
	if err := s2.collectGarbage(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if c := count(t, s2, `MATCH (n:LayerStaging {dataset: 998}) RETURN count(n)`, nil); c != 1 {
		t.Errorf("a live staging node was collected")
	}
}

// The graph a Cypher user sees: labels, relationship types, properties and
// the hierarchy.
func TestGraphModel(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	il := graphmodel.IndustriesLoad{Provenance: graphmodel.Provenance{Source: "toy.csv", Options: map[string]string{"k": "v"}},
		Classification: graphmodel.Classification{Name: "TOY", Levels: []string{"section", "class"}},
		Industries: []graphmodel.Industry{{Code: "A", Name: "Agriculture"}, {Code: "01", Name: "Crops", Parent: "A", Level: 1},
			{Code: "02", Name: "Forestry", Parent: "A", Level: 1}}}
	if _, err := s.LoadIndustries(ctx, il); err != nil {
		t.Fatal(err)
	}
	parts := query(t, s, `MATCH (c:Industry)-[:PART_OF]->(p:Industry) RETURN c.code + '>' + p.code AS e ORDER BY e`, nil)
	var got []string
	for _, r := range parts {
		got = append(got, r.Values[0].(string))
	}
	if want := []string{"01>A", "02>A"}; !slices.Equal(got, want) {
		t.Errorf("PART_OF = %v, want %v", got, want)
	}
	for _, kind := range []graphmodel.LayerKind{graphmodel.KindFlows, graphmodel.KindCoOccurrence, graphmodel.KindRelatedness} {
		l := graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: string(kind), Period: "2020", Kind: kind, Classification: "TOY",
			Directed: kind.Directed()}, Links: []graphmodel.Link{{From: "02", To: "01", Count: 2, Value: 0.5}}}
		if _, err := s.LoadLayer(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	// flows keep the direction 02 → 01; undirected kinds store 01 → 02.
	rels := query(t, s, `MATCH (a)-[r]->(b) WHERE type(r) <> 'PART_OF'
		RETURN type(r) + ' ' + a.code + '>' + b.code + ' ' + r.layer + '@' + r.period AS e ORDER BY e`, nil)
	got = got[:0]
	for _, r := range rels {
		got = append(got, r.Values[0].(string))
	}
	want := []string{"CO_OCCURS 01>02 co-occurrence@2020", "FLOW 02>01 flows@2020", "RELATED 01>02 relatedness@2020"}
	if !slices.Equal(got, want) {
		t.Errorf("relationships = %v, want %v", got, want)
	}
	if _, err := s.LoadRegional(ctx, graphmodel.RegionalLoad{Set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment,
		Classification: "TOY", Period: "2015"}, Regions: []graphmodel.Region{{ID: "UKC", Name: "North East"}},
		Values: []graphmodel.RegionalValue{{Region: "UKC", Industry: "01", Value: 120}}}); err != nil {
		t.Fatal(err)
	}
	emp := query(t, s, `MATCH (g:Region {id: 'UKC'})-[r:EMPLOYS]->(i:Industry) RETURN i.code, r.value, r.set`, nil)
	if len(emp) != 1 || !reflect.DeepEqual(emp[0].Values, []any{"01", 120.0, "employment:TOY@2015"}) {
		t.Errorf("EMPLOYS = %v, want 01, 120, employment:TOY@2015", emp)
	}
	ds := query(t, s, `MATCH (d:Dataset {kind: 'industries'}) RETURN d.target, d.source, d.options`, nil)
	if len(ds) != 1 || !reflect.DeepEqual(ds[0].Values, []any{"TOY", "toy.csv", `{"k":"v"}`}) {
		t.Errorf("industries Dataset = %v", ds)
	}
	if c := count(t, s, `MATCH (m:DomainScope {key: 'meta'}) RETURN m.version`, nil); c != 5 {
		t.Errorf("version node says %d, want 5 loads", c)
	}
}
