// Package e2e is lethe's end-to-end suite against the real stack of
// deploy/stack (PostgreSQL 15 with the legacy CRM, Kafka 4 in KRaft mode,
// Kafka Connect with Debezium): Debezium's real output through lethe, read
// back with kcat and with the kafka-go reference subscriber
// (connectors/downstream); the data map; `lethe scan` against the database;
// a SIGKILL of the lethe binary mid-stream; two lethe binaries given one
// instance_id; and a Kafka restart under load.
//
// The tests run only with LETHE_E2E=1 (`make e2e` starts the stack and sets
// it); otherwise they skip and say why. With LETHE_E2E=1 and the stack down
// they skip too, except when CI=true, where a missing stack is a failure.
//
// Every run picks a random run id and writes only to its own topics
// (e2e.<run>.*), consumer groups and transactional ids, so reruns against the
// same long-lived stack stay independent; the run's topics are deleted at the
// end unless LETHE_E2E_KEEP=1. Inputs planted in PostgreSQL use fresh ids
// and fresh PII values, and assertions look only at outputs whose lethe.input
// header points at inputs of this run. Failure messages name topics,
// partitions, offsets and columns, never a value.
package e2e
