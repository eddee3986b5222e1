package worker

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/lethe-cdc/lethe/pipeline"
)

// engineCollector exports the engine's counters. Its only label is the
// fideslang category, a fixed vocabulary: no data value can reach a label.
type engineCollector struct {
	e                                                       *pipeline.Engine
	events, tombstones, deadLetters, commands, outputs, pii *prometheus.Desc
	findings                                                *prometheus.Desc
}

func newEngineCollector(e *pipeline.Engine) *engineCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("lethe_"+name, help, labels, nil)
	}
	return &engineCollector{e: e,
		events:      d("events_total", "CDC records processed, in committed transactions."),
		tombstones:  d("tombstones_total", "Tombstones forwarded, in committed transactions."),
		deadLetters: d("dead_letters_total", "Records written to the dead-letter topic, in committed transactions (an input with several outputs over the size limit writes one for each)."),
		commands:    d("commands_total", "Compliance commands issued, in committed transactions."),
		outputs:     d("outputs_total", "Output records produced, in committed transactions."),
		pii:         d("pii_fields_total", "Field values in which personal data was found, in committed transactions."),
		findings:    d("findings_total", "Field values holding each category of personal data, in committed transactions.", "category"),
	}
}

func (c *engineCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.events, c.tombstones, c.deadLetters, c.commands, c.outputs, c.pii, c.findings} {
		ch <- d
	}
}

func (c *engineCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.e.Stats()
	for d, v := range map[*prometheus.Desc]int64{c.events: s.Events.Load(), c.tombstones: s.Tombstones.Load(),
		c.deadLetters: s.DeadLetters.Load(), c.commands: s.Commands.Load(), c.outputs: s.Outputs.Load(), c.pii: s.FieldsPII.Load()} {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v))
	}
	for cat, n := range s.FindingsByCategory() {
		ch <- prometheus.MustNewConstMetric(c.findings, prometheus.CounterValue, float64(n), cat)
	}
}
