"""crosswalk stage."""
