/**
 * The web console's HTML shell. The behaviour lives in client.ts, bundled for the browser by
 * the build into dist/emulator/console.js and served beside this page.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>CloudBase emulator console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { --fg: #1d2129; --muted: #86909c; --line: #e5e6eb; --brand: #0052d9; --ok: #2ba471; --bad: #d54941; --warn: #e37318; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 -apple-system, "PingFang SC", "WenQuanYi Micro Hei", sans-serif; color: var(--fg); background: #f3f4f7; }
  header { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 16px; margin: 0; white-space: nowrap; }
  header .clock { margin-left: auto; color: var(--muted); white-space: nowrap; }
  header .notice { max-width: 40%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #tools { display: flex; gap: 6px; }
  nav { display: flex; gap: 4px; padding: 0 20px; background: #fff; border-bottom: 1px solid var(--line); }
  nav button { border: 0; background: none; padding: 10px 12px; cursor: pointer; color: var(--muted); border-bottom: 2px solid transparent; white-space: nowrap; }
  nav button.active { color: var(--brand); border-bottom-color: var(--brand); }
  main { padding: 16px 20px; }
  section { background: #fff; border-radius: 8px; padding: 16px; margin-bottom: 16px; min-width: 0; }
  h2 { font-size: 15px; margin: 0 0 12px; }
  h3 { font-size: 12px; margin: 0 0 4px; color: var(--muted); font-weight: 500; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 500; white-space: nowrap; }
  td.actions { white-space: nowrap; width: 1%; }
  td.id { font-family: ui-monospace, Menlo, monospace; font-size: 12px; white-space: nowrap; width: 1%; }
  pre { margin: 0; white-space: pre-wrap; word-break: break-all; max-height: 220px; overflow: auto; font-size: 12px; }
  button.action { border: 1px solid var(--brand); color: var(--brand); background: #fff; border-radius: 4px; padding: 2px 10px; cursor: pointer; margin-right: 6px; white-space: nowrap; }
  button.action.danger { border-color: var(--bad); color: var(--bad); }
  .ok { color: var(--ok); } .bad { color: var(--bad); } .muted { color: var(--muted); } .small { font-size: 12px; }
  p.small { margin: -8px 0 10px; }
  .row { display: flex; gap: 8px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
  .row:last-child { margin-bottom: 0; }
  .field { display: inline-flex; gap: 6px; align-items: center; }
  input, select, textarea { padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
  input[data-field="filter"], input[data-field="sort"], textarea { font-family: ui-monospace, Menlo, monospace; font-size: 12px; }
  textarea { width: 100%; display: block; margin-bottom: 8px; }
  .split { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 16px; align-items: start; }
  ul.list { list-style: none; margin: 0; padding: 0; }
  ul.list li { display: flex; justify-content: space-between; padding: 4px 8px; border-radius: 4px; }
  ul.list li.selected { background: #ecf2fe; }
  ul.list a { color: var(--fg); text-decoration: none; }
  ul.list li.selected a { color: var(--brand); font-weight: 500; }
  .editor { min-width: 0; }
  .pager { margin: 12px 0 0; }
  tr.detail-row > td { background: #f7f8fa; }
  .details { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px; }
  .details .stack { display: grid; gap: 12px; align-content: start; min-width: 0; }
  .block { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-width: 0; }
  .logs { font-family: ui-monospace, Menlo, monospace; font-size: 12px; max-height: 220px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
  .log.warn { color: var(--warn); } .log.error { color: var(--bad); }
  img.thumb { max-width: 96px; max-height: 96px; border: 1px solid var(--line); border-radius: 4px; display: block; background: #fff; }
</style>
</head>
<body>
<header><h1>CloudBase emulator</h1><span id="env" class="muted"></span><span id="notice" class="notice"></span><span class="clock" id="clock"></span><span id="tools"></span></header>
<nav id="tabs"></nav>
<main id="view"><p class="muted">Loading…</p></main>
<script src="/_emulator/ui/console.js"></script>
</body>
</html>`;
