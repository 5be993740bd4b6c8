package sqlitestore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/storetest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "store.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graphmodel.Store { return openTemp(t) })
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data/home")
	p, err := DefaultPath()
	if err != nil || p != "/data/home/domainscope/domainscope.db" {
		t.Errorf("DefaultPath with XDG_DATA_HOME = %q, %v; want /data/home/domainscope/domainscope.db", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "relative/ignored")
	t.Setenv("HOME", "/home/u")
	p, err = DefaultPath()
	if err != nil || p != "/home/u/.local/share/domainscope/domainscope.db" {
		t.Errorf("DefaultPath = %q, %v; want /home/u/.local/share/domainscope/domainscope.db", p, err)
	}
}

func smallLoads(t testing.TB, s *Store) {
	t.Helper()
	ctx := context.Background()
	il := graphmodel.IndustriesLoad{
		Provenance:     graphmodel.Provenance{Source: "x.csv"},
		Classification: graphmodel.Classification{Name: "C", Levels: []string{"class"}},
		Industries:     []graphmodel.Industry{{Code: "1", Name: "one"}, {Code: "2", Name: "two"}},
	}
	if _, err := s.LoadIndustries(ctx, il); err != nil {
		t.Fatal(err)
	}
	ll := graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: "l.csv"},
		Layer:      graphmodel.Layer{Name: "l", Period: "p", Kind: graphmodel.KindFlows, Classification: "C", Directed: true},
		Links:      []graphmodel.Link{{From: "1", To: "2", Count: 5, Value: 5}},
	}
	if _, err := s.LoadLayer(ctx, ll); err != nil {
		t.Fatal(err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	smallLoads(t, s)
	v, _ := s.Version(ctx)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Layers(ctx); graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("Layers after Close: %v, want EUNAVAILABLE", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v2, _ := s.Version(ctx); v2 != v || v != 2 {
		t.Errorf("version after reopen = %d, want %d (2 loads)", v2, v)
	}
	n, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "l", Code: "1"})
	if err != nil || len(n) != 1 || n[0].Code != "2" || n[0].Count != 5 {
		t.Errorf("neighbours after reopen = %+v, %v; want 2 with count 5", n, err)
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, sync int
	if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
		t.Errorf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
}

func TestOddPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a b?c#d%e&f=g", "ü.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	smallLoads(t, s)
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the store is not at the path given: %v", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Version(ctx); err != nil || v != 2 {
		t.Errorf("version after reopening = %d, %v; want 2", v, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("this is not a database\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, junk)
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "not an SQLite database") {
		t.Errorf("Open(junk) = %v, want EUNAVAILABLE saying it is not a database", err)
	}
	if strings.Contains(graphmodel.ErrorMessage(err), "SELECT") || strings.Contains(graphmodel.ErrorMessage(err), "CREATE") {
		t.Errorf("error message leaks SQL: %q", graphmodel.ErrorMessage(err))
	}
	// A directory where the file should be.
	_, err = Open(ctx, dir)
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("Open(directory) = %v, want EUNAVAILABLE", err)
	}
	// A newer schema than this program knows.
	path := filepath.Join(dir, "new.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, path)
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "99") {
		t.Errorf("Open(newer schema) = %v, want EUNAVAILABLE naming version 99", err)
	}
}

func TestCancelledContext(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	smallLoads(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.LoadLayer(ctx, graphmodel.LayerLoad{
		Layer: graphmodel.Layer{Name: "l2", Period: "p", Kind: graphmodel.KindFlows, Classification: "C"},
		Links: []graphmodel.Link{{From: "1", To: "2"}},
	})
	if !errors.Is(err, context.Canceled) || graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("load with a cancelled context: %v (code %s), want context.Canceled as EUNAVAILABLE", err, graphmodel.ErrorCode(err))
	}
	_, err = s.Layers(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Layers with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestCancelDuringLoad(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	smallLoads(t, s)
	before := dumpAll(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	s.testHookLinks = cancel // halfway through the links
	_, err := s.LoadLayer(ctx, bigLoad("l", 50_000))
	if !errors.Is(err, context.Canceled) || graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Fatalf("load cancelled halfway: %v (code %s), want context.Canceled as EUNAVAILABLE", err, graphmodel.ErrorCode(err))
	}
	if msg := graphmodel.ErrorMessage(err); msg != `loading layer "l@p" was cancelled` {
		t.Errorf("message %q", msg)
	}
	s.testHookLinks = nil
	if after := dumpAll(t, s); !reflect.DeepEqual(before, after) {
		t.Fatalf("a cancelled load changed the store:\nbefore %+v\nafter  %+v", before, after)
	}
	if _, err := s.Industry(context.Background(), "BIG", "0000"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("industry created by the cancelled load: %v, want ENOTFOUND", err)
	}
}

// bigLoad is a layer of n links over 2000 industries it creates itself.
func bigLoad(name string, n int) graphmodel.LayerLoad {
	const nodes = 2000
	l := graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: "synthetic"},
		Layer:      graphmodel.Layer{Name: name, Period: "p", Kind: graphmodel.KindFlows, Classification: "BIG", Directed: true},
	}
	for i := range nodes {
		l.AddIndustries = append(l.AddIndustries, graphmodel.Industry{Code: fmt.Sprintf("%04d", i), Name: fmt.Sprint("industry ", i)})
	}
	l.Links = make([]graphmodel.Link, 0, n)
	// Pair k is (k / nodes, k % nodes) with the source spread by a stride
	// coprime with nodes, so that pairs are distinct and not sorted.
	for k := range n {
		src := (k / nodes * 7919) % nodes
		dst := k % nodes
		l.Links = append(l.Links, graphmodel.Link{From: l.AddIndustries[src].Code, To: l.AddIndustries[dst].Code,
			Count: float64(k%97 + 1), Value: float64(k%89) / 89})
	}
	return l
}

const killChildEnv = "SQLITESTORE_KILL_CHILD_DB"

// TestKillDuringLoad kills a process with SIGKILL in the middle of a big
// LoadLayer transaction and checks that the store still holds exactly the
// state before that load and accepts new loads.
func TestKillDuringLoad(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(path)
		return
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	smallLoads(t, s)
	before := dumpAll(t, s)
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringLoad$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	loading := false
	for lines.Scan() {
		if lines.Text() == "loading" {
			loading = true
			break
		}
	}
	if !loading {
		t.Fatalf("the child never reported loading (exit: %v)", cmd.Wait())
	}
	walSize := int64(-1)
	if fi, err := os.Stat(path + "-wal"); err == nil {
		walSize = fi.Size()
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want killed by SIGKILL", err)
	}
	// The uncommitted half of the load reached the WAL file (so the kill hit
	// a transaction with data on disk), well beyond the small committed loads.
	if walSize < 4<<20 {
		t.Errorf("WAL holds %d bytes when the child was killed, want over 4 MiB of uncommitted pages", walSize)
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopening after the kill: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	after := dumpAll(t, s)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("store changed by the killed load:\nbefore %+v\nafter  %+v", before, after)
	}
	ds, err := s.LoadLayer(ctx, bigLoad("after", 1000))
	if err != nil || ds.Version != before.version+1 {
		t.Fatalf("load after the kill: %+v, %v; want version %d", ds, err, before.version+1)
	}
}

// killChild runs in the child process: it starts a big load, says "loading"
// halfway through the links and waits there to be killed.
func killChild(path string) {
	s, err := Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// A small page cache makes the transaction spill pages into the WAL
	// before it commits, as big loads do.
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.Exec(`PRAGMA cache_size = -2000`); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s.testHookLinks = func() {
		fmt.Println("loading")
		time.Sleep(time.Minute)
	}
	_, err = s.LoadLayer(context.Background(), bigLoad("big", 600_000))
	fmt.Fprintln(os.Stderr, "child: the load was not killed:", err)
	os.Exit(3)
}

type fullDump struct {
	version  int64
	datasets []graphmodel.Dataset
	layers   []graphmodel.Layer
	inds     []graphmodel.Industry
	classes  []graphmodel.Classification
	links    []graphmodel.Link
}

func dumpAll(t *testing.T, s *Store) fullDump {
	t.Helper()
	ctx := context.Background()
	var d fullDump
	var err error
	if d.version, err = s.Version(ctx); err != nil {
		t.Fatal(err)
	}
	if d.datasets, err = s.Datasets(ctx); err != nil {
		t.Fatal(err)
	}
	if d.layers, err = s.Layers(ctx); err != nil {
		t.Fatal(err)
	}
	if d.classes, err = s.Classifications(ctx); err != nil {
		t.Fatal(err)
	}
	if d.inds, err = s.Industries(ctx, "C"); err != nil {
		t.Fatal(err)
	}
	if err := s.Links(ctx, "l", "p", func(l graphmodel.Link) error { d.links = append(d.links, l); return nil }); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestMigrateEvidence: a store written before the evidence migration (no
// evidence columns) opens, its layers read with Evidence false and p = q = 0, its
// neighbours without p or q, and a layer with evidence loads beside them.
func TestMigrateEvidence(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	smallLoads(t, s)
	// Turn the file back into what the schema before evidence wrote.
	for _, q := range []string{
		`ALTER TABLE links_1 DROP COLUMN p`, `ALTER TABLE links_1 DROP COLUMN q`,
		`ALTER TABLE layers DROP COLUMN evidence`, `DROP TABLE region_shapes`, `DROP TABLE snapshots`, // the later migrations too
		fmt.Sprintf(`UPDATE schema_version SET version = %d`, evidenceMigration),
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatalf("Open(store before evidence): %v", err)
	}
	defer s.Close()
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != SchemaVersion {
		t.Errorf("schema version %d (%v), want %d", v, err, SchemaVersion)
	}
	ly, err := s.Layer(ctx, "l", "p")
	if err != nil || ly.Evidence {
		t.Errorf("Layer(l, p) = %+v, %v; want a layer without evidence", ly, err)
	}
	var got []graphmodel.Link
	if err := s.Links(ctx, "l", "p", func(k graphmodel.Link) error { got = append(got, k); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []graphmodel.Link{{From: "1", To: "2", Count: 5, Value: 5}}; !reflect.DeepEqual(got, want) {
		t.Errorf("migrated links = %+v, want %+v", got, want)
	}
	ns, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "l", Code: "1", Min: new(float64)})
	if err != nil || len(ns) != 1 || ns[0].QValue != nil {
		t.Errorf("Neighbours on the migrated layer = %+v, %v; want 2 without a q-value", ns, err)
	}
	ll := graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: "e.csv"},
		Layer:      graphmodel.Layer{Name: "l", Period: "q", Kind: graphmodel.KindFlows, Classification: "C", Directed: true, Evidence: true},
		Links:      []graphmodel.Link{{From: "1", To: "2", Count: 5, Value: 5, PValue: 0.25, QValue: 0.5}},
	}
	if _, err := s.LoadLayer(ctx, ll); err != nil {
		t.Fatalf("loading a layer with evidence after the migration: %v", err)
	}
	ns, err = s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "l", Period: "q", Code: "1", Min: new(float64)})
	if err != nil || len(ns) != 1 || ns[0].QValue == nil || *ns[0].QValue != 0.5 {
		t.Errorf("Neighbours on the new layer = %+v, %v; want 2 with q-value 0.5", ns, err)
	}
}

// TestOpenDuringLoad: opening a store at the current schema does not take
// the write lock, so another process can open it (and read) while a load
// holds it; before, Open waited for the lock and failed after the busy
// timeout because the load here waits for the Open.
func TestOpenDuringLoad(t *testing.T) {
	ctx := context.Background()
	loader := openTemp(t)
	defer loader.Close()
	smallLoads(t, loader)
	var openErr, readErr error
	loader.testHookLinks = func() {
		other, err := Open(ctx, loader.Path())
		if openErr = err; err != nil {
			return
		}
		defer other.Close()
		_, readErr = other.Layer(ctx, "l", "p")
	}
	if _, err := loader.LoadLayer(ctx, bigLoad("l", 1000)); err != nil {
		t.Fatal(err)
	}
	if openErr != nil || readErr != nil {
		t.Fatalf("Open during a load: %v; read: %v", openErr, readErr)
	}
}
