package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// MaxPrioritySetBytes bounds a priority-set file: a few hundred groups of
// codes fit in far less.
const MaxPrioritySetBytes = 4 << 20

// ReadPrioritySet reads a priority set from a CSV file of rows
// "group,code[,name]" (the header names the columns; group and code are
// the first two, a third column, e.g. the industry's name, is read for
// people and ignored). A group's codes are its rows, in file order; a code
// may be in several groups. Lines starting with '#' are comments (before
// or between rows). The set is named after the file (its base name without
// extension). Codes are normalised by codes (CodeFormat). Problems are
// *ParseErrors naming the file, line and column: an empty group or code, a
// code listed twice in one group, group names that differ only in case, no
// rows after the header; then graphmodel.PrioritySet.Check applies.
func ReadPrioritySet(path string, codes CodeFormat) (graphmodel.PrioritySet, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return graphmodel.PrioritySet{}, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, errors.Unwrap(err))
		}
		return graphmodel.PrioritySet{}, graphmodel.WrapError(graphmodel.EINVALID, err, "cannot open %s: %v", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return graphmodel.PrioritySet{}, graphmodel.Errorf(graphmodel.EINVALID, "cannot read %s: it is a directory", path)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return ReadPrioritySetFrom(path, name, f, codes)
}

// ReadPrioritySetFrom reads a priority set as ReadPrioritySet does from r;
// file names it in messages and setName is the set's name.
func ReadPrioritySetFrom(file, setName string, r io.Reader, codes CodeFormat) (graphmodel.PrioritySet, error) {
	opt := CSVOptions{MaxInputBytes: MaxPrioritySetBytes}
	src, err := readerSource(file, &commentBlanker{r: r, start: true}, opt)
	if err != nil {
		return graphmodel.PrioritySet{}, err
	}
	defer src.close()
	gc, err := src.colOrPos("", 0, "group")
	if err != nil {
		return graphmodel.PrioritySet{}, err
	}
	cc, err := src.colOrPos("", 1, "code")
	if err != nil {
		return graphmodel.PrioritySet{}, err
	}
	set := graphmodel.PrioritySet{Name: setName, Source: file}
	index := map[string]int{}  // exact group name → index
	folded := map[string]int{} // lower-case name → index
	type first struct{ line int }
	seen := map[[2]string]first{}
	err = src.each(func(rec [][]byte) error {
		line := src.line()
		group := strings.TrimSpace(string(rec[gc]))
		if err := src.named(gc, rec[gc], group, "a group name"); err != nil {
			return err
		}
		code := codes.Normalise(string(rec[cc]))
		if err := src.named(cc, rec[cc], code, "an industry code"); err != nil {
			return err
		}
		k, ok := index[group]
		if !ok {
			if j, clash := folded[strings.ToLower(group)]; clash {
				return invalid(&ParseError{File: file, Line: line, Column: src.header[gc], Value: group,
					Expected: "one spelling per group name",
					Got:      fmt.Sprintf("%q, but line %d spells it %q", group, set.Groups[j].Lines[0], set.Groups[j].Name)})
			}
			if len(set.Groups) == graphmodel.MaxPriorityGroups {
				return invalid(&ParseError{File: file, Line: line, Column: src.header[gc], Value: group,
					Expected: fmt.Sprintf("at most %d groups", graphmodel.MaxPriorityGroups), Got: fmt.Sprintf("a group number %d, %q", len(set.Groups)+1, group)})
			}
			k = len(set.Groups)
			index[group], folded[strings.ToLower(group)] = k, k
			set.Groups = append(set.Groups, graphmodel.PriorityGroup{Name: group})
		}
		if f, dup := seen[[2]string{group, code}]; dup {
			return invalid(&ParseError{File: file, Line: line, Column: src.header[cc], Value: string(rec[cc]),
				Expected: "each code once per group", Got: fmt.Sprintf("%q again in group %q (first on line %d)", code, group, f.line)})
		}
		seen[[2]string{group, code}] = first{line}
		g := &set.Groups[k]
		g.Codes = append(g.Codes, code)
		g.Lines = append(g.Lines, line)
		return nil
	})
	if err != nil {
		return graphmodel.PrioritySet{}, err
	}
	if err := set.Check("set"); err != nil {
		return graphmodel.PrioritySet{}, err
	}
	return set, nil
}

// commentBlanker drops the text of lines whose first byte is '#' (after a
// UTF-8 byte-order mark at the start), keeping their line breaks so that
// line numbers stay those of the file.
type commentBlanker struct {
	r       io.Reader
	start   bool // at the start of a line
	comment bool // inside a comment line
	bom     int  // leading bytes that matched the byte-order mark; -1 once one did not
	buf     []byte
}

const utf8BOM = "\xef\xbb\xbf"

func (c *commentBlanker) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if cap(c.buf) < len(p) {
			c.buf = make([]byte, len(p))
		}
		n, err := c.r.Read(c.buf[:len(p)])
		out := 0
		for _, b := range c.buf[:n] {
			if c.bom >= 0 && c.bom < len(utf8BOM) && b == utf8BOM[c.bom] {
				c.bom++ // the mark leaves the line start where it is
				p[out] = b
				out++
				continue
			}
			c.bom = -1
			switch {
			case c.comment:
				if b == '\n' {
					c.comment, c.start = false, true
					p[out] = b
					out++
				}
				continue
			case c.start && b == '#':
				c.comment = true
				continue
			}
			p[out] = b
			out++
			c.start = b == '\n'
		}
		if out > 0 || err != nil {
			return out, err
		}
	}
}
