from common import *  # embedded: common.py is prepended at synth
# janitor step: deletes the environment's stranded TPU requests, found by the labels training runs put on
# them (environment, run-id): FAILED and SUSPENDED ones (they hold quota until deleted), and any older
# than --max-age-seconds (no train step lives that long: it deletes its request at its run timeout).
# Records what it deleted under --records-uri and as the `deleted` output. Safe to run again.

GONE = ("FAILED", "SUSPENDED")


def age(created, now):
    """Seconds since an RFC 3339 time (Google writes up to nanoseconds); None if unreadable."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z", str(created))
    if not m:
        return None
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return now - t.timestamp()


def labels_of(qr):
    specs = (qr.get("tpu") or {}).get("nodeSpec") or [{}]
    return (specs[0].get("node") or {}).get("labels") or {}


def main(argv):
    a = flags(argv, ("project", "zone", "environment", "max-age-seconds", "records-uri", "run-id"),
              {"output-deleted-file": None})
    run, env, limit = run_id(a), ident(a, "environment"), num(a, "max-age-seconds", 60)
    bucket, prefix = gs(a["records-uri"], "records-uri")
    base = "%s/projects/%s/locations/%s/queuedResources" % (TPU, q(a["project"]), q(a["zone"]))
    found, page = [], ""
    while True:
        url = base + "?pageSize=100" + ("&pageToken=" + q(page) if page else "")
        body = jload(call("GET", url, what="listing queued resources")[1], "the queued resource list")
        found += body.get("queuedResources") or []
        page = body.get("nextPageToken")
        if not page:
            break
    now, deleted = time.time(), []
    for qr in found:
        labels, state = labels_of(qr), (qr.get("state") or {}).get("state")
        if labels.get("environment") != env or "run-id" not in labels or state == "DELETING":
            continue
        old = age(qr.get("createTime"), now)
        why = "it is " + state if state in GONE else "older than %ds" % limit if old and old > limit else None
        if not why:
            continue
        rid = str(qr.get("name", "")).rsplit("/", 1)[-1]
        if call("DELETE", "%s/%s?force=true" % (base, q(rid)), what="deleting queued resource " + rid, ok=(404,))[0] == 404:
            continue
        log("janitor: deleted %s queued resource %s of run %s: %s" % (state, rid, labels["run-id"], why))
        deleted.append({"queuedResource": rid, "state": state, "runId": labels["run-id"], "why": why})
    name = "/".join(x for x in (prefix, run + ".json") if x)
    record = {"runId": run, "environment": env, "seen": len(found), "deleted": deleted}
    url = "%s/upload/storage/v1/b/%s/o?uploadType=media&name=%s" % (STORAGE, bucket, q(name))
    call("POST", url, data=json.dumps(record, indent=2, sort_keys=True).encode(), what="recording gs://%s/%s" % (bucket, name))
    output(a, "deleted", deleted)
    log("janitor: %d of %d queued resources deleted; record gs://%s/%s" % (len(deleted), len(found), bucket, name))


if __name__ == "__main__":
    run(main)
