import { VERTEX_TASK_LOGS } from '../../src/catalog';

const onTasks = `resource.type="${VERTEX_TASK_LOGS.resourceType}"`;

/**
 * Log queries for training runs. They match lines this project's own step programs print
 * (src/jobs/steps), so they live here, not in the catalog: every failure ends with one stderr line
 * starting `error: ` (common.py); train_step.py says `queued resource <id> FAILED waiting for
 * capacity` when a request failed before it was ever ACTIVE, and reports states, preemptions and the
 * outcome; janitor_step.py says `janitor: deleted ACTIVE ...` when it removed a billed, stranded
 * request. Change a line there and change its query here.
 */
export const TRAINING_LOG_FILTERS = {
  stepFailed: `${onTasks} severity>=ERROR textPayload=~"^error: "`,
  capacityWait: `${onTasks} textPayload:"FAILED waiting for capacity"`,
  janitorDeletedActive: `${onTasks} textPayload:"janitor: deleted ACTIVE"`,
  runProgress: `${onTasks} textPayload=~"^(queued resource |preempted|run |error: )"`,
} as const;
