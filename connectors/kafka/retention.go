package kafka

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The embedded broker's retention differs from Kafka's in two ways that
// lose data, and lethe works around both (a review lost whole partitions):
//
//   - kfake applies retention.ms (7 days by default) by moving a
//     partition's start past every batch whose newest timestamp is older,
//     wherever it lies, where Kafka stops at the first segment that has not
//     expired. Records carry event time (a sanitized record its input's),
//     so one late CDC record 200 hours old wiped all that came before it.
//     So the broker keeps records whatever their age (log.retention.ms=-1):
//     a size limit (EmbeddedConfig.RetentionBytes) is the bound it offers.
//   - kfake applies retention to compacted topics too, where Kafka only
//     compacts them: the data map of a quiet table went after 7 days, and
//     under RetentionBytes with the oldest bytes of any topic. So a topic
//     created compacted (cleanup.policy=compact, not delete) gets
//     retention.ms=-1 and retention.bytes=-1 of its own, unless its creator
//     set them; keepCompactedTopics does the same for the topics a data dir
//     brought, and keepAltered for a topic turned compacted later by
//     IncrementalAlterConfigs (EnsureTopics does so to a state topic
//     another client made, while it is empty).
//
// Not covered: a topic turned compacted by the legacy AlterConfigs, and a
// retention.ms an operator sets on a topic (kfake then drops as above).

// noRetention is what a compacted topic gets of each retention config.
var noRetention = map[string]string{"retention.ms": "-1", "retention.bytes": "-1"}

// compactOnly reports a cleanup.policy that compacts and never deletes.
func compactOnly(policy string) bool {
	return hasPolicy(policy, "compact") && !hasPolicy(policy, "delete")
}

// retentionFor lists the retention configs a compacted topic lacks of
// noRetention, given the ones it has: all but retention.bytes when
// boundCompacted (the endless demo, whose state topics the size limit
// bounds too).
func retentionFor(has func(string) bool, boundCompacted bool) []string {
	var missing []string
	for _, k := range []string{"retention.ms", "retention.bytes"} {
		if !has(k) && !(boundCompacted && k == "retention.bytes") {
			missing = append(missing, k)
		}
	}
	return missing
}

// keepCompacted adds noRetention to every topic a CreateTopics request
// creates compacted, where the request does not set it.
func keepCompacted(c *kfake.Cluster, boundCompacted bool) {
	c.ControlKey(kmsg.CreateTopics.Int16(), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		req, ok := kr.(*kmsg.CreateTopicsRequest)
		if !ok {
			return nil, nil, false
		}
		for i := range req.Topics {
			t := &req.Topics[i]
			policy := ""
			for _, cf := range t.Configs {
				if cf.Name == "cleanup.policy" && cf.Value != nil {
					policy = *cf.Value
				}
			}
			if !compactOnly(policy) {
				continue
			}
			has := func(k string) bool {
				for _, cf := range t.Configs {
					if cf.Name == k {
						return true
					}
				}
				return false
			}
			for _, k := range retentionFor(has, boundCompacted) {
				cf := kmsg.NewCreateTopicsRequestTopicConfig()
				cf.Name, cf.Value = k, kmsg.StringPtr(noRetention[k])
				t.Configs = append(t.Configs, cf)
			}
		}
		return nil, nil, false // not handled: the broker creates them as usual
	})
	keepAltered(c, boundCompacted)
}

// keepAltered adds noRetention, where neither the topic nor the request
// sets it, to every topic an IncrementalAlterConfigs request makes
// compacted. Without it a state topic EnsureTopics turned compacted kept
// deleting: under RetentionBytes the broker dropped the data map's oldest
// entries, and with them the record of processing of quiet columns.
func keepAltered(c *kfake.Cluster, boundCompacted bool) {
	c.ControlKey(kmsg.IncrementalAlterConfigs.Int16(), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		req, ok := kr.(*kmsg.IncrementalAlterConfigsRequest)
		if !ok {
			return nil, nil, false
		}
		for i := range req.Resources {
			r := &req.Resources[i]
			if r.ResourceType != kmsg.ConfigResourceTypeTopic || !setsCompactOnly(r.Configs) {
				continue
			}
			var own map[string]*string
			c.SleepControl(func() { // the topic's configs, from the broker's loop
				if ti := c.TopicInfo(r.ResourceName); ti != nil {
					own = ti.Configs
				}
			})
			has := func(k string) bool {
				for _, cf := range r.Configs {
					if cf.Name == k {
						return true // the request's own say
					}
				}
				_, ok := own[k]
				return ok
			}
			for _, k := range retentionFor(has, boundCompacted) {
				cf := kmsg.NewIncrementalAlterConfigsRequestResourceConfig()
				cf.Name, cf.Op, cf.Value = k, kmsg.IncrementalAlterConfigOpSet, kmsg.StringPtr(noRetention[k])
				r.Configs = append(r.Configs, cf)
			}
		}
		return nil, nil, false // not handled: the broker alters them as usual
	})
}

// setsCompactOnly reports whether an alter sets cleanup.policy to compact
// without delete.
func setsCompactOnly(configs []kmsg.IncrementalAlterConfigsRequestResourceConfig) bool {
	for _, cf := range configs {
		if cf.Name == "cleanup.policy" && cf.Op == kmsg.IncrementalAlterConfigOpSet && cf.Value != nil {
			return compactOnly(*cf.Value)
		}
	}
	return false
}

// keepCompactedTopics gives the compacted topics already on the broker at
// addr (a data dir's, written before keepCompacted) noRetention where they
// have no retention config of their own, and returns how many it changed.
// With boundCompacted it takes back the retention.bytes=-1 an earlier run
// gave them, which would keep an endless demo's state topics unbounded on
// a data dir a bounded run used first (a review); an operator's -1 on an
// endless demo's broker is not told apart.
func keepCompactedTopics(cl *kgo.Client, boundCompacted bool) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	adm := kadm.NewClient(cl)
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		return 0, fmt.Errorf("list topics: %w", err)
	}
	if len(topics) == 0 {
		return 0, nil
	}
	rcs, err := adm.DescribeTopicConfigs(ctx, topics.Names()...)
	if err != nil {
		return 0, fmt.Errorf("describe topic configs: %w", err)
	}
	changed := 0
	for _, rc := range rcs {
		if rc.Err != nil {
			return changed, fmt.Errorf("describe configs of %s: %w", rc.Name, rc.Err)
		}
		own := map[string]string{}
		for _, cf := range rc.Configs {
			if cf.Source == kmsg.ConfigSourceDynamicTopicConfig && cf.Value != nil {
				own[cf.Key] = *cf.Value
			}
		}
		if !compactOnly(own["cleanup.policy"]) {
			continue
		}
		var alter []kadm.AlterConfig
		for _, k := range retentionFor(func(k string) bool { _, ok := own[k]; return ok }, boundCompacted) {
			alter = append(alter, kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: kadm.StringPtr(noRetention[k])})
		}
		if boundCompacted && own["retention.bytes"] == noRetention["retention.bytes"] {
			alter = append(alter, kadm.AlterConfig{Op: kadm.DeleteConfig, Name: "retention.bytes"})
		}
		if len(alter) == 0 {
			continue
		}
		resps, err := adm.AlterTopicConfigs(ctx, alter, rc.Name)
		if err == nil {
			_, err = resps.On(rc.Name, func(r *kadm.AlterConfigsResponse) error { return r.Err })
		}
		if err != nil {
			names := make([]string, len(alter))
			for i, a := range alter {
				names[i] = a.Name
			}
			return changed, fmt.Errorf("set %s on %s: %w", strings.Join(names, ", "), rc.Name, err)
		}
		changed++
	}
	return changed, nil
}
