package neo4jstore

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// startServer starts a private test server (graphmodel/neo4jstore/testserver)
// keeping its database in home, on port, and returns it once it has printed
// its URI. NEO4J_TESTSERVER_CP (the classpath) and NEO4J_TESTSERVER_JAVA
// (the java command) are set by scripts/test-neo4j.
func startServer(t *testing.T, home string, port int) *exec.Cmd {
	t.Helper()
	cp := os.Getenv("NEO4J_TESTSERVER_CP")
	if cp == "" {
		t.Skip("NEO4J_TESTSERVER_CP is not set: this test starts and restarts its own Neo4j test server; run NEO4J_TEST_RESTART=1 scripts/test-neo4j")
	}
	javaCmd := strings.Fields(os.Getenv("NEO4J_TESTSERVER_JAVA"))
	if len(javaCmd) == 0 {
		javaCmd = []string{"java", "-Xmx512m"}
	}
	args := append(javaCmd[1:], "-cp", cp, "domainscope.testserver.Main", "--home", home, "--port", fmt.Sprint(port), "--stdin")
	cmd := exec.Command(javaCmd[0], args...)
	logf, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// Closing stdin stops the server (--stdin), also if this test dies.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close() })
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the test server: %v", err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Signal(syscall.SIGTERM)
			cmd.Wait()
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case uri, ok := <-line:
		if want := fmt.Sprintf("bolt://127.0.0.1:%d", port); !ok || uri != want {
			t.Fatalf("test server printed %q, want %q (log in %s)", uri, want, logf.Name())
		}
	case <-time.After(120 * time.Second):
		t.Fatalf("test server printed no URI within 120s (log in %s)", logf.Name())
	}
	return cmd
}

func stopServer(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("test server did not stop within 60s of SIGTERM")
	}
}

// A store whose server stops gives EUNAVAILABLE "cannot reach Neo4j at …"
// and works again, with its data, once the server is back.
func TestRecoversAfterRestart(t *testing.T) {
	testURI(t) // runs with the Neo4j tests only
	home, port := t.TempDir(), freePort(t)
	uri := fmt.Sprintf("bolt://127.0.0.1:%d", port)
	t0 := time.Now()
	srv := startServer(t, home, port)
	t.Logf("server up after %v", time.Since(t0))
	ctx := context.Background()
	s, err := Open(ctx, uri, "", "", WithRetryTime(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("opened after %v", time.Since(t0))
	l := chainLoad("chain", 3)
	if _, err := s.LoadLayer(ctx, l); err != nil {
		t.Fatal(err)
	}
	q := graphmodel.NeighbourQuery{Layer: "chain", Code: "c0001"}
	before, err := s.Neighbours(ctx, q)
	if err != nil || len(before) != 2 {
		t.Fatalf("Neighbours before the restart: %v, %v; want c0002 and c0000", before, err)
	}

	t0 = time.Now()
	stopServer(t, srv)
	t.Logf("server stopped after %v", time.Since(t0))
	for name, call := range map[string]func(ctx context.Context) error{
		"Ping":       s.Ping,
		"Version":    func(ctx context.Context) error { _, err := s.Version(ctx); return err },
		"Neighbours": func(ctx context.Context) error { _, err := s.Neighbours(ctx, q); return err },
		"LoadLayer":  func(ctx context.Context) error { _, err := s.LoadLayer(ctx, l); return err },
	} {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		start := time.Now()
		err := call(cctx)
		cancel()
		t.Logf("%s failed after %v: %v", name, time.Since(start), err)
		if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
			t.Errorf("%s with the server stopped: %v, want EUNAVAILABLE", name, err)
			continue
		}
		if msg := graphmodel.ErrorMessage(err); !strings.Contains(msg, "cannot reach Neo4j at "+uri) {
			t.Errorf("%s with the server stopped: message %q, want it to contain %q", name, msg, "cannot reach Neo4j at "+uri)
		}
		if d := time.Since(start); d > 9*time.Second {
			t.Errorf("%s took %v to fail, want the retry time (2s) plus a little", name, d)
		}
	}

	t0 = time.Now()
	startServer(t, home, port)
	t.Logf("server restarted after %v", time.Since(t0))
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := s.Ping(ctx)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Ping 30s after the restart: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("Ping works %v after the restart", time.Since(t0))
	after, err := s.Neighbours(ctx, q)
	if err != nil || len(after) != len(before) || after[0] != before[0] || after[1] != before[1] {
		t.Errorf("Neighbours after the restart = %v, %v; want %v", after, err, before)
	}
	if _, err := s.LoadLayer(ctx, l); err != nil {
		t.Errorf("LoadLayer after the restart: %v", err)
	}
}

// proxy forwards a local port to a Neo4j server and can be cut and
// restored, to simulate an outage of the server without restarting it.
type proxy struct {
	t      *testing.T
	addr   string // 127.0.0.1:port
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: fmt.Sprintf("127.0.0.1:%d", freePort(t)), target: target}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy listening on %s: %v", p.addr, err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// down closes the listener and every forwarded connection: the server is
// gone as far as the client can tell.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// An outage gives EUNAVAILABLE "cannot reach Neo4j at …" within the retry
// time, and the store works again, without reopening, when the server is
// reachable again.
func TestRecoversAfterOutage(t *testing.T) {
	uri := testURI(t)
	if !strings.HasPrefix(uri, "bolt://") {
		t.Skipf("NEO4J_URI %s is not bolt://", uri)
	}
	wipe(t, uri)
	p := newProxy(t, strings.TrimPrefix(uri, "bolt://"))
	puri := "bolt://" + p.addr
	ctx := context.Background()
	s, err := Open(ctx, puri, os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"), WithRetryTime(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := chainLoad("chain", 3)
	if _, err := s.LoadLayer(ctx, l); err != nil {
		t.Fatal(err)
	}
	q := graphmodel.NeighbourQuery{Layer: "chain", Code: "c0001"}
	before, err := s.Neighbours(ctx, q)
	if err != nil || len(before) != 2 {
		t.Fatalf("Neighbours before the outage: %v, %v; want c0002 and c0000", before, err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}

	p.down()
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Ping", s.Ping},
		{"Version", func(ctx context.Context) error { _, err := s.Version(ctx); return err }},
		{"Neighbours", func(ctx context.Context) error { _, err := s.Neighbours(ctx, q); return err }},
		{"Links", func(ctx context.Context) error {
			return s.Links(ctx, "chain", "", func(graphmodel.Link) error { return nil })
		}},
		{"LoadLayer", func(ctx context.Context) error { _, err := s.LoadLayer(ctx, l); return err }},
	}
	for _, c := range calls {
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		start := time.Now()
		err := c.call(cctx)
		cancel()
		t.Logf("%s failed after %v: %v", c.name, time.Since(start), err)
		if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
			t.Errorf("%s during the outage: %v, want EUNAVAILABLE", c.name, err)
			continue
		}
		if msg := graphmodel.ErrorMessage(err); !strings.Contains(msg, "cannot reach Neo4j at "+puri) {
			t.Errorf("%s during the outage: message %q, want it to contain %q", c.name, msg, "cannot reach Neo4j at "+puri)
		}
		// The retry time is 0.5s; the driver may start one more attempt
		// (connect timeout 5s) just before it ends.
		if d := time.Since(start); d > 8*time.Second {
			t.Errorf("%s took %v to fail, want under 8s", c.name, d)
		}
	}
	// A call whose context ends first says so.
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = s.Version(cctx)
	cancel()
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE {
		t.Errorf("Version with a 100ms deadline during the outage: %v, want EUNAVAILABLE", err)
	}

	p.up()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping after the outage: %v", err)
	}
	if got, err := s.Version(ctx); err != nil || got != v {
		t.Errorf("Version after the outage = %d, %v; want %d", got, err, v)
	}
	after, err := s.Neighbours(ctx, q)
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("Neighbours after the outage = %v, %v; want %v", after, err, before)
	}
	// The failed load left nothing behind; a new one works.
	if c := count(t, s, `MATCH (n) WHERE n:LayerStaging OR n:IndustryStaging RETURN count(n)`, nil); c != 0 {
		t.Errorf("%d staging nodes after the outage, want 0", c)
	}
	if _, err := s.LoadLayer(ctx, l); err != nil {
		t.Errorf("LoadLayer after the outage: %v", err)
	}
}
