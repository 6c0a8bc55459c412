"""window — Python bindings for libwindow, the 综合窗口 (一窗受理) rules engine.

    import window

    cat = window.Catalog.load("rules/")
    res = cat.evaluate("3415220000-XK-0102-01", {"applicant": {...}, ...})
    print(res.decision, res.flow, res.route["window"])
    for f in res.findings:
        print(f.code, f.subject, f.message, f.due)
    res.to_json()        # exactly the C library's result JSON (SPEC §4.3)

The module ``window.capi`` is the SWIG wrapper of ``libwindow.h``, one to
one; this module is the supported, Pythonic layer over it.  See
docs/python.md.
"""

from __future__ import annotations

import ctypes as _ctypes
import datetime as _dt
import json as _json
import os as _os
import re as _re
import sys as _sys
import threading as _threading
from dataclasses import dataclass as _dataclass
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, TypeVar, Union

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])

try:
    from . import capi as _capi
except ImportError as _e:  # pragma: no cover - depends on the installation
    raise ImportError(
        f"window: the C extension window._capi cannot be loaded under Python "
        f"{_sys.version_info[0]}.{_sys.version_info[1]} ({_e}); the package was built for "
        "another Python version or without its extension: build and install it with this "
        "interpreter (docs/python.md, 'Supported Pythons')") from _e

# The SWIG module is generated and untyped: the typed surface is this module.
_c: Any = _capi


def _str(v: Any) -> str:
    """A C string the wrapper returned (None, from a closed object, is "")."""
    return v if isinstance(v, str) else ""

__all__ = [
    "BundleResult",
    "Catalog",
    "CatalogError",
    "Diagnostic",
    "Elicenses",
    "Engine",
    "Env",
    "Error",
    "EvaluationError",
    "ExprError",
    "Finding",
    "NotFound",
    "Result",
    "Submission",
    "SubmissionError",
    "TestOutcome",
    "TestReport",
    "expr",
    "version",
]

#: Version of the linked C library, e.g. "0.1.0".
__version__ = _c.wnd_version()


def version() -> str:
    """The version of the C library the extension was built with."""
    return _str(_c.wnd_version())


# ---- constants -------------------------------------------------------------

OK = _c.WND_OK
ACCEPTED = "accepted"
ACCEPTED_WITH_GAPS = "accepted_with_gaps"
INCOMPLETE = "incomplete"
REJECTED = "rejected"

_SEVERITY = {_c.WND_SEV_ERROR: "error", _c.WND_SEV_WARNING: "warning", _c.WND_SEV_INFO: "info"}
_ROUTE_KEYS = ("department", "department_name", "section", "window", "output_window",
               "escalated_from")
_DEADLINES = ("promised", "statutory", "statutory_extended", "supplement", "notify",
              "transfer", "reply", "verify")
_RECORD_KEYS = ("catalog_digest", "submission_digest", "engine", "received_at")
_TYPES = {
    "bool": _c.WND_TYPE_BOOL, bool: _c.WND_TYPE_BOOL,
    "int": _c.WND_TYPE_INT, int: _c.WND_TYPE_INT,
    "double": _c.WND_TYPE_DOUBLE, "float": _c.WND_TYPE_DOUBLE, float: _c.WND_TYPE_DOUBLE,
    "string": _c.WND_TYPE_STRING, "str": _c.WND_TYPE_STRING, str: _c.WND_TYPE_STRING,
}
_CTYPES: dict[int, Any] = {
    _c.WND_TYPE_BOOL: _ctypes.c_bool,
    _c.WND_TYPE_INT: _ctypes.c_int64,
    _c.WND_TYPE_DOUBLE: _ctypes.c_double,
    _c.WND_TYPE_STRING: _ctypes.c_char_p,
}
_TYPE_NAMES = {_c.WND_TYPE_BOOL: "bool", _c.WND_TYPE_INT: "int", _c.WND_TYPE_DOUBLE: "double",
               _c.WND_TYPE_STRING: "string"}
_FORMATS = {"auto": _c.WND_FORMAT_AUTO, "json": _c.WND_FORMAT_JSON, "yaml": _c.WND_FORMAT_YAML}
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_DATE = _dt.date(1970, 1, 1)
#: The catalog zone when none is known (China Standard Time).
DEFAULT_TZ = _dt.timezone(_dt.timedelta(hours=8))
_INT64 = (-(1 << 63), (1 << 63) - 1)


# ---- errors ----------------------------------------------------------------

class Error(Exception):
    """Base class of every error raised by this package.

    ``status`` is the C status code (``window.capi.WND_E*``), or None.
    """

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.status = status


class CatalogError(Error):
    """A catalog failed to load (or reload).

    ``diagnostics`` holds every problem found, errors and warnings, as
    :class:`Diagnostic` objects; ``errors`` only those of severity error.
    """

    def __init__(self, message: str, diagnostics: Sequence["Diagnostic"] = (),
                 status: Optional[int] = None, path: Optional[str] = None):
        self.diagnostics = list(diagnostics)
        self.path = path
        text = message
        errs = [d for d in self.diagnostics if d.severity == "error"]
        if errs:
            text += "\n" + "\n".join(str(d) for d in errs)
        super().__init__(text, status)
        self.message = message

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == "error"]

    def _first(self) -> Optional["Diagnostic"]:
        errs = self.errors
        return errs[0] if errs else None

    @property
    def file(self) -> Optional[str]:
        """File of the first error (None without diagnostics)."""
        d = self._first()
        return d.file if d else None

    @property
    def line(self) -> Optional[int]:
        """Line of the first error (1-based; 0: the whole file)."""
        d = self._first()
        return d.line if d else None

    @property
    def column(self) -> Optional[int]:
        """Column of the first error (1-based, code points)."""
        d = self._first()
        return d.column if d else None

    @property
    def code(self) -> Optional[str]:
        """Stable code of the first error, e.g. "unknown-key"."""
        d = self._first()
        return d.code if d else None


class NotFound(Error, LookupError):
    """No item or bundle with that code in the catalog."""

    def __init__(self, message: str, code: Optional[str] = None):
        super().__init__(message, _c.WND_ENOTFOUND)
        self.code = code


_LINECOL = _re.compile(r"^line (\d+), column (\d+): (.*)$", _re.S)


class SubmissionError(Error, ValueError):
    """A submission (or e-license map) could not be parsed or built.

    ``line`` and ``column`` (1-based; None when unknown) locate the problem
    in the text; ``reason`` is the message without them.
    """

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message, status)
        m = _LINECOL.match(message)
        self.line = int(m.group(1)) if m else None
        self.column = int(m.group(2)) if m else None
        self.reason = m.group(3) if m else message


class EvaluationError(Error):
    """The evaluation itself failed (out of memory, API misuse)."""


class ExprError(Error, ValueError):
    """window.expr(): a parse, type or evaluation error.

    ``problems`` is a list of (line, column, severity, code, message); the
    first error's position is also in ``line``/``column``/``code``/``reason``
    (``code`` is None for an evaluation failure; ``status`` tells them
    apart: WND_EINVALID for compile errors, WND_EEVAL for evaluation).
    """

    def __init__(self, problems: Sequence[tuple[Any, ...]], status: Optional[int] = None):
        self.problems = [tuple(p) for p in problems]
        first = next((p for p in self.problems if p[2] == "error"), self.problems[0])
        self.line, self.column, _, code, self.reason = first
        #: stable code of a compile error ("expr-syntax", ...); None for an
        #: evaluation failure (division by zero, no such key, ...)
        self.code = code or None
        text = "; ".join(
            (f"{p[0]}:{p[1]}: {p[4]}" if p[0] else p[4]) + (f" [{p[3]}]" if p[3] else "")
            for p in self.problems if p[2] == "error") or first[4]
        super().__init__(text, status)


def _raise_status(st: int, message: str = "") -> None:
    text = message or _c.wnd_errstr(st)
    if st == _c.WND_ENOMEM:
        raise MemoryError(text)
    if st == _c.WND_ENOTFOUND:
        raise NotFound(text)
    raise Error(text, st)


# ---- plain data ------------------------------------------------------------

@_dataclass(frozen=True)
class Diagnostic:
    """One problem found in a catalog (file:line:column, 1-based; 0 = whole file)."""

    file: str
    line: int
    column: int
    severity: str   # "error" | "warning" | "info"
    code: str       # stable code, e.g. "unknown-key"
    message: str    # English

    def __str__(self) -> str:
        where = self.file or ""
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


@_dataclass(frozen=True)
class Finding:
    """One finding of a result (SPEC §4.3)."""

    code: str                  # "material_missing", ...
    severity: str              # "error" | "warning" | "info"
    subject: Optional[str]     # material id, field path, condition id, "routing:N" or None
    message: str               # Chinese text for the applicant or clerk
    tolerated: bool            # a 容缺 gap
    due: Optional[str]         # "YYYY-MM-DD" for gaps
    rule: Optional[str]        # "items/x.yaml:41:5" as in the JSON, or None
    rule_file: Optional[str] = None
    rule_line: int = 0
    rule_column: int = 0
    #: ``due`` as an aware datetime: the end of that day (23:59:59.999999)
    #: in the catalog's time zone, or None
    due_at: Optional[_dt.datetime] = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as in the result JSON."""
        return {"code": self.code, "severity": self.severity, "subject": self.subject,
                "message": self.message, "tolerated": self.tolerated, "due": self.due,
                "rule": self.rule}


@_dataclass(frozen=True)
class TestOutcome:
    """One rule test (``tests:`` of an item or bundle)."""

    __test__ = False  # not a pytest test class

    target: str
    name: str
    file: str
    line: int
    column: int
    passed: bool
    message: str


@_dataclass(frozen=True)
class TestReport:
    """What Catalog.run_tests() found."""

    __test__ = False

    passed: int
    failed: int
    outcomes: tuple[TestOutcome, ...]

    @property
    def ok(self) -> bool:
        """True when no test failed."""
        return self.failed == 0


def _diag_list(dptr: Any) -> list[Diagnostic]:
    if dptr is None:
        return []
    try:
        out = []
        for i in range(_c.wnd_diags_count(dptr)):
            d = _c.wnd_diags_get(dptr, i)
            out.append(Diagnostic(d.file or "", int(d.line), int(d.column),
                                  _SEVERITY.get(d.severity, "error"), d.code or "",
                                  d.message or ""))
        return out
    finally:
        _c.wnd_diags_free(dptr)


# ---- time ------------------------------------------------------------------

def _tz_of(offset_seconds: int) -> _dt.timezone:
    return _dt.timezone(_dt.timedelta(seconds=offset_seconds))


def _parse_instant(text: str, tz: _dt.tzinfo) -> _dt.datetime:
    s = text.strip()
    if len(s) >= 11 and s[10] in "tT ":
        s = s[:10] + "T" + s[11:]
    if s.endswith(("z", "Z")):
        s = s[:-1] + "+00:00"
    try:
        dt = _dt.datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(f"not an RFC 3339 time: {text!r} "
                         "(e.g. 2026-11-20T10:00:00+08:00)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt


def _deadline_time(text: Optional[str], tz: _dt.tzinfo) -> Optional[_dt.datetime]:
    """A deadline or due date of the result JSON as an aware datetime: a day
    is its last instant in tz (a 补正 or 容缺 deadline is met on that day)."""
    if text is None:
        return None
    if len(text) == 10:
        d = _dt.date.fromisoformat(text)
        return _dt.datetime(d.year, d.month, d.day, 23, 59, 59, 999999, tzinfo=tz)
    return _parse_instant(text, tz)


def _unix_seconds(now: Any, tz: Callable[[], _dt.tzinfo]) -> int:
    """now (datetime, RFC 3339 str or Unix seconds) -> whole Unix seconds.

    ``tz()`` gives the zone of naive datetimes and offset-less strings."""
    if isinstance(now, str):
        s = now.strip()
        dt = _parse_instant(s, _dt.timezone.utc)
        if _re.search(r"([zZ]|[+-]\d\d:?\d\d)$", s) is None:
            dt = dt.replace(tzinfo=tz())
        now = dt
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None or now.tzinfo.utcoffset(now) is None:
            now = now.replace(tzinfo=tz())
        return (now - _EPOCH) // _dt.timedelta(seconds=1)
    if isinstance(now, _dt.date):
        return _unix_seconds(_dt.datetime(now.year, now.month, now.day), tz)
    if isinstance(now, (int, float)) and not isinstance(now, bool):
        return int(now // 1)
    raise TypeError("now must be a datetime, an RFC 3339 string or Unix seconds, "
                    f"not {type(now).__name__}")


def _json_default(o: Any) -> Any:
    if isinstance(o, _dt.datetime):
        return o.isoformat()   # naive: no offset, i.e. the catalog zone (SPEC §4.1)
    if isinstance(o, (_dt.date, _dt.time)):
        return o.isoformat()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    if isinstance(o, _os.PathLike):
        return _os.fspath(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def to_json_text(obj: Any) -> str:
    """The JSON text a dict submission is serialised to (UTF-8, no ASCII escapes).

    datetimes and dates become ISO 8601 strings; a naive datetime has no
    offset, so the library reads it in the catalog's time zone.
    """
    return _json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_json_default)


# ---- environment -----------------------------------------------------------

class Env:
    """What the host decides once: limits, host functions, plugin directories.

    Set it up (register functions, allow plugin directories), then load
    catalogs with ``Catalog.load(dir, env=env)``; every catalog, engine
    and submission keeps its Env alive.  Registering after catalogs are
    loaded only affects catalogs loaded later.

    ``limits`` maps wnd_limits field names to values, e.g.
    ``{"max_submission_bytes": 65536, "max_eval_cost": 100000}``.
    """

    def __init__(self, *, limits: Optional[Mapping[str, int]] = None,
                 plugin_dirs: Iterable[Union[str, _os.PathLike[str]]] = ()):
        self._limits = dict(limits or {})
        self._ptr = None
        # Registration changes the env's function registry, which loading
        # reads: the two never overlap.  Parsing and evaluating need no lock
        # (the library keeps each thread's last error apart).
        self._lock = _threading.RLock()
        self._callbacks: list[Any] = []
        self._functions: dict[str, tuple[tuple[str, ...], str]] = {}
        # Every catalog, engine, submission and e-license map holds its own
        # reference on the C env (the library counts them), so the env is
        # freed after the last of them, whatever order Python finalizes in.
        self._ptr = self._new_env()
        for d in plugin_dirs:
            self.allow_plugin_dir(d)

    def _new_env(self) -> Any:
        opts = _c.wnd_env_options()
        opts.version = _c.WND_ENV_OPTIONS_VERSION
        lim = None
        if self._limits:
            lim = _c.wnd_limits()
            lim.version = _c.WND_LIMITS_VERSION
            for k, v in self._limits.items():
                if k == "version" or not hasattr(lim, k):
                    raise ValueError(f"unknown limit {k!r}")
                setattr(lim, k, int(v))
            opts.limits = lim
        st, ptr = _c.wnd_env_new(opts)
        if st != _c.WND_OK:
            _raise_status(st)
        return ptr

    def __del__(self, _free: Any = _c.wnd_env_free) -> None:
        ptr = self.__dict__.get("_ptr")
        if ptr is not None:
            self._ptr = None
            _free(ptr)  # drops this Env's reference; objects keep their own

    @property
    def limits(self) -> dict[str, int]:
        """The limits given (wnd_limits field name -> value)."""
        return dict(self._limits)

    @property
    def functions(self) -> dict[str, tuple[tuple[str, ...], str]]:
        """name -> (params, returns) of the functions registered from Python."""
        return dict(self._functions)

    def allow_plugin_dir(self, path: Union[str, _os.PathLike[str]]) -> None:
        """Allow functions.yaml ``library:`` plugins from this directory."""
        with self._lock:
            st = _c.wnd_env_allow_plugin_dir(self._ptr, _os.fspath(path))
            if st != _c.WND_OK:
                _raise_status(st, _c.wnd_env_errmsg(self._ptr))

    def register(self, name: str, fn: Callable[..., Any], params: Sequence[Any] = (),
                 returns: Any = "bool") -> None:
        """Register a Python callable as host function ``name``.

        ``params`` and ``returns`` use the functions.yaml type names
        ("bool", "int", "double", "string"; Python's bool, int, float and
        str work too).  A catalog binds a functions.yaml declaration only
        when the types are equal.  The callable receives str/int/float/bool
        arguments and must return a value of the declared type; anything
        it raises (or a wrong return type) makes the expression evaluate
        to an error carrying the exception text: a ``require`` becomes
        ``condition_undetermined`` — never a crash.

        The callable runs on the evaluating thread, holding the GIL.  It
        is kept alive as long as this Env.
        """
        if not callable(fn):
            raise TypeError("fn must be callable")
        try:
            ptypes = [_TYPES[p] for p in params]
            rtype = _TYPES[returns]
        except (KeyError, TypeError):
            raise ValueError("types are 'bool', 'int', 'double' or 'string'") from None
        if rtype == _c.WND_TYPE_STRING:
            raise ValueError("a host function returns bool, int or double")
        cb = _ctypes.CFUNCTYPE(_CTYPES[rtype], *[_CTYPES[t] for t in ptypes])(
            _host_trampoline(name, fn, ptypes, rtype))
        addr = _ctypes.cast(cb, _ctypes.c_void_p).value
        code = "".join(str(t) for t in ptypes)
        with self._lock:
            st = _c.wndpy_env_register(self._ptr, name, addr, rtype, code)
            if st != _c.WND_OK:
                msg = _c.wnd_env_errmsg(self._ptr) or _c.wnd_errstr(st)
                if st == _c.WND_ENOMEM:
                    raise MemoryError(msg)
                raise ValueError(msg)
            self._callbacks.append(cb)
            self._functions[name] = (tuple(_TYPE_NAMES[t] for t in ptypes), _TYPE_NAMES[rtype])

    def function(self, name: str, params: Sequence[Any] = (),
                 returns: Any = "bool") -> Callable[[_F], _F]:
        """Decorator form of :meth:`register`::

            @env.function("credit.dishonest", params=["string"], returns="bool")
            def dishonest(code): ...
        """
        def deco(fn: _F) -> _F:
            self.register(name, fn, params, returns)
            return fn
        return deco

    def _live(self) -> Any:
        if self._ptr is None:
            raise Error("this Env is finalized", _c.WND_EINVAL)
        return self._ptr

    # -- parsing (submissions, e-licenses) --

    def _parse_submission(self, text: Union[str, bytes], fmt: int) -> "Submission":
        st, ptr = _c.wnd_submission_parse(self._live(), text, fmt)
        msg = _c.wnd_env_errmsg(self._ptr) if st != _c.WND_OK else ""
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError(msg or "out of memory")
            raise SubmissionError(msg or _c.wnd_errstr(st), st)
        return Submission._wrap(ptr, self)

    def _parse_elicenses(self, text: Union[str, bytes]) -> "Elicenses":
        st, ptr = _c.wnd_elicenses_parse(self._live(), text)
        msg = _c.wnd_env_errmsg(self._ptr) if st != _c.WND_OK else ""
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError(msg or "out of memory")
            raise SubmissionError(msg or _c.wnd_errstr(st), st)
        return Elicenses._wrap(ptr, self)


def _host_trampoline(name: str, fn: Callable[..., Any], ptypes: list[int],
                     rtype: int) -> Callable[..., Any]:
    """The Python side of a host call: convert, call, check, report failures."""
    strings = [i for i, t in enumerate(ptypes) if t == _c.WND_TYPE_STRING]
    zero = {_c.WND_TYPE_BOOL: False, _c.WND_TYPE_INT: 0, _c.WND_TYPE_DOUBLE: 0.0}[rtype]
    fail = _c.wnd_host_fail

    def call(*cargs: Any) -> Any:
        try:
            args = list(cargs)
            for i in strings:
                b = args[i]
                args[i] = b.decode("utf-8") if b is not None else ""
            r = fn(*args)
            if rtype == _c.WND_TYPE_BOOL:
                if not isinstance(r, bool):
                    raise TypeError(f"returned {type(r).__name__}, declared bool")
            elif rtype == _c.WND_TYPE_INT:
                if isinstance(r, bool) or not isinstance(r, int):
                    raise TypeError(f"returned {type(r).__name__}, declared int")
                if not _INT64[0] <= r <= _INT64[1]:
                    raise OverflowError("returned an int outside int64")
            else:
                if isinstance(r, bool) or not isinstance(r, (int, float)):
                    raise TypeError(f"returned {type(r).__name__}, declared double")
                r = float(r)
            return r
        except BaseException as e:  # noqa: BLE001 — never let it reach C
            try:
                text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                fail(text)
            except BaseException:  # noqa: BLE001
                fail("the Python host function raised")
            return zero

    call.__name__ = f"host_{name.replace('.', '_')}"
    return call


# ---- submissions and e-licenses ---------------------------------------------

class _EnvOwned:
    """A C object made through an Env (submission, e-licenses, catalog,
    engine), freed with its own *_free.  The C object holds a reference on
    the C environment, so it keeps working whatever order Python finalizes
    objects in (the Env's own finalizer may come first)."""

    __slots__ = ()
    _free: Any = None  # each subclass: staticmethod(<its C free function>)
    _ptr: Any
    _env: "Env"

    def __del__(self) -> None:
        p = getattr(self, "_ptr", None)
        if p is not None:
            self._ptr = None
            type(self)._free(p)

    def close(self) -> None:
        """Free the C object now instead of when Python collects it.  Using
        the object afterwards raises :class:`Error`; results made before stay
        valid (they do not reference it).  No other thread may be using it."""
        self.__del__()

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Submission(_EnvOwned):
    """A parsed or built submission (SPEC §4.1), reusable across evaluations.

    Usually you pass a dict or text straight to ``evaluate``; build one
    explicitly to evaluate it many times without parsing again::

        sub = window.Submission.parse(text)            # JSON or YAML
        sub = window.Submission.from_dict({...})       # json.dumps + parse
        sub = window.Submission()                      # empty, then setters
        sub.set("applicant.kind", "organization")
        sub.add_material("application_form", "original", 1)
    """

    __slots__ = ("_ptr", "_env", "__weakref__")

    def __init__(self, env: Optional[Env] = None):
        env = env or _default_env()
        self._ptr = None
        st, ptr = _c.wnd_submission_new(env._live())
        if st != _c.WND_OK:
            _raise_status(st)
        self._adopt(ptr, env)

    def _adopt(self, ptr: Any, env: Env) -> None:
        self._env = env
        self._ptr = ptr

    @classmethod
    def _wrap(cls, ptr: Any, env: Env) -> "Submission":
        self = cls.__new__(cls)
        self._adopt(ptr, env)
        return self

    _free = staticmethod(_c.wnd_submission_free)

    @classmethod
    def parse(cls, text: Union[str, bytes], env: Optional[Env] = None,
              format: str = "auto") -> "Submission":
        """Parse JSON or YAML text ("auto": JSON when it starts with '{')."""
        if format not in _FORMATS:
            raise ValueError("format is 'auto', 'json' or 'yaml'")
        return (env or _default_env())._parse_submission(text, _FORMATS[format])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], env: Optional[Env] = None) -> "Submission":
        """Serialise a dict to JSON (see to_json_text) and parse it."""
        try:
            text = to_json_text(data)
        except (TypeError, ValueError) as e:
            raise SubmissionError(f"the submission cannot be serialised to JSON: {e}") from None
        return (env or _default_env())._parse_submission(text, _c.WND_FORMAT_JSON)

    @classmethod
    def load(cls, path: Union[str, _os.PathLike[str]], env: Optional[Env] = None) -> "Submission":
        """Read and parse a JSON or YAML file."""
        with open(path, "rb") as f:
            return cls.parse(f.read(), env)

    def get(self, path: str) -> Optional[str]:
        """The string at a dotted path ("item", "applicant.kind"), or None
        when absent or not a string."""
        v: Optional[str] = _c.wnd_submission_get_string(self._ptr, path)
        return v

    def _check(self, st: int) -> None:
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError("out of memory")
            raise SubmissionError(_c.wnd_errstr(st), st)

    def set(self, path: str, value: Any) -> "Submission":
        """Set a value at a dotted path ("data.area_m2"), creating maps on the way."""
        p = self._ptr
        if value is None:
            st = _c.wnd_submission_set_null(p, path)
        elif isinstance(value, bool):
            st = _c.wnd_submission_set_bool(p, path, value)
        elif isinstance(value, int):
            if not _INT64[0] <= value <= _INT64[1]:
                raise SubmissionError(f"{path}: integer out of range")
            st = _c.wnd_submission_set_int(p, path, value)
        elif isinstance(value, float):
            st = _c.wnd_submission_set_double(p, path, value)
        elif isinstance(value, str):
            st = _c.wnd_submission_set_string(p, path, value)
        elif isinstance(value, (_dt.datetime, _dt.date)):
            st = _c.wnd_submission_set_string(p, path, value.isoformat())
        else:
            try:
                text = to_json_text(value)
            except (TypeError, ValueError) as e:
                raise SubmissionError(f"{path}: {e}") from None
            st = _c.wnd_submission_set_json(p, path, text)
        self._check(st)
        return self

    def add_material(self, id: str, form: Optional[str] = None, copies: int = 1) -> "Submission":
        """materials.<id> = {form (default "original"), copies}."""
        self._check(_c.wnd_submission_add_material(self._ptr, id, form, copies))
        return self


class Elicenses(_EnvOwned):
    """E-licenses standing in for the host's elicense.available (holder id ->
    list of license types), as ``window eval --elicense``."""

    __slots__ = ("_ptr", "_env")

    @classmethod
    def _wrap(cls, ptr: Any, env: Env) -> "Elicenses":
        self = cls.__new__(cls)
        self._env = env
        self._ptr = ptr
        return self

    @classmethod
    def parse(cls, data: Union[str, bytes, Mapping[str, Any]],
              env: Optional[Env] = None) -> "Elicenses":
        """A dict (holder id -> license types), or its JSON or YAML text."""
        env = env or _default_env()
        if isinstance(data, Mapping):
            data = to_json_text(data)
        return env._parse_elicenses(data)

    _free = staticmethod(_c.wnd_elicenses_free)


_default_env_obj: Optional[Env] = None
_default_env_lock = _threading.Lock()


def _default_env() -> Env:
    """A shared Env without host functions, for standalone submissions."""
    global _default_env_obj
    with _default_env_lock:
        if _default_env_obj is None:
            _default_env_obj = Env()
        return _default_env_obj


def _as_submission(env: Env, submission: Any) -> Submission:
    if isinstance(submission, Submission):
        return submission
    if isinstance(submission, Mapping):
        return Submission.from_dict(submission, env)
    if isinstance(submission, (str, bytes)):
        return env._parse_submission(submission, _c.WND_FORMAT_AUTO)
    if isinstance(submission, _os.PathLike):
        return Submission.load(submission, env)
    raise TypeError("a submission is a dict, JSON/YAML text, a path or a window.Submission, "
                    f"not {type(submission).__name__}")


def _as_elicenses(env: Env, elicenses: Any) -> Optional[Elicenses]:
    if elicenses is None or isinstance(elicenses, Elicenses):
        return elicenses
    if isinstance(elicenses, (Mapping, str, bytes)):
        return Elicenses.parse(elicenses, env)
    if isinstance(elicenses, _os.PathLike):
        with open(elicenses, "rb") as f:
            return Elicenses.parse(f.read(), env)
    raise TypeError("elicenses is a dict (holder id -> license types), text or a path")


# ---- results ---------------------------------------------------------------

class _ResultBase:
    __slots__ = ("_ptr", "_owner", "_json", "__weakref__")

    def __init__(self, ptr: Any, owner: Optional["_ResultBase"] = None) -> None:
        self._ptr = ptr
        self._owner = owner           # the bundle result owning an item result
        self._json = None

    def __del__(self, _free: Any = _c.wnd_result_free) -> None:
        p = getattr(self, "_ptr", None)
        if p is not None and getattr(self, "_owner", None) is None:
            self._ptr = None
            _free(p)

    @property
    def decision(self) -> str:
        """"accepted", "accepted_with_gaps", "incomplete" or "rejected"."""
        return _str(_c.wnd_decision_name(_c.wnd_result_decision(self._ptr)))

    @property
    def accepted(self) -> bool:
        """True for accepted and accepted_with_gaps (受理)."""
        return self.decision in (ACCEPTED, ACCEPTED_WITH_GAPS)

    @property
    def timezone(self) -> _dt.tzinfo:
        """The catalog's zone, read from the decision record's received_at
        (an item result inside a bundle uses the bundle's record)."""
        owner = self._owner if self._owner is not None else self
        rec = _c.wnd_result_record(owner._ptr, "received_at")
        if rec:
            tz = _parse_instant(rec, DEFAULT_TZ).tzinfo
            if tz is not None:
                return tz
        return DEFAULT_TZ

    @property
    def deadline_times(self) -> dict[str, Optional[_dt.datetime]]:
        """``deadlines`` as aware datetimes: a date-only deadline
        ("YYYY-MM-DD") is the end of that day (23:59:59.999999) in the
        catalog's zone, an instant keeps its offset; None stays None."""
        tz = self.timezone
        return {k: _deadline_time(v, tz) for k, v in self.deadlines.items()}

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in the library's order, as :class:`Finding`."""
        p = self._ptr
        tz = self.timezone
        out = []
        for i in range(_c.wnd_result_finding_count(p)):
            f = _c.wnd_result_finding(p, i)
            rf = f.rule_file
            out.append(Finding(
                f.code, _SEVERITY.get(f.severity, "error"), f.subject, f.message,
                bool(f.tolerated), f.due,
                f"{rf}:{f.rule_line}:{f.rule_column}" if rf is not None else None,
                rf, int(f.rule_line), int(f.rule_column), _deadline_time(f.due, tz)))
        return out

    @property
    def deadlines(self) -> dict[str, Optional[str]]:
        """Deadline name -> "YYYY-MM-DD" or RFC 3339 instant, as in the JSON:
        a deadline the calendars cannot reach is None (with a
        calendar_exhausted warning); absent deadlines are left out."""
        p = self._ptr
        exhausted = {f.subject for f in self.findings if f.code == "calendar_exhausted"}
        out = {}
        for k in _DEADLINES:
            v = _c.wnd_result_deadline(p, k)
            if v is not None or k in exhausted:
                out[k] = v
        return out

    @property
    def record(self) -> Optional[dict[str, Optional[str]]]:
        """The decision record (全程电子监察, SPEC §4.5): catalog_digest,
        submission_digest, engine and received_at; None for the item results
        inside a bundle (the bundle carries the record)."""
        p = self._ptr
        if _c.wnd_result_record(p, "engine") is None:
            return None
        return {k: _c.wnd_result_record(p, k) for k in _RECORD_KEYS}

    def to_json(self) -> str:
        """The result JSON of SPEC §4.3 exactly as the C library renders it
        (wnd_result_json; `window eval` prints the same text)."""
        # wnd_result_json renders once and is thread-safe; two threads
        # racing here both store the same text, so no lock is needed (and
        # none is allocated per result: batches make many results).
        j = self._json
        if j is None:
            st, j = _c.wnd_result_json(self._ptr)
            if st != _c.WND_OK:
                _raise_status(st)
            self._json = j
        return _str(j)

    def to_dict(self) -> dict[str, Any]:
        """json.loads(self.to_json()) (a fresh dict on every call)."""
        d: dict[str, Any] = _json.loads(self.to_json())
        return d

    def __str__(self) -> str:
        return self.to_json()


class Result(_ResultBase):
    """The result of evaluating one item (SPEC §4.2-4.3).

    Attributes come from the C accessors; ``to_json()`` is the library's
    own JSON, and ``to_dict() == json.loads(to_json())``.
    """

    __slots__ = ()

    @property
    def code(self) -> str:
        """The item's code."""
        return _str(_c.wnd_result_item_code(self._ptr))

    @property
    def name(self) -> str:
        """The item's name."""
        return _str(_c.wnd_result_item_name(self._ptr))

    @property
    def item(self) -> dict[str, str]:
        """``{"code", "name"}`` as in the JSON."""
        return {"code": self.code, "name": self.name}

    @property
    def flow(self) -> str:
        """"none", "on_spot_completion", "on_spot_acceptance" or "receipt"."""
        return _str(_c.wnd_flow_name(_c.wnd_result_flow(self._ptr)))

    @property
    def route(self) -> dict[str, Optional[str]]:
        """department, department_name, section, window, output_window,
        escalated_from (None when null)."""
        p = self._ptr
        return {k: _c.wnd_result_route(p, k) for k in _ROUTE_KEYS}

    @property
    def gaps(self) -> list[Finding]:
        """The tolerated findings (容缺 gaps), each with its due date."""
        return [f for f in self.findings if f.tolerated]

    @property
    def problems(self) -> list[Finding]:
        """Findings of severity error: the one-time notice (一次性告知) for
        incomplete, the reason for rejected, the gaps for accepted_with_gaps."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def decided_by(self) -> str:
        """"window" when the front desk decides within its delegated
        authority, "back_office" when the department decides (SPEC §4.5)."""
        return _str(_c.wnd_decider_name(_c.wnd_result_decided_by(self._ptr)))

    @property
    def documents(self) -> list[str]:
        """Documents to print, e.g. ["gap_notice", "gap_commitment"]."""
        p = self._ptr
        return [_c.wnd_result_document(p, i) for i in range(_c.wnd_result_document_count(p))]

    @property
    def catalog(self) -> dict[str, Any]:
        """{"id", "version"} of the catalog that produced the result."""
        d: dict[str, Any] = self.to_dict()["catalog"]
        return d

    @property
    def trace(self) -> Optional[list[Any]]:
        """The explain trace (evaluate(..., explain=True)), else None."""
        return self.to_dict().get("trace")

    def __repr__(self) -> str:
        return f"<window.Result {self.code} {self.decision} flow={self.flow}>"


class BundleResult(_ResultBase):
    """The result of a bundle (一件事一次办): per-item results and the
    deduplicated materials to supply."""

    __slots__ = ()

    @property
    def id(self) -> str:
        """The bundle's id."""
        return _str(_c.wnd_result_item_code(self._ptr))

    @property
    def code(self) -> str:
        """The bundle's id (as ``id``; results and bundle results alike have ``code``)."""
        return self.id

    @property
    def name(self) -> str:
        """The bundle's name."""
        return _str(_c.wnd_result_item_name(self._ptr))

    @property
    def bundle(self) -> dict[str, str]:
        """``{"id", "name"}`` as in the JSON."""
        return {"id": self.id, "name": self.name}

    @property
    def items(self) -> list[Result]:
        """One :class:`Result` per item, in the bundle's order."""
        p = self._ptr
        return [Result(_c.wnd_result_item(p, i), self)
                for i in range(_c.wnd_result_item_count(p))]

    @property
    def to_supply(self) -> list[str]:
        """Material ids missing (or deficient) across the items, first-seen order."""
        p = self._ptr
        return [_c.wnd_result_to_supply(p, i) for i in range(_c.wnd_result_to_supply_count(p))]

    @property
    def all_findings(self) -> list[Finding]:
        """Every item's findings, in order (``findings`` holds the bundle's
        own: bundle_late and calendar warnings, as in the JSON)."""
        return [f for r in self.items for f in r.findings]

    def __repr__(self) -> str:
        return f"<window.BundleResult {self.id} {self.decision} items={len(self.items)}>"


def _wrap_result(ptr: Any) -> Union[Result, BundleResult]:
    if _c.wnd_result_is_bundle(ptr):
        return BundleResult(ptr)
    return Result(ptr)


# ---- evaluation --------------------------------------------------------------

def _eval_options(now: Any, explain: bool, el: Optional[Elicenses],
                  tz: Callable[[], _dt.tzinfo]) -> Any:
    o = _c.wnd_eval_options()
    o.version = _c.WND_EVAL_OPTIONS_VERSION
    if explain:
        o.flags = _c.WND_EVAL_EXPLAIN
    if now is not None:
        o.now_set = True
        o.now_sec = _unix_seconds(now, tz)
    if el is not None:
        o.elicenses = el._ptr
    return o


def _submission_code(code: Optional[str], submission: Any) -> Optional[str]:
    """The code to evaluate; None lets the library read the submission's
    "item" key (text, paths and Submission objects)."""
    if code is not None:
        return code
    if isinstance(submission, Mapping):
        if isinstance(submission.get("item"), str):
            return str(submission["item"])
        raise TypeError("no item code given and the submission (a dict) has no 'item' key")
    return None


def _not_found(code: Optional[str], path: str) -> NotFound:
    if code is None:
        return NotFound(f"no item code given and the submission has no \"item\" key "
                        f"naming an item or bundle of {path}")
    return NotFound(f"no item or bundle {code!r} in {path}", code)


class Catalog(_EnvOwned):
    """A loaded, checked, compiled catalog (SPEC §2): immutable and safe to
    evaluate from any number of threads at once (the GIL is released while
    the C library works)."""

    __slots__ = ("_ptr", "_env", "_path", "diagnostics", "__weakref__")
    _path: str
    diagnostics: list[Diagnostic]

    def __init__(self) -> None:
        raise TypeError("use window.Catalog.load(dir)")

    @classmethod
    def load(cls, path: Union[str, _os.PathLike[str]], *, env: Optional[Env] = None,
             strict: bool = False, plugin_dirs: Iterable[Union[str, _os.PathLike[str]]] = (),
             today: Optional[_dt.date] = None) -> "Catalog":
        """Load the catalog in directory ``path``.

        Raises :class:`CatalogError` carrying every diagnostic when it has
        errors (with ``strict=True`` warnings count as errors) or cannot
        be read.  On success the warnings are in ``catalog.diagnostics``.
        ``plugin_dirs`` are allowed on ``env`` (a new Env when None);
        ``today`` fixes the date used by lint (calendar coverage).
        """
        env = env or Env()
        for d in plugin_dirs:
            env.allow_plugin_dir(d)
        path = _os.fspath(path)
        opts = _load_options(strict, today)
        with env._lock:
            st, ptr, dptr = _c.wnd_catalog_load(env._live(), path, opts)
        msg = _c.wnd_env_errmsg(env._ptr) if st != _c.WND_OK else ""
        diags = _diag_list(dptr)
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError(msg or "out of memory")
            raise CatalogError(msg or _c.wnd_errstr(st), diags, st, path)
        self = cls.__new__(cls)
        self._ptr = ptr
        self._env = env
        self._path = path
        self.diagnostics = diags
        return self

    _free = staticmethod(_c.wnd_catalog_free)

    # -- identity --

    @property
    def env(self) -> Env:
        """The :class:`Env` the catalog was loaded with."""
        return self._env

    @property
    def path(self) -> str:
        """The directory it was loaded from."""
        return self._path

    @property
    def id(self) -> str:
        """catalog.yaml ``id``."""
        return _str(_c.wnd_catalog_id(self._ptr))

    @property
    def name(self) -> str:
        """catalog.yaml ``name`` (the hall's name)."""
        return _str(_c.wnd_catalog_name(self._ptr))

    @property
    def version(self) -> str:
        """catalog.yaml ``version``."""
        return _str(_c.wnd_catalog_version(self._ptr))

    @property
    def timezone(self) -> _dt.timezone:
        """The catalog's zone (catalog.yaml ``timezone``), e.g. UTC+08:00."""
        return _tz_of(_c.wndpy_catalog_utc_offset(self._ptr))

    @property
    def items(self) -> dict[str, str]:
        """Item code -> item name, in catalog order."""
        p = self._ptr
        return {_c.wnd_catalog_item_code(p, i): _c.wnd_catalog_item_name(p, i)
                for i in range(_c.wnd_catalog_item_count(p))}

    @property
    def bundles(self) -> list[str]:
        """Bundle ids, in catalog order."""
        p = self._ptr
        return [_c.wnd_catalog_bundle_id(p, i) for i in range(_c.wnd_catalog_bundle_count(p))]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of a successful load that are not errors."""
        return [d for d in self.diagnostics if d.severity != "error"]

    def __contains__(self, code: str) -> bool:
        return code in self.items or code in self.bundles

    def __repr__(self) -> str:
        return f"<window.Catalog {self.id} {self.version} items={len(self.items)}>"

    # -- evaluation --

    def evaluate(self, code: Optional[str], submission: Any, now: Any = None,
                 explain: bool = False, elicenses: Any = None) -> Union[Result, BundleResult]:
        """Evaluate a submission against the item (or bundle) ``code``.

        ``submission``: a dict (serialised to JSON and parsed, see
        docs/python.md), JSON or YAML text (str or bytes), a path
        (pathlib.Path) or a :class:`Submission`.  With ``code=None`` the
        dict's "item" key names the item.  ``now``: the receipt instant (an
        aware datetime; a naive one or an RFC 3339 string without offset is
        in the catalog's zone); None uses submitted_at, else the clock.
        ``explain`` adds the trace; ``elicenses`` (holder id -> license
        types) stands in for elicense.available.

        Raises NotFound (unknown code), SubmissionError (invalid
        submission, with line and column).
        """
        if self._ptr is None:
            raise Error("this catalog is closed (close(), its with block, or a snapshot's)",
                        _c.WND_EINVAL)
        code = _submission_code(code, submission)
        sub = _as_submission(self._env, submission)
        el = _as_elicenses(self._env, elicenses)
        opts = _eval_options(now, explain, el, lambda: self.timezone)
        st, rptr = _c.wnd_evaluate(self._ptr, code, sub._ptr, opts)
        del sub, el
        if st != _c.WND_OK:
            if st == _c.WND_ENOTFOUND:
                raise _not_found(code, self._path)
            _raise_status(st)
        return _wrap_result(rptr)

    def evaluate_many(self, submissions: Iterable[Any], *, now: Any = None,
                      explain: bool = False, elicenses: Any = None,
                      return_exceptions: bool = False) -> list[Any]:
        """Evaluate a batch: one result per entry, in order.

        An entry is a ``(code, submission)`` pair or a submission naming its
        item (a dict with "item"); a submission is anything ``evaluate``
        takes.  Dicts are serialised to JSON first (holding the GIL); then
        every text is parsed and every entry evaluated with the GIL
        released once for the whole batch, so threads evaluating batches
        run in parallel (bench/py_threads.py).  ``now``, ``explain`` and
        ``elicenses`` apply to every entry.

        A failing entry (unknown code: NotFound; invalid text:
        SubmissionError) raises after the whole batch ran, or, with
        ``return_exceptions=True``, stands in the list as the exception.
        """
        if self._ptr is None:
            raise Error("this catalog is closed (close(), its with block, or a snapshot's)",
                        _c.WND_EINVAL)
        env = self._env
        pairs = []
        keep = []   # the Submission objects, alive until the batch is done
        for entry in submissions:
            if isinstance(entry, tuple) and len(entry) == 2:
                code, sub = entry
            else:
                code, sub = None, entry
            code = _submission_code(code, sub)
            if isinstance(sub, Submission):
                keep.append(sub)
                payload: Any = int(sub._ptr)
            elif isinstance(sub, Mapping):
                try:
                    payload = to_json_text(sub)
                except (TypeError, ValueError) as e:
                    raise SubmissionError(
                        f"the submission cannot be serialised to JSON: {e}") from None
            elif isinstance(sub, (str, bytes)):
                payload = sub
            elif isinstance(sub, _os.PathLike):
                with open(sub, "rb") as f:
                    payload = f.read()
            else:
                raise TypeError("a submission is a dict, JSON/YAML text, a path or a "
                                f"window.Submission, not {type(sub).__name__}")
            pairs.append((code, payload))
        el = _as_elicenses(env, elicenses)
        opts = _eval_options(now, explain, el, lambda: self.timezone)
        raw = _c.wndpy_evaluate_many(self._ptr, env._live(), pairs, opts)
        del keep, el
        # Own every result before raising anything, so none leaks.
        at = _c.wndpy_result_at
        out: list[Any] = [(BundleResult if bundle else Result)(at(addr)) if st == _c.WND_OK else None
                     for st, addr, bundle, _, _, _ in raw]
        for i, (st, _, _, msg, line, col) in enumerate(raw):
            if st == _c.WND_OK:
                continue
            code = pairs[i][0]
            err: Exception
            if st == _c.WND_ENOTFOUND:
                err = _not_found(code, self._path)
            elif st == _c.WND_ENOMEM:
                err = MemoryError(msg or "out of memory")
            elif st == _c.WND_EINVALID:
                err = SubmissionError(msg or _c.wnd_errstr(st), st)
                if err.line is None and line:
                    err.line, err.column = line, col
            else:
                err = Error(msg or _c.wnd_errstr(st), st)
            if not return_exceptions:
                raise err
            out[i] = err
        return out

    def evaluate_bundle(self, bundle_id: str, submission: Any, now: Any = None,
                        explain: bool = False, elicenses: Any = None) -> BundleResult:
        """Evaluate a bundle (一件事一次办).  NotFound unless ``bundle_id`` is a bundle."""
        if bundle_id not in self.bundles:
            raise NotFound(f"no bundle {bundle_id!r} in {self._path}", bundle_id)
        r = self.evaluate(bundle_id, submission, now=now, explain=explain, elicenses=elicenses)
        assert isinstance(r, BundleResult)
        return r

    def run_tests(self) -> TestReport:
        """Run every item's and bundle's ``tests:`` (as ``window test``)."""
        st, passed, failed, outs = _c.wndpy_catalog_test(self._ptr)
        if st != _c.WND_OK:
            _raise_status(st)
        return TestReport(passed, failed, tuple(TestOutcome(*o) for o in outs))


def _load_options(strict: bool, today: Optional[_dt.date]) -> Any:
    o = _c.wnd_load_options()
    o.version = _c.WND_LOAD_OPTIONS_VERSION
    if strict:
        o.flags = _c.WND_LOAD_STRICT
    if today is not None:
        if isinstance(today, _dt.datetime):
            today = today.date()
        o.today_set = True
        o.today = (today - _EPOCH_DATE).days
    return o


class Engine(_EnvOwned):
    """An engine serves one catalog directory and can reload it (SPEC §5).

    Evaluations take a snapshot, so a reload never disturbs evaluations in
    flight; a failed reload raises CatalogError and keeps serving the old
    catalog.
    """

    __slots__ = ("_ptr", "_env", "_path", "diagnostics", "__weakref__")

    def __init__(self, path: Union[str, _os.PathLike[str]], *, env: Optional[Env] = None,
                 strict: bool = False, plugin_dirs: Iterable[Union[str, _os.PathLike[str]]] = (),
                 today: Optional[_dt.date] = None):
        self._ptr = None
        env = env or Env()
        for d in plugin_dirs:
            env.allow_plugin_dir(d)
        self._env = env
        self._path = _os.fspath(path)
        opts = _load_options(strict, today)
        with env._lock:
            st, ptr, dptr = _c.wnd_engine_new(env._live(), self._path, opts)
        msg = _c.wnd_env_errmsg(env._ptr) if st != _c.WND_OK else ""
        self.diagnostics = _diag_list(dptr)
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError(msg or "out of memory")
            raise CatalogError(msg or _c.wnd_errstr(st), self.diagnostics, st, self._path)
        self._ptr = ptr

    _free = staticmethod(_c.wnd_engine_free)

    @property
    def env(self) -> Env:
        """The :class:`Env` the engine loads with."""
        return self._env

    @property
    def path(self) -> str:
        """The catalog directory it serves."""
        return self._path

    @property
    def generation(self) -> int:
        """How many reloads succeeded (wnd_engine_generation): it grows by one
        with every successful reload and never changes on a failed one."""
        return int(_c.wnd_engine_generation(self._live()))

    def reload(self) -> list[Diagnostic]:
        """Load the directory again.  On success the new catalog is live and
        its diagnostics (warnings) are returned; on failure CatalogError is
        raised and the current catalog stays."""
        with self._env._lock:
            st, dptr = _c.wnd_engine_reload(self._live())
        err = _c.wnd_error_last() if st != _c.WND_OK else None
        msg = err.message if err is not None else ""
        diags = _diag_list(dptr)
        if st != _c.WND_OK:
            if st == _c.WND_ENOMEM:
                raise MemoryError(msg or "out of memory")
            raise CatalogError(msg or _c.wnd_errstr(st), diags, st, self._path)
        self.diagnostics = diags
        return diags

    def snapshot(self) -> "_Snapshot":
        """``with engine.snapshot() as cat:`` — the current catalog, held
        (not reloaded away) until the block ends."""
        return _Snapshot(self)

    def _timezone(self) -> _dt.tzinfo:
        with self.snapshot() as cat:
            return cat.timezone

    def _live(self) -> Any:
        if self._ptr is None:
            raise Error("this engine is closed", _c.WND_EINVAL)
        return self._ptr

    def evaluate(self, code: Optional[str], submission: Any, now: Any = None,
                 explain: bool = False, elicenses: Any = None) -> Union[Result, BundleResult]:
        """As Catalog.evaluate, on the current snapshot."""
        self._live()
        code = _submission_code(code, submission)
        sub = _as_submission(self._env, submission)
        el = _as_elicenses(self._env, elicenses)
        opts = _eval_options(now, explain, el, self._timezone)
        st, rptr = _c.wnd_engine_evaluate(self._ptr, code, sub._ptr, opts)
        del sub, el
        if st != _c.WND_OK:
            if st == _c.WND_ENOTFOUND:
                raise _not_found(code, self._path)
            _raise_status(st)
        return _wrap_result(rptr)

    def evaluate_many(self, submissions: Iterable[Any], *, now: Any = None,
                      explain: bool = False, elicenses: Any = None,
                      return_exceptions: bool = False) -> list[Any]:
        """As Catalog.evaluate_many, the whole batch on one snapshot (a
        reload during the batch does not split it; results reference no
        catalog, so they outlive the snapshot)."""
        with self.snapshot() as cat:
            return cat.evaluate_many(submissions, now=now, explain=explain,
                                     elicenses=elicenses,
                                     return_exceptions=return_exceptions)

    def evaluate_bundle(self, bundle_id: str, submission: Any, now: Any = None,
                        explain: bool = False, elicenses: Any = None) -> BundleResult:
        """As Catalog.evaluate_bundle, on the current snapshot."""
        r = self.evaluate(bundle_id, submission, now=now, explain=explain, elicenses=elicenses)
        if not isinstance(r, BundleResult):
            raise NotFound(f"no bundle {bundle_id!r} in {self._path}", bundle_id)
        return r


class _Snapshot:
    __slots__ = ("_engine", "_ptr", "_cat")

    def __init__(self, engine: Engine):
        self._engine = engine
        self._ptr = None
        self._cat = None

    def __enter__(self) -> Catalog:
        self._ptr = _c.wnd_engine_acquire(self._engine._live())
        if self._ptr is None:
            raise Error("the engine has no catalog", _c.WND_EINVAL)
        self._cat = _BorrowedCatalog._make(self._ptr, self._engine)
        return self._cat

    def __exit__(self, *exc: object) -> None:
        p, self._ptr = self._ptr, None
        cat, self._cat = self._cat, None
        if cat is not None:
            cat._ptr = None   # a kept reference can no longer reach the snapshot
        if p is not None:
            _c.wnd_engine_release(self._engine._ptr, p)


class _BorrowedCatalog(Catalog):
    """A snapshot's catalog: valid inside ``with engine.snapshot()`` only."""

    __slots__ = ("_engine",)
    _engine: "Engine"

    @classmethod
    def _make(cls, ptr: Any, engine: Engine) -> "_BorrowedCatalog":
        self = cls.__new__(cls)
        self._ptr = ptr
        self._env = engine._env
        self._path = engine._path
        self._engine = engine
        self.diagnostics = list(engine.diagnostics)
        return self

    def __del__(self) -> None:
        self._ptr = None  # released by the snapshot, never freed here

    def close(self) -> None:
        self._ptr = None  # the snapshot's with block releases it


# ---- expressions -------------------------------------------------------------

def _expr_json(o: Any) -> Any:
    """json.dumps hook of window.expr() variables: times as the strings the
    expression reads with timestamp() and duration()."""
    if isinstance(o, _dt.datetime):
        if o.tzinfo is None or o.tzinfo.utcoffset(o) is None:
            o = o.replace(tzinfo=DEFAULT_TZ)
        return o.isoformat()
    if isinstance(o, _dt.date):
        return o.isoformat()
    if isinstance(o, _dt.timedelta):
        us = o // _dt.timedelta(microseconds=1)
        sign, us = ("-" if us < 0 else ""), abs(us)
        frac = f".{us % 1_000_000:06d}".rstrip("0") if us % 1_000_000 else ""
        return f"{sign}{us // 1_000_000}{frac}s"
    raise TypeError(f"{type(o).__name__} is not a JSON value")


def expr(expression: str, /, **vars: Any) -> Any:
    """Evaluate one expression (SPEC §3) as ``window expr`` does and return
    its value decoded from the library's JSON (wnd_expr_eval_json).

    Variables are bound by keyword (type dyn) as JSON: None, bool, int,
    float, str, list/tuple and dict with str keys.  datetime becomes its
    RFC 3339 text (naive = +08:00), date "YYYY-MM-DD" and timedelta "90s":
    read them with ``timestamp(t)`` / ``duration(d)`` in the expression.
    ``now`` given as a datetime (or date) binds the expression's ``now``
    (whole seconds); otherwise ``now`` is the clock.

    The value comes back as JSON decodes it: timestamps are RFC 3339 UTC
    strings ("2026-01-01T00:00:00Z", read them with datetime.fromisoformat),
    durations strings of seconds ("5400s"), map keys str, uint an int, and
    NaN and infinities None.

    Raises :class:`ExprError` on a parse, type or evaluation error.
    """
    if not isinstance(expression, str):
        raise TypeError("the expression must be a str")
    vs = dict(vars)
    now = vs.pop("now", None)
    now_set = False
    now_sec = 0
    if isinstance(now, (_dt.datetime, _dt.date)):
        now_set, now_sec = True, _unix_seconds(now, lambda: DEFAULT_TZ)
    elif now is not None:
        vs["now"] = now
    try:
        text = _json.dumps(vs, ensure_ascii=False, allow_nan=False, default=_expr_json)
    except ValueError as e:
        raise ValueError(f"window.expr: a variable is not a JSON value: {e}") from None
    env = _default_env()
    st, value, problems = _c.wndpy_expr(env._live(), None, expression, list(vs), text,
                                        now_set, now_sec)
    if st == _c.WND_OK:
        return _json.loads(value)
    if st == _c.WND_ENOMEM:
        raise MemoryError("out of memory")
    if not problems:
        problems = [(0, 0, "error", "", _c.wnd_env_errmsg(env._ptr) or _c.wnd_errstr(st))]
    raise ExprError(problems, st)
