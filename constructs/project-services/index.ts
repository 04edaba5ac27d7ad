/** The project services concern: the Google APIs a stack enables, and every resource waiting for its own. */
export { ProjectServices } from './project-services';
export type { ProjectServicesProps } from './project-services';
