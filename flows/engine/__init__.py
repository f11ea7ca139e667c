"""The conversation engine: turns, flow definitions, values, texts, clock, downloads, gate."""
