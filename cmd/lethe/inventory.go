package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

func runInventory(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("inventory", stderr)
	brokers := fs.String("brokers", "localhost:9092", "comma-separated Kafka brokers")
	topic := fs.String("topic", pipeline.DefaultTopics.DataMap, "data map topic")
	cfgPath := fs.String("config", "", "take brokers, data map topic, TLS and SASL from this lethe config file")
	format := fs.String("format", "json", "output format: json, csv or html")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if err := worker.CheckTopic(*topic); err != nil {
		return usagef("--topic: %v", err)
	}
	if *brokers == "" {
		return usagef("--brokers: empty (its default is localhost:9092)")
	}
	if err := checkBrokers(brokers); err != nil {
		return err
	}
	bs := strings.Split(*brokers, ",")
	var opts []kgo.Opt
	var pol *policy.Policy // the config's, to check its rules against the map
	if *cfgPath != "" {
		// Flags given on the command line win over the file.
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		var lopts []worker.LoadOption
		if set["brokers"] {
			lopts = append(lopts, worker.WithBrokers(bs))
		}
		cfg, err := worker.LoadConfigWithoutKeys(*cfgPath, lopts...) // it reads the data map only
		if err != nil {
			return err
		}
		if pol, err = cfg.LoadPolicy(); err != nil {
			return err
		}
		if !set["brokers"] {
			if bs, err = cfg.DialBrokers(); err != nil {
				return err
			}
		}
		if !set["topic"] {
			*topic = cfg.Topics.DataMap
		}
		if opts, err = cfg.ClientOpts(); err != nil {
			return err
		}
	}
	recs, split, err := kafka.ReadTable(ctx, bs, *topic, pipeline.NewerMapRecord, opts...)
	if errors.Is(err, kafka.ErrNoTopic) {
		return fmt.Errorf("%w on %s: is lethe writing its data map there, and under that name? (--topic, or --config with lethe's config; a demo run with --brokers writes %s.datamap)",
			err, strings.Join(bs, ","), demoPrefix)
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		// The quick start runs inventory after a demo, which with
		// --events stops its broker when it is done.
		return fmt.Errorf("%w: no broker answers at %s: name lethe's brokers with --brokers, or --config with lethe's config "+
			"(a demo run with --events stops its broker with it: serve its --data-dir with lethe broker --data-dir DIR)", err, strings.Join(bs, ","))
	}
	if err != nil {
		return err
	}
	if split > 0 {
		fmt.Fprintf(stderr, "lethe inventory: %d %s on %s %s found in more than one partition (partitions were added to the topic after they were written): the newest record of each is shown\n",
			split, plural(split, "key", "keys"), *topic, plural(split, "was", "were"))
	}
	entries, skipped := pipeline.MergeRecords(recs)
	if len(skipped) > 0 {
		// One bad record must not hide the rest of the record of
		// processing. Its key is shown unless it looks personal: lethe's
		// keys are schema names, another tool's may be anything.
		// ReadTable keeps the latest record of each key, as compaction
		// would: these are counts of keys, not of records (a review read
		// "399 of 399 records" on a topic of 8,989).
		// At most ten are named, and the line says so: "393 of 393
		// keys ... <10 keys not shown>" sent a reader looking for the
		// other 383.
		const named = 10
		which := ":"
		if len(skipped) > named {
			which = fmt.Sprintf("; the first %d:", named)
		}
		fmt.Fprintf(stderr, "lethe inventory: %d of %d keys on %s could not be read (their latest records) and are left out%s %q\n",
			len(skipped), len(recs), *topic, which, pipeline.ShownKeys(skipped, named))
		if len(entries) == 0 {
			return fmt.Errorf("no record on %s could be read: is it lethe's data map topic? (--topic, or --config with lethe's config)", *topic)
		}
	}
	if pol != nil && len(entries) == 0 {
		// Every rule would be "a typo, or a table lethe has not seen".
		fmt.Fprintf(stderr, "lethe inventory: the data map on %s holds no entry yet (lethe has read no change event): the policy's rules are checked against it once it does\n", *topic)
	} else if pol != nil {
		for _, r := range unmatchedRules(pol, entries) {
			fmt.Fprintf(stderr, "lethe inventory: policy rule %s names no table or column of the data map (a typo, or a table lethe has not seen yet?)\n", r)
		}
		// Recipients, actions and purposes are the records' own, decided
		// under the policy that wrote them: an auditor must not take
		// them for the config's (a review changed a purpose and saw the
		// old one printed without a word).
		var older []string
		for _, e := range entries {
			if e.Policy != "" && e.Policy != pol.Version && !slices.Contains(older, e.Policy) {
				older = append(older, e.Policy)
			}
		}
		if len(older) > 0 {
			slices.Sort(older)
			fmt.Fprintf(stderr, "lethe inventory: the map's recipients and purposes were decided under policy %s, not the config's %s: lethe run rewrites them with its next batch\n",
				strings.Join(older, ", "), pol.Version)
		}
	}
	// The title says where and when the map was read: a report kept as
	// evidence (Art. 5(2)) must say what it describes.
	title := fmt.Sprintf("lethe data map (Art. 30 record of processing): topic %s on %s, read %s",
		*topic, strings.Join(bs, ","), time.Now().UTC().Format(time.RFC3339))
	return writeEntries(stdout, *format, title, entries)
}

// unmatchedRules returns the rules of pol that name a table or a column
// none of entries is: most often a typo, which would otherwise do nothing
// without a word. Each entry's schema, table and column go apart: a dot
// in a table's name (Größe.Maß) leaves "schema.table.column" in doubt.
func unmatchedRules(pol *policy.Policy, entries []datamap.Entry) []string {
	cols := make([][3]string, 0, len(entries))
	for _, e := range entries {
		schema, table, ok := e.Schema, "", false
		if schema != "" {
			table, ok = strings.CutPrefix(e.Table, schema+".")
		}
		if !ok { // no schema known: up to the first dot, as before
			if schema, table, ok = strings.Cut(e.Table, "."); !ok {
				continue
			}
		}
		cols = append(cols, [3]string{schema, table, e.Column})
	}
	return pol.Unmatched(cols)
}

func checkFormat(f string) error { return checkChoice("--format", f, "json", "csv", "html") }

func writeEntries(w io.Writer, format, title string, entries []datamap.Entry) error {
	switch format {
	case "csv":
		return datamap.WriteCSV(w, entries)
	case "html":
		return datamap.WriteHTML(w, title, entries)
	}
	return datamap.WriteJSON(w, entries)
}
