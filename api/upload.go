package api

import (
	"maps"
	"slices"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

// uploadKinds are the kinds of file an upload can hold (form field
// "ingest"), as the CLI's 'domainscope ingest KIND'.
var uploadKinds = []string{"industries", "links", "spells", "patents", "regional", "regions-geo"}

// UploadExpansion bounds the CSV text of an upload: at most this many times
// the body limit (Config.MaxBodyBytes) after gzip decompression, so that a
// small gzip bomb is refused (413) once it has expanded that far.
const UploadExpansion = 16

// uploadOptions maps the option fields of an upload of kind to its typed
// ingest options: the fields, their defaults and parse errors are those of
// the CLI's flags (ingest.Fields); maxInput is the most CSV text read.
func uploadOptions(kind string, fields map[string]string, maxInput int64) (ingest.Options, error) {
	f, err := ingest.NewForm(kind)
	if err != nil {
		return nil, err
	}
	f.MaxInputBytes = maxInput
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if !f.Set(name, fields[name]) {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, name, "field %s is not a field of ingest %s: expected one of %s",
				name, kind, strings.Join(ingest.FieldNames(kind), ", "))
		}
	}
	return f.Options()
}

// formWording words ingest's options as the upload's form fields.
type formWording struct{}

func formName(field string) string { return strings.ReplaceAll(field, "_", "-") }

func (formWording) Name(field string) string { return "field " + formName(field) }
func (formWording) Fix(field, values string) string {
	return "set field " + formName(field) + " to " + values
}
