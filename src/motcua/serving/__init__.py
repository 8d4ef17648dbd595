"""Production serving: `motcua serve` and `motcua worker`, request ids and JSON logs,
Prometheus metrics, the readiness probe. See docs/deploy.md."""
