package downstream_test

import (
	"context"
	"log"
	"os/signal"
	"syscall"

	"github.com/lethe-cdc/lethe/connectors/downstream"
)

// A downstream team's copy of the customers table: caught up with the
// sanitized topic, then kept current, erasing and redacting what lethe's
// commands tell it to. Commands it cannot carry out go to the team's
// alerting.
func ExampleMirror() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	m, err := downstream.NewMirror(downstream.Config{
		Brokers: []string{"localhost:9092"},
		Topic:   "lethe.sanitized.customers",
		OnUnhandled: func(position, commandType string) {
			log.Printf("command %s at %s not carried out", commandType, position)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := m.CatchUp(ctx); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d customers, %+v", m.Len(), m.Stats())
	if err := m.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
