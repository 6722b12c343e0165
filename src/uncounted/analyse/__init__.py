"""Analyses of documented cases: pathways and journeys, time to exploitation, the network."""
