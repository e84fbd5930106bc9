"""Pages of the deals app, one module per subject."""
