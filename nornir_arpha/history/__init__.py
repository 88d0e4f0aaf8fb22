"""The run history: a run's record (`runs`), its tables (`schema`, migrated by Alembic),
the SQLite or PostgreSQL store (`database`), run comparison (`comparison`) and the default
location (`location`). Import the modules: this package imports no database library."""
