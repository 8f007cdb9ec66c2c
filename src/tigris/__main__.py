"""``python -m tigris``: the same command line as the ``tigris`` console script
(:func:`tigris.cli.entry`, ``[project.scripts]`` in pyproject.toml), for an environment
where the script is not on ``PATH`` (UT-GRID: ``python -m tigris`` failed with "No
module named tigris.__main__")."""

from tigris.cli import entry

if __name__ == "__main__":
    entry()
