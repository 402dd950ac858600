"""Play: the pure round engine, clocks, responders, scripts, the replayer and the session runner."""
