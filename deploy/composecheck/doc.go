// Package composecheck holds the test that keeps docker-compose.yml in agreement with the
// native development stack (deploy/stack/stack.sh, deploy/stack/pom.xml, deploy/connect,
// deploy/postgres): the same ports, topic prefix, connector files, component versions,
// Postgres logical decoding and Kafka in KRaft mode. It has no code of its own; run
// `go test ./deploy/composecheck/` after changing either side.
package composecheck
