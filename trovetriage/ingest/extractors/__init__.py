"""Built-in extractors. Each registers through the `trovetriage.extractors` entry-point group."""
