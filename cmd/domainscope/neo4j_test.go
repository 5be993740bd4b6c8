package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestDomainsWriteNeo4j runs the CLI on a real Neo4j (scripts/test-neo4j sets
// NEO4J_URI): ingest, then 'domains --write', and checks with Cypher that the
// domains and memberships are there for Neo4j users.
func TestDomainsWriteNeo4j(t *testing.T) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		t.Skip("NEO4J_URI is not set: this test needs a Neo4j 5 server; scripts/test-neo4j starts one")
	}
	dir := t.TempDir()
	ind := writeFile(t, dir, "i.csv", "code,name,parent,level\nX,Sector X,,0\nY,Sector Y,,0\na,Industry a,X,1\nb,Industry b,X,1\nc,Industry c,X,1\nd,Industry d,Y,1\ne,Industry e,Y,1\nf,Industry f,Y,1\n")
	rel := writeFile(t, dir, "r.csv", "from,to,value\na,b,0.9\na,c,0.8\nb,c,0.7\nd,e,0.9\nd,f,0.8\ne,f,0.7\nc,d,0.2\n")
	mustRun(t, "--store", uri, "ingest", "industries", ind, "--classification", "CLITEST")
	mustRun(t, "--store", uri, "ingest", "links", rel, "--classification", "CLITEST", "--layer", "clitest", "--period", "2020", "--kind", "relatedness")
	mustRun(t, "--store", uri, "domains", "--layers", "clitest", "--write", "--write-run", "cli-test", "--runs", "2")
	if _, err := run(t, "--store", filepath.Join(dir, "s.db"), "domains", "--layers", "clitest", "--write"); err == nil {
		t.Error("--write on the embedded store was accepted")
	}

	ctx := context.Background()
	auth := neo4j.NoAuth()
	if u := os.Getenv("NEO4J_USER"); u != "" {
		auth = neo4j.BasicAuth(u, os.Getenv("NEO4J_PASSWORD"), "")
	}
	drv, err := neo4j.NewDriverWithContext(uri, auth)
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	// Two domains (the triangles {a,b,c} and {d,e,f}, joined only by the weak c–d link), six memberships.
	res, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (r:DomainRun {id: $run})-[:HAS_DOMAIN]->(d:Domain)<-[m:IN_DOMAIN]-(i:Industry)
		RETURN count(DISTINCT d) AS domains, count(m) AS members, collect(DISTINCT i.code) AS codes`,
		map[string]any{"run": "cli-test"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Records[0]
	if d, _ := rec.Get("domains"); d.(int64) != 2 {
		t.Errorf("%v domains written, want 2", d)
	}
	if m, _ := rec.Get("members"); m.(int64) != 6 {
		t.Errorf("%v memberships written, want 6", m)
	}
}
