"""Cases: the case format, its model, loading and checks, the starter template, where cases are."""
