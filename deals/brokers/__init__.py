"""Technology brokers: registry, work log, performance and ranking (models live in deals.models.brokers)."""
