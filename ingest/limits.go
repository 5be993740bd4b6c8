package ingest

import (
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// Limits on every input file, so that a hostile or broken file (a gzip
// bomb, a quoted field that never ends, a header of millions of columns) is
// refused with a message instead of being read into memory. A file over a
// limit is an error with code ETOOLARGE naming the limit.
const (
	// MaxFieldBytes is the most bytes one field may hold (after removing
	// its quotes).
	MaxFieldBytes = 1 << 20
	// MaxRecordBytes is the most bytes one record may span: one line, or
	// all the lines of a record whose quoted fields contain line breaks.
	MaxRecordBytes = 64 << 20
	// MaxColumns is the most columns a header may name.
	MaxColumns = 100_000
	// DefaultMaxInputBytes is the most bytes of CSV text read from one
	// file (after gzip decompression) unless CSVOptions.MaxInputBytes says
	// otherwise.
	DefaultMaxInputBytes = 64 << 30
)

// tooLarge wraps a ParseError about a size limit as an ETOOLARGE error.
func tooLarge(perr *ParseError) error {
	return &graphmodel.Error{Code: graphmodel.ETOOLARGE, Message: perr.Error(), Err: perr}
}

// byteSize formats a power-of-two byte count for messages ("64 MiB").
func byteSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	u := 0
	for n >= 1024 && n%1024 == 0 && u < len(units)-1 {
		n /= 1024
		u++
	}
	return strconv.FormatInt(n, 10) + " " + units[u]
}
