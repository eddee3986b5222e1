package kafka

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// TopicSpec describes a topic lethe needs.
type TopicSpec struct {
	Name string
	// Partitions is the partition count; 0 means the broker default.
	Partitions int32
	// Replication is the replication factor; 0 means the broker default.
	Replication int16
	// Configs are topic configs such as cleanup.policy=compact.
	Configs map[string]string
}

// EnsureTopics creates the topics that do not exist yet. It is idempotent:
// a topic that already exists is accepted, but if its spec asks for
// cleanup.policy=compact the existing topic must be compacted too, otherwise
// state written to it would eventually be deleted by retention, so this
// returns an error naming the topic and its actual policy.
func EnsureTopics(ctx context.Context, adm *kadm.Client, specs ...TopicSpec) error {
	var errs []error
	var existing []TopicSpec
	for _, s := range specs {
		if s.Name == "" {
			errs = append(errs, errors.New("ensure topics: spec with empty Name"))
			continue
		}
		parts, repl := s.Partitions, s.Replication
		if parts <= 0 {
			parts = -1
		}
		if repl <= 0 {
			repl = -1
		}
		var cfgs map[string]*string
		if len(s.Configs) > 0 {
			cfgs = make(map[string]*string, len(s.Configs))
			for k, v := range s.Configs {
				cfgs[k] = kadm.StringPtr(v)
			}
		}
		_, err := adm.CreateTopic(ctx, parts, repl, cfgs, s.Name)
		switch {
		case err == nil:
		case errors.Is(err, kerr.TopicAlreadyExists):
			existing = append(existing, s)
		default:
			errs = append(errs, fmt.Errorf("create topic %s (partitions %d, replication %d): %w", s.Name, parts, repl, err))
		}
	}
	for _, s := range existing {
		if err := verifyExisting(ctx, adm, s); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ListTopics lists the topics there are (internal ones left out), asking a
// broker: kadm answers a listing from its client's metadata cache for up
// to MetadataMinAge (five seconds), which does not see topics created since
// (the demo warned of its own new input topics, the bench left its new
// ones behind). kadm sends a metadata request that asks for authorized
// operations straight to a broker, past the cache; the operations cost the
// broker little and need no extra right.
func ListTopics(ctx context.Context, adm *kadm.Client) (kadm.TopicDetails, error) {
	return adm.ListTopics(kadm.WithAuthorizedOps(ctx))
}

// verifyExisting checks the configs of an existing topic that matter for
// correctness. A spec asking for compaction must find a compacted topic,
// and one asking for cleanup.policy=delete a topic that is not compacted
// (the commands topic: compaction would keep only the last ERASE of a
// subject and the last REDACT of a table); changing either is the
// operator's call, as it would rewrite the topic's history, unless a topic
// that should be compacted holds nothing yet: it is made compacted. A spec asking to keep records for ever (retention.ms=-1, the
// commands topic) has it set: that only keeps more, and a topic created
// by an older lethe with the broker's seven days would lose the erase
// orders a holder rebuilding its copy needs. So does a compacted one (the
// data map) whose topic also deletes (cleanup.policy=compact,delete, which
// passes as compacted): Kafka would delete the records of keys not written
// for retention.ms. Without delete Kafka reads no retention.ms, and the
// topic is left as it is.
func verifyExisting(ctx context.Context, adm *kadm.Client, s TopicSpec) error {
	checked := false
	for _, k := range []string{"retention.ms", "max.message.bytes", "cleanup.policy"} {
		_, has := s.Configs[k]
		checked = checked || has
	}
	if !checked {
		return nil // nothing to check: not even a describe (it may need rights the spec does not)
	}
	configs, err := describeConfigs(ctx, adm, s.Name)
	if err != nil {
		return err
	}
	got, set := configs["cleanup.policy"]
	if !set {
		got = "delete" // Kafka's default when the topic does not override it
	}
	if s.Configs["retention.ms"] == "-1" && hasPolicy(got, "delete") {
		if err := raiseConfig(ctx, adm, s.Name, configs, "retention.ms", "-1", "must keep its records for ever",
			func(got string) bool { return got == "-1" }); err != nil {
			return err
		}
	}
	if v, ok := s.Configs["max.message.bytes"]; ok {
		need, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("topic %s: max.message.bytes %q is not a number", s.Name, v)
		}
		if err := raiseConfig(ctx, adm, s.Name, configs, "max.message.bytes", v, "must take batches of max_output_bytes",
			func(got string) bool { n, err := strconv.Atoi(got); return err == nil && n >= need }); err != nil {
			return err
		}
	}
	want, ok := s.Configs["cleanup.policy"]
	if !ok {
		return nil
	}
	switch compact := hasPolicy(want, "compact"); {
	case compact && !hasPolicy(got, "compact"):
		if empty, err := holdsNothing(ctx, adm, s.Name); err == nil && empty {
			// Made by a client that named it before lethe wrote to it
			// (kcat -L -t, a consumer subscribing early, with topic
			// auto-creation on): it holds nothing whose history would
			// change, and the embedded broker offers no tool to fix it,
			// so the table would be retried for ever (a review).
			return setConfig(ctx, adm, s.Name, "cleanup.policy", want)
		}
		return fmt.Errorf("topic %s exists with cleanup.policy=%q, holds records and must be compacted (cleanup.policy=compact): "+
			"delete it (kafka-topics.sh --bootstrap-server <brokers> --delete --topic %s; any Kafka admin client does it on the embedded broker), "+
			"and lethe makes it again; or, to keep its records, compact it (kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics "+
			"--entity-name %s --add-config cleanup.policy=compact), which Kafka refuses while it holds a record without a key",
			s.Name, got, s.Name, s.Name)
	case !compact && hasPolicy(got, "compact"):
		return fmt.Errorf("topic %s exists with cleanup.policy=%q but must not be compacted (cleanup.policy=%s): its records share keys "+
			"and every one counts; fix it with kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics --entity-name %s --add-config cleanup.policy=%s",
			s.Name, got, want, s.Name, want)
	}
	return nil
}

// holdsNothing reports whether every partition of topic is empty now.
func holdsNothing(ctx context.Context, adm *kadm.Client, topic string) (bool, error) {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return false, err
	}
	starts, err := adm.ListStartOffsets(ctx, topic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return false, err
	}
	empty := true
	ends.Each(func(o kadm.ListedOffset) {
		if st, ok := starts.Lookup(o.Topic, o.Partition); !ok || st.Offset != o.Offset {
			empty = false
		}
	})
	return empty, nil
}

// setConfig sets key=value on an existing topic.
func setConfig(ctx context.Context, adm *kadm.Client, topic, key, value string) error {
	resps, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: key, Value: kadm.StringPtr(value)}}, topic)
	if err == nil {
		_, err = resps.On(topic, nil)
	}
	if err == nil {
		for _, r := range resps {
			err = errors.Join(err, r.Err)
		}
	}
	if err != nil {
		return fmt.Errorf("set %s=%s on topic %s: %w", key, value, topic, err)
	}
	return nil
}

// describeConfigs returns the configs of an existing topic, key to value,
// its own and the broker's defaults alike.
func describeConfigs(ctx context.Context, adm *kadm.Client, topic string) (map[string]string, error) {
	rcs, err := adm.DescribeTopicConfigs(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("describe configs of existing topic %s: %w", topic, err)
	}
	rc, err := rcs.On(topic, nil)
	if err == nil {
		err = rc.Err
	}
	if err != nil {
		return nil, fmt.Errorf("describe configs of existing topic %s: %w", topic, err)
	}
	configs := make(map[string]string, len(rc.Configs))
	for _, c := range rc.Configs {
		configs[c.Key] = c.MaybeValue()
	}
	return configs, nil
}

// raiseConfig sets key=want on an existing topic whose value in configs is
// not enough(got) (Kafka's default when the topic does not override it):
// only for settings where want keeps or takes more than any smaller value,
// so changing an existing topic can lose nothing. why says what the topic
// needs the value for.
func raiseConfig(ctx context.Context, adm *kadm.Client, topic string, configs map[string]string, key, want, why string, enough func(got string) bool) error {
	if got, ok := configs[key]; ok && enough(got) {
		return nil
	}
	if err := setConfig(ctx, adm, topic, key, want); err != nil {
		return fmt.Errorf("topic %s exists with a smaller %s and %s (%s=%s); "+
			"setting it failed: %w; fix it with kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics --entity-name %s --add-config %s=%s",
			topic, key, why, key, want, err, topic, key, want)
	}
	return nil
}

// hasPolicy reports whether a cleanup.policy list such as "compact,delete"
// includes p.
func hasPolicy(list, p string) bool {
	return slices.Contains(strings.Split(strings.ReplaceAll(list, " ", ""), ","), p)
}
