package sqlitestore

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"github.com/domainscope/domainscope/graphmodel"
)

// OpenExisting opens the store at path like Open, except that it never
// creates one: a path where no file exists is ENOTFOUND ("store … does not
// exist"), so that a command that only reads does not leave an empty store
// behind a mistyped path. A directory is EINVALID.
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "store path is empty")
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, graphmodel.WrapError(graphmodel.ENOTFOUND, err, "store %s does not exist", path)
	}
	if err == nil && st.IsDir() {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "store %s is a directory, not a store file", path)
	}
	return Open(ctx, path)
}
