package ingest

import (
	"io"
	"os"
	"sync"

	"github.com/domainscope/domainscope/graphmodel"
)

// StdinPath is the path that reads standard input ("-", as in most
// command-line tools); messages and the provenance name it StdinName.
const (
	StdinPath = "-"
	StdinName = "standard input"
)

// stdin holds standard input for reading it more than once (raw records
// that turn out not to be grouped are read twice): a regular file is read
// in place from where it stood; anything else (a pipe, a terminal) is first
// copied to an unlinked temporary file.
var stdin struct {
	sync.Mutex
	src  *os.File // the os.Stdin this was made from
	f    *os.File
	off  int64
	size int64
	err  error
}

// openStdin returns a reader of the whole of standard input, and its size.
// A copy to a temporary file is refused beyond max bytes.
func openStdin(max int64) (io.Reader, int64, error) {
	stdin.Lock()
	defer stdin.Unlock()
	if stdin.src != os.Stdin {
		stdin.src, stdin.f, stdin.off, stdin.size, stdin.err = os.Stdin, nil, 0, 0, nil
		stdin.err = spoolStdin(max)
	}
	if stdin.err != nil {
		return nil, 0, stdin.err
	}
	return io.NewSectionReader(stdin.f, stdin.off, stdin.size), stdin.size, nil
}

func spoolStdin(max int64) error {
	in := os.Stdin
	if st, err := in.Stat(); err == nil && st.Mode().IsRegular() {
		if off, err := in.Seek(0, io.SeekCurrent); err == nil {
			stdin.f, stdin.off, stdin.size = in, off, st.Size()-off
			return nil
		}
	}
	tmp, err := os.CreateTemp("", "domainscope-stdin-")
	if err != nil {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot keep standard input in a temporary file: %v", err)
	}
	_ = os.Remove(tmp.Name()) // the open file stays readable
	n, err := io.Copy(tmp, io.LimitReader(in, max+1))
	if err != nil {
		tmp.Close()
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot keep standard input in a temporary file: %v", err)
	}
	if n > max {
		tmp.Close()
		return tooLarge(&ParseError{File: StdinName, Expected: "at most " + byteSize(max) + " (the input limit)", Got: "more"})
	}
	stdin.f, stdin.size = tmp, n
	return nil
}
