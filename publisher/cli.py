"""The ``publisher`` command: the group of verbs (each in commands/), and leaving as soon as one is done."""

from __future__ import annotations

import os
import sys

import click

from .commands import catalogs, check, diff, drafts, render, status, workers, workspace


def run():
    """The ``publisher`` command (main), leaving as soon as it is done.

    With every file written and closed, tearing the interpreter down (freeing
    every module's objects) took 0.1 to 0.3 s more of each command; the process
    leaves right after the exit handlers (atexit) have run, with the command's status.
    """
    import atexit

    exit_status = [1]  # anything but SystemExit out of main is a failure
    atexit.register(_leave, exit_status)  # first registered, so run after every other exit handler
    try:
        main()
    except SystemExit as done:
        exit_status[0] = 0 if done.code is None else done.code if isinstance(done.code, int) else 1
        raise


def _leave(exit_status):
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(exit_status[0])


@click.group(context_settings={'help_option_names': ['-h', '--help']})
@click.version_option(package_name='publisher')
def main():
    """Bilingual press releases from one canonical record.

    \b
    Example:
      publisher check samples/*
      publisher render samples/* --out dist
    """


for command in (check.check, render.render, diff.diff, catalogs.extract, catalogs.update, status.status, catalogs.compile_,
                drafts.translate, drafts.review, workspace.init, workspace.schema, workspace.serve, workers.workers):
    main.add_command(command)
