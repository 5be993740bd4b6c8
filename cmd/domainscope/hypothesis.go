package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

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

func (a *app) hypothesisCreateCommand() *cobra.Command {
	var gf graphFlags
	var nf notesFlags
	var codes, classification, author, source, format string
	var domain int
	var resolution float64
	var seed int64
	cmd := &cobra.Command{
		Use:   "create NAME (--codes CODES | --domain ID)",
		Short: "Save a hypothesis from typed codes or from a knowledge domain",
		Example: `  domainscope hypothesis create "Health tech" --codes 8610,8621,2660,6201 --notes "from the workshop"
  domainscope hypothesis create "Agri-food bio" --domain 3 --layers labour --resolution 1.5 --author Ana`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if (codes == "") == (domain == 0) {
				return graphmodel.FieldErrorf(graphmodel.EINVALID, "codes", "give the industries with --codes or take a knowledge domain with --domain, not both")
			}
			notes, _, err := nf.read(cmd)
			if err != nil {
				return err
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, hs, _, err := a.userStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			h := graphmodel.Hypothesis{Name: args[0], Classification: classification, Codes: ingest.SplitList(codes), Source: source,
				Notes: notes, Author: author}
			if cmd.Flags().Changed("layers") || domain != 0 {
				h.Params.Layers = g.Layers
			}
			h.Params.Threshold = g.Threshold
			if domain != 0 {
				// Check the name before detecting the domains.
				if err := h.Validate(); err != nil && graphmodel.ErrorField(err) != "codes" && graphmodel.ErrorField(err) != "classification" {
					return err
				}
				an := analysis.NewAnalyzer(st)
				res, err := an.Domains(ctx, analysis.DomainsRequest{GraphRequest: g, Resolution: resolution, Seed: seed})
				if err != nil {
					return err
				}
				i := slices.IndexFunc(res.Domains, func(d analysis.Domain) bool { return d.ID == domain })
				if i < 0 {
					return graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "domain", "domain %d not found: this run has domains 1 to %d", domain, len(res.Domains))
				}
				h.Codes = nil
				for _, m := range res.Domains[i].Members {
					h.Codes = append(h.Codes, m.Code)
				}
				h.Classification = res.Provenance.Classification
				h.Source = graphmodel.SourceDomain
				h.Params.Layers = nil
				for _, l := range res.Provenance.Layers {
					h.Params.Layers = append(h.Params.Layers, l.Key())
				}
				h.Params.Resolution, h.Params.Seed, h.Params.Domain = &resolution, &seed, &domain
			} else if h.Classification == "" {
				if h.Classification, err = layerClassification(ctx, st, g); err != nil {
					return err
				}
			}
			h, err = hs.CreateHypothesis(ctx, h)
			if err != nil {
				return err
			}
			return a.print(format, h, func() report.Table { return report.Hypotheses([]graphmodel.Hypothesis{h}) },
				func(w io.Writer) error { return report.Hypothesis(w, h) })
		},
	}
	gf.add(cmd)
	nf.add(cmd)
	cmd.Flags().StringVar(&codes, "codes", "", "comma-separated industry codes")
	cmd.Flags().IntVar(&domain, "domain", 0, "take the members of this knowledge domain (as 'domainscope domains' numbers them with the same flags)")
	cmd.Flags().Float64Var(&resolution, "resolution", 1, "with --domain: resolution of the domains run")
	cmd.Flags().Int64Var(&seed, "seed", 1, "with --domain: seed of the domains run")
	cmd.Flags().StringVar(&classification, "classification", "", "classification of --codes (default: that of the first of --layers)")
	cmd.Flags().StringVar(&author, "author", envOr("USER", ""), "author (env USER)")
	cmd.Flags().StringVar(&source, "source", "", "where --codes come from: codes (typed) or selection")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

// layerClassification returns the classification of the first layer of g.
func layerClassification(ctx context.Context, st graphmodel.Reader, g analysis.GraphRequest) (string, error) {
	name, period, _ := strings.Cut(g.Layers[0], "@")
	if period == "" {
		period = g.Period
	}
	l, err := st.Layer(ctx, name, period)
	if err != nil {
		return "", err
	}
	return l.Classification, nil
}

func (a *app) hypothesisListCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the saved hypotheses",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			st, hs, _, err := a.userStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := hs.Hypotheses(cmd.Context())
			if err != nil {
				return err
			}
			if list == nil {
				list = []graphmodel.Hypothesis{}
			}
			return a.printTable(format, list, report.Hypotheses(list))
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}

func (a *app) hypothesisShowCommand() *cobra.Command {
	var gf graphFlags
	var format, compare string
	var noEvidence bool
	var bridges, sectorLevel int
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, hs, _, err := a.userStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			h, err := hs.Hypothesis(ctx, id)
			if err != nil {
				return err
			}
			if noEvidence {
				return a.print(format, h, func() report.Table { return report.Hypotheses([]graphmodel.Hypothesis{h}) },
					func(w io.Writer) error { return report.Hypothesis(w, h) })
			}
			g, err := gf.request()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("layers") && len(h.Params.Layers) > 0 {
				g.Layers = h.Params.Layers
			}
			if !cmd.Flags().Changed("threshold") && h.Params.Threshold != nil {
				g.Threshold = h.Params.Threshold
			}
			ev, err := analysis.NewAnalyzer(st).Hypothesis(ctx, analysis.HypothesisRequest{GraphRequest: g, ID: id,
				Bridges: bridges, SectorLevel: sectorLevel, ComparePeriod: compare})
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
		},
	}
	gf.add(cmd)
	cmd.Flags().BoolVar(&noEvidence, "no-evidence", false, "show the saved hypothesis only")
	cmd.Flags().IntVar(&bridges, "bridges", 10, "outside industries linked into it to list (1 to 100)")
	cmd.Flags().IntVar(&sectorLevel, "sector-level", 0, "classification level that counts as a sector")
	cmd.Flags().StringVar(&compare, "compare-period", "", "period of the same layers to compare with (default: each layer's greatest other period)")
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			notes, hasNotes, err := nf.read(cmd)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, hs, _, err := a.userStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			h, err := hs.Hypothesis(ctx, id)
			if err != nil {
				return err
			}
			changed := hasNotes
			if cmd.Flags().Changed("name") {
				h.Name, changed = name, true
			}
			if cmd.Flags().Changed("author") {
				h.Author, changed = author, true
			}
			if hasNotes {
				h.Notes = notes
			}
			if cmd.Flags().Changed("codes") {
				h.Codes, changed = ingest.SplitList(codes), true
			}
			if add != "" {
				h.Codes, changed = append(h.Codes, ingest.SplitList(add)...), true
			}
			if remove != "" {
				drop := ingest.SplitList(remove)
				for _, c := range drop {
					if !slices.Contains(h.Codes, c) {
						return graphmodel.FieldErrorf(graphmodel.EINVALID, "remove", "hypothesis %d has no code %q to remove", id, c)
					}
				}
				h.Codes = slices.DeleteFunc(h.Codes, func(c string) bool { return slices.Contains(drop, c) })
				changed = true
			}
			if !changed {
				return graphmodel.Errorf(graphmodel.EINVALID, "nothing to change: give --name, --codes, --add, --remove, --notes, --notes-file or --author")
			}
			if h.Source == graphmodel.SourceDomain && (add != "" || remove != "" || cmd.Flags().Changed("codes")) {
				h.Source = graphmodel.SourceSelection // no longer the domain as found
			}
			h, err = hs.UpdateHypothesis(ctx, h) // with the version read: a concurrent change is ECONFLICT
			if err != nil {
				return err
			}
			return a.print(format, h, func() report.Table { return report.Hypotheses([]graphmodel.Hypothesis{h}) },
				func(w io.Writer) error { return report.Hypothesis(w, h) })
		},
	}
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
	return &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a hypothesis",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			st, hs, _, err := a.userStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := hs.DeleteHypothesis(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "deleted hypothesis %d\n", id)
			return nil
		},
	}
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
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
			g, err := gf.request()
			if err != nil {
				return err
			}
			req.GraphRequest = g
			n, err := withAnalyzer(cmd.Context(), a, (*analysis.Analyzer).NameDomain, req)
			if err != nil {
				return err
			}
			return a.printTable(format, n, report.DomainNames([]graphmodel.DomainName{n}))
		},
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
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, _, ns, err := a.userStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if del != "" {
				if err := ns.DeleteDomainName(ctx, del); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "removed domain name %s\n", del)
				return nil
			}
			list, err := ns.DomainNames(ctx)
			if err != nil {
				return err
			}
			if list == nil {
				list = []graphmodel.DomainName{}
			}
			return a.printTable(format, list, report.DomainNames(list))
		},
	}
	cmd.Flags().StringVar(&del, "delete", "", "remove the name with this key")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, json or csv")
	return cmd
}
