package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"
)

// readmeMainEnv makes this test binary run domainscope's main, so that the
// README's shell examples run the command line as written.
const readmeMainEnv = "DOMAINSCOPE_README_MAIN"

func init() {
	if os.Getenv(readmeMainEnv) == "1" {
		os.Exit(runMain())
	}
}

// shellBlock is one ```sh block of the README.
type shellBlock struct {
	line int // of the opening fence
	text string
}

// readmeShellBlocks returns the README's ```sh code blocks in order.
func readmeShellBlocks(t *testing.T) []shellBlock {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []shellBlock
	var cur *shellBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(l) == "```sh":
			cur = &shellBlock{line: n}
		case cur != nil && strings.TrimSpace(l) == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += l + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

// readmeShell is prepended to every block: "go run ./cmd/domainscope" runs
// domainscope; the README's builds are done already (CI builds both
// programs); curl fails on an HTTP error.
const readmeShell = `set -euo pipefail
go() {
  case "$1" in
  run) shift; [ "$1" = ./cmd/domainscope ] || { echo "README test: go run $1 unknown" >&2; return 1; }; shift; domainscope "$@" ;;
  build|install) echo "README test: go $* (the programs are built)" ;;
  *) echo "README test: go $* not run here" ;;
  esac
}
curl() { command curl --fail-with-body "$@"; }
`

// readmeProgram is "domainscope" and "./domainscope" of the examples: this
// test binary run as domainscope ($DS_EXE); "serve" starts the server in the
// background on $DS_PORT and returns when it is ready (a new one replaces the
// last; "stop" stops it).
const readmeProgram = `#!/bin/bash
stop_server() {
  if [ -f "$DS_TMP/serve.pid" ]; then
    pid=$(cat "$DS_TMP/serve.pid"); rm -f "$DS_TMP/serve.pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}
[ "$1" = stop ] && { stop_server; exit 0; }
for a in "$@"; do
  if [ "$a" = serve ]; then
    stop_server
    DOMAINSCOPE_README_MAIN=1 "$DS_EXE" "$@" --addr "127.0.0.1:$DS_PORT" > "$DS_TMP/serve.log" 2>&1 &
    echo $! > "$DS_TMP/serve.pid"
    for _ in $(seq 300); do
      curl -fsS "http://127.0.0.1:$DS_PORT/api/v1/ready" >/dev/null 2>&1 && exit 0
      kill -0 $! 2>/dev/null || { cat "$DS_TMP/serve.log" >&2; exit 1; }
      sleep 0.2
    done
    echo "README test: server not ready" >&2; cat "$DS_TMP/serve.log" >&2; exit 1
  fi
done
DOMAINSCOPE_README_MAIN=1 exec "$DS_EXE" "$@"
`

// TestREADMEExamples runs every shell example of the README, in order, on
// the real data in ../shared/data, against one store: a command that
// fails as written (unknown flag, missing file, wrong path, HTTP error)
// fails the test with the block's line. The quick start's demo uses its own
// store, as it does for a user.
func TestREADMEExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("the README's examples load the real UK data (skipped with -short)")
	}
	data := realdata.Dir(t) // skips when ../shared/data is absent
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	// The examples run from a checkout "repo" with ../shared/data beside it.
	repo := filepath.Join(tmp, "repo")
	for _, d := range []string{repo, filepath.Join(tmp, "shared"), filepath.Join(tmp, "bin"), filepath.Join(tmp, "home")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(data, filepath.Join(tmp, "shared", "data")); err != nil {
		t.Fatal(err)
	}
	// ./domainscope in the checkout and domainscope on PATH, and the upload example's flows.csv.
	for _, p := range []string{filepath.Join(repo, "domainscope"), filepath.Join(tmp, "bin", "domainscope")} {
		if err := os.WriteFile(p, []byte(readmeProgram), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(data, "uk-labour-flows", "flows_sic2007_2014_2018.csv"), filepath.Join(repo, "flows.csv")); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	env := append(os.Environ(),
		"PATH="+filepath.Join(tmp, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
		"DS_EXE="+exe, "DS_TMP="+tmp, "DS_PORT="+port,
		"DOMAINSCOPE_STORE="+filepath.Join(tmp, "store.db"),
		"HOME="+filepath.Join(tmp, "home"), "XDG_DATA_HOME="+filepath.Join(tmp, "home"),
		"DOMAINSCOPE_UPLOAD_TOKEN=readme-test-token")
	defer func() {
		stop := exec.Command(filepath.Join(repo, "domainscope"), "stop")
		stop.Env = env
		_ = stop.Run()
	}()

	blocks := readmeShellBlocks(t)
	if len(blocks) < 8 {
		t.Fatalf("found %d shell blocks in README.md; the parser is broken", len(blocks))
	}
	ran := 0
	for _, b := range blocks {
		if strings.HasPrefix(strings.TrimSpace(b.text), "go test") {
			continue // the test command itself
		}
		// The examples address the server as localhost:8080.
		text := strings.NewReplacer("localhost:8080", "localhost:"+port, "127.0.0.1:8080", "127.0.0.1:"+port).Replace(b.text)
		cmd := exec.Command("bash", "-c", readmeShell+text)
		cmd.Dir = repo
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("README.md line %d: the example fails as written: %v\n%s\noutput:\n%s", b.line, err, b.text, tail(string(out), 3000))
		}
		ran++
	}
	t.Logf("ran %d shell examples of README.md", ran)
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
