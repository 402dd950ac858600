"""interact: a terminal exercise runner for multi-agency simulations of missing-child cases."""

__version__ = "0.1.0"
