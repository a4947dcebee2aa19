"""Fault injection for the ledger store: kill a real writer process at each named write step."""
