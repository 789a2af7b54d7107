/** Files the lab API server leaves in the lab's run folder. */

/** PID of the server process (written by `startLabApiServer`, read by `stopLabApiServer`). */
export const PID_FILE = 'api-server.pid';
/** URL the server listens on (written by the server once listening). */
export const URL_FILE = 'api-server.url';
/** stdout/stderr of the server: one line per request. */
export const LOG_FILE = 'api-server.log';
