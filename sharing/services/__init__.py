"""Write side of instrument sharing, one module per subject."""
