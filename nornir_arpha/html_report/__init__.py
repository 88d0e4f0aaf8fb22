"""The run's one-file HTML report (`page`) with a timeline picture per failover
(`timeline`). Import the modules: this package imports no plotting library."""
