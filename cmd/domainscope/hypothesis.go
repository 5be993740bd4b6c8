package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/report"
	"github.com/spf13/cobra"
)

// The user-data commands: 'hypothesis create|list|show|edit|delete' and
// 'domains rename' / 'domains names'. They parse flags, call the store or
// the analyzer and print through package report.

// userStore opens the store and returns its user-data side.
func (a *app) userStore(ctx context.Context) (graphmodel.Store, graphmodel.HypothesisStore, graphmodel.DomainNameStore, error) {
	st, err := a.openExistingStore(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	hs, ok1 := st.(graphmodel.HypothesisStore)
	ns, ok2 := st.(graphmodel.DomainNameStore)
	if !ok1 || !ok2 {
		st.Close()
		return nil, nil, nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no user data")
	}
	return st, hs, ns, nil
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, graphmodel.FieldErrorf(graphmodel.EINVALID, "id", "hypothesis id %q: expected a whole number from 1 (see 'domainscope hypothesis list')", s)
	}
	return id, nil
}

// notesFlags read free text from --notes or a file (--notes-file, "-" for standard input).
type notesFlags struct{ text, file string }

func (f *notesFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.text, "notes", "", "free-text notes")
	cmd.Flags().StringVar(&f.file, "notes-file", "", "read the notes from this file ('-': standard input)")
	cmd.MarkFlagsMutuallyExclusive("notes", "notes-file")
}

// read returns the notes and whether any were given.
func (f *notesFlags) read(cmd *cobra.Command) (string, bool, error) {
	if cmd.Flags().Changed("notes") {
		return f.text, true, nil
	}
	if f.file == "" {
		return "", false, nil
	}
	var r io.Reader = cmd.InOrStdin()
	if f.file != "-" {
		file, err := os.Open(f.file)
		if err != nil {
			return "", false, graphmodel.WrapError(graphmodel.EINVALID, err, "--notes-file: cannot read %s", f.file)
		}
		defer file.Close()
		r = file
	}
	b, err := io.ReadAll(io.LimitReader(r, 4*graphmodel.MaxNotesRunes+1))
	if err != nil {
		return "", false, graphmodel.WrapError(graphmodel.EINVALID, err, "--notes-file: cannot read %s", f.file)
	}
	return string(b), true, nil
}

func (a *app) hypothesisCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "hypothesis",
		Aliases: []string{"hypotheses"},
		Short:   "Keep domain hypotheses: named sets of industries with their parameters and notes",
		Long: `Save, list, show, edit and delete domain hypotheses for the entrepreneurial
discovery process: a named set of industry codes (from a knowledge domain or typed),
the parameters that produced it, notes and author. 'show' recomputes its evidence
on the current data: cohesion against a configuration-model null, sectors spanned,
employment per region, the industries linked into it, and the change between two
periods of the layers.`,
	}
	cmd.AddCommand(a.hypothesisCreateCommand(), a.hypothesisListCommand(), a.hypothesisShowCommand(),
		a.hypothesisEditCommand(), a.hypothesisDeleteCommand())
	return cmd
}

// userData is what a user-data command works on: the store's user-data
// side and the hypothesis ID its first argument names, if it takes one.
type userData struct {
	st graphmodel.Store
	hs graphmodel.HypothesisStore
	ns graphmodel.DomainNameStore
	id int64
}

// userRun is the RunE of a user-data command: --format checked, the ID
// argument parsed (withID), the store opened for run and closed after.
func (a *app) userRun(format *string, withID bool, run func(cmd *cobra.Command, args []string, u userData) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) (err error) {
		var u userData
		if err = checkFormat(*format); err == nil && withID {
			u.id, err = parseID(args[0])
		}
		if err != nil {
			return err
		}
		if u.st, u.hs, u.ns, err = a.userStore(cmd.Context()); err != nil {
			return err
		}
		defer u.st.Close()
		return run(cmd, args, u)
	}
}

// printHypothesis prints one hypothesis as --format asks.
func (a *app) printHypothesis(format string, h graphmodel.Hypothesis) error {
	return a.print(format, h, func() report.Table { return report.Hypotheses([]graphmodel.Hypothesis{h}) },
		func(w io.Writer) error { return report.Hypothesis(w, h) })
}

func (a *app) hypothesisCreateCommand() *cobra.Command {
	var gf graphFlags
	var nf notesFlags
	var codes, classification, author, source, format string
	var req analysis.DomainsRequest
	var domain int
	cmd := &cobra.Command{
		Use:   "create NAME (--codes CODES | --domain ID)",
		Short: "Save a hypothesis from typed codes or from a knowledge domain",
		Example: `  domainscope hypothesis create "Health tech" --codes 8610,8621,2660,6201 --notes "from the workshop"
  domainscope hypothesis create "Agri-food bio" --domain 3 --layers labour --resolution 1.5 --author Ana`,
		Args: cobra.ExactArgs(1),
	}
	cmd.RunE = a.userRun(&format, false, func(cmd *cobra.Command, args []string, u userData) error {
		if (codes == "") == (domain == 0) {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, "codes", "give the industries with --codes or take a knowledge domain with --domain, not both")
		}
		notes, _, err := nf.read(cmd)
		if err == nil {
			req.GraphRequest, err = gf.request()
		}
		if err != nil {
			return err
		}
		ctx := cmd.Context()
		h := graphmodel.Hypothesis{Name: args[0], Classification: classification, Codes: ingest.SplitList(codes), Source: source,
			Notes: notes, Author: author, Params: graphmodel.HypothesisParams{Threshold: req.Threshold}}
		switch {
		case domain != 0:
			h, err = analysis.NewAnalyzer(u.st).DomainHypothesis(ctx, req, domain, h)
		case h.Classification == "":
			h.Classification, err = req.FirstClassification(ctx, u.st)
		}
		if domain == 0 && cmd.Flags().Changed("layers") {
			h.Params.Layers = req.Layers
		}
		if err == nil {
			h, err = u.hs.CreateHypothesis(ctx, h)
		}
		if err != nil {
			return err
		}
		return a.printHypothesis(format, h)
	})
	gf.add(cmd)
	nf.add(cmd)
	cmd.Flags().StringVar(&codes, "codes", "", "comma-separated industry codes")
	cmd.Flags().IntVar(&domain, "domain", 0, "take the members of this knowledge domain (as 'domainscope domains' numbers them with the same flags)")
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "with --domain: resolution of the domains run")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "with --domain: seed of the domains run")
	cmd.Flags().StringVar(&classification, "classification", "", "classification of --codes (default: that of the first of --layers)")
	cmd.Flags().StringVar(&author, "author", envOr("USER", ""), "author (env USER)")
	cmd.Flags().StringVar(&source, "source", "", "where --codes come from: codes (typed) or selection")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) hypothesisListCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{Use: "list", Short: "List the saved hypotheses", Args: cobra.NoArgs}
	cmd.RunE = a.userRun(&format, false, func(cmd *cobra.Command, _ []string, u userData) error {
		list, err := u.hs.Hypotheses(cmd.Context())
		if err != nil {
			return err
		}
		list = nonNil(list)
		return a.printTable(format, list, report.Hypotheses(list))
	})
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) hypothesisShowCommand() *cobra.Command {
	var gf graphFlags
	var format string
	var noEvidence bool
	var req analysis.HypothesisRequest
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a hypothesis and its evidence recomputed on the current data",
		Long: `Show a hypothesis and its evidence on the current data, on the layers saved with
it (or --layers): cohesion (internal link weight against the configuration-model
expectation vol(S)²/4m, density, conductance), the sectors it spans, its members,
the outside industries with the most link weight into it, employment per region in
the latest employment set (with location quotients), and the change of cohesion
against another period of the same layers when one is loaded.`,
		Example: `  domainscope hypothesis show 3
  domainscope hypothesis show 3 --layers labour@2014-2018 --compare-period 2009-2013`,
		Args: cobra.ExactArgs(1),
	}
	cmd.RunE = a.userRun(&format, true, func(cmd *cobra.Command, _ []string, u userData) error {
		h, err := u.hs.Hypothesis(cmd.Context(), u.id)
		if err != nil {
			return err
		}
		if noEvidence {
			return a.printHypothesis(format, h)
		}
		if req.GraphRequest, err = gf.request(); err != nil {
			return err
		}
		if !cmd.Flags().Changed("layers") && len(h.Params.Layers) > 0 {
			req.Layers = h.Params.Layers
		}
		if !cmd.Flags().Changed("threshold") && h.Params.Threshold != nil {
			req.Threshold = h.Params.Threshold
		}
		req.ID = u.id
		ev, err := analysis.NewAnalyzer(u.st).Hypothesis(cmd.Context(), req)
		if err != nil {
			return err
		}
		return a.print(format, ev, func() report.Table { return report.EvidenceMembers(ev) }, func(w io.Writer) error {
			if err := report.Hypothesis(w, h); err != nil {
				return err
			}
			fmt.Fprintln(w)
			return report.Evidence(w, ev)
		})
	})
	gf.add(cmd)
	cmd.Flags().BoolVar(&noEvidence, "no-evidence", false, "show the saved hypothesis only")
	cmd.Flags().IntVar(&req.Bridges, "bridges", 10, "outside industries linked into it to list (1 to 100)")
	cmd.Flags().IntVar(&req.SectorLevel, "sector-level", 0, "classification level that counts as a sector")
	cmd.Flags().StringVar(&req.ComparePeriod, "compare-period", "", "period of the same layers to compare with (default: each layer's greatest other period)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json (the evidence) or csv (its members)")
	return cmd
}

func (a *app) hypothesisEditCommand() *cobra.Command {
	var nf notesFlags
	var name, codes, add, remove, author, format string
	cmd := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a hypothesis's name, codes, notes or author",
		Example: `  domainscope hypothesis edit 3 --add 7490 --remove 8690
  domainscope hypothesis edit 3 --name "Health tech (narrow)" --notes-file notes.md`,
		Args: cobra.ExactArgs(1),
	}
	cmd.RunE = a.userRun(&format, true, func(cmd *cobra.Command, _ []string, u userData) error {
		notes, hasNotes, err := nf.read(cmd)
		if err != nil {
			return err
		}
		e := graphmodel.HypothesisEdit{Add: ingest.SplitList(add), Remove: ingest.SplitList(remove)}
		flag := func(name string, v *string) *string {
			if cmd.Flags().Changed(name) {
				return v
			}
			return nil
		}
		e.Name, e.Author = flag("name", &name), flag("author", &author)
		if hasNotes {
			e.Notes = &notes
		}
		if cmd.Flags().Changed("codes") {
			e.Codes = append([]string{}, ingest.SplitList(codes)...)
		}
		h, err := u.hs.Hypothesis(cmd.Context(), u.id)
		if err == nil {
			err = e.Apply(&h)
		}
		if err == nil {
			h, err = u.hs.UpdateHypothesis(cmd.Context(), h) // with the version read: a concurrent change is ECONFLICT
		}
		if err != nil {
			return err
		}
		return a.printHypothesis(format, h)
	})
	nf.add(cmd)
	cmd.Flags().StringVar(&name, "name", "", "new name")
	cmd.Flags().StringVar(&codes, "codes", "", "replace the codes (comma-separated)")
	cmd.Flags().StringVar(&add, "add", "", "add these codes (comma-separated)")
	cmd.Flags().StringVar(&remove, "remove", "", "remove these codes (comma-separated)")
	cmd.Flags().StringVar(&author, "author", "", "new author")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	cmd.MarkFlagsMutuallyExclusive("codes", "add")
	cmd.MarkFlagsMutuallyExclusive("codes", "remove")
	return cmd
}

func (a *app) hypothesisDeleteCommand() *cobra.Command {
	format := "table"
	cmd := &cobra.Command{Use: "delete ID", Short: "Delete a hypothesis", Args: cobra.ExactArgs(1)}
	cmd.RunE = a.userRun(&format, true, func(cmd *cobra.Command, _ []string, u userData) error {
		if err := u.hs.DeleteHypothesis(cmd.Context(), u.id); err != nil {
			return err
		}
		fmt.Fprintf(a.out, "deleted hypothesis %d\n", u.id)
		return nil
	})
	return cmd
}

// withNames adds 'rename' and 'names' to the domains command.
func (a *app) withNames(domains *cobra.Command) *cobra.Command {
	domains.AddCommand(a.domainsRenameCommand(), a.domainsNamesCommand())
	return domains
}

func (a *app) domainsRenameCommand() *cobra.Command {
	var gf graphFlags
	var req analysis.DomainNameRequest
	var codes, format string
	cmd := &cobra.Command{
		Use:   "rename (ID | --codes CODES) NAME",
		Short: "Name a knowledge domain; the name labels it in later runs while its members stay (nearly) the same",
		Long: `Give knowledge domain ID of the run the flags select (as 'domainscope domains'
numbers them with the same flags), or the industries --codes on --layers, a name.
The name is stored with the domain's membership (classification, layers, member
codes). Later domains results on the same layers label a domain with it when its
members are the same, or when their Jaccard similarity with the named members is
at least 0.8 (the closest name wins).`,
		Example: `  domainscope domains rename 3 "Health & care" --layers labour
  domainscope domains rename --codes 8610,8621,8622 "Hospitals and GPs"`,
		Args: cobra.RangeArgs(1, 2),
		RunE: runAnalysis(a, &format, &req, func(args []string) error {
			switch {
			case codes != "" && len(args) == 1:
				req.Codes, req.Name = ingest.SplitList(codes), args[0]
			case codes == "" && len(args) == 2:
				id, err := strconv.Atoi(args[0])
				if err != nil || id < 1 {
					return graphmodel.FieldErrorf(graphmodel.EINVALID, "domain", "domain ID %q: expected a whole number from 1", args[0])
				}
				req.Domain, req.Name = id, args[1]
			default:
				return graphmodel.Errorf(graphmodel.EINVALID, "give a domain ID and a name, or --codes and a name (see 'domainscope domains rename --help')")
			}
			return gf.into(&req.GraphRequest)(args)
		}, (*analysis.Analyzer).NameDomain, report.DomainNameRows, report.DomainName),
	}
	gf.add(cmd)
	cmd.Flags().Float64Var(&req.Resolution, "resolution", 1, "resolution of the domains run")
	cmd.Flags().Int64Var(&req.Seed, "seed", 1, "seed of the domains run")
	cmd.Flags().StringVar(&codes, "codes", "", "name these industries instead of a domain ID (comma-separated)")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) domainsNamesCommand() *cobra.Command {
	var format, del string
	cmd := &cobra.Command{
		Use:   "names",
		Short: "List the names given to knowledge domains (or remove one with --delete KEY)",
		Args:  cobra.NoArgs,
	}
	cmd.RunE = a.userRun(&format, false, func(cmd *cobra.Command, _ []string, u userData) error {
		if del != "" {
			if err := u.ns.DeleteDomainName(cmd.Context(), del); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "removed domain name %s\n", del)
			return nil
		}
		list, err := u.ns.DomainNames(cmd.Context())
		if err != nil {
			return err
		}
		list = nonNil(list)
		return a.printTable(format, list, report.DomainNames(list))
	})
	cmd.Flags().StringVar(&del, "delete", "", "remove the name with this key")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}
