"""The command line: the typer app, shared options, command modules and what each command does."""
