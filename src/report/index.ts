/** Renderers of analysis results (DESIGN.md §2): pure functions, result → string. */
export { renderText, type TextReportOptions } from './terminal.js';
export { renderJson, toJsonReport, JSON_SCHEMA_VERSION } from './json.js';
export { renderJunit } from './junit.js';
export { layerOf, guideRef, type Layer } from './layers.js';
export { cleanExcerpt, countSeverities } from './text-util.js';
