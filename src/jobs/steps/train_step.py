from common import *  # embedded: common.py is prepended at synth
# train step: training on TPU queued resource <run-id>-a<attempt>, restarted after preemption (at most
# --max-restarts times); worker 0's result-0.json decides. At the end, always, the current request is
# deleted (force) and waited for. --run-timeout-seconds counts from the step's start, waiting included.

WAITING = ("CREATING", "ACCEPTED", "PROVISIONING", "WAITING_FOR_RESOURCES", "STATE_UNSPECIFIED", None)
PREEMPTED, LOST = ("SUSPENDING", "SUSPENDED"), ("PREEMPTED", "TERMINATED")
OUT = {"output-%s-file" % k: None for k in ("result", "request", "wait-seconds", "attempts")}


class Train:
    def __init__(s, argv):
        a = s.a = flags(argv, ("project", "zone", "request-template", "run-id", "data-dir", "results-uri", "max-restarts",
                               "run-timeout-seconds"), dict(OUT, **{"poll-seconds": "60"}))
        s.run, t = run_id(a), jflag(a, "request-template")
        gs(a["data-dir"], "data-dir")
        text = json.dumps(t).replace("__RUN_ID__", s.run).replace("__DATA_DIR__", json.dumps(a["data-dir"])[1:-1])
        s.template, specs = json.loads(text), t.get("tpu", {}).get("nodeSpec") if isinstance(t.get("tpu"), dict) else 0
        if not isinstance(specs, list) or not specs or not all(isinstance(x, dict) for x in specs):
            raise Fail("--request-template has no tpu.nodeSpec list")
        bucket, prefix = gs(a["results-uri"], "results-uri")
        name = "/".join(x for x in (prefix, s.run, "result-0.json") if x)
        s.result_url = "%s/storage/v1/b/%s/o/%s?alt=media" % (STORAGE, bucket, q(name))
        s.result_uri = "gs://%s/%s" % (bucket, name)
        s.budget, s.limit, s.poll = num(a, "max-restarts"), num(a, "run-timeout-seconds", 1), num(a, "poll-seconds")
        s.parent = "projects/%s/locations/%s" % (ident(a, "project"), ident(a, "zone"))
        s.base = "%s/%s/queuedResources" % (TPU, s.parent)
        s.n, s.wait, s.cur, s.start = 0, 0.0, None, now()

    def request(s):
        r = json.loads(json.dumps(s.template))
        for spec in r["tpu"]["nodeSpec"]:
            multi = spec.get("multisliceParams")
            if s.n > 1 and "nodeId" in spec:
                spec["nodeId"] += "-a%d" % s.n
            if s.n > 1 and isinstance(multi, dict) and "nodeIdPrefix" in multi:
                multi["nodeIdPrefix"] += "-a%d" % s.n
        return r

    def get(s, url, what, ok=(404,)):
        status, raw = call("GET", url, what=what, ok=ok)
        return None if status in ok else jload(raw, what)

    def lost(s):
        """A node of the request is PREEMPTED/TERMINATED (multislice nodes: <prefix>-<i>)."""
        for spec in s.sent["tpu"]["nodeSpec"]:
            multi = spec.get("multisliceParams") or {}
            ids = [spec["nodeId"]] if "nodeId" in spec else [
                "%s-%d" % (multi.get("nodeIdPrefix") or s.cur, i) for i in range(int(multi.get("nodeCount") or 0))]
            for i in ids:
                node = s.get("%s/%s/nodes/%s" % (TPU, spec.get("parent") or s.parent, q(str(i))), "reading TPU node %s" % i)
                if node and node.get("state") in LOST:
                    log("queued resource %s: node %s is %s" % (s.cur, i, node["state"]))
                    return True

    def watch(s):
        """Polls the current request: worker 0's result, or None when preempted."""
        seen, last, up = "", now(), False
        while True:
            if now() - s.start > s.limit:
                raise Fail("run timeout: %ds passed (--run-timeout-seconds=%d), attempt %d" % (now() - s.start, s.limit, s.n))
            qr = s.get("%s/%s" % (s.base, s.cur), "reading queued resource " + s.cur)
            if qr is None:  # deleted outside this run (e.g. the janitor took a stranded one): as preempted
                log("queued resource %s: gone" % s.cur)
                return None
            st = qr.get("state") if isinstance(qr.get("state"), dict) else {}
            state, t = st.get("state"), now()
            if seen in WAITING:
                s.wait += t - last
            last = t
            if state != seen:
                log("queued resource %s: %s" % (s.cur, state))
                seen, up = state, up or state == "ACTIVE"
            if state == "FAILED":
                e = (st.get("failedData") or {}).get("error") or {}
                raise Fail("queued resource %s FAILED%s: %s" % (s.cur, "" if up else " waiting for capacity", e.get("message") or "no message"))
            if state == "ACTIVE" or state in PREEMPTED:
                r = s.get(s.result_url, "reading " + s.result_uri)
                if r is not None:
                    if not isinstance(r, dict) or type(r.get("exitCode")) is not int:
                        raise Fail("%s has no integer exitCode" % s.result_uri)
                    return r
            if state in PREEMPTED or state == "ACTIVE" and s.lost():
                return None
            if state not in WAITING and state != "ACTIVE":
                raise Fail("queued resource %s is %s" % (s.cur, state))
            sleep(s.poll)

    def drop(s):
        """Deletes the current request (force), waits until it is gone; False if none."""
        url, what = "%s/%s" % (s.base, s.cur), "deleting queued resource " + s.cur
        found = call("DELETE", url + "?force=true", what=what, ok=(404,))[0] != 404
        t = now()
        while found and s.get(url, what) is not None:
            if now() - t > 3600:
                raise Fail("queued resource %s still exists an hour after its deletion" % s.cur)
            sleep(min(s.poll, 15))
        log("queued resource %s %s" % (s.cur, "deleted" if found else "not found"))
        s.cur = None
        return found

    def go(s):
        while True:
            s.n += 1
            s.sent, s.cur = s.request(), "%s-a%d" % (s.run, s.n)
            url = "%s?queuedResourceId=%s" % (s.base, s.cur)
            status = call("POST", url, s.sent, "creating queued resource " + s.cur, ok=(409,))[0]
            log("queued resource %s %s" % (s.cur, "exists (a retried task): watching it" if status == 409 else "requested"))
            r = s.watch()
            if r is not None:
                return r
            s.drop()
            if s.n > s.budget:
                raise Fail("preempted %d time(s): restart budget exhausted (--max-restarts=%d)" % (s.n, s.budget))
            log("preempted: restart %d of %d" % (s.n, s.budget))


def main(argv):
    t, err = Train(argv), None
    try:
        r = t.go()
        if r["exitCode"]:
            raise Fail("training command exited with code %d on worker 0 (%s)" % (r["exitCode"], t.result_uri))
    except (Exception, Stop) as e:
        err = e
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the cleanup runs to its end
    cur = t.cur
    if cur:
        try:
            if t.drop() and err:
                err = Fail("%s (queued resource %s deleted)" % (why(err), cur))
        except Exception as e:
            err = Fail("%s; and %s" % (why(err) if err else "run succeeded", why(e)))
    if err:
        raise err
    for k, v in ("result", r), ("request", t.sent), ("wait-seconds", round(t.wait)), ("attempts", t.n):
        output(t.a, k, v)
    log("run %s succeeded: %d attempt(s), %ds waiting for capacity" % (t.run, t.n, round(t.wait)))


if __name__ == "__main__":
    run(main)
