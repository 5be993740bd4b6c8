// Command domainscope maps how industries are related through the people and
// the knowledge they share: it ingests labour flows, co-patenting and
// regional employment, computes relatedness and finds knowledge domains.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/neo4jstore"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
)

// app holds what every command shares: global flags, the store and the output streams.
type app struct {
	storePath string
	useDemo   bool
	logLevel  string
	out       io.Writer
	errOut    io.Writer
	log       *slog.Logger
}

func main() {
	os.Exit(runMain())
}

// runMain runs the command line of the process and returns its exit status.
func runMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{out: os.Stdout, errOut: os.Stderr}
	root := a.rootCommand()
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "domainscope:", errorText(err))
		return exitCode(err)
	}
	return 0
}

// errorText is the message shown to the user for err.
func errorText(err error) string {
	var e *graphmodel.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// exitCode maps an application error code to a process exit status:
// 2 for invalid input, 3 for not found, 4 for conflict, 5 for unavailable, 1 otherwise.
func exitCode(err error) int {
	switch graphmodel.ErrorCode(err) {
	case graphmodel.EINVALID, graphmodel.ETOOLARGE:
		return 2
	case graphmodel.ENOTFOUND:
		return 3
	case graphmodel.ECONFLICT:
		return 4
	case graphmodel.EUNAVAILABLE:
		return 5
	}
	return 1
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "domainscope",
		Short: "Map cross-sector knowledge domains from labour mobility and co-patenting",
		Long: `domainscope maps how industries are related through the people and the knowledge they
share (labour mobility, co-patenting), so that regional strategists can see where
cross-sector knowledge domains and cross-clustering opportunities lie.

Start with 'domainscope demo' to build a store from generated (synthetic) data.`,
		Version:       versionText(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := a.setupLogging(); err != nil {
				return err
			}
			// Checked here, before cobra does it, to report them as invalid input.
			if err := cmd.ValidateRequiredFlags(); err != nil {
				return usageError(cmd, err)
			}
			if err := cmd.ValidateFlagGroups(); err != nil {
				return usageError(cmd, err)
			}
			// The demo command and --demo use the separate demo store unless --store is given.
			if (a.useDemo || cmd.Name() == "demo") && !cmd.Flags().Changed("store") {
				p, err := demoStorePath()
				if err != nil {
					return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot find the user data directory for the demo store; give --store PATH")
				}
				a.storePath = p
			}
			return nil
		},
	}
	def := os.Getenv("DOMAINSCOPE_STORE")
	if def == "" {
		if p, err := sqlitestore.DefaultPath(); err == nil {
			def = p
		}
	}
	root.PersistentFlags().StringVar(&a.storePath, "store", def, "store: path of the embedded SQLite file, or a Neo4j URI (neo4j://host:7687; credentials from NEO4J_USER, NEO4J_PASSWORD) (env DOMAINSCOPE_STORE)")
	root.PersistentFlags().BoolVar(&a.useDemo, "demo", false, "use the demo store built by 'domainscope demo'")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", envOr("DOMAINSCOPE_LOG_LEVEL", "warn"), "log level: debug, info, warn, error (env DOMAINSCOPE_LOG_LEVEL)")
	root.AddCommand(a.ingestCommand(), a.relatednessCommand(), a.infoCommand(), a.neighboursCommand(), a.demoCommand(), a.withStructure(a.withNames(a.withEvolution(a.domainsCommand()))), a.regionCommand(), a.bridgesCommand(),
		a.serveCommand(), a.renderCommand(), a.compareCommand(), a.regionChangeCommand(), a.dynamicsCommand(), a.concordCommand(),
		a.hypothesisCommand(), a.briefCommand(), a.prioritiesCommand())
	root.SetFlagErrorFunc(usageError)
	cliErrors(root)
	return root
}

// cliErrors makes the errors of c and its subcommands speak the CLI's
// language: a wrong argument or an unknown subcommand is invalid input (exit
// status 2, as a bad flag value is through usageError), and the options that
// inner packages name by graphmodel.Error.Field are worded as flags.
func cliErrors(c *cobra.Command) {
	if c.HasSubCommands() && c.Run == nil && c.RunE == nil {
		c.Args = cobra.NoArgs // "domainscope ingest frobnicate" is an unknown command, not help
		c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	if args := c.Args; args != nil {
		c.Args = func(cmd *cobra.Command, a []string) error { return usageError(cmd, args(cmd, a)) }
	}
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, a []string) error { return asFlags(run(cmd, a)) }
	}
	for _, sub := range c.Commands() {
		cliErrors(sub)
	}
}

// usageError reports a flag or argument that cobra or pflag rejected as invalid input.
func usageError(cmd *cobra.Command, err error) error {
	if err == nil {
		return nil
	}
	return graphmodel.WrapError(graphmodel.EINVALID, err, "%v (see '%s --help')", err, cmd.CommandPath())
}

// flagWording words ingest's options as this command's flags.
type flagWording struct{}

func flagName(field string) string { return "--" + strings.ReplaceAll(field, "_", "-") }

func (flagWording) Name(field string) string { return flagName(field) }
func (flagWording) Fix(field, values string) string {
	return "use " + flagName(field) + " " + values
}

// asFlags rewords an error whose message names options, so that it names flags.
func asFlags(err error) error {
	var e *graphmodel.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := ingest.Reword(err, flagWording{})
	if msg == e.Message {
		return err
	}
	return &graphmodel.Error{Code: e.Code, Message: msg, Field: e.Field, Err: err}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func (a *app) setupLogging() error {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(a.logLevel)); err != nil {
		return graphmodel.Errorf(graphmodel.EINVALID, "--log-level %q: expected debug, info, warn or error", a.logLevel)
	}
	a.log = slog.New(slog.NewTextHandler(a.errOut, &slog.HandlerOptions{Level: lvl}))
	slog.SetDefault(a.log)
	return nil
}

// openStore opens the store named by --store: a Neo4j URI opens the Neo4j
// store, anything else is the path of the embedded SQLite file, created when
// it does not exist (for the commands that load data).
func (a *app) openStore(ctx context.Context) (graphmodel.Store, error) {
	return a.open(ctx, true)
}

// openExistingStore opens the store named by --store for a command that
// only reads or changes what is loaded: an SQLite file that does not exist
// is an error saying so (ENOTFOUND), never a new, empty store.
func (a *app) openExistingStore(ctx context.Context) (graphmodel.Store, error) {
	return a.open(ctx, false)
}

func (a *app) open(ctx context.Context, create bool) (graphmodel.Store, error) {
	p := a.storePath
	if p == "" {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "no store: give --store PATH or set DOMAINSCOPE_STORE")
	}
	if i := strings.Index(p, "://"); i > 0 {
		switch p[:i] {
		case "neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc":
			// Credentials come from the environment only: never on the command line, never logged.
			a.log.Debug("opening Neo4j store", "uri", p)
			return neo4jstore.Open(ctx, p, os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD"))
		}
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "--store %q: unknown scheme %s://; give a file path (embedded SQLite) or neo4j://, neo4j+s://, bolt:// or bolt+s:// (Neo4j)", p, p[:i])
	}
	a.log.Debug("opening store", "path", p, "create", create)
	if !create {
		st, err := sqlitestore.OpenExisting(ctx, p)
		if graphmodel.ErrorCode(err) == graphmodel.ENOTFOUND {
			hint := "check --store, or load data into it with 'domainscope ingest'"
			if a.useDemo {
				hint = "build the demo store first with 'domainscope demo'"
			}
			return nil, graphmodel.WrapError(graphmodel.ENOTFOUND, err, "store %s does not exist: %s", p, hint)
		}
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot create the store's directory %s", filepath.Dir(p))
	}
	return sqlitestore.Open(ctx, p)
}

// stderrIsTerminal reports whether progress bars should be drawn.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.errOut.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
