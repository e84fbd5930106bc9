"""Write side of the programme engine, one module per subject."""
