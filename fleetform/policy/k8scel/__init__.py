"""CEL with the Kubernetes libraries, on top of cel-expr-python (Google's C++ CEL runtime)."""
