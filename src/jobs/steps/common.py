"""Helpers of the pipeline step programs (standard library only), prepended to each at synth.
Endpoints: METADATA_URL, TPU_API, DATAPROC_API, STORAGE_API. STEP_POLL_SCALE (tests) scales sleeps;
the step clock (now) counts a sleep at its nominal length."""
import datetime, http.client, json, os, re, signal, sys, time, urllib.error, urllib.parse, urllib.request

METADATA, TPU, DATAPROC, STORAGE = ((os.environ.get(k) or v).rstrip("/") for k, v in (
    ("METADATA_URL", "http://metadata.google.internal/computeMetadata/v1"), ("TPU_API", "https://tpu.googleapis.com/v2"),
    ("DATAPROC_API", "https://dataproc.googleapis.com/v1"), ("STORAGE_API", "https://storage.googleapis.com")))
RETRY, TRIES = (500, 502, 503, 504), 5
try:
    SCALE = max(0.0, float(os.environ.get("STEP_POLL_SCALE") or 1))
except ValueError:
    SCALE = 1.0


class Fail(Exception):
    """A failure: one `error: ` line, exit 1."""


class Stop(BaseException):
    """SIGTERM (Vertex cancels a run so)."""


def esc(text):
    """The text on one line: unprintable characters escaped."""
    return "".join(c if c.isprintable() else "\\x%02x" % ord(c) if ord(c) < 256 else "\\u%04x" % ord(c) for c in str(text))


def log(text):
    print(esc(text), flush=True)


def why(e):
    return str(e) if isinstance(e, (Fail, Stop)) else "unexpected %s: %s" % (type(e).__name__, e)


_skew = [0.0]


def now():
    return time.monotonic() + _skew[0]


def sleep(seconds):
    time.sleep(seconds * SCALE)
    _skew[0] += seconds * (1 - SCALE)


def flags(argv, required, optional):
    """--name=value flags: all `required`, any `optional` (name: default)."""
    got, seen = dict(optional), set()
    for arg in argv:
        m = re.fullmatch(r"--([a-z0-9-]+)=(.*)", arg, re.S)
        if not m:
            raise Fail("bad argument %r: flags are --name=value" % arg)
        k = m.group(1)
        if k in seen or k not in required and k not in optional:
            raise Fail("%s flag --%s" % ("repeated" if k in seen else "unknown", k))
        seen.add(k)
        got[k] = m.group(2)
    missing = ", ".join("--" + k for k in required if k not in seen)
    if missing:
        raise Fail("missing flag(s): " + missing)
    return got


def num(a, k, low=0):
    """An integer flag >= low (KFP may render 12 as 12.0)."""
    try:
        v = float(a[k])
        if v.is_integer() and v >= low:
            return int(v)
    except ValueError:
        pass
    raise Fail("--%s must be an integer >= %d, not %r" % (k, low, a[k]))


def jload(raw, what):
    try:
        return json.loads(raw)
    except ValueError as e:
        raise Fail("%s is not JSON (%s)" % (what, e))


def jflag(a, k):
    v = jload(a[k], "--" + k)
    if not isinstance(v, dict):
        raise Fail("--%s must be a JSON object" % k)
    return v


def ident(a, k, pattern=r"[a-z0-9][a-z0-9.:-]{0,62}"):
    if not re.fullmatch(pattern, a[k]):
        raise Fail("--%s=%r is not valid" % (k, a[k]))
    return a[k]


def run_id(a):
    """A job UUID becomes run-<16 hex>: node names start with a letter; pre-<id> is a batch id."""
    u = re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", a["run-id"])
    a["run-id"] = "run-" + a["run-id"].replace("-", "")[:16] if u else a["run-id"]
    return ident(a, "run-id", r"[a-z](?:[a-z0-9-]{0,57}[a-z0-9])?")


def gs(uri, k):
    m = re.fullmatch(r"gs://([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(/.*)?", uri, re.S)
    if not m:
        raise Fail("--%s must be a gs://bucket/... URI, not %r" % (k, uri))
    return m.group(1), (m.group(2) or "").strip("/")


def q(text):
    return urllib.parse.quote(text, safe="")


def output(a, k, value):
    """KFP output parameter k to the --output-<k>-file path."""
    path = a.get("output-%s-file" % k)
    if path:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(value if isinstance(value, str) else json.dumps(value, sort_keys=True))


def api_error(status, raw):
    try:
        e = json.loads(raw)["error"]
        return " ".join(filter(None, ("HTTP %d" % status, e.get("status")))) + ": " + str(e.get("message"))
    except Exception:
        return "HTTP %d: %s" % (status, raw[:300].decode("utf-8", "replace").strip())


_token = {}


def token():
    if _token.get("until", 0) < time.monotonic():
        w = "metadata server token"
        body = jload(call("GET", METADATA + "/instance/service-accounts/default/token", what=w, auth=False)[1], w)
        if not isinstance(body, dict) or not body.get("access_token"):
            raise Fail(w + ": no access_token")
        _token.update(t=body["access_token"], until=time.monotonic() + int(body.get("expires_in") or 60) - 30)
    return _token["t"]


def call(method, url, body=None, what="request", ok=(), data=None, auth=True):
    """(status, raw body), retrying 5xx, 429 (not on POST) and lost connections; other errors not in ok fail."""
    if body is not None:
        data = json.dumps(body).encode()
    retry = RETRY if method == "POST" else RETRY + (429,)
    for n in range(TRIES):
        h = {"Authorization": "Bearer " + token()} if auth else {"Metadata-Flavor": "Google"}
        if data is not None:
            h["Content-Type"] = "application/json"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data, h, method=method), timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            reason = api_error(e.code, e.read())
            if e.code in ok:
                return e.code, b""
            if e.code not in retry:
                raise Fail("%s failed: %s" % (what, reason))
        except (OSError, http.client.HTTPException) as e:
            reason = "connection failed (%s)" % (getattr(e, "reason", None) or e or type(e).__name__)
        if n == TRIES - 1:
            raise Fail("%s failed after %d tries: %s" % (what, TRIES, reason))
        sleep(2 ** n)


def _term(*_):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stop("stopped by SIGTERM")


def run(main):
    signal.signal(signal.SIGTERM, _term)
    try:
        main(sys.argv[1:])
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except (Exception, Stop) as e:
        sys.stderr.write("error: %s\n" % esc(why(e))[:3000])
        sys.exit(1)
