"""Live play at a terminal: prompts, facilitator controls, debrief, and run/resume end to end."""
