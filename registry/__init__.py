"""The territory and policy registry: reference territories and inventory imports."""
