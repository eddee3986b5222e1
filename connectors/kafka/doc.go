// Package kafka is lethe's Kafka side: an embedded broker for demos and tests,
// idempotent topic administration, the exactly-once consume-transform-produce
// runner that drives the pipeline, and a reader that restores state from
// compacted topics. The throughput harness that drives the runner from
// outside is package bench; the demo CRM's producer is package demofeed.
//
// Everything here is built on franz-go. The runner is the hot path: it reads
// Debezium change events with read_committed isolation, hands each fetched
// batch to a broker-neutral [Handler] (implemented in package pipeline), and
// writes the handler's outputs together with the input offsets in one Kafka
// transaction, so a crash or rebalance never loses or duplicates an output.
//
// Nothing in this package logs record keys, values or headers: log lines and
// errors carry topics, partitions, offsets, counts and Kafka error codes only.
package kafka
