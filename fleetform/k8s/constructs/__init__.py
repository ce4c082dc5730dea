"""One construct per module; each wraps the low-level objects of one platform unit."""
