// Package pipeline is lethe's engine: the change event, findings, decisions and
// compliance commands, and the batch loop that turns decoded CDC events into
// sanitized records and commands.
//
// Data flows one way: source -> decode -> detect -> decide -> encode -> sink.
// The package imports nothing from connectors; brokers, codecs and databases
// plug in through the small interfaces declared here.
package pipeline
