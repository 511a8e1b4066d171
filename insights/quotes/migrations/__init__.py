"""Alembic's scripts for the app database: env.py and one file per revision under versions/."""
