import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bot.understanding import UnderstandingContext, understand_offline


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD, got {value!r}") from exc


def _result(text: str, language: str | None, today: date | None) -> dict:
    understanding = understand_offline(UnderstandingContext(text=text, language=language), today=today)
    return {"intent": understanding.intent, "params": understanding.params}


def _line_result(line: str, default_language: str | None, today: date | None) -> dict:
    try:
        item = json.loads(line)
    except ValueError as exc:
        return {"error": f"invalid JSON: {exc}"}
    if not isinstance(item, dict):
        return {"error": 'each line must be a JSON object {"text": ..., "language": ...}'}
    text, language = item.get("text"), item.get("language", default_language)
    if not isinstance(text, str):
        return {"error": '"text" must be a string'}
    if language is not None and not isinstance(language, str):
        return {"error": '"language" must be a string or null'}
    try:
        return _result(text, language, today)
    except Exception as exc:  # one bad line never stops the stream
        return {"error": f"could not parse: {exc}"}


def _raw_line_result(line: str | bytes, default_language: str | None, today: date | None) -> dict:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            return {"error": "line is not valid UTF-8"}
    line = line.lstrip("\ufeff").rstrip("\r\n")
    if not line.strip():
        return {"error": "empty line"}
    return _line_result(line, default_language, today)


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


class Command(BaseCommand):
    help = (
        "Print what the offline understanding makes of a message as one JSON object "
        '{"intent": ..., "params": {...}}; with --jsonl read {"text": ..., "language": ...} lines '
        "from stdin and print one object per line, in order."
    )
    requires_system_checks = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="?", help="The message, e.g. 'холодная 12.5, свет 1234'")
        parser.add_argument(
            "--language", help="en, ru or bg (reply language); detected from the text when omitted"
        )
        parser.add_argument("--jsonl", action="store_true", help="Read JSON lines from stdin instead")
        parser.add_argument(
            "--today", help="YYYY-MM-DD that month names are resolved against (default: today)"
        )

    def handle(self, *args, text=None, language=None, jsonl=False, today=None, **options):
        today = _as_date(today)
        if jsonl:
            if text is not None:
                raise CommandError("Give either a text or --jsonl, not both")
            stream = options.get("stdin") or sys.stdin
            for line in getattr(stream, "buffer", stream):  # bytes from a real stdin: decode per line
                self.stdout.write(_dump(_raw_line_result(line, language, today)))
            return
        if text is None:
            raise CommandError(
                'Give the message to parse, e.g. assistant_parse "cold water 12.5", or --jsonl'
            )
        self.stdout.write(_dump(_result(text, language, today)))
