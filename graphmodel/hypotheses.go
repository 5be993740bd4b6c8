package graphmodel

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User data: what people keep in the store beside the loaded data, for the
// entrepreneurial discovery process (saved domain hypotheses with their
// notes, and the names they give knowledge domains). Writing user data never
// changes the store Version: Version keys results derived from loaded data.

// Limits of user data, checked by Validate.
const (
	MaxUserNameRunes = 200    // a hypothesis name, a domain name, an author
	MaxNotesRunes    = 20000  // a hypothesis's notes
	MaxSetCodes      = 2000   // industry codes of one hypothesis or named domain
	MaxCodeBytes     = 64     // one industry code
	MaxParamLayers   = 16     // layers named in a hypothesis's parameters
	MaxParamBytes    = 200    // one layer key in the parameters
	maxSourceBytes   = 16     // the Source word
	maxResolution    = 1000.0 // as analysis.MaxResolution; bounds a stored parameter only
)

// Sources of a hypothesis's codes.
const (
	SourceDomain    = "domain"    // a knowledge domain found by an analysis
	SourceSelection = "selection" // industries picked on a network view
	SourceCodes     = "codes"     // codes typed by the user
)

// HypothesisParams are the analysis parameters that produced a hypothesis,
// kept so that it can be reopened as it was found. Every field is optional.
type HypothesisParams struct {
	Layers     []string `json:"layers,omitempty"` // "name@period"
	Threshold  *float64 `json:"threshold,omitempty"`
	Resolution *float64 `json:"resolution,omitempty"`
	Seed       *int64   `json:"seed,omitempty"`
	// Domain is the ID of the domain it was taken from, in the run the
	// other parameters give.
	Domain *int `json:"domain,omitempty"`
}

// Hypothesis is a named set of industries a user keeps as a candidate
// knowledge domain, with the parameters that produced it and free notes.
type Hypothesis struct {
	ID             int64            `json:"id"` // assigned by CreateHypothesis, from 1
	Name           string           `json:"name"`
	Classification string           `json:"classification"`
	Codes          []string         `json:"codes"`  // stored sorted, without repeats
	Source         string           `json:"source"` // SourceDomain, SourceSelection or SourceCodes ("" is SourceCodes)
	Params         HypothesisParams `json:"params"`
	Notes          string           `json:"notes"`
	Author         string           `json:"author"`
	CreatedAt      time.Time        `json:"created_at"` // set by the store, UTC
	UpdatedAt      time.Time        `json:"updated_at"` // set by the store, UTC
	// Version counts the writes of the hypothesis: 1 after creation, +1 by
	// every update. An update that gives a Version other than the stored one
	// is ECONFLICT; 0 updates whatever is stored.
	Version int64 `json:"version"`
}

// HypothesisStore keeps hypotheses. Outcomes as listed in store.go, and:
// each write first checks h.Validate (EINVALID with Field) and then the
// codes against the stored classification (EINVALID, Field "classification"
// for an unknown classification, "codes" for codes that are not its
// industries), and writes nothing on any error.
type HypothesisStore interface {
	// CreateHypothesis stores h as a new hypothesis and returns it as
	// stored: a new ID, Codes sorted and without repeats, Source "codes"
	// when empty, CreatedAt = UpdatedAt = now (UTC), Version 1. h.ID,
	// h.CreatedAt, h.UpdatedAt and h.Version are ignored.
	CreateHypothesis(ctx context.Context, h Hypothesis) (Hypothesis, error)
	// Hypothesis returns one hypothesis; an unknown ID is ENOTFOUND.
	Hypothesis(ctx context.Context, id int64) (Hypothesis, error)
	// Hypotheses returns every hypothesis ordered by ID.
	Hypotheses(ctx context.Context) ([]Hypothesis, error)
	// UpdateHypothesis replaces every user field of hypothesis h.ID (Name,
	// Classification, Codes, Source, Params, Notes, Author) and returns it
	// as stored, UpdatedAt now and Version + 1; CreatedAt is kept. An
	// unknown ID is ENOTFOUND; h.Version other than 0 and the stored
	// Version is ECONFLICT (someone else updated it since it was read).
	UpdateHypothesis(ctx context.Context, h Hypothesis) (Hypothesis, error)
	// DeleteHypothesis removes a hypothesis; an unknown ID is ENOTFOUND.
	DeleteHypothesis(ctx context.Context, id int64) error
}

// Normalised returns h as a store keeps it: Codes sorted without repeats
// and an empty Source as SourceCodes.
func (h Hypothesis) Normalised() Hypothesis {
	h.Codes = SortedCodes(h.Codes)
	if h.Source == "" {
		h.Source = SourceCodes
	}
	h.Params.Layers = slices.Clone(h.Params.Layers)
	return h
}

// SortedCodes returns the codes sorted, without repeats, as a new slice.
func SortedCodes(codes []string) []string {
	out := slices.Clone(codes)
	slices.Sort(out)
	return slices.Compact(out)
}

// Validate checks a hypothesis on its own, without stored data: a name of 1
// to MaxUserNameRunes characters without control characters and not only
// spaces, an author of at most MaxUserNameRunes without control characters,
// notes of at most MaxNotesRunes (line breaks and tabs allowed, no other
// control characters), a classification, 1 to MaxSetCodes codes (after
// removing repeats) each 1 to MaxCodeBytes bytes of text without control
// characters, a known Source, and parameters with at most MaxParamLayers
// layer keys, a finite threshold, a resolution in (0, 1000] and a domain
// ID >= 0. Errors are EINVALID with Field "name", "author", "notes",
// "classification", "codes", "source" or "params".
func (h Hypothesis) Validate() error {
	if err := ValidUserName("name", "hypothesis name", h.Name); err != nil {
		return err
	}
	if err := checkText("author", "author", h.Author, MaxUserNameRunes, false); err != nil {
		return err
	}
	if err := checkText("notes", "notes", h.Notes, MaxNotesRunes, true); err != nil {
		return err
	}
	if err := checkClassificationName(h.Classification); err != nil {
		return err
	}
	if err := checkCodes("hypothesis", h.Codes); err != nil {
		return err
	}
	switch h.Source {
	case "", SourceDomain, SourceSelection, SourceCodes:
	default:
		return FieldErrorf(EINVALID, "source", "hypothesis source %q: expected %s, %s or %s",
			clip(h.Source, maxSourceBytes), SourceDomain, SourceSelection, SourceCodes)
	}
	return h.Params.validate()
}

func (p HypothesisParams) validate() error {
	if len(p.Layers) > MaxParamLayers {
		return FieldErrorf(EINVALID, "params", "hypothesis parameters name %d layers: at most %d", len(p.Layers), MaxParamLayers)
	}
	for i, l := range p.Layers {
		if err := checkText("params", fmt.Sprintf("parameter layer %d", i+1), l, MaxParamBytes, false); err != nil {
			return err
		}
		if l == "" {
			return FieldErrorf(EINVALID, "params", "parameter layer %d is empty: expected name or name@period", i+1)
		}
	}
	if t := p.Threshold; t != nil && !finite(*t) {
		return FieldErrorf(EINVALID, "params", "parameter threshold %v: expected a finite number", *t)
	}
	if r := p.Resolution; r != nil && !(*r > 0 && *r <= maxResolution) {
		return FieldErrorf(EINVALID, "params", "parameter resolution %v: expected a number above 0 and at most %g", *r, maxResolution)
	}
	if d := p.Domain; d != nil && *d < 0 {
		return FieldErrorf(EINVALID, "params", "parameter domain %d: expected a domain ID of 0 or more", *d)
	}
	return nil
}

// CheckSetCodes returns EINVALID (Field "codes") naming how many of the codes
// are not industries of the classification, and the first of them, when
// isIndustry rejects any. what names the set in the message.
func CheckSetCodes(what, classification string, codes []string, isIndustry func(string) bool) error {
	var missing []string
	for _, c := range SortedCodes(codes) {
		if !isIndustry(c) {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return FieldErrorf(EINVALID, "codes", "%s names codes that are not industries of classification %q (%s): %s",
		what, classification, Plural(len(missing), "code", "codes"), QuoteCodes(missing))
}

// UnknownClassification is the EINVALID (Field "classification") of user
// data naming a classification the store does not hold.
func UnknownClassification(what, classification string, known []string) error {
	return FieldErrorf(EINVALID, "classification", "%s: unknown classification %q (classifications: %s)",
		what, classification, ListOrNone(slices.Sorted(slices.Values(known))))
}

// ValidUserName checks a name a user gives (field and what name it in the
// message): 1 to MaxUserNameRunes characters of valid UTF-8, not only
// spaces, without control characters. EINVALID with Field field.
func ValidUserName(field, what, s string) error {
	if strings.TrimSpace(s) == "" {
		return FieldErrorf(EINVALID, field, "%s is empty: expected 1 to %d characters", what, MaxUserNameRunes)
	}
	return checkText(field, what, s, MaxUserNameRunes, false)
}

// checkText checks free text: valid UTF-8, at most max characters, no
// control characters (with lines, line breaks and tabs are allowed).
func checkText(field, what, s string, max int, lines bool) error {
	if !utf8.ValidString(s) {
		return FieldErrorf(EINVALID, field, "%s is not valid UTF-8 text", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return FieldErrorf(EINVALID, field, "%s has %d characters: at most %d", what, n, max)
	}
	for i, r := range s {
		if lines && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return FieldErrorf(EINVALID, field, "%s has the control character %U at byte %d: expected printable text", what, r, i)
		}
	}
	return nil
}

func checkClassificationName(c string) error {
	if c == "" {
		return FieldErrorf(EINVALID, "classification", "classification is empty: name the classification of the codes")
	}
	return checkText("classification", "classification", c, MaxUserNameRunes, false)
}

// checkCodes checks a set of codes on its own.
func checkCodes(what string, codes []string) error {
	n := len(SortedCodes(codes))
	if n == 0 {
		return FieldErrorf(EINVALID, "codes", "%s has no industry codes: give 1 to %d", what, MaxSetCodes)
	}
	if n > MaxSetCodes {
		return FieldErrorf(EINVALID, "codes", "%s has %d industry codes: at most %d", what, n, MaxSetCodes)
	}
	for i, c := range codes {
		if c == "" || len(c) > MaxCodeBytes {
			return FieldErrorf(EINVALID, "codes", "%s: code %d has %d bytes: expected 1 to %d", what, i+1, len(c), MaxCodeBytes)
		}
		if err := checkText("codes", fmt.Sprintf("%s: code %d", what, i+1), c, MaxCodeBytes, false); err != nil {
			return err
		}
	}
	return nil
}

// clip shortens s to at most n bytes for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// ---- domain names ----

// DomainName is a user's name for a knowledge domain, keyed by the domain's
// membership: its classification, the layers it was found on and its
// member codes (see DomainKey), so that the name survives a re-run that
// finds the same domain.
type DomainName struct {
	Key            string    `json:"key"` // DomainKey of the fields below, set by the store
	Classification string    `json:"classification"`
	Layers         []string  `json:"layers"` // "name@period", stored sorted
	Codes          []string  `json:"codes"`  // member codes, stored sorted without repeats
	Name           string    `json:"name"`
	UpdatedAt      time.Time `json:"updated_at"` // set by the store, UTC
}

// DomainNameStore keeps the names users give knowledge domains. Outcomes as
// listed in store.go, and: SetDomainName first checks n.Validate (EINVALID
// with Field) and then the codes against the stored classification (as
// HypothesisStore does), and writes nothing on any error.
type DomainNameStore interface {
	// SetDomainName names the domain of n's membership, replacing the name
	// stored under the same key, and returns it as stored (Key set, Layers
	// and Codes sorted, UpdatedAt now).
	SetDomainName(ctx context.Context, n DomainName) (DomainName, error)
	// DomainNames returns every domain name ordered by key.
	DomainNames(ctx context.Context) ([]DomainName, error)
	// DeleteDomainName removes the name stored under key; an unknown key is
	// ENOTFOUND.
	DeleteDomainName(ctx context.Context, key string) error
}

// Normalised returns n as a store keeps it: Layers and Codes sorted without
// repeats and Key their DomainKey.
func (n DomainName) Normalised() DomainName {
	n.Layers = SortedCodes(n.Layers)
	n.Codes = SortedCodes(n.Codes)
	n.Key = DomainKey(n.Classification, n.Layers, n.Codes)
	return n
}

// Validate checks a domain name on its own: a name as ValidUserName wants
// it, a classification, 1 to MaxParamLayers layer keys and 1 to MaxSetCodes
// codes as Hypothesis.Validate wants them. EINVALID with Field "name",
// "classification", "layers" or "codes".
func (n DomainName) Validate() error {
	if err := ValidUserName("name", "domain name", n.Name); err != nil {
		return err
	}
	if err := checkClassificationName(n.Classification); err != nil {
		return err
	}
	if len(n.Layers) == 0 || len(n.Layers) > MaxParamLayers {
		return FieldErrorf(EINVALID, "layers", "a domain name needs the 1 to %d layers the domain was found on, found %d", MaxParamLayers, len(n.Layers))
	}
	for i, l := range n.Layers {
		if l == "" {
			return FieldErrorf(EINVALID, "layers", "layer %d is empty: expected name@period", i+1)
		}
		if err := checkText("layers", fmt.Sprintf("layer %d", i+1), l, MaxParamBytes, false); err != nil {
			return err
		}
	}
	return checkCodes("the named domain", n.Codes)
}

// DomainKey identifies a domain's membership: the hex SHA-256 (first 16
// bytes) of the classification, the sorted layer keys and the sorted member
// codes, each list without repeats, separated by NUL and newline bytes.
func DomainKey(classification string, layers, codes []string) string {
	h := sha256.New()
	h.Write([]byte(classification))
	for _, part := range [][]string{SortedCodes(layers), SortedCodes(codes)} {
		h.Write([]byte{'\n'})
		for _, s := range part {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// MinNameJaccard is how closely a domain's membership must match a named
// membership for the name to apply when it is not the same.
const MinNameJaccard = 0.8

// MatchDomainName returns the stored name that applies to a domain of
// classification found on layers with members codes: the name with the
// same key if there is one; otherwise, among the names of the same
// classification and layers, the one whose codes have the greatest Jaccard
// similarity |A∩B|/|A∪B| with codes, if it is at least MinNameJaccard (ties:
// the smaller key). Because the domains of one partition are disjoint, at
// most one of them can reach 0.8 with a given name (two would each need
// more than half of its members), so a name labels at most one domain of a
// result. ok is false when no name applies; j is the similarity (1 for the
// same key).
func MatchDomainName(names []DomainName, classification string, layers, codes []string) (n DomainName, j float64, ok bool) {
	key := DomainKey(classification, layers, codes)
	layers = SortedCodes(layers)
	codes = SortedCodes(codes)
	best := -1.0
	for _, c := range names {
		if c.Key == key {
			return c, 1, true
		}
		if c.Classification != classification || !slices.Equal(SortedCodes(c.Layers), layers) {
			continue
		}
		s := Jaccard(SortedCodes(c.Codes), codes)
		if s >= MinNameJaccard && (s > best || s == best && c.Key < n.Key) {
			n, best, ok = c, s, true
		}
	}
	if !ok {
		return DomainName{}, 0, false
	}
	return n, best, true
}

// Jaccard returns |A∩B|/|A∪B| of two sorted sets without repeats (0 when
// both are empty).
func Jaccard(a, b []string) float64 {
	inter, i, k := 0, 0, 0
	for i < len(a) && k < len(b) {
		switch strings.Compare(a[i], b[k]) {
		case 0:
			inter++
			i++
			k++
		case -1:
			i++
		default:
			k++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// StoredTime returns t as the stores keep user-data times: UTC, to the
// microsecond (both stores keep that precision exactly).
func StoredTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// HypothesisNotFound is the ENOTFOUND (Field "id") of an unknown hypothesis.
func HypothesisNotFound(id int64) error {
	return FieldErrorf(ENOTFOUND, "id", "hypothesis %d not found", id)
}

// StaleHypothesis is the ECONFLICT (Field "version") of an update that read
// version h.Version of a hypothesis now stored at version stored.
func StaleHypothesis(h Hypothesis, stored int64) error {
	return FieldErrorf(ECONFLICT, "version",
		"hypothesis %d was changed since it was read (version %d, stored %d): read it again and redo the change", h.ID, h.Version, stored)
}

// DomainNameNotFound is the ENOTFOUND (Field "key") of an unknown domain
// name key.
func DomainNameNotFound(key string) error {
	return FieldErrorf(ENOTFOUND, "key", "no domain name with key %q", clip(key, 80))
}

// HypothesisEdit is a change to a hypothesis: nil fields stay as they are;
// Add and Remove change the codes (Remove names codes the hypothesis has).
type HypothesisEdit struct {
	Name, Notes, Author *string
	Codes               []string // replaces the codes when not nil
	Add, Remove         []string
}

// Apply changes h by e. A hypothesis taken from a domain whose codes change
// becomes a selection. Nothing to change, or a code to remove that h does
// not have, is EINVALID and leaves h as it was.
func (e HypothesisEdit) Apply(h *Hypothesis) error {
	codesChange := e.Codes != nil || len(e.Add) > 0 || len(e.Remove) > 0
	if e.Name == nil && e.Notes == nil && e.Author == nil && !codesChange {
		return Errorf(EINVALID, "nothing to change: give a name, codes, codes to add or remove, notes or an author")
	}
	for _, c := range e.Remove {
		if !slices.Contains(h.Codes, c) {
			return FieldErrorf(EINVALID, "remove", "hypothesis %d has no code %q to remove", h.ID, c)
		}
	}
	if e.Name != nil {
		h.Name = *e.Name
	}
	if e.Notes != nil {
		h.Notes = *e.Notes
	}
	if e.Author != nil {
		h.Author = *e.Author
	}
	if codesChange {
		codes := h.Codes
		if e.Codes != nil {
			codes = e.Codes
		}
		h.Codes = slices.DeleteFunc(append(slices.Clone(codes), e.Add...), func(c string) bool { return slices.Contains(e.Remove, c) })
		if h.Source == SourceDomain {
			h.Source = SourceSelection // no longer the domain as found
		}
	}
	return nil
}

// What names h in messages: "hypothesis 3", or "hypothesis "Health tech"" before it has an ID.
func (h Hypothesis) What() string {
	if h.ID > 0 {
		return fmt.Sprintf("hypothesis %d", h.ID)
	}
	return fmt.Sprintf("hypothesis %q", h.Name)
}
