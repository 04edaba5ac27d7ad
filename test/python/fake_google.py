"""A local fake of the Google APIs the pipeline step programs call, for tests (standard library only).

One http.server.ThreadingHTTPServer on 127.0.0.1 (port 0) serves, under separate prefixes so a step
that ignores its endpoint variable fails:
  /metadata  the metadata server's token endpoint
             GET /computeMetadata/v1/instance/service-accounts/default/token with `Metadata-Flavor:
             Google` -> {"access_token", "expires_in", "token_type": "Bearer"}
             (https://cloud.google.com/compute/docs/access/authenticate-workloads#applications)
  /tpu       Cloud TPU API v2: projects.locations.queuedResources create / get / delete and nodes.get
             (https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.queuedResources,
             .../rest/v2/projects.locations.nodes). create and delete answer a google.longrunning
             Operation; get answers a QueuedResource whose `state` is a QueuedResourceState
             {"state": ..., "<state>Data": {}, "failedData": {"error": google.rpc.Status}}
             (proto google.cloud.tpu.v2 in npm @google-cloud/tpu, build/protos/protos.json).
             multisliceParams nodes are named <nodeIdPrefix>-<i> (MultisliceParams reference).
  /dataproc  Dataproc v1 projects.locations.batches create (?batchId=, 409 ALREADY_EXISTS when taken,
             answers an Operation) and get (a Batch with state, stateMessage, stateTime)
             (https://cloud.google.com/dataproc-serverless/docs/reference/rest/v1/projects.locations.batches).
  /gcs       Cloud Storage JSON API: objects.get with alt=media (the object's bytes) and the media
             upload POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name= (answers the object
             resource) (https://cloud.google.com/storage/docs/json_api/v1/objects/get, .../objects/insert).
Errors use Google's body {"error": {"code", "message", "status"}} (https://cloud.google.com/apis/design/errors).

Scripting: `script_queued(id, steps)` / `script_batch(id, steps)` give the states successive GETs see
(the last one repeats); a step is a state name or a dict with "state" and optionally "message"
(failedData / stateMessage), "put" {(bucket, object): JSON value} (written when the step is served) and
"nodes" {node id: node state}. `inject(method, path_regex, status, times)` makes matching requests fail
(status "reset" drops the connection). Every request is recorded in `requests`.
"""

import json
import re
import socket
import struct
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
          409: "ALREADY_EXISTS", 412: "FAILED_PRECONDITION", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
          502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
TIME = "2026-12-01T10:00:00.000000Z"
TOKEN = "ya29.fake-token"


# QueuedResourceState's oneof state_data members (WAITING_FOR_RESOURCES has none in v2).
STATE_DATA = {s: s.lower() + "Data" for s in ("CREATING", "ACCEPTED", "PROVISIONING", "FAILED", "DELETING", "ACTIVE",
                                               "SUSPENDING", "SUSPENDED")}


class ApiError(Exception):
    """An error answer. Cloud Storage's JSON API answers {"code", "message", "errors"} without "status"."""

    def __init__(self, code, message, status=None, storage=False):
        super().__init__(message)
        self.body = {"code": code, "message": message}
        if storage:
            self.body["errors"] = [{"message": message, "domain": "global", "reason": "notFound" if code == 404 else "invalid"}]
        else:
            self.body["status"] = status or STATUS.get(code, "UNKNOWN")
        self.code = code


class FakeGoogle:
    def __init__(self):
        self.lock = threading.RLock()
        self.requests = []
        self.queued = {}  # id -> {"body", "steps", "deleting", "force"}
        self.queued_scripts = {}
        self.batches = {}  # id -> {"body", "steps", "uuid"}
        self.batch_scripts = {}
        self.objects = {}  # (bucket, name) -> bytes
        self.node_states = {}
        self.errors = []  # [method, regex, status, times, message]
        self.delete_polls = 1  # GETs that still see DELETING after a DELETE
        self.list_page = 2  # entries per queuedResources.list page (small, so paging is tested)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.fake = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    # -- test API ---------------------------------------------------------------------------------
    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def env(self):
        return {"METADATA_URL": self.url + "/metadata/computeMetadata/v1", "TPU_API": self.url + "/tpu/v2",
                "DATAPROC_API": self.url + "/dataproc/v1", "STORAGE_API": self.url + "/gcs"}

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def script_queued(self, qid, steps):
        self.queued_scripts[qid] = list(steps)

    def script_batch(self, bid, steps):
        self.batch_scripts[bid] = list(steps)

    def add_batch(self, project, region, bid, steps, body=None):
        """A batch that exists before the test (e.g. created by an earlier try of the task)."""
        with self.lock:
            self.batches[bid] = {"body": body or {}, "steps": list(steps), "uuid": str(uuid.uuid4()),
                                 "name": "projects/%s/locations/%s/batches/%s" % (project, region, bid), "last": None}

    def put_object(self, bucket, name, value):
        self.objects[(bucket, name)] = value if isinstance(value, bytes) else json.dumps(value).encode()

    def inject(self, method, path_regex, status, times=1, message=None):
        self.errors.append([method, re.compile(path_regex), status, times, message])

    def calls(self, method=None, path_regex=""):
        with self.lock:
            return [r for r in self.requests if (method is None or r["method"] == method) and re.search(path_regex, r["path"])]

    # -- serving ----------------------------------------------------------------------------------
    def handle(self, h):
        split = urllib.parse.urlsplit(h.path)
        path, query = split.path, dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw) if raw and "json" in (h.headers.get("Content-Type") or "") else raw
        except ValueError:
            body = raw
        with self.lock:
            self.requests.append({"method": h.command, "path": urllib.parse.unquote(path), "raw_path": path,
                                  "query": query, "body": body, "raw": raw, "headers": dict(h.headers)})
            injected = next((e for e in self.errors if e[0] == h.command and e[3] > 0 and e[1].search(path)), None)
            if injected:
                injected[3] -= 1
        try:
            if injected and injected[2] == "reset":
                h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                h.close_connection = True
                return
            if injected:
                raise ApiError(injected[2], injected[4] or "injected %s error" % injected[2])
            if path.startswith("/metadata/"):
                return self._metadata(h, path)
            if h.headers.get("Authorization") != "Bearer " + TOKEN:
                raise ApiError(401, "Request had invalid authentication credentials.")
            with self.lock:
                for prefix, serve in (("/tpu/v2/", self._tpu), ("/dataproc/v1/", self._dataproc), ("/gcs/", self._gcs)):
                    if path.startswith(prefix):
                        return serve(h, h.command, path[len(prefix) - 1:], query, body, raw)
            raise ApiError(404, "no such API path: " + path)
        except ApiError as e:
            self._json(h, e.code, {"error": e.body})

    def _json(self, h, code, value, headers=()):
        self._send(h, code, json.dumps(value).encode(), "application/json; charset=UTF-8", headers)

    def _send(self, h, code, data, ctype, headers=()):
        h.send_response(code)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _metadata(self, h, path):
        if path != "/metadata/computeMetadata/v1/instance/service-accounts/default/token":
            return self._send(h, 404, b"not found", "text/html")
        if h.headers.get("Metadata-Flavor") != "Google":
            return self._send(h, 403, b"Missing Metadata-Flavor:Google header.", "text/html")
        self._json(h, 200, {"access_token": TOKEN, "expires_in": 3599, "token_type": "Bearer"}, [("Metadata-Flavor", "Google")])

    @staticmethod
    def _operation(parent, metadata):
        return {"name": "%s/operations/operation-%s" % (parent, uuid.uuid4().hex[:12]), "metadata": metadata, "done": False}

    @staticmethod
    def _next(entry):
        """The entry's next scripted step as a dict; the last step repeats."""
        step = entry["steps"].pop(0) if len(entry["steps"]) > 1 else entry["steps"][0]
        return step if isinstance(step, dict) else {"state": step}

    def _apply(self, step):
        for (bucket, name), value in (step.get("put") or {}).items():
            self.put_object(bucket, name, value)
        self.node_states.update(step.get("nodes") or {})

    def _tpu(self, h, method, path, query, body, raw):
        m = re.fullmatch(r"/(projects/[^/]+/locations/[^/]+)/(queuedResources|nodes)(?:/([^/]+))?", path)
        if not m:
            raise ApiError(404, "no such TPU path")
        parent, kind, rid = m.groups()
        if kind == "nodes":
            return self._node(h, parent, rid)
        if method == "POST" and not rid:
            rid = query.get("queuedResourceId") or ""
            if not re.fullmatch(r"[a-z]([a-z0-9-]{0,61}[a-z0-9])?", rid):
                raise ApiError(400, "Invalid queued resource id: %r" % rid)
            if rid in self.queued:
                raise ApiError(409, "Resource '%s/queuedResources/%s' already exists" % (parent, rid))
            self.queued[rid] = {"body": body, "steps": self.queued_scripts.get(rid) or ["ACTIVE"], "parent": parent}
            meta = {"@type": "type.googleapis.com/google.cloud.tpu.v2.OperationMetadata", "createTime": TIME,
                    "target": "%s/queuedResources/%s" % (parent, rid), "verb": "create", "apiVersion": "v2"}
            return self._json(h, 200, self._operation(parent, meta))
        if method == "GET" and not rid:
            return self._list(h, parent, query)
        entry = self.queued.get(rid)
        if entry is None:
            raise ApiError(404, "Resource '%s/queuedResources/%s' was not found" % (parent, rid))
        name = "%s/queuedResources/%s" % (parent, rid)
        if method == "DELETE":
            state = entry.get("state")
            if query.get("force") != "true" and state in ("ACTIVE", "SUSPENDING", "SUSPENDED"):
                raise ApiError(400, "Cannot delete queued resource %s with existing nodes: use force" % name, "FAILED_PRECONDITION")
            entry["deleting"], entry["force"] = self.delete_polls, query.get("force") == "true"
            meta = {"@type": "type.googleapis.com/google.cloud.tpu.v2.OperationMetadata", "createTime": TIME,
                    "target": name, "verb": "delete", "apiVersion": "v2"}
            return self._json(h, 200, self._operation(parent, meta))
        if method != "GET":
            raise ApiError(400, "unsupported method")
        if "deleting" in entry:
            if entry["deleting"] <= 0:
                del self.queued[rid]
                raise ApiError(404, "Resource '%s' was not found" % name)
            entry["deleting"] -= 1
            step = {"state": "DELETING"}
        else:
            step = self._next(entry)
            self._apply(step)
        entry["state"] = step["state"]
        state = {"state": step["state"], "stateInitiator": "SERVICE"}
        if step["state"] in STATE_DATA:
            state[STATE_DATA[step["state"]]] = {}
        if step["state"] == "FAILED":
            state["failedData"] = {"error": {"code": 8, "message": step.get("message") or "failed"}}
        resource = {"name": name, "createTime": TIME, "state": state}
        resource.update({k: v for k, v in (entry["body"] or {}).items() if k not in ("name", "state", "createTime")})
        self._json(h, 200, resource)

    def _list(self, h, parent, query):
        """queuedResources.list: {"queuedResources": [...], "nextPageToken"}, LIST_PAGE entries a page, as they are."""
        ids = sorted(r for r, e in self.queued.items() if e["parent"] == parent and "deleting" not in e)
        start = int(query.get("pageToken") or 0)
        page = []
        for rid in ids[start:start + self.list_page]:
            e = self.queued[rid]
            first = e["steps"][0]
            state = e.get("state") or (first if isinstance(first, str) else first["state"])
            page.append(dict(e["body"] or {}, name="%s/queuedResources/%s" % (parent, rid),
                             createTime=e.get("createTime", TIME), state={"state": state}))
        out = {"queuedResources": page}
        if start + self.list_page < len(ids):
            out["nextPageToken"] = str(start + self.list_page)
        return self._json(h, 200, out)

    def add_queued(self, parent, rid, state, labels, create_time=TIME):
        """A request that exists before the test (the janitor's work), in a fixed state."""
        body = {"tpu": {"nodeSpec": [{"parent": parent, "nodeId": rid, "node": {"labels": labels}}]}}
        self.queued[rid] = {"body": body, "steps": [state], "parent": parent, "state": state, "createTime": create_time}

    def _node_ids(self, rid, entry):
        for spec in (entry["body"].get("tpu") or {}).get("nodeSpec") or []:
            multi = spec.get("multisliceParams") or {}
            if "nodeId" in spec:
                yield spec["nodeId"], spec
            else:
                for i in range(int(multi.get("nodeCount") or 0)):
                    yield "%s-%d" % (multi.get("nodeIdPrefix") or rid, i), spec

    def _node(self, h, parent, nid):
        for rid, entry in self.queued.items():
            for node_id, spec in self._node_ids(rid, entry):
                if node_id == nid and entry.get("state") in ("ACTIVE", "SUSPENDING", "SUSPENDED"):
                    node = dict(spec.get("node") or {})
                    node.update(name="%s/nodes/%s" % (parent, nid), state=self.node_states.get(nid, "READY"),
                                queuedResource="%s/queuedResources/%s" % (entry["parent"], rid), createTime=TIME)
                    return self._json(h, 200, node)
        raise ApiError(404, "Resource '%s/nodes/%s' was not found" % (parent, nid))

    def _dataproc(self, h, method, path, query, body, raw):
        m = re.fullmatch(r"/(projects/[^/]+/locations/[^/]+)/batches(?:/([^/]+))?", path)
        if not m:
            raise ApiError(404, "no such Dataproc path")
        parent, bid = m.groups()
        if method == "POST" and not bid:
            bid = query.get("batchId") or ""
            if not re.fullmatch(r"[a-z0-9-]{4,63}", bid):
                raise ApiError(400, "Batch ID must be 4-63 characters of [a-z0-9-]: %r" % bid)
            if bid in self.batches:
                raise ApiError(409, "Already exists: Failed to create batch: Batch %s/batches/%s" % (parent, bid))
            entry = {"body": body, "steps": self.batch_scripts.get(bid) or ["PENDING", "RUNNING", "SUCCEEDED"],
                     "uuid": str(uuid.uuid4()), "name": "%s/batches/%s" % (parent, bid)}
            self.batches[bid] = entry
            meta = {"@type": "type.googleapis.com/google.cloud.dataproc.v1.BatchOperationMetadata", "batch": entry["name"],
                    "batchUuid": entry["uuid"], "createTime": TIME, "operationType": "BATCH"}
            return self._json(h, 200, self._operation(parent.replace("/locations/", "/regions/"), meta))
        entry = self.batches.get(bid)
        if method != "GET" or entry is None:
            raise ApiError(404, "Not found: Batch projects/.../batches/%s" % bid)
        step = self._next(entry)
        batch = dict(entry["body"] or {})
        batch.update(name=entry["name"], uuid=entry["uuid"], createTime=TIME, state=step["state"], stateTime=TIME,
                     creator="runner@example.iam.gserviceaccount.com")
        if step.get("message"):
            batch["stateMessage"] = step["message"]
        self._json(h, 200, batch)

    def _gcs(self, h, method, path, query, body, raw):
        m = re.fullmatch(r"/(upload/)?storage/v1/b/([^/]+)/o(?:/([^/]+))?", path)
        if not m:
            raise ApiError(404, "no such Cloud Storage path")
        upload, bucket, obj = m.groups()
        if upload and method == "POST" and not obj:
            if query.get("uploadType") != "media" or not query.get("name"):
                raise ApiError(400, "uploadType=media and name are required", storage=True)
            name = query["name"]
            self.objects[(bucket, name)] = raw
            return self._json(h, 200, {"kind": "storage#object", "id": "%s/%s/1" % (bucket, name), "name": name,
                                       "bucket": bucket, "generation": "1", "metageneration": "1", "size": str(len(raw)),
                                       "contentType": h.headers.get("Content-Type"), "timeCreated": TIME})
        if method != "GET" or not obj:
            raise ApiError(400, "unsupported Cloud Storage request", storage=True)
        name = urllib.parse.unquote(obj)
        if (bucket, name) not in self.objects:
            raise ApiError(404, "No such object: %s/%s" % (bucket, name), storage=True)
        data = self.objects[(bucket, name)]
        if query.get("alt") == "media":
            return self._send(h, 200, data, "application/octet-stream")
        self._json(h, 200, {"kind": "storage#object", "name": name, "bucket": bucket, "size": str(len(data))})


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            self.server.fake.handle(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the step went away (e.g. killed by a test) mid-answer

    do_POST = do_DELETE = do_GET
