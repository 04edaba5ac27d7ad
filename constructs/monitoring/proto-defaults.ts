/**
 * Google APIs built on proto3 leave a field out of their JSON when it holds its type's default: 0,
 * false, "", an empty list or map, or an enum's zero value (`*_UNSPECIFIED` by Google's API rules).
 * `google_monitoring_dashboard` (provider 6.50) compares the configured `dashboard_json` with what the
 * API returns, ignoring only keys the API adds: a key the configuration sets to a default (a tile's
 * `"xPos": 0`) is missing from the read-back JSON and shows as a change on every plan. Leaving such
 * keys out of the configuration means the same thing to the API and plans clean.
 *
 * Source: terraform-provider-google resource_monitoring_dashboard.go (monitoringDashboardDiffSuppress;
 * stripMonitoringDashboardZeroTilePositions in later releases); https://protobuf.dev/programming-guides/json/
 */

/** An enum's zero value, as Google APIs name it (AIP-126). */
const UNSPECIFIED_ENUM = /^[A-Z][A-Z0-9_]*_UNSPECIFIED$/;

/** Whether the API would leave a field holding `value` out of its JSON. */
export function isProtoDefault(value: unknown): boolean {
  if (value === 0 || value === false || value === '') return true;
  if (typeof value === 'string') return UNSPECIFIED_ENUM.test(value);
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * A copy of a proto3 JSON object without the fields that hold a default, at every depth. Items of a
 * list are kept (a repeated field keeps its zeros); message items are cleaned the same way. An empty
 * object is kept: a set message field is not a default (e.g. `"blank": {}`).
 */
export function omitProtoDefaults<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => omitProtoDefaults(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isProtoDefault(v)) out[key] = omitProtoDefaults(v);
  }
  return out as T;
}
