// Package k8scheck holds the tests that keep the Kubernetes manifests
// (deploy/k8s) consistent with lethe and with each other: the config they
// mount loads and passes lethe run --check, the probes reach the port the
// config serves, the keys come from a Secret, the container is locked down,
// and the runtime's limits fit the pod's. It has no code of its own; run
// `go test ./deploy/k8scheck/` after changing deploy/k8s.
package k8scheck
