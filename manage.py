#!/usr/bin/env python
"""Django's command-line utility for eduportal."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eduportal.settings")
    from eduportal.startup import run_command_line

    run_command_line(sys.argv)


if __name__ == "__main__":
    main()
