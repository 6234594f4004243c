"""publisher translate and review: machine drafts, and a translator reviewing them."""

from __future__ import annotations

from pathlib import Path

import click

from ..problems import InputError, shown
from .report import fail
from .selection import check_languages, default_records, languages_of, load_releases, target_language

_PROVIDERS = ('deepl', 'google', 'libre', 'microsoft', 'mymemory', 'papago')


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'language', metavar='LANG', callback=check_languages,
              help='The language to draft; by default the one the records are translated into.')
@click.option('--provider', default='libre', show_default=True, type=click.Choice(sorted(_PROVIDERS)),
              help='The machine translation service (through deep-translator).')
@click.option('--provider-url', metavar='URL', help='The server, for a self-hosted LibreTranslate (or another '
              'server speaking LibreTranslate\'s or MyMemory\'s protocol).')
@click.option('--api-key', metavar='KEY', help='The provider\'s key (Papago: ID:SECRET); by default from '
              'LIBRE_API_KEY, MICROSOFT_API_KEY, DEEPL_API_KEY or PAPAGO_CLIENT_ID and PAPAGO_SECRET_KEY.')
@click.option('--timeout', type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar='S',
              help='Seconds to wait for each answer.')
@click.option('--jobs', type=click.IntRange(1, 32), default=4, show_default=True, metavar='N',
              help='Requests at once.')
@click.option('-v', '--verbose', is_flag=True,
              help='A line per catalog on stderr, with the time it took, instead of the progress bar.')
def translate(records, language, provider, provider_url, api_key, timeout, jobs, verbose):
    """Fill the empty entries of RECORDS' catalogs with machine drafts to review.

    Drafts are marked fuzzy with a "machine draft: <provider>, <date>" comment,
    so nothing is published before a translator reviews it (publisher review,
    Poedit, Weblate). Reviewed entries and a translator's fuzzy ones are never
    touched. Answers are cached: a second run sends no text. An entry that
    cannot be drafted is reported as it happens, the run goes on, and the exit
    status is 1.  Without RECORDS, every release folder (with a release.yaml)
    of the current workspace.

    \b
    Examples:
      publisher translate samples/* -l ko --provider libre --provider-url http://localhost:5000/
      publisher translate -l ko --provider libre --provider-url http://localhost:5000/
    """
    from ..catalogs.extract import catalog_files
    from ..catalogs.merge import update_catalogs
    from ..catalogs.pofile import read_po
    from ..drafts.drafting import Cache, Drafter, Unreachable, draftable, saver
    from ..drafts.glossary import load_glossary
    from ..drafts.providers import PROVIDERS, ProviderError
    from ..progress import progress

    releases = load_releases(records or default_records())
    language = target_language(releases, language)
    problems = [problem for release in releases for problem in languages_of(release, [language])]
    if problems:
        fail(InputError(problems))
    catalogs = catalog_files(releases, [language])
    try:
        updates = update_catalogs(catalogs)  # drafts go into catalogs that hold today's strings
    except InputError as error:
        fail(error)
    for update in updates:
        if update.removed_mark:  # as update says it
            click.echo(f'{shown(update.path)}: its byte-order mark removed, which GNU gettext refuses')
    cache = Cache()
    total = drafted = cached = 0
    not_drafted, to_review = 0, {}
    try:
        work = [(catalog, entries) for catalog in catalogs if (entries := draftable(read_po(catalog.path).entries))]
        with progress('Drafting', sum(len(entries) for _, entries in work), verbose=verbose) as drafting:
            for catalog, entries in work:
                path = catalog.path
                drafter = Drafter(PROVIDERS[provider], catalog.domain.source_language, language,
                                  load_glossary(catalog.release.workspace.root), cache,
                                  url=provider_url, api_key=api_key, timeout=timeout, jobs=jobs,
                                  style=catalog.domain.style)

                def report(entry, reason, path=path, release=catalog.release, domain=catalog.domain.name):
                    # Where the record writes the string: catalog lines move as drafts arrive.
                    where = (shown(release.workspace.root / entry.references[0])
                             if domain == release.id and entry.references else f'{shown(path)}:{entry.line}')
                    drafting.echo(f'{where}: not drafted: {reason}')

                outcome = drafter.draft(entries, saver(path),
                                        lambda count, name=shown(path): drafting.advance(count, name), report)
                drafting.done(shown(path), units=0)
                total += len(entries)
                drafted += outcome.drafted
                if outcome.drafted:
                    to_review.setdefault(shown(catalog.release.source.parent))
                cached += outcome.from_cache
                not_drafted += len(outcome.rejected)
    except (ProviderError, Unreachable) as error:
        raise click.ClickException(f'{error}. Drafts received so far are saved.') from None
    except InputError as error:
        fail(error)
    finally:
        cache.close()
    click.echo(f'{drafted} of {total} empty entries drafted ({cached} from the cache)'
               + ('; review them with:' if to_review else ''))
    for folder in to_review:
        click.echo(f'  publisher review {folder} -l {language}')
    if not_drafted:
        raise click.ClickException(f'{not_drafted} entr{"y" if not_drafted == 1 else "ies"} not drafted (listed above)')


@click.command()
@click.argument('records', nargs=-1, type=click.Path(path_type=Path))
@click.option('-l', '--locale', 'language', metavar='LANG', callback=check_languages,
              help='The language to review; by default the one the records are translated into.')
def review(records, language):
    """Review the fuzzy entries of RECORDS' catalogs, one by one, in the terminal.

    For each: its source, its draft, where it comes from; accept it as it is,
    edit it (on a terminal, the draft is put on the line to edit), or skip it.
    An accepted entry loses its fuzzy flag (a machine draft keeps its
    comment, as history) and is saved at once; one that is still the source
    text, or in the source language's script, only once you confirm it.
    Without RECORDS, every release folder (with a release.yaml) of the
    current workspace.

    \b
    Examples:
      publisher review samples/mois-asean-corps-2019 -l ko
      publisher review -l ko
    """
    from ..catalogs.extract import catalog_files
    from ..characters import escaped
    from ..drafts.review import accept, fuzzy_entries

    releases = load_releases(records or default_records())
    language = target_language(releases, language)
    problems = [problem for release in releases for problem in languages_of(release, [language])]
    if problems:
        fail(InputError(problems))
    catalogs = catalog_files(releases, [language])
    total = sum(len(fuzzy_entries(catalog.path)) for catalog in catalogs)
    done = 0
    for catalog in catalogs:
        path = catalog.path
        for entry in fuzzy_entries(path):
            done += 1
            click.echo()
            click.secho(f'{done} of {total}  {shown(path)}:{entry.line}', bold=True)
            for comment in entry.extracted_comments:
                click.echo(f'  # {escaped(comment)}')
            if entry.previous_msgid is not None:
                click.echo(f'  was:   {escaped(entry.previous_msgid)}')
            click.echo(f'  source: {escaped(entry.msgid)}')
            click.echo(f'  draft:  {escaped(entry.msgstr)}')
            while True:
                choice = click.prompt('[a]ccept, [e]dit, [s]kip, [q]uit', type=click.Choice(['a', 'e', 's', 'q']),
                                      default='s', show_choices=False)
                if choice == 'q':
                    return
                if choice == 's':
                    break
                text = _reviewed_text(entry, choice, catalog.domain.style)
                if _saved_anyway(entry, text, catalog):
                    break
            if choice == 's':
                continue
            try:
                accept(path, entry, text)
            except InputError as error:
                fail(error)
            click.echo('  accepted')


def _saved_anyway(entry, text: str, catalog) -> bool:
    """Whether ``text`` is to be saved: at once, unless it still reads as the source language;
    then only if the reviewer says so (a name or an acronym may rightly stay as it is)."""
    from ..characters import escaped
    from ..drafts.review import still_in_source_language

    why = still_in_source_language(entry.msgid, text, catalog.domain.source_language, catalog.language)
    if why is None:
        return True
    click.echo(f'  warning: this translation {escaped(why)}', err=True)
    return click.confirm('  save it as the translation anyway?', default=False)


def _reviewed_text(entry, choice: str, style: str) -> str:
    """The translation the reviewer settles on: the draft as it is (``choice`` 'a') or edited ('e'),
    asked for again until it passes every check a reviewed translation is held to, so that nothing
    accepted here is refused by the next update or render."""
    from ..catalogs import reviewed_problems
    from ..characters import escaped

    text = entry.msgstr
    while True:
        if choice == 'e':
            text = _edited(text)
        problems = reviewed_problems(entry, text, style)
        if not problems:
            return text
        for problem in problems:
            click.echo(f'  {escaped(problem)}', err=True)
        choice = 'e'


def _edited(text: str) -> str:
    """The reviewer's edit of ``text``: on a terminal, ``text`` itself offered for editing with
    readline (to change one word, not type the paragraph again); else a line read, empty for ``text``."""
    import sys

    from ..characters import escaped

    if not (sys.stdin.isatty() and sys.stdout.isatty()) or '\n' in text:
        # Shown escaped: a draft or a line typed may hold what would drive the terminal.
        return click.prompt(f'  translation [{escaped(text)}]', default=text, show_default=False)
    import readline

    readline.set_startup_hook(lambda: readline.insert_text(escaped(text)))
    try:
        return input('  translation: ')
    except EOFError:
        raise click.Abort() from None
    finally:
        readline.set_startup_hook()
