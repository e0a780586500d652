"""The one log format: a JSON object per line on stdout. Used by Django's LOGGING and
by gunicorn.conf.py, so every process logs alike. Imports nothing from Django."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
# Masks email addresses, private links and signed tokens in every line (logfilters.py).
FILTERS = {"redact": {"()": "eduportal.logfilters.RedactPersonalData"}}
STDOUT_HANDLER = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stdout",
    "formatter": "json",
    "filters": ["redact"],
}
