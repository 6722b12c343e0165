"""Estimation: the hidden population (multiple systems estimation) and criminal profits."""
