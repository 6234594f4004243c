"""publisher workers: see and stop this user's warm PDF workers (render/warm.py)."""

from __future__ import annotations

import click


@click.group()
def workers():
    """This user's warm PDF workers, which render keeps running between renders (PUBLISHER_WARM=0: none).

    \b
    Example:
      publisher workers status
      publisher workers stop
    """


@workers.command()
def status():
    """Say whether warm PDF workers are running, where, and for how long without work."""
    import time

    from ..render import warm

    found = False
    for path, answer in _answers(warm, 'status'):
        found = True
        running = (time.time() - answer["started"]) / 60
        click.echo(f'{path}: warm PDF workers, pid {answer["pid"]}, running for {running:.0f} min, '
                   f'PDFs rendered: {answer["rendered"]}; they end after {answer["minutes"]:g} idle minutes; '
                   f'commands are handed to pid {answer["commands"]}')
    if not found:
        click.echo('No warm PDF workers are running.')


@workers.command()
def stop():
    """Stop this user's warm PDF workers, once the PDFs under way are rendered; the next render starts them again."""
    from ..render import warm

    stopped = False
    for path in _sockets(warm):
        try:
            pid = warm.stop(path)
        except warm.Unavailable:
            path.unlink(missing_ok=True)  # left by a service that was killed
        except (warm.NotPrivate, OSError) as error:
            click.echo(f'{path}: {error}', err=True)
        else:
            stopped = True
            click.echo(f'{path}: stopped the warm PDF workers (pid {pid})')
    if not stopped:
        click.echo('No warm PDF workers are running.')


def _sockets(warm):
    try:
        return warm.services()
    except warm.NotPrivate as error:
        raise click.ClickException(str(error)) from None


def _answers(warm, request):
    """Each running service of this user's, with its answer to ``request``; a socket nobody answers is removed."""
    for path in _sockets(warm):
        try:
            yield path, warm.ask(path, (request,), timeout=10)
        except warm.Unavailable:
            path.unlink(missing_ok=True)  # left by a service that was killed
        except (warm.NotPrivate, OSError) as error:
            click.echo(f'{path}: {error}', err=True)
