// Package demofeed feeds the simulated CRM (package democrm) to Kafka, as
// Debezium would: it creates the CRM's topics, produces its events to them
// (Produce), and, for the engine-alone bench, turns the same events into
// the messages a runner would have fetched, with no broker (Messages).
//
// It is apart from package democrm, which generates the CRM's changes and
// knows nothing of Kafka, and from package worker, which assembles the
// worker that reads them: `lethe demo`, `lethe bench` and the tests are the
// CRM's only source, and lethe in production never imports this package.
package demofeed
