"""vigie."""
