"""Records: transcripts (writer, loaders, fast reader), session locks, reading user TOML files."""
