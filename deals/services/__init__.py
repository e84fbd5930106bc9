"""Write side of deals: one module per subject (deals, messages, contracts, notifications, trials)."""
