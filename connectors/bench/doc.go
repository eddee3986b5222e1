// Package bench measures lethe's throughput: [Run] drives an exactly-once
// runner over topics that already hold the events and times it, [Passthrough]
// is the baseline handler that copies every input unchanged (the cost of
// Kafka's exactly-once I/O alone), [Stopwatch] times runs without a broker,
// and [Report] compares the rounds of `lethe bench`.
//
// It is apart from package kafka, which holds only what a production worker
// runs, and from package worker, which assembles that worker: the harness
// drives a runner from outside, through [kafka.RunnerConfig]'s OnFirstRecords
// and OnCommitted, and nothing that serves traffic imports it.
package bench
