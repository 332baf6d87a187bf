from schemaparity.cli import entry

entry()
