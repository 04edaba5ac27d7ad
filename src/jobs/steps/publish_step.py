from common import *  # embedded: common.py is prepended at synth
# publish step: records the run as models/<run-id>/run.json in the data lake (Cloud Storage media
# upload) and as the summary output: run id, result, checkpoint and model dirs, the TPU request sent,
# seconds spent waiting for capacity, attempts and the processed data.


def main(argv):
    a = flags(argv, ("run-id", "models-uri", "checkpoints-uri", "result", "request", "wait-seconds", "attempts",
                     "processed-uri"), {"output-summary-file": None})
    run = run_id(a)
    bucket, prefix = gs(a["models-uri"], "models-uri")
    gs(a["checkpoints-uri"], "checkpoints-uri")
    gs(a["processed-uri"], "processed-uri")
    summary = {
        "runId": run,
        "result": jflag(a, "result"),
        "checkpointDir": a["checkpoints-uri"].rstrip("/") + "/" + run,
        "modelDir": a["models-uri"].rstrip("/") + "/" + run,
        "tpuRequest": jflag(a, "request"),
        "waitSeconds": num(a, "wait-seconds"),
        "attempts": num(a, "attempts", 1),
        "processedData": a["processed-uri"],
    }
    name = "/".join(x for x in (prefix, run, "run.json") if x)
    url = "%s/upload/storage/v1/b/%s/o?uploadType=media&name=%s" % (STORAGE, bucket, q(name))
    data = json.dumps(summary, indent=2, sort_keys=True).encode()
    call("POST", url, data=data, what="uploading gs://%s/%s" % (bucket, name))
    output(a, "summary", summary)
    log("published gs://%s/%s" % (bucket, name))


if __name__ == "__main__":
    run(main)
