"""Field types of the spec: validated strings and numbers, and the strict base model.

Shared by the spec (``portfolio.config.spec``) and the data-source descriptors
(``portfolio.sources``), whose config sections are spec models too. It sits outside
``portfolio.config`` so that the descriptors need not import the config package.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from portfolio import durations

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,62}$"
# No characters that would split or quote an address list (Alertmanager joins ``to`` with ", ").
_EMAIL_PART = r'[^@\s,;<>()\[\]\\"]+'
_EMAIL = re.compile(rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
# Go's time.Duration (nanoseconds in an int64), which Prometheus and Alertmanager parse into.
MAX_DURATION_SECONDS = (2**63 - 1) / 1e9
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def _fail(kind: str, message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _percentage(value: float) -> float:
    if not 0 < value <= 100:
        raise _fail("percentage", "{value} is not a percentage (0 < x <= 100)", value=f"{value:g}")
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise _fail("positive", "{value} must be greater than 0", value=f"{value:g}")
    return value


def _positive_int(value: int) -> int:
    if value <= 0:
        raise _fail("positive", "{value} must be a whole number greater than 0", value=value)
    return value


def _ratio(value: float) -> float:
    if not 0 < value < 1:
        raise _fail("ratio", "{value} is not a ratio (0 < x < 1)", value=f"{value:g}")
    return value


def _duration(value: str) -> str:
    if not durations.is_valid(value):
        raise _fail("duration", "'{value}' is not a duration (e.g. 30s, 5m, 1h, 7d)", value=value)
    if durations.seconds(value) > MAX_DURATION_SECONDS:
        raise _fail(
            "duration_range",
            "'{value}' is out of range: Prometheus and Alertmanager durations end at 292y",
            value=value,
        )
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise _fail("email", "'{value}' is not an email address", value=value)
    return value


def without_userinfo(url: str) -> str:
    """``url`` with any ``user:password@`` shown as ``***@``, for messages and logs."""
    return _USERINFO.sub(r"\1***@", url)


def _url(value: str) -> str:
    if not _URL.match(value):
        raise _fail("url", "'{value}' is not an http(s) URL", value=without_userinfo(value))
    return value


def _repo(value: str) -> str:
    if not _REPO.match(value):
        raise _fail("repo", "'{value}' is not a GitHub repository (owner/name)", value=value)
    return value


def _identifier(value: str) -> str:
    if not re.match(ID_PATTERN, value):
        raise _fail(
            "identifier",
            "'{value}' is not an id (a letter, then letters, digits, '_' or '-'; at most 63)",
            value=value,
        )
    return value


def _slack_channel(value: str) -> str:
    if not re.match(r"^[#@][a-z0-9][a-z0-9._-]{0,79}$", value):
        raise _fail(
            "slack_channel",
            "'{value}' is not a Slack channel ('#name' in lower case, or '@user')",
            value=value,
        )
    return value


def _nonempty(value: str) -> str:
    if not value.strip():
        raise _fail("empty", "must not be empty")
    return value


Percentage = Annotated[float, AfterValidator(_percentage)]
Positive = Annotated[float, AfterValidator(_positive)]
PositiveInt = Annotated[int, AfterValidator(_positive_int)]
Ratio = Annotated[float, AfterValidator(_ratio)]
Duration = Annotated[str, AfterValidator(_duration)]
Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Repo = Annotated[str, AfterValidator(_repo)]
Identifier = Annotated[str, AfterValidator(_identifier)]
SlackChannel = Annotated[str, AfterValidator(_slack_channel)]
Text = Annotated[str, AfterValidator(_nonempty)]


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
