/**
 * Preloaded into a CLI run (`node --import tsx --import bench/lib/rss-on-exit.ts …`) by
 * bench/hostile.ts: on exit, one line on stderr with the process's peak RSS, so that the figure
 * is the CLI's own, measured the way the user runs it. Under bench/lib/ so that `npm run bench`
 * does not take it for a benchmark.
 */
process.on('exit', () => {
  process.stderr.write(`\nbench-peak-rss-mb: ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
});
