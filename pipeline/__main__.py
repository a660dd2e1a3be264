"""``python -m pipeline`` and the ``vnews`` command: the CLI, with a Ctrl-C that comes before
the CLI is even imported ending as quietly as one during a run."""

import sys


def entry() -> None:
    try:
        from pipeline.apps.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Aborted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    entry()
