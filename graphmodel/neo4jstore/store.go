// Package neo4jstore implements graphmodel.Store on Neo4j 5 with the official
// Go driver (github.com/neo4j/neo4j-go-driver/v5).
//
// # Graph model
//
// What a Neo4j user sees in Browser or Bloom:
//
//	(:Classification {name, levels, dataset})
//	(:Industry {classification, code, name, level, parent})      unique (classification, code)
//	(:Industry)-[:PART_OF]->(:Industry)                            child to parent
//	(:Industry)-[:FLOW {layer, period, dataset, count, value, p, q}]->(:Industry)        flows layers
//	(:Industry)-[:CO_OCCURS {layer, period, dataset, count, value, p, q}]->(:Industry)   co-occurrence layers
//	(:Industry)-[:RELATED {layer, period, dataset, count, value}]->(:Industry)     relatedness layers
//	(:Layer {name, period, kind, classification, directed, method, threshold, evidence, links, nodes, dataset, version})
//	(:Region {id, name})
//	(:Region)-[:EMPLOYS {classification, period, dataset, value}]->(:Industry)     employment
//	(:Region)-[:PATENTS {classification, period, dataset, value}]->(:Industry)     patents
//	(:Region)-[:PUBLISHES {classification, period, dataset, value}]->(:Industry)   publications
//	(:RegionalSet {key, measure, classification, period, dataset, version})
//	(:Dataset {id, kind, target, records, version, source, sha256, rows, options, loaded_at})
//	(:DomainScope {key: "meta", version, next_id})                 the version counter
//
// A link's p and q are its p-value and q-value when its Layer has evidence
// (0 otherwise; absent on links loaded before evidence existed).
// Undirected layers store each pair once, from the smaller code to the
// larger. Every link of a layer carries the id of the dataset that loaded it;
// to read the current links of a layer in Cypher, match its Layer node first:
//
//	MATCH (l:Layer {name: "labour", period: "2009-2018"})
//	MATCH (a)-[r:FLOW {dataset: l.dataset}]->(b) RETURN a.code, b.code, r.value
//
// Domain write-back (WriteDomains) adds (:DomainRun)-[:HAS_DOMAIN]->(:Domain)
// and (:Industry)-[:IN_DOMAIN]->(:Domain).
//
// User data (userdata.go) adds (:Hypothesis {id, ...}) and
// (:DomainName {key, ...}), with industry codes as list properties.
//
// # Loads
//
// Industries are loaded in one transaction. Layers and regional sets can be
// large, so they are loaded as a new version beside the current one:
//
//  1. the load is checked against the stored codes (nothing written yet);
//  2. a staging node (:LayerStaging or :RegionalSetStaging) and the codes or
//     regions the load adds (:IndustryStaging, :RegionStaging) are created,
//     then the links or values are written in batches of UNWIND $rows (10,000
//     rows by default), each batch a managed transaction that the driver
//     retries on transient errors; readers ignore all of this;
//  3. one transaction switches over: it bumps the version, relabels the staged
//     nodes as Industry, Region, Layer or RegionalSet, relabels the replaced
//     version as retired and replaces the Dataset node;
//  4. the retired version is deleted in batches.
//
// A load that fails before step 3 deletes what it staged, so the previous
// version stays visible throughout; leftovers of a process that died
// (retired versions, and staging not touched for StaleAfter) are deleted by
// the next Open or load. Loads of one Store are serialised; loads of several
// processes are serialised at step 3 by the lock on the version node.
//
// Readers resolve the current Layer node, read the links carrying its dataset
// id and then check that this version is still current; if a switch happened
// in between, the read is repeated, so that every answer comes entirely from
// one version (Links therefore buffers a layer's links before calling fn).
//
// Only parameterised Cypher is run: codes, names and every other value given
// by users are parameters. Relationship types come from a fixed table keyed
// by the layer kind or measure.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Defaults of the options.
const (
	DefaultBatchSize  = 10000
	DefaultRetryTime  = 15 * time.Second
	DefaultStaleAfter = 10 * time.Minute
)

// Store is a graphmodel.Store on a Neo4j database.
type Store struct {
	driver     neo4j.DriverWithContext
	uri        string // the URI as shown in messages: scheme, host and port only
	database   string // "" is the server's default database
	batch      int
	staleAfter time.Duration
	writeMu    sync.Mutex // serialises the loads of this Store
	closed     atomic.Bool

	// testHook, when set, is called at named points of a load ("staged" after
	// the first batch of a layer or regional load); an error it returns fails
	// the load there. Used by the tests to fail a load midway.
	testHook func(point string) error
}

var _ graphmodel.Store = (*Store)(nil)

type options struct {
	batch      int
	database   string
	retryTime  time.Duration
	staleAfter time.Duration
}

// Option configures Open.
type Option func(*options)

// WithBatchSize sets the number of rows written per UNWIND batch (default
// DefaultBatchSize).
func WithBatchSize(n int) Option { return func(o *options) { o.batch = n } }

// WithDatabase selects a database by name (default: the server's default
// database, "neo4j" unless configured otherwise).
func WithDatabase(name string) Option { return func(o *options) { o.database = name } }

// WithRetryTime bounds how long the driver retries a transaction that failed
// with a transient error or a lost connection (default DefaultRetryTime).
// Every call is also bounded by its context.
func WithRetryTime(d time.Duration) Option { return func(o *options) { o.retryTime = d } }

// WithStaleAfter sets how long a staged load may go without writing before
// another process treats it as abandoned and deletes it (default
// DefaultStaleAfter).
func WithStaleAfter(d time.Duration) Option { return func(o *options) { o.staleAfter = d } }

// Open connects to the Neo4j server at uri (neo4j://, neo4j+s://, neo4j+ssc://,
// bolt://, bolt+s:// or bolt+ssc://), creates the constraints and indexes the
// store needs if they are missing and deletes leftovers of interrupted loads.
// user and password may both be empty for a server without authentication;
// they are never part of an error message. An unreachable server gives
// EUNAVAILABLE "cannot reach Neo4j at <uri>".
func Open(ctx context.Context, uri, user, password string, opts ...Option) (*Store, error) {
	o := options{batch: DefaultBatchSize, retryTime: DefaultRetryTime, staleAfter: DefaultStaleAfter}
	for _, opt := range opts {
		opt(&o)
	}
	if o.batch < 1 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "Neo4j batch size %d: expected at least 1", o.batch)
	}
	shown, err := displayURI(uri)
	if err != nil {
		return nil, err
	}
	auth := neo4j.NoAuth()
	if user != "" || password != "" {
		auth = neo4j.BasicAuth(user, password, "")
	}
	drv, err := neo4j.NewDriverWithContext(uri, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = o.retryTime
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 30 * time.Second
		c.UserAgent = "domainscope"
		c.TelemetryDisabled = true
	})
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINVALID, err, "store URI %s is not a valid Neo4j URI", shown)
	}
	s := &Store{driver: drv, uri: shown, database: o.database, batch: o.batch, staleAfter: o.staleAfter}
	if err := drv.VerifyConnectivity(ctx); err != nil {
		drv.Close(context.WithoutCancel(ctx))
		return nil, s.fail(ctx, err, "connecting")
	}
	if err := s.setupSchema(ctx); err != nil {
		drv.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := s.collectGarbage(ctx, "removing leftovers of interrupted loads"); err != nil {
		drv.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return s, nil
}

// displayURI checks the scheme of uri and returns it without path, query or
// credentials. Credentials in the URI are refused: they belong in
// NEO4J_USER and NEO4J_PASSWORD, and would otherwise end up in messages.
func displayURI(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return "", graphmodel.Errorf(graphmodel.EINVALID,
			"store URI is not a Neo4j URI: expected neo4j://host:7687 or bolt://host:7687")
	}
	switch u.Scheme {
	case "neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc":
	default:
		return "", graphmodel.Errorf(graphmodel.EINVALID,
			"store URI scheme %q: expected neo4j, neo4j+s, neo4j+ssc, bolt, bolt+s or bolt+ssc", u.Scheme)
	}
	if u.User != nil {
		return "", graphmodel.Errorf(graphmodel.EINVALID,
			"store URI %s://%s contains credentials: give them in NEO4J_USER and NEO4J_PASSWORD instead", u.Scheme, u.Host)
	}
	return u.Scheme + "://" + u.Host, nil
}

// URI returns the server's URI as shown in messages (no credentials).
func (s *Store) URI() string { return s.uri }

// Close closes the driver. Calls after Close return EUNAVAILABLE.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.driver.Close(ctx); err != nil {
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "closing the Neo4j driver failed")
	}
	return nil
}

// Ping checks that the server answers a query on the store's database. It
// makes one attempt, without the driver's retries, so that a readiness probe
// learns of an outage at once.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, `RETURN 1`, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return s.fail(ctx, err, "pinging Neo4j")
}

// Version returns the store version, 0 for an empty store.
func (s *Store) Version(ctx context.Context) (int64, error) {
	return readTx(ctx, s, "reading the store version", func(tx neo4j.ManagedTransaction) (int64, error) {
		rec, err := single(ctx, tx, `OPTIONAL MATCH (m:DomainScope {key: 'meta'}) RETURN coalesce(m.version, 0)`, nil)
		if err != nil {
			return 0, err
		}
		return getInt(rec, 0)
	})
}

func (s *Store) check() error {
	if s.closed.Load() {
		return graphmodel.Errorf(graphmodel.EUNAVAILABLE, "the store is closed")
	}
	return nil
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.database})
}

// readTx runs fn in a managed read transaction; errors go through fail.
func readTx[T any](ctx context.Context, s *Store, what string, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return managedTx(ctx, s, neo4j.AccessModeRead, what, fn)
}

// writeTx runs fn in a managed write transaction; errors go through fail.
func writeTx[T any](ctx context.Context, s *Store, what string, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return managedTx(ctx, s, neo4j.AccessModeWrite, what, fn)
}

// managedTx checks the store, then runs fn in a managed transaction of the
// mode; errors go through fail.
func managedTx[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, what string, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	if err := s.check(); err != nil {
		return zero, err
	}
	sess := s.session(ctx, mode)
	defer sess.Close(context.WithoutCancel(ctx))
	execute := neo4j.ExecuteWrite[T]
	if mode == neo4j.AccessModeRead {
		execute = neo4j.ExecuteRead[T]
	}
	v, err := execute(ctx, sess, fn)
	if err != nil {
		return zero, s.fail(ctx, err, what)
	}
	return v, nil
}

// ready checks the store, then v (the input of a write).
func (s *Store) ready(v interface{ Validate() error }) error {
	if err := s.check(); err != nil {
		return err
	}
	return v.Validate()
}

// fail turns an error met while doing what into an *graphmodel.Error whose
// message never contains driver text. An *graphmodel.Error passes through; a
// lost or refused connection gives EUNAVAILABLE "cannot reach Neo4j at
// <uri>"; a done context EUNAVAILABLE; rejected credentials, a missing
// database and transient server errors EUNAVAILABLE; a constraint violation
// (a concurrent load of the same data) ECONFLICT; anything else EINTERNAL.
func (s *Store) fail(ctx context.Context, err error, what string) error {
	if err == nil {
		return nil
	}
	var ae *graphmodel.Error
	if errors.As(err, &ae) {
		return err
	}
	var n4 *neo4j.Neo4jError
	var usage *neo4j.UsageError
	connectivity, ctxDone := false, false
	walkErrors(err, func(e error) {
		switch e := e.(type) {
		case *neo4j.Neo4jError:
			if n4 == nil {
				n4 = e
			}
		case *neo4j.UsageError:
			usage = e
		case *neo4j.ConnectivityError:
			connectivity = true
		}
		if e == context.Canceled || e == context.DeadlineExceeded {
			ctxDone = true
		}
	})
	switch {
	case n4 != nil && n4.IsAuthenticationFailed():
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"%s failed: Neo4j at %s rejected the credentials; check NEO4J_USER and NEO4J_PASSWORD", what, s.uri)
	case n4 != nil && n4.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"%s failed: Neo4j at %s has no database %q", what, s.uri, s.database)
	case n4 != nil && n4.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
		return graphmodel.WrapError(graphmodel.ECONFLICT, err,
			"%s failed: another load changed the same industries, regions or layer at the same time; try again", what)
	case n4 != nil && strings.HasPrefix(n4.Code, "Neo.ClientError.Security."):
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err,
			"%s failed: Neo4j at %s refused the operation for this user (%s)", what, s.uri, n4.Code)
	case n4 != nil && n4.Classification() == "TransientError":
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: Neo4j at %s is busy; try again", what, s.uri)
	case n4 != nil && n4.Code == "Neo.ClientError.Transaction.TransactionTimedOut":
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s timed out in Neo4j at %s", what, s.uri)
	case n4 != nil:
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "%s failed: Neo4j error %s", what, n4.Code)
	case usage != nil && !s.closed.Load():
		return graphmodel.WrapError(graphmodel.EINTERNAL, err, "%s failed: wrong use of the Neo4j driver", what)
	case s.closed.Load():
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s failed: the store is closed", what)
	case connectivity || ctx.Err() == nil && !ctxDone:
		// Every other error the driver returns is about the connection.
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot reach Neo4j at %s (%s failed)", s.uri, what)
	}
	reason := "was cancelled"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		reason = "timed out"
	}
	return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "%s %s", what, reason)
}

// walkErrors calls fn for err and every error it wraps, including the
// attempts listed by the driver's TransactionExecutionLimit (which does not
// implement Unwrap).
func walkErrors(err error, fn func(error)) {
	if err == nil {
		return
	}
	fn(err)
	switch e := err.(type) {
	case *neo4j.TransactionExecutionLimit:
		for _, inner := range e.Errors {
			walkErrors(inner, fn)
		}
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			walkErrors(inner, fn)
		}
	case interface{ Unwrap() error }:
		walkErrors(e.Unwrap(), fn)
	}
}

// ---- schema ----

// schema lists the constraints and indexes the store relies on. Community
// edition supports all of them (property uniqueness, composite included).
var schema = []string{
	`CREATE CONSTRAINT domainscope_meta IF NOT EXISTS FOR (m:DomainScope) REQUIRE m.key IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_classification IF NOT EXISTS FOR (c:Classification) REQUIRE c.name IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_industry IF NOT EXISTS FOR (i:Industry) REQUIRE (i.classification, i.code) IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_layer IF NOT EXISTS FOR (l:Layer) REQUIRE (l.name, l.period) IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_region IF NOT EXISTS FOR (r:Region) REQUIRE r.id IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_regional_set IF NOT EXISTS FOR (s:RegionalSet) REQUIRE s.key IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_dataset IF NOT EXISTS FOR (d:Dataset) REQUIRE d.id IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_dataset_target IF NOT EXISTS FOR (d:Dataset) REQUIRE (d.kind, d.target) IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_domain_run IF NOT EXISTS FOR (r:DomainRun) REQUIRE r.id IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_domain IF NOT EXISTS FOR (d:Domain) REQUIRE (d.run, d.id) IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_hypothesis IF NOT EXISTS FOR (h:Hypothesis) REQUIRE h.id IS UNIQUE`,
	`CREATE CONSTRAINT domainscope_domain_name IF NOT EXISTS FOR (n:DomainName) REQUIRE n.key IS UNIQUE`,
	`CREATE INDEX domainscope_layer_dataset IF NOT EXISTS FOR (l:Layer) ON (l.dataset)`,
	`CREATE INDEX domainscope_regional_set_dataset IF NOT EXISTS FOR (s:RegionalSet) ON (s.dataset)`,
	`CREATE INDEX domainscope_layer_staging IF NOT EXISTS FOR (l:LayerStaging) ON (l.dataset)`,
	`CREATE INDEX domainscope_set_staging IF NOT EXISTS FOR (s:RegionalSetStaging) ON (s.dataset)`,
	`CREATE INDEX domainscope_industry_staging IF NOT EXISTS FOR (i:IndustryStaging) ON (i.dataset, i.code)`,
	`CREATE INDEX domainscope_region_staging IF NOT EXISTS FOR (r:RegionStaging) ON (r.dataset, r.id)`,
	`CREATE INDEX domainscope_flow IF NOT EXISTS FOR ()-[r:FLOW]-() ON (r.dataset)`,
	`CREATE INDEX domainscope_co_occurs IF NOT EXISTS FOR ()-[r:CO_OCCURS]-() ON (r.dataset)`,
	`CREATE INDEX domainscope_related IF NOT EXISTS FOR ()-[r:RELATED]-() ON (r.dataset)`,
	`CREATE INDEX domainscope_employs IF NOT EXISTS FOR ()-[r:EMPLOYS]-() ON (r.dataset)`,
	`CREATE INDEX domainscope_patents IF NOT EXISTS FOR ()-[r:PATENTS]-() ON (r.dataset)`,
	`CREATE INDEX domainscope_publishes IF NOT EXISTS FOR ()-[r:PUBLISHES]-() ON (r.dataset)`,
}

// setupSchema creates the schema (each statement in its own transaction, as
// Neo4j requires), waits for the indexes to come online and creates the
// version node.
func (s *Store) setupSchema(ctx context.Context) error {
	for _, q := range schema {
		if _, err := writeTx(ctx, s, "creating the Neo4j schema", func(tx neo4j.ManagedTransaction) (struct{}, error) {
			return struct{}{}, run(ctx, tx, q, nil)
		}); err != nil {
			return err
		}
	}
	if _, err := writeTx(ctx, s, "waiting for the Neo4j indexes", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, run(ctx, tx, `CALL db.awaitIndexes(300)`, nil)
	}); err != nil {
		return err
	}
	_, err := writeTx(ctx, s, "creating the version node", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		return struct{}{}, run(ctx, tx, `MERGE (m:DomainScope {key: 'meta'})
			ON CREATE SET m.version = 0, m.next_id = 0`, nil)
	})
	return err
}

// ---- small query helpers ----

// run runs a query and discards its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// single runs a query that returns exactly one record.
func single(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) (*neo4j.Record, error) {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Single(ctx)
}

// each runs a query and calls fn for every record.
func each(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any, fn func(*neo4j.Record) error) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// strings1 returns the single string column of a query.
func strings1(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]string, error) {
	var out []string
	err := each(ctx, tx, q, params, func(rec *neo4j.Record) error {
		v, err := getString(rec, 0)
		out = append(out, v)
		return err
	})
	return out, err
}

func badValue(rec *neo4j.Record, i int, want string) error {
	key := fmt.Sprint(i)
	if i < len(rec.Keys) {
		key = rec.Keys[i]
	}
	return graphmodel.Errorf(graphmodel.EINTERNAL, "Neo4j returned %T for %s, expected %s; the data was not written by domainscope", rec.Values[i], key, want)
}

// getAs returns value i of rec as a T, or an error expecting want.
func getAs[T any](rec *neo4j.Record, i int, want string) (T, error) {
	v, ok := rec.Values[i].(T)
	if !ok {
		return v, badValue(rec, i, want)
	}
	return v, nil
}

func getString(rec *neo4j.Record, i int) (string, error) { return getAs[string](rec, i, "a string") }

func getInt(rec *neo4j.Record, i int) (int64, error) { return getAs[int64](rec, i, "an integer") }

func getFloat(rec *neo4j.Record, i int) (float64, error) {
	switch v := rec.Values[i].(type) {
	case float64:
		return v, nil
	case int64:
		return float64(v), nil
	}
	return 0, badValue(rec, i, "a number")
}

func getBool(rec *neo4j.Record, i int) (bool, error) { return getAs[bool](rec, i, "a boolean") }

func getStrings(rec *neo4j.Record, i int) ([]string, error) {
	list, ok := rec.Values[i].([]any)
	if !ok {
		return nil, badValue(rec, i, "a list")
	}
	out := make([]string, len(list))
	for j, v := range list {
		if out[j], ok = v.(string); !ok {
			return nil, badValue(rec, i, "a list of strings")
		}
	}
	return out, nil
}

// scanner reads the values of a record in order and keeps the first error.
type scanner struct {
	rec *neo4j.Record
	i   int
	err error
}

func (sc *scanner) next() int { sc.i++; return sc.i - 1 }

func (sc *scanner) str() string    { return scanNext(sc, getString) }
func (sc *scanner) int() int64     { return scanNext(sc, getInt) }
func (sc *scanner) float() float64 { return scanNext(sc, getFloat) }
func (sc *scanner) bool() bool     { return scanNext(sc, getBool) }
func (sc *scanner) strs() []string { return scanNext(sc, getStrings) }

// scanNext reads the next value with get, keeping its error.
func scanNext[T any](sc *scanner, get func(*neo4j.Record, int) (T, error)) T {
	v, err := get(sc.rec, sc.next())
	sc.keep(err)
	return v
}

func (sc *scanner) keep(err error) {
	if sc.err == nil {
		sc.err = err
	}
}
