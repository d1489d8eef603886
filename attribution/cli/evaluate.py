"""``attribution evaluate``: score quote extraction against BRAT gold attributions."""

from __future__ import annotations

import json

import click

from ..pipeline import Parser
from .group import main
from .options import format_option, models_option


@main.command()
@click.argument("docs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory of BRAT files ID_ANNOTATOR.ann (e.g. polnear/dev/attributions).",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False),
    help="Score these quote records (JSONL, as `extract -f jsonl` writes) "
    "instead of running the extractor.",
)
@click.option(
    "--baseline",
    type=click.Choice(["quoted-strings"]),
    help="Score a reference system instead of the extractor: every quoted string as a quote.",
)
@format_option(("table", "json"), default="table")
@click.option("--json", "as_json", is_flag=True, help="Same as -f json.")
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="List missed speech attributions and false alarms.",
)
@click.option(
    "--speech-lexicon",
    type=click.Path(dir_okay=False),
    help="Lemma file (one a line) deciding which gold cues are speech; "
    "default: the speech verb and noun lexicons.",
)
@click.option(
    "--include-beliefs", is_flag=True, help="Let the extractor also report beliefs and intentions."
)
@click.option("--top-cues", default=15, show_default=True, help="Cue lemma rows in the table.")
@models_option(
    "stanza model directory for DOCS given as raw text "
    "[default: $STANZA_RESOURCES_DIR, else stanza's]."
)
@click.option("--gpu/--cpu", "use_gpu", default=None, help="Parse raw text on the GPU or the CPU.")
@click.option("--lang", default="en", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def evaluate(
    docs,
    gold_dir,
    predictions,
    baseline,
    fmt,
    as_json,
    show_errors,
    speech_lexicon,
    include_beliefs,
    top_cues,
    models_dir,
    use_gpu,
    lang,
    quiet,
):
    """Score quotes found in DOCS against gold attributions in --gold.

    DOCS are CoNLL-U files (parsed once, e.g. by `attribution parse`; several
    documents per file split by `# newdoc id`) or raw text, parsed here with stanza.
    A document's id (its `# newdoc id`, else the file name) names its gold file.

    Precision counts a quote as right when it overlaps any gold attribution (speech
    or belief); recall is over speech attributions only. With several annotators for
    a document, the first by sorted file name is used.
    """
    from ..evaluation import baseline as baselines
    from ..evaluation.corpus import evaluate as run
    from ..evaluation.corpus import read_articles, read_predictions, speech_lemmas
    from ..evaluation.report import errors, errors_text, table
    from ..evaluation.scoring import Prediction

    if predictions and baseline:
        raise click.UsageError("give --predictions or --baseline, not both")
    speech = speech_lemmas(lang, path=speech_lexicon)
    if predictions:
        by_doc = read_predictions(predictions)
        predict = lambda article: by_doc.get(article.id, [])  # noqa: E731
    elif baseline:
        predict = baselines.BASELINES[baseline]
    else:
        from ..extract import extract_quotes

        def predict(article):
            return (
                Prediction.from_quote(q)
                for q in extract_quotes(article, include_beliefs=include_beliefs, lang=lang)
            )

    parser = Parser(lang=lang, models_dir=models_dir, use_gpu=use_gpu)

    def articles():
        for path in docs:
            if not quiet:
                click.echo(f"evaluating {path}", err=True)
            yield from read_articles([path])

    scores, kept = run(
        articles(),
        gold_dir,
        predict=predict,
        speech=speech,
        parse=parser.parse,
        keep_articles=show_errors,
    )
    if predictions:
        extra = sorted(set(by_doc) - set(kept or {}) - {g.doc for g in scores.gold})
        if extra:
            scores.notes.append(
                f"{len(extra)} document(s) in {predictions} are not among DOCS and were ignored"
            )
    result = scores.to_dict()
    if not quiet:
        click.echo(f"scored {result['counts']['docs']} documents", err=True)
    if as_json or fmt == "json":
        if show_errors:
            result["errors"] = errors(scores, kept)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(table(result, top_cues=top_cues))
        if show_errors:
            click.echo(errors_text(errors(scores, kept)))
