from common import *  # embedded: common.py is prepended at synth
# preprocess step: runs this run's Dataproc Serverless preprocessing batch and waits for it.
# Sends the --batch-request body (the schedule's batches.create body) as batch pre-<run-id>, with
# --version=<run-id> appended to pysparkBatch.args; a 409 (the batch exists: a retried task) waits for
# that batch. Output processed-uri: <the batch's --output>/<run-id>.

DONE, FAILED = ("SUCCEEDED",), ("FAILED", "CANCELLED")


def main(argv):
    a = flags(argv, ("project", "region", "batch-request", "run-id"),
              {"poll-seconds": "30", "output-processed-uri-file": None})
    run, poll = run_id(a), num(a, "poll-seconds")
    body = jflag(a, "batch-request")
    spark = body.get("pysparkBatch")
    args = spark.get("args") if isinstance(spark, dict) else None
    if not isinstance(args, list):
        raise Fail("--batch-request has no pysparkBatch.args list")
    outs = [x for x in args if isinstance(x, str) and x.startswith("--output=")]
    if len(outs) != 1:
        raise Fail("--batch-request needs one --output=gs://... in pysparkBatch.args, found %d" % len(outs))
    gs(outs[0][9:], "batch-request --output")
    processed = outs[0][9:].rstrip("/") + "/" + run
    args[:] = [x for x in args if not (isinstance(x, str) and x.startswith("--version="))] + ["--version=" + run]
    bid = "pre-" + run
    base = "%s/projects/%s/locations/%s/batches" % (DATAPROC, ident(a, "project"), ident(a, "region"))
    status, _ = call("POST", base + "?batchId=" + bid, body, "creating Dataproc batch " + bid, ok=(409,))
    log("Dataproc batch %s %s" % (bid, "already exists (a retried task): waiting for it" if status == 409 else "created"))
    seen = None
    while True:
        what = "reading Dataproc batch " + bid
        batch = jload(call("GET", base + "/" + bid, what=what)[1], what)
        state = batch.get("state")
        if state != seen:
            log("Dataproc batch %s: %s" % (bid, state))
            seen = state
        if state in DONE:
            break
        if state in FAILED:
            raise Fail("Dataproc batch %s %s: %s" % (bid, state, batch.get("stateMessage") or "no stateMessage"))
        sleep(poll)
    output(a, "processed-uri", processed)
    log("processed data: " + processed)


if __name__ == "__main__":
    run(main)
