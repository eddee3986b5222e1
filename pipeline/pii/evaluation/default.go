package evaluation

import (
	"bytes"
	_ "embed" // the committed corpus
	"sync"
)

//go:embed testdata/corpus.jsonl
var corpusJSONL []byte

var defaultCorpus = sync.OnceValue(func() []Sample {
	s, err := Load(bytes.NewReader(corpusJSONL))
	if err != nil {
		// The embedded corpus is checked by TestCorpusMatchesGenerator and
		// TestDefaultIsTheCommittedCorpus; a failure here is a build defect.
		panic(err)
	}
	return s
})

// Default returns the built-in corpus, testdata/corpus.jsonl as committed
// (embedded in the binary). The slice is shared: do not modify it.
func Default() []Sample { return defaultCorpus() }
