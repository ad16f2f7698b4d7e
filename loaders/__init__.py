"""Loaders: official source files → one tidy table of PCI, PAPI, PAR INDEX and SIPAS values with provenance."""
