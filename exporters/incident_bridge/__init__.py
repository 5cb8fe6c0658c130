"""The incident bridge: Alertmanager webhook notifications -> one GitHub issue per incident."""
