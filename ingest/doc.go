// Package ingest parses and validates domainscope's input files and loads
// them. The Read functions return the graphmodel load structs and never touch
// a store; Load is the one pipeline that the CLI's ingest commands, the API's
// uploads and the demo share: check the typed options, read the file with
// the codes already stored, compute relatedness for a layer of counts
// (relatedness.Compute) and load the result through a Loader.
//
// Formats: industries (flat code,name[,parent][,level] or a hierarchy of
// name columns), links (from,to,value), regional values (long and wide), and
// raw records that are aggregated while streaming: job spells (labour flows)
// and patent rows (co-patenting).
//
// Every file is CSV with a header line; the delimiter (',', ';' or tab) is
// given or detected from the header; gzip is read transparently (detected by
// its magic bytes); a UTF-8 byte order mark is dropped; empty lines are
// skipped; the \r of \r\n line ends is dropped. Quoting follows RFC 4180 as
// encoding/csv reads it. Bytes that are not UTF-8, control characters in a
// field (tab, line feed and carriage return aside; in names and codes none
// at all), a UTF-16 byte order mark and a header naming a column twice are
// errors. MaxFieldBytes, MaxRecordBytes, MaxColumns and
// CSVOptions.MaxInputBytes bound what one file may hold (ETOOLARGE). The
// path StdinPath ("-") reads standard input. The
// provenance records the path as given, the SHA-256 of the file's bytes as
// read (before decompression), the data rows read, the options and outcome
// counts as strings, and the time of the load (UTC).
//
// Any problem in a file is a *ParseError (file, line, column, expected,
// found) wrapped in a *graphmodel.Error with code EINVALID, and nothing else
// is returned: a load is all or nothing. A bad option value is an
// *OptionError. Both set graphmodel.Error.Field to the option they name
// ("duplicates", "unknown", "self_loops") and word it neutrally ("option
// duplicates"); Reword words it as the caller's user knows it: a CLI flag or
// an API form field.
package ingest
