"""A module named as an extension that forgot its register(table) function."""
